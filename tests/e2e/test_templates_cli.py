"""Every template ``rgm template`` writes imports as written, in French and in English: written by
``rgm``, filled like a user would (values typed, drop-down choices), imported by ``rgm``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support.cli import run_rgm
from support.money_cli import eligible_case, rgm
from support.offices import Office, Offices

from reports.templates import DISBURSEMENT_COLUMNS, REGISTRATION_COLUMNS, header_label

LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def env(offices: Offices, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One office for the module (each test uses cases of its own)."""
    return offices.copy(Office(), tmp_path_factory.mktemp("templates"))


def _template(env: dict[str, str], kind: str, lang: str, path: Path) -> openpyxl.Workbook:
    out = rgm(env, "--lang", lang, "template", kind, "--out", str(path), user="rita")
    assert str(path) in out
    return openpyxl.load_workbook(path)


def _choices(book: openpyxl.Workbook, name: str) -> list[str]:
    lists = book["Listes"]
    column = next(c.column for c in lists[1] if c.value == name)
    return [
        str(r[0].value)
        for r in lists.iter_rows(min_row=2, min_col=column, max_col=column)
        if r[0].value is not None
    ]


def _fill(book: openpyxl.Workbook, rows: list[dict[str, Any]], path: Path) -> None:
    """Write ``rows`` (header text -> value) under the header row, as a user does."""
    ws = book.worksheets[0]
    columns = {c.value: c.column for c in ws[1]}
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=r, column=columns[header], value=value)
    book.save(path)


@pytest.mark.parametrize("lang", LANGS)
def test_the_registrations_template_imports_as_written(
    env: dict[str, str], tmp_path: Path, lang: str
) -> None:
    path = tmp_path / f"registrations-{lang}.xlsx"
    book = _template(env, "registrations", lang, path)
    label = {c.key: header_label(c, lang) for c in REGISTRATION_COLUMNS}
    _fill(
        book,
        [
            {
                label["source_ref"]: f"TPL-{lang}-1",
                label["family_name"]: "Diallo",
                label["given_names"]: "Awa",
                label["sex"]: _choices(book, "sex")[1],
                label["birth_date"]: dt.datetime(1990, 1, 2),
                label["nationality"]: "Mali",
                label["document_type"]: _choices(book, "documents")[0],
                label["phone"]: "76 12 34 56",
                label["returned_from"]: _choices(book, "countries")[0],
                label["arrival_date"]: dt.datetime(2025, 3, 1),
                label["household_size"]: 3,
                label["consent_date"]: _choices(book, "yes_no")[0],
            },
            {
                label["source_ref"]: f"TPL-{lang}-2",
                label["family_name"]: "KEITA",
                label["given_names"]: "Moussa",
                label["sex"]: _choices(book, "sex")[0],
                label["birth_date"]: "vers 1985" if lang == "fr" else "about 1985",
                label["nationality"]: "Mali",
                label["consent_date"]: dt.datetime(2025, 2, 1),
            },
        ],
        path,
    )
    out = rgm(env, "import", "registrations", str(path), "--json", user="rita")
    summary = json.loads(out.splitlines()[-1])
    assert summary["imported"] == 2 and summary["refused"] == 0, out


