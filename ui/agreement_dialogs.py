"""Agreements in the window: the PDF previewed (QtPdf) and printed through the system print dialog,
and a verification code checked (typed, or the whole QR content as a scanner types it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.i18n import translate
from reports.agreements import Verification, verify
from ui.common import Services, format_datetime, format_money, heading, muted, sentence

STATUS_STYLE = {
    "valid": "background: #d4edda; color: #155724; padding: 8px; font-weight: bold;",
    "invalid": "background: #f8d7da; color: #721c24; padding: 8px; font-weight: bold;",
}


class PreviewView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("")
        self.note = muted("")
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 900)


class AgreementPreviewDialog(PreviewView):
    """Shows a PDF file of agreements and prints it on a printer the user chooses."""

    def __init__(self, pdf: Path, title: str, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.setWindowTitle(title)
        self.title.setText(title)
        self.note.setText(note)
        self.document.load(str(pdf))
        self.buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self._on_print_button_clicked)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _on_print_button_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf.name)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.page_count, 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Draw every page (or the chosen range) on ``printer``; returns the pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first <= 0:
            first, last = 1, self.page_count
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            dpi = printer.resolution()
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            for page in range(first - 1, min(last, self.page_count)):
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                size = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                image = self.document.render(page, size)
                painter.drawImage(0, 0, image)
                printed += 1
        finally:
            painter.end()
        return printed


class VerifyView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify an agreement"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Type the code printed on the agreement, or scan it"))
        self.check = QPushButton(self.tr("Verify"))
        self.check.setDefault(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        self.number = QLabel()
        self.case = QLabel()
        self.returnee = QLabel()
        self.amount = QLabel()
        self.status = QLabel()
        self.issued = QLabel()
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.addRow(self.tr("Agreement"), self.number)
        form.addRow(self.tr("Case"), self.case)
        form.addRow(self.tr("Returnee"), self.returnee)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Issued"), self.issued)
        self.details.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.check)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Verification code")))
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 340)


class VerifyDialog(VerifyView):
    """Checks a code with ``reports.agreements.verify``: for whom, how much, valid or not."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.verification: Verification | None = None
        self.check.clicked.connect(self._on_check_clicked)
        self.code.returnPressed.connect(self._on_check_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_check_clicked(self) -> None:
        text = self.code.text().strip()
        if not text or self._services.signing_key is None:
            return
        try:
            result = verify(self._services.db, self._services.signing_key(), text)
        except RgmError as exc:  # not even shaped like a code
            result = Verification(False, str(exc))
        self.verification = result
        self.result.setText(sentence(translate(result.message, self._services.language)))
        self.result.setStyleSheet(STATUS_STYLE["valid" if result.valid else "invalid"])
        self.result.show()
        statuses = {
            "issued": self.tr("issued"),
            "signed": self.tr("signed"),
            "void": self.tr("void"),
        }
        self.number.setText(result.agreement_number or "")
        self.case.setText(result.case_number or "")
        self.returnee.setText(result.returnee_name or "")
        self.amount.setText(format_money(result.total, result.currency) if result.currency else "")
        self.status.setText(statuses.get(result.status or "", result.status or ""))
        self.issued.setText(format_datetime(result.issued_at))
        self.details.setVisible(result.agreement_number is not None)
