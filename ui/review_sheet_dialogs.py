"""Review sheets out: export the re-screening sheet of a scope (the cases held by an open
suspension, a transit centre, a state, or every case on hold), on the worker thread through
``reports.review_sheet`` (the CLI's operation). A filled sheet comes back through the one import
wizard (``ui.import_wizard``, kind "decisions")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.holds import list_suspensions
from models.vocabulary import STATES, label
from reports.review_sheet import Scope
from ui.common import (
    Services,
    ask_save_path,
    error_label,
    format_number,
    heading,
    muted,
    show_error,
)


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
        self._services.jobs.run(
            lambda job: (write_review_sheet(db, actor, scope, out, job), out),
            on_finished=self._on_written,
            on_failed=self._on_failed,
            label=self.tr("Writing the review sheet…"),
            parent=self,
            cancellable=True,  # the sheet is saved whole at the end, or not at all
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
        show_error(self.error, exc)
