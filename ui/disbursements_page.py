"""The Disbursements page (the latest payments) and the import of a finance payment list.

The import reads and checks the workbook on the worker thread (a dry run of
``reports.imports.disbursements.import_disbursements``), shows the rows that would be recorded and
those refused with their reason, offers the error workbook, then records all of them, or only the
valid ones when the user says so. Nothing is written before the user confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.disbursement_list import PaymentLine, latest_payments
from models.errors import RgmError
from models.permissions import allowed, who_may
from models.vocabulary import label
from reports.imports.disbursements import DisbursementResult
from reports.imports.pipeline import RowRefusal
from ui.common import (
    FileDrops,
    Services,
    choose_workbook,
    format_date,
    format_money,
    format_number,
    heading,
    muted,
    sentence,
    show_error,
    wizard_frame,
)
from ui.list_model import ListColumn, ListModel, table_view

ModelIndex = QModelIndex | QPersistentModelIndex
Row = tuple[Any, ...]
# The fields of a payment row as the preview shows them (keys of the import's columns).
FIELDS = ("case_number", "instalment", "paid_on", "amount", "currency", "method", "receipt_ref")


def _as_tuple(p: PaymentLine) -> Row:
    return (p.paid_on, p.case_number, p.name, p.instalment, p.amount, p.currency, p.method,
            p.receipt_ref, p.recorded_by)  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a whole number read back from Excel as 1000.0
    if hasattr(value, "date") and callable(value.date):
        return format_date(value.date())
    return str(value)


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
        dialog = PaymentImportDialog(self._services, self)
        dialog.payments_imported.connect(self._on_dialog_payments_imported)
        dialog.open()
        self.child = dialog

    def _on_dialog_payments_imported(self, n: int) -> None:
        self.refresh()
        self.payments_imported.emit(n)


# -- the import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentCheck:
    """A payment list checked on the worker: the dry run's result and the rows it accepted."""

    path: Path
    result: DisbursementResult
    accepted: tuple[Row, ...]  # (excel row, *FIELDS values as typed)


def check_payments(services: Services, path: Path, progress: Any) -> PaymentCheck:
    from reports.imports.disbursements import import_disbursements

    result = import_disbursements(
        services.db, services.actor, path, dry_run=True, progress=progress
    )  # read once: the dry run keeps the rows it accepted
    accepted = tuple((number, *(cells.get(k) for k in FIELDS)) for number, cells in result.accepted)
    return PaymentCheck(path, result, accepted)