@pytest.mark.parametrize("lang", LANGS)
def test_the_disbursements_template_imports_as_written(
    env: dict[str, str], tmp_path: Path, lang: str
) -> None:
    case = eligible_case(env, f"TPL-D-{lang}", family_name=f"Disbursement{lang}")
    rgm(env, "grant", case, "--item", "HOUS:300000", user="rita")
    rgm(env, "grant", "approve", case, user="abdou")
    rgm(env, "agreement", case, "--out", str(tmp_path / "a.pdf"), user="rita")
    rgm(env, "case", "sign", case, user="rita")
    path = tmp_path / f"disbursements-{lang}.xlsx"
    book = _template(env, "disbursements", lang, path)
    label = {c.key: header_label(c, lang) for c in DISBURSEMENT_COLUMNS}
    methods = _choices(book, "methods")
    today = dt.datetime.combine(dt.date.today(), dt.time())
    _fill(
        book,
        [
            {
                label["case_number"]: case,
                label["instalment"]: 1,
                label["paid_on"]: today,
                label["amount"]: 100000,
                label["currency"]: "XOF",
                label["method"]: methods[0],  # cash
                label["receipt_ref"]: f"TPL-{lang}-R1",
            },
            {
                label["case_number"]: case,
                label["instalment"]: 1,
                label["paid_on"]: today,
                label["amount"]: "50 000",
                label["currency"]: "XOF",
                label["method"]: methods[1],  # mobile money
                label["receipt_ref"]: f"TPL-{lang}-R2",
            },
        ],
        path,
    )
    out = rgm(env, "import", "disbursements", str(path), "--json", user="fanta")
    summary = json.loads(out.splitlines()[-1])
    assert summary["imported"] == 2 and summary["written"], out
    shown = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))
    assert [p["amount"] for p in shown["payments"]] == ["100000", "50000"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_decisions_template_imports_as_written(
    env: dict[str, str], tmp_path: Path, lang: str
) -> None:
    out = rgm(
        # One person per language (the same person twice would wait for the duplicate check).
        env, "register", "--family-name", f"Decision{lang}", "--given-names",
        {"fr": "Fanta", "en": "Awa"}[lang], "--sex", "F", "--birth-date",
        {"fr": "1990", "en": "1971"}[lang], "--nationality", "Mali", "--source-ref", f"TPL-R-{lang}",
        user="rita",
    )  # fmt: skip
    case = out.split()[2]
    path = tmp_path / f"decisions-{lang}.xlsx"
    book = _template(env, "decisions", lang, path)
    headers = [c.value for c in book.worksheets[0][1]]
    yes = "oui" if lang == "fr" else "yes"
    row = dict.fromkeys(headers[-8:-2], yes)  # the checklist
    row[headers[-8]] = "pièce" if lang == "fr" else "document"  # nationality verified, and how
    row.update({headers[0]: case, headers[-2]: _choices(book, "decisions")[0], headers[-1]: "ok"})
    _fill(book, [row], path)
    out = rgm(env, "import", "decisions", str(path), "--json", user="abdou")
    summary = json.loads(out.splitlines()[-1])
    assert summary["applied"] == 1 and summary["refused"] == 0, out
    assert json.loads(rgm(env, "case", "show", case, "--json", user="abdou"))["state"] == "eligible"


def test_the_disbursement_import_names_each_cell_that_is_not_an_amount(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Issue #11: huge values, exponents and infinities in a payment list were an unexpected
    error; each is refused with its row, column and value, and nothing is written."""
    case = eligible_case(env, "TPL-D-bad", family_name="Badamount")
    rgm(env, "grant", case, "--item", "EDU:250000", user="rita")
    rgm(env, "grant", "approve", case, user="abdou")
    rgm(env, "agreement", case, "--out", str(tmp_path / "a.pdf"), user="rita")
    rgm(env, "case", "sign", case, user="rita")
    path = tmp_path / "bad.xlsx"
    book = _template(env, "disbursements", "en", path)
    label = {c.key: header_label(c, "en") for c in DISBURSEMENT_COLUMNS}
    today = dt.datetime.combine(dt.date.today(), dt.time())
    bad = [1e300, "1e5", "inf", "NaN", "99999999999999999999"]
    _fill(
        book,
        [
            {
                label["case_number"]: case,
                label["instalment"]: 1,
                label["paid_on"]: today,
                label["amount"]: amount,
                label["currency"]: "XOF",
                label["method"]: "Cash",
                label["receipt_ref"]: f"BAD-{i}",
            }  # fmt: skip
            for i, amount in enumerate(bad)
        ],
        path,
    )
    out = run_rgm(
        dict(env, RGM_PASSWORD="fanta-password-1"), "--user", "fanta", "import",
        "disbursements", str(path),
    )  # fmt: skip
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    # The refused rows on stderr, as for every kind of import.
    lines = [line for line in out.stderr.splitlines() if line.startswith("row ")]
    assert len(lines) == len(bad)
    shown_values = ["1e+300", "1e5", "inf", "NaN", "9999"]
    for row, (line, shown) in enumerate(zip(lines, shown_values, strict=True), start=2):
        assert line.startswith(f"row {row} ({case}), Amount / Montant, '{shown}"), line
        assert "is not an amount" in line, line
    assert json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))["payments"] == []
