"""The import wizard's column step: unknown columns mapped by the user, read again, remembered
for the same headers, and saved as a mapping file the command line reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from support.cli import run_rgm
from support.offices import REGISTRAR_ONLY, Offices
from support.workbooks import write_xlsx

from reports.column_map import MissingColumns, mapping_of, read_mapping
from reports.registration_parse import parse_registrations
from tests.reports.test_field_formats import KOBO_HEADER, KOBO_ROWS, UUIDS, _csv, _xlsform
from ui.column_mapping import MEMORY_FILE, headers_key
from ui.common import format_date
from ui.import_wizard import ImportWizard

HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement",
          "Nom du père", "Tel. portable", "Réf"]  # fmt: skip
ROWS = [
    ["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "Moussa", "76 12 34 56", "K-1"],
    ["Camara", "Fanta", "F", "vers 1990", "Mali", "oui", "Sékou", "66 55 44 33", "K-2"],
]
PHONES = ["+22376123456", "+22366554433"]


def wizard_for(window, qtbot, data: Path | None) -> ImportWizard:  # type: ignore[no-untyped-def]
    services = dataclasses.replace(window.services, data_folder=data)
    wizard = ImportWizard(services, "registrations", window)
    qtbot.addWidget(wizard)
    return wizard


def read(qtbot, wizard: ImportWizard, path: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    if path is not None:
        wizard.path.setText(str(path))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        (wizard.read if path is not None else wizard.read_again).click()


def phones(wizard: ImportWizard) -> list[str]:
    model = wizard.accepted_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = titles.index("Phone")
    return [
        wizard.accepted_model.index(r, column).data()
        for r in range(wizard.accepted_model.rowCount())
    ]


def test_unknown_column_mapped_by_the_user_then_remembered(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    source = write_xlsx(tmp_path / "kayes.xlsx", [["Liste de Kayes"], HEADER, *ROWS])
    wizard = wizard_for(window, qtbot, data)
    read(qtbot, wizard, source)
    # The columns come first: two are not recognised, and stand out.
    assert wizard.preview_tabs.currentIndex() == 0
    assert wizard.preview_tabs.tabText(0) == "Columns (2 not recognised)"
    view = wizard.columns_view
    assert view.unrecognised() == ["Nom du père", "Tel. portable"]
    assert view.combo("Nom").currentText() == "Family name"
    assert view.combo("Tel. portable").currentText() == "Ignore this column"
    phone_row = [view.item(r, 1).text() for r in range(view.rowCount())].index("Tel. portable")
    assert view.item(phone_row, 3).text() == "Not recognised"
    assert view.item(phone_row, 1).font().bold() and not view.item(0, 1).font().bold()
    assert view.item(phone_row, 1).background().color() != view.item(0, 1).background().color()
    assert "Columns not imported: Nom du père, Tel. portable" in wizard.summary.text()
    assert phones(wizard) == ["", ""]
    assert not wizard.read_again.isEnabled()
    assert wizard.applied_note.isHidden()
    # The user reads the mobile column as the phone and ignores the father's name.
    combo = view.combo("Tel. portable")
    combo.setCurrentIndex(combo.findText("Phone"))
    assert wizard.read_again.isEnabled()
    read(qtbot, wizard)
    assert phones(wizard) == PHONES
    assert "2 rows, 2 valid, 0 refused" in wizard.summary.text()
    assert "Tel. portable" not in wizard.summary.text()
    assert view.unrecognised() == []  # ignored by the user's choice: nothing stands out
    assert wizard.preview_tabs.tabText(0) == "Columns"
    assert view.item(6, 3).text() == "Not imported"  # "Nom du père", column G
    assert view.combo("Tel. portable").currentText() == "Phone"
    assert wizard.run_import.isEnabled()
    assert "applied to files with the same headers" in wizard.applied_note.text()
    saved = json.loads((data / MEMORY_FILE).read_text(encoding="utf-8"))
    entry = saved["mappings"][headers_key(HEADER)]
    assert entry["mapping"]["Tel. portable"] == "phone"
    assert entry["mapping"]["Nom du père"] == ""
    wizard.close()

    # Another file with the same headers, written otherwise and in another order.
    other_header = [h.upper() for h in reversed(HEADER)]
    other_rows = [list(reversed(r)) for r in ROWS]
    again = write_xlsx(tmp_path / "kayes-juillet.xlsx", [other_header, *other_rows])
    second = wizard_for(window, qtbot, data)
    read(qtbot, second, again)
    assert phones(second) == PHONES
    assert second.columns_view.combo("TEL. PORTABLE").currentText() == "Phone"
    today = format_date(dt.date.today())
    assert second.applied_note.text() == (f"The column choices saved on {today} were applied.")
    assert second.preview_tabs.currentIndex() == 1  # the accepted rows

    # Other headers: nothing applied.
    plain = write_xlsx(tmp_path / "plain.xlsx", [HEADER[:6], ROWS[0][:6]])
    third = wizard_for(window, qtbot, data)
    read(qtbot, third, plain)
    assert third.applied_note.text() == "" and third.result is not None
    assert len(third.result.rows) == 1


def test_mapping_file_saved_for_the_command_line(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    source = write_xlsx(tmp_path / "kayes.xlsx", [HEADER, *ROWS])
    wizard = wizard_for(window, qtbot, None)
    read(qtbot, wizard, source)
    view = wizard.columns_view
    view.choose("Tel. portable", "phone")
    # A field comes from one column: choosing it for "Nom du père" releases "Nom".
    view.choose("Nom du père", "family_name")
    assert view.combo("Nom").currentText() == "Ignore this column"
    view.choose("Nom", "family_name")
    assert view.combo("Nom du père").currentText() == "Ignore this column"
    asked: list[str] = []

    def save_as(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / "kayes-map"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    wizard.save_mapping.click()
    assert asked == [str(tmp_path / "kayes-mapping.json")]
    written = tmp_path / "kayes-map.json"
    assert "--mapping kayes-map.json" in wizard.applied_note.text()
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["Tel. portable"] == "phone" and data["Nom du père"] == ""
    assert data["Nom"] == "family_name" and data["Date de naissance"] == "birth_date"
    result = parse_registrations(source, mapping=read_mapping(written))
    assert [r.values["phone"] for r in result.rows] == PHONES
    assert result.unknown_columns == []
    # Without a data folder nothing is remembered, and the read still works.
    read(qtbot, wizard)
    assert phones(wizard) == PHONES and wizard.applied_note.text() == ""


def test_damaged_memory_is_ignored(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    data.mkdir()
    (data / MEMORY_FILE).write_text("{not json", encoding="utf-8")
    source = write_xlsx(tmp_path / "kayes.xlsx", [HEADER, *ROWS])
    wizard = wizard_for(window, qtbot, data)
    read(qtbot, wizard, source)
    assert phones(wizard) == ["", ""] and wizard.error.isHidden()
    wizard.columns_view.choose("Tel. portable", "phone")
    read(qtbot, wizard)
    assert phones(wizard) == PHONES
    assert json.loads((data / MEMORY_FILE).read_text(encoding="utf-8"))["mappings"]


def test_required_column_not_recognised_is_chosen_in_the_column_step(
    window, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    header = ["Patronyme", *HEADER[1:]]
    source = write_xlsx(tmp_path / "nioro.xlsx", [["Liste de Nioro"], header, *ROWS])
    wizard = wizard_for(window, qtbot, data)
    read(qtbot, wizard, source)
    # The parser refuses the file (no family name column); the columns step says why.
    assert wizard.result is None and wizard.pages.currentIndex() == 1
    assert wizard.preview_tabs.currentIndex() == 0
    assert "no column for Family name" in wizard.summary.text()
    assert "read the file again" in wizard.summary.text()
    view = wizard.columns_view
    assert view.unrecognised() == ["Patronyme", "Nom du père", "Tel. portable"]
    assert view.combo("Prénom").currentText() == "Given names"
    assert wizard.accepted_model.rowCount() == 0 and not wizard.run_import.isEnabled()
    assert wizard.read_again.isEnabled()
    # Read again as it is: still refused, the choices kept.
    view.choose("Tel. portable", "phone")
    read(qtbot, wizard)
    assert wizard.result is None and view.combo("Tel. portable").currentText() == "Phone"
    assert not (data / MEMORY_FILE).exists()  # a refused read is not remembered
    view.choose("Patronyme", "family_name")
    read(qtbot, wizard)
    assert wizard.result is not None and phones(wizard) == PHONES
    assert wizard.accepted_model.index(0, 1).data() == "Sangaré"
    assert wizard.run_import.isEnabled()
    # The same headers again: read at once with the saved choices.
    second = wizard_for(window, qtbot, data)
    read(qtbot, second, source)
    assert second.result is not None and phones(second) == PHONES
    assert "were applied" in second.applied_note.text()


# -- The window proposes what the parser maps (reports.column_map) -------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "field-registrations-kayes.xlsx"
FORM_HEADER = ["q/q1", "q/q2", "q/q3", "q/q4", "q/q5", "q/q6", "q/q7", "Remarque", "_uuid"]
FORM_ROWS = [
    ["Traoré", "Awa", "2", "1994-03-12", "ml", "traite sante", "o", "", UUIDS[0]],
    ["Bah", "Ali", "1", "2000-01-01", "gn", "", "o", "vu", UUIDS[1]],
]


def csv_file(path: Path, rows: list[list[object]]) -> Path:
    return _csv(path, rows, "utf-8", ",")


def read_with_form(qtbot, wizard: ImportWizard, path: Path, form: Path | None) -> None:  # type: ignore[no-untyped-def]
    wizard.form_path.setText(str(form) if form else "")
    read(qtbot, wizard, path)


@pytest.mark.parametrize("kind", ["sample", "kobo", "export", "csv"])
def test_the_window_proposes_the_columns_the_parser_reads(window, qtbot, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    form = None
    if kind == "sample":
        path = SAMPLE
    elif kind == "kobo":
        form = _xlsform(tmp_path / "form.xlsx")
        path = csv_file(tmp_path / "codes.csv", [FORM_HEADER, *FORM_ROWS])
    elif kind == "export":  # no form: the group paths, choice and meta columns of a Kobo export
        path = csv_file(tmp_path / "kobo.csv", [KOBO_HEADER, *KOBO_ROWS])
    else:
        path = csv_file(tmp_path / "kayes.csv", [HEADER, *ROWS])
    wizard = wizard_for(window, qtbot, None)
    read_with_form(qtbot, wizard, path, form)
    result = parse_registrations(path, form=form)
    assert wizard.result is not None
    assert wizard.columns_view.choices() == mapping_of(result.headers, result.columns)
    assert wizard.columns_view.unrecognised() == result.unknown_columns


def test_a_refused_export_proposes_what_its_form_says(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The family name's question renamed: the parser refuses the file, and the window shows the
    parser's columns from the same read (the form's question names, the submission id)."""
    form = _xlsform(tmp_path / "form.xlsx")
    header = ["q/q9", *FORM_HEADER[1:]]
    path = csv_file(tmp_path / "codes.csv", [header, *FORM_ROWS])
    with pytest.raises(MissingColumns) as refused:
        parse_registrations(path, form=form)
    wizard = wizard_for(window, qtbot, None)
    read_with_form(qtbot, wizard, path, form)
    view = wizard.columns_view
    assert wizard.result is None and "no column for Family name" in wizard.summary.text()
    assert view.choices() == mapping_of(refused.value.headers, refused.value.columns)
    assert view.combo("q/q2").currentText() == "Given names"  # by the form's question name
    assert view.combo("_uuid").currentText() == "Field reference"
    assert view.unrecognised() == ["q/q9"] == refused.value.unknown
    assert view.combo("Remarque").currentText() == "Notes"
    view.choose("q/q9", "family_name")
    read(qtbot, wizard)
    assert wizard.result is not None and len(wizard.result.rows) == 2
    assert view.choices() == mapping_of(wizard.result.headers, wizard.result.columns)


