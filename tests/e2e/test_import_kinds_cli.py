"""``rgm import KIND``: one handler, the same options and the same error workbook for every kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from support.cli import run_rgm
from support.money_cli import rgm
from support.offices import Office, Offices
from support.workbooks import write_xlsx

from reports.imports.error_workbook import REASONS_LABEL, ROW_LABEL


def _options(env: dict[str, str], kind: str) -> str:
    out = run_rgm(env, "import", kind, "--help")
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_every_kind_takes_the_shared_options_and_writes_the_same_report(
    offices: Offices, tmp_path: Path
) -> None:
    env = offices.copy(Office(), tmp_path)  # rita, abdou and fanta
    for kind in ("registrations", "disbursements", "decisions"):
        usage = _options(env, kind)
        for option in ("--dry-run", "--report", "--json", "--sheet"):
            assert option in usage, (kind, option)
    assert "--skip-invalid" in _options(env, "disbursements")
    assert "--mapping" in _options(env, "registrations")

    rgm(env, "register", "--family-name", "KEITA", "--given-names", "Moussa", "--sex", "H",
        "--birth-date", "1994", "--nationality", "MLI", user="rita")  # fmt: skip

    # Decisions: an unknown decision is refused, named in the one error workbook.
    sheet = tmp_path / "review.xlsx"
    rgm(env, "export", "review-sheet", "--state", "registered", "--out", str(sheet), user="abdou")
    book = openpyxl.load_workbook(sheet)
    ws = book.worksheets[0]
    decision = next(c.column for c in ws[1] if str(c.value).lower().startswith("d"))
    ws.cell(2, decision, "peut-être")
    book.save(sheet)
    report = tmp_path / "decisions-refused.xlsx"
    out = run_rgm(dict(env, RGM_PASSWORD="abdou-password-1"), "--user", "abdou", "import",
                  "decisions", str(sheet), "--dry-run", "--report", str(report), "--json")  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout.splitlines()[-1])["refused"] == 1
    _assert_report(report, "peut-être")

    # Disbursements: a case that does not exist is refused, nothing written.
    pay = tmp_path / "paiements.xlsx"
    rgm(env, "template", "disbursements", "--out", str(pay))
    book = openpyxl.load_workbook(pay)
    for c, value in enumerate(["BKO-1999-999999", 1, "03/11/2026", 1000, "XOF", "cash", "R-1"]):
        book.worksheets[0].cell(2, c + 1, value)
    book.save(pay)
    report = tmp_path / "payments-refused.xlsx"
    out = run_rgm(dict(env, RGM_PASSWORD="fanta-password-1"), "--user", "fanta", "import",
                  "disbursements", str(pay), "--report", str(report), "--json")  # fmt: skip
    assert out.returncode == 1, out.stderr
    summary = json.loads(out.stdout.splitlines()[-1])
    assert (summary["refused"], summary["written"]) == (1, False)
    _assert_report(report, "R-1")
    out = run_rgm(dict(env, RGM_PASSWORD="fanta-password-1"), "--user", "fanta", "import",
                  "disbursements", str(pay), "--sheet", "Nowhere")  # fmt: skip
    assert out.returncode == 2 and "no sheet named Nowhere" in out.stderr, out.stderr
    sheet_name = openpyxl.load_workbook(pay).sheetnames[0]
    out = run_rgm(dict(env, RGM_PASSWORD="fanta-password-1"), "--user", "fanta", "import",
                  "disbursements", str(pay), "--sheet", sheet_name, "--json")  # fmt: skip
    assert json.loads(out.stdout.splitlines()[-1])["refused"] == 1

    # One ending for every kind: the refused rows on stderr, one summary line on stdout, and
    # the exit status of the real run, for a dry run too; refused rows left out as asked: 0.
    fanta = dict(env, RGM_PASSWORD="fanta-password-1")
    for extra, code in (((), 1), (("--dry-run",), 1), (("--skip-invalid",), 0),
                        (("--dry-run", "--skip-invalid"), 0)):  # fmt: skip
        out = run_rgm(fanta, "--user", "fanta", "import", "disbursements", str(pay), *extra)
        assert out.returncode == code, (extra, out.stderr)
        written = "imported" if extra == ("--skip-invalid",) else "valid"
        assert out.stdout.startswith(f"1 rows: 0 {written}, 1 refused"), (extra, out.stdout)
        assert "row 2 (BKO-1999-999999), " in out.stderr and "row 2" not in out.stdout
    out = run_rgm(dict(env, RGM_PASSWORD="abdou-password-1"), "--user", "abdou", "import",
                  "decisions", str(sheet))  # fmt: skip
    assert out.returncode == 1 and "the others were applied" in out.stderr, out.stderr
    assert "row 2" in out.stderr and "valid, 1 refused" in out.stdout


# The one refusal line of every kind: row (and the case it names), column, value as typed, reason.
LINE = re.compile(r"^row (?P<row>\d+)(?: \((?P<case>[^)]+)\))?, (?P<column>[^,]+), "
                  r"(?P<value>'.*'): (?P<reason>.+)$")  # fmt: skip


def test_every_kind_prints_its_refused_rows_in_the_same_line_shape(
    offices: Offices, tmp_path: Path
) -> None:
    env = offices.copy(Office(), tmp_path)
    rgm(env, "register", "--family-name", "KEITA", "--given-names", "Moussa", "--sex", "H",
        "--birth-date", "1994", "--nationality", "MLI", user="rita")  # fmt: skip
    registrations = write_xlsx(tmp_path / "terrain.xlsx", [
        ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Réf"],
        ["Sangaré", "Issa", "M", "02/03/1994", "Mali", "oui", "WZ-1"],
        ["Traoré", "Adama", "X?", "01/01/1991", "Mali", "oui", "WZ-3"],
    ])  # fmt: skip
    payments = tmp_path / "paiements.xlsx"
    rgm(env, "template", "disbursements", "--out", str(payments))
    book = openpyxl.load_workbook(payments)
    for c, value in enumerate(["BKO-1999-999999", 1, "03/11/2026", 1000, "XOF", "cash", "R-1"]):
        book.worksheets[0].cell(2, c + 1, value)
    book.save(payments)
    review = tmp_path / "review.xlsx"
    rgm(env, "export", "review-sheet", "--state", "registered", "--out", str(review), user="abdou")
    book = openpyxl.load_workbook(review)
    ws = book.worksheets[0]
    decision = next(c.column for c in ws[1] if str(c.value).lower().startswith("d"))
    ws.cell(2, decision, "peut-être")
    book.save(review)
    expected = {
        "registrations": ("rita", registrations, "3", None, "Sexe", "'X?'"),
        "disbursements": ("fanta", payments, "2", "BKO-1999-999999", None, "'BKO-1999-999999'"),
        "decisions": ("abdou", review, "2", "case", str(ws.cell(1, decision).value),
                      "'peut-être'"),
    }  # fmt: skip
    for kind, (user, path, row, case, column, value) in expected.items():
        for extra in ((), ("--dry-run",)):
            out = run_rgm(dict(env, RGM_PASSWORD=f"{user}-password-1"), "--user", user,
                          "import", kind, str(path), *extra)  # fmt: skip
            assert out.returncode == 1, (kind, out.stderr)
            lines = [line for line in out.stderr.splitlines() if line.startswith("row ")]
            assert len(lines) == 1, (kind, out.stderr)
            match = LINE.match(lines[0])
            assert match, (kind, lines[0])
            assert (match["row"], match["value"]) == (row, value), (kind, lines[0])
            assert (match["case"] is not None) == (case is not None), (kind, lines[0])
            if case not in (None, "case"):
                assert match["case"] == case, (kind, lines[0])
            if column is not None:
                assert match["column"] == column, (kind, lines[0])
            assert f"{match['column']}:" not in match["reason"], (kind, lines[0])  # said once


def _assert_report(path: Path, typed: str) -> None:
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][-2:] == (ROW_LABEL, REASONS_LABEL)
    assert len(rows) == 2 and typed in rows[1] and rows[1][-2] == 2 and rows[1][-1]
