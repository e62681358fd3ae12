"""The Reports page: the monthly return, agreements in a batch, the registration import and the
case export. Each runs on the worker thread with a progress dialog that can cancel it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import RgmError
from models.jobs import Job
from models.months import month_before, month_of
from models.permissions import allowed, who_may
from models.vocabulary import label
from ui.common import (
    Services,
    format_number,
    heading,
    muted,
    right_aligned,
    saved_name,
    sentence,
    show_refusal,
)


def previous_month(today: dt.date | None = None) -> str:
    """The month before ``today``'s: the return usually made now."""
    return month_before(month_of(today or dt.date.today()))


class ReportsView(QWidget):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # monthly return
        self.month = QLineEdit(previous_month())
        self.month.setPlaceholderText(self.tr("YYYY-MM"))
        self.month.setMaximumWidth(120)
        self.submit = QCheckBox(self.tr("Submit to headquarters (locks the month)"))
        self.make_return = QPushButton(self.tr("Make the return…"))
        self.return_result = muted("")
        return_box = QGroupBox(self.tr("Monthly return to headquarters"))
        form = QFormLayout(return_box)
        form.addRow(self.tr("Month"), self.month)
        form.addRow(self.submit)
        form.addRow(right_aligned(self.make_return))
        form.addRow(self.return_result)
        # agreements
        self.status = QComboBox()
        from reports.agreements import BATCH_STATES

        for code in BATCH_STATES:
            self.status.addItem(label(code, language), code)
        self.print_batch = QPushButton(self.tr("Print the agreements…"))
        self.batch_result = muted("")
        batch_box = QGroupBox(self.tr("Grant agreements in a batch"))
        batch_form = QFormLayout(batch_box)
        batch_form.addRow(self.tr("Cases in state"), self.status)
        batch_form.addRow(right_aligned(self.print_batch))
        batch_form.addRow(self.batch_result)
        # import and export
        self.import_registrations = QPushButton(self.tr("Import registrations from Excel…"))
        self.export_cases = QPushButton(self.tr("Export the cases…"))
        self.data_result = muted("")
        data_box = QGroupBox(self.tr("Registrations and cases"))
        data_layout = QVBoxLayout(data_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_registrations)
        buttons.addWidget(self.export_cases)
        buttons.addStretch(1)
        data_layout.addLayout(buttons)
        data_layout.addWidget(self.data_result)
        # blank import templates (as rgm template writes them)
        self.template_kind = QComboBox()
        for kind, text in (
            ("registrations", self.tr("Registrations")),
            ("disbursements", self.tr("Payments")),
            ("decisions", self.tr("Re-screening decisions")),
        ):
            self.template_kind.addItem(text, kind)
        self.save_template = QPushButton(self.tr("Save a blank template…"))
        self.template_result = muted("")
        template_box = QGroupBox(self.tr("Blank import templates"))
        template_form = QFormLayout(template_box)
        template_form.addRow(self.tr("Template"), self.template_kind)
        template_form.addRow(right_aligned(self.save_template))
        template_form.addRow(self.template_result)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Reports")))
        row = QHBoxLayout()
        row.addWidget(return_box, 1)
        row.addWidget(batch_box, 1)
        layout.addLayout(row)
        layout.addWidget(data_box)
        layout.addWidget(template_box)
        layout.addStretch(1)


