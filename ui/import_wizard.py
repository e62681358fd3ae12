"""The one import window, for every kind of import (``reports.imports.kinds``): registrations,
finance's payment lists and filled review sheets.

Three pages: 1. the file (dropped or chosen; its sheet; for registrations the XLSForm of a
Kobo/ODK export, and the blank template and form to hand to a field team), 2. the check (the
columns as read, changeable for registrations, remembered for files with the same headers; the
first valid rows; the refused rows with their row, column, value and reason, and the error
workbook), 3. the outcome. Checking and writing run on the window's job runner (progress, and a
cancel that leaves nothing written). Nothing is written before the user confirms. Every rule and
every count comes from the importer; this only shows them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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

from models.errors import RgmError
from models.jobs import Job
from models.reference import country_name
from models.text import fold_words
from reports.column_map import MissingColumns, mapping_of, write_mapping
from reports.imports.kinds import IMPORTERS, Checked, Importer, Refusal, Written, sheet_names
from ui.column_mapping import ColumnMappingView, MappingMemory, SavedMapping
from ui.common import (
    FileDrops,
    Services,
    ask_save_path,
    choose_workbook,
    format_date,
    format_number,
    muted,
    sentence,
    wizard_frame,
)
from ui.failures import advice_text, show_failure
from ui.list_model import ListColumn, ListModel, table_view

Preview = tuple[int, tuple[Any, ...]]


@dataclass(frozen=True)
class ReadOutcome:
    """A file checked on the worker (or, for registrations, its header row when the required
    columns were not found), and the saved column choices applied to it, if any."""

    path: Path
    checked: Checked | None
    headers: list[str | None]
    columns: dict[int, str]
    unknown: list[str]
    problem: RgmError | None = None
    applied: SavedMapping | None = None
    given: dict[str, str] | None = None  # the user's choices this read was made with


def _same_choices(saved: dict[str, str], read: dict[str, str]) -> bool:
    return {fold_words(k): v for k, v in saved.items()} == {
        fold_words(k): v for k, v in read.items()
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a whole number read back from Excel as 1000.0
    if hasattr(value, "date") and callable(value.date):
        return format_date(value.date())
    if hasattr(value, "isoformat"):
        return format_date(value)
    return str(value)


class ImportWizardView(QDialog):
    """The wizard's widgets and layout, for the importer of ``kind``."""

    def __init__(
        self, kind: str, importer: Importer, lang: str, user: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.importer = importer
        title = {
            "registrations": self.tr("Import registrations"),
            "disbursements": self.tr("Import payments"),
            "decisions": self.tr("Import decisions"),
        }[kind]
        self.setWindowTitle(title)
        self.pages = QStackedWidget()
        self._build_file_page(user)
        self._build_check_page(lang)
        self.outcome, self.error, self.buttons = wizard_frame(self, title, self.pages, 960, 640)

    # -- the pages -------------------------------------------------------------------------------

    def _build_file_page(self, user: str) -> None:
        kind = self.kind
        intro = {
            "registrations": self.tr(
                "A workbook or CSV file from the field team (.xlsx, .xls, .ods, .csv, or a "
                "KoboToolbox/ODK export). The header row is found under any title rows; columns "
                "are recognised in French or English. Nothing is written before you confirm."
            ),
            "disbursements": self.tr(
                "Columns: case number, instalment, date paid, amount, currency, method, "
                "receipt reference, supplier (optional), in French or English. Every row is "
                "checked first; nothing is written before you confirm."
            ),
            "decisions": self.tr(
                "Each decision is applied as you ({user}). A row is refused when you registered "
                "or planned the case (four eyes), when the case changed since the sheet was "
                "made, or when the decision is unknown or not supported by the checklist; the "
                "other rows are applied."
            ).format(user=user),
        }[kind]
        self.note = muted(intro)
        self.path = QLineEdit()
        self.path.setPlaceholderText(
            self.tr("Drop a file here, or choose it (.xlsx, .xls, .ods, .csv)")
        )
        self.browse = QPushButton(self.tr("Choose…"))
        self.sheet = QComboBox()
        self.sheet.setMinimumContentsLength(24)
        self.form_path = QLineEdit()
        self.form_path.setPlaceholderText(
            self.tr(
                "Optional: the KoboToolbox/ODK form (XLSForm .xlsx) of an export, to read its "
                "questions and the answers exported as codes"
            )
        )
        self.browse_form = QPushButton(self.tr("Form…"))
        self.save_template = QPushButton(self.tr("Save the blank template…"))
        self.save_form = QPushButton(self.tr("Save the XLSForm form…"))
        self.read = QPushButton(self.tr("Check the file"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("File")))
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Sheet")))
        row.addWidget(self.sheet, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.form_path, 1)
        row.addWidget(self.browse_form)
        layout.addLayout(row)
        layout.addWidget(self.read, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        templates = QHBoxLayout()
        templates.addWidget(self.save_template)
        templates.addWidget(self.save_form)
        templates.addStretch(1)
        layout.addLayout(templates)
        self.template_note = muted("")
        layout.addWidget(self.template_note)
        for widget in (self.form_path, self.browse_form, self.save_form):
            widget.setVisible(self.importer.form)
        self.pages.addWidget(page)

    def _build_check_page(self, lang: str) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.applied_note = QLabel()
        self.applied_note.setWordWrap(True)
        self.applied_note.hide()
        self.preview_tabs = QTabWidget()
        self.save_errors = QPushButton(self.tr("Save the error workbook…"))
        self.skip_invalid = QCheckBox(self.tr("Write the valid rows and leave the refused ones"))
        self.skip_invalid.setVisible(self.importer.skippable)
        self.back = QPushButton(self.tr("Back"))
        self.check_again = QPushButton(self.tr("Check the file again"))
        self.check_again.setToolTip(self.tr("After fixing the refused rows in the workbook"))
        self.run_import = QPushButton(
            {
                "registrations": self.tr("Import"),
                "disbursements": self.tr("Record the payments"),
                "decisions": self.tr("Apply the decisions"),
            }[self.kind]
        )
        self.columns_view = ColumnMappingView(lang)
        self.read_again = QPushButton(self.tr("Read again with these columns"))
        self.save_mapping = QPushButton(self.tr("Save mapping as…"))
        self.save_mapping.setToolTip(
            self.tr("A mapping file for the command line: rgm import registrations --mapping FILE")
        )
        self.columns_page = QWidget()  # the first tab, for importers that read a mapping
        if self.importer.mapping:
            ml = QVBoxLayout(self.columns_page)
            ml.addWidget(
                muted(
                    self.tr(
                        "Each column of the header row and what it is read as. Change any "
                        "choice, then read the file again; unrecognised columns are highlighted."
                    )
                )
            )
            ml.addWidget(self.columns_view, 1)
            buttons = QHBoxLayout()
            buttons.addWidget(self.save_mapping)
            buttons.addStretch(1)
            buttons.addWidget(self.read_again)
            ml.addLayout(buttons)
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(self.summary)
        pl.addWidget(self.applied_note)
        pl.addWidget(self.preview_tabs, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.back)
        actions.addWidget(self.save_errors)
        actions.addWidget(self.skip_invalid)
        actions.addStretch(1)
        actions.addWidget(self.check_again)
        actions.addWidget(self.run_import)
        pl.addLayout(actions)
        self.pages.addWidget(page)


class ImportWizard(ImportWizardView):
    """Checks a file of ``kind``, shows what would be written and what is refused, writes it."""

    imported = Signal(int)

    def __init__(self, services: Services, kind: str, parent: QWidget | None = None) -> None:
        actor = services.actor
        super().__init__(kind, IMPORTERS[kind], services.language,
                         actor.full_name or actor.username, parent)  # fmt: skip
        self._services = services
        self.checked: Checked | None = None
        self.written: Written | None = None
        self.running: Any = None  # the job of the check or the write, while it runs
        self._read_path: Path | None = None
        self._read_choices: dict[str, str] = {}
        lang = services.language
        right = Qt.AlignmentFlag.AlignRight
        self.accepted_model: ListModel[Any] = ListModel(self._registration_columns(lang), self)
        refused_columns: list[ListColumn[Refusal]] = [
            ListColumn(self.tr("Row"), lambda r: str(r.row), right)
        ]
        if self.kind != "registrations":
            refused_columns.append(ListColumn(self.tr("Case"), lambda r: r.case))
        refused_columns += [
            ListColumn(self.tr("Column"), lambda r: r.field),
            ListColumn(self.tr("Value"), lambda r: r.value),
            ListColumn(self.tr("Reason"), lambda r: sentence(r.message)),
        ]
        self.refused_model: ListModel[Refusal] = ListModel(refused_columns, self)
        self.accepted_view = table_view(self.accepted_model)
        self.refused_view = table_view(self.refused_model)
        if self.importer.mapping:
            self.preview_tabs.addTab(self.columns_page, self.tr("Columns"))
        self.preview_tabs.addTab(self.accepted_view, self.tr("Valid rows"))
        self.preview_tabs.addTab(self.refused_view, self.tr("Refused"))
        self.memory = MappingMemory(services.data_folder)
        self.drops = FileDrops(self, self.path)  # a workbook or CSV dropped on the window
        self._connect()

    def _registration_columns(self, lang: str) -> list[ListColumn[Any]]:
        if not self.importer.mapping:
            return []

        def value(key: str) -> Any:
            return lambda r: r.values.get(key) or ""

        return [
            ListColumn(self.tr("Row"), lambda r: str(r.excel_row)),
            ListColumn(self.tr("Family name"), value("family_name")),
            ListColumn(self.tr("Given names"), value("given_names")),
            ListColumn(self.tr("Sex"), value("sex")),
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
            ListColumn(self.tr("Phone"), value("phone")),
            ListColumn(self.tr("Source reference"), value("source_ref")),
        ]

    def _connect(self) -> None:
        self.browse.clicked.connect(self._on_browse_clicked)
        self.browse_form.clicked.connect(self._on_browse_form_clicked)
        self.path.textChanged.connect(self._on_path_changed)
        self.read.clicked.connect(self._on_read_clicked)
        self.path.returnPressed.connect(self._on_read_clicked)
        self.check_again.clicked.connect(self._on_check_again_clicked)
        self.back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.save_errors.clicked.connect(self._on_save_errors_clicked)
        self.skip_invalid.toggled.connect(self._update_import_button)
        self.run_import.clicked.connect(self._on_run_import_clicked)
        self.columns_view.choices_changed.connect(self._on_columns_view_choices_changed)
        self.read_again.clicked.connect(self._on_read_again_clicked)
        self.save_mapping.clicked.connect(self._on_save_mapping_clicked)
        self.save_template.clicked.connect(self._on_save_template_clicked)
        self.save_form.clicked.connect(self._on_save_form_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- 1. the file -----------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the file"))
        if path:
            self.path.setText(path)

    def _on_browse_form_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the form (XLSForm)"))
        if path:
            self.form_path.setText(path)

    def _on_path_changed(self, text: str) -> None:
        """The sheets of the file named (a CSV file has one); the first is read by default."""
        self.sheet.clear()
        path = Path(text.strip())
        if not text.strip() or not path.is_file():
            return
        try:
            names = sheet_names(path)
        except (RgmError, OSError):
            return  # said when the file is read
        self.sheet.addItem(self.tr("The first with a header row"), None)
        for name in names:
            self.sheet.addItem(name, name)

    def _on_read_clicked(self) -> None:
        path = Path(self.path.text().strip())
        if not self.path.text().strip() or not path.is_file():
            show_failure(self, self.tr("Choose a file first."), self.error)
            return
        self._read(path, None)

    def _on_check_again_clicked(self) -> None:
        if self._read_path is not None:
            self._read(self._read_path, self._read_choices if self.importer.mapping else None)

    def _read(self, path: Path, given: dict[str, str] | None) -> None:
        """Check on the worker with the user's column choices, or those saved for the headers."""
        show_failure(self, "", self.error)
        self._busy(True)
        db, actor, importer, memory = (
            self._services.db,
            self._services.actor,
            self.importer,
            self.memory,
        )
        form_text = self.form_path.text().strip()
        form = Path(form_text) if form_text and importer.form else None
        sheet = self.sheet.currentData()

        def work(job: Job) -> ReadOutcome:
            def attempt(mapping: dict[str, str] | None, **kw: Any) -> ReadOutcome:
                try:
                    checked = importer.check(db, actor, path, sheet, mapping, form, job)
                except MissingColumns as exc:
                    return self._refused_header(path, exc, **kw)
                state = checked.state
                headers = list(getattr(state, "headers", checked.headers))
                columns = dict(getattr(state, "columns", {}))
                return ReadOutcome(path, checked, headers, columns, checked.unknown_columns, **kw)

            if given is not None:
                return attempt(given, given=given)
            first = attempt(None)
            if not importer.mapping:
                return first
            saved = memory.recall(first.headers)
            if saved is None:
                return first
            if first.checked is not None and _same_choices(
                saved.mapping, mapping_of(first.headers, first.columns)
            ):
                return dataclasses.replace(first, applied=saved)
            return attempt(saved.mapping, applied=saved)

        self.running = self._services.jobs.run(
            work,
            on_finished=self._on_checked,
            on_failed=self._on_failed,
            label=self.tr("Checking {file}…").format(file=path.name),
            parent=self,
        )

    def _refused_header(self, path: Path, exc: MissingColumns, **kw: Any) -> ReadOutcome:
        """Registrations whose required columns were not found: the header row and the columns
        the parser proposes for it, to choose what its columns are read as."""
        if not self.importer.mapping or not any(exc.headers):
            raise exc
        return ReadOutcome(path, None, exc.headers, exc.columns, exc.unknown, exc, **kw)

    def _busy(self, busy: bool) -> None:
        for button in (self.read, self.check_again, self.run_import, self.back):
            button.setEnabled(not busy)
        if busy:
            self.read_again.setEnabled(False)
        else:
            self.running = None
            self._on_columns_view_choices_changed()
            self._update_import_button()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy(False)
        show_failure(self, exc, self.error)

    # -- 2. the check ----------------------------------------------------------------------------

    def _on_checked(self, outcome: ReadOutcome) -> None:
        checked = outcome.checked
        self.checked = checked
        self._read_path = outcome.path
        if self.importer.mapping:
            self.columns_view.show_columns(outcome.headers, outcome.columns, outcome.unknown)
            self._read_choices = self.columns_view.choices()
            self.applied_note.setText(self._applied_text(outcome))
            self.applied_note.setVisible(bool(self.applied_note.text()))
            unrecognised = len(self.columns_view.unrecognised())
            self.preview_tabs.setTabText(
                0,
                self.tr("Columns ({n} not recognised)").format(n=unrecognised)
                if unrecognised
                else self.tr("Columns"),
            )
        self._busy(False)
        if checked is None:
            self._show_refused_header(outcome)
            return
        self._show(checked)
        first = 1 if self.importer.mapping else 0  # the index of the valid rows' tab
        if checked.unknown_columns and outcome.given is None:
            self.preview_tabs.setCurrentIndex(0)  # the columns first: some are not recognised
        else:
            self.preview_tabs.setCurrentIndex(first + 1 if checked.refusals else first)
        self.pages.setCurrentIndex(1)

    def _show(self, checked: Checked) -> None:
        self.refused_model.set_rows(checked.refusals)
        if self.importer.mapping:
            self.accepted_model.set_rows(checked.state.rows[: len(checked.preview)])
        else:
            titles = self.importer.preview_headers(checked)
            right = Qt.AlignmentFlag.AlignRight
            columns: list[ListColumn[Preview]] = [
                ListColumn(self.tr("Row"), lambda r: str(r[0]), right)
            ]
            columns += [
                ListColumn(title or "—", lambda r, i=i: _cell(r[1][i] if i < len(r[1]) else None))
                for i, title in enumerate(titles)
            ]
            self.accepted_model.set_rows(checked.preview, columns)
        text = checked.summary()
        if checked.valid > len(checked.preview):
            text += " " + self.tr("The first {n} valid rows are shown.").format(
                n=format_number(len(checked.preview))
            )
        self.summary.setText(text)
        has_refused = bool(checked.refusals)
        self.save_errors.setEnabled(has_refused)
        self.skip_invalid.setEnabled(has_refused)
        self.skip_invalid.setChecked(False)
        self._update_import_button()

    def _show_refused_header(self, outcome: ReadOutcome) -> None:
        """Required columns not found: the columns step alone, to choose them and read again."""
        self.accepted_model.set_rows([])
        self.refused_model.set_rows([])
        self.summary.setText(
            str(outcome.problem)
            + " "
            + self.tr("Choose what the columns are read as, then read the file again.")
        )
        self.save_errors.setEnabled(False)
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.setChecked(False)
        self.preview_tabs.setCurrentIndex(0)
        self._update_import_button()
        self.pages.setCurrentIndex(1)
        self._read_choices = {}  # the choices shown were never read with: Read again at once
        self._on_columns_view_choices_changed()

    def _applied_text(self, outcome: ReadOutcome) -> str:
        if outcome.given is not None:
            if outcome.checked is None:
                return ""  # not read: nothing worth remembering
            try:
                self.memory.remember(outcome.headers, outcome.given)
            except OSError as exc:
                show_failure(self, exc, self.error)
                return ""
            if self.memory.path is None:
                return ""
            return self.tr("These column choices will be applied to files with the same headers.")
        if outcome.applied is not None:
            return self.tr("The column choices saved on {date} were applied.").format(
                date=format_date(outcome.applied.saved_on)
            )
        return ""

    @property
    def result(self) -> Any:
        """The registrations' parse result of the last check (None for other kinds)."""
        return self.checked.state if self.checked is not None and self.importer.mapping else None

    def _on_columns_view_choices_changed(self) -> None:
        changed = self._read_path is not None and self.columns_view.choices() != self._read_choices
        self.read_again.setEnabled(changed and self.running is None)

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
            written = write_mapping(path, self.columns_view.choices())
        except OSError as exc:
            show_failure(self, exc, self.error)
            return
        show_failure(self, "", self.error)
        self.applied_note.setText(
            self.tr(
                "Mapping saved: {path}. On the command line: rgm import registrations "
                "--mapping {name} FILE"
            ).format(path=str(written), name=written.name)
        )
        self.applied_note.show()

    def _update_import_button(self, *_args: object) -> None:
        c = self.checked
        refused = len(c.refusals) if c is not None else 0
        blocked = self.importer.blocks(refused, self.skip_invalid.isChecked())
        ready = self.running is None and c is not None and c.valid > 0 and not blocked
        self.run_import.setEnabled(ready)
        self.run_import.setToolTip(
            self.tr(
                "Refused rows block the import: fix them in the error workbook and check the "
                "file again, or leave them out."
            )
            if blocked
            else ""
        )

    def _on_save_errors_clicked(self) -> None:
        checked = self.checked
        if checked is None:
            return
        out = ask_save_path(
            self,
            self.tr("Save the error workbook"),
            checked.path.with_name(checked.path.stem + "-errors.xlsx"),
            self.tr("Excel (*.xlsx)"),
            ".xlsx",
        )
        if out is None:
            return
        try:
            written = self.importer.save_refusals(checked, out, self._services.language)
        except (RgmError, OSError) as exc:
            show_failure(self, exc, self.error)
            return
        show_failure(self, "", self.error)
        self.summary.setText(
            self.summary.text()
            + " "
            + self.tr("Error workbook saved: {path}.").format(path=str(written))
        )

    # -- 3. the write ----------------------------------------------------------------------------

    def _on_run_import_clicked(self) -> None:
        checked = self.checked
        if checked is None:
            return
        db, actor, importer = self._services.db, self._services.actor, self.importer
        skip = self.skip_invalid.isChecked()
        show_failure(self, "", self.error)
        self._busy(True)
        self.running = self._services.jobs.run(
            lambda job: importer.write(db, actor, checked, skip, job),
            on_finished=self._on_written,
            on_failed=self._on_failed,
            label=self.tr("Writing {n} rows…").format(n=format_number(checked.valid)),
            parent=self,
            cancellable=True,  # a cancel rolls everything back
        )

    def _on_written(self, written: Written) -> None:
        self.written = written
        self._busy(False)
        if not written.written:
            assert self.checked is not None
            self._show(self.checked)  # the refusals as they are now
            show_failure(self, written.text, self.error)
            return
        self.outcome.setText(written.text)
        # The rows are in; only what came after failed: say so, and what the user can do.
        warning = written.warning
        if warning and written.advice:
            warning += " " + advice_text(written.advice)
        show_failure(self, warning, self.error)
        self.pages.setCurrentIndex(2)
        self.imported.emit(written.count)

    # -- templates -------------------------------------------------------------------------------

    def _on_save_template_clicked(self) -> None:
        lang = self._services.language
        out = ask_save_path(
            self,
            self.tr("Save the blank template"),
            Path.home() / f"{self.kind}-{lang}.xlsx",
            self.tr("Excel (*.xlsx)"),
            ".xlsx",
        )
        if out is not None:
            self._write_template(lambda: self.importer.write_template(out, lang))

    def _on_save_form_clicked(self) -> None:
        from reports.imports.kinds import Registrations

        importer = self.importer
        assert isinstance(importer, Registrations)
        services = self._services
        out = ask_save_path(
            self,
            self.tr("Save the XLSForm form"),
            Path.home() / f"registrations-form-{services.language}.xlsx",
            self.tr("XLSForm (*.xlsx)"),
            ".xlsx",
        )
        if out is not None:
            self._write_template(
                lambda: importer.write_form(services.db, services.actor, out, services.language)
            )

    def _write_template(self, write: Any) -> None:
        try:
            path = write()
        except (RgmError, OSError) as exc:
            show_failure(self, exc, self.error)
            return
        show_failure(self, "", self.error)
        self.template_note.setText(self.tr("Written to {path}.").format(path=str(path)))
