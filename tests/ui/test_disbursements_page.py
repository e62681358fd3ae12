"""The Disbursements page: the latest payments, and a finance payment list imported through the
preview (refused rows shown, nothing written), the error workbook, then the valid rows."""

from __future__ import annotations

import datetime as dt

import openpyxl
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select
from support.cases import eligible

from models.cases import mark_signed
from models.entities import Disbursement
from models.grants import ItemInput, approve_grant, plan_grant
from models.users import Actor, authenticate, create_user
from reports.agreements import issue
from ui.common import Services
from ui.disbursements_page import DisbursementsPage
from ui.import_wizard import ImportWizard

HEAD = ["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise", "Mode de paiement",
        "Référence reçu"]  # fmt: skip


def _user(db, admin, name: str, *roles: str) -> Actor:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", roles)
    return authenticate(db, name, f"{name}-password")


def _page(window, qtbot, actor: Actor) -> DisbursementsPage:  # type: ignore[no-untyped-def]
    s = window.services
    page = DisbursementsPage(Services(s.db, actor, s.office, s.jobs, "en"), window)
    qtbot.addWidget(page)
    page.refresh()
    return page


def _signed(db, users, start: int) -> str:  # type: ignore[no-untyped-def]
    (case,) = eligible(db, users, start=start)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "300000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    return case


