import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import insert, select
from support.cases import backdate, eligible

from models.case_file import load_case_file
from models.cases import mark_signed
from models.entities import Case, Disbursement, MonthlyReturn
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.holds import place_hold, release_hold
from models.monitoring import record_visit
from models.monthly_returns import is_locked, locked_months
from models.payments import (
    PaymentInput,
    adjust_payment,
    missing_rates,
    rates_of,
    record_payment,
    set_rate,
)
from models.suppliers import add_supplier
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)


def _signed(db, users, start=0):
    (case,) = eligible(db, users, start=start)
    add_supplier(db, users["finance"], f"Atelier {start}")
    plan_grant(db, users["registrar"], case, [ItemInput("ECO-IND", "1000000", f"Atelier {start}")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)  # the agreement the returnee signs
    mark_signed(db, users["registrar"], case)
    backdate(db, case, dt.date(2026, 10, 1))  # signed then: payments follow from that day
    return case, f"Atelier {start}"


def _state(db, number):
    with db.reading() as s:
        return s.scalar(select(Case.state).where(Case.number == number))


def _pay(db, actor, case, n, amount, ref, day, supplier=None, method="supplier_payment"):
    return record_payment(
        db,
        actor,
        PaymentInput(case, n, amount, method, ref, day, supplier),
        today=TODAY,
    )


def test_whole_payment_life(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    set_rate(db, users["admin"], "2026-10", "XOF", "655.957")
    with pytest.raises(Refused, match="needs the role finance"):
        _pay(db, users["registrar"], case, 1, "100000", "R1", dt.date(2026, 10, 5), supplier)
    with pytest.raises(Refused, match="name the supplier"):
        _pay(db, fin, case, 1, "100000", "R1", dt.date(2026, 10, 5))
    with pytest.raises(Refused, match="more than what remains of instalment 1 of case .*600000"):
        _pay(db, fin, case, 1, "600001", "R1", dt.date(2026, 10, 5), supplier)
    with pytest.raises(Refused, match="in the future"):
        _pay(db, fin, case, 1, "1000", "R1", dt.date(2026, 12, 5), supplier)
    p1 = _pay(db, fin, case, 1, "400000", "R1", dt.date(2026, 10, 5), supplier)
    assert p1.case_state == "in_progress"
    assert p1.eur == Decimal("609.80")  # 400000 / 655.957
    with pytest.raises(Refused, match="already used"):
        _pay(db, fin, case, 1, "1000", "R1", dt.date(2026, 10, 6), supplier)
    # Partial payments; no rate for November: reported, never guessed.
    p2 = _pay(db, fin, case, 1, "200000", "R2", dt.date(2026, 11, 2), supplier)
    assert p2.eur is None and p2.rate_missing
    with db.reading() as s:
        assert missing_rates(s) == [("2026-11", "XOF")]
    # Instalment 2 needs a monitoring visit that met the condition since instalment 1.
    with pytest.raises(Refused, match="needs a monitoring visit"):
        _pay(db, fin, case, 2, "400000", "R3", dt.date(2026, 11, 10), method="cash")
    record_visit(db, users["approver"], case, dt.date(2026, 10, 20), False, True, today=TODAY)
    with pytest.raises(Refused, match="needs a monitoring visit"):
        _pay(db, fin, case, 2, "400000", "R3", dt.date(2026, 11, 10), method="cash")
    record_visit(db, users["approver"], case, dt.date(2026, 11, 8), True, True, today=TODAY)
    place_hold(db, users["admin"], case, "complaint")
    with pytest.raises(Refused, match="is on hold"):
        _pay(db, fin, case, 2, "400000", "R3", dt.date(2026, 11, 10), method="cash")
    release_hold(db, users["admin"], case, "cleared")
    _pay(db, fin, case, 2, "400000", "R3", dt.date(2026, 11, 10), method="cash")
    assert _state(db, case) == "in_progress"  # paid in full, no final visit yet
    record_visit(db, users["registrar"], case, dt.date(2026, 11, 15), True, True, True, today=TODAY)
    assert _state(db, case) == "completed"
    assert [p.receipt_ref for p in load_case_file(db, case).payments] == ["R1", "R2", "R3"]


def test_locked_month_and_adjustments(db, users):
    case, supplier = _signed(db, users)
    fin = users["finance"]
    _pay(db, fin, case, 1, "600000", "R1", dt.date(2026, 10, 5), supplier)
    with db.transaction() as s:
        s.execute(
            insert(MonthlyReturn),
            [{"month": "2026-10", "file_hash": "0" * 64, "status": "submitted"}],
        )
    with pytest.raises(Refused, match="2026-10 is locked"):
        _pay(db, fin, case, 1, "1000", "R9", dt.date(2026, 10, 30), supplier)
    with pytest.raises(Refused, match="2026-10 is locked"):
        set_rate(db, users["admin"], "2026-10", "XOF", "655.957")
    with pytest.raises(Refused, match="2026-10 is locked"):
        adjust_payment(db, fin, "R1", "-50000", "ADJ1", "overpaid", dt.date(2026, 10, 31), TODAY)
    with pytest.raises(Refused, match="would be paid 650000 of 600000"):
        adjust_payment(db, fin, "R1", "50000", "ADJ1", "typo", dt.date(2026, 11, 3), TODAY)
    adj = adjust_payment(db, fin, "R1", "-50000", "ADJ1", "overpaid", dt.date(2026, 11, 3), TODAY)
    assert (adj.amount, adj.adjusts_ref) == (Decimal(-50000), "R1")
    with db.reading() as s:
        original = s.scalars(select(Disbursement).where(Disbursement.receipt_ref == "R1")).one()
        assert original.amount == Decimal(600000)  # never changed
    # What the adjustment freed can be paid again.
    _pay(db, fin, case, 1, "50000", "R10", dt.date(2026, 11, 4), supplier)
    # the one answer to "is this month locked?", for the return and for writers alike
    with db.reading() as s:
        assert locked_months(s) == {"2026-10"}
        assert locked_months(s, ["2026-09", "2026-11"]) == set()
        assert is_locked(s, "2026-10") and not is_locked(s, "2026-11")


def test_the_rates_of_months_read_once_for_every_reader(db, users):
    set_rate(db, users["admin"], "2026-10", "XOF", "655.957")
    set_rate(db, users["admin"], "2026-11", "GNF", "9500")
    with db.reading() as s:
        rates = rates_of(s, ["2026-10", "2026-11", "2026-12"])
        assert rates == {
            "2026-10": {"XOF": Decimal("655.957"), "EUR": 1},
            "2026-11": {"GNF": Decimal(9500), "EUR": 1},
            "2026-12": {"EUR": 1},  # a euro is a euro, every month
        }
        assert rates_of(s, []) == {}


def test_payment_needs_a_signed_case_and_rates_need_admin(db, users):
    (case,) = eligible(db, users)
    with pytest.raises(Refused, match="payments start once the agreement is signed"):
        _pay(db, users["finance"], case, 1, "1000", "R1", dt.date(2026, 10, 5))
    with pytest.raises(Refused, match="needs the role administrator"):
        set_rate(db, users["finance"], "2026-10", "XOF", "655.957")
    with pytest.raises(Refused, match="not a month"):
        set_rate(db, users["admin"], "2026-13", "XOF", "655.957")
    with pytest.raises(Refused, match="not a rate"):
        set_rate(db, users["admin"], "2026-10", "XOF", "-1")
