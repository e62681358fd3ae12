"""rgm import registrations with field data as it comes (#14): a KoboToolbox CSV re-saved by a
French Excel, the same again, a broken CSV, and an export of choice codes read with its XLSForm."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support.cli import run_rgm
from support.offices import REGISTRAR_ONLY, Offices

from tests.reports.test_field_formats import KOBO_HEADER, KOBO_ROWS, UUIDS, _csv, _xlsform


def rgm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args)


@pytest.fixture
def rita(offices: Offices, tmp_path: Path) -> dict[str, str]:
    """An office with one registrar, rita; signed in as her."""
    env = offices.copy(REGISTRAR_ONLY, tmp_path)
    return dict(env, RGM_PASSWORD="rita-secret-1")


def test_kobo_csv_imports_once_and_says_how_it_was_read(rita: dict[str, str], tmp_path: Path):
    export = _csv(tmp_path / "kobo.csv", [KOBO_HEADER, *KOBO_ROWS], "cp1252", ";")
    out = rgm(rita, "--user", "rita", "import", "registrations", str(export), "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["rows"], summary["imported"], summary["refused"]) == (2, 2, 0)
    assert summary["unknown_columns"] == []
    assert "read as Windows-1252" in summary["notices"][0]
    assert "read as Windows-1252" in out.stderr
    again = rgm(rita, "--user", "rita", "import", "registrations", str(export), "--json")
    assert again.returncode == 0, again.stderr
    assert (json.loads(again.stdout)["imported"], json.loads(again.stdout)["already_present"]) == (
        0,
        2,
    )
    # In French, the same file read in plain text output.
    out = rgm(rita, "--lang", "fr", "--user", "rita", "import", "registrations", str(export),
              "--dry-run")  # fmt: skip
    assert out.returncode == 0 and "lu comme Windows-1252" in out.stderr


def test_broken_csv_is_one_line_exit_2(rita: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "fiches.csv"
    broken.write_text(
        "Nom,Prénom,Sexe,Date de naissance,Nationalité,Consentement\n"
        "Traoré,Awa,F,1994,Mali,oui\n"
        'Koné,"Séré,M,1990,Mali,oui\n',
        encoding="utf-8",
    )
    out = rgm(rita, "--user", "rita", "import", "registrations", str(broken))
    assert out.returncode == 2
    (line,) = out.stderr.strip().splitlines()
    assert "fiches.csv, line 3: the quotes are not balanced" in line


def test_codes_export_with_its_xlsform(rita: dict[str, str], tmp_path: Path) -> None:
    form = _xlsform(tmp_path / "form.xlsx")
    export = _csv(tmp_path / "codes.csv",
                  [["q/q1", "q/q2", "q/q3", "q/q4", "q/q5", "q/q6", "q/q7", "_uuid"],
                   ["Traoré", "Awa", "2", "1994-03-12", "ml", "traite sante", "o", UUIDS[0]]],
                  "utf-8", ",")  # fmt: skip
    out = rgm(rita, "--user", "rita", "import", "registrations", str(export), "--json")
    assert out.returncode == 2 and "no header row" in out.stderr
    out = rgm(rita, "--user", "rita", "import", "registrations", str(export), "--form", str(form),
              "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["imported"] == 1


def test_xlsform_template_with_the_office_lists(rita: dict[str, str], tmp_path: Path) -> None:
    import openpyxl

    export = _csv(tmp_path / "kobo.csv",
                  [[*KOBO_HEADER, "retour/border_post"], *[[*r, "Gogui"] for r in KOBO_ROWS]],
                  "utf-8", ",")  # fmt: skip
    out = rgm(rita, "--user", "rita", "import", "registrations", str(export))
    assert out.returncode == 0, out.stderr
    blank = tmp_path / "blank.xlsx"
    out = rgm(rita, "template", "registrations", "--format", "xlsform", "--out", str(blank))
    assert out.returncode == 0, out.stderr  # no database needed, no user: no office lists
    office = tmp_path / "office.xlsx"
    out = rgm(rita, "--user", "rita", "template", "registrations", "--format", "xlsform",
              "--out", str(office))  # fmt: skip
    assert out.returncode == 0, out.stderr
    lists = {
        tuple(r[:3]) for r in openpyxl.load_workbook(office)["choices"].iter_rows(values_only=True)
    }
    assert ("border_post", "gogui", "Gogui") in lists
    assert not any(r[0] == "border_post" for r in
                   openpyxl.load_workbook(blank)["choices"].iter_rows(values_only=True))  # fmt: skip
    out = rgm(rita, "template", "decisions", "--format", "xlsform", "--out", str(blank))
    assert out.returncode == 2 and "XLSForm" in out.stderr


def test_the_sample_as_csv_then_as_workbook_adds_nothing(rita: dict[str, str]) -> None:
    data = Path(__file__).resolve().parents[1] / "data"
    out = rgm(rita, "--user", "rita", "import", "registrations",
              str(data / "field-registrations-kayes-libreoffice.csv"), "--skip-invalid",
              "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (json.loads(out.stdout)["imported"], json.loads(out.stdout)["refused"]) == (165, 8)
    out = rgm(rita, "--user", "rita", "import", "registrations",
              str(data / "field-registrations-kayes.xlsx"), "--skip-invalid", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (json.loads(out.stdout)["imported"], json.loads(out.stdout)["already_present"]) == (
        0,
        165,
    )
