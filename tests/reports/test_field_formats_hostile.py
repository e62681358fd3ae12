"""A hostile office's CSV files (#14 review): what spreadsheets and servers really write, and
what a file made to hurt holds, each read within the limits or refused in one line."""

from __future__ import annotations

import datetime as dt
import resource
from pathlib import Path

import openpyxl
import pytest

from models.errors import Unusable
from reports import csv_read
from reports.csv_read import CsvBook
from reports.registration_parse import parse_registrations

HEADER = "N° fiche;Nom;Prénom(s);Sexe;Date de naissance;Nationalité;Consentement"
ROW = "F-1;Traoré;Awa;F;12/03/1994;Malienne;Oui"


def _parse(path: Path) -> tuple[list[int], list[object]]:
    result = parse_registrations(path, today=dt.date(2026, 11, 30))
    return [r.excel_row for r in result.rows], [e.msgid for e in result.errors]


def test_a_million_empty_records_below_the_data_are_no_data(tmp_path):
    # Excel writes the formatted empty rows of a sheet as ";;;;;;" lines, LibreOffice as empty
    # lines: the data's extent is what the limits hold, as in a workbook.
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{HEADER}\r\n{ROW}\r\n".encode() + b";;;;;;\r\n" * 400_000 + b"\r\n" * 10)
    assert _parse(path) == ([2], [])


def test_records_wider_than_their_data_are_not_too_wide(tmp_path):
    path = tmp_path / "wide.csv"
    empty = ";" * (csv_read.MAX_COLUMNS + 10)
    path.write_text(f"{HEADER}{empty}\r\n{ROW}{empty}\r\n", encoding="utf-8")
    assert _parse(path) == ([2], [])


def test_data_past_the_limits_is_still_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_read, "MAX_ROWS", 5)
    path = tmp_path / "far.csv"
    path.write_text(f"{HEADER}\r\n" + "\r\n" * 10 + f"{ROW}\r\n", encoding="utf-8")
    with pytest.raises(Unusable, match="down to row 12"):
        _parse(path)


def test_a_line_of_separators_is_refused_before_it_is_split(tmp_path):
    # 30 million separators would be 30 million cells (about 250 MB) before any limit looked.
    path = tmp_path / "line.csv"
    with path.open("wb") as fh:
        fh.write(f"{HEADER}\r\n".encode())
        fh.write(b";" * 30_000_000 + b"\r\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(Unusable) as caught:
        _parse(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    text = caught.value.text("en")
    assert "line.csv, line 2: the line is longer than" in text and "\n" not in text
    assert grown_mb < 100
    assert "ligne 2 : la ligne dépasse" in caught.value.text("fr")


def test_the_longest_line_the_limits_let_through_is_read(tmp_path):
    # One field at the file's limit and every other column full: cut, its row refused.
    cells = ["x" * csv_read.MAX_FIELD_CHARS] + ["y" * 3_990] * (csv_read.MAX_COLUMNS - 1)
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + ",".join(cells) + "\n", encoding="utf-8")
    with CsvBook(path) as book:
        (_head, row) = list(book.rows(book.sheet_names[0]))
    assert row.number == 2 and row.oversized == {0: csv_read.MAX_FIELD_CHARS}


def test_invisible_characters_in_a_header_do_not_hide_its_column(tmp_path):
    # A second byte order mark (a tool that adds one to a file that had one), a zero-width space
    # pasted from a web page, a bidirectional mark: the header is read as it shows.
    header = ["\ufeffN° fiche", "No\u200bm", "Prénom(s)\u200e", "Sexe", "Date de naissance",
              "Natio\u202enalité", "Consen\ufefftement"]  # fmt: skip
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (";".join(header) + "\r\n" + ROW + "\r\n").encode())
    result = parse_registrations(path, today=dt.date(2026, 11, 30))
    assert [r.excel_row for r in result.rows] == [2] and not result.errors
    assert result.rows[0].values["family_name"] == "Traoré"
    assert result.unknown_columns == []


def test_a_kobo_uuid_header_behind_a_second_bom_is_still_the_reference(tmp_path):
    from reports.field_exports import is_meta_column, reference_column

    assert reference_column(["\ufeff_uuid", "nom"]) == 0
    assert reference_column(["start", "\u200bKEY"]) == 1
    assert is_meta_column("\ufeff_submission_time") and is_meta_column("meta/\u200binstanceID")


