"""The Dashboard page: cases by state and origin, budget against ceilings, weekly intake, and the
open suspensions, holds and duplicate flags (each leads to its page). Every chart has its table.

The figures come from ``models.dashboard.load_dashboard`` on the worker thread, when the page is
shown after the data changed: the window never waits for them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseIndex
from models.dashboard import BudgetLine, Count, Dashboard, load_dashboard
from models.i18n import translate
from models.intake import HISTORY_WEEKS, MIN_COUNT, P_THRESHOLD, RULE, IntakeWeek
from models.jobs import Cancelled
from models.reference import country_name
from models.vocabulary import label
from ui.common import (
    Services,
    format_date,
    format_money,
    format_number,
    heading,
    locale,
    muted,
    show_error,
)
from ui.dashboard_charts import Bar, BarChart, BudgetChart, Bullet, IntakeChart, IntakeRow
from ui.list_model import ListColumn, ListModel, table_view

RIGHT = Qt.AlignmentFlag.AlignRight
ModelIndex = QModelIndex | QPersistentModelIndex


def format_decimal(value: float, decimals: int) -> str:
    return locale().toString(float(value), "f", decimals)


def format_p(value: float) -> str:
    return locale().toString(float(value), "g", 2)


def week_label(monday: dt.date, short: bool = False) -> str:
    """ "23 Jun"; short: the day and month as the locale's short date orders them ("23/06")."""
    day = QDate(monday.year, monday.month, monday.day)
    if short:
        pattern = locale().dateFormat(QLocale.FormatType.ShortFormat)
        pattern = re.sub(r"[^dM]*y+[^dM]*$|^y+[^dM]*", "", pattern)
        return locale().toString(day, pattern)
    return locale().toString(day, "d MMM")


