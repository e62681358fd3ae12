"""The identity fields of a returnee as a form, checked as the user types (the import's rules)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.reference import all_countries
from models.vocabulary import DOCUMENT_TYPES, VULNERABILITIES, label
from reports.imports.registration_check import Checked, check_registration

_ERROR_STYLE = "color: #b00020;"


class IdentityForm(QWidget):
    """Fields of a returnee; ``checked`` is emitted with the reading of the import's rules."""

    checked = Signal(object)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = language
        self.source_ref = QLineEdit()
        self.family_name = QLineEdit()
        self.given_names = QLineEdit()
        self.sex = QComboBox()
        self.sex.addItem("", None)
        self.sex.addItem(label("F", language), "F")
        self.sex.addItem(label("M", language), "M")
        self.birth_date = QLineEdit()
        self.birth_date.setPlaceholderText(self.tr("dd/mm/yyyy, or a year: vers 1990"))
        countries = all_countries(language)
        self.nationality = self._country_combo(countries)
        self.country_of_origin = self._country_combo(countries)
        self.document_type = QComboBox()
        for code in DOCUMENT_TYPES:
            self.document_type.addItem(label(code, language), code)
        self.document_type.setCurrentIndex(self.document_type.findData("none"))
        self.document_number = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("as people type it: 76 12 34 56, +223…"))
        self.place_of_origin = QLineEdit()
        self.returned_from = self._country_combo(countries)
        self.border_post = QLineEdit()
        self.arrival_date = QLineEdit()
        self.arrival_date.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.transit_centre = QLineEdit()
        self.vulnerabilities = {code: QCheckBox(label(code, language)) for code in VULNERABILITIES}
        self.household_size = QSpinBox()
        self.household_size.setRange(1, 99)
        self.consent_date = QLineEdit()
        self.consent_date.setPlaceholderText(self.tr("date of consent, or oui"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.errors: dict[str, QLabel] = {}

        form = QFormLayout(self)
        rows = (
            ("family_name", self.tr("Family name"), self.family_name),
            ("given_names", self.tr("Given names"), self.given_names),
            ("sex", self.tr("Sex"), self.sex),
            ("birth_date", self.tr("Date of birth"), self.birth_date),
            ("nationality", self.tr("Nationality"), self.nationality),
            ("country_of_origin", self.tr("Country of origin"), self.country_of_origin),
            ("document_type", self.tr("Document type"), self.document_type),
            ("document_number", self.tr("Document number"), self.document_number),
            ("phone", self.tr("Phone"), self.phone),
            ("place_of_origin", self.tr("Place of origin"), self.place_of_origin),
            ("returned_from", self.tr("Returned from"), self.returned_from),
            ("border_post", self.tr("Border post"), self.border_post),
            ("arrival_date", self.tr("Arrival date"), self.arrival_date),
            ("transit_centre", self.tr("Transit centre"), self.transit_centre),
            ("household_size", self.tr("Household size"), self.household_size),
            ("consent_date", self.tr("Consent"), self.consent_date),
            ("source_ref", self.tr("Field reference"), self.source_ref),
        )
        for name, text, widget in rows:
            error = QLabel()
            error.setStyleSheet(_ERROR_STYLE)
            error.hide()
            self.errors[name] = error
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(text, box)
        vuln = QGridLayout()
        for n, box in enumerate(self.vulnerabilities.values()):
            vuln.addWidget(box, n // 3, n % 3)
        self.errors["vulnerabilities"] = QLabel()
        form.addRow(self.tr("Vulnerabilities"), vuln)
        form.addRow(self.tr("Notes"), self.notes)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.check)
        for widget in (
            self.family_name, self.given_names, self.birth_date, self.document_number,
            self.phone, self.place_of_origin, self.border_post, self.arrival_date,
            self.transit_centre, self.consent_date, self.source_ref,
        ):  # fmt: skip
            widget.textEdited.connect(self._on_field_edited)
        for combo in (
            self.sex, self.nationality, self.country_of_origin, self.document_type,
            self.returned_from,
        ):  # fmt: skip
            combo.currentIndexChanged.connect(self._on_field_edited)
        self.household_size.valueChanged.connect(self._on_field_edited)
        for box in self.vulnerabilities.values():
            box.toggled.connect(self._on_field_edited)
        self.last: Checked | None = None

    def _country_combo(self, countries: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(False)
        # Long country names must not widen the whole form.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.addItem("", None)
        for code, name in countries:
            combo.addItem(name, code)
        return combo

    # -- values ----------------------------------------------------------------------------------

    def cells(self) -> dict[str, Any]:
        """What the user typed, as the import would read it from cells."""
        return {
            "source_ref": self.source_ref.text(),
            "family_name": self.family_name.text(),
            "given_names": self.given_names.text(),
            "sex": self.sex.currentData(),
            "birth_date": self.birth_date.text(),
            "nationality": self.nationality.currentData(),
            "country_of_origin": self.country_of_origin.currentData(),
            "document_type": self.document_type.currentData(),
            "document_number": self.document_number.text(),
            "phone": self.phone.text(),
            "place_of_origin": self.place_of_origin.text(),
            "returned_from": self.returned_from.currentData(),
            "border_post": self.border_post.text(),
            "arrival_date": self.arrival_date.text(),
            "transit_centre": self.transit_centre.text(),
            "vulnerabilities": " ".join(
                c for c, b in self.vulnerabilities.items() if b.isChecked()
            ),
            "household_size": self.household_size.value(),
            "consent_date": self.consent_date.text(),
            "notes": self.notes.toPlainText(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form from stored values (dates shown as dd/mm/yyyy or a year)."""
        widgets = self.blockSignals(True)

        def day(value: dt.date | None) -> str:
            return value.strftime("%d/%m/%Y") if value else ""

        self.source_ref.setText(values.get("source_ref") or "")
        self.family_name.setText(values.get("family_name") or "")
        self.given_names.setText(values.get("given_names") or "")
        self.sex.setCurrentIndex(max(self.sex.findData(values.get("sex")), 0))
        born = values.get("birth_date")
        if born and values.get("birth_precision") == "year":
            self.birth_date.setText(str(born.year))
        else:
            self.birth_date.setText(day(born))
        for name in ("nationality", "country_of_origin", "returned_from"):
            combo: QComboBox = getattr(self, name)
            combo.setCurrentIndex(max(combo.findData(values.get(name)), 0))
        self.document_type.setCurrentIndex(
            max(self.document_type.findData(values.get("document_type") or "none"), 0)
        )
        self.document_number.setText(values.get("document_number") or "")
        self.phone.setText(values.get("phone") or "")
        self.place_of_origin.setText(values.get("place_of_origin") or "")
        self.border_post.setText(values.get("border_post") or "")
        self.arrival_date.setText(day(values.get("arrival_date")))
        self.transit_centre.setText(values.get("transit_centre") or "")
        codes = set((values.get("vulnerabilities") or "").split())
        for code, box in self.vulnerabilities.items():
            box.setChecked(code in codes)
        self.household_size.setValue(int(values.get("household_size") or 1))
        self.consent_date.setText(day(values.get("consent_date")))
        self.notes.setPlainText(values.get("notes") or "")
        self.blockSignals(widgets)

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QWidget):
            if isinstance(child, QLineEdit | QPlainTextEdit):
                child.setReadOnly(read_only)
            elif isinstance(child, QComboBox | QSpinBox | QCheckBox):
                child.setEnabled(not read_only)

    # -- checking --------------------------------------------------------------------------------

    def check(self) -> Checked:
        result = check_registration(self.cells())
        for name, error in self.errors.items():
            text = result.errors.get(name, "")
            error.setText(text[:1].upper() + text[1:])
            error.setVisible(bool(text))
        self.last = result
        self.checked.emit(result)
        return result

    def _on_field_edited(self, *_args: object) -> None:
        self._timer.start()
