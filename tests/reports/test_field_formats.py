"""Field data as it comes (#14): CSV in every encoding and separator, KoboToolbox and ODK
exports, an XLSForm; each reads exactly like the same data in a workbook, through every importer."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from support.cases import FULL_YES, register

from models.entities import Disbursement, Returnee, Screening
from models.errors import Unusable
from models.registrations import import_registrations
from reports import csv_read
from reports.csv_read import CsvBook, sniff_delimiter
from reports.imports.decisions import import_decisions
from reports.imports.disbursements import import_disbursements
from reports.registration_parse import parse_registrations
from reports.review_sheet import Scope, write_review_sheet

TODAY = dt.date(2026, 11, 30)
HEADER = ["N° fiche", "Nom", "Prénom(s)", "Sexe", "Date de naissance", "Nationalité",
          "Téléphone", "Vulnérabilités", "Consentement", "Observations"]  # fmt: skip
ROWS = [
    ["F-1", "Traoré", "Awa", "F", "12/03/1994", "Malienne", "76 12 34 56", "VOT", "Oui",
     "dit « Awa B. »; arrivée de nuit,\nvue au centre"],
    ["F-2", "Koné", "Séré", "M", "vers 1990", "Mali", "", "", "Oui", ""],
    ["F-3", "Bah", "Aïssatou", "F", "1988-07-01", "Guinée", "622 12 34 56", "MED, PSY",
     "05/01/2026", "père: \"Mamadou\""],
    ["F-4", "Diallo", "Ousmane", "X", "31/02/1990", "Mali", "", "", "Non", "refusé"],
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list[object]], encoding: str, delimiter: str) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _parsed(path: Path, **kwargs: object) -> tuple[list, list]:
    result = parse_registrations(path, today=TODAY, **kwargs)
    accepted = [(r.excel_row, r.values) for r in result.rows]
    refused = [(e.excel_row, e.field, e.value, e.msgid) for e in result.errors]
    return accepted, refused


@pytest.mark.parametrize(
    ("encoding", "delimiter", "guessed"),
    [
        ("utf-8", ",", False),
        ("utf-8-sig", ";", False),  # Excel's "CSV UTF-8"
        ("utf-16", "\t", False),  # Excel's "Unicode text", with its byte order mark
        ("cp1252", ";", True),  # a French Excel's plain "CSV"
        ("latin-1", ",", True),
    ],
)
def test_csv_reads_exactly_as_the_same_workbook(tmp_path, encoding, delimiter, guessed):
    expected = _parsed(_xlsx(tmp_path / "fiches.xlsx", [HEADER, *ROWS]))
    assert len(expected[0]) == 3 and {e[0] for e in expected[1]} == {5}
    path = _csv(tmp_path / "fiches.csv", [HEADER, *ROWS], encoding, delimiter)
    assert _parsed(path) == expected
    result = parse_registrations(path, today=TODAY)
    assert result.rows[0].values["notes"].startswith("dit « Awa B. »; arrivée de nuit,")
    notices = [n.text("en") for n in result.notices]
    if guessed:
        assert len(notices) == 1 and "read as" in notices[0] and "fiches.csv" in notices[0]
    else:
        assert notices == []


def test_excel_sep_line_and_title_rows(tmp_path):
    text = "sep=;\r\nFiches Kayes;;\r\n" + "\r\n".join(
        ";".join(str(c) for c in r) for r in [HEADER, ROWS[1]]
    )
    path = tmp_path / "kayes.csv"
    path.write_text(text, encoding="utf-8")
    result = parse_registrations(path, today=TODAY)
    assert result.header_row == 2 and [r.excel_row for r in result.rows] == [3]


def test_sniffing_prefers_the_separator_that_makes_even_rows():
    french = "Nom;Montant;Note\nA;12,5;x\nB;7,25;y, z\n"
    assert sniff_delimiter(french) == ";"
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter("only one column\n") == ","


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'Nom,Prenom\nA,"B\nC,D\n', "line 2: the quotes are not balanced"),
        (b'Nom,Prenom\nA,B\nC,"D"x\n', "line 3: the quotes are not balanced"),
        (b"Nom,Prenom\nA\x00,B\n", "not a text file"),
        (bytes(range(1, 32)) * 400, "not a text file"),
        (b"\xff\xfeN\x00\x00\xd8A\x00", "damaged: its text is not valid UTF-16"),
    ],
)
def test_hostile_csv_refused_with_one_line_naming_file_and_line(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(Unusable) as caught:
        parse_registrations(path, today=TODAY)
    text = caught.value.text("en")
    assert words in text and "bad.csv" in text and "\n" not in text


def test_a_huge_line_and_the_sheet_limits(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    path.write_text("Nom,Prenom\n" + "x" * (csv_read.MAX_FIELD_CHARS + 10) + ",y\n")
    with pytest.raises(Unusable, match="line 2: a field is longer"):
        parse_registrations(path, today=TODAY)
    monkeypatch.setattr(csv_read, "MAX_ROWS", 3)
    rows = _csv(tmp_path / "rows.csv", [HEADER, *ROWS], "utf-8", ",")
    with pytest.raises(Unusable, match="too large to import"):
        parse_registrations(rows, today=TODAY)
    # A long cell under the file's limit: cut, its row refused with its length, as in a workbook.
    path.write_text("a,b\n" + "x" * 5000 + ",y\n")
    with CsvBook(path) as book:
        (_head, row) = list(book.rows(book.sheet_names[0]))
    assert row.oversized == {0: 5000} and len(row.values[0]) == 4000


# -- KoboToolbox and ODK exports -----------------------------------------------------------------

KOBO_HEADER = [
    "start", "end", "deviceid", "identification/nom_famille", "identification/prenom",
    "identification/sexe", "identification/date_naissance", "identification/nationalite",
    "contact/telephone", "vulnerabilites", "vulnerabilites/VOT", "vulnerabilites/MED",
    "consentement", "_id", "_uuid", "_submission_time", "_validation_status", "_index",
]  # fmt: skip
UUIDS = ["5b0f7c1e-0a4e-4a3c-9d0b-1a2b3c4d5e6f", "6c1f8d2f-1b5f-4b4d-8e1c-2b3c4d5e6f70"]
KOBO_ROWS = [
    ["2026-01-05T09:00:00", "2026-01-05T09:10:00", "ee.kobo:1", "Traoré", "Awa", "F",
     "1994-03-12", "MLI", "76123456", "VOT MED", "1", "1", "oui", "101", UUIDS[0],
     "2026-01-05T09:11:00", "", "1"],
    ["2026-01-05T09:20:00", "2026-01-05T09:30:00", "ee.kobo:1", "Koné", "Séré", "M",
     "1990", "GIN", "", "", "0", "0", "oui", "102", UUIDS[1], "2026-01-05T09:31:00", "", "2"],
]  # fmt: skip


def test_kobo_export_csv_and_xlsx_read_alike_with_no_warning(tmp_path):
    xlsx = _xlsx(tmp_path / "kobo.xlsx", [KOBO_HEADER, *KOBO_ROWS], sheet="Enregistrement")
    dotted = _csv(
        tmp_path / "kobo.csv",
        [[h.replace("/", ".") for h in KOBO_HEADER], *KOBO_ROWS],  # Kobo's "." separator
        "utf-8-sig",
        ";",
    )
    results = [parse_registrations(p, today=TODAY) for p in (xlsx, dotted)]
    for result in results:
        assert result.unknown_columns == [] and result.errors == []
        rows = [r.values for r in result.rows]
        assert [r["source_ref"] for r in rows] == UUIDS  # _uuid, not _id
        assert rows[0]["vulnerabilities"] == "VOT MED" and rows[0]["phone"] == "+22376123456"
        assert rows[1]["birth_precision"] == "year"
    assert [r.values for r in results[0].rows] == [r.values for r in results[1].rows]


def test_choices_as_one_column_each_fill_the_field(tmp_path):
    header = [h for h in KOBO_HEADER if h != "vulnerabilites"]
    rows = [[c for h, c in zip(KOBO_HEADER, r, strict=True) if h != "vulnerabilites"]
            for r in KOBO_ROWS]  # fmt: skip
    result = parse_registrations(_xlsx(tmp_path / "k.xlsx", [header, *rows]), today=TODAY)
    assert [r.values["vulnerabilities"] for r in result.rows] == ["VOT MED", ""]
    assert result.unknown_columns == []


def test_odk_central_export_and_its_repeat_sheet(tmp_path):
    header = ["SubmissionDate", "identite-nom", "identite-prenom", "identite-sexe",
              "identite-date_naissance", "identite-nationalite", "consentement",
              "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
              "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
              "FormVersion"]  # fmt: skip
    row = ["2026-01-05T09:11:00.000Z", "Camara", "Fanta", "F", "2001-02-03", "SEN", "oui",
           "uuid:" + UUIDS[0], "uuid:" + UUIDS[0], "5", "agent", "0", "0", "", "", "d1", "0",
           "v3"]  # fmt: skip
    path = _csv(tmp_path / "odk.csv", [header, row], "utf-8", ",")
    result = parse_registrations(path, today=TODAY)
    assert result.unknown_columns == [] and result.errors == []
    assert result.rows[0].values["source_ref"] == "uuid:" + UUIDS[0]
    # An xlsx export with a repeat group: the repeat's sheet is named, not imported.
    wb = openpyxl.Workbook()
    wb.active.title = "fiche"
    for r in (KOBO_HEADER, *KOBO_ROWS):
        wb.active.append(r)
    wb.create_sheet("enfants").append(["prenom_enfant", "_parent_index", "_parent_table_name"])
    wb.save(tmp_path / "repeat.xlsx")
    result = parse_registrations(tmp_path / "repeat.xlsx", today=TODAY)
    assert len(result.rows) == 2
    (notice,) = result.notices
    assert "enfants" in notice.text("en") and "repeat group" in notice.text("en")


def _xlsform(path: Path) -> Path:
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    for r in [
        ["type", "name", "label::Français (fr)", "required"],
        ["start", "start", None, None],
        ["begin_group", "q", "Identité", None],
        ["begin group", "q", "Identité", None],
        ["text", "q1", "Nom de famille", "yes"],
        ["text", "q2", "Prénom(s)", "yes"],
        ["select_one sexe", "q3", "Sexe", "yes"],
        ["date", "q4", "Date de naissance", "yes"],
        ["select_one pays", "q5", "Nationalité", "yes"],
        ["select_multiple vuln", "q6", "Vulnérabilités", None],
        ["select_one oui_non", "q7", "Consentement", "yes"],
        ["end group", None, None, None],
    ]:
        survey.append(r)
    choices = wb.create_sheet("choices")
    for r in [
        ["list_name", "name", "label::Français (fr)"],
        ["sexe", 1, "Homme"], ["sexe", 2, "Femme"],
        ["pays", "ml", "Mali"], ["pays", "gn", "Guinée"],
        ["vuln", "traite", "Victime de traite"], ["vuln", "sante", "Médical"],
        ["oui_non", "o", "Oui"], ["oui_non", "n", "Non"],
    ]:  # fmt: skip
        choices.append(r)
    wb.create_sheet("settings").append(["form_title", "form_id"])
    wb.save(path)
    return path


def test_an_xlsform_maps_question_names_and_reads_choice_codes(tmp_path):
    form = _xlsform(tmp_path / "form.xlsx")
    header = ["q/q1", "q/q2", "q/q3", "q/q4", "q/q5", "q/q6", "q/q7", "_uuid"]
    rows = [["Traoré", "Awa", "2", "1994-03-12", "ml", "traite sante", "o", UUIDS[0]],
            ["Bah", "Ali", "1", "2000-01-01", "gn", "", "n", UUIDS[1]]]  # fmt: skip
    path = _csv(tmp_path / "codes.csv", [header, *rows], "utf-8", ",")
    with pytest.raises(Unusable, match="no header row"):
        parse_registrations(path, today=TODAY)  # the names say nothing without the form
    result = parse_registrations(path, today=TODAY, form=form)
    first = result.rows[0].values
    assert (first["sex"], first["nationality"], first["vulnerabilities"]) == ("F", "MLI", "VOT MED")
    assert first["source_ref"] == UUIDS[0]
    assert [(e.excel_row, e.field) for e in result.errors] == [(3, "consent_date")]
    # A "labels" export of the same form reads with or without it.
    labels = ["Nom de famille", "Prénom(s)", "Sexe", "Date de naissance", "Nationalité",
              "Vulnérabilités", "Consentement", "_uuid"]  # fmt: skip
    by_label = [["Traoré", "Awa", "Femme", "1994-03-12", "Mali", "Victime de traite Médical",
                 "Oui", UUIDS[0]]]  # fmt: skip
    path = _csv(tmp_path / "labels.csv", [labels, *by_label], "utf-8", ",")
    assert parse_registrations(path, today=TODAY, form=form).rows[0].values == first
    # Without the form, the chosen labels joined by spaces cannot be told apart.
    alone = parse_registrations(path, today=TODAY)
    assert [e.field for e in alone.errors] == ["vulnerabilities"]
    by_label[0][5] = "Victime de traite"
    path = _csv(tmp_path / "labels.csv", [labels, *by_label], "utf-8", ",")
    assert parse_registrations(path, today=TODAY).rows[0].values == {
        **first,
        "vulnerabilities": "VOT",
    }


def test_a_workbook_that_is_no_xlsform_is_refused(tmp_path):
    path = _xlsx(tmp_path / "notform.xlsx", [HEADER, *ROWS])
    with pytest.raises(Unusable, match="not an XLSForm"):
        parse_registrations(path, today=TODAY, form=path)


# -- through the database: every importer --------------------------------------------------------


def test_kobo_csv_imported_once_then_adds_nothing(db, users, tmp_path):
    path = _csv(tmp_path / "kobo.csv", [KOBO_HEADER, *KOBO_ROWS], "cp1252", ";")
    for expected in (2, 0):
        summary = import_registrations(db, users["registrar"], parse_registrations(path))
        assert summary.written and summary.imported == expected
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 2


def test_disbursements_from_a_french_excel_csv(db, users, tmp_path):
    from tests.reports.test_disbursement_import import _count, _signed_edu

    case = _signed_edu(db, users, 0)
    rows = [["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise",
             "Mode de paiement", "Référence reçu"],
            [case, "1", "03/11/2026", "100 000", "XOF", "Espèces", "R-1"],
            [case, "1", "04/11/2026", "abc", "XOF", "Espèces", "R-2"]]  # fmt: skip
    path = _csv(tmp_path / "paiements.csv", rows, "cp1252", ";")
    refused = import_disbursements(db, users["finance"], path, today=dt.date(2026, 11, 20))
    assert not refused.written and _count(db) == 0
    assert [r.row for r in refused.refused] == [3] and refused.refused[0].column == 3
    assert "read as Windows-1252" in refused.summary()["notices"][0]
    kept = import_disbursements(
        db, users["finance"], path, skip_invalid=True, today=dt.date(2026, 11, 20)
    )
    assert kept.written and _count(db) == 1
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Disbursement)) == 1


def test_decisions_from_a_review_sheet_saved_as_csv(db, users, tmp_path):
    numbers = register(db, users["registrar"], 3)
    sheet = tmp_path / "review.xlsx"
    write_review_sheet(db, users["approver"], Scope(state="registered"), sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Review"]
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    at = {h: i for i, h in enumerate(header)}
    for row in rows:  # decided as a reviewer would, then File > Save as > CSV (semicolon)
        row[at["Decision"]] = "eligible" if row[at["Case number"]] != numbers[2] else "peut-être"
        for code, answer in FULL_YES.items():
            title = next(h for h in header if h in _titles(code))
            row[at[title]] = answer
    path = _csv(tmp_path / "review.csv", [header, *rows], "utf-8-sig", ";")
    result = import_decisions(db, users["approver"], path)
    assert (result.applied, len(result.refused)) == (2, 1)
    assert "peut-être" in result.refused[0].message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Screening)) == 2


def _titles(code: str) -> set[str]:
    from models.i18n import translate
    from reports.review_sheet import COLUMNS

    return {code} | {translate(t, "en") for k, t in COLUMNS if k == code}


def test_error_workbook_of_a_csv_keeps_its_rows_as_typed(tmp_path):
    from reports.imports.error_workbook import write_error_workbook

    path = _csv(tmp_path / "fiches.csv", [HEADER, *ROWS], "cp1252", ";")
    result = parse_registrations(path, today=TODAY)
    out = write_error_workbook(result, tmp_path / "a-corriger.xlsx", "fr")
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[1]][: len(HEADER)] == HEADER
    assert [c.value for c in ws[2]][: len(HEADER)] == [c or None for c in ROWS[3]]  # as typed
    assert ws.cell(2, len(HEADER) + 1).value == 5  # its row in the CSV (a record, as Excel shows)


def test_a_mapping_applies_to_group_paths_and_can_ignore_a_column(tmp_path):
    header = ["id/q1", "id/q2", "id/sexe", "id/ddn_approx", "id/nationalite", "consentement",
              "id/remarque", "_uuid"]  # fmt: skip
    row = ["Traoré", "Awa", "F", "1994", "MLI", "oui", "vue à Gao", UUIDS[0]]
    path = _csv(tmp_path / "k.csv", [header, row], "utf-8", ",")
    mapping = {"q1": "family_name", "id/q2": "given_names", "ddn_approx": "birth_date",
               "id/remarque": ""}  # fmt: skip
    result = parse_registrations(path, mapping=mapping, today=TODAY)
    assert result.unknown_columns == [] and result.errors == []
    values = result.rows[0].values
    assert (values["family_name"], values["given_names"], values["birth_precision"]) == (
        "Traoré", "Awa", "year")  # fmt: skip
    assert "notes" not in values and values["source_ref"] == UUIDS[0]


def test_a_kobo_labels_export_with_group_labels(tmp_path):
    header = ["Identité/Nom de famille", "Identité/Prénom(s)", "Identité/Sexe",
              "Identité/Date de naissance", "Identité/Nationalité", "Retour/Pays d'origine",
              "Retour/Date d'arrivée", "Consentement", "_uuid"]  # fmt: skip
    row = ["Traoré", "Awa", "Femme", "1994-03-12", "Mali", "Mali", "2026-01-05", "Oui", UUIDS[0]]
    result = parse_registrations(_csv(tmp_path / "l.csv", [header, row], "utf-8", ","),
                                 today=TODAY)  # fmt: skip
    assert result.unknown_columns == [] and result.errors == []
    values = result.rows[0].values
    assert values["country_of_origin"] == "MLI" and values["arrival_date"] == dt.date(2026, 1, 5)
    # Two things written in one column, spaced as people write them, stay unmatched.
    assert parse_registrations(
        _csv(tmp_path / "m.csv", [[*header, "Nom / Prénom"], [*row, "x"]], "utf-8", ","),
        today=TODAY,
    ).unknown_columns == ["Nom / Prénom"]


def test_a_workbook_renamed_csv_still_opens_as_one(tmp_path):
    workbook = _xlsx(tmp_path / "fiches.xlsx", [HEADER, *ROWS])
    renamed = tmp_path / "fiches.csv"
    renamed.write_bytes(workbook.read_bytes())
    assert _parsed(renamed) == _parsed(workbook)


def test_choice_columns_of_a_labels_export(tmp_path):
    header = ["Nom de famille", "Prénom(s)", "Sexe", "Date de naissance", "Nationalité",
              "Vulnérabilités/Victime de traite", "Vulnérabilités/Médical",
              "Vulnérabilités/Handicap", "Consentement"]  # fmt: skip
    rows = [["Traoré", "Awa", "F", "1994", "Mali", "1", "0", "1", "Oui"],
            ["Bah", "Ali", "M", "1990", "Mali", "0", "0", "0", "Oui"]]  # fmt: skip
    result = parse_registrations(_csv(tmp_path / "l.csv", [header, *rows], "utf-8", ";"),
                                 today=TODAY)  # fmt: skip
    assert result.unknown_columns == [] and result.errors == []
    assert [r.values["vulnerabilities"] for r in result.rows] == ["VOT DIS", ""]


def test_payment_list_headers_follow_the_same_rules():
    from reports.imports.disbursements import HEADERS

    assert HEADERS.match("paiement/receipt_ref") == "receipt_ref"  # a group path
    assert HEADERS.match("Paiement/Montant") == "amount"  # a labels export's group label
    assert HEADERS.match("_id") is None and HEADERS.match("_uuid") is None
    assert HEADERS.match("Montant / Amount") == "amount"
    assert HEADERS.match("Montant / Devise") is None  # two things in one column


def test_a_code_the_importer_reads_is_kept_over_a_wordy_label(tmp_path):
    form = tmp_path / "form.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "survey"
    for r in [["type", "name", "label"], ["text", "nom", "Nom"], ["text", "prenom", "Prénom"],
              ["select_one s", "sexe", "Sexe"], ["date", "ddn", "Date de naissance"],
              ["select_one p", "nat", "Nationalité"], ["select_multiple v", "vuln", "Vulnérabilités"],
              ["select_one o", "cons", "Consentement"]]:  # fmt: skip
        wb.active.append(r)
    choices = wb.create_sheet("choices")
    for r in [["list_name", "name", "label"], ["v", "VOT", "Victime de traite des êtres humains"],
              ["v", "MED", "Besoins de santé particuliers"], ["s", "F", "Féminin"],
              ["p", "MLI", "République du Mali"], ["o", "yes", "J'accepte"]]:  # fmt: skip
        choices.append(r)
    wb.save(form)
    path = _csv(tmp_path / "e.csv", [["nom", "prenom", "sexe", "ddn", "nat", "vuln", "cons"],
                                     ["Traoré", "Awa", "F", "1994", "MLI", "VOT MED", "yes"]],
                "utf-8", ",")  # fmt: skip
    result = parse_registrations(path, today=TODAY, form=form)
    assert result.errors == []
    values = result.rows[0].values
    assert (values["vulnerabilities"], values["nationality"], values["sex"]) == (
        "VOT MED", "MLI", "F")  # fmt: skip


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("field-registrations-kayes-libreoffice.csv", None),  # ";" UTF-8, as LibreOffice saves
        ("field-registrations-kayes-libreoffice.csv", "cp1252"),  # re-saved by a French Excel
        ("field-registrations-kayes-libreoffice-tab.txt", None),  # tab-separated text
    ],
)
def test_the_sample_saved_as_csv_by_a_spreadsheet_reads_as_the_workbook(tmp_path, name, encoding):
    """The field sample, saved as CSV by LibreOffice (title rows, dates as displayed, "MED;PSY"
    quoted): the same rows accepted, the same rows and fields refused."""
    path = DATA / name
    if encoding:
        path = tmp_path / "kayes.csv"
        path.write_bytes((DATA / name).read_text("utf-8").encode(encoding))
    workbook = parse_registrations(DATA / "field-registrations-kayes.xlsx", today=TODAY)
    text = parse_registrations(path, today=TODAY)
    assert [(r.excel_row, r.values) for r in text.rows] == [
        (r.excel_row, r.values) for r in workbook.rows
    ]
    assert [(e.excel_row, e.field, e.msgid) for e in text.errors] == [
        (e.excel_row, e.field, e.msgid) for e in workbook.errors
    ]
    assert (len(text.rows), len(text.refused)) == (165, 8)
    assert text.header_row == workbook.header_row and text.unknown_columns == []


def test_a_cancelled_decisions_import_applies_nothing(db, users, tmp_path):
    """The decisions import runs under a Job: cancelled, no decision is applied (#12)."""
    from models.jobs import Cancelled, RecordingJob

    register(db, users["registrar"], 2)
    sheet = tmp_path / "review.xlsx"
    write_review_sheet(db, users["approver"], Scope(state="registered"), sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Review"]
    at = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        ws.cell(r, at["Decision"], "eligible")
        for code, answer in FULL_YES.items():
            title = next(h for h in at if h in _titles(code))
            ws.cell(r, at[title], answer)
    wb.save(sheet)
    job = RecordingJob(cancel_after=1)
    with pytest.raises(Cancelled):
        import_decisions(db, users["approver"], sheet, job=job)
    assert job.reports and job.is_cancelled
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Screening)) == 0
    result = import_decisions(db, users["approver"], sheet)
    assert (result.applied, len(result.refused)) == (2, 0)
