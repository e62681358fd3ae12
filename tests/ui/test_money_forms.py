"""The window's money forms refuse what is not an amount, translated, as the command does; a grant
changed after payments is planned, approved, printed and signed again from the case file."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select
from test_case_life import as_user, eligible_case, open_file

from models.cases import mark_signed
from models.entities import Case, Disbursement, ExchangeRate, Grant
from models.grants import ItemInput, approve_grant, plan_grant
from models.i18n import set_language
from models.payments import PaymentInput, record_payment
from reports.agreements import issue
from ui.follow_up import AdjustmentDialog, PaymentDialog
from ui.grant_dialog import PlanGrantDialog

KEY = b"k" * 32


def _paid_case(window, db, admin):  # type: ignore[no-untyped-def]
    """A case in progress: HOUS 300,000 (150,000 on signature, 150,000 after a visit), 100,000
    paid on instalment 1; and its registrar, approver and finance officer."""
    case_id = eligible_case(db)
    registrar = as_user(window, db, admin, "rita9", ["registrar"])
    approver = as_user(window, db, admin, "abdou9", ["approver"])
    finance = as_user(window, db, admin, "fanta9", ["finance"])
    with db.reading() as s:
        number = s.get(Case, case_id).number
    plan_grant(db, registrar.actor, number, [ItemInput("HOUS", "300000")])
    approve_grant(db, approver.actor, number)
    issue(db, registrar.actor, number, KEY)
    mark_signed(db, registrar.actor, number)
    record_payment(db, finance.actor, PaymentInput(number, 1, "100000", "cash", "UI-R1"))
    return case_id, registrar, approver, finance


def _payments(db) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Disbursement))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_grant_form_says_at_once_what_is_not_an_amount(window, qtbot, demo, lang) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    set_language(lang)
    case_id = eligible_case(db)
    registrar = as_user(window, db, admin, f"awa-{lang}", ["registrar"])
    registrar = dataclasses.replace(registrar, language=lang)
    dialog = open_file(qtbot, registrar, case_id, window)
    dialog.plan_grant.click()
    form = dialog.child
    assert isinstance(form, PlanGrantDialog)
    row = form.rows[0]
    row.package.setCurrentIndex(row.package.findData("EDU"))
    qtbot.keyClicks(row.amount, "1e5")
    expected = "'1e5' is not an amount" if lang == "en" else "'1e5' n'est pas un montant"
    assert form.error.isVisibleTo(form) and expected in form.error.text()
    form.buttons.accepted.emit()
    assert form.isVisible() and expected in form.error.text()
    with db.reading() as s:
        assert s.scalars(select(Grant).where(Grant.case_id == case_id)).first() is None
    row.amount.clear()
    qtbot.keyClicks(row.amount, "250 000")
    assert not form.error.isVisibleTo(form)
    # Instalments set by hand go through the same reading.
    form.custom_instalments.setChecked(True)
    form.instalment_rows[0].amount.clear()
    qtbot.keyClicks(form.instalment_rows[0].amount, "inf")
    assert "'inf'" in form.error.text()
    form.instalment_rows[0].amount.clear()
    qtbot.keyClicks(form.instalment_rows[0].amount, "250000")
    form.buttons.accepted.emit()
    assert not form.isVisible(), form.error.text()
    set_language("en")


@pytest.mark.parametrize("text", ["inf", "1e5", "NaN", "10000000000000000", "1.000"])
def test_the_payment_and_correction_forms_refuse_what_is_not_an_amount(
    window, qtbot, demo, text
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    case_id, _registrar, _approver, finance = _paid_case(window, db, admin)
    before = _payments(db)
    dialog = open_file(qtbot, finance, case_id, window)
    dialog.record_payment.click()
    pay = dialog.child
    assert isinstance(pay, PaymentDialog)
    pay.amount.setText(text)
    qtbot.keyClicks(pay.receipt_ref, "UI-R2")
    pay.buttons.accepted.emit()
    assert pay.isVisible() and f"'{text}' is not an amount" in pay.error.text()
    pay.reject()
    dialog.adjust_payment.click()
    fix = dialog.child
    assert isinstance(fix, AdjustmentDialog)
    fix.original.setCurrentIndex(fix.original.findData("UI-R1"))
    qtbot.keyClicks(fix.amount, "-" + text)
    qtbot.keyClicks(fix.receipt_ref, "UI-A1")
    qtbot.keyClicks(fix.reason, "typo")
    fix.buttons.accepted.emit()
    assert fix.isVisible() and "is not an amount" in fix.error.text()
    assert _payments(db) == before


def test_the_rate_form_refuses_what_is_not_a_rate(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from ui.settings_dialogs import RateDialog

    db, admin = demo
    saved: list[object] = []

    def save(month: str, currency: str, rate: str) -> object:
        from models.payments import set_rate

        saved.append(set_rate(db, admin, month, currency, rate))
        return saved[-1]

    form = RateDialog("XOF", save)
    qtbot.addWidget(form)
    form.month.setText("2031-03")
    qtbot.keyClicks(form.per_eur, "6.55957e2")
    form.buttons.accepted.emit()
    assert form.result() != form.DialogCode.Accepted and "is not a rate" in form.error.text()
    with db.reading() as s:
        assert s.get(ExchangeRate, ("2031-03", "XOF")) is None


def test_a_grant_changed_after_payment_is_approved_printed_and_signed_again(
    window, qtbot, demo, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    case_id, registrar, approver, finance = _paid_case(window, db, admin)
    dialog = open_file(qtbot, registrar, case_id, window)
    assert not dialog.next_step.isVisibleTo(dialog)
    dialog.plan_grant.click()
    form = dialog.child
    assert isinstance(form, PlanGrantDialog)
    # The form starts from the plan in force, with what is paid on each instalment.
    assert form.custom_instalments.isChecked()
    assert [i.amount.text() for i in form.instalment_rows] == ["150000", "150000"]
    assert form.instalment_rows[0].paid.text() == "100,000 XOF"
    form.instalment_rows[0].amount.setText("50000")
    form.instalment_rows[1].amount.setText("250000")
    form.buttons.accepted.emit()
    assert form.isVisible()
    assert form.error.text().startswith("Instalment 1 of the new plan")
    assert "less than the 100000 XOF already paid" in form.error.text()
    form.instalment_rows[0].amount.setText("100000")
    form.instalment_rows[1].amount.setText("200000")
    form.buttons.accepted.emit()
    assert not form.isVisible(), form.error.text()
    # The case stays in progress; the case file says what it waits for; no payment meanwhile.
    assert dialog.subtitle.text().startswith("State: in progress")
    assert dialog.next_step.isVisibleTo(dialog)
    assert "waits for approval" in dialog.next_step.text()
    money = open_file(qtbot, finance, case_id, window)
    assert not money.record_payment.isEnabled()
    assert "waits for approval" in money.record_payment.toolTip()
    open_file(qtbot, approver, case_id, window).approve_grant.click()
    dialog = open_file(qtbot, registrar, case_id, window)
    assert "print it" in dialog.next_step.text()
    assert not dialog.mark_signed.isEnabled()
    assert dialog.issue_agreement.isEnabled(), dialog.issue_agreement.toolTip()
    monkeypatch.setattr(dialog, "_print", lambda: None)  # printing is tested elsewhere
    issue(db, registrar.actor, dialog.file.number, KEY)
    dialog = open_file(qtbot, registrar, case_id, window)
    assert "record the returnee's signature" in dialog.next_step.text()
    assert dialog.mark_signed.isEnabled(), dialog.mark_signed.toolTip()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.mark_signed.click()
    assert not dialog.next_step.isVisibleTo(dialog)
    assert dialog.subtitle.text().startswith("State: in progress")
    money = open_file(qtbot, finance, case_id, window)
    assert money.record_payment.isEnabled(), money.record_payment.toolTip()
    money.record_payment.click()
    pay = money.child
    # What remains of instalment 1 counts what was paid under the earlier version.
    assert pay.instalment.currentData() == (2, "200000")
    assert ", 0 XOF remaining of 100,000 XOF" in pay.instalment.itemText(0)


def test_blank_templates_are_saved_from_the_reports_page_and_read_back(
    window, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from reports.imports.decisions import read_decisions
    from reports.imports.disbursements import read_payment_rows
    from reports.registration_parse import parse_registrations

    page = window.reports
    window.show_page("reports")
    read = {
        "registrations": lambda p: parse_registrations(p).unknown_columns == [],
        "disbursements": lambda p: read_payment_rows(p)[0] == [],
        "decisions": lambda p: read_decisions(p)[0] == [],
    }
    for index in range(page.template_kind.count()):
        page.template_kind.setCurrentIndex(index)
        kind = page.template_kind.currentData()
        page.ask_save_path = lambda *a, k=kind: tmp_path / k  # type: ignore[method-assign]
        page.save_template.click()
        written = tmp_path / f"{kind}.xlsx"
        assert str(written) in page.template_result.text()
        assert read[kind](written), kind


def test_the_payment_form_offers_only_the_grants_suppliers(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from models.suppliers import add_supplier, list_suppliers

    db, admin = demo
    case_id = eligible_case(db)
    registrar = as_user(window, db, admin, "rita8", ["registrar"])
    approver = as_user(window, db, admin, "abdou8", ["approver"])
    finance = as_user(window, db, admin, "fanta8", ["finance"])
    add_supplier(db, admin, "Menuiserie du dossier")
    add_supplier(db, admin, "Quincaillerie sans contrat")
    assert len(list_suppliers(db)) >= 2
    with db.reading() as s:
        number = s.get(Case, case_id).number
    plan_grant(db, registrar.actor, number, [ItemInput("HOUS", "300000", "Menuiserie du dossier")])
    approve_grant(db, approver.actor, number)
    issue(db, registrar.actor, number, KEY)
    mark_signed(db, registrar.actor, number)
    dialog = open_file(qtbot, finance, case_id, window)
    dialog.record_payment.click()
    pay = dialog.child
    assert isinstance(pay, PaymentDialog)
    offered = [pay.supplier.itemText(i) for i in range(pay.supplier.count())]
    assert offered == ["", "Menuiserie du dossier"]


def test_the_payment_form_refuses_a_date_before_the_signature(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    db, admin = demo
    case_id, _registrar, _approver, finance = _paid_case(window, db, admin)  # signed today
    before = _payments(db)
    dialog = open_file(qtbot, finance, case_id, window)
    dialog.record_payment.click()
    pay = dialog.child
    assert isinstance(pay, PaymentDialog)
    pay.amount.setText("1000")
    pay.paid_on.setDate(QDate.currentDate().addDays(-1))
    qtbot.keyClicks(pay.receipt_ref, "UI-R2")
    pay.buttons.accepted.emit()
    assert pay.isVisible() and "before the agreement of case" in pay.error.text()
    assert _payments(db) == before
