"""The whole life of a case from the window: grant planned and approved by two people (four eyes),
agreement issued, previewed, printed and verified, signed, paid and visited until completed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from models.entities import Agreement, Case, Disbursement, Grant, MonitoringVisit
from models.users import authenticate, create_user
from ui.agreement_dialogs import AgreementPreviewDialog, VerifyDialog
from ui.case_file import CaseFileDialog
from ui.common import Services
from ui.follow_up import PaymentDialog, VisitDialog
from ui.grant_dialog import PlanGrantDialog


def as_user(window, db, admin, name: str, roles: list[str]) -> Services:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", roles)
    actor = authenticate(db, name, f"{name}-password")
    s = window.services
    return Services(
        db, actor, s.office, s.jobs, "en", signing_key=s.signing_key,
        agreement_templates=s.agreement_templates,
    )  # fmt: skip


def eligible_case(db) -> int:  # type: ignore[no-untyped-def]
    """An eligible case with no grant yet, no hold, no open duplicate flag."""
    from models.entities import DuplicateFlag

    with db.reading() as s:
        flagged = {
            rid
            for a, b in s.execute(
                select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id).where(
                    DuplicateFlag.status == "open"
                )
            )
            for rid in (a, b)
        }
        with_grant = set(s.scalars(select(Grant.case_id)))
        for case in s.scalars(
            select(Case).where(Case.state == "eligible", Case.on_hold.is_(False)).order_by(Case.id)
        ):
            if case.id not in with_grant and case.returnee_id not in flagged:
                return case.id
    pytest.skip("no plain eligible case in the demo data")


def open_file(qtbot, services: Services, case_id: int, window) -> CaseFileDialog:  # type: ignore[no-untyped-def]
    dialog = CaseFileDialog(services, case_id, window)
    qtbot.addWidget(dialog)
    return dialog


def plan(qtbot, dialog: CaseFileDialog, amount: str) -> PlanGrantDialog:  # type: ignore[no-untyped-def]
    assert dialog.plan_grant.isEnabled(), dialog.plan_grant.toolTip()
    dialog.plan_grant.click()
    form = dialog.child
    assert isinstance(form, PlanGrantDialog)
    row = form.rows[0]
    row.package.setCurrentIndex(row.package.findData("HOUS"))
    row.amount.clear()
    qtbot.keyClicks(row.amount, amount)
    return form


def test_grant_planned_and_approved_by_two_people(window, qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    case_id = eligible_case(db)
    both = as_user(window, db, admin, "oumar2", ["registrar", "approver"])
    dialog = open_file(qtbot, both, case_id, window)
    form = plan(qtbot, dialog, "999999999")
    assert "ceiling" in form.figures.text().lower()
    assert "a4000f" in form.figures.styleSheet()  # shown over the ceiling as plan_grant says
    form.buttons.accepted.emit()
    # Over the ceiling: refused, the reason shown in the form, nothing saved.
    assert form.isVisible() and "exceeds the ceiling" in form.error.text()
    assert not form.override_reason.isEnabled()  # only an administrator may override
    with db.reading() as s:
        assert s.scalars(select(Grant).where(Grant.case_id == case_id)).first() is None
    form.rows[0].amount.clear()
    qtbot.keyClicks(form.rows[0].amount, "300000")
    assert form.figures.styleSheet() == ""
    form.buttons.accepted.emit()
    assert not form.isVisible()
    assert "draft" in dialog.grant_summary.text() and "300,000" in dialog.grant_summary.text()
    assert dialog.items_model.rowCount() == 1
    # Four eyes: the planner may not approve, and the case file says why.
    assert not dialog.approve_grant.isEnabled()
    assert "four eyes" in dialog.approve_grant.toolTip().lower()
    assert "four eyes" in dialog.grant_note.text().lower()
    # Even if the operation were reached, it refuses with the message shown.
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog._on_approve_grant_clicked()
    assert shown and "four eyes" in shown[0].lower()
    with db.reading() as s:
        assert s.get(Case, case_id).state == "eligible"
    # Another approver approves.
    approver = as_user(window, db, admin, "mariam2", ["approver"])
    other = open_file(qtbot, approver, case_id, window)
    assert other.approve_grant.isEnabled(), other.approve_grant.toolTip()
    other.approve_grant.click()
    with db.reading() as s:
        assert s.get(Case, case_id).state == "approved"
        grant = s.scalars(select(Grant).where(Grant.case_id == case_id)).one()
        assert grant.state == "approved" and grant.approved_by == approver.actor.id
    assert "approved by" in other.grant_summary.text()
    assert other.subtitle.text().startswith("State: approved")


def test_agreement_issued_previewed_printed_verified_then_paid_until_completed(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    case_id = eligible_case(db)
    registrar = as_user(window, db, admin, "awa2", ["registrar"])
    approver = as_user(window, db, admin, "mariam3", ["approver"])
    finance = as_user(window, db, admin, "fatou2", ["finance"])
    dialog = open_file(qtbot, registrar, case_id, window)
    form = plan(qtbot, dialog, "200000")
    form.buttons.accepted.emit()
    open_file(qtbot, approver, case_id, window).approve_grant.click()

    # Issue: the PDF is previewed in the window and printed.
    dialog = open_file(qtbot, registrar, case_id, window)
    assert not dialog.preview_agreement.isEnabled()
    assert dialog.issue_agreement.isEnabled(), dialog.issue_agreement.toolTip()
    dialog.issue_agreement.click()
    preview = dialog.child
    assert isinstance(preview, AgreementPreviewDialog)
    assert preview.page_count >= 1
    page = preview.document.render(0, QSize(210, 297))
    assert not page.isNull()
    dark = sum(
        1 for x in range(0, 210, 3) for y in range(0, 297, 3) if page.pixelColor(x, y).value() < 128
    )
    assert dark > 50  # text is drawn, not a blank page
    with db.reading() as s:
        agreement = s.scalars(select(Agreement).where(Agreement.case_id == case_id)).one()
        code = agreement.code
    assert code in preview.note.text()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == preview.page_count
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == preview.page_count
    preview.reject()
    assert dialog.agreements_model.rowCount() == 1
    # A second print is a counted copy.
    assert not dialog.issue_agreement.isEnabled() and dialog.preview_agreement.isEnabled()
    dialog.preview_agreement.click()
    assert "Copy 1" in dialog.child.note.text()
    dialog.child.reject()

    # Verify the code: for whom and how much.
    dialog.verify_agreement.click()
    check = dialog.child
    assert isinstance(check, VerifyDialog)
    check.code.clear()
    qtbot.keyClicks(check.code, code)
    check.check.click()
    assert check.result.text() == "Valid agreement."
    assert check.case.text().startswith(dialog.file.number[:3])
    assert "200,000" in check.amount.text() and check.returnee.text()
    check.code.setText(code[:-1] + ("A" if code[-1] != "A" else "B"))
    check.check.click()
    assert "no agreement" in check.result.text().lower()
    assert check.details.isHidden()
    check.code.setText("not a code at all")
    check.check.click()
    assert "not a verification code" in check.result.text()
    check.reject()

    # Signed, then paid and visited until completed.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.mark_signed.click()
    with db.reading() as s:
        assert s.get(Case, case_id).state == "signed"
    money = open_file(qtbot, finance, case_id, window)
    assert not money.plan_grant.isEnabled() and "registrar" in money.plan_grant.toolTip()
    instalments = money.file.approved_grant.instalments
    receipts = iter(f"R-{n}" for n in range(100))
    day = dt.date.today()
    for inst in instalments:
        if inst.condition == "after_monitoring_visit":
            visit = open_file(qtbot, registrar, case_id, window)
            visit.record_visit.click()
            v = visit.child
            assert isinstance(v, VisitDialog)
            v.condition_met.setChecked(True)
            v.business_operating.setCurrentIndex(v.business_operating.findData(True))
            v.buttons.accepted.emit()
            assert not v.isVisible(), v.error.text()
            money = open_file(qtbot, finance, case_id, window)
        assert money.record_payment.isEnabled(), money.record_payment.toolTip()
        money.record_payment.click()
        pay = money.child
        assert isinstance(pay, PaymentDialog)
        assert Decimal(pay.amount.text()) == inst.amount and "." not in pay.amount.text()
        pay.method.setCurrentIndex(pay.method.findData("mobile_money"))
        if inst.condition == "on_supplier_invoice" and pay.supplier.count() > 1:
            pay.supplier.setCurrentIndex(1)
            pay.method.setCurrentIndex(pay.method.findData("supplier_payment"))
        qtbot.keyClicks(pay.receipt_ref, next(receipts))
        pay.buttons.accepted.emit()
        assert not pay.isVisible(), pay.error.text()
    with db.reading() as s:
        assert s.get(Case, case_id).state == "in_progress"
        assert len(s.scalars(select(Disbursement).where(Disbursement.case_id == case_id)).all())
    # The same receipt twice is refused, in the dialog.
    visit = open_file(qtbot, registrar, case_id, window)
    visit.record_visit.click()
    v = visit.child
    v.final.setChecked(True)
    v.condition_met.setChecked(True)
    v.buttons.accepted.emit()
    assert not v.isVisible(), v.error.text()
    assert visit.subtitle.text().startswith("State: completed")
    with db.reading() as s:
        assert s.get(Case, case_id).state == "completed"
        visits = s.scalars(select(MonitoringVisit).where(MonitoringVisit.case_id == case_id))
        assert any(x.final for x in visits)
    assert day == dt.date.today()


def test_payment_refusal_is_shown_in_the_dialog(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    finance = as_user(window, db, admin, "fatou3", ["finance"])
    with db.reading() as s:
        case_id = s.scalars(
            select(Case.id).where(Case.state == "in_progress", Case.on_hold.is_(False)).limit(1)
        ).one()
        used = s.scalars(select(Disbursement.receipt_ref).limit(1)).one()
    dialog = open_file(qtbot, finance, case_id, window)
    assert dialog.record_payment.isEnabled(), dialog.record_payment.toolTip()
    dialog.record_payment.click()
    pay = dialog.child
    pay.amount.setText("1")
    pay.receipt_ref.setText(used)
    pay.buttons.accepted.emit()
    assert pay.isVisible()
    assert pay.error.isVisibleTo(pay) and pay.error.text()


def test_new_dialog_models_pass_the_model_tester(window, qtbot, qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    with db.reading() as s:
        case_id = s.scalars(select(Case.id).where(Case.state == "completed").limit(1)).one()
    dialog = open_file(qtbot, window.services, case_id, window)
    for model in (dialog.visits_model, dialog.agreements_model):
        qtmodeltester.check(model)


def test_finance_corrects_a_payment_by_an_adjustment(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from ui.follow_up import AdjustmentDialog

    db, admin = demo
    finance = as_user(window, db, admin, "fatou4", ["finance"])
    with db.reading() as s:
        case_id, original = s.execute(
            select(Disbursement.case_id, Disbursement.receipt_ref)
            .where(Disbursement.amount > 1000, Disbursement.adjusts_id.is_(None))
            .limit(1)
        ).one()
    dialog = open_file(qtbot, finance, case_id, window)
    assert dialog.adjust_payment.isEnabled(), dialog.adjust_payment.toolTip()
    dialog.adjust_payment.click()
    fix = dialog.child
    assert isinstance(fix, AdjustmentDialog)
    fix.original.setCurrentIndex(fix.original.findData(original))
    qtbot.keyClicks(fix.amount, "-1000")
    qtbot.keyClicks(fix.receipt_ref, "ADJ-1")
    fix.buttons.accepted.emit()
    assert fix.isVisible() and "reason" in fix.error.text().lower()
    qtbot.keyClicks(fix.reason, "typed 1000 too much")
    fix.buttons.accepted.emit()
    assert not fix.isVisible(), fix.error.text()
    with db.reading() as s:
        row = s.scalars(select(Disbursement).where(Disbursement.receipt_ref == "ADJ-1")).one()
        assert row.amount == -1000 and row.adjusts_id is not None
    # The payment is shown against its instalment.
    shown = [
        dialog.instalments_model.index(r, 4).data()
        for r in range(dialog.instalments_model.rowCount())
    ]
    assert any("ADJ-1" in text for text in shown)


def test_a_viewer_sees_every_money_button_disabled_with_who_may(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    viewer = as_user(window, db, admin, "ibrahim4", ["viewer"])
    with db.reading() as s:
        case_id = s.scalars(
            select(Case.id).where(Case.state == "in_progress", Case.on_hold.is_(False)).limit(1)
        ).one()
    dialog = open_file(qtbot, viewer, case_id, window)
    for button, who in (
        (dialog.plan_grant, "registrar"),
        (dialog.approve_grant, "approver"),
        (dialog.record_payment, "finance"),
        (dialog.adjust_payment, "finance"),
        (dialog.record_visit, "registrar"),
        (dialog.issue_agreement, "registrar"),
        (dialog.mark_signed, "registrar"),
    ):
        assert not button.isEnabled(), button.text()
        assert who in button.toolTip().lower(), (button.text(), button.toolTip())
    assert dialog.verify_agreement.isEnabled()
