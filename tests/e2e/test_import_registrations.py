"""rgm import registrations and rgm template, run as a user or a script would."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from support.cli import cli_env, run_rgm
from support.offices import REGISTRAR_ONLY, Offices

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "field-registrations-kayes.xlsx"


def rgm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, "admin-secret-1")


def test_import_sample_all_or_nothing_then_skip_invalid(offices: Offices, tmp_path: Path) -> None:
    env = dict(offices.copy(REGISTRAR_ONLY, tmp_path), RGM_PASSWORD="rita-secret-1")

    # With refused rows: exit 1, a JSON summary, nothing written.
    out = rgm(env, "--user", "rita", "import", "registrations", str(SAMPLE), "--json")
    assert out.returncode == 1, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["rows"], summary["refused"], summary["written"]) == (173, 8, False)
    assert len(out.stderr.strip().splitlines()) == 1 and "--skip-invalid" in out.stderr

    # Dry run: counts what would happen, writes nothing, and ends as the real run would (the one
    # exit rule of rgm import: refused rows not left out give 1); with --skip-invalid, 0.
    out = rgm(env, "--user", "rita", "import", "registrations", str(SAMPLE), "--dry-run", "--json")
    assert out.returncode == 1, out.stderr
    assert "nothing would be imported" in out.stderr
    assert json.loads(out.stdout)["imported"] == 165
    out = rgm(env, "--user", "rita", "import", "registrations", str(SAMPLE), "--dry-run",
              "--skip-invalid")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Dry run: nothing was written (165 rows would be imported)." in out.stdout

    # Skip the refused rows, write them to a workbook to fix.
    report = tmp_path / "a-corriger.xlsx"
    out = rgm(env, "--user", "rita", "import", "registrations", str(SAMPLE), "--skip-invalid",
              "--report", str(report), "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["imported"], summary["refused"], summary["already_present"]) == (165, 8, 0)
    assert set(summary) >= {"possible_duplicates", "unknown_columns", "seconds"}
    assert openpyxl.load_workbook(report).active.max_row == 9

    # The same file again adds nothing.
    out = rgm(env, "--user", "rita", "import", "registrations", str(SAMPLE), "--skip-invalid",
              "--json")  # fmt: skip
    assert json.loads(out.stdout)["already_present"] == 165
    assert json.loads(out.stdout)["imported"] == 0


def test_bad_file_is_one_line_exit_2_in_french(env: dict[str, str], tmp_path: Path) -> None:
    assert (
        rgm(env, "init", "--office", "BKO", "--name", "Bureau", "--admin", "admin").returncode == 0
    )
    added = rgm(dict(env, RGM_NEW_PASSWORD="rita-secret-1"), "--user", "admin", "user", "add",
                "rita", "--role", "registrar")  # fmt: skip
    assert added.returncode == 0, added.stderr
    bad = tmp_path / "liste.xlsx"
    bad.write_text("Nom;Prénom\n", encoding="utf-8")
    rita = dict(env, RGM_PASSWORD="rita-secret-1")
    out = rgm(rita, "--lang", "fr", "--user", "rita", "import", "registrations", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "rgm: liste.xlsx n'est pas un classeur. Enregistrez-le au format classeur Excel (.xlsx) "
        "et réessayez."
    ]
    # A user who may not register is told so before the file is even read.
    out = rgm(env, "--lang", "fr", "--user", "admin", "import", "registrations", str(bad))
    assert out.returncode == 1
    assert "registrar" in out.stderr or "enregistr" in out.stderr, out.stderr
    assert "classeur" not in out.stderr


def test_template_command_writes_an_importable_template(
    env: dict[str, str], tmp_path: Path
) -> None:
    for kind in ("registrations", "disbursements", "decisions"):
        out_file = tmp_path / f"{kind}.xlsx"
        out = rgm(env, "--lang", "fr", "template", kind, "--out", str(out_file))
        assert out.returncode == 0, out.stderr
        assert openpyxl.load_workbook(out_file).active["A1"].value
    first = openpyxl.load_workbook(tmp_path / "registrations.xlsx").active["B1"].value
    assert first == "Nom / Family name"