class PaymentImportView(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import payments"))
        self.pages = QStackedWidget()
        # 1. the file
        self.path = QLineEdit()
        self.path.setPlaceholderText(
            self.tr("A payment list from finance (.xlsx, .xls, .ods, .csv)")
        )
        self.browse = QPushButton(self.tr("Choose…"))
        self.check = QPushButton(self.tr("Check the file"))
        choose = QWidget()
        cl = QVBoxLayout(choose)
        cl.addWidget(
            muted(
                self.tr(
                    "Columns: case number, instalment, date paid, amount, currency, method, "
                    "receipt reference, supplier (optional), in French or English. Every row is "
                    "checked first; nothing is written before you confirm."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        cl.addLayout(row)
        cl.addWidget(self.check, 0, Qt.AlignmentFlag.AlignRight)
        cl.addStretch(1)
        self.pages.addWidget(choose)
        # 2. the preview
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.save_errors = QPushButton(self.tr("Save the error workbook…"))
        self.skip_invalid = QCheckBox(self.tr("Record the valid rows and leave the refused ones"))
        self.apply = QPushButton(self.tr("Record the payments"))
        self.check_again = QPushButton(self.tr("Check the file again"))
        self.check_again.setToolTip(self.tr("After fixing the refused rows in the workbook"))
        preview = QWidget()
        pl = QVBoxLayout(preview)
        pl.addWidget(self.summary)
        pl.addWidget(self.tabs, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.save_errors)
        actions.addWidget(self.skip_invalid)
        actions.addStretch(1)
        actions.addWidget(self.check_again)
        actions.addWidget(self.apply)
        pl.addLayout(actions)
        self.pages.addWidget(preview)
        # 3. done
        self.outcome, self.error, self.buttons = wizard_frame(
            self, self.tr("Import payments"), self.pages, 900, 560
        )


class PaymentImportDialog(PaymentImportView):
    """Checks a payment list, shows what would be recorded and what is refused, records it."""

    payments_imported = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.drops = FileDrops(self, self.path)  # a workbook or CSV dropped on the dialog
        self.checked: PaymentCheck | None = None
        self.final: DisbursementResult | None = None
        right = Qt.AlignmentFlag.AlignRight
        self.accepted_model = ListModel[Row](
            [
                ListColumn(self.tr("Row"), lambda r: str(r[0]), right),
                ListColumn(self.tr("Case"), lambda r: _cell(r[1])),
                ListColumn(self.tr("Instalment"), lambda r: _cell(r[2]), right),
                ListColumn(self.tr("Date paid"), lambda r: _cell(r[3])),
                ListColumn(self.tr("Amount"), lambda r: _cell(r[4]), right),
                ListColumn(self.tr("Currency"), lambda r: _cell(r[5])),
                ListColumn(self.tr("Method"), lambda r: _cell(r[6])),
                ListColumn(self.tr("Receipt"), lambda r: _cell(r[7])),
            ],
            self,
        )
        self.refused_model: ListModel[tuple[RowRefusal, str]] = ListModel(
            [
                ListColumn(self.tr("Row"), lambda x: str(x[0].row), right),
                ListColumn(self.tr("Case"), lambda x: x[0].case),
                ListColumn(self.tr("Reason"), lambda x: sentence(x[0].message)),
                ListColumn(self.tr("Values as typed"), lambda x: x[1]),
            ],
            self,
        )
        self.accepted_view = table_view(self.accepted_model)
        self.refused_view = table_view(self.refused_model)
        self.tabs.addTab(self.accepted_view, self.tr("Valid"))
        self.tabs.addTab(self.refused_view, self.tr("Refused"))
        self.browse.clicked.connect(self._on_browse_clicked)
        self.check.clicked.connect(self._on_check_clicked)
        self.check_again.clicked.connect(self._on_check_clicked)
        self.path.returnPressed.connect(self._on_check_clicked)
        self.save_errors.clicked.connect(self._on_save_errors_clicked)
        self.skip_invalid.toggled.connect(self._update_apply)
        self.apply.clicked.connect(self._on_apply_clicked)
        self.buttons.rejected.connect(self.reject)

    # -- 1. the file -----------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        path = choose_workbook(self, self.tr("Choose the payment list"))
        if path:
            self.path.setText(path)

    def _on_check_clicked(self) -> None:
        path = Path(self.path.text().strip())
        if not path.is_file():
            show_error(self.error, self.tr("Choose a workbook first."))
            return
        show_error(self.error, "")
        self.check.setEnabled(False)
        self.check_again.setEnabled(False)
        services = self._services
        self._services.jobs.start(
            lambda progress, cancelled: check_payments(services, path, progress),
            on_finished=self._on_checked,
            on_failed=self._on_failed,
            label=self.tr("Checking {file}…").format(file=path.name),
            parent=self,
            cancellable=False,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.check.setEnabled(True)
        self.check_again.setEnabled(True)
        self._update_apply()
        if not isinstance(exc, RgmError):
            raise exc
        show_error(self.error, exc)

    # -- 2. the preview --------------------------------------------------------------------------

    def _on_checked(self, checked: PaymentCheck) -> None:
        self.check.setEnabled(True)
        self.check_again.setEnabled(True)
        self.checked = checked
        result = checked.result
        self.accepted_model.set_rows(checked.accepted)
        self.refused_model.set_rows([(r, self._typed(result, r)) for r in result.refused])
        self.summary.setText(
            self.tr(
                "{file}: {total} rows, {ok} valid, {refused} refused. Nothing is written yet."
            ).format(
                file=checked.path.name,
                total=format_number(result.rows),
                ok=format_number(result.imported),
                refused=format_number(len(result.refused)),
            )
            + "".join(" " + notice.text() for notice in result.notices)  # a guessed encoding
        )
        has_refused = bool(result.refused)
        self.save_errors.setEnabled(has_refused)
        self.skip_invalid.setEnabled(has_refused)
        self.skip_invalid.setChecked(False)
        self.tabs.setCurrentIndex(1 if has_refused else 0)
        self._update_apply()
        self.pages.setCurrentIndex(1)

    @staticmethod
    def _typed(result: DisbursementResult, refusal: RowRefusal) -> str:
        pairs = zip(result.headers, refusal.values, strict=False)
        return "; ".join(f"{h}: {_cell(v)}" for h, v in pairs if h and v not in (None, ""))

    def _update_apply(self, *_args: object) -> None:
        c = self.checked
        refused = c is not None and bool(c.result.refused)
        ready = (
            c is not None
            and c.result.imported > 0
            and (not refused or self.skip_invalid.isChecked())
        )
        self.apply.setEnabled(ready)
        self.apply.setText(
            self.tr("Record the valid rows")
            if refused and self.skip_invalid.isChecked()
            else self.tr("Record the payments")
        )
        self.apply.setToolTip(
            self.tr(
                "Refused rows block the import: fix them in the error workbook and check the "
                "file again, or record only the valid rows."
            )
            if refused and not self.skip_invalid.isChecked()
            else ""
        )

    def _on_save_errors_clicked(self) -> None:
        from reports.imports.error_workbook import write_refusals

        if self.checked is None:
            return
        source = self.checked.path
        path, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the error workbook"),
            str(source.with_name(source.stem + "-errors.xlsx")),
            self.tr("Excel (*.xlsx)"),
        )
        if not path:
            return
        try:
            write_refusals(path, self.checked.result.headers, self.checked.result.refused, source)
        except (RgmError, OSError) as exc:
            show_error(self.error, exc)
            return
        show_error(self.error, "")
        self.summary.setText(
            self.summary.text() + " " + self.tr("Error workbook saved: {path}.").format(path=path)
        )

    def _on_apply_clicked(self) -> None:
        from reports.imports.disbursements import import_disbursements

        if self.checked is None:
            return
        db, actor, path = self._services.db, self._services.actor, self.checked.path
        skip = self.skip_invalid.isChecked()
        self.apply.setEnabled(False)
        self._services.jobs.run(
            lambda job: import_disbursements(db, actor, path, skip_invalid=skip, job=job),
            on_finished=self._on_applied,
            on_failed=self._on_failed,
            label=self.tr("Recording the payments…"),
            parent=self,
            cancellable=True,  # a cancel rolls every payment back
        )

    # -- 3. done ---------------------------------------------------------------------------------

    def _on_applied(self, result: DisbursementResult) -> None:
        self.final = result
        if not result.written:
            # Something changed since the check: show the refusals as they are now.
            assert self.checked is not None
            refused = {r.row for r in result.refused}
            still = tuple(r for r in self.checked.accepted if r[0] not in refused)
            self._on_checked(PaymentCheck(self.checked.path, result, still))
            show_error(self.error, self.tr("Nothing was recorded: some rows are refused."))
            return
        self.outcome.setText(
            self.tr("{n} payments recorded, {refused} refused rows left out.").format(
                n=format_number(result.imported), refused=format_number(len(result.refused))
            )
        )
        self.pages.setCurrentIndex(2)
        self.payments_imported.emit(result.imported)
