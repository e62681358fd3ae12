"""Values as field teams type them, read from real workbooks written by openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support.workbooks import write_xlsx

from reports.registration_parse import ParseResult, parse_registrations

TODAY = dt.date(2026, 1, 15)
HEADER = {
    "source_ref": "N° fiche",
    "family_name": "Nom",
    "given_names": "Prénom(s)",
    "sex": "Sexe",
    "birth_date": "Date de naissance",
    "nationality": "Nationalité",
    "country_of_origin": "Pays d'origine",
    "document_type": "Pièce",
    "document_number": "N° de pièce",
    "phone": "Téléphone",
    "returned_from": "Venant de",
    "arrival_date": "Date d'arrivée",
    "vulnerabilities": "Vulnérabilité",
    "household_size": "Nb pers. ménage",
    "consent_date": "Consentement",
    "notes": "Obs",
}
BASE: dict[str, Any] = {
    "source_ref": None,
    "family_name": "Diallo",
    "given_names": "Awa",
    "sex": "F",
    "birth_date": dt.date(1990, 1, 2),
    "nationality": "Mali",
    "country_of_origin": None,
    "document_type": "CNI",
    "document_number": "M123",
    "phone": None,
    "returned_from": "Libye",
    "arrival_date": dt.date(2025, 3, 1),
    "vulnerabilities": None,
    "household_size": 1,
    "consent_date": "oui",
    "notes": None,
}
EXCEL_SERIAL_1990_03_04 = (dt.date(1990, 3, 4) - dt.date(1899, 12, 30)).days

ACCEPTED: list[tuple[str, Any, str, Any]] = [
    # birth dates: Excel dates, typed text, bare year, "vers 1990"
    ("birth_date", dt.date(1990, 3, 4), "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", dt.datetime(1990, 3, 4, 0, 0), "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "04/03/1990", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "4/3/1990", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "04-03-1990", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "04.03.90", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "04.03.05", "birth_date", dt.date(2005, 3, 4)),
    ("birth_date", "1990-03-04", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", " 04/03/1990\u00a0", "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", EXCEL_SERIAL_1990_03_04, "birth_date", dt.date(1990, 3, 4)),
    ("birth_date", "04/03/1990", "birth_precision", "day"),
    ("birth_date", "1990", "birth_date", dt.date(1990, 1, 1)),
    ("birth_date", "1990", "birth_precision", "year"),
    ("birth_date", 1990, "birth_precision", "year"),
    ("birth_date", "vers 1990", "birth_date", dt.date(1990, 1, 1)),
    ("birth_date", "vers 1990", "birth_precision", "year"),
    ("birth_date", "VERS 1985", "birth_date", dt.date(1985, 1, 1)),
    ("birth_date", "about 1990", "birth_precision", "year"),
    ("birth_date", "xx/xx/1990", "birth_precision", "year"),
    # sex
    ("sex", "M", "sex", "M"),
    ("sex", "m", "sex", "M"),
    ("sex", "H", "sex", "M"),
    ("sex", "Homme", "sex", "M"),
    ("sex", "Masculin", "sex", "M"),
    ("sex", "Male", "sex", "M"),
    ("sex", "F", "sex", "F"),
    ("sex", "f", "sex", "F"),
    ("sex", "Femme", "sex", "F"),
    ("sex", "Féminin", "sex", "F"),
    ("sex", "FEMININ", "sex", "F"),
    ("sex", "Female", "sex", "F"),
    # countries, adjectives, ISO codes; origin defaults to nationality
    ("nationality", "Malienne", "nationality", "MLI"),
    ("nationality", "Ivoirien", "nationality", "CIV"),
    ("nationality", "cote divoire", "nationality", "CIV"),
    ("nationality", "Côte d’Ivoire", "nationality", "CIV"),
    ("nationality", "Guinée Conakry", "nationality", "GIN"),
    ("nationality", "Guinéenne", "nationality", "GIN"),
    ("nationality", "The Gambia", "nationality", "GMB"),
    ("nationality", "Gambie", "nationality", "GMB"),
    ("nationality", "Sierra Léone", "nationality", "SLE"),
    ("nationality", "Liberian", "nationality", "LBR"),
    ("nationality", "Sénégalaise", "nationality", "SEN"),
    ("nationality", "SEN", "nationality", "SEN"),
    ("nationality", "gn", "nationality", "GIN"),
    ("nationality", "Nigérienne", "nationality", "NER"),
    ("nationality", "Nigériane", "nationality", "NGA"),
    ("nationality", "Malienne", "country_of_origin", "MLI"),
    ("country_of_origin", "Guinée", "country_of_origin", "GIN"),
    ("returned_from", "Algeria", "returned_from", "DZA"),
    ("returned_from", "Algérie", "returned_from", "DZA"),
    # consent: yes forms take the import date, a date is kept
    ("consent_date", "Oui", "consent_date", TODAY),
    ("consent_date", "O", "consent_date", TODAY),
    ("consent_date", "OUI", "consent_date", TODAY),
    ("consent_date", "Yes", "consent_date", TODAY),
    ("consent_date", True, "consent_date", TODAY),
    ("consent_date", dt.date(2025, 5, 1), "consent_date", dt.date(2025, 5, 1)),
    ("consent_date", "01/05/2025", "consent_date", dt.date(2025, 5, 1)),
    # phones: E.164 with the nationality's country code
    ("phone", "+223 76 12 34 56", "phone", "+22376123456"),
    ("phone", "76 12 34 56", "phone", "+22376123456"),
    ("phone", "76.12.34.56", "phone", "+22376123456"),
    ("phone", 76123456, "phone", "+22376123456"),
    ("phone", 76123456.0, "phone", "+22376123456"),
    ("phone", "0022376123456", "phone", "+22376123456"),
    ("phone", 22376123456, "phone", "+22376123456"),
    ("phone", "76\u00a012\u00a034\u00a056", "phone", "+22376123456"),
    ("phone", "+225 07 07 12 34 56", "phone", "+2250707123456"),
    ("phone", "76123456 / 66123456", "phone", "+22376123456"),
    ("phone", "76123456 / 66123456", "notes", "66123456"),
    # numbers stored as text, spaces cleaned, names kept as typed
    ("source_ref", 12345.0, "source_ref", "12345"),
    ("source_ref", " BKO-1 ", "source_ref", "BKO-1"),
    ("document_number", 1234567.0, "document_number", "1234567"),
    ("family_name", "TRAORÉ", "family_name", "TRAORÉ"),
    ("family_name", "  Diallo\u00a0 ", "family_name", "Diallo"),
    ("given_names", "Awa   Sali", "given_names", "Awa Sali"),
    ("given_names", "awa\tsali", "given_names", "awa sali"),
    # documents
    ("document_type", "CNI", "document_type", "national_id"),
    ("document_type", "Carte d'identité", "document_type", "national_id"),
    ("document_type", "Passeport", "document_type", "passport"),
    ("document_type", "PASSPORT", "document_type", "passport"),
    ("document_type", "Carte consulaire", "document_type", "consular_card"),
    ("document_type", "Laissez-passer", "document_type", "laissez_passer"),
    ("document_type", "Acte de naissance", "document_type", "birth_certificate"),
    ("document_type", "Aucun", "document_type", "none"),
    ("document_type", "none", "document_type", "none"),
    ("document_type", None, "document_type", "other"),  # a number but no type
    # vulnerabilities: codes with any separator, French words
    ("vulnerabilities", "MED;PSY", "vulnerabilities", "MED PSY"),
    ("vulnerabilities", "psy, med", "vulnerabilities", "MED PSY"),
    ("vulnerabilities", "VOT/UAM", "vulnerabilities", "UAM VOT"),
    ("vulnerabilities", "MED PSY", "vulnerabilities", "MED PSY"),
    ("vulnerabilities", "médical", "vulnerabilities", "MED"),
    ("vulnerabilities", "Mineur non accompagné; handicap", "vulnerabilities", "UAM DIS"),
    ("vulnerabilities", "Aucune", "vulnerabilities", ""),
    ("vulnerabilities", None, "vulnerabilities", ""),
    # household size
    ("household_size", 3.0, "household_size", 3),
    ("household_size", "4", "household_size", 4),
    ("household_size", None, "household_size", 1),
]

REFUSED: list[tuple[str, Any, str]] = [
    ("family_name", None, "missing"),
    ("family_name", "1234", "not a name"),
    ("given_names", None, "missing"),
    ("given_names", "x" * 200, "too long"),
    ("sex", "X?", "not a sex"),
    ("sex", None, "missing"),
    ("birth_date", "31/02/1990", "no such date"),
    ("birth_date", "12/05/2031", "in the future"),
    ("birth_date", "1850", "before 1900"),
    ("birth_date", "hier", "not a date"),
    ("birth_date", None, "missing"),
    ("nationality", "Wakanda", "unknown country"),
    ("nationality", None, "missing"),
    ("country_of_origin", "Atlantide", "unknown country"),
    ("consent_date", "Non", "consent not given"),
    ("consent_date", "N", "consent not given"),
    ("consent_date", None, "consent missing"),
    ("consent_date", "peut-être", "not a consent"),
    ("consent_date", dt.date(2027, 1, 1), "in the future"),
    ("household_size", 0, "whole number"),
    ("household_size", "-3", "whole number"),
    ("household_size", 2.5, "whole number"),
    ("household_size", "deux", "whole number"),
    ("vulnerabilities", "FOO", "unknown vulnerability FOO"),
    ("vulnerabilities", "MED;XYZ", "unknown vulnerability XYZ"),
    ("document_type", "carte rose", "unknown document type"),
    ("phone", "abc", "not a phone number of Mali"),
    ("phone", "12", "not a phone number"),
    ("arrival_date", dt.date(1980, 1, 1), "before the date of birth"),
    ("arrival_date", "40/40/2025", "no such date"),
]


def _parse(tmp_path: Path, cases: list[tuple[str, Any]]) -> ParseResult:
    fields = list(HEADER)
    rows: list[list[Any]] = [["Fiches de la semaine"], [], [HEADER[f] for f in fields]]
    for number, (field, typed) in enumerate(cases):
        values = dict(BASE, source_ref=f"R{number}")
        if field == "document_type" and typed is None:
            values["document_number"] = "X1"
        values[field] = typed
        rows.append([values[f] for f in fields])
    path = write_xlsx(tmp_path / "values.xlsx", rows)
    return parse_registrations(path, today=TODAY)


def test_values_as_typed_are_read(tmp_path: Path) -> None:
    result = _parse(tmp_path, [(field, typed) for field, typed, _, _ in ACCEPTED])
    assert result.header_row == 3
    assert result.errors == [], [
        (e.excel_row, e.header, e.value, e.reason()) for e in result.errors
    ]
    by_row = {r.excel_row: r for r in result.rows}
    for number, (field, typed, key, expected) in enumerate(ACCEPTED):
        got = by_row[4 + number].values.get(key)
        assert got == expected, (field, typed, key, got)


def test_defaults_of_a_minimal_row(tmp_path: Path) -> None:
    result = _parse(tmp_path, [("notes", None)])
    values = result.rows[0].values
    assert values["country_of_origin"] == "MLI"  # the nationality
    assert values["household_size"] == 1
    assert values["vulnerabilities"] == ""
    assert values["birth_precision"] == "day"
    assert values["consent_date"] == TODAY


@pytest.mark.parametrize(("field", "typed", "reason"), REFUSED)
def test_refused_values(tmp_path: Path, field: str, typed: Any, reason: str) -> None:
    result = _parse(tmp_path, [(field, typed)])
    assert result.rows == []
    assert len(result.refused) == 1
    errors = [e for e in result.errors if e.field == field]
    assert errors, [(e.field, e.reason()) for e in result.errors]
    error = errors[0]
    assert error.excel_row == 4
    assert error.header == HEADER[field]
    assert error.value == typed or (isinstance(typed, int) and error.value == float(typed))
    assert reason in error.reason("en")
    assert error.reason("fr") != error.reason("en")  # translated


def test_several_errors_in_one_row_are_all_reported(tmp_path: Path) -> None:
    fields = list(HEADER)
    bad = dict(BASE, sex="?", nationality="Wakanda", household_size=-1, consent_date="non")
    path = write_xlsx(
        tmp_path / "many.xlsx", [[HEADER[f] for f in fields], [bad[f] for f in fields]]
    )
    result = parse_registrations(path, today=TODAY)
    assert sorted(e.field for e in result.errors) == [
        "consent_date",
        "household_size",
        "nationality",
        "sex",
    ]
    assert result.refused[0].raw[3] == "?"  # the original cells are kept for the error workbook


def test_source_reference_twice_in_a_file(tmp_path: Path) -> None:
    fields = list(HEADER)
    row = [dict(BASE, source_ref="BKO-7")[f] for f in fields]
    path = write_xlsx(tmp_path / "twice.xlsx", [[HEADER[f] for f in fields], row, row])
    result = parse_registrations(path, today=TODAY)
    assert [r.excel_row for r in result.rows] == [2]
    (error,) = result.errors
    assert (error.excel_row, error.field) == (3, "source_ref")
    assert "row 2" in error.reason()