KOBO = ["enqueteur/nom", "identification/nom", "identification/prenom", "identification/sexe",
        "identification/date_naissance", "identification/nationalite", "consentement", "_uuid"]  # fmt: skip
KOBO_ROW = ["Diallo", "Coulibaly", "Awa", "F", "1990", "MLI", "oui", "d0d0d0d0-0000-4000-8000-1"]


def test_two_questions_of_one_name_in_two_groups_are_not_guessed(tmp_path):
    # The enumerator's name asked before the returnee's: matching on the last part alone would
    # register every returnee under the enumerator's family name.
    path = tmp_path / "kobo.csv"
    path.write_text(",".join(KOBO) + "\r\n" + ",".join(KOBO_ROW) + "\r\n", encoding="utf-8")
    with pytest.raises(Unusable) as caught:
        _parse(path)
    text = caught.value.text("en")
    assert "kobo.csv" in text and "enqueteur/nom, identification/nom" in text
    assert "Family name" in text and "\n" not in text
    assert "enqueteur/nom, identification/nom" in caught.value.text("fr")
    # A mapping says which: the other one is ignored.
    mapping = {"enqueteur/nom": ""}
    result = parse_registrations(path, mapping=mapping, today=dt.date(2026, 1, 1))
    assert [r.values["family_name"] for r in result.rows] == ["Coulibaly"]


def test_the_form_does_not_say_which_of_two_questions_of_one_name(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text(",".join(KOBO) + "\r\n" + ",".join(KOBO_ROW) + "\r\n", encoding="utf-8")
    form = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in [["type", "name", "label"], ["begin group", "enqueteur", "Enquêteur"],
                ["text", "nom", "Nom de l'enquêteur"], ["end group", "", ""],
                ["begin group", "identification", "Identification"], ["text", "nom", "Nom"],
                ["text", "prenom", "Prénom"], ["end group", "", ""]]:  # fmt: skip
        survey.append(row)
    book.save(form)
    with pytest.raises(Unusable, match="enqueteur/nom, identification/nom"):
        parse_registrations(path, form=form, today=dt.date(2026, 1, 1))
    result = parse_registrations(
        path, form=form, mapping={"enqueteur/nom": ""}, today=dt.date(2026, 1, 1)
    )
    assert [r.values["family_name"] for r in result.rows] == ["Coulibaly"]


@pytest.mark.parametrize("shortened", ["1,23E+11", "2.2370000001E+10", "7E+09"])
def test_a_reference_excel_shortened_to_scientific_notation_is_refused(tmp_path, shortened):
    # Excel writes a long number typed in a General column as "1,23E+11" in a CSV: the
    # document number (or fiche) it was is lost, and would be imported as that text.
    path = tmp_path / "excel.csv"
    header = HEADER + ";N° de pièce"
    rows = [f"{ROW};{shortened}", f"F-2{ROW[3:]};ML1234567", f"{shortened}{ROW[3:]};"]
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    result = parse_registrations(path, today=dt.date(2026, 11, 30))
    assert [r.excel_row for r in result.rows] == [3]
    assert [(e.excel_row, e.field) for e in result.errors] == [
        (2, "document_number"),
        (4, "source_ref"),
    ]
    assert result.errors[0].msgid.startswith("a number the spreadsheet shortened")


def test_a_receipt_reference_excel_shortened_is_refused_on_its_column(db, users, tmp_path):
    from sqlalchemy import func, select

    from models.entities import Disbursement
    from reports.imports.disbursements import import_disbursements
    from tests.reports.test_disbursement_import import _signed_edu

    case = _signed_edu(db, users, 0)
    path = tmp_path / "paiements.csv"
    path.write_bytes(
        "N° dossier;Tranche;Date de paiement;Montant;Devise;Mode de paiement;Référence reçu\r\n"
        f"{case};1;03/11/2026;100 000;XOF;Espèces;4,56E+12\r\n".encode("cp1252")
    )
    refused = import_disbursements(db, users["finance"], path, today=dt.date(2026, 11, 20))
    assert not refused.written and [(r.row, r.column) for r in refused.refused] == [(2, 6)]
    assert "Référence reçu: a number the spreadsheet shortened" in refused.refused[0].message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Disbursement)) == 0


