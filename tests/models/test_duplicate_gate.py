"""Money and decisions wait for the duplicate check (issue #11): a case whose returnee was never
checked (an import stopped between its commit and its check) or is part of an undecided pair
cannot be screened, approved, given an agreement, signed or paid, whoever asks and however."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from support.cases import FULL_YES, backdate, register

from models import duplicate_review as dr
from models import lifecycle
from models.case_file import CaseFile, load_case_file
from models.cases import mark_signed
from models.database import Database
from models.entities import Case, DuplicateFlag
from models.entities.base import utcnow
from models.errors import Advice, Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.payments import PaymentInput, adjust_payment, record_payment
from models.registrations import _record_pending, finish_pending, pending
from models.screening import DecisionInput, decide, decide_many
from models.suppliers import add_supplier
from models.users import Actor
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)
PENDING = "has not been checked for duplicates yet.*the duplicate check must run first"
UNDECIDED = r"may be a duplicate \(open flag \d+\): the pair must be decided first"


def _returnee(db: Database, number: str) -> int:
    with db.reading() as s:
        return int(s.scalar(select(Case.returnee_id).where(Case.number == number)) or 0)


def _leave_pending(db: Database, number: str) -> None:
    """What an import killed after its commit leaves: the case's check recorded as owed."""
    with db.transaction() as s:
        _record_pending(s, [_returnee(db, number)])


def _flag(db: Database, users: dict[str, Actor], number: str, n: int) -> int:
    """A look-alike registered later, flagged with ``number`` and not decided yet."""
    (other,) = register(db, users["registrar"], start=900 + n)
    a, b = sorted((_returnee(db, number), _returnee(db, other)))
    with db.transaction() as s:
        flag = DuplicateFlag(returnee_a_id=a, returnee_b_id=b, score=0.9, reasons="[]",
                             status="open", found_at=utcnow())  # fmt: skip
        s.add(flag)
        s.flush()
        return flag.id


def _refused_then_done(db, users, number, n, step, who):  # type: ignore[no-untyped-def]
    """``step`` is refused while the check is pending, then while a pair is open, and the
    window's permission check says the same; once checked and decided, it is done."""
    _leave_pending(db, number)
    with pytest.raises(Refused, match=PENDING):
        step()
    why = _why(who, step.__name__, load_case_file(db, _case_id(db, number)))
    assert "duplicate check must run first" in why and "rgm" not in why
    assert finish_pending(db, users["approver"])[2] is None and pending(db) == ([], [])
    flag = _flag(db, users, number, n)
    with pytest.raises(Refused, match=UNDECIDED):
        step()
    why = _why(who, step.__name__, load_case_file(db, _case_id(db, number)))
    assert f"open flag {flag}" in why and "rgm" not in why
    dr.decide(db, users["approver"], flag, same_person=False)
    return step()


def _why(who: Actor, step: str, file: CaseFile) -> str:
    """What the case file's lifecycle says about ``step`` for ``who`` (refused: why)."""
    refusal = lifecycle.refusal(who, file.facts, _ACTION[step])
    assert refusal is not None
    return refusal.text()


def _case_id(db: Database, number: str) -> int:
    with db.reading() as s:
        return int(s.scalar(select(Case.id).where(Case.number == number)) or 0)


_ACTION = {
    "screen": "case.screen",
    "approve": "grant.approve",
    "print": "agreement.issue",  # the first print
    "sign": "case.sign",
    "pay": "payment.record",
    "top_up": "payment.record",
}


def test_every_step_towards_money_waits_for_the_check_and_the_decision(
    db: Database, users: dict[str, Actor]
) -> None:
    (case,) = register(db, users["registrar"])

    def screen():  # type: ignore[no-untyped-def]
        return decide(db, users["approver"], case, "eligible", answers=FULL_YES)

    def approve():  # type: ignore[no-untyped-def]
        return approve_grant(db, users["approver"], case)

    def print():  # type: ignore[no-untyped-def]  # noqa: A001
        return issue(db, users["registrar"], case, b"k" * 32)

    def sign():  # type: ignore[no-untyped-def]
        return mark_signed(db, users["registrar"], case)

    def pay():  # type: ignore[no-untyped-def]
        return record_payment(db, users["finance"], PaymentInput(
            case, 1, "100000", "supplier_payment", "R1", TODAY, "Atelier"), today=TODAY)  # fmt: skip

    def top_up():  # type: ignore[no-untyped-def]
        return adjust_payment(db, users["finance"], "R1", "-1000", "R1-A", "typo", TODAY, TODAY)

    assert _refused_then_done(db, users, case, 1, screen, users["approver"]).to_state == "eligible"
    add_supplier(db, users["finance"], "Atelier")
    plan_grant(db, users["registrar"], case, [ItemInput("ECO-IND", "1000000", "Atelier")])
    assert _refused_then_done(db, users, case, 2, approve, users["approver"]).state == "approved"
    assert _refused_then_done(db, users, case, 3, print, users["registrar"]).case_number == case
    assert _refused_then_done(db, users, case, 4, sign, users["registrar"]).state == "signed"
    backdate(db, case, dt.date(2026, 11, 1))  # signed before the payment's day
    assert _refused_then_done(db, users, case, 5, pay, users["finance"]).amount == 100000
    # Taking money back is a correction, not a payment: it never waits.
    _flag(db, users, case, 6)
    assert top_up().amount == -1000


def test_a_review_sheet_applies_the_others_and_refuses_the_waiting_cases(
    db: Database, users: dict[str, Actor]
) -> None:
    cases = register(db, users["registrar"], 3)
    _leave_pending(db, cases[0])
    _flag(db, users, cases[1], 1)
    items = [DecisionInput(c, "eligible", "", FULL_YES) for c in cases]
    with db.transaction() as s:
        batch = decide_many(s, users["approver"], items)
    assert [o.case_number for o in batch.outcomes] == [cases[2]]
    assert [(r.case, r.error.msgid.split()[0]) for r in batch.refusals] == [
        (cases[0], "case"),
        (cases[1], "the"),
    ]
    assert "the duplicate check must run first" in batch.refusals[0].error.text()
    assert "decided first" in batch.refusals[1].error.text()


def test_refusals_in_french_say_what_to_do(db: Database, users: dict[str, Actor]) -> None:
    (case,) = register(db, users["registrar"])
    _leave_pending(db, case)
    with pytest.raises(Refused) as refused:
        decide(db, users["approver"], case, "eligible", answers=FULL_YES)
    assert refused.value.advice == Advice.CHECK_DUPLICATES  # each front end words it
    assert "rgm" not in refused.value.text("fr")
    assert "doublons" in refused.value.text("fr")
