"""Importing registrations from a workbook: choose the file, see how its columns are read (and
change it), what will be imported and what is refused (with the row, column, value and reason),
save the error workbook, then import.

Reading and importing run on the worker thread (``reports.registration_parse.parse_registrations``
and ``models.registrations.import_registrations``); nothing is written unless the user imports. The user's column choices go back to the parser as
its ``mapping``; they are remembered for files with the same headers (``ui.column_mapping``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError, Unusable
from models.reference import country_name
from models.registrations import DUPLICATE_CHECK_ADVICE, ImportSummary
from models.textfold import fold
from reports.registration_parse import ParsedRow, ParseResult, RowError
from ui.column_mapping import (
    ColumnMappingView,
    MappingMemory,
    SavedMapping,
    columns_of,
    header_cells,
    matches_of,
    write_mapping_file,
)
from ui.common import (
    FileDrops,
    Services,
    choose_workbook,
    format_date,
    format_number,
    muted,
    show_error,
    wizard_frame,
)
from ui.failures import advice_text
from ui.list_model import ListColumn, ListModel, table_view

PREVIEW_ROWS = 500


@dataclass(frozen=True)
class ReadOutcome:
    """A file read on the worker (or its header row, when the parser found required columns
    missing), and the saved column choices applied to it, if any."""

    path: Path
    result: ParseResult | None
    headers: list[str | None]
    columns: dict[int, str]
    unknown: list[str]
    problem: RgmError | None = None
    applied: SavedMapping | None = None
    given: dict[str, str] | None = None  # the user's choices this read was made with

    @classmethod
    def read(cls, result: ParseResult, **kw: Any) -> ReadOutcome:
        return cls(
            result.path, result, result.headers, result.columns, result.unknown_columns, **kw
        )

    @classmethod
    def refused(
        cls, path: Path, exc: Unusable, mapping: dict[str, str] | None, **kw: Any
    ) -> ReadOutcome:
        """The header row of a file refused for missing columns; re-raises any other refusal."""
        if not {"sheet", "row", "fields"} <= exc.params.keys():
            raise exc
        headers = header_cells(path, exc.params["sheet"], int(exc.params["row"]))
        if not any(headers):
            raise exc
        columns, unknown = columns_of(headers, mapping)
        return cls(path, None, headers, columns, unknown, exc, **kw)


def _same_choices(saved: dict[str, str], read: dict[str, str]) -> bool:
    return {fold(k): v for k, v in saved.items()} == {fold(k): v for k, v in read.items()}


class ImportView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import registrations"))
        self.pages = QStackedWidget()
        # 1. the file
        self.path = QLineEdit()
        self.path.setPlaceholderText(
            self.tr("A workbook or CSV file from the field team (.xlsx, .xls, .ods, .csv)")
        )
        self.browse = QPushButton(self.tr("Choose…"))
        self.read = QPushButton(self.tr("Read the file"))
        choose = QWidget()
        cl = QVBoxLayout(choose)
        cl.addWidget(
            muted(
                self.tr(
                    "The header row is found under any title rows; columns are recognised in "
                    "French or English. Nothing is written before you confirm."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        cl.addLayout(row)
        self.form_path = QLineEdit()
        self.form_path.setPlaceholderText(
            self.tr(
                "Optional: the KoboToolbox/ODK form (XLSForm .xlsx) of an export, to read its "
                "questions and the answers exported as codes"
            )
        )
        self.browse_form = QPushButton(self.tr("Form…"))
        row = QHBoxLayout()
        row.addWidget(self.form_path, 1)
        row.addWidget(self.browse_form)
        cl.addLayout(row)
        cl.addWidget(self.read, 0, Qt.AlignmentFlag.AlignRight)
        cl.addStretch(1)
        self.pages.addWidget(choose)
        # 2. the preview
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.preview_tabs = QTabWidget()
        self.mapping_note = muted(
            self.tr(
                "Each column of the header row and what it is read as. Change any choice, then "
                "read the file again; unrecognised columns are highlighted."
            )
        )
        self.applied_note = QLabel()
        self.applied_note.setWordWrap(True)
        self.read_again = QPushButton(self.tr("Read again with these columns"))
        self.save_mapping = QPushButton(self.tr("Save mapping as…"))
        self.save_mapping.setToolTip(
            self.tr("A mapping file for the command line: rgm import registrations --mapping FILE")
        )
        self.save_errors = QPushButton(self.tr("Save the error workbook…"))
        self.skip_invalid = QCheckBox(
            self.tr("Import the accepted rows and leave the refused ones")
        )
        self.run_import = QPushButton(self.tr("Import"))
        preview = QWidget()
        pl = QVBoxLayout(preview)
        pl.addWidget(self.summary)
        pl.addWidget(self.applied_note)
        pl.addWidget(self.preview_tabs, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.save_errors)
        actions.addWidget(self.skip_invalid)
        actions.addStretch(1)
        actions.addWidget(self.run_import)
        pl.addLayout(actions)
        self.pages.addWidget(preview)
        # 3. done
        self.outcome, self.error, self.buttons = wizard_frame(
            self, self.tr("Import registrations"), self.pages, 960, 640
        )


class ImportDialog(ImportView):
    """Reads a workbook, shows its preview and imports it."""

    import_finished = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.drops = FileDrops(self, self.path)  # a workbook or CSV dropped on the dialog
        self.result: ParseResult | None = None
        self._read_path: Path | None = None  # the file the columns step shows
        self.summary_result: ImportSummary | None = None
        lang = services.language
        self.accepted_model: ListModel[ParsedRow] = ListModel(
            [
                ListColumn(self.tr("Row"), lambda r: str(r.excel_row)),
                ListColumn(self.tr("Family name"), lambda r: r.values.get("family_name") or ""),
                ListColumn(self.tr("Given names"), lambda r: r.values.get("given_names") or ""),
                ListColumn(self.tr("Sex"), lambda r: r.values.get("sex") or ""),
                ListColumn(
                    self.tr("Born"),
                    lambda r: format_date(
                        r.values.get("birth_date"), r.values.get("birth_precision") or "day"
                    ),
                ),
                ListColumn(
                    self.tr("Country of origin"),
                    lambda r: country_name(r.values.get("country_of_origin") or "", lang),
                ),
                ListColumn(self.tr("Phone"), lambda r: r.values.get("phone") or ""),
                ListColumn(self.tr("Source reference"), lambda r: r.values.get("source_ref") or ""),
            ],
            self,
        )
        self.refused_model: ListModel[RowError] = ListModel(
            [
                ListColumn(self.tr("Row"), lambda e: str(e.excel_row)),
                ListColumn(self.tr("Column"), lambda e: e.header),
                ListColumn(self.tr("Value"), lambda e: "" if e.value is None else str(e.value)),
                ListColumn(self.tr("Reason"), lambda e: e.reason(lang)),
            ],
            self,
        )
        self.accepted_view = table_view(self.accepted_model)
        self.refused_view = table_view(self.refused_model)
        self.memory = MappingMemory(services.data_folder)
        self.columns_view = ColumnMappingView(lang)
        self._read_choices: dict[str, str] = {}
        columns = QWidget()
        ml = QVBoxLayout(columns)
        ml.addWidget(self.mapping_note)
        ml.addWidget(self.columns_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_mapping)
        buttons.addStretch(1)
        buttons.addWidget(self.read_again)
        ml.addLayout(buttons)
        self.preview_tabs.addTab(columns, self.tr("Columns"))
        self.preview_tabs.addTab(self.accepted_view, self.tr("Accepted"))
        self.preview_tabs.addTab(self.refused_view, self.tr("Refused"))
        self.browse.clicked.connect(self._on_browse_clicked)
        self.browse_form.clicked.connect(self._on_browse_form_clicked)
        self.read.clicked.connect(self._on_read_clicked)
        self.path.returnPressed.connect(self._on_read_clicked)
        self.save_errors.clicked.connect(self._on_save_errors_clicked)
        self.skip_invalid.toggled.connect(self._update_import_button)
        self.run_import.clicked.connect(self._on_run_import_clicked)
        self.columns_view.choices_changed.connect(self._on_columns_view_choices_changed)
        self.read_again.clicked.connect(self._on_read_again_clicked)
        self.save_mapping.clicked.connect(self._on_save_mapping_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- 1. the file -----------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the workbook"))
        if path:
            self.path.setText(path)

    def _on_browse_form_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the form (XLSForm)"))
        if path:
            self.form_path.setText(path)

    def _on_read_clicked(self) -> None:
        path = Path(self.path.text().strip())
        if not path.is_file():
            show_error(self.error, self.tr("Choose a workbook first."))
            return
        self._read(path, None)

    def _read(self, path: Path, given: dict[str, str] | None) -> None:
        """Parse on the worker with the user's choices, or with those saved for these headers."""
        from reports.registration_parse import parse_registrations

        show_error(self.error, "")
        self.read.setEnabled(False)
        self.read_again.setEnabled(False)
        memory = self.memory
        form = self.form_path.text().strip() or None

        def work(job: Any) -> ReadOutcome:
            def attempt(mapping: dict[str, str] | None, **kw: Any) -> ReadOutcome:
                try:
                    result = parse_registrations(path, mapping=mapping, form=form, job=job)
                except Unusable as exc:
                    return ReadOutcome.refused(path, exc, mapping, **kw)
                return ReadOutcome.read(result, **kw)

            if given is not None:
                return attempt(given, given=given)
            first = attempt(None)
            saved = memory.recall(first.headers)
            if saved is None:
                return first
            if first.result is not None and _same_choices(
                saved.mapping, matches_of(first.headers, first.columns)
            ):
                return dataclasses.replace(first, applied=saved)
            return attempt(saved.mapping, applied=saved)

        self._services.jobs.run(
            work,
            on_finished=self._on_parsed,
            on_failed=self._on_failed,
            label=self.tr("Reading {file}…").format(file=path.name),
            parent=self,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.read.setEnabled(True)
        self._on_columns_view_choices_changed()
        self.run_import.setEnabled(self.result is not None)
        if not isinstance(exc, RgmError):
            raise exc
        show_error(self.error, exc)

    # -- 2. the preview --------------------------------------------------------------------------

    def _on_parsed(self, outcome: ReadOutcome) -> None:
        self.read.setEnabled(True)
        result = outcome.result
        self.result = result
        self._read_path = outcome.path
        self.columns_view.show_columns(outcome.headers, outcome.columns, outcome.unknown)
        self._read_choices = self.columns_view.choices()
        self.read_again.setEnabled(False)
        self.applied_note.setText(self._applied_text(outcome))
        self.applied_note.setVisible(bool(self.applied_note.text()))
        unrecognised = len(self.columns_view.unrecognised())
        self.preview_tabs.setTabText(
            0,
            self.tr("Columns ({n} not recognised)").format(n=unrecognised)
            if unrecognised
            else self.tr("Columns"),
        )
        if result is None:
            self._show_refused_header(outcome)
            return
        self.accepted_model.set_rows(result.rows[:PREVIEW_ROWS])
        self.refused_model.set_rows(result.errors)
        text = self.tr(
            "{file}, sheet {sheet} (header on row {row}): {total} rows, {ok} accepted, "
            "{refused} refused."
        ).format(
            file=result.path.name,
            sheet=result.sheet,
            row=result.header_row,
            total=format_number(result.total_rows),
            ok=format_number(len(result.rows)),
            refused=format_number(len(result.refused)),
        )
        if result.unknown_columns:
            text += " " + self.tr("Columns not imported: {columns}.").format(
                columns=", ".join(result.unknown_columns)
            )
        for notice in result.notices:  # a guessed encoding, a repeat group left aside
            text += " " + notice.text()
        if len(result.rows) > PREVIEW_ROWS:
            text += " " + self.tr("The first {n} accepted rows are shown.").format(
                n=format_number(PREVIEW_ROWS)
            )
        self.summary.setText(text)
        has_refused = bool(result.refused)
        self.save_errors.setEnabled(has_refused)
        self.skip_invalid.setEnabled(has_refused)
        self.skip_invalid.setChecked(False)
        if result.unknown_columns and outcome.given is None:
            self.preview_tabs.setCurrentIndex(0)  # the columns first: some are not recognised
        else:
            self.preview_tabs.setCurrentIndex(2 if has_refused else 1)
        self._update_import_button()
        self.pages.setCurrentIndex(1)

    def _show_refused_header(self, outcome: ReadOutcome) -> None:
        """Required columns not found: the columns step alone, to choose them and read again."""
        self.accepted_model.set_rows([])
        self.refused_model.set_rows([])
        self.summary.setText(
            str(outcome.problem)  # begins with the file name, kept as written
            + " "
            + self.tr("Choose what the columns are read as, then read the file again.")
        )
        self.save_errors.setEnabled(False)
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.setChecked(False)
        self.preview_tabs.setCurrentIndex(0)
        self._update_import_button()
        self.pages.setCurrentIndex(1)
        # Read again is offered at once: the choices shown were never read with.
        self._read_choices = {}
        self._on_columns_view_choices_changed()

    def _applied_text(self, outcome: ReadOutcome) -> str:
        if outcome.given is not None:
            if outcome.result is None:
                return ""  # not read: nothing worth remembering
            try:
                self.memory.remember(outcome.headers, outcome.given)
            except OSError as exc:
                show_error(self.error, exc)
                return ""
            if self.memory.path is None:
                return ""
            return self.tr("These column choices will be applied to files with the same headers.")
        if outcome.applied is not None:
            return self.tr("The column choices saved on {date} were applied.").format(
                date=format_date(outcome.applied.saved_on)
            )
        return ""

    # -- the columns -----------------------------------------------------------------------------

    def _on_columns_view_choices_changed(self) -> None:
        changed = self._read_path is not None and self.columns_view.choices() != self._read_choices
        self.read_again.setEnabled(changed and self.read.isEnabled())

    def _on_read_again_clicked(self) -> None:
        if self._read_path is not None:
            self._read(self._read_path, self.columns_view.choices())

    def _on_save_mapping_clicked(self) -> None:
        if self._read_path is None:
            return
        suggested = self._read_path.with_name(self._read_path.stem + "-mapping.json")
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save the mapping"), str(suggested), self.tr("Mapping (*.json)")
        )
        if not path:
            return
        try:
            written = write_mapping_file(path, self.columns_view.choices())
        except OSError as exc:
            show_error(self.error, exc)
            return
        show_error(self.error, "")
        self.applied_note.setText(
            self.tr(
                "Mapping saved: {path}. On the command line: rgm import registrations "
                "--mapping {name} FILE"
            ).format(path=str(written), name=written.name)
        )
        self.applied_note.show()

    def _update_import_button(self, *_args: object) -> None:
        r = self.result
        ready = r is not None and bool(r.rows) and (not r.refused or self.skip_invalid.isChecked())
        self.run_import.setEnabled(ready)
        if r is not None and r.refused and not self.skip_invalid.isChecked():
            self.run_import.setToolTip(
                self.tr(
                    "Refused rows block the import: fix them in the error workbook and read the "
                    "file again, or leave them out."
                )
            )
        else:
            self.run_import.setToolTip("")

    def _on_save_errors_clicked(self) -> None:
        from reports.imports.error_workbook import write_error_workbook

        if self.result is None:
            return
        suggested = self.result.path.with_name(self.result.path.stem + "-errors.xlsx")
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save the error workbook"), str(suggested), self.tr("Excel (*.xlsx)")
        )
        if not path:
            return
        try:
            written = write_error_workbook(self.result, path, self._services.language)
        except (RgmError, OSError) as exc:
            show_error(self.error, exc)
            return
        show_error(self.error, "")
        self.summary.setText(
            self.summary.text()
            + " "
            + self.tr("Error workbook saved: {path}.").format(path=str(written))
        )

    def _on_run_import_clicked(self) -> None:
        from models.registrations import import_registrations

        result = self.result
        if result is None:
            return
        db, actor, skip = self._services.db, self._services.actor, self.skip_invalid.isChecked()
        self.run_import.setEnabled(False)

        def work(job: Any) -> ImportSummary:
            return import_registrations(db, actor, result, skip_invalid=skip, job=job)

        self._services.jobs.run(
            work,
            on_finished=self._on_imported,
            on_failed=self._on_failed,
            label=self.tr("Importing {n} registrations…").format(n=format_number(len(result.rows))),
            parent=self,
        )

    # -- 3. done ---------------------------------------------------------------------------------

    def _on_imported(self, summary: ImportSummary) -> None:
        self.summary_result = summary
        if not summary.written:
            self._update_import_button()
            show_error(self.error, self.tr("Nothing was imported: some rows are refused."))
            return
        self.outcome.setText(
            self.tr(
                "{imported} registrations imported, {present} already present, {refused} "
                "refused rows left out, {duplicates} possible duplicates to review."
            ).format(
                imported=format_number(summary.imported),
                present=format_number(summary.already_present),
                refused=format_number(summary.refused if self.skip_invalid.isChecked() else 0),
                duplicates=format_number(summary.possible_duplicates),
            )
        )
        # The rows are in; only the duplicate check after them failed: say so, and how to redo it.
        warning = summary.duplicate_check_warning(self._services.language)
        if warning:
            warning += " " + advice_text(DUPLICATE_CHECK_ADVICE)
        show_error(self.error, warning)
        self.pages.setCurrentIndex(2)
        self.import_finished.emit(summary.imported)