class IntakeTableModel(QAbstractTableModel):
    """Rows: border posts (or nationalities); columns: the weeks; unusual weeks stand out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._weeks: list[dt.date] = []
        self._values: list[str] = []
        self._labels: list[str] = []
        self._cells: dict[tuple[str, dt.date], IntakeWeek] = {}
        self._title = ""

    def set_intake(
        self,
        title: str,
        weeks: list[dt.date],
        values: list[tuple[str, str]],
        cells: list[IntakeWeek],
    ) -> None:
        self.beginResetModel()
        self._title = title
        self._weeks = weeks
        self._values = [v for v, _ in values]
        self._labels = [text for _, text in values]
        self._cells = {(c.value, c.week): c for c in cells}
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._weeks) + 1

    def cell(self, row: int, column: int) -> IntakeWeek | None:
        if not (0 <= row < len(self._values) and 1 <= column <= len(self._weeks)):
            return None
        return self._cells.get((self._values[row], self._weeks[column - 1]))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._values):
            return None
        if index.column() == 0:
            return self._labels[index.row()] if role == Qt.ItemDataRole.DisplayRole else None
        week = self.cell(index.row(), index.column())
        if week is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_number(week.count)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT | Qt.AlignmentFlag.AlignVCenter)
        if week.flagged and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#f6d5d1"))
        if week.flagged and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{count} registrations; mean of the {weeks} weeks before: {mean}; P = {p}").format(
                count=format_number(week.count), weeks=HISTORY_WEEKS,
                mean=format_decimal(week.baseline, 1), p=format_p(week.p_value),
            )  # fmt: skip
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self._title
        if 1 <= section <= len(self._weeks):
            return week_label(self._weeks[section - 1])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class DashboardView(QScrollArea):
    """Widgets and layout only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.setWidget(self.body)
        self.title = heading(self.tr("Dashboard"))
        self.status = muted(self.tr("Loading the figures…"))
        self.total = QLabel()
        self.on_hold = QPushButton()
        self.on_hold.setToolTip(self.tr("Show the cases on hold"))
        self.duplicates = QPushButton()
        self.duplicates.setToolTip(self.tr("Review the possible duplicates"))
        self.suspensions = QVBoxLayout()
        self.states_chart = BarChart()
        self.countries_chart = BarChart()
        self.budget_chart = BudgetChart()
        self.intake_chart = IntakeChart()
        self.dimension = QComboBox()
        self.dimension.addItem(self.tr("per border post"), "border_post")
        self.dimension.addItem(self.tr("per nationality"), "nationality")
        self.rates = muted("")
        self.rule = muted("")
        self.flagged_title = QLabel()

        headline = QHBoxLayout()
        headline.addWidget(self.total)
        headline.addSpacing(16)
        headline.addWidget(self.on_hold)
        headline.addWidget(self.duplicates)
        headline.addStretch(1)
        layout = QVBoxLayout(self.body)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addLayout(headline)
        layout.addLayout(self.suspensions)
        self._layout = layout

    def section(self, title: str, chart: QWidget, table: QTableView) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.addWidget(chart, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(table, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._layout.addWidget(box)
        return box


def _fit(table: QTableView, rows: int, most: int = 12) -> None:
    """A table as tall as its rows (up to ``most``), so the page scrolls, not the table."""
    rows_height = table.fontMetrics().height() + 8
    table.verticalHeader().setDefaultSectionSize(rows_height)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += rows_height * max(min(rows, most), 1)
    height += table.horizontalScrollBar().sizeHint().height()  # when the columns are wider
    table.setFixedHeight(height)


class DashboardPage(DashboardView):
    """Loads the figures on the worker thread and shows them; says where a click leads."""

    loaded = Signal()
    cases_requested = Signal(dict)  # filter of the Cases page: state, country_of_origin, on_hold
    review_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._lang = services.language
        self.today: dt.date | None = None  # tests fix the day
        self.figures: Dashboard | None = None
        self._stale = True
        self._loading = False
        lang = self._lang
        money = self._money
        self.states_model: ListModel[Count] = ListModel(
            [
                ListColumn(self.tr("State"), lambda c: label(c.key, lang)),
                ListColumn(self.tr("Cases"), lambda c: format_number(c.count), RIGHT),
            ],
            self,
        )
        self.countries_model: ListModel[Count] = ListModel(
            [
                ListColumn(self.tr("Country of origin"), lambda c: country_name(c.key, lang)),
                ListColumn(self.tr("Cases"), lambda c: format_number(c.count), RIGHT),
            ],
            self,
        )
        self.budget_model: ListModel[BudgetLine] = ListModel(
            [
                ListColumn(self.tr("Country / package"), self._budget_label),
                ListColumn(self.tr("Grants"), lambda b: format_number(b.cases), RIGHT),
                ListColumn(self.tr("Ceiling × cases"), lambda b: money(b.budget, b.currency), RIGHT),
                ListColumn(self.tr("Approved"), lambda b: money(b.approved, b.currency), RIGHT),
                ListColumn(self.tr("Used"), lambda b: self._percent(b.used), RIGHT),
                ListColumn(self.tr("Disbursed"), lambda b: money(b.disbursed, b.currency), RIGHT),
                ListColumn(self.tr("Approved (EUR)"), lambda b: self._eur(b, b.approved_eur), RIGHT),
                ListColumn(self.tr("Disbursed (EUR)"), lambda b: self._eur(b, b.disbursed_eur), RIGHT),
            ],
            self,
        )  # fmt: skip
        self.flagged_model: ListModel[IntakeWeek] = ListModel(
            [
                ListColumn(self.tr("Border post or nationality"), self._intake_label),
                ListColumn(self.tr("Week of"), lambda w: format_date(w.week)),
                ListColumn(self.tr("Registrations"), lambda w: format_number(w.count), RIGHT),
                ListColumn(
                    self.tr("Mean of the {weeks} weeks before").format(weeks=HISTORY_WEEKS),
                    lambda w: format_decimal(w.baseline, 1),
                    RIGHT,
                ),
                ListColumn(self.tr("P(X ≥ count)"), lambda w: format_p(w.p_value), RIGHT),
            ],
            self,
        )
        self.intake_model = IntakeTableModel(self)
        self.states_table = table_view(self.states_model)
        self.countries_table = table_view(self.countries_model)
        self.budget_table = table_view(self.budget_model)
        self.intake_table = table_view(self.intake_model)
        self.flagged_table = table_view(self.flagged_model)
        self.states_box = self.section(
            self.tr("Cases by state"), self.states_chart, self.states_table
        )
        self.countries_box = self.section(
            self.tr("Cases by country of origin"), self.countries_chart, self.countries_table
        )
        legend = muted(
            self.tr(
                "Pale bar: ceiling × cases (catalogue ceiling of each package times the approved "
                "grants that include it); blue: approved; dark blue: disbursed."
            )
        )
        self.budget_box = QGroupBox(self.tr("Budget used against ceilings"))
        budget = QVBoxLayout(self.budget_box)
        budget.addWidget(legend)
        budget.addWidget(self.rates)
        budget.addWidget(self.budget_chart)
        budget.addWidget(self.budget_table)
        self._layout.addWidget(self.budget_box)
        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("Registrations per week")))
        picker.addWidget(self.dimension)
        picker.addStretch(1)
        picker_row = QWidget()
        picker_row.setLayout(picker)
        # The weeks need the whole width: the chart above its table.
        self.intake_box = QGroupBox(self.tr("Weekly intake"))
        intake = QVBoxLayout(self.intake_box)
        for widget in (picker_row, self.rule, self.intake_chart, self.intake_table):
            intake.addWidget(widget)
        intake.addWidget(self.flagged_title)
        intake.addWidget(self.flagged_table)
        self.intake_table.horizontalHeader().setStretchLastSection(False)
        self._layout.addWidget(self.intake_box)
        self._layout.addStretch(1)
        for box in (self.states_box, self.countries_box, self.budget_box, self.intake_box):
            box.hide()

        self.on_hold.clicked.connect(self._on_on_hold_clicked)
        self.duplicates.clicked.connect(self.review_requested)
        self.states_chart.row_clicked.connect(self._on_states_chart_row_clicked)
        self.states_table.activated.connect(lambda i: self._on_states_chart_row_clicked(i.row()))
        self.countries_chart.row_clicked.connect(self._on_countries_chart_row_clicked)
        self.countries_table.activated.connect(
            lambda i: self._on_countries_chart_row_clicked(i.row())
        )
        self.dimension.currentIndexChanged.connect(self._on_dimension_current_index_changed)

    # -- loading ---------------------------------------------------------------------------------

    def set_index(self, index: CaseIndex | None = None) -> None:
        """The data changed: load again now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._stale = False
        db, today = self._services.db, self.today

        self._services.jobs.run(
            lambda job: load_dashboard(db, today, job),
            on_finished=self._on_loaded,
            on_failed=self._on_failed,
        )

    def _on_loaded(self, figures: Dashboard) -> None:
        self._loading = False
        self.show_figures(figures)
        if self._stale and self.isVisible():
            self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        self._loading = False
        if isinstance(error, Cancelled):  # the window is closing
            return
        # A refusal on the status line; anything else in the error box, with its log.
        show_error(self.status, error)

    # -- showing ---------------------------------------------------------------------------------

    def show_figures(self, d: Dashboard) -> None:
        self.figures = d
        lang = self._lang
        self.status.hide()
        self.total.setText(self.tr("{n} cases").format(n=format_number(d.total)))
        self.on_hold.setText(self.tr("On hold: {n}").format(n=format_number(d.cases_on_hold)))
        self.duplicates.setText(
            self.tr("Possible duplicates to decide: {n}").format(
                n=format_number(d.open_duplicate_flags)
            )
        )
        self._show_suspensions(d)
        self.states_model.set_rows(d.by_state)
        self.states_chart.set_bars(
            [Bar(label(c.key, lang), c.count, format_number(c.count)) for c in d.by_state]
        )
        self.countries_model.set_rows(d.by_country)
        self.countries_chart.set_bars(
            [Bar(country_name(c.key, lang), c.count, format_number(c.count)) for c in d.by_country]
        )
        _fit(self.states_table, len(d.by_state))
        _fit(self.countries_table, len(d.by_country))
        self.budget_model.set_rows(d.budget)
        self.budget_chart.set_bullets(
            [
                Bullet(
                    self._budget_label(b),
                    b.used,
                    None if b.disbursed is None or not b.budget else float(b.disbursed / b.budget),
                    self._percent(b.used),
                    b.package is None,
                )
                for b in d.budget
                if b.package is None  # the packages are in the table
            ]
        )
        _fit(self.budget_table, len(d.budget), 40)
        self.budget_table.setColumnWidth(0, min(self.budget_table.columnWidth(0), 260))
        month = QDate(d.today.year, d.today.month, 1)
        rates = self.tr("Amounts in EUR at the exchange rates of {month}.").format(
            month=locale().toString(month, "MMMM yyyy")
        )
        if d.missing_rates:
            rates += " " + self.tr("Rate missing for {currencies}: no EUR amount shown.").format(
                currencies=", ".join(d.missing_rates)
            )
        self.rates.setText(rates)
        self.rule.setText(
            self.tr("Rule: {rule}.").format(
                rule=translate(RULE, lang).format(
                    min=MIN_COUNT, p=format_decimal(P_THRESHOLD, 2), weeks=HISTORY_WEEKS
                )
            )
        )
        flagged = list(d.flagged)
        self.flagged_model.set_rows(flagged)
        self.flagged_title.setText(
            self.tr("Unusual weeks: {n}").format(n=format_number(len(flagged)))
        )
        self.flagged_table.setVisible(bool(flagged))
        _fit(self.flagged_table, len(flagged))
        self._show_intake()
        for box in (self.states_box, self.countries_box, self.budget_box, self.intake_box):
            box.show()
        self.loaded.emit()

    def _show_suspensions(self, d: Dashboard) -> None:
        from ui.settings_page import progress_text, scope_text

        while self.suspensions.count():
            item = self.suspensions.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for s in d.suspensions:
            bar = QProgressBar()
            bar.setRange(0, max(s.held, 1))
            bar.setValue(s.released)
            bar.setFormat(
                self.tr("Suspension for {scope}: {progress}").format(
                    scope=scope_text(s, self._lang), progress=progress_text(s)
                )
            )
            bar.setToolTip(s.reason)
            self.suspensions.addWidget(bar)

    def _show_intake(self) -> None:
        d = self.figures
        if d is None:
            return
        dimension = self.dimension.currentData()
        cells = [w for w in d.intake if w.dimension == dimension]
        values = sorted({w.value for w in cells}, key=lambda v: -sum(
            w.count for w in cells if w.value == v))  # fmt: skip
        by_key = {(w.value, w.week): w for w in cells}
        rows = []
        for value in values:
            weeks = [by_key.get((value, week)) for week in d.weeks]
            rows.append(
                IntakeRow(
                    self._value_label(dimension, value),
                    tuple(w.count if w else 0 for w in weeks),
                    tuple(bool(w and w.flagged) for w in weeks),
                )
            )
        self.intake_chart.set_rows([week_label(w, True) for w in d.weeks], rows)
        self.intake_model.set_intake(
            self.tr("Nationality") if dimension == "nationality" else self.tr("Border post"),
            list(d.weeks),
            [(v, self._value_label(dimension, v)) for v in values],
            cells,
        )
        self.intake_table.resizeColumnsToContents()
        _fit(self.intake_table, len(values))

    # -- texts -----------------------------------------------------------------------------------

    def _money(self, amount: Decimal | None, currency: str) -> str:
        return "—" if amount is None else format_money(amount, currency)

    def _eur(self, line: BudgetLine, amount: Decimal | None) -> str:
        if line.rate is None:
            return self.tr("rate missing")
        return self._money(amount, "EUR")

    def _percent(self, share: float) -> str:
        return self.tr("{value}%").format(value=format_decimal(share * 100, 0))

    def _budget_label(self, b: BudgetLine) -> str:
        if b.package is None:
            return country_name(b.country, self._lang)
        return f"    {b.package} — {b.name(self._lang)}"

    def _value_label(self, dimension: str, value: str) -> str:
        if dimension == "nationality":
            return country_name(value, self._lang)
        return self.tr("(none)") if value == "-" else value

    def _intake_label(self, w: IntakeWeek) -> str:
        return self._value_label(w.dimension, w.value)

    # -- slots -----------------------------------------------------------------------------------

    def _on_on_hold_clicked(self) -> None:
        self.cases_requested.emit({"on_hold": True})

    def _on_states_chart_row_clicked(self, row: int) -> None:
        count = self.states_model.row_at(row)
        if count is not None:
            self.cases_requested.emit({"state": count.key})

    def _on_countries_chart_row_clicked(self, row: int) -> None:
        count = self.countries_model.row_at(row)
        if count is not None:
            self.cases_requested.emit({"country_of_origin": count.key})

    def _on_dimension_current_index_changed(self, _index: int) -> None:
        self._show_intake()
