"""First start: the office, its language, the first administrator, the key, and demo data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.reference import all_countries
from models.vocabulary import DEMO_CASES
from ui.common import error_label, heading, muted, ok_cancel, show_error


@dataclass(frozen=True)
class FirstStartChoice:
    code: str
    name: str
    country: str
    language: str
    admin: str
    full_name: str
    password: str
    passphrase: str | None  # None: the key goes to the keyring
    demo_cases: int  # 0: no demo data


class FirstStartView(QDialog):
    def __init__(self, language: str, keyring_available: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("First start — Reintegration Grant Manager"))
        self.intro = muted(
            self.tr(
                "No database was found on this computer. Describe your office and its first "
                "administrator; everything can be changed later in Settings."
            )
        )
        self.code = QLineEdit()
        self.code.setMaxLength(6)
        self.code.setPlaceholderText(self.tr("e.g. BKO"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Bureau de Bamako"))
        self.country = QComboBox()
        for code, name in all_countries(language):
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(self.country.findData("MLI"), 0))
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.admin = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)

        self.use_keyring = QRadioButton(self.tr("Random key kept in this computer's keyring"))
        self.use_passphrase = QRadioButton(self.tr("A passphrase typed at each start"))
        self.key_group = QButtonGroup(self)
        self.key_group.addButton(self.use_keyring)
        self.key_group.addButton(self.use_passphrase)
        self.use_keyring.setEnabled(keyring_available)
        (self.use_keyring if keyring_available else self.use_passphrase).setChecked(True)
        self.keyring_note = muted(
            ""
            if keyring_available
            else self.tr("This computer has no secure keyring: a passphrase is needed.")
        )
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)

        self.demo = QCheckBox(self.tr("Load demo data to try the application"))
        self.demo_cases = QSpinBox()
        self.demo_cases.setRange(10, 100_000)
        self.demo_cases.setValue(DEMO_CASES)
        self.demo_cases.setSuffix(self.tr(" cases"))

        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Create"))

        office = QGroupBox(self.tr("Office"))
        f1 = QFormLayout(office)
        f1.addRow(self.tr("Code"), self.code)
        f1.addRow(self.tr("Name"), self.name)
        f1.addRow(self.tr("Country"), self.country)
        f1.addRow(self.tr("Language"), self.language)
        admin = QGroupBox(self.tr("First administrator"))
        f2 = QFormLayout(admin)
        f2.addRow(self.tr("User name"), self.admin)
        f2.addRow(self.tr("Full name"), self.full_name)
        f2.addRow(self.tr("Password"), self.password)
        f2.addRow(self.tr("Password again"), self.password_again)
        key = QGroupBox(self.tr("Database encryption"))
        f3 = QFormLayout(key)
        f3.addRow(self.use_keyring)
        f3.addRow(self.use_passphrase)
        f3.addRow(self.keyring_note)
        f3.addRow(self.tr("Passphrase"), self.passphrase)
        f3.addRow(self.tr("Passphrase again"), self.passphrase_again)
        demo = QGroupBox(self.tr("Demo data"))
        f4 = QFormLayout(demo)
        f4.addRow(self.demo)
        f4.addRow(self.tr("Number of cases"), self.demo_cases)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Welcome")))
        layout.addWidget(self.intro)
        layout.addWidget(office)
        layout.addWidget(admin)
        layout.addWidget(key)
        layout.addWidget(demo)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)


class FirstStartDialog(FirstStartView):
    """Collects the set-up and hands it to ``create`` (which raises a refusal to show)."""

    def __init__(
        self,
        language: str,
        keyring_available: bool,
        create: Callable[[FirstStartChoice], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(language, keyring_available, parent)
        self._create = create
        self.choice: FirstStartChoice | None = None
        self.result_value: object = None
        self.use_passphrase.toggled.connect(self._on_use_passphrase_toggled)
        self.demo.toggled.connect(self.demo_cases.setEnabled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_use_passphrase_toggled(self.use_passphrase.isChecked())
        self.demo_cases.setEnabled(False)
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_use_passphrase_toggled(self, checked: bool) -> None:
        self.passphrase.setEnabled(checked)
        self.passphrase_again.setEnabled(checked)

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.password_again.text():
            show_error(self.error, self.tr("The two passwords differ."))
            return
        passphrase: str | None = None
        if self.use_passphrase.isChecked():
            if self.passphrase.text() != self.passphrase_again.text():
                show_error(self.error, self.tr("The two passphrases differ."))
                return
            passphrase = self.passphrase.text()
        self.choice = FirstStartChoice(
            code=self.code.text().strip(),
            name=self.name.text().strip(),
            country=str(self.country.currentData()),
            language=str(self.language.currentData()),
            admin=self.admin.text().strip(),
            full_name=self.full_name.text().strip(),
            password=self.password.text(),
            passphrase=passphrase,
            demo_cases=self.demo_cases.value() if self.demo.isChecked() else 0,
        )
        try:
            self.result_value = self._create(self.choice)
        except RgmError as exc:
            show_error(self.error, str(exc))
            return
        self.accept()
