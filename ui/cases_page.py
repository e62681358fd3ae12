"""The Cases page: search as you type, filters, the table, the choice of columns."""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.case_list import COLUMNS, DEFAULT_COLUMNS, CaseFilter, CaseIndex, CaseRow
from models.reference import country_name
from models.vocabulary import STATES, label
from ui.case_table import COLUMN_DEFS, CaseTableModel
from ui.common import format_number


class CasesView(QWidget):
    """Widgets and layout of the Cases page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by name, case number, phone or document (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.country = QComboBox()
        self.centre = QComboBox()
        self.hold = QComboBox()
        self.duplicates = QCheckBox(self.tr("Possible duplicates only"))
        self.columns_button = QToolButton()
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self.columns_button)
        self.columns_button.setMenu(self.columns_menu)
        self.new_button = QPushButton(self.tr("New registration…"))
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("State"), self.state),
            (self.tr("Origin"), self.country),
            (self.tr("Transit centre"), self.centre),
            (self.tr("Hold"), self.hold),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.duplicates)
        filters.addStretch(1)
        filters.addWidget(self.columns_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)


class CasesPage(CasesView):
    """Behaviour of the Cases page. Emits ``case_opened`` with a case id."""

    case_opened = Signal(int)
    new_registration_requested = Signal()
    columns_changed = Signal(list)
    sort_changed = Signal(str, bool)
    filter_applied = Signal(int)

    def __init__(
        self,
        language: str,
        columns: Sequence[str] = (),
        sort: tuple[str, bool] = ("registered_at", True),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language
        shown = [c for c in columns if c in COLUMNS] or list(DEFAULT_COLUMNS)
        self.model = CaseTableModel(language, shown, self)
        self.table.setModel(self.model)
        self._index: CaseIndex | None = None
        self._sort = sort if sort[0] in COLUMNS else ("registered_at", True)
        self.last_filter_ms = 0.0
        self._fill_static_filters()
        self._build_columns_menu()
        self._show_sort_indicator()

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        for combo in (self.state, self.country, self.centre, self.hold):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.duplicates.toggled.connect(self._on_filter_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_section_clicked)
        self.new_button.clicked.connect(self.new_registration_requested)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.table.setSortingEnabled(False)

    # -- filling ---------------------------------------------------------------------------------

    def _fill_static_filters(self) -> None:
        self.state.addItem(self.tr("All"), None)
        for state in STATES:
            self.state.addItem(label(state, self._language), state)
        self.country.addItem(self.tr("All"), None)
        self.centre.addItem(self.tr("All"), None)
        self.hold.addItem(self.tr("All"), None)
        self.hold.addItem(self.tr("On hold"), True)
        self.hold.addItem(self.tr("Not on hold"), False)

    def _build_columns_menu(self) -> None:
        self.columns_menu.clear()
        shown = set(self.model.column_keys())
        for key in COLUMNS:
            action = QAction(COLUMN_DEFS[key].title(), self.columns_menu)
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.setData(key)
            action.toggled.connect(self._on_column_toggled)
            self.columns_menu.addAction(action)

    def show_first_rows(self, rows: list[CaseRow], total: int) -> None:
        """The newest cases, shown while the whole index loads."""
        if self._index is None:
            self.model.set_rows(rows)
            self.count.setText(self.tr("Loading {total} cases…").format(total=format_number(total)))
            self._resize_columns()

    def set_index(self, index: CaseIndex) -> None:
        self._index = index
        for combo, values, name in (
            (self.country, index.countries(), lambda c: country_name(c, self._language)),
            (self.centre, index.transit_centres(), lambda c: c),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(name(value), value)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        positions = index.filter(self.current_filter(), *self._sort)
        self.model.set_index(index, positions)
        self._update_count(len(positions))
        self._resize_columns()

    def _resize_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for col, key in enumerate(self.model.column_keys()):
            sample = {
                "number": "BKO-2025-000000",
                "family_name": "Traoré-Coulibaly",
                "given_names": "Mamadou Lamine",
                "sex": "féminin",
                "birth_date": "31/12/2000",
                "country_of_origin": "Côte d'Ivoire",
                "transit_centre": "Centre de transit",
                "state": "non éligible",
                "on_hold": "oui",
                "duplicate_open": "doublon",
                "registered_at": "31/12/2025 23:59",
                "phone": "+22376000000",
                "document_number": "AA0000000",
            }[key]
            title = COLUMN_DEFS[key].title()
            header.resizeSection(
                col, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + 24
            )

    # -- reading the user's choice ---------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            text=self.search.text(),
            state=self.state.currentData(),
            country_of_origin=self.country.currentData(),
            transit_centre=self.centre.currentData(),
            on_hold=self.hold.currentData(),
            duplicate_open=True if self.duplicates.isChecked() else None,
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def apply_filter(self) -> None:
        if self._index is None:
            return
        started = time.perf_counter()
        positions = self._index.filter(self.current_filter(), *self._sort)
        self.model.set_positions(positions)
        self.last_filter_ms = (time.perf_counter() - started) * 1000
        self._update_count(len(positions))
        if positions:
            self.table.selectRow(0)
        self.filter_applied.emit(len(positions))

    def _update_count(self, shown: int) -> None:
        total = len(self._index) if self._index is not None else shown
        if shown == total:
            text = self.tr("{total} cases").format(total=format_number(total))
        else:
            text = self.tr("{shown} of {total} cases").format(
                shown=format_number(shown), total=format_number(total)
            )
        self.count.setText(text)

    def _show_sort_indicator(self) -> None:
        keys = self.model.column_keys()
        column, descending = self._sort
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if column in keys:
            header.setSortIndicator(
                keys.index(column),
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
            )
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    # -- slots -----------------------------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self.apply_filter()

    def _on_filter_changed(self, *_args: object) -> None:
        self.apply_filter()

    def _on_search_return_pressed(self) -> None:
        current = self.table.currentIndex()
        row = current.row() if current.isValid() else 0
        case = self.model.case_at(row)
        if case is not None:
            self.case_opened.emit(case.id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        case = self.model.case_at(index.row())
        if case is not None:
            self.case_opened.emit(case.id)

    def _on_header_section_clicked(self, section: int) -> None:
        keys = self.model.column_keys()
        if not 0 <= section < len(keys):
            return
        key = keys[section]
        column, descending = self._sort
        self._sort = (key, not descending) if key == column else (key, key == "registered_at")
        self._show_sort_indicator()
        self.apply_filter()
        self.sort_changed.emit(*self._sort)

    def _on_column_toggled(self, _checked: bool) -> None:
        keys = [a.data() for a in self.columns_menu.actions() if a.isChecked()]
        if not keys:  # at least one column stays
            keys = ["number"]
        self.model.set_columns(keys)
        self._resize_columns()
        self._show_sort_indicator()
        self.columns_changed.emit(keys)
