"""Dialogs of the Settings page: a user (new, or their roles), a password, an exchange rate, a
suspension. Each calls its operation in models/ and shows the refusal inside the dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.months import month_of
from models.reference import country_name
from models.users import Actor
from models.vocabulary import ROLES, SUSPENSION_SCOPES, label
from ui.common import error_label, heading, ok_cancel, show_error


class FormDialog(QDialog):
    """A titled form with OK/Cancel whose OK runs ``self.save()`` and shows its refusal."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = ok_cancel(ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(480, 300)

    def save(self) -> None:  # overridden
        raise NotImplementedError

    def _on_buttons_accepted(self) -> None:
        try:
            self.save()
        except RgmError as exc:
            show_error(self.error, exc)
            return
        self.accept()


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(FormDialog):
    """A new user (``save`` calls ``create``), or the roles of an existing one (``set_roles``)."""

    def __init__(
        self,
        language: str,
        save: Callable[[str, str, str, list[str]], object],
        user: Actor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            self.tr("Roles of {user}").format(user=user.username) if user else self.tr("New user")
        )
        super().__init__(title, self.tr("Save"), parent)
        self._save = save
        self.username = QLineEdit(user.username if user else "")
        self.username.setReadOnly(user is not None)
        self.full_name = QLineEdit(user.full_name if user else "")
        self.full_name.setReadOnly(user is not None)
        self.password = _password()
        self.roles: dict[str, QCheckBox] = {}
        roles_box = QWidget()
        roles_row = QHBoxLayout(roles_box)
        roles_row.setContentsMargins(0, 0, 0, 0)
        for role in ROLES:
            box = QCheckBox(label(role, language))
            box.setChecked(bool(user and role in user.roles))
            self.roles[role] = box
            roles_row.addWidget(box)
        self.form.addRow(self.tr("User name"), self.username)
        self.form.addRow(self.tr("Full name"), self.full_name)
        if user is None:
            self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow(self.tr("Roles"), roles_box)

    def chosen_roles(self) -> list[str]:
        return [r for r, box in self.roles.items() if box.isChecked()]

    def save(self) -> None:
        self._save(
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.password.text(),
            self.chosen_roles(),
        )


class PasswordDialog(FormDialog):
    def __init__(
        self, username: str, save: Callable[[str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("New password for {user}").format(user=username), self.tr("Save"), parent
        )
        self._save = save
        self.password = _password()
        self.again = _password()
        self.form.addRow(self.tr("New password"), self.password)
        self.form.addRow(self.tr("Again to confirm"), self.again)

    def save(self) -> None:
        if self.password.text() != self.again.text():
            raise RgmError(self.tr("The two entries differ."))
        self._save(self.password.text())


class RateDialog(FormDialog):
    def __init__(
        self, currency: str, save: Callable[[str, str, str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Exchange rate"), self.tr("Set the rate"), parent)
        self._save = save
        self.month = QLineEdit(month_of(dt.date.today()))
        self.month.setPlaceholderText(self.tr("YYYY-MM"))
        self.currency = QLineEdit(currency)
        self.currency.setMaxLength(3)
        self.per_eur = QLineEdit()
        self.per_eur.setPlaceholderText("655.957")
        self.form.addRow(self.tr("Month"), self.month)
        self.form.addRow(self.tr("Currency"), self.currency)
        self.form.addRow(self.tr("Units for one euro"), self.per_eur)

    def save(self) -> None:
        self._save(self.month.text().strip(), self.currency.text().strip(), self.per_eur.text())


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class SuspensionDialog(FormDialog):
    """Scope, value or dates, and reason of a new suspension."""

    def __init__(
        self,
        language: str,
        countries: Sequence[str],
        centres: Sequence[str],
        save: Callable[[str, str | None, dt.date | None, dt.date | None, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Suspend assistance"), self.tr("Open the suspension"), parent)
        self._save = save
        self.scope = QComboBox()
        scopes = {
            "office": self.tr("the whole office"),
            "country_of_origin": self.tr("a country of origin"),
            "transit_centre": self.tr("a transit centre"),
            "registration_dates": self.tr("cases registered in a period"),
        }
        for code in SUSPENSION_SCOPES:
            self.scope.addItem(scopes.get(code, code), code)
        self.country = QComboBox()
        for code in countries:
            self.country.addItem(country_name(code, language), code)
        self.centre = QComboBox()
        self.centre.setEditable(True)
        self.centre.addItems(list(centres))
        self.use_from = QCheckBox(self.tr("From"))
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-3))
        self.use_to = QCheckBox(self.tr("To"))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.use_from, self.date_from, self.use_to, self.date_to):
            row.addWidget(w)
        row.addStretch(1)
        self.reason = QLineEdit()
        self.form.addRow(self.tr("Scope"), self.scope)
        self.form.addRow(self.tr("Country of origin"), self.country)
        self.form.addRow(self.tr("Transit centre"), self.centre)
        self.form.addRow(self.tr("Registered"), dates)
        self.form.addRow(self.tr("Reason"), self.reason)
        self._dates = dates
        self.scope.currentIndexChanged.connect(self._on_scope_current_index_changed)
        self._on_scope_current_index_changed(0)

    def _on_scope_current_index_changed(self, _i: int) -> None:
        scope = self.scope.currentData()
        for widget, used in (
            (self.country, scope == "country_of_origin"),
            (self.centre, scope == "transit_centre"),
            (self._dates, scope == "registration_dates"),
        ):
            widget.setEnabled(used)

    def save(self) -> None:
        scope = self.scope.currentData()
        value = {
            "country_of_origin": self.country.currentData(),
            "transit_centre": self.centre.currentText().strip(),
        }.get(scope)
        dated = scope == "registration_dates"
        self._save(
            scope,
            value,
            _day(self.date_from) if dated and self.use_from.isChecked() else None,
            _day(self.date_to) if dated and self.use_to.isChecked() else None,
            self.reason.text().strip(),
        )


class SupplierDialog(FormDialog):
    def __init__(
        self, save: Callable[[str, str, str, str], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("New supplier"), self.tr("Save"), parent)
        self._save = save
        self.name = QLineEdit()
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("+223…")
        self.supplies = QLineEdit()
        self.form.addRow(self.tr("Name"), self.name)
        self.form.addRow(self.tr("Contact"), self.contact)
        self.form.addRow(self.tr("Phone"), self.phone)
        self.form.addRow(self.tr("Supplies"), self.supplies)

    def save(self) -> None:
        self._save(
            self.name.text(), self.contact.text().strip(), self.phone.text().strip(),
            self.supplies.text().strip(),
        )  # fmt: skip
