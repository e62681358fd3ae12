"""Finding the sheet and header row, mappings, the field sample, LibreOffice files, bad files."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from support.workbooks import soffice_convert, stream_sheet_rows, write_xlsx

from models.errors import Unusable
from models.jobs import Cancelled, Job
from reports.column_map import read_mapping
from reports.registration_parse import parse_registrations

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = dt.date(2026, 11, 30)
HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement"]
ROW = ["Diallo", "Awa", "F", dt.date(1990, 1, 2), "Mali", "oui"]


def test_field_sample_imports_with_its_refused_rows(tmp_path: Path) -> None:
    result = parse_registrations(DATA / "field-registrations-kayes.xlsx", today=TODAY)
    assert result.sheet == "Enregistrements"
    assert result.header_row == 4  # below two title rows and a blank one
    assert len(result.columns) == 18 and result.unknown_columns == []
    assert result.total_rows == 173
    refused = {e.excel_row: (e.header, e.value, e.reason()) for e in result.errors}
    assert refused == {
        61: ("CONSENTEMENT", "Non", "consent not given"),
        88: ("DATE NAISS.", "31/02/1990", "no such date"),
        92: ("NB PERS. MENAGE", "-3", "not a whole number of at least 1"),
        98: ("PRENOMS", None, "missing"),
        107: ("DATE NAISS.", "12/05/2031", "in the future"),
        151: ("SEXE", "X?", "not a sex (expected M/F, H/F, Homme/Femme, Male/Female)"),
        156: ("NATIONALITE", "Wakanda", "unknown country"),
        165: ("NOM", None, "missing"),
    }
    assert len(result.rows) == 165
    first = result.rows[0].values
    assert first["source_ref"] == "BKO-26000"
    assert first["nationality"] == "GIN"  # typed "Guinee"
    assert first["vulnerabilities"] == "MED PSY"
    assert first["household_size"] == 6
    by_ref = {r.values["source_ref"]: r.values for r in result.rows}
    assert by_ref["BKO-26001"]["phone"] == "+22385898419"
    assert by_ref["BKO-26001"]["family_name"] == "TRAORE"  # kept as typed
    assert by_ref["BKO-26169"]["birth_precision"] == "year"  # "vers 1977"
    assert by_ref["BKO-26169"]["birth_date"] == dt.date(1977, 1, 1)
    assert by_ref["BKO-26003"]["nationality"] == "CIV"


def test_libreoffice_workbook_from_csv(tmp_path: Path) -> None:
    csv = tmp_path / "terrain.csv"
    csv.write_text(
        "Rapport hebdomadaire,,,,,,,\n"
        ",,,,,,,\n"
        "NOM,PRENOMS,SEXE,DATE NAISS.,NATIONALITE,CONTACT,NB PERS. MENAGE,CONSENTEMENT\n"
        "KEITA,Moussa,H,15/03/1988,Malienne,76 12 34 56,3,OUI\n"
        "Camara,Fatoumata,Femme,vers 1992,Guinée Conakry,+224 621 12 34 56,1,O\n"
        "Sow,Ibrahima,X,1990,Sénégal,,2,oui\n",
        encoding="utf-8",
    )
    path = soffice_convert(csv, "xlsx", tmp_path / "lo")
    result = parse_registrations(path, today=TODAY)
    assert result.header_row == 3
    assert [r.excel_row for r in result.rows] == [4, 5]
    keita, camara = (r.values for r in result.rows)
    assert keita["family_name"] == "KEITA"
    assert keita["birth_date"] == dt.date(1988, 3, 15)  # LibreOffice may have made it a date
    assert keita["phone"] == "+22376123456"
    assert keita["household_size"] == 3
    assert camara["birth_precision"] == "year"
    assert camara["phone"] == "+224621123456"
    assert [(e.excel_row, e.field) for e in result.errors] == [(6, "sex")]


def test_header_row_found_in_the_second_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "two.xlsx",
        [["Notes de l'équipe"], ["Rien à signaler"]],
        title="Notes",
        extra_sheets={"Données": [["Liste des retours"], HEADER, ROW]},
    )
    result = parse_registrations(path, today=TODAY)
    assert (result.sheet, result.header_row, len(result.rows)) == ("Données", 2, 1)


def test_sheet_chosen_by_name(tmp_path: Path) -> None:
    other = ["Keita", "Moussa", "M", dt.date(1980, 5, 6), "Guinée", "oui"]
    path = write_xlsx(
        tmp_path / "two.xlsx", [HEADER, ROW], title="Janvier",
        extra_sheets={"Février": [HEADER, other]},
    )  # fmt: skip
    result = parse_registrations(path, sheet="Février", today=TODAY)
    assert result.rows[0].values["family_name"] == "Keita"
    with pytest.raises(Unusable, match="no sheet named Mars"):
        parse_registrations(path, sheet="Mars", today=TODAY)


def test_unknown_columns_are_listed_not_fatal(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "extra.xlsx",
        [[*HEADER, "Agent", "Colonne1"], [*ROW, "Moussa K.", "?"]],
    )
    result = parse_registrations(path, today=TODAY)
    assert result.unknown_columns == ["Agent", "Colonne1"]
    assert len(result.rows) == 1


def test_mapping_file_covers_unusual_headers(tmp_path: Path) -> None:
    headers = ["Patronyme", "Petit nom", "Sexe", "Né quand", "Pays du passeport", "Accord signé",
               "Agent"]  # fmt: skip
    path = write_xlsx(tmp_path / "odd.xlsx", [headers, [*ROW, "K."]])
    with pytest.raises(Unusable):  # only "Sexe" is known: no header row
        parse_registrations(path, today=TODAY)
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(
        json.dumps(
            {
                "Patronyme": "family_name",
                "petit  NOM": "given_names",  # matched like headers: case and spacing ignored
                "Né quand": "birth_date",
                "Pays du passeport": "nationality",
                "Accord signé": "consent_date",
                "Agent": "",  # ignored on purpose
            }
        ),
        encoding="utf-8",
    )
    result = parse_registrations(path, mapping=read_mapping(mapping_file), today=TODAY)
    assert result.unknown_columns == []
    assert result.rows[0].values["given_names"] == "Awa"
    assert result.rows[0].values["nationality"] == "MLI"


def test_mapping_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, ROW])
    with pytest.raises(Unusable, match="unknown field surname"):
        parse_registrations(path, mapping={"Nom": "surname"}, today=TODAY)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(Unusable, match="bad.json"):
        read_mapping(bad)


def test_no_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "chiffres.xlsx", [["Total", 12], ["Moyenne", 3]])
    with pytest.raises(Unusable) as caught:
        parse_registrations(path, today=TODAY)
    assert caught.value.exit_code == 2
    assert "chiffres.xlsx has no header row" in str(caught.value)


def test_header_below_row_20_is_not_searched(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "deep.xlsx", [*[[f"titre {n}"] for n in range(21)], HEADER, ROW])
    with pytest.raises(Unusable, match="no header row"):
        parse_registrations(path, today=TODAY)


def test_required_column_missing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "partial.xlsx", [HEADER[:4], ROW[:4]])
    with pytest.raises(Unusable) as caught:
        parse_registrations(path, today=TODAY)
    assert "Nationality" in str(caught.value) and "Consent" in str(caught.value)


def test_million_character_cell_refuses_its_row_only(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "base.xlsx", [HEADER, ROW])
    huge = "A" * 1_000_000
    row = (
        f'<row r="3"><c r="A3" t="inlineStr"><is><t>{huge}</t></is></c>'
        '<c r="B3" t="inlineStr"><is><t>Awa</t></is></c>'
        '<c r="C3" t="inlineStr"><is><t>F</t></is></c><c r="D3"><v>32874</v></c>'
        '<c r="E3" t="inlineStr"><is><t>Mali</t></is></c>'
        '<c r="F3" t="inlineStr"><is><t>oui</t></is></c></row>'
    )
    path = stream_sheet_rows(source, tmp_path / "huge.xlsx", [row])
    result = parse_registrations(path, today=TODAY)
    assert [r.excel_row for r in result.rows] == [2]
    (error,) = result.errors
    assert (error.excel_row, error.field) == (3, "family_name")
    assert "too long" in error.reason()


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "many.xlsx", [HEADER, *([ROW] * 5000)])
    from models.jobs import RecordingJob

    recorder = RecordingJob()
    result = parse_registrations(path, today=TODAY, job=recorder)
    seen = recorder.reports
    assert len(result.rows) == 5000
    assert seen[-1] == (5001, 5001)
    assert all(d <= t for d, t in seen) and len(seen) >= 3
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        parse_registrations(path, today=TODAY, job=job)


def test_long_run_of_empty_rows_between_data_does_not_stop_reading(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ROW,
        *([[None]] * 3000),
        ["Keita", "Moussa", "M", dt.date(1980, 1, 1), "Mali", "O"],
    ]
    path = write_xlsx(tmp_path / "gap.xlsx", rows)
    result = parse_registrations(path, today=TODAY)
    assert [r.excel_row for r in result.rows] == [2, 3003]


def test_original_file_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "kayes.xlsx"
    shutil.copy(DATA / "field-registrations-kayes.xlsx", path)
    before = path.read_bytes()
    parse_registrations(path, today=TODAY)
    assert path.read_bytes() == before
