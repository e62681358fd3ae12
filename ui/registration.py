"""A new registration: the identity form checked as typed, likely duplicates shown beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseIndex, DuplicateLookup, duplicate_lookup
from models.errors import RgmError
from models.jobs import Cancelled
from models.permissions import allowed, who_may
from reports.imports.registration_check import Checked
from ui.common import Services, format_date, heading, muted, sentence, show_refusal
from ui.identity_form import IdentityForm

# Built once per window: indexing every registered person takes seconds at 100,000 cases.
_LOOKUP: dict[int, DuplicateLookup] = {}


class RegistrationView(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New registration"))
        self.form = IdentityForm(language)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.duplicates = QListWidget()
        self.duplicates.setWordWrap(True)
        self.duplicates.setAlternatingRowColors(True)
        self.duplicates_status = muted("")
        self.status = muted("")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save.setText(self.tr("Register"))
        side = QVBoxLayout()
        side.addWidget(heading(self.tr("Likely duplicates")))
        side.addWidget(self.duplicates_status)
        side.addWidget(self.duplicates, 1)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("New registration")))
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(1100, 760)


class RegistrationDialog(RegistrationView):
    """Registers one returnee through ``models.cases.register_one``."""

    case_saved = Signal(int)
    duplicates_shown = Signal(int)
    duplicates_flagged = Signal(str)  # what the user was told of the pairs flagged on saving

    def __init__(
        self, services: Services, index: CaseIndex | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(services.language, parent)
        self._services = services
        self._lookup: DuplicateLookup | None = _LOOKUP.get(id(services.db))
        self._checked: Checked | None = None
        self.case_id: int | None = None
        self.may, why = allowed(services.actor, "case.register")
        self.save.setEnabled(False)
        if not self.may:
            self.save.setToolTip(sentence(why) + "\n" + sentence(who_may("case.register")))
            self.status.setText(self.save.toolTip())
        self.form.checked.connect(self._on_form_checked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        if self._lookup is None:
            self._start_lookup()
        else:
            self._lookup_ready()

    # -- duplicates ------------------------------------------------------------------------------

    def _start_lookup(self) -> None:
        db = self._services.db
        self.duplicates_status.setText(self.tr("Indexing the registered people…"))

        self._job = self._services.jobs.run(
            lambda job: duplicate_lookup(db, job),
            on_finished=self._on_lookup_finished,
            on_failed=self._on_lookup_failed,
            label=self.tr("Preparing the duplicate check…"),
            parent=self,
        )

    def _on_lookup_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.duplicates_status.setText(self.tr("Duplicate check cancelled."))
        else:
            show_refusal(self, error)

    def _on_lookup_finished(self, lookup: DuplicateLookup) -> None:
        _LOOKUP[id(self._services.db)] = lookup
        self._lookup = lookup
        self._lookup_ready()

    def _lookup_ready(self) -> None:
        self.duplicates_status.setText(
            self.tr("People who may be the same person appear here as you type.")
        )
        if self._checked is not None:
            self._show_duplicates(self._checked)

    def _show_duplicates(self, checked: Checked) -> None:
        lookup = self._lookup
        candidates = lookup.candidates(checked.values) if lookup is not None else None
        if candidates is None:
            return
        self.duplicates.clear()
        lang = self._services.language
        for known, m in candidates:
            text = self.tr("{number} — {name}, born {born} (score {score})").format(
                number=known.case_number,
                name=known.name,
                born=format_date(known.born, known.birth_precision),
                score=f"{m.score:.2f}",
            )
            item = QListWidgetItem(text + "\n" + m.explain(lang))
            item.setData(Qt.ItemDataRole.UserRole, known.case_id)
            self.duplicates.addItem(item)
        if not candidates:
            self.duplicates_status.setText(self.tr("No likely duplicate."))
        else:
            self.duplicates_status.setText(
                self.tr("Check these before registering: they may be the same person.")
            )
        self.duplicates_shown.emit(self.duplicates.count())

    # -- slots -----------------------------------------------------------------------------------

    def _on_form_checked(self, checked: Checked) -> None:
        self._checked = checked
        self.save.setEnabled(self.may and checked.ok)
        if self.may:
            self.status.setText(
                ""
                if checked.ok
                else self.tr("{n} field(s) to correct before registering.").format(
                    n=len(checked.errors)
                )
            )
        self._show_duplicates(checked)

    def _on_buttons_accepted(self) -> None:
        from models.cases import register_one

        checked = self.form.check()
        if not checked.ok or not self.may:
            return
        values = dict(checked.values)
        try:
            # The people indexed for the live check: saving reads only what changed since.
            held = self._lookup.snapshot() if self._lookup is not None else None
            registered = register_one(
                self._services.db, self._services.actor, values, register=held
            )
        except RgmError as exc:
            show_refusal(self, exc)
            return
        self.case_id = registered.case_id
        _LOOKUP.pop(id(self._services.db), None)  # the new person must be found next time
        self.case_saved.emit(registered.case_id)
        if registered.possible_duplicates:
            self._say_flagged(registered.case_number, registered.possible_duplicates)
        self.accept()

    def _say_flagged(self, number: str, pairs: Any) -> None:
        """The pairs the duplicate check flagged on saving: the case waits for their decision."""
        others = [
            self.tr("{number} (score {score})").format(
                number=p.other(number), score=f"{p.score:.2f}"
            )
            for p in pairs
        ]
        text = self.tr(
            "Case {number} is registered. It may be the same person as: {cases}. The pairs are "
            "flagged for review: the case waits until an approver or an administrator who did "
            "not register either case decides them on the Review page."
        ).format(number=number, cases=", ".join(others))
        self.duplicates_flagged.emit(text)
        QMessageBox.information(self, self.tr("Possible duplicates flagged"), text)
