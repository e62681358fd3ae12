"""Recording a payment against an instalment, and a monitoring visit.

``models.payments.record_payment`` and ``models.monitoring.record_visit`` decide (remaining amount,
conditions, locked months, holds); their refusals are shown inside the dialog.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models import money
from models.case_file import CaseFile
from models.errors import RgmError
from models.monitoring import record_visit
from models.payments import PaymentInput, record_payment
from models.vocabulary import PAYMENT_METHODS, label
from ui.common import (
    Services,
    error_label,
    format_date,
    format_money,
    heading,
    ok_cancel,
    show_error,
)


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDate(QDate.currentDate())
    edit.setMaximumDate(QDate.currentDate())
    return edit


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class PaymentView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a payment"))
        self.title = heading("")
        self.instalment = QComboBox()
        self.amount = QLineEdit()
        self.paid_on = _date_edit()
        self.method = QComboBox()
        self.receipt_ref = QLineEdit()
        self.supplier = QComboBox()
        self.note = QLineEdit()
        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Record the payment"))
        form = QFormLayout()
        form.addRow(self.tr("Instalment"), self.instalment)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Paid on"), self.paid_on)
        form.addRow(self.tr("Method"), self.method)
        form.addRow(self.tr("Receipt reference"), self.receipt_ref)
        form.addRow(self.tr("Supplier"), self.supplier)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 380)


class PaymentDialog(PaymentView):
    """Records one payment of the approved grant of a case."""

    payment_recorded = Signal(str)

    def __init__(
        self,
        services: Services,
        case: CaseFile,
        suppliers: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._case = services, case
        lang = services.language
        self.title.setText(self.tr("Payment for case {number}").format(number=case.number))
        grant = case.approved_grant
        self.currency = case.currency
        first_open = grant.first_open if grant else None
        for inst in grant.instalments if grant else ():
            remaining = inst.remaining
            self.instalment.addItem(
                self.tr("No. {n}: {condition}, {remaining} remaining of {planned}").format(
                    n=inst.number,
                    condition=label(inst.condition, lang),
                    remaining=format_money(remaining, self.currency),
                    planned=format_money(inst.amount, self.currency),
                ),
                (inst.number, str(money.round_to(remaining, self.currency))),
            )
            if inst.number == first_open:
                self.instalment.setCurrentIndex(self.instalment.count() - 1)
        for code in PAYMENT_METHODS:
            self.method.addItem(label(code, lang), code)
        self.supplier.addItem("", None)
        for name in suppliers:
            self.supplier.addItem(name, name)
        self.instalment.currentIndexChanged.connect(self._on_instalment_current_index_changed)
        self._on_instalment_current_index_changed(self.instalment.currentIndex())
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_instalment_current_index_changed(self, _i: int) -> None:
        data = self.instalment.currentData()
        if data is not None:
            self.amount.setText(data[1])

    def _on_buttons_accepted(self) -> None:
        data = self.instalment.currentData()
        if data is None:
            show_error(self.error, self.tr("The case has no approved grant."))
            return
        try:
            record_payment(
                self._services.db,
                self._services.actor,
                PaymentInput(
                    case=self._case.number,
                    instalment=data[0],
                    amount=self.amount.text().strip(),
                    method=self.method.currentData(),
                    receipt_ref=self.receipt_ref.text().strip(),
                    paid_on=_day(self.paid_on),
                    supplier=self.supplier.currentData(),
                    note=self.note.text().strip(),
                ),
            )
        except RgmError as exc:
            show_error(self.error, exc)
            return
        self.payment_recorded.emit(self._case.number)
        self.accept()


class VisitView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a monitoring visit"))
        self.title = heading("")
        self.visited_on = _date_edit()
        self.business_operating = QComboBox()
        self.business_operating.addItem(self.tr("not assessed"), None)
        self.business_operating.addItem(self.tr("yes"), True)
        self.business_operating.addItem(self.tr("no"), False)
        self.condition_met = QCheckBox(self.tr("The next instalment's condition is met"))
        self.final = QCheckBox(self.tr("Final visit (closes the follow-up)"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(90)
        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Record the visit"))
        form = QFormLayout()
        form.addRow(self.tr("Visited on"), self.visited_on)
        form.addRow(self.tr("Business operating"), self.business_operating)
        form.addRow(self.condition_met)
        form.addRow(self.final)
        form.addRow(self.tr("Notes"), self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(480, 340)


class VisitDialog(VisitView):
    """Records one monitoring visit of a case."""

    visit_recorded = Signal(str)

    def __init__(self, services: Services, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._case = services, case
        self.title.setText(self.tr("Visit for case {number}").format(number=case.number))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        try:
            record_visit(
                self._services.db,
                self._services.actor,
                self._case.number,
                _day(self.visited_on),
                condition_met=self.condition_met.isChecked(),
                business_operating=self.business_operating.currentData(),
                final=self.final.isChecked(),
                notes=self.notes.toPlainText().strip(),
            )
        except RgmError as exc:
            show_error(self.error, exc)
            return
        self.visit_recorded.emit(self._case.number)
        self.accept()


class AdjustmentView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct a payment"))
        self.title = heading("")
        self.original = QComboBox()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("-5000 to take back, 5000 to add"))
        self.paid_on = _date_edit()
        self.receipt_ref = QLineEdit()
        self.reason = QLineEdit()
        self.error = error_label()
        self.buttons = ok_cancel(self.tr("Record the correction"))
        form = QFormLayout()
        form.addRow(self.tr("Payment corrected"), self.original)
        form.addRow(self.tr("Correction"), self.amount)
        form.addRow(self.tr("Dated"), self.paid_on)
        form.addRow(self.tr("Receipt reference"), self.receipt_ref)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 320)


class AdjustmentDialog(AdjustmentView):
    """Corrects a payment by an adjustment entry (a submitted month is never changed)."""

    payment_adjusted = Signal(str)

    def __init__(self, services: Services, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._case = services, case
        lang = services.language
        self.title.setText(self.tr("Correction for case {number}").format(number=case.number))
        currency = case.currency
        for grant_row in case.grants:
            for inst in grant_row.instalments:
                for p in inst.payments:
                    self.original.addItem(
                        f"{p.receipt_ref} — {format_date(p.paid_on)}, "
                        f"{format_money(p.amount, currency)}, {label(p.method, lang)}",
                        p.receipt_ref,
                    )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        from models.payments import adjust_payment

        try:
            adjust_payment(
                self._services.db,
                self._services.actor,
                self.original.currentData() or "",
                self.amount.text().strip(),
                self.receipt_ref.text().strip(),
                self.reason.text().strip(),
                paid_on=_day(self.paid_on),
            )
        except RgmError as exc:
            show_error(self.error, exc)
            return
        self.payment_adjusted.emit(self._case.number)
        self.accept()