class ReportsPage(ReportsView):
    """Runs the reports through the job runner; file names are asked with a save dialog."""

    registrations_imported = Signal(int)
    agreements_printed = Signal(str)
    return_written = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services.language, parent)
        self._services = services
        self.child: QWidget | None = None
        actor = services.actor
        for button, action in (
            (self.submit, "return.submit"),
            (self.print_batch, "agreement.issue"),
            (self.import_registrations, "case.register"),
        ):
            ok, why = allowed(actor, action)
            button.setEnabled(ok)
            button.setToolTip("" if ok else sentence(why) + "\n" + sentence(who_may(action)))
        self.make_return.clicked.connect(self._on_make_return_clicked)
        self.print_batch.clicked.connect(self._on_print_batch_clicked)
        self.import_registrations.clicked.connect(self._on_import_registrations_clicked)
        self.export_cases.clicked.connect(self._on_export_cases_clicked)
        self.save_template.clicked.connect(self._on_save_template_clicked)

    # -- asking --------------------------------------------------------------------------------

    def ask_save_path(self, title: str, name: str, filter_text: str) -> Path | None:
        """The path typed in the system's save dialog, as typed (None when cancelled)."""
        path, _filter = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / name), filter_text
        )
        return Path(path) if path else None

    def _save_target(self, title: str, name: str, filter_text: str) -> Path | None:
        """The file to write: the extension of ``name`` added only to a name typed without one
        (``ui.common.saved_name``; another extension is left for the writer to refuse)."""
        out = self.ask_save_path(title, name, filter_text)
        return saved_name(str(out), Path(name).suffix) if out is not None else None

    def _start(
        self,
        work: Callable[[Job], Any],
        label_text: str,
        done: Callable[[Any], None],
    ) -> None:
        self._services.jobs.run(
            work,
            on_finished=done,
            on_failed=lambda exc: show_refusal(self, exc),
            label=label_text,
            parent=self.window(),
        )

    # -- monthly return ------------------------------------------------------------------------

    def _on_make_return_clicked(self) -> None:
        from models.months import check_month

        try:
            month = check_month(self.month.text())
        except RgmError as exc:
            show_refusal(self, exc)
            return
        office = self._services.office.code
        out = self._save_target(
            self.tr("Save the monthly return"),
            f"return-{office}-{month}.xlsx",
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if out is None:
            return
        db, actor, submit = self._services.db, self._services.actor, self.submit.isChecked()

        def work(job: Job) -> Any:
            from reports.return_build import make_return

            try:
                return make_return(db, actor, month, out, submit=submit, job=job)
            except BaseException:
                out.with_name(out.name + ".part").unlink(missing_ok=True)
                raise

        def done(result: Any) -> None:
            text = self.tr(
                "Return of {month} written to {path}: {cases} cases, {n} payments."
            ).format(
                month=month,
                path=str(result.path),
                cases=format_number(result.cases),
                n=format_number(result.disbursements),
            )
            if result.submitted:
                text += " " + self.tr("Submitted: the month is locked.")
            self.return_result.setText(text)
            self.return_written.emit(str(result.path))

        self._start(work, self.tr("Writing the return of {month}…").format(month=month), done)

    # -- agreements ----------------------------------------------------------------------------

    def _on_print_batch_clicked(self) -> None:
        status = self.status.currentData()
        services = self._services
        if services.signing_key is None:
            return
        out = self._save_target(
            self.tr("Save the agreements"),
            f"agreements-{status}-{dt.date.today().isoformat()}.pdf",
            self.tr("PDF files (*.pdf)"),
        )
        if out is None:
            return
        key = services.signing_key()

        skipped: list[tuple[str, Any]] = []  # (case, why not), from the batch's plan

        def work(job: Job) -> int:
            from reports.agreement_pdf import render_batch
            from reports.agreements import issue_batch

            batch = issue_batch(services.db, services.actor, key, status=status)
            skipped.extend(batch.plan.skipped)
            return render_batch(
                [i.document for i in batch.issued],
                out,
                job=job,
                templates=services.agreement_templates,
            )

        def done(count: int) -> None:
            from ui.agreement_dialogs import AgreementPreviewDialog

            text = self.tr("{n} agreements printed to {path}.").format(
                n=format_number(count), path=str(out)
            )
            if skipped:
                text += " " + self.tr("Not printed: {cases}.").format(
                    cases="; ".join(str(why) for _case, why in skipped)
                )
            self.batch_result.setText(text)
            self.agreements_printed.emit(str(out))
            preview = AgreementPreviewDialog(
                out, self.tr("Agreements"), self.batch_result.text(), self
            )
            self.child = preview
            preview.open()

        self._start(work, self.tr("Printing agreements…"), done)

    # -- import and export ---------------------------------------------------------------------

    def _on_import_registrations_clicked(self) -> None:
        from ui.import_wizard import ImportWizard

        dialog = ImportWizard(self._services, "registrations", self)
        dialog.imported.connect(self._on_import_finished)
        self.child = dialog
        dialog.open()

    def _on_import_finished(self, imported: int) -> None:
        self.data_result.setText(
            self.tr("{n} registrations imported.").format(n=format_number(imported))
        )
        self.registrations_imported.emit(imported)

    def _on_export_cases_clicked(self) -> None:
        out = self._save_target(
            self.tr("Export the cases"),
            f"cases-{self._services.office.code}-{dt.date.today().isoformat()}.xlsx",
            self.tr("Excel workbooks (*.xlsx);;CSV files (*.csv)"),
        )
        if out is None:
            return
        db, actor = self._services.db, self._services.actor

        def work(job: Job) -> int:
            from reports.cases_export import export_cases

            try:
                job.check()
                count = export_cases(db, out, job, actor=actor)
            except BaseException:
                out.with_name(out.name + ".part").unlink(missing_ok=True)
                raise
            if job.is_cancelled:  # cancelled at the very end: the new file goes all the same
                out.unlink(missing_ok=True)
                job.check()
            return count

        def done(count: int) -> None:
            self.data_result.setText(
                self.tr("{n} cases exported to {path}.").format(
                    n=format_number(count), path=str(out)
                )
            )

        self._start(work, self.tr("Exporting the cases…"), done)

    # -- blank templates -----------------------------------------------------------------------

    def _on_save_template_clicked(self) -> None:
        from reports.templates import write_template

        kind = self.template_kind.currentData()
        out = self._save_target(
            self.tr("Save a blank template"),
            f"{kind}-{self._services.language}.xlsx",
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if out is None:
            return
        try:
            write_template(kind, out, self._services.language)
        except (RgmError, OSError) as exc:
            show_refusal(self, exc)
            return
        self.template_result.setText(
            self.tr("Template written to {path}: fill it and import it as it is.").format(
                path=str(out)
            )
        )
