"""The main window: navigation, the pages, the suspension banner and the status bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseIndex, case_count, first_rows, load_index
from models.holds import list_suspensions
from models.reference import country_name
from models.users import roles_text
from models.vocabulary import label
from ui.cases_page import CasesPage
from ui.common import Services, format_datetime, show_refusal
from ui.pages import DashboardPage, DisbursementsPage, ReviewPage
from ui.reports_page import ReportsPage
from ui.settings_page import SettingsPage, progress_text, scope_text


class MainWindowView(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reintegration Grant Manager"))
        self.navigation = QListWidget()
        self.navigation.setFixedWidth(190)
        self.navigation.setIconSize(QSize(0, 0))
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff3cd; color: #5c4400; border: 1px solid #e0c060;"
            " padding: 6px; font-weight: bold;"
        )
        self.banner.hide()
        self.user_label = QLabel()
        self.office_label = QLabel()
        self.database_label = QLabel()
        right = QVBoxLayout()
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.office_label)
        bar.addPermanentWidget(self.database_label)
        self.resize(1280, 800)


class MainWindow(MainWindowView):
    """Shows the pages; opens case files and the registration form."""

    case_list_shown = Signal()
    cases_loaded = Signal(int)
    columns_changed = Signal(list)
    sort_changed = Signal(str, bool)
    language_chosen = Signal(str)

    PAGES = ("dashboard", "cases", "review", "disbursements", "reports", "settings")

    def __init__(
        self,
        services: Services,
        columns: Sequence[str] = (),
        sort: tuple[str, bool] = ("registered_at", True),
        saved_language: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.index: CaseIndex | None = None
        self._loading = False
        self.dashboard = DashboardPage(services)
        self.cases = CasesPage(services.language, columns, sort)
        self.review = ReviewPage(services)
        self.disbursements = DisbursementsPage(services)
        self.reports = ReportsPage(services)
        self.settings = SettingsPage(services, saved_language or services.language)
        titles = (
            self.tr("Dashboard"),
            self.tr("Cases"),
            self.tr("Review"),
            self.tr("Disbursements"),
            self.tr("Reports"),
            self.tr("Settings"),
        )
        pages = (
            self.dashboard,
            self.cases,
            self.review,
            self.disbursements,
            self.reports,
            self.settings,
        )
        for n, (title, page) in enumerate(zip(titles, pages, strict=True), 1):
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("Ctrl+{n}").format(n=n))
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        self._build_menus()
        self._fill_status_bar()
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        self.cases.case_opened.connect(self.open_case)
        self.review.case_opened.connect(self.open_case)
        self.dashboard.cases_requested.connect(self._on_dashboard_cases_requested)
        self.dashboard.review_requested.connect(lambda: self.show_page("review"))
        self.review.pair_decided.connect(self._on_case_saved)
        self.cases.new_registration_requested.connect(self.new_registration)
        self.cases.columns_changed.connect(self.columns_changed)
        self.cases.sort_changed.connect(self.sort_changed)
        self.settings.language_chosen.connect(self.language_chosen)
        self.settings.suspensions_changed.connect(self.reload)
        self.reports.registrations_imported.connect(self._on_case_saved)
        self.disbursements.payments_imported.connect(self._on_case_saved)
        self.review.decisions_imported.connect(self._on_case_saved)
        self.navigation.setCurrentRow(1)

    # -- building --------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New registration…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_registration)
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.reload)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for n in range(self.navigation.count()):
            action = QAction(self.navigation.item(n).text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.triggered.connect(lambda _c=False, row=n: self.navigation.setCurrentRow(row))
            go_menu.addAction(action)
        find = QAction(self.tr("&Find a case"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._on_find_triggered)
        go_menu.addSeparator()
        go_menu.addAction(find)
        self.addActions([self.new_action, self.refresh_action, find])

    def _fill_status_bar(self) -> None:
        actor, office = self.services.actor, self.services.office
        lang = self.services.language
        self.user_label.setText(
            self.tr("Signed in: {name} ({roles})").format(
                name=actor.full_name or actor.username,
                roles=", ".join(label(r, lang) for r in sorted(actor.roles))
                or roles_text((), lang),
            )
        )
        self.office_label.setText(
            self.tr("Office: {code} — {name}, {country}").format(
                code=office.code, name=office.name, country=country_name(office.country, lang)
            )
        )
        self.database_label.setText(
            self.tr("Database: {label}").format(label=self.services.db.label)
        )

    # -- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the newest cases at once, then load every case on the worker thread."""
        db = self.services.db
        self.cases.show_first_rows(first_rows(db), case_count(db))
        self._update_banner()
        QTimer.singleShot(0, self.case_list_shown.emit)
        # After the first paint: the worker must not compete with it.
        QTimer.singleShot(0, self._load_index)

    def reload(self) -> None:
        self._update_banner()
        self._load_index()

    def _load_index(self) -> None:
        if self._loading:
            return
        self._loading = True
        db = self.services.db

        def work(progress: object, cancelled: object) -> CaseIndex | None:
            return load_index(db, progress, cancelled)  # type: ignore[arg-type]

        self.services.jobs.start(
            work,
            on_finished=self._on_index_loaded,
            on_failed=self._on_index_failed,
        )

    def _on_index_loaded(self, index: CaseIndex | None) -> None:
        self._loading = False
        if index is None:
            return
        self.index = index
        self.cases.set_index(index)
        self.dashboard.set_index(index)
        self.review.set_index(index)
        self.disbursements.refresh()
        self.settings.set_index(index)
        self.cases_loaded.emit(len(index))

    def _on_index_failed(self, error: BaseException) -> None:
        self._loading = False
        show_refusal(self, error)

    def _update_banner(self) -> None:
        suspensions = [s for s in list_suspensions(self.services.db) if s.open]
        if not suspensions:
            self.banner.hide()
            return
        lang = self.services.language
        lines = [
            self.tr("Assistance suspended since {date} for {scope}: {reason} ({progress})").format(
                date=format_datetime(s.opened_at),
                scope=scope_text(s, lang),
                reason=s.reason,
                progress=progress_text(s),
            )
            for s in suspensions
        ]
        self.banner.setText("\n".join(lines))
        self.banner.show()

    # -- slots -----------------------------------------------------------------------------------

    def _on_navigation_current_row_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)

    def _on_find_triggered(self) -> None:
        self.navigation.setCurrentRow(1)
        self.cases.focus_search()

    def show_page(self, name: str) -> None:
        self.navigation.setCurrentRow(self.PAGES.index(name))

    def _on_dashboard_cases_requested(self, wanted: dict[str, object]) -> None:
        """A figure of the Dashboard was clicked: the Cases page with just that filter."""
        cases = self.cases
        cases.search.clear()
        cases.duplicates.setChecked(False)
        for key, combo in (
            ("state", cases.state),
            ("country_of_origin", cases.country),
            ("on_hold", cases.hold),
        ):
            combo.setCurrentIndex(max(combo.findData(wanted.get(key)), 0))
        cases.centre.setCurrentIndex(0)
        self.show_page("cases")

    def open_case(self, case_id: int) -> None:
        from ui.case_file import CaseFileDialog

        dialog = CaseFileDialog(self.services, case_id, self)
        dialog.case_saved.connect(self._on_case_saved)
        dialog.open()
        self._open_dialog = dialog

    def new_registration(self) -> None:
        from ui.registration import RegistrationDialog

        dialog = RegistrationDialog(self.services, self.index, self)
        dialog.case_saved.connect(self._on_case_saved)
        dialog.open()
        self._open_dialog = dialog

    def _on_case_saved(self, case_id: int) -> None:
        self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