def _receipts(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return set(
            s.scalars(select(Disbursement.receipt_ref).where(Disbursement.receipt_ref.like("UI-%")))
        )


def test_finance_imports_a_payment_list_with_a_bad_row(
    window, qtbot, qtmodeltester, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    users = {
        "registrar": _user(db, admin, "rita9", "registrar"),
        "approver": _user(db, admin, "abdou9", "approver"),
    }
    finance = _user(db, admin, "fanta9", "finance")
    a, b = _signed(db, users, 9100), _signed(db, users, 9200)
    today = dt.datetime.combine(dt.date.today(), dt.time())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Paiements du mois"])
    ws.append(HEAD)
    ws.append([a, 1, today, 100000, "XOF", "Espèces", "UI-1"])
    ws.append([b, 1, today, 50000, "XOF", "Orange money", "UI-2"])
    ws.append([b, 1, today, 999999, "XOF", "cash", "UI-3"])  # more than what remains
    source = tmp_path / "paiements.xlsx"
    wb.save(source)

    page = _page(window, qtbot, finance)
    assert page.import_payments.isEnabled()
    before = page.model.rowCount()
    page.import_payments.click()
    dialog = page.child
    assert isinstance(dialog, ImportWizard) and dialog.kind == "disbursements"
    dialog.path.setText(str(source))
    with qtbot.waitSignal(dialog.refused_model.modelReset, timeout=30_000):
        dialog.read.click()
    assert dialog.pages.currentIndex() == 1
    assert "3 rows, 2 valid, 1 refused" in dialog.summary.text()
    assert dialog.accepted_model.rowCount() == 2
    assert dialog.accepted_model.index(0, 1).data() == a
    # Row, case, column, value as typed, reason.
    refused = [dialog.refused_model.index(0, c).data() for c in range(5)]
    assert refused[:4] == ["5", b, "Montant", "999999"]
    assert "more than what remains" in refused[4]
    qtmodeltester.check(dialog.accepted_model)
    qtmodeltester.check(dialog.refused_model)
    # The dry run wrote nothing, and the refused row blocks recording all of them.
    assert _receipts(db) == set()
    assert not dialog.run_import.isEnabled() and "refused" in dialog.run_import.toolTip().lower()
    errors = tmp_path / "paiements-errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(errors), ""))
    dialog.save_errors.click()
    rows = list(openpyxl.load_workbook(errors).active.iter_rows(values_only=True))
    # The row as typed, then its number and the reason (the one error workbook of every import).
    assert rows[1][-2] == 5 and "more than what remains" in rows[1][-1] and "UI-3" in rows[1]
    # Record the valid rows only.
    dialog.skip_invalid.setChecked(True)
    assert dialog.run_import.isEnabled()
    with qtbot.waitSignal(page.payments_imported, timeout=30_000) as signal:
        dialog.run_import.click()
    assert signal.args == [2]
    assert "2 payments recorded, 1 refused rows left out" in dialog.outcome.text()
    assert _receipts(db) == {"UI-1", "UI-2"}
    assert page.model.rowCount() == min(before + 2, 500)
    shown = {page.model.index(r, 6).data() for r in range(page.model.rowCount())}
    assert {"UI-1", "UI-2"} <= shown
    qtmodeltester.check(page.model)


def test_the_fixed_file_checked_again_is_recorded_whole(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    users = {
        "registrar": _user(db, admin, "rita4", "registrar"),
        "approver": _user(db, admin, "abdou4", "approver"),
    }
    a = _signed(db, users, 9300)
    today = dt.datetime.combine(dt.date.today(), dt.time())
    source = tmp_path / "paiements.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append([a, 1, today, 100000, "XOF", "virement", "UI-7"])
    ws.append([a, 1, today, 100000, "XOF", "chèque", "UI-8"])  # unknown method
    wb.save(source)
    page = _page(window, qtbot, _user(db, admin, "fanta4", "finance"))
    page.import_payments.click()
    dialog = page.child
    dialog.path.setText(str(source))
    with qtbot.waitSignal(dialog.refused_model.modelReset, timeout=30_000):
        dialog.read.click()
    assert dialog.refused_model.index(0, 4).data().endswith("unknown payment method chèque.")
    assert dialog.refused_model.index(0, 2).data() == "Mode de paiement"  # the column is named
    ws["F3"] = "espèces"  # the finance officer fixes the row in Excel
    wb.save(source)
    with qtbot.waitSignal(dialog.refused_model.modelReset, timeout=30_000):
        dialog.check_again.click()
    assert "2 rows, 2 valid, 0 refused" in dialog.summary.text()
    assert dialog.run_import.isEnabled() and dialog.run_import.text() == "Record the payments"
    assert _receipts(db) == set()
    with qtbot.waitSignal(page.payments_imported, timeout=30_000):
        dialog.run_import.click()
    assert _receipts(db) == {"UI-7", "UI-8"}
    assert dialog.pages.currentIndex() == 2


def test_a_registrar_sees_the_import_disabled_and_who_may(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = _page(window, qtbot, _user(db, admin, "rita8", "registrar"))
    assert not page.import_payments.isEnabled()
    tip = page.import_payments.toolTip()
    assert tip == "Finance may do this."
    assert page.model.rowCount() > 0  # the demo's payments are listed
    assert "latest payments" in page.caption.text()


def test_a_payment_list_saved_as_csv_by_a_french_excel(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    users = {
        "registrar": _user(db, admin, "rita6", "registrar"),
        "approver": _user(db, admin, "abdou6", "approver"),
    }
    a = _signed(db, users, 9400)
    day = dt.date.today().strftime("%d/%m/%Y")
    lines = [";".join(HEAD), f"{a};1;{day};100 000;XOF;Espèces;UI-10",
             f'{a};1;{day};"50 000";XOF;"Mobile money";UI-11']  # fmt: skip
    source = tmp_path / "paiements.csv"
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    page = _page(window, qtbot, _user(db, admin, "fanta6", "finance"))
    page.import_payments.click()
    dialog = page.child
    dialog.path.setText(str(source))
    with qtbot.waitSignal(dialog.refused_model.modelReset, timeout=30_000):
        dialog.read.click()
    assert "2 rows, 2 valid, 0 refused" in dialog.summary.text()
    assert "read as Windows-1252" in dialog.summary.text()
    with qtbot.waitSignal(page.payments_imported, timeout=30_000):
        dialog.run_import.click()
    assert _receipts(db) == {"UI-10", "UI-11"}
