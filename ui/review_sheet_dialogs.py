"""Review sheets out and decisions in: export the re-screening sheet of a scope (the cases held by
an open suspension, a transit centre, a state, or every case on hold), and import a filled sheet,
each decision applied as the signed-in user, with every refused row shown and why.

Both run on the worker thread through ``reports.review_sheet`` (the CLI's operations).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.holds import list_suspensions
from models.vocabulary import STATES, label
from reports.imports.decisions import DecisionsResult
from reports.imports.pipeline import RowRefusal
from reports.review_sheet import Scope
from ui.common import (
    FileDrops,
    Services,
    ask_save_path,
    choose_workbook,
    error_label,
    format_number,
    heading,
    muted,
    sentence,
    show_error,
)
from ui.list_model import ListColumn, ListModel, table_view


def _save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    return ask_save_path(parent, title, suggested, "Excel (*.xlsx)", ".xlsx")


# -- the review sheet ----------------------------------------------------------------------------


class ReviewSheetView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export a review sheet"))
        self.by_suspension = QRadioButton(self.tr("Cases held by an open suspension"))
        self.by_centre = QRadioButton(self.tr("Cases of a transit centre"))
        self.by_state = QRadioButton(self.tr("Cases in a state"))
        self.all_held = QRadioButton(self.tr("Every case on hold"))
        self.scope = QButtonGroup(self)
        for button in (self.by_suspension, self.by_centre, self.by_state, self.all_held):
            self.scope.addButton(button)
        self.suspension = QComboBox()
        self.centre = QComboBox()
        self.state = QComboBox()
        for combo in (self.suspension, self.centre, self.state):
            # A long suspension reason must not widen the dialog beyond the screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(32)
        grid = QGridLayout()
        grid.addWidget(self.by_suspension, 0, 0)
        grid.addWidget(self.suspension, 0, 1)
        grid.addWidget(self.by_centre, 1, 0)
        grid.addWidget(self.centre, 1, 1)
        grid.addWidget(self.by_state, 2, 0)
        grid.addWidget(self.state, 2, 1)
        grid.addWidget(self.all_held, 3, 0)
        grid.setColumnStretch(1, 1)
        self.export = QPushButton(self.tr("Export…"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Export a review sheet")))
        layout.addWidget(
            muted(
                self.tr(
                    "The sheet lists the facts a reviewer needs (no phone, no document number), "
                    "the checklist and the columns Decision and Reason. Fill it in, then import "
                    "it with Import decisions."
                )
            )
        )
        layout.addLayout(grid)
        layout.addWidget(self.export, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(620, 340)


class ReviewSheetDialog(ReviewSheetView):
    """Writes the review sheet of the chosen scope on the worker."""

    sheet_written = Signal(str)

    def __init__(
        self, services: Services, centres: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from ui.settings_page import scope_text

        self._services = services
        lang = services.language
        for s in list_suspensions(services.db):
            if not s.open:
                continue
            self.suspension.addItem(
                self.tr("#{id} {scope}: {reason} ({n} cases still held)").format(
                    id=s.id,
                    scope=scope_text(s, lang),
                    reason=s.reason,
                    n=format_number(s.still_held),
                ),
                s.id,
            )
        for centre in centres:
            self.centre.addItem(centre, centre)
        for state in STATES:
            self.state.addItem(label(state, lang), state)
        self.by_suspension.setEnabled(self.suspension.count() > 0)
        self.by_centre.setEnabled(self.centre.count() > 0)
        (self.by_suspension if self.suspension.count() else self.all_held).setChecked(True)
        self._on_scope_toggled()
        self.scope.buttonToggled.connect(self._on_scope_toggled)
        self.export.clicked.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)

    def ask_save_path(self, suggested: Path) -> Path | None:
        return _save_path(self, self.tr("Save the review sheet"), suggested)

    def chosen_scope(self) -> Scope:
        if self.by_suspension.isChecked():
            return Scope(suspension_id=self.suspension.currentData())
        if self.by_centre.isChecked():
            return Scope(centre=self.centre.currentData())
        if self.by_state.isChecked():
            return Scope(state=self.state.currentData())
        return Scope()

    def _on_scope_toggled(self, *_args: object) -> None:
        self.suspension.setEnabled(self.by_suspension.isChecked())
        self.centre.setEnabled(self.by_centre.isChecked())
        self.state.setEnabled(self.by_state.isChecked())

    def _on_export_clicked(self) -> None:
        from reports.review_sheet import write_review_sheet

        scope = self.chosen_scope()
        name = "review-sheet.xlsx"
        if scope.suspension_id is not None:
            name = f"review-sheet-suspension-{scope.suspension_id}.xlsx"
        out = self.ask_save_path(Path.home() / name)
        if out is None:
            return
        show_error(self.error, "")
        self.export.setEnabled(False)
        db, actor = self._services.db, self._services.actor
        self._services.jobs.start(
            lambda progress, cancelled: (write_review_sheet(db, actor, scope, out, progress), out),
            on_finished=self._on_written,
            on_failed=self._on_failed,
            label=self.tr("Writing the review sheet…"),
            parent=self,
            cancellable=False,
        )

    def _on_written(self, done: tuple[int, Path]) -> None:
        n, out = done
        self.export.setEnabled(True)
        self.result.setText(
            self.tr("{n} cases written to {path}.").format(n=format_number(n), path=str(out))
        )
        self.sheet_written.emit(str(out))

    def _on_failed(self, exc: BaseException) -> None:
        self.export.setEnabled(True)
        if not isinstance(exc, RgmError | OSError):
            raise exc
        show_error(self.error, exc)


# -- the decisions -------------------------------------------------------------------------------


class DecisionsImportView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import decisions"))
        self.note = muted("")
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("A filled review sheet (.xlsx)"))
        self.browse = QPushButton(self.tr("Choose…"))
        self.apply = QPushButton(self.tr("Apply the decisions"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refused_title = QLabel()
        self.save_refusals = QPushButton(self.tr("Save the refused rows…"))
        self.save_refusals.hide()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.table_holder = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        row.addWidget(self.apply)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refused_title, 1)
        bottom.addWidget(self.save_refusals)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Import decisions")))
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)
        layout.addLayout(self.table_holder, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 520)


class DecisionsImportDialog(DecisionsImportView):
    """Applies the decisions of a filled review sheet as the signed-in user."""

    decisions_imported = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.drops = FileDrops(self, self.path)  # a workbook or CSV dropped on the dialog
        self.outcome: DecisionsResult | None = None
        actor = services.actor
        self.note.setText(
            self.tr(
                "Each decision is applied as you ({user}). A row is refused when you registered "
                "or planned the case (four eyes), when the case changed since the sheet was "
                "made, or when the decision is unknown or not supported by the checklist; the "
                "other rows are applied."
            ).format(user=actor.full_name or actor.username)
        )
        self.refused_model: ListModel[RowRefusal] = ListModel(
            [
                ListColumn(self.tr("Row"), lambda r: str(r.row), Qt.AlignmentFlag.AlignRight),
                ListColumn(self.tr("Case"), lambda r: r.case),
                ListColumn(self.tr("Reason"), lambda r: sentence(r.message)),
            ],
            self,
        )
        self.refused_view = table_view(self.refused_model)
        self.refused_view.hide()
        self.table_holder.addWidget(self.refused_view)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.apply.clicked.connect(self._on_apply_clicked)
        self.path.returnPressed.connect(self._on_apply_clicked)
        self.save_refusals.clicked.connect(self._on_save_refusals_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_browse_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the filled review sheet"))
        if path:
            self.path.setText(path)

    def _on_apply_clicked(self) -> None:
        from reports.imports.decisions import import_decisions

        path = Path(self.path.text().strip())
        if not path.is_file():
            show_error(self.error, self.tr("Choose a workbook first."))
            return
        show_error(self.error, "")
        self.apply.setEnabled(False)
        db, actor = self._services.db, self._services.actor
        self._services.jobs.run(
            lambda job: import_decisions(db, actor, path, job=job),
            on_finished=self._on_applied,
            on_failed=self._on_failed,
            label=self.tr("Applying the decisions…"),
            parent=self,
            cancellable=True,  # a cancel rolls every decision back
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.apply.setEnabled(True)
        if not isinstance(exc, RgmError | OSError):
            raise exc
        show_error(self.error, exc)

    def _on_applied(self, result: DecisionsResult) -> None:
        self.apply.setEnabled(True)
        self.outcome = result
        self.summary.setText(
            self.tr(
                "{applied} decisions applied ({released} cases released, {closed} closed), "
                "{refused} refused, {undecided} rows without a decision."
            ).format(
                applied=format_number(result.applied),
                released=format_number(result.released),
                closed=format_number(result.closed),
                refused=format_number(len(result.refused)),
                undecided=format_number(result.undecided),
            )
            + "".join(" " + notice.text() for notice in result.notices)  # a guessed encoding
        )
        self.refused_model.set_rows(result.refused)
        refused = bool(result.refused)
        self.refused_title.setText(
            self.tr("Refused rows (nothing was changed for them):") if refused else ""
        )
        self.refused_view.setVisible(refused)
        self.save_refusals.setVisible(refused)
        if result.applied:
            self.decisions_imported.emit(result.applied)

    def ask_save_path(self, suggested: Path) -> Path | None:
        return _save_path(self, self.tr("Save the refused rows"), suggested)

    def _on_save_refusals_clicked(self) -> None:
        from reports.imports.error_workbook import write_refusals

        result = self.outcome
        if result is None:
            return
        source = Path(self.path.text().strip())
        out = self.ask_save_path(source.with_name(source.stem + "-refused.xlsx"))
        if out is None:
            return
        try:
            write_refusals(out, result.headers, result.refused, source)
        except (RgmError, OSError) as exc:
            show_error(self.error, exc)
            return
        show_error(self.error, "")
        self.refused_title.setText(self.tr("Refused rows saved to {path}.").format(path=str(out)))
