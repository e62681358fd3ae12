"""The main window: navigation, the pages, the suspension banner and the status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.case_list import CaseIndex, case_count, first_rows, load_index
from models.holds import list_suspensions
from models.jobs import Cancelled
from models.permissions import check_now, on_signed_out
from models.reference import country_name
from models.vocabulary import label, roles_text
from ui.cases_page import CasesPage
from ui.common import Services, format_datetime, sentence, show_refusal
from ui.settings_page import progress_text, scope_text

if TYPE_CHECKING:
    from ui.dashboard import DashboardPage
    from ui.disbursements_page import DisbursementsPage
    from ui.pages import ReviewPage
    from ui.reports_page import ReportsPage
    from ui.settings_page import SettingsPage


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
    signed_out = Signal(object)  # the SignedOut refusal that ended the user's session

    PAGES = ("dashboard", "cases", "review", "disbursements", "reports", "settings")
    SESSION_CHECK_MS = 60_000

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
        # Set when a restore put another database in place, or the user was deactivated or lost
        # a role meanwhile: the window closes for a new sign-in.
        self.sign_in_again = False
        # Any operation that finds the signed-in user deactivated (models.permissions.current),
        # on any thread and however its page shows the refusal, signs the user out here.
        self._stop_listening = on_signed_out(self.signed_out.emit)
        self.signed_out.connect(self._on_signed_out)
        # ...and so does a window left open without acting: the user is looked up now and then.
        self.session_timer = QTimer(self)
        self.session_timer.setInterval(self.SESSION_CHECK_MS)
        self.session_timer.timeout.connect(self._on_session_timer_timeout)
        self.session_timer.start()
        self._saved_language = saved_language or services.language
        self.cases = CasesPage(services.language, columns, sort)
        # The other pages (and the modules behind them: workbooks, charts...) are built when
        # first shown or asked for, so that the case list appears as soon as possible.
        self._pages: dict[str, QWidget] = {"cases": self.cases}
        titles = (
            self.tr("Dashboard"),
            self.tr("Cases"),
            self.tr("Review"),
            self.tr("Disbursements"),
            self.tr("Reports"),
            self.tr("Settings"),
        )
        for n, (title, name) in enumerate(zip(titles, self.PAGES, strict=True), 1):
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("Ctrl+{n}").format(n=n))
            self.navigation.addItem(item)
            self.stack.addWidget(self._pages.get(name) or QWidget())
        self._build_menus()
        self._fill_status_bar()
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        self.cases.case_opened.connect(self.open_case)
        self.cases.new_registration_requested.connect(self.new_registration)
        self.cases.columns_changed.connect(self.columns_changed)
        self.cases.sort_changed.connect(self.sort_changed)
        self.navigation.setCurrentRow(1)

    # -- the pages, built on first use -----------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page ``name``, built now if it was not yet (and given the loaded cases)."""
        page = self._pages.get(name)
        if page is None:
            page = self._builders()[name]()
            self._pages[name] = page
            row = self.PAGES.index(name)
            placeholder = self.stack.widget(row)
            current = self.stack.currentIndex()
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            if self.index is not None:
                self._give_index(page, self.index)
        return page

    def _builders(self) -> dict[str, Callable[[], QWidget]]:
        return {
            "dashboard": self._build_dashboard,
            "review": self._build_review,
            "disbursements": self._build_disbursements,
            "reports": self._build_reports,
            "settings": self._build_settings,
        }

    def _build_dashboard(self) -> QWidget:
        from ui.dashboard import DashboardPage

        page = DashboardPage(self.services)
        page.cases_requested.connect(self._on_dashboard_cases_requested)
        page.review_requested.connect(lambda: self.show_page("review"))
        return page

    def _build_review(self) -> QWidget:
        from ui.pages import ReviewPage

        page = ReviewPage(self.services)
        page.case_opened.connect(self.open_case)
        page.pair_decided.connect(self._on_case_saved)
        page.decisions_imported.connect(self._on_case_saved)
        return page

    def _build_disbursements(self) -> QWidget:
        from ui.disbursements_page import DisbursementsPage

        page = DisbursementsPage(self.services)
        page.payments_imported.connect(self._on_case_saved)
        return page

    def _build_reports(self) -> QWidget:
        from ui.reports_page import ReportsPage

        page = ReportsPage(self.services)
        page.registrations_imported.connect(self._on_case_saved)
        return page

    def _build_settings(self) -> QWidget:
        from ui.settings_page import SettingsPage

        page = SettingsPage(self.services, self._saved_language)
        page.language_chosen.connect(self.language_chosen)
        page.suspensions_changed.connect(self.reload)
        page.database_restored.connect(self._on_database_restored)
        return page

    @staticmethod
    def _give_index(page: QWidget, index: CaseIndex) -> None:
        """The loaded cases, to a page that shows them (all but Reports)."""
        set_index = getattr(page, "set_index", None)
        if set_index is not None:
            set_index(index)

    @property
    def dashboard(self) -> DashboardPage:
        return self.page("dashboard")  # type: ignore[return-value]

    @property
    def review(self) -> ReviewPage:
        return self.page("review")  # type: ignore[return-value]

    @property
    def disbursements(self) -> DisbursementsPage:
        return self.page("disbursements")  # type: ignore[return-value]

    @property
    def reports(self) -> ReportsPage:
        return self.page("reports")  # type: ignore[return-value]

    @property
    def settings(self) -> SettingsPage:
        return self.page("settings")  # type: ignore[return-value]

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
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About Reintegration Grant Manager"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
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

        self.services.jobs.run(
            lambda job: load_index(db, job),
            on_finished=self._on_index_loaded,
            on_failed=self._on_index_failed,
        )

    def _on_index_loaded(self, index: CaseIndex) -> None:
        self._loading = False
        self.index = index
        for page in self._pages.values():  # the Cases page first, then those already built
            self._give_index(page, index)
        self.cases_loaded.emit(len(index))

    def _on_index_failed(self, error: BaseException) -> None:
        self._loading = False
        if not isinstance(error, Cancelled):  # cancelled: the window is closing
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
        self.page(self.PAGES[row])
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

    def show_about(self) -> None:
        from ui.about import AboutDialog

        dialog = AboutDialog(self.services, self)
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

    def _on_database_restored(self, info: object) -> None:
        """Another database is in place: its users may differ, so everyone signs in again."""
        QMessageBox.information(
            self,
            self.tr("Backup restored"),
            self.tr(
                "The backup is restored (the previous database was kept as {path}). The window "
                "closes now: sign in again."
            ).format(path=getattr(info, "kept_aside", None) or "—"),
        )
        self.sign_in_again = True
        self.close()

    def _on_session_timer_timeout(self) -> None:
        """Whether the signed-in user is still active with their roles (a refusal signs them
        out through ``_on_signed_out``; any other failure waits for the next look)."""
        try:
            check_now(self.services.db, self.services.actor, "case.read")
        except Exception:  # noqa: BLE001 - SignedOut was already handled by the listener
            return

    def _on_signed_out(self, error: object) -> None:
        """The signed-in user was deactivated or lost a role: say so, and close for a new
        sign-in (another user's refusal, in a test or a second window, is not ours)."""
        if self.sign_in_again or getattr(error, "params", {}).get("user") != (
            self.services.actor.username
        ):
            return
        self.sign_in_again = True
        self.session_timer.stop()
        self.jobs.cancel_all()
        QMessageBox.warning(
            self,
            self.tr("Signed out"),
            self.tr("{reason} The window closes now.").format(reason=sentence(str(error))),
        )
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_listening()
        super().closeEvent(event)
