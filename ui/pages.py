"""The Review page (duplicate pairs, cases on hold, review sheets out and decisions in); the
Disbursements page is ui/disbursements_page.py, the Dashboard ui/dashboard.py."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseIndex, CaseRow
from models.duplicate_review import Pair, review_queue
from models.permissions import allowed, who_may
from models.reference import country_name
from models.vocabulary import label
from ui.common import (
    Services,
    format_number,
    heading,
    sentence,
)
from ui.dashboard import DashboardPage
from ui.disbursements_page import DisbursementsPage
from ui.list_model import ListColumn, ListModel, table_view

__all__ = ["DashboardPage", "DisbursementsPage", "ReviewPage"]


class ReviewPage(QWidget):
    """Possible duplicate pairs, cases on hold, and re-screening through review sheets."""

    case_opened = Signal(int)
    pair_decided = Signal(int)
    decisions_imported = Signal(int)
    pairs_loaded = Signal(int)  # the pairs to decide were read (how many)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        lang = services.language
        self.pairs_model: ListModel[Pair] = ListModel(
            [
                ListColumn(self.tr("Score"), lambda p: f"{p.score:.2f}"),
                ListColumn(self.tr("Case"), lambda p: p.case_a),
                ListColumn(self.tr("Name"), lambda p: p.name_a),
                ListColumn(self.tr("Case"), lambda p: p.case_b),
                ListColumn(self.tr("Name"), lambda p: p.name_b),
                ListColumn(self.tr("Reasons"), lambda p: p.reasons),
            ],
            self,
        )
        self.held_model: ListModel[CaseRow] = ListModel(
            [
                ListColumn(self.tr("Case"), lambda r: r.number),
                ListColumn(self.tr("Name"), lambda r: f"{r.family_name} {r.given_names}"),
                ListColumn(self.tr("Origin"), lambda r: country_name(r.country_of_origin, lang)),
                ListColumn(self.tr("State"), lambda r: label(r.state, lang)),
            ],
            self,
        )
        self.pairs = table_view(self.pairs_model)
        self.held = table_view(self.held_model)
        self.same_person = QPushButton(self.tr("Same person…"))
        self.different_people = QPushButton(self.tr("Different people…"))
        may, _why = allowed(services.actor, "duplicate.decide")
        for button in (self.same_person, self.different_people):
            button.setEnabled(False)
            if not may:
                button.setToolTip(sentence(who_may("duplicate.decide", services.language)))
        self.pairs_title = QLabel()
        self.held_title = QLabel()
        self.export_sheet = QPushButton(self.tr("Export a review sheet…"))
        self.import_decisions = QPushButton(self.tr("Import decisions…"))
        for button, action in (
            (self.export_sheet, "review.export"),
            (self.import_decisions, "case.screen"),
        ):
            ok, _why = allowed(services.actor, action)
            button.setEnabled(ok)
            if not ok:
                button.setToolTip(sentence(who_may(action, lang)))
        self.child: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Review")))
        layout.addWidget(self.pairs_title)
        layout.addWidget(self.pairs, 1)
        decide = QHBoxLayout()
        decide.addStretch(1)
        decide.addWidget(self.same_person)
        decide.addWidget(self.different_people)
        layout.addLayout(decide)
        held_bar = QHBoxLayout()
        held_bar.addWidget(self.held_title, 1)
        held_bar.addWidget(self.export_sheet)
        held_bar.addWidget(self.import_decisions)
        layout.addLayout(held_bar)
        layout.addWidget(self.held, 1)
        self.held.activated.connect(self._on_held_activated)
        self.pairs.selectionModel().selectionChanged.connect(self._on_pairs_selection_changed)
        self.same_person.clicked.connect(lambda: self._decide(True))
        self.different_people.clicked.connect(lambda: self._decide(False))
        self.export_sheet.clicked.connect(self._on_export_sheet_clicked)
        self.import_decisions.clicked.connect(self._on_import_decisions_clicked)
        self._index: CaseIndex | None = None
        self._loading_pairs = False
        self._pairs_stale = False

    def _on_pairs_selection_changed(self, *_args: object) -> None:
        from models.duplicate_review import may_decide

        pair = self.pairs_model.row_at(self.pairs.currentIndex().row())
        ok, why = (False, "") if pair is None else may_decide(self._services.actor, pair.sides)
        for button in (self.same_person, self.different_people):
            button.setEnabled(ok)
            if pair is not None:
                # Four eyes: say why not, and who may (nothing when the user may).
                button.setToolTip(
                    ""
                    if ok
                    else sentence(why)
                    + "\n"
                    + sentence(who_may("duplicate.decide", self._services.language))
                )

    def _decide(self, same_person: bool) -> None:
        from PySide6.QtWidgets import QInputDialog

        from models.duplicate_review import decide
        from models.errors import RgmError

        pair = self.pairs_model.row_at(self.pairs.currentIndex().row())
        if pair is None or pair.flag_id is None:
            return
        note, ok = QInputDialog.getText(self, self.tr("Decision on the pair"), self.tr("Note"))
        if not ok:
            return
        try:
            decide(self._services.db, self._services.actor, pair.flag_id, same_person, note)
        except RgmError as exc:
            from ui.common import show_refusal

            show_refusal(self, exc)
            return
        self.pair_decided.emit(pair.flag_id)
        if self._index is not None:
            self.set_index(self._index)

    def set_index(self, index: CaseIndex) -> None:
        self._index = index
        held = [index.rows[i] for i in index.order("registered_at", True) if index.rows[i].on_hold]
        self.held_model.set_rows(held)
        self.held_title.setText(self.tr("Cases on hold: {n}").format(n=format_number(len(held))))
        self.held.resizeColumnsToContents()
        self._load_pairs()

    def _load_pairs(self) -> None:
        """Read the pairs on the worker (~80 ms with 20,000 cases: too long for the window's
        thread); asked again while reading, they are read once more afterwards."""
        if self._loading_pairs:
            self._pairs_stale = True
            return
        self._loading_pairs = True
        db, lang = self._services.db, self._services.language
        self._services.jobs.run(
            lambda _job: review_queue(db, lang=lang, limit=500),
            on_finished=self._on_pairs_read,
            on_failed=self._on_pairs_failed,
        )

    def _on_pairs_read(self, pairs: list[Pair]) -> None:
        self._loading_pairs = False
        if self._pairs_stale:
            self._pairs_stale = False
            self._load_pairs()
            return
        self.pairs_model.set_rows(pairs)
        self.pairs_title.setText(
            self.tr("Possible duplicates to decide: {n}").format(n=format_number(len(pairs)))
        )
        self.pairs.resizeColumnsToContents()
        self._on_pairs_selection_changed()
        self.pairs_loaded.emit(len(pairs))

    def _on_pairs_failed(self, error: BaseException) -> None:
        from models.jobs import Cancelled
        from ui.common import show_refusal

        self._loading_pairs = False
        if not isinstance(error, Cancelled):  # cancelled: the window is closing
            show_refusal(self, error)

    def _on_held_activated(self, index: object) -> None:
        row = self.held_model.row_at(self.held.currentIndex().row())
        if row is not None:
            self.case_opened.emit(row.id)

    def _on_export_sheet_clicked(self) -> None:
        from ui.review_sheet_dialogs import ReviewSheetDialog

        centres = self._index.transit_centres() if self._index is not None else []
        dialog = ReviewSheetDialog(self._services, centres, self)
        dialog.open()
        self.child = dialog

    def _on_import_decisions_clicked(self) -> None:
        from ui.import_wizard import ImportWizard

        dialog = ImportWizard(self._services, "decisions", self)
        dialog.imported.connect(self.decisions_imported)
        dialog.open()
        self.child = dialog
