"""Reports: the monthly return, agreements in a batch, the case export (cancellable) and the
registration import with its preview, refused rows and error workbook."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import openpyxl
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select
from support.workbooks import write_xlsx

from models.entities import Agreement, Case, Disbursement, Returnee
from models.users import authenticate, create_user
from ui.agreement_dialogs import AgreementPreviewDialog
from ui.common import Services
from ui.import_wizard import ImportWizard
from ui.reports_page import ReportsPage, previous_month

HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Réf"]


def page_for(window, qtbot, db, admin, name: str | None, roles: list[str]) -> ReportsPage:  # type: ignore[no-untyped-def]
    s = window.services
    actor = admin
    if name is not None:
        create_user(db, admin, name, f"{name}-password", roles)
        actor = authenticate(db, name, f"{name}-password")
    page = ReportsPage(
        Services(db, actor, s.office, s.jobs, "en", signing_key=s.signing_key), window
    )
    qtbot.addWidget(page)
    return page


def test_monthly_return_written_on_the_worker(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    with db.reading() as s:
        last = s.scalar(select(func.max(Disbursement.paid_on)))
    month = f"{last.year:04d}-{last.month:02d}"
    page = window.reports
    window.show_page("reports")
    page.month.setText(month)
    assert page.submit.isEnabled()  # an administrator may submit
    page.ask_save_path = lambda *a: tmp_path / "return"  # type: ignore[method-assign]
    with qtbot.waitSignal(page.return_written, timeout=60_000) as signal:
        page.make_return.click()
    written = Path(signal.args[0])
    assert written == tmp_path / "return.xlsx" and written.exists()
    assert not (tmp_path / "return.xlsx.part").exists()
    book = openpyxl.load_workbook(written, read_only=True)
    assert {"Cover", "Summary", "Cases", "Disbursements"} <= set(book.sheetnames)
    # the same return as rgm return: the report for people first, in the office's language
    assert book.sheetnames[0] == "Rapport"
    first = next(book["Rapport"].iter_rows(values_only=True))
    assert str(first[0]).startswith("Rapport mensuel au siège")
    assert month in page.return_result.text() and "payments" in page.return_result.text()


def test_the_return_offered_is_the_previous_month_s() -> None:
    assert previous_month(dt.date(2026, 1, 31)) == "2025-12"
    assert previous_month(dt.date(2026, 3, 1)) == "2026-02"


def test_bad_month_is_refused_before_asking_for_a_file(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = window.reports
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page.ask_save_path = lambda *a: (_ for _ in ()).throw(AssertionError("asked"))  # type: ignore[method-assign]
    page.month.setText("2025-13")
    page.make_return.click()
    assert shown and "not a month" in shown[0]


def test_batch_agreements_printed_and_previewed(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    from models.duplicate_gate import undecided

    with db.reading() as s:
        approved = s.scalars(
            select(Case.returnee_id).where(Case.state == "approved", Case.on_hold.is_(False))
        ).all()
        # A case whose duplicate pair is undecided waits: it is not printed.
        printable = len(approved) - len(undecided(s, approved))
    assert printable
    viewer = page_for(window, qtbot, db, admin, "vic5", ["viewer"])
    assert not viewer.print_batch.isEnabled()  # a viewer does not print agreements
    assert "registrar" in viewer.print_batch.toolTip().lower()
    page = page_for(window, qtbot, db, admin, "awa5", ["registrar"])
    assert not page.submit.isEnabled() and "finance" in page.submit.toolTip().lower()
    page.ask_save_path = lambda *a: tmp_path / "batch.pdf"  # type: ignore[method-assign]
    with qtbot.waitSignal(page.agreements_printed, timeout=120_000):
        page.print_batch.click()
    with db.reading() as s:
        issued = s.scalar(select(func.count()).select_from(Agreement))
    assert issued >= printable
    pages = len(PdfReader(tmp_path / "batch.pdf").pages)
    assert pages >= printable
    preview = page.child
    assert isinstance(preview, AgreementPreviewDialog) and preview.page_count == pages
    preview.reject()


def test_export_cancelled_writes_nothing(window, qtbot, demo, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    page = window.reports
    page.ask_save_path = lambda *a: tmp_path / "cases.xlsx"  # type: ignore[method-assign]
    # Keep the single worker busy so the export is cancelled before it starts.
    release = threading.Event()
    blocker_done: list[object] = []
    window.jobs.run(lambda _job: release.wait(10), on_finished=blocker_done.append)
    page.export_cases.click()
    window.jobs.cancel_all()
    release.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "cancelled" in shown[0].lower()
    assert not (tmp_path / "cases.xlsx").exists()
    assert not (tmp_path / "cases.xlsx.part").exists()
    # Not cancelled: written.
    page.export_cases.click()
    qtbot.waitUntil(lambda: "exported" in page.data_result.text(), timeout=60_000)
    assert (tmp_path / "cases.xlsx").exists()


def test_import_wizard_previews_offers_the_error_workbook_then_imports(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = page_for(window, qtbot, db, admin, "boubacar5", ["registrar"])
    good = [
        ["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "KY-1"],
        ["Camara", "Fanta", "F", "vers 1990", "Guinée", "oui", "KY-2"],
    ]
    bad = ["Traoré", "Adama", "X?", dt.date(1991, 1, 1), "Mali", "oui", "KY-3"]
    source = write_xlsx(tmp_path / "kayes.xlsx", [["Liste de Kayes"], HEADER, *good, bad])
    page.import_registrations.click()
    wizard = page.child
    assert isinstance(wizard, ImportWizard)
    wizard.path.setText(str(source))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    assert wizard.pages.currentIndex() == 1
    assert "3 rows, 2 valid, 1 refused" in wizard.summary.text()
    assert wizard.accepted_model.rowCount() == 2
    assert wizard.refused_model.index(0, 0).data() == "5"  # Excel row number
    assert wizard.refused_model.index(0, 2).data() == "X?"
    assert "not a sex" in wizard.refused_model.index(0, 3).data().lower()
    # Refused rows block the import until the user leaves them out.
    assert not wizard.run_import.isEnabled() and "refused" in wizard.run_import.toolTip().lower()
    errors = tmp_path / "kayes-errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(errors), ""))
    wizard.save_errors.click()
    sheet = openpyxl.load_workbook(errors).active
    assert [c.value for c in sheet[2]][:3] == ["Traoré", "Adama", "X?"]
    wizard.skip_invalid.setChecked(True)
    assert wizard.run_import.isEnabled()
    with qtbot.waitSignal(page.registrations_imported, timeout=30_000) as signal:
        wizard.run_import.click()
    assert signal.args == [2]
    assert "2 registrations imported" in wizard.outcome.text()
    with db.reading() as s:
        names = set(
            s.scalars(
                select(Returnee.family_name).where(
                    Returnee.source_ref.in_(["KY-1", "KY-2", "KY-3"])
                )
            )
        )
    assert names == {"Sangaré", "Camara"}


def test_import_models_pass_the_model_tester(window, qtbot, qtmodeltester, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = write_xlsx(
        tmp_path / "f.xlsx",
        [HEADER, ["Diallo", "Awa", "F", dt.date(1990, 1, 2), "Mali", "oui", "R1"],
         ["Keita", "", "F", dt.date(1990, 1, 2), "Mali", "oui", "R2"]],
    )  # fmt: skip
    wizard = ImportWizard(window.services, "registrations", window)
    qtbot.addWidget(wizard)
    wizard.path.setText(str(source))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    qtmodeltester.check(wizard.accepted_model)
    qtmodeltester.check(wizard.refused_model)


def test_import_wizard_says_when_the_duplicate_check_after_the_import_failed(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import models.duplicate_review

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("index too large")

    # the check after the import compares in a reading session (models.registrations)
    monkeypatch.setattr(models.duplicate_review, "new_returnee_matches", broken)
    db, admin = demo
    page = page_for(window, qtbot, db, admin, "mariam6", ["registrar"])
    row = ["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "KY-9"]
    source = write_xlsx(tmp_path / "one.xlsx", [HEADER, row])
    page.import_registrations.click()
    wizard = page.child
    wizard.path.setText(str(source))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    with qtbot.waitSignal(page.registrations_imported, timeout=30_000):
        wizard.run_import.click()
    assert "1 registrations imported" in wizard.outcome.text()
    assert not wizard.error.isHidden()
    # The window's own advice, never the command line's.
    assert "RuntimeError" in wizard.error.text() and "rgm" not in wizard.error.text()
    assert "checked again the next time the application starts" in wizard.error.text()


def test_import_wizard_offers_and_reads_a_french_excel_csv(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = page_for(window, qtbot, db, admin, "boubacar9", ["registrar"])
    source = tmp_path / "kayes.csv"
    lines = [";".join(HEADER), "Sangaré;Issa;M;02/03/1994;Mali;oui;KYC-1",
             'Camara;Fanta;F;"vers 1990";Guinée;oui;KYC-2']  # fmt: skip
    source.write_bytes("\r\n".join(lines).encode("cp1252"))  # a French Excel's "CSV"
    offered = []

    def choose(*args, **kwargs):  # type: ignore[no-untyped-def]
        offered.append(args[3])
        return str(source), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    page.import_registrations.click()
    wizard = page.child
    wizard.browse.click()
    assert "*.csv" in offered[0] and wizard.path.text() == str(source)
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    assert "2 rows, 2 valid, 0 refused" in wizard.summary.text()
    assert "read as Windows-1252" in wizard.summary.text()
    with qtbot.waitSignal(page.registrations_imported, timeout=30_000) as signal:
        wizard.run_import.click()
    assert signal.args == [2]
    with db.reading() as s:
        names = set(
            s.scalars(
                select(Returnee.family_name).where(Returnee.source_ref.in_(["KYC-1", "KYC-2"]))
            )
        )
    assert names == {"Sangaré", "Camara"}


def test_a_csv_dropped_on_the_import_wizard_is_taken_other_files_are_not(
    window, qtbot, demo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    db, admin = demo
    page = page_for(window, qtbot, db, admin, "boubacar10", ["registrar"])
    page.import_registrations.click()
    wizard = page.child

    def drop(path: Path, on=None) -> tuple[bool, bool]:  # type: ignore[no-untyped-def]
        target = on or wizard
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        mime.setText(QUrl.fromLocalFile(str(path)).toString())  # as file managers send it
        action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
        modifiers = Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(QPoint(5, 5), action, mime, buttons, modifiers)
        QApplication.sendEvent(target, enter)
        dropped = QDropEvent(QPointF(5, 5), action, mime, buttons, modifiers)
        QApplication.sendEvent(target, dropped)
        return enter.isAccepted(), dropped.isAccepted()

    export = tmp_path / "kobo.csv"
    export.write_text("Nom;Prénom\n", encoding="utf-8")
    assert drop(export) == (True, True) and wizard.path.text() == str(export)
    assert drop(tmp_path / "photo.jpg") == (False, False)
    assert wizard.path.text() == str(export)  # unchanged by a file no importer reads
    other = tmp_path / "autre.xlsx"
    assert drop(other, on=wizard.path) == (True, True)
    assert wizard.path.text() == str(other)  # the path, not its URL added to the text


def test_import_wizard_reads_a_codes_export_with_its_form(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.test_field_formats import UUIDS, _csv, _xlsform

    db, admin = demo
    page = page_for(window, qtbot, db, admin, "boubacar11", ["registrar"])
    form = _xlsform(tmp_path / "form.xlsx")
    export = _csv(tmp_path / "codes.csv",
                  [["q/q1", "q/q2", "q/q3", "q/q4", "q/q5", "q/q6", "q/q7", "_uuid"],
                   ["Traoré", "Awa", "2", "1994-03-12", "ml", "traite sante", "o", UUIDS[1]]],
                  "utf-8", ",")  # fmt: skip
    page.import_registrations.click()
    wizard = page.child
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(form), ""))
    wizard.browse_form.click()
    assert wizard.form_path.text() == str(form)
    wizard.path.setText(str(export))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    assert "1 rows, 1 valid, 0 refused" in wizard.summary.text()


def test_a_save_dialogs_name_with_another_extension_is_kept_for_the_writer_to_refuse(
    window, qtbot, demo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from ui.common import saved_name

    assert saved_name(str(tmp_path / "return"), ".xlsx") == tmp_path / "return.xlsx"
    assert saved_name(str(tmp_path / "liste.csv"), ".xlsx") == tmp_path / "liste.csv"
    # The page writes no "liste.csv.xlsx": the template writer refuses the name in one line.
    db, admin = demo
    page = page_for(window, qtbot, db, admin, None, [])
    page.ask_save_path = lambda *a: tmp_path / "liste.csv"  # type: ignore[method-assign]
    shown: list[str] = []
    import ui.reports_page

    original = ui.reports_page.show_refusal
    ui.reports_page.show_refusal = lambda _parent, exc: shown.append(str(exc))  # type: ignore[assignment]
    try:
        page.save_template.click()
    finally:
        ui.reports_page.show_refusal = original  # type: ignore[assignment]
    assert not list(tmp_path.glob("liste.csv*")), list(tmp_path.iterdir())
    assert shown and ".xlsx" in shown[0], shown