def test_a_payment_list_with_two_dates_of_one_name_is_not_guessed(db, users, tmp_path):
    # A monitoring form asks the visit's date before the payment's: the visit's was taken as
    # the date paid.
    from sqlalchemy import func, select

    from models.entities import Disbursement
    from reports.imports.disbursements import import_disbursements
    from tests.reports.test_disbursement_import import _signed_edu

    case = _signed_edu(db, users, 0)
    path = tmp_path / "paiements.csv"
    path.write_text(
        "visite/date,paiement/dossier,paiement/tranche,paiement/date,paiement/montant,"
        "paiement/mode,paiement/recu,_uuid\r\n"
        f"01/11/2026,{case},1,03/11/2026,100000,especes,R-1,u-1\r\n",
        encoding="utf-8",
    )
    with pytest.raises(Unusable) as caught:
        import_disbursements(db, users["finance"], path, today=dt.date(2026, 11, 20))
    text = caught.value.text("en")
    assert "paiements.csv: the columns visite/date, paiement/date all name" in text
    assert "les colonnes visite/date, paiement/date" in caught.value.text("fr")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Disbursement)) == 0
    # Without the visit's date, the same export is read.
    path.write_text(
        "paiement/dossier,paiement/tranche,paiement/date,paiement/montant,paiement/mode,"
        f"paiement/recu,_uuid\r\n{case},1,03/11/2026,100000,especes,R-1,u-1\r\n",
        encoding="utf-8",
    )
    done = import_disbursements(db, users["finance"], path, today=dt.date(2026, 11, 20))
    assert done.written and not done.refused


def test_review_sheet_headers_follow_the_same_rule():
    from reports.header_match import HeaderNames

    names = HeaderNames({"decision": ("decision",), "reason": ("motif",)})
    assert names.columns(["a/decision", "b/decision"]) == {"decision": 0}  # no file: no check
    with pytest.raises(Unusable, match="x.csv: the columns a/decision, b/decision"):
        names.columns(["a/decision", "motif", "b/decision"], "x.csv")
    assert names.columns(["decision", "decision", "motif"], "x.csv") == {"decision": 0, "reason": 2}


def test_a_utf8_file_with_rows_added_in_windows_1252_is_refused_not_garbled(tmp_path):
    # Rows appended by a program that writes Windows-1252 to a UTF-8 export: read whole as
    # Windows-1252, every UTF-8 name before them would be stored as "TraorÃ©".
    path = tmp_path / "kobo.csv"
    head = f"{HEADER}\r\n{ROW}\r\n{ROW.replace('F-1', 'F-2')}\r\n".encode()
    path.write_bytes(head + "F-3;Kéïta;Séni;M;1990;Mali;Oui\r\n".encode("cp1252"))
    with pytest.raises(Unusable) as caught:
        _parse(path)
    assert caught.value.text("en").startswith("kobo.csv mixes two encodings: line 4 is not")
    assert "la ligne 4 n'est pas en UTF-8" in caught.value.text("fr")
    # A file that is Windows-1252 throughout is still read, and says so.
    path.write_bytes(f"{HEADER}\r\n{ROW}\r\n".encode("cp1252"))
    assert _parse(path) == ([2], [])
    assert CsvBook(path).encoding == "Windows-1252"


def test_no_writer_of_refused_rows_or_returns_writes_over_what_it_reads(tmp_path):
    # The window's save dialogs call these with any path the user picks.
    from models.errors import Refused
    from reports.consolidate import consolidate
    from reports.imports.error_workbook import write_error_workbook, write_refusals
    from reports.imports.pipeline import RowRefusal

    source = tmp_path / "fiches.csv"
    source.write_text(f"{HEADER}\r\n{ROW.replace('Traoré', '')}\r\n", encoding="utf-8")
    result = parse_registrations(source, today=dt.date(2026, 11, 30))
    assert result.refused
    before = source.read_bytes()
    twin = tmp_path / "twin.xlsx"
    twin.symlink_to(source)
    with pytest.raises(Refused, match="is the file being read"):
        write_error_workbook(result, twin, "en")
    refusal = RowRefusal(2, "BKO-2026-000001", "no", ("a",), None)
    with pytest.raises(Refused, match="is the file being read"):
        write_refusals(twin, ["a"], [refusal], source)
    with pytest.raises(Refused, match="is the file being read"):
        consolidate([twin], twin, {})
    assert source.read_bytes() == before
    write_refusals(tmp_path / "other.xlsx", ["a"], [refusal], source)
    assert (tmp_path / "other.xlsx").is_file()
