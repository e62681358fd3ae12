"""Two people at once on one case's money (the shared office server): the case row is locked by
every money operation, so a second payment sees the first and nothing is paid twice."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from support.cases import eligible

import models.payments
from models.cases import mark_signed
from models.entities import Disbursement
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.payments import PaymentInput, record_payment
from reports.agreements import issue


def _signed(db, users):
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    return case


def _at_once(*operations):
    """Run the operations in threads started together; their results or the Refused raised."""
    results: list[object] = [None] * len(operations)
    barrier = threading.Barrier(len(operations))

    def run(i, operation):
        barrier.wait()
        try:
            results[i] = operation()
        except Refused as refused:
            results[i] = refused

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate(operations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_two_payments_at_once_cannot_pay_an_instalment_twice(db, users, monkeypatch):
    case = _signed(db, users)
    check = models.payments._check_condition

    def slow_check(*args):  # widen the window between reading what is paid and writing
        time.sleep(0.3)
        return check(*args)

    monkeypatch.setattr(models.payments, "_check_condition", slow_check)
    results = _at_once(
        *(
            lambda ref=ref: record_payment(
                db, users["finance"], PaymentInput(case, 1, "200000", "cash", ref)
            )
            for ref in ("R1", "R2")
        )
    )
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(refused) == 1 and "more than what remains" in refused[0].text(), results
    with db.reading() as s:
        assert s.scalar(select(func.sum(Disbursement.amount))) == Decimal(200000)


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_a_re_plan_and_a_payment_at_once_keep_the_money_within_the_plan(db, users, monkeypatch):
    case = _signed(db, users)
    record_payment(db, users["finance"], PaymentInput(case, 1, "100000", "cash", "R0"))
    check = models.payments._check_condition

    def slow_check(*args):
        time.sleep(0.3)
        return check(*args)

    monkeypatch.setattr(models.payments, "_check_condition", slow_check)
    plan = [("150000", "on_signature"), ("100000", "after_monitoring_visit")]
    pay, replan = _at_once(
        lambda: record_payment(db, users["finance"], PaymentInput(case, 1, "100000", "cash", "R1")),
        lambda: plan_grant(
            db, users["registrar"], case, [ItemInput("EDU", "250000")], instalments=plan
        ),  # fmt: skip
    )
    with db.reading() as s:
        paid = s.scalar(select(func.sum(Disbursement.amount)))
    # Whichever came first, the other saw it: paid 200,000 and the plan (giving instalment 1
    # only 150,000) refused, or the plan saved and the payment waiting for its approval.
    if isinstance(replan, Refused):
        assert paid == Decimal(200000) and "less than the 200000 XOF" in replan.text()
    else:
        assert isinstance(pay, Refused) and "waits for approval" in pay.text(), pay
        assert paid == Decimal(100000)
