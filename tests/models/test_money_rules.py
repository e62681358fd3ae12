"""The dates, order, conditions and payees money follows (#11, hostile-office findings)."""

import datetime as dt

import pytest
from support.cases import backdate, eligible

from models.cases import mark_signed
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, payable_suppliers, record_payment
from models.suppliers import add_supplier
from reports.agreements import issue

SIGNED = dt.date(2026, 10, 1)
TODAY = dt.date(2026, 11, 20)


def _signed(db, users, start=0, instalments=None, signed=SIGNED):
    """A signed ECO-IND grant of 1,000,000 (60 % on the supplier's invoice, 40 % after a
    visit) whose approval and signature are dated ``signed``."""
    (case,) = eligible(db, users, start=start)
    supplier = f"Atelier {start}"
    add_supplier(db, users["finance"], supplier)
    plan_grant(
        db,
        users["registrar"],
        case,
        [ItemInput("ECO-IND", "1000000", supplier)],
        instalments=instalments,
    )
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    if signed is not None:
        backdate(db, case, signed)
    return case, supplier


def _pay(db, actor, case, n, amount, ref, day, supplier=None, method="supplier_payment"):
    return record_payment(
        db, actor, PaymentInput(case, n, amount, method, ref, day, supplier), today=TODAY
    )


# -- 1. payment dates ----------------------------------------------------------------------------


