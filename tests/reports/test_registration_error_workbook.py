"""The error workbook: refused rows as typed, reasons, highlighted cells, imports again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from support.workbooks import write_xlsx

from reports.imports.error_workbook import FAULT_FILL, write_error_workbook
from reports.registration_parse import parse_registrations

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = dt.date(2026, 11, 30)


def test_sample_error_workbook_lists_refused_rows_with_reasons(tmp_path: Path) -> None:
    result = parse_registrations(DATA / "field-registrations-kayes.xlsx", today=TODAY)
    out = write_error_workbook(result, tmp_path / "erreurs.xlsx", "fr")
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title == "À corriger"
    header = [c.value for c in ws[1]]
    assert header[:18] == [h for h in result.headers[:18]]
    assert header[18:] == [
        "Ligne d'origine / Original row",
        "Motifs du refus / Reasons for refusal",
    ]
    assert ws.max_row == 1 + 8
    rows = {r[18].value: r for r in ws.iter_rows(min_row=2)}
    assert sorted(rows) == [61, 88, 92, 98, 107, 151, 156, 165]
    wakanda = rows[156]
    assert wakanda[5].value == "Wakanda"  # as typed
    assert wakanda[5].fill.fgColor.rgb.endswith(FAULT_FILL.fgColor.rgb[-6:])
    assert wakanda[5].comment is not None and "pays inconnu" in wakanda[5].comment.text
    assert wakanda[19].value == "NATIONALITE : pays inconnu"
    assert wakanda[1].fill.fgColor.rgb != wakanda[5].fill.fgColor.rgb  # only faulty cells
    birth = rows[88][4]
    assert birth.value == "31/02/1990"
    assert "date inexistante" in rows[88][19].value


def test_error_workbook_in_english(tmp_path: Path) -> None:
    result = parse_registrations(DATA / "field-registrations-kayes.xlsx", today=TODAY)
    ws = openpyxl.load_workbook(write_error_workbook(result, tmp_path / "e.xlsx", "en")).active
    assert ws.title == "To fix"
    reasons = [r[19].value for r in ws.iter_rows(min_row=2)]
    assert "CONSENTEMENT: consent not given" in reasons


def test_fixed_error_workbook_imports_again(tmp_path: Path) -> None:
    result = parse_registrations(DATA / "field-registrations-kayes.xlsx", today=TODAY)
    out = write_error_workbook(result, tmp_path / "erreurs.xlsx", "fr")
    # Re-imported as it is: the same rows are refused again, the added columns are ignored.
    again = parse_registrations(out, today=TODAY)
    assert again.unknown_columns == [
        "Ligne d'origine / Original row",
        "Motifs du refus / Reasons for refusal",
    ]
    assert len(again.refused) == 8 and again.rows == []
    # The team fixes the cells and imports the file: every row passes.
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    fixes = {"CONSENTEMENT": "oui", "DATE NAISS.": "28/02/1990", "NB PERS. MENAGE": 3,
             "PRENOMS": "Awa", "SEXE": "F", "NATIONALITE": "Mali", "NOM": "Diallo"}  # fmt: skip
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for cell in row[:18]:
            if cell.fill.fgColor.rgb.endswith("FFC7CE"):
                cell.value = fixes[header[cell.column - 1]]
    wb.save(out)
    fixed = parse_registrations(out, today=TODAY)
    assert fixed.errors == [], [(e.excel_row, e.header, e.reason()) for e in fixed.errors]
    assert len(fixed.rows) == 8


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    headers = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Obs"]
    row = ['=HYPERLINK("http://x")', "Awa", "?", dt.date(1990, 1, 1), "Mali", "oui", "@SUM(1)"]
    source = write_xlsx(tmp_path / "f.xlsx", [headers, row])
    wb = openpyxl.load_workbook(source)
    wb.active["A2"].data_type = "s"  # typed text in the field file, not a formula
    wb.save(source)
    result = parse_registrations(source, today=TODAY)
    assert result.refused[0].raw[0] == '=HYPERLINK("http://x")'
    out = write_error_workbook(result, tmp_path / "e.xlsx", "en")
    ws = openpyxl.load_workbook(out).active
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    assert ws["G2"].value == "@SUM(1)" and ws["G2"].data_type == "s"
    assert ws["D2"].value == dt.datetime(1990, 1, 1)  # a date stays a date
