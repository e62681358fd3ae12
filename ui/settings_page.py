"""The Settings page: office, language of the window, users, exchange rates, suspensions,
suppliers, integrity (the office's signing key, the audit trail) and backups
(``ui.backups_tab``).

Administrators manage users, rates and suspensions here; everyone else sees them, with the
buttons disabled and a tooltip saying who may. Every change goes through an operation of models/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import holds, users
from models.case_list import CaseIndex
from models.errors import RgmError
from models.holds import SuspensionView
from models.permissions import allowed, who_may
from models.reference import country_name
from models.users import Actor, list_users
from models.vocabulary import label
from ui.common import (
    Services,
    format_date,
    format_datetime,
    format_number,
    heading,
    muted,
    sentence,
    show_refusal,
)
from ui.list_model import ListColumn, ListModel, table_view
from ui.settings_dialogs import (
    PasswordDialog,
    RateDialog,
    SupplierDialog,
    SuspensionDialog,
    UserDialog,
)

if TYPE_CHECKING:  # money operations are imported when first used: start-up stays quick
    from models.payments import RateView
    from models.suppliers import SupplierView

UserRow = tuple[Actor, bool, dt.datetime | None]


def scope_text(s: SuspensionView | object, lang: str) -> str:
    """What a suspension covers, in words."""
    from PySide6.QtCore import QCoreApplication

    scope, value = getattr(s, "scope", ""), getattr(s, "scope_value", None) or ""
    if scope == "office":
        return QCoreApplication.translate("Suspensions", "the whole office")
    if scope == "country_of_origin":
        return QCoreApplication.translate("Suspensions", "country of origin {value}").format(
            value=country_name(value, lang)
        )
    if scope == "transit_centre":
        text = QCoreApplication.translate("Suspensions", "transit centre {value}")
        prefix = text.split("{value}")[0].strip().lower()
        if prefix and value.lower().startswith(prefix):
            return value  # "Centre de transit de Gao" already says what it is
        return text.format(value=value)
    start, end = getattr(s, "date_from", None), getattr(s, "date_to", None)
    return QCoreApplication.translate(
        "Suspensions", "cases registered from {start} to {end}"
    ).format(start=format_date(start) or "…", end=format_date(end) or "…")


def progress_text(s: SuspensionView) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Suspensions", "{done} of {total} re-screened").format(
        done=format_number(s.released), total=format_number(s.held)
    )


class SettingsPage(QWidget):
    """Office, language of the window (applied at the next start), users, rates, suspensions."""

    language_chosen = Signal(str)
    suspensions_changed = Signal()
    database_restored = Signal(object)  # models.backup.RestoreInfo

    def __init__(
        self, services: Services, saved_language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._index: CaseIndex | None = None
        self.child: QWidget | None = None
        office, lang = services.office, services.language
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(saved_language), 0))
        self.language_note = muted("")
        office_box = QGroupBox(self.tr("Office"))
        form = QFormLayout(office_box)
        form.addRow(self.tr("Code"), QLabel(office.code))
        form.addRow(self.tr("Name"), QLabel(office.name))
        form.addRow(self.tr("Country"), QLabel(country_name(office.country, lang)))
        form.addRow(self.tr("Currency"), QLabel(office.currency))
        language_box = QGroupBox(self.tr("Language of the window"))
        lang_form = QFormLayout(language_box)
        lang_form.addRow(self.tr("Language"), self.language)
        lang_form.addRow(self.language_note)

        # users
        self.users_model: ListModel[UserRow] = ListModel(
            [
                ListColumn(self.tr("User"), lambda u: u[0].username),
                ListColumn(self.tr("Full name"), lambda u: u[0].full_name),
                ListColumn(
                    self.tr("Roles"),
                    lambda u: ", ".join(label(r, lang) for r in sorted(u[0].roles)),
                ),
                ListColumn(
                    self.tr("Status"),
                    lambda u: self.tr("active") if u[1] else self.tr("deactivated"),
                ),
                ListColumn(
                    self.tr("Locked until"), lambda u: format_datetime(u[2]) if u[2] else ""
                ),
            ],
            self,
        )
        self.users = table_view(self.users_model)
        self.add_user = QPushButton(self.tr("Add a user…"))
        self.edit_roles = QPushButton(self.tr("Change the roles…"))
        self.toggle_active = QPushButton(self.tr("Deactivate"))
        self.reset_password = QPushButton(self.tr("Set a new password…"))
        users_tab = _tab(
            self.users, self.add_user, self.edit_roles, self.toggle_active, self.reset_password
        )

        # exchange rates
        self.rates_model: ListModel[RateView] = ListModel(
            [
                ListColumn(self.tr("Month"), lambda r: r.month),
                ListColumn(self.tr("Currency"), lambda r: r.currency),
                ListColumn(
                    self.tr("Units for one euro"),
                    lambda r: _decimal(r.per_eur),
                    Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.rates = table_view(self.rates_model)
        self.missing_rates = QLabel()
        self.missing_rates.setWordWrap(True)
        self.set_rate = QPushButton(self.tr("Set a rate…"))
        rates_tab = _tab(self.rates, self.set_rate, note=self.missing_rates)

        # suspensions
        self.suspensions_model: ListModel[SuspensionView] = ListModel(
            [
                ListColumn(self.tr("Opened"), lambda s: format_datetime(s.opened_at)),
                ListColumn(self.tr("Scope"), lambda s: scope_text(s, lang)),
                ListColumn(self.tr("Progress"), progress_text),
                ListColumn(
                    self.tr("Closed"),
                    lambda s: format_datetime(s.closed_at) if s.closed_at else self.tr("open"),
                ),
                ListColumn(self.tr("Reason"), lambda s: s.reason),
            ],
            self,
        )
        self.suspensions = table_view(self.suspensions_model)
        self.open_suspension = QPushButton(self.tr("Suspend assistance…"))
        self.close_suspension = QPushButton(self.tr("Close the suspension…"))
        suspensions_tab = _tab(self.suspensions, self.open_suspension, self.close_suspension)

        # suppliers
        self.suppliers_model: ListModel[SupplierView] = ListModel(
            [
                ListColumn(self.tr("Name"), lambda s: s.name),
                ListColumn(self.tr("Contact"), lambda s: s.contact),
                ListColumn(self.tr("Phone"), lambda s: s.phone or ""),
                ListColumn(self.tr("Supplies"), lambda s: s.supplies),
            ],
            self,
        )
        self.suppliers = table_view(self.suppliers_model)
        self.add_supplier = QPushButton(self.tr("Add a supplier…"))
        suppliers_tab = _tab(self.suppliers, self.add_supplier)

        from ui.backups_tab import BackupsTab

        self.backups = BackupsTab(services)
        self.backups.database_restored.connect(self.database_restored)

        self.tabs = QTabWidget()
        self.tabs.addTab(users_tab, self.tr("Users"))
        self.tabs.addTab(rates_tab, self.tr("Exchange rates"))
        self.tabs.addTab(suspensions_tab, self.tr("Suspensions"))
        self.tabs.addTab(suppliers_tab, self.tr("Suppliers"))
        from ui.integrity_tab import IntegrityTab

        self.integrity = IntegrityTab(services)
        self.tabs.addTab(self.integrity, self.tr("Integrity"))
        self.tabs.addTab(self.backups, self.tr("Backups"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Settings")))
        top = QHBoxLayout()
        top.addWidget(office_box, 1)
        top.addWidget(language_box, 1)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)
        self.add_user.clicked.connect(self._on_add_user_clicked)
        self.edit_roles.clicked.connect(self._on_edit_roles_clicked)
        self.toggle_active.clicked.connect(self._on_toggle_active_clicked)
        self.reset_password.clicked.connect(self._on_reset_password_clicked)
        self.set_rate.clicked.connect(self._on_set_rate_clicked)
        self.add_supplier.clicked.connect(self._on_add_supplier_clicked)
        self.open_suspension.clicked.connect(self._on_open_suspension_clicked)
        self.close_suspension.clicked.connect(self._on_close_suspension_clicked)
        self.users.selectionModel().selectionChanged.connect(self._update_buttons)
        self.suspensions.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # -- showing ---------------------------------------------------------------------------------

    def set_index(self, index: CaseIndex) -> None:
        self._index = index
        self.refresh()

    def refresh(self) -> None:
        from models import payments
        from models.case_list import missing_rate_months
        from models.suppliers import list_suppliers

        db = self._services.db
        self.users_model.set_rows(list_users(db))
        self.rates_model.set_rows(payments.list_rates(db))
        missing = missing_rate_months(db)
        self.missing_rates.setText(
            self.tr("Payments without an exchange rate: {months}").format(
                months=", ".join(f"{m} {c}" for m, c in missing)
            )
            if missing
            else self.tr("Every month with payments has its exchange rate.")
        )
        self.missing_rates.setStyleSheet("color: #a4000f;" if missing else "")
        self.suspensions_model.set_rows(holds.list_suspensions(db))
        self.suppliers_model.set_rows(list_suppliers(db))
        for view in (self.users, self.rates, self.suspensions, self.suppliers):
            view.resizeColumnsToContents()
        self.integrity.refresh()
        self.backups.refresh()
        self._update_buttons()

    def _admin_only(self, button: QPushButton, action: str | None, enabled: bool = True) -> bool:
        ok, why = allowed(self._services.actor, action or "user.manage")
        if not ok:
            why = sentence(why) + "\n" + sentence(who_may(action or "user.manage"))
        button.setEnabled(ok and enabled)
        button.setToolTip(why)
        return ok

    def _update_buttons(self, *_args: object) -> None:
        user = self.selected_user()
        self._admin_only(self.add_user, None)
        self._admin_only(self.edit_roles, None, user is not None)
        self._admin_only(self.toggle_active, None, user is not None)
        self.toggle_active.setText(
            self.tr("Reactivate") if user is not None and not user[1] else self.tr("Deactivate")
        )
        if user is None:
            self._admin_only(self.reset_password, None, False)
        else:
            ok, why = users.may_change_password(self._services.actor, user[0].username)
            self.reset_password.setEnabled(ok)
            self.reset_password.setToolTip(
                "" if ok else sentence(why) + "\n" + sentence(who_may("user.manage"))
            )
        self._admin_only(self.set_rate, "rate.set")
        self._admin_only(self.add_supplier, "supplier.edit")
        self._admin_only(self.open_suspension, "suspension.open")
        chosen = self.selected_suspension()
        self._admin_only(
            self.close_suspension, "suspension.close", chosen is not None and chosen.open
        )

    def selected_user(self) -> UserRow | None:
        index = self.users.currentIndex()
        return self.users_model.row_at(index.row()) if index.isValid() else None

    def selected_suspension(self) -> SuspensionView | None:
        index = self.suspensions.currentIndex()
        return self.suspensions_model.row_at(index.row()) if index.isValid() else None

    # -- actions ---------------------------------------------------------------------------------

    def _open(self, dialog: QWidget, on_done: Callable[[], None] | None = None) -> None:
        self.child = dialog
        dialog.accepted.connect(on_done or self.refresh)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def _on_add_user_clicked(self) -> None:
        db, actor = self._services.db, self._services.actor

        def save(username: str, full_name: str, password: str, roles: list[str]) -> None:
            users.create_user(db, actor, username, password, roles, full_name=full_name)

        self._open(UserDialog(self._services.language, save, None, self))

    def _on_edit_roles_clicked(self) -> None:
        row = self.selected_user()
        if row is None:
            return
        db, actor = self._services.db, self._services.actor

        def save(username: str, _full_name: str, _password: str, roles: list[str]) -> None:
            users.set_roles(db, actor, username, roles)

        self._open(UserDialog(self._services.language, save, row[0], self))

    def _on_toggle_active_clicked(self) -> None:
        row = self.selected_user()
        if row is None:
            return
        try:
            users.set_active(self._services.db, self._services.actor, row[0].username, not row[1])
        except RgmError as exc:
            show_refusal(self, exc)
        self.refresh()

    def _on_reset_password_clicked(self) -> None:
        row = self.selected_user()
        if row is None:
            return
        db, actor, name = self._services.db, self._services.actor, row[0].username
        self._open(
            PasswordDialog(name, lambda pw: users.change_password(db, actor, name, pw), self)
        )

    def _on_set_rate_clicked(self) -> None:
        from models import payments

        db, actor = self._services.db, self._services.actor
        self._open(
            RateDialog(
                self._services.office.currency,
                lambda month, currency, rate: payments.set_rate(db, actor, month, currency, rate),
                self,
            )
        )

    def _on_add_supplier_clicked(self) -> None:
        from models.suppliers import add_supplier

        db, actor = self._services.db, self._services.actor

        def save(name: str, contact: str, phone: str, supplies: str) -> None:
            add_supplier(db, actor, name, contact, phone or None, supplies)

        self._open(SupplierDialog(save, self))

    def _on_open_suspension_clicked(self) -> None:
        db, actor = self._services.db, self._services.actor
        index = self._index

        def save(
            scope: str, value: str | None, start: dt.date | None, end: dt.date | None, reason: str
        ) -> None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                holds.open_suspension(db, actor, scope, reason, value, start, end)
            finally:
                QGuiApplication.restoreOverrideCursor()

        countries = index.countries() if index else []
        centres = index.transit_centres() if index else []
        dialog = SuspensionDialog(self._services.language, countries, centres, save, self)
        self._open(dialog, self._on_suspensions_changed)

    def _on_close_suspension_clicked(self) -> None:
        chosen = self.selected_suspension()
        if chosen is None:
            return
        release = False
        if chosen.still_held:
            answer = QMessageBox.question(
                self,
                self.tr("Close the suspension"),
                self.tr(
                    "{n} cases are still held and not re-screened. Release them without a new "
                    "screening?"
                ).format(n=format_number(chosen.still_held)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            release = True
        try:
            holds.close_suspension(
                self._services.db, self._services.actor, chosen.id, release_remaining=release
            )
        except RgmError as exc:
            show_refusal(self, exc)
            return
        self._on_suspensions_changed()

    def _on_suspensions_changed(self) -> None:
        self.refresh()
        self.suspensions_changed.emit()

    def _on_language_current_index_changed(self, _i: int) -> None:
        lang = str(self.language.currentData())
        self.language_chosen.emit(lang)
        if lang != self._services.language:
            self.language_note.setText(
                self.tr("Saved: the window will be in this language at the next start.")
            )
        else:
            self.language_note.setText("")


def _decimal(value: Decimal) -> str:
    from ui.common import locale

    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    return locale().toString(int(whole)) + (locale().decimalPoint() + fraction if fraction else "")


def _tab(table: QWidget, *buttons: QPushButton, note: QLabel | None = None) -> QWidget:
    tab = QWidget()
    layout = QVBoxLayout(tab)
    layout.addWidget(table, 1)
    row = QHBoxLayout()
    if note is not None:
        row.addWidget(note, 1)
    else:
        row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    layout.addLayout(row)
    return tab
