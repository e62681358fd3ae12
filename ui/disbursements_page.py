"""The Disbursements page: the latest payments, and the import of finance's payment lists
(the one import wizard, ``ui.import_wizard``, for the kind "disbursements")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.disbursement_list import PaymentLine, latest_payments
from models.permissions import allowed, who_may
from models.vocabulary import label
from ui.common import (
    Services,
    format_date,
    format_money,
    format_number,
    heading,
    sentence,
)
from ui.list_model import ListColumn, ListModel, table_view

ModelIndex = QModelIndex | QPersistentModelIndex
Row = tuple[Any, ...]
# The fields of a payment row as the preview shows them (keys of the import's columns).
FIELDS = ("case_number", "instalment", "paid_on", "amount", "currency", "method", "receipt_ref")


def _as_tuple(p: PaymentLine) -> Row:
    return (p.paid_on, p.case_number, p.name, p.instalment, p.amount, p.currency, p.method,
            p.receipt_ref, p.recorded_by)  # fmt: skip


# -- the page ------------------------------------------------------------------------------------


class DisbursementsPage(QWidget):
    """The latest payments recorded, and the import of finance's payment lists."""

    payments_imported = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.child: QDialog | None = None
        lang = services.language
        right = Qt.AlignmentFlag.AlignRight
        self.model = ListModel[Row](
            [
                ListColumn(self.tr("Paid on"), lambda r: format_date(r[0])),
                ListColumn(self.tr("Case"), lambda r: r[1]),
                ListColumn(self.tr("Name"), lambda r: r[2]),
                ListColumn(self.tr("Instalment"), lambda r: str(r[3]), right),
                ListColumn(self.tr("Amount"), lambda r: format_money(r[4], r[5]), right),
                ListColumn(self.tr("Method"), lambda r: label(r[6], lang)),
                ListColumn(self.tr("Receipt"), lambda r: r[7]),
                ListColumn(self.tr("Recorded by"), lambda r: r[8]),
            ],
            self,
        )
        self.table = table_view(self.model)
        self.caption = QLabel()
        self.import_payments = QPushButton(self.tr("Import payments from Excel…"))
        ok, _why = allowed(services.actor, "payment.record")
        self.import_payments.setEnabled(ok)
        if not ok:
            self.import_payments.setToolTip(sentence(who_may("payment.record", lang)))
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.import_payments)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Disbursements")))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.import_payments.clicked.connect(self._on_import_payments_clicked)

    def set_index(self, _index: object) -> None:
        """The cases changed (payments too, perhaps): show the latest payments again."""
        self.refresh()

    def refresh(self) -> None:
        rows = latest_payments(self._services.db)
        self.model.set_rows([_as_tuple(p) for p in rows])
        self.caption.setText(self.tr("The {n} latest payments").format(n=format_number(len(rows))))

    def _on_import_payments_clicked(self) -> None:
        from ui.import_wizard import ImportWizard

        dialog = ImportWizard(self._services, "disbursements", self)
        dialog.imported.connect(self._on_dialog_payments_imported)
        dialog.open()
        self.child = dialog

    def _on_dialog_payments_imported(self, n: int) -> None:
        self.refresh()
        self.payments_imported.emit(n)
