"""Signing in: user name and password; refusals (wrong password, lock-out) shown in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.database import Database
from models.errors import Refused
from models.users import Actor, authenticate
from ui.common import error_label, heading, muted, ok_cancel, show_error


class SignInView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in — Reintegration Grant Manager"))
        self.title = heading(self.tr("Sign in"))
        self.office = muted("")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Sign in"))
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.office)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)


class SignInDialog(SignInView):
    """Asks for a user name and password until ``authenticate`` accepts them."""

    signed_in = Signal(object)

    def __init__(
        self, db: Database, office_text: str = "", username: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self.actor: Actor | None = None
        self.office.setText(office_text)
        self.office.setVisible(bool(office_text))
        self.username.setText(username)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        name = self.username.text().strip()
        if not name:
            show_error(self.error, self.tr("Type your user name."))
            return
        try:
            self.actor = authenticate(self._db, name, self.password.text())
        except Refused as exc:
            show_error(self.error, str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.signed_in.emit(self.actor)
        self.accept()
