"""Hostile tests of issue 12's reworked imports (hostile12c): what a careless office does."""

from __future__ import annotations

import json
from pathlib import Path

from support.money_cli import rgm
from support.offices import Office, Offices
from support.workbooks import write_xlsx

HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Réf",
          "Localité", "Observations"]  # fmt: skip


def test_a_mapping_file_wins_over_a_header_that_names_the_same_field(
    offices: Offices, tmp_path: Path
) -> None:
    """The field team's 'Localité' column is the transit centre's town; the real place of origin
    is in 'Observations': the mapping saying so is obeyed, not beaten by 'Localité' (which was
    read as the place of origin while 'Observations' was 'ignored')."""
    env = offices.copy(Office(), tmp_path)
    sheet = write_xlsx(tmp_path / "terrain.xlsx", [
        HEADER, ["Sangaré", "Issa", "M", "02/03/1994", "Mali", "oui", "WZ-1", "Kayes", "Nioro"],
    ])  # fmt: skip
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"Observations": "place_of_origin"}), encoding="utf-8")
    out = rgm(env, "import", "registrations", str(sheet), "--mapping", str(mapping), user="rita")
    assert "Observations" not in out.split("ignored", 1)[-1], out
    listing = tmp_path / "cases.csv"
    rgm(env, "export", "cases", "--out", str(listing), user="admin")
    text = listing.read_text(encoding="utf-8-sig")
    assert "Nioro" in text and "Kayes" not in text, text


def test_a_mapping_file_reading_two_columns_as_one_field_is_refused_naming_both(
    offices: Offices, tmp_path: Path
) -> None:
    env = offices.copy(Office(), tmp_path)
    sheet = write_xlsx(tmp_path / "terrain.xlsx", [
        HEADER, ["Sangaré", "Issa", "M", "02/03/1994", "Mali", "oui", "WZ-1", "Kayes", "Nioro"],
    ])  # fmt: skip
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"Localité": "place_of_origin", "Observations": "place_of_origin"}),
        encoding="utf-8",
    )
    for lang, words in (("en", "Place of origin"), ("fr", "Lieu d'origine")):
        out = rgm(env, "--lang", lang, "import", "registrations", str(sheet), "--mapping",
                  str(mapping), "--dry-run", user="rita", code=2)  # fmt: skip
        assert "Localité" in out and "Observations" in out and words in out, out
        assert "Traceback" not in out, out


def test_a_folder_given_as_the_file_is_said_to_be_a_folder(
    offices: Offices, tmp_path: Path
) -> None:
    """A folder named as the file was 'does not exist' (the office looks at it: it exists)."""
    env = offices.copy(Office(), tmp_path)
    (tmp_path / "terrain.csv").mkdir()
    for folder in (tmp_path, tmp_path / "terrain.csv"):
        out = rgm(env, "import", "registrations", str(folder), "--dry-run", user="rita", code=2)
        assert "is a folder" in out and "does not exist" not in out, out


def test_a_mapping_file_wins_over_the_form_of_a_kobo_export(
    offices: Offices, tmp_path: Path
) -> None:
    """With --form, the XLSForm's question 'retour/place_of_origin' kept the place of origin
    and the mapping's 'situation/notes' was ignored: the mapping given wins over the form."""
    env = offices.copy(Office(), tmp_path)
    form = tmp_path / "form.xlsx"
    rgm(env, "template", "registrations", "--format", "xlsform", "--out", str(form))
    export = write_xlsx(tmp_path / "kobo.xlsx", [
        ["identite/family_name", "identite/given_names", "identite/sex", "identite/birth_date",
         "identite/nationality", "retour/place_of_origin", "situation/consent_date",
         "situation/notes", "_id", "_uuid"],
        ["Koné", "Awa", "F", "1990-05-04", "MLI", "Kita", "oui", "Nioro", 101, "uuid-1"],
    ])  # fmt: skip
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"situation/notes": "place_of_origin"}), encoding="utf-8")
    out = rgm(env, "import", "registrations", str(export), "--form", str(form), "--mapping",
              str(mapping), user="rita")  # fmt: skip
    assert "Columns ignored: retour/place_of_origin" in out, out
    listing = tmp_path / "cases.csv"
    rgm(env, "export", "cases", "--out", str(listing), user="admin")
    text = listing.read_text(encoding="utf-8-sig")
    assert "Nioro" in text and "Kita" not in text, text


def test_a_refused_answer_of_a_review_sheet_names_its_column_and_value(
    offices: Offices, tmp_path: Path
) -> None:
    """The one refusal line of a decision refused for an answer said '-' and '' for its column
    and value ('row 2 (BKO-...), -, '': 'oui' is not an answer to ...')."""
    import openpyxl

    env = offices.copy(Office(), tmp_path)
    rgm(env, "register", "--family-name", "KEITA", "--given-names", "Moussa", "--sex", "H",
        "--birth-date", "1994", "--nationality", "MLI", user="rita")  # fmt: skip
    review = tmp_path / "review.xlsx"
    rgm(env, "export", "review-sheet", "--state", "registered", "--out", str(review), user="abdou")
    book = openpyxl.load_workbook(review)
    ws = book.worksheets[0]
    keys = [c.value for c in next(book["_keys"].iter_rows(max_row=1))]
    ws.cell(2, keys.index("decision") + 1, "eligible")
    ws.cell(2, keys.index("nationality_verified") + 1, "oui")
    header = ws.cell(1, keys.index("nationality_verified") + 1).value
    book.save(review)
    out = rgm(env, "import", "decisions", str(review), "--dry-run", user="abdou", code=1)
    line = next(x for x in out.splitlines() if x.startswith("row 2"))
    assert f", {header}, 'oui': " in line, line
