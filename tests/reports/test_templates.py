"""Blank templates: bilingual headers the import recognises, drop-downs, a filled one imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from models.errors import Unusable
from reports.registration_fields import match_header
from reports.registration_parse import parse_registrations
from reports.templates import REGISTRATION_COLUMNS, write_template

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_registration_template_layout(tmp_path: Path, lang: str) -> None:
    path = write_template("registrations", tmp_path / "modele.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Enregistrements" if lang == "fr" else "Registrations",
        "Listes",
        "Lisez-moi - Read me",
    ]
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    first = "Nom / Family name" if lang == "fr" else "Family name / Nom"
    assert headers[1] == first
    assert [match_header(h) for h in headers] == [c.key for c in REGISTRATION_COLUMNS]
    assert ws["E2"].number_format == "DD/MM/YYYY"  # date of birth
    validations = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    assert validations["D2"].type == "list" and "Listes" in validations["D2"].formula1  # sex
    assert validations["F2"].type == "list"  # countries
    assert validations["P2"].type == "list"  # vulnerabilities
    assert validations["R2"].type == "list"  # consent yes/no
    lists = wb["Listes"]
    assert lists.sheet_state == "hidden"
    column = {c.value: c.column for c in lists[1]}
    countries = [r[0].value for r in lists.iter_rows(min_row=2, min_col=column["countries"],
                                                     max_col=column["countries"]) if r[0].value]  # fmt: skip
    assert ("Côte d'Ivoire" in countries) and (
        ("Gambie" if lang == "fr" else "The Gambia") in countries
    )
    readme = wb["Lisez-moi - Read me"]
    texts = " ".join(str(c.value) for row in readme.iter_rows() for c in row if c.value)
    assert "vers 1990" in texts and "about 1990" in texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_filled_template_imports_without_a_mapping(tmp_path: Path, lang: str) -> None:
    path = write_template("registrations", tmp_path / "modele.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lists = wb["Listes"]
    column = {c.value: c.column for c in lists[1]}

    def first_choice(name: str, index: int = 0) -> str:
        return str(lists.cell(row=2 + index, column=column[name]).value)

    country = "Mali"
    rows = [
        ["F-1", "Diallo", "Awa", first_choice("sex", 1), dt.date(1990, 1, 2), country, None,
         first_choice("documents"), "M123", "76 12 34 56", "Kayes", "Libye", "Gogui",
         dt.date(2025, 3, 1), "Centre Gao", first_choice("vulnerabilities", 2), 3,
         first_choice("yes_no"), None],
        ["F-2", "KEITA", "Moussa", first_choice("sex"), "vers 1985", first_choice("countries", 5),
         None, first_choice("documents", 5), None, None, None, None, None, None, None, None,
         None, dt.date(2025, 2, 1), "ok"],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    wb.save(path)
    result = parse_registrations(path, today=TODAY)
    assert result.errors == [], [(e.header, e.value, e.reason()) for e in result.errors]
    assert result.unknown_columns == []
    awa, moussa = (r.values for r in result.rows)
    assert awa["sex"] == "F" and awa["document_type"] == "national_id"
    assert awa["vulnerabilities"] == "MED" and awa["consent_date"] == TODAY
    assert awa["phone"] == "+22376123456"
    assert moussa["sex"] == "M" and moussa["birth_precision"] == "year"
    assert moussa["document_type"] == "none" and moussa["consent_date"] == dt.date(2025, 2, 1)


def test_disbursement_template(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_template("disbursements", tmp_path / "d.xlsx", "fr")).active
    headers = [c.value for c in ws[1]]
    assert headers[0] == "N° de dossier / Case number"
    assert "Mode de paiement / Method" in headers
    validations = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    method = headers.index("Mode de paiement / Method")
    assert validations[f"{chr(65 + method)}2"].type == "list"
    assert ws["C2"].number_format == "DD/MM/YYYY"


def test_decisions_template_has_the_review_sheet_columns(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template("decisions", tmp_path / "r.xlsx", "en"))
    ws = wb.active
    headers = [c.value for c in ws[1]]
    assert headers[0] == "Case number" and headers[-2:] == ["Decision", "Reason"]
    assert wb["_keys"].sheet_state == "hidden"
    assert [c.value for c in wb["_keys"][1]][-2:] == ["decision", "reason"]


def test_unknown_template(tmp_path: Path) -> None:
    with pytest.raises(Unusable, match="Unknown template payments"):
        write_template("payments", tmp_path / "x.xlsx", "en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_template_header_and_choice_is_read_by_its_import(tmp_path: Path, lang: str) -> None:
    """What a template writes, its import reads: headers, and every choice of its drop-downs."""
    from reports import review_sheet
    from reports.imports import decisions
    from reports.imports import disbursements as payments

    book = openpyxl.load_workbook(write_template("disbursements", tmp_path / "d.xlsx", lang))
    headers = [c.value for c in book.active[1]]
    assert payments.HEADERS.columns(headers) == {
        c.key: i for i, c in enumerate(payments.DISBURSEMENT_COLUMNS)
    }
    lists = book["Listes"]
    column = {c.value: c.column for c in lists[1]}

    def choices(name: str) -> list[str]:
        cells = lists.iter_rows(min_row=2, min_col=column[name], max_col=column[name])
        return [str(r[0].value) for r in cells if r[0].value is not None]

    from models.text import fold_words

    assert sorted({payments.METHODS[fold_words(m)] for m in choices("methods")}) == sorted(
        ("cash", "mobile_money", "bank", "supplier_payment")
    )
    assert {decisions._DECISIONS[fold_words(d)] for d in choices("decisions")} == {
        "eligible", "ineligible", "needs_information"
    }  # fmt: skip
    # A review sheet that lost its hidden keys is still read through its titles.
    book = openpyxl.load_workbook(write_template("decisions", tmp_path / "r.xlsx", lang))
    titles = [c.value for c in book.active[1]]
    keys = decisions._header_names().columns(titles)
    assert keys == {key: i for i, (key, _title) in enumerate(review_sheet.COLUMNS)}