def test_a_mapping_saved_by_the_window_reads_alike_on_the_command_line(
    window, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    form = _xlsform(tmp_path / "form.xlsx")
    header = ["q/q9", *FORM_HEADER[1:]]
    path = csv_file(tmp_path / "codes.csv", [header, *FORM_ROWS])
    wizard = wizard_for(window, qtbot, None)
    read_with_form(qtbot, wizard, path, form)
    wizard.columns_view.choose("q/q9", "family_name")
    read(qtbot, wizard)
    checked = wizard.checked
    assert checked is not None and checked.valid == 2
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a: (str(tmp_path / "codes-map"), "")
    )
    wizard.save_mapping.click()
    written = tmp_path / "codes-map.json"
    assert read_mapping(written) == wizard.columns_view.choices()
    env = dict(
        Offices(tmp_path / "offices").copy(REGISTRAR_ONLY, tmp_path), RGM_PASSWORD="rita-secret-1"
    )
    out = run_rgm(env, "--user", "rita", "import", "registrations", str(path), "--form",
                  str(form), "--mapping", str(written), "--dry-run", "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["rows"], summary["refused"]) == (2, 0)
    assert summary["unknown_columns"] == wizard.result.unknown_columns == []
    parsed = parse_registrations(path, mapping=read_mapping(written), form=form)
    assert [r.values for r in parsed.rows] == [r.values for r in wizard.result.rows]
    assert parsed.rows[1].values["notes"] == "vu"