def test_a_payment_is_dated_between_the_signature_and_today(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    with pytest.raises(Refused, match=r"2026-09-30 is before the agreement of case .* 2026-10-01"):
        _pay(db, fin, case, 1, "1000", "R0", dt.date(2026, 9, 30), supplier)
    with pytest.raises(Refused, match="in the future"):
        _pay(db, fin, case, 1, "1000", "R0", TODAY + dt.timedelta(days=1), supplier)
    assert _pay(db, fin, case, 1, "1000", "R1", SIGNED, supplier).paid_on == SIGNED
    assert _pay(db, fin, case, 1, "1000", "R2", TODAY, supplier).paid_on == TODAY


def test_a_payment_signed_today_cannot_be_dated_earlier(db, users):
    # No back-dating helper: the agreement is signed today, as the window and rgm record it.
    case, supplier = _signed(db, users, signed=None)
    today = dt.date.today()
    with pytest.raises(Refused, match="before the agreement of case"):
        record_payment(
            db,
            users["finance"],
            PaymentInput(
                case, 1, "1000", "supplier_payment", "R1", today - dt.timedelta(days=1), supplier
            ),
        )
    record_payment(
        db,
        users["finance"],
        PaymentInput(case, 1, "1000", "supplier_payment", "R1", None, supplier),
    )


def test_an_adjustment_is_not_dated_before_the_payment_it_corrects(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    _pay(db, fin, case, 1, "100000", "R1", dt.date(2026, 10, 10), supplier)
    with pytest.raises(Refused, match="before the payment it corrects .2026-10-10"):
        adjust_payment(db, fin, "R1", "-1000", "A1", "typo", dt.date(2026, 10, 9), TODAY)
    with pytest.raises(Refused, match="before the payment it corrects"):
        adjust_payment(db, fin, "R1", "1000", "A1", "typo", dt.date(2026, 9, 1), TODAY)
    with pytest.raises(Refused, match="in the future"):
        adjust_payment(db, fin, "R1", "-1000", "A1", "typo", TODAY + dt.timedelta(days=1), TODAY)
    adjust_payment(db, fin, "R1", "-1000", "A1", "typo", dt.date(2026, 10, 10), TODAY)


def test_a_positive_adjustment_after_a_replan_follows_the_new_signature(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    _pay(db, fin, case, 1, "100000", "R1", dt.date(2026, 10, 10), supplier)
    adjust_payment(db, fin, "R1", "-50000", "A1", "typo", dt.date(2026, 10, 11), TODAY)
    # Re-planned and signed again on 2026-11-01: money added under it follows that signature.
    plan_grant(db, users["registrar"], case, [ItemInput("ECO-IND", "900000", supplier)])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    backdate(db, case, dt.date(2026, 11, 1))
    with pytest.raises(Refused, match="before the agreement of case .* version 2"):
        adjust_payment(db, fin, "R1", "10000", "A2", "typo", dt.date(2026, 10, 20), TODAY)
    adjust_payment(db, fin, "R1", "10000", "A2", "typo", dt.date(2026, 11, 2), TODAY)


# -- 3. supplier payments ------------------------------------------------------------------------


def test_only_the_grants_suppliers_are_paid(db, users):
    case, supplier = _signed(db, users)
    add_supplier(db, users["finance"], "Quincaillerie sans contrat")
    fin = users["finance"]
    with pytest.raises(Refused, match="Quincaillerie sans contrat is not a supplier of the grant"):
        _pay(db, fin, case, 1, "1000", "R1", SIGNED, "Quincaillerie sans contrat")
    with pytest.raises(Refused, match="Quincaillerie sans contrat is not a supplier"):
        _pay(db, fin, case, 1, "1000", "R1", SIGNED, "Quincaillerie sans contrat", method="cash")
    with pytest.raises(Refused, match="must name the supplier paid"):
        _pay(db, fin, case, 1, "1000", "R1", SIGNED, None)
    assert payable_suppliers(db, case) == (supplier,)
    # Another case's supplier is not this case's either.
    other, other_supplier = _signed(db, users, start=1)
    with pytest.raises(Refused, match="its suppliers: Atelier 0"):
        _pay(db, fin, case, 1, "1000", "R1", SIGNED, other_supplier)
    assert _pay(db, fin, case, 1, "1000", "R1", SIGNED, supplier).supplier == supplier


# -- 4. instalment order and conditions ----------------------------------------------------------


def test_an_instalment_waits_for_the_one_before_it(db, users):
    case, supplier = _signed(
        db,
        users,
        instalments=[
            ("400000", "on_signature"),
            ("300000", "none"),
            ("300000", "after_monitoring_visit"),
        ],
    )
    fin = users["finance"]
    with pytest.raises(
        Refused, match=r"instalment 2 of case .* waits for instalment 1 .*0 of 400000"
    ):
        _pay(db, fin, case, 2, "1000", "R1", SIGNED, supplier)
    _pay(db, fin, case, 1, "399000", "R1", SIGNED, supplier)
    with pytest.raises(Refused, match=r"waits for instalment 1 to be paid in full .399000 of"):
        _pay(db, fin, case, 2, "1000", "R2", SIGNED, supplier)
    record_visit(db, users["approver"], case, dt.date(2026, 10, 2), True, True, today=TODAY)
    with pytest.raises(Refused, match="instalment 3 of case .* waits for instalment 1"):
        _pay(db, fin, case, 3, "1000", "R2", dt.date(2026, 10, 3), supplier)
    _pay(db, fin, case, 1, "1000", "R2", dt.date(2026, 10, 3), supplier)
    _pay(db, fin, case, 2, "300000", "R3", dt.date(2026, 10, 4), supplier)
    # The visit of 2026-10-02 came before instalment 2 was paid: it does not release 3.
    with pytest.raises(Refused, match="instalment 3 of case .* needs a monitoring visit"):
        _pay(db, fin, case, 3, "1000", "R4", dt.date(2026, 10, 5), supplier)
    record_visit(db, users["approver"], case, dt.date(2026, 10, 6), True, True, today=TODAY)
    _pay(db, fin, case, 3, "300000", "R4", dt.date(2026, 10, 7), supplier)


def test_a_visit_condition_is_not_met_by_a_visit_before_the_previous_payment(db, users):
    case, supplier = _signed(db, users)  # 600000 on the invoice, then 400000 after a visit
    fin = users["finance"]
    record_visit(db, users["approver"], case, dt.date(2026, 10, 2), True, True, today=TODAY)
    with pytest.raises(Refused, match="waits for instalment 1"):
        _pay(db, fin, case, 2, "400000", "R1", dt.date(2026, 10, 3), supplier)
    _pay(db, fin, case, 1, "600000", "R1", dt.date(2026, 10, 4), supplier)
    with pytest.raises(Refused, match="needs a monitoring visit"):
        _pay(db, fin, case, 2, "400000", "R2", dt.date(2026, 10, 5), supplier)


def test_a_positive_adjustment_waits_for_earlier_instalments_too(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    _pay(db, fin, case, 1, "600000", "R1", dt.date(2026, 10, 2), supplier)
    record_visit(db, users["approver"], case, dt.date(2026, 10, 3), True, True, today=TODAY)
    _pay(db, fin, case, 2, "300000", "R2", dt.date(2026, 10, 4), supplier)
    adjust_payment(db, fin, "R1", "-1000", "A1", "overpaid", dt.date(2026, 10, 5), TODAY)
    with pytest.raises(Refused, match="instalment 2 of case .* waits for instalment 1"):
        adjust_payment(db, fin, "R2", "1000", "A2", "typo", dt.date(2026, 10, 5), TODAY)


# -- 5. monitoring visits ------------------------------------------------------------------------


def test_a_visit_is_not_dated_before_the_first_approval(db, users):
    case, _supplier = _signed(db, users)
    with pytest.raises(Refused, match="before the grant of case .* first approved on 2026-10-01"):
        record_visit(db, users["approver"], case, dt.date(2026, 9, 30), True, True, today=TODAY)
    with pytest.raises(Refused, match="in the future"):
        record_visit(
            db, users["approver"], case, TODAY + dt.timedelta(days=1), True, True, today=TODAY
        )
    record_visit(db, users["approver"], case, SIGNED, True, True, today=TODAY)


def test_a_case_never_approved_gets_no_visit(db, users):
    (case,) = eligible(db, users)
    with pytest.raises(Refused, match="monitoring follows an approved grant"):
        record_visit(db, users["approver"], case, TODAY, True, True, today=TODAY)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "100000")])
    with pytest.raises(Refused, match="monitoring follows an approved grant"):
        record_visit(db, users["approver"], case, TODAY, True, True, today=TODAY)
    approve_grant(db, users["approver"], case)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with pytest.raises(Refused, match="before the grant of case .* first approved"):
        record_visit(db, users["approver"], case, yesterday, True, True)
    record_visit(db, users["approver"], case, dt.date.today(), True, True)


# -- 2. the return of a month that is not over ---------------------------------------------------


def _write(s, anchor):
    from models.monthly_returns import Written

    return Written("f" * 64, "d" * 64)


@pytest.mark.parametrize("month", ["2026-11", "2026-12", "2031-01"])
def test_a_month_that_is_not_over_is_not_submitted(db, users, month):
    from sqlalchemy import func, select

    from models.entities import MonthlyReturn
    from models.monthly_returns import submit

    with pytest.raises(Refused, match=f"the month {month} is not over: .* from 20"):
        submit(db, users["finance"], month, _write, today=TODAY)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(MonthlyReturn)) == 0


def test_an_ended_month_is_submitted_and_locks_it(db, users):
    from models.monthly_returns import is_locked, submit

    submit(db, users["finance"], "2026-10", _write, today=dt.date(2026, 11, 1))
    with db.reading() as s:
        assert is_locked(s, "2026-10") and not is_locked(s, "2026-11")


def test_the_current_month_is_refused_by_the_real_clock_too(db, users):
    from models.monthly_returns import submit

    today = dt.date.today()
    with pytest.raises(Refused, match="is not over"):
        submit(db, users["finance"], f"{today.year:04d}-{today.month:02d}", _write)
