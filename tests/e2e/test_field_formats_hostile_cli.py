"""A hostile office at the command line (#14 review): the error report named as the file being
imported, and a CSV made of separators, each one line, the file left as it was."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from support.cli import run_rgm
from support.offices import REGISTRAR_ONLY, Offices

from tests.reports.test_field_formats import HEADER, ROWS, _csv, _xlsx


def rgm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args)


@pytest.fixture
def rita(offices: Offices, tmp_path: Path) -> dict[str, str]:
    """An office with one registrar, rita; signed in as her."""
    env = offices.copy(REGISTRAR_ONLY, tmp_path)
    return dict(env, RGM_PASSWORD="rita-secret-1")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_report_is_never_written_over_the_file_imported(rita, tmp_path, kind):
    # ROWS holds a refused row: the error workbook written over the field team's file would
    # leave only that row of it.
    source = tmp_path / f"fiches.{kind}"
    if kind == "xlsx":
        _xlsx(source, [HEADER, *ROWS])
        report = str(source)
    else:
        _csv(source, [HEADER, *ROWS], "utf-8", ",")
        (tmp_path / "link.xlsx").symlink_to(source)
        report = str(tmp_path / "link.xlsx")
    before = _digest(source)
    for lang, words in (("en", "is the file being read"), ("fr", "est le fichier lu")):
        out = rgm(rita, "--lang", lang, "--user", "rita", "import", "registrations", str(source),
                  "--report", report)  # fmt: skip
        assert out.returncode == 1 and words in out.stderr, out.stderr
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert _digest(source) == before
    # Another name: written, the source untouched.
    out = rgm(rita, "--user", "rita", "import", "registrations", str(source), "--report",
              str(tmp_path / "to-fix.xlsx"))  # fmt: skip
    assert out.returncode == 1 and (tmp_path / "to-fix.xlsx").is_file(), out.stderr
    assert _digest(source) == before


@pytest.mark.parametrize("kind", ["decisions", "disbursements"])
def test_every_import_kind_refuses_a_report_over_its_file(rita, tmp_path, kind):
    # The one handler checks --report for every kind before any work (#12).
    source = tmp_path / "list.xlsx"
    _xlsx(source, [HEADER, *ROWS])
    before = _digest(source)
    out = rgm(rita, "--user", "rita", "import", kind, str(source), "--report", str(source))
    assert out.returncode == 1 and "is the file being read" in out.stderr, out.stderr
    assert _digest(source) == before


def test_a_report_over_the_mapping_or_the_form_is_refused(rita, tmp_path):
    source = tmp_path / "fiches.xlsx"
    _xlsx(source, [HEADER, *ROWS])
    mapping = tmp_path / "map.xlsx"  # a name with the report's extension
    mapping.write_text("{}", encoding="utf-8")
    out = rgm(rita, "--user", "rita", "import", "registrations", str(source), "--mapping",
              str(mapping), "--report", str(mapping))  # fmt: skip
    assert out.returncode == 1 and "is the file being read" in out.stderr, out.stderr
    assert mapping.read_text(encoding="utf-8") == "{}"
