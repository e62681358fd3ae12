"""Screenshots of the dialogs of the case life, the Settings tabs and the Reports tools."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from models.case_file import load_case_file, plan_choices
from ui.main_window import MainWindow

Shot = Callable[[QWidget, str], None]


def wait_until(until: Callable[[], bool], timeout_ms: int = 60_000) -> None:
    """Let the event loop run until ``until()`` holds (or ``timeout_ms`` passed)."""
    loop = QEventLoop()
    waited = 0
    while not until() and waited < timeout_ms:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        waited += 20


def _first(window: MainWindow, state: str) -> int | None:
    index = window.index
    if index is None:
        return None
    for i in index.order("registered_at", True):
        row = index.rows[i]
        if row.state == state and not row.on_hold:
            return row.id
    return None


def render_dialogs(window: MainWindow, shot: Shot, scratch: bool) -> None:
    """``scratch``: the database is a throw-away demo, so an agreement may be issued in it."""
    from models.payments import payable_suppliers
    from ui.agreement_dialogs import AgreementPreviewDialog, VerifyDialog
    from ui.follow_up import PaymentDialog, VisitDialog
    from ui.grant_dialog import PlanGrantDialog
    from ui.settings_dialogs import RateDialog, SuspensionDialog, UserDialog

    services = window.services
    db = services.db
    paying = _first(window, "in_progress")
    if paying is not None:
        case = load_case_file(db, paying)
        choices = plan_choices(db, paying)
        for dialog, name in (
            (PlanGrantDialog(services, case, choices, window), "grant-plan"),
            (PaymentDialog(services, case, payable_suppliers(db, case.number), window), "payment"),
            (VisitDialog(services, case, window), "visit"),
        ):
            dialog.show()
            shot(dialog, name)
            dialog.close()
    code: str | None = None
    approved = _first(window, "approved")
    if scratch and approved is not None and services.signing_key is not None:
        from reports.agreement_pdf import render_batch
        from reports.agreements import issue

        number = load_case_file(db, approved).number
        done = issue(db, services.actor, number, services.signing_key())
        code = done.code
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "agreement.pdf"
            render_batch([done.document], pdf, templates=services.agreement_templates)
            preview = AgreementPreviewDialog(pdf, done.number, done.code, window)
            preview.show()
            _pause(1500)  # QPdfView draws its pages on a thread
            shot(preview, "agreement-preview")
            preview.close()
            preview.document.close()
    signed = _first(window, "signed") or paying
    check = VerifyDialog(services, window)
    if code is None and signed is not None:
        agreements = load_case_file(db, signed).agreements
        code = agreements[-1].code if agreements else None
    check.code.setText(code or "XXXX-XXXX")
    check.check.click()
    check.show()
    shot(check, "agreement-verify")
    check.close()
    lang = services.language
    index = window.index
    for dialog, name in (
        (UserDialog(lang, lambda *a: None, None, window), "user-new"),
        (RateDialog(services.office.currency, lambda *a: None, window), "rate"),
        (
            SuspensionDialog(
                lang,
                index.countries() if index else [],
                index.transit_centres() if index else [],
                lambda *a: None,
                window,
            ),
            "suspension-new",
        ),
    ):
        dialog.show()
        shot(dialog, name)
        dialog.close()
    window.show_page("settings")
    for i in range(window.settings.tabs.count()):
        window.settings.tabs.setCurrentIndex(i)
        shot(window, f"settings-{i + 1}")
    window.settings.tabs.setCurrentIndex(0)
    _import_preview(window, shot)
    from ui.import_wizard import ImportWizard

    for kind in ("disbursements", "decisions"):  # the same wizard for the other importers
        wizard = ImportWizard(window.services, kind, window)
        wizard.show()
        shot(wizard, f"import-{kind}")
        wizard.close()


def _pause(ms: int) -> None:

    wait_until(lambda: False, ms)


def _import_preview(window: MainWindow, shot: Shot) -> None:
    from openpyxl import Workbook

    from reports.xlsx_safe import save_workbook
    from ui.import_wizard import ImportWizard

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "enregistrements-kayes.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.append(["Liste des retours — Kayes"])
        ws.append(["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement"])
        ws.append(["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui"])
        ws.append(["Camara", "Fanta", "F", "vers 1990", "Guinée", "oui"])
        ws.append(["Traoré", "Adama", "X?", dt.date(1991, 1, 1), "Mali", "oui"])
        ws.append(["Keïta", "", "F", "31/02/1990", "Wakanda", "oui"])
        save_workbook(wb, path)
        wizard = ImportWizard(window.services, "registrations", window)
        wizard.show()
        shot(wizard, "import-choose")
        wizard.path.setText(str(path))
        wizard.read.click()
        wait_until(lambda: wizard.checked is not None, 30_000)
        shot(wizard, "import-preview")
        wizard.close()
