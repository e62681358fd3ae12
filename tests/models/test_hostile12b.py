"""Hostile checks of #12 (hostile12b): one closing of a case and the 'same person' decision."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest
from sqlalchemy import select
from support.cases import FULL_YES, backdate, eligible, register

from models import lifecycle
from models.cases import close_case, mark_signed
from models.database import Database
from models.duplicate_review import decide
from models.entities import Case, Disbursement, DuplicateFlag
from models.entities.base import utcnow
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.payments import PaymentInput, record_payment
from models.screening import decide as screen
from models.suppliers import add_supplier
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)


def _paid(db: Database, users, start: int) -> str:
    """A case signed and paid its first instalment (in progress)."""
    (case,) = eligible(db, users, start=start)
    supplier = f"Atelier {start}"
    add_supplier(db, users["finance"], supplier)
    plan_grant(db, users["registrar"], case, [ItemInput("ECO-IND", "1000000", supplier)])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    backdate(db, case, dt.date(2026, 10, 1))
    payment = PaymentInput(case, 1, "100000", "supplier_payment", f"R{start}",
                           dt.date(2026, 10, 5), supplier)  # fmt: skip
    record_payment(db, users["finance"], payment, today=TODAY)
    return case


def _flag(db: Database, a: str, b: str) -> int:
    """The pair of the returnees of cases ``a`` and ``b`` flagged, as a later scan finds it."""
    with db.transaction() as s:
        ra, rb = (s.scalar(select(Case.returnee_id).where(Case.number == n)) for n in (a, b))
        lo, hi = sorted((ra, rb))
        flag = DuplicateFlag(returnee_a_id=lo, returnee_b_id=hi, score=0.97, reasons="[]",
                             status="open", found_at=utcnow())  # fmt: skip
        s.add(flag)
        s.flush()
        return flag.id


def _case(db: Database, number: str) -> Case:
    with db.reading() as s:
        return s.scalars(select(Case).where(Case.number == number)).one()


def test_same_person_keeps_the_case_being_paid_not_an_earlier_registration(db, users) -> None:
    # The person was registered once at a transit centre (never screened), then again at the
    # office, where the case went through to its first payment.
    (stalled,) = register(db, users["registrar"], 1, start=1)
    paid = _paid(db, users, 2)
    decision = decide(db, users["approver"], _flag(db, stalled, paid), same_person=True)
    assert decision.kept_case == paid and decision.closed_case == stalled
    assert _case(db, paid).state == "in_progress"  # its next instalments still follow
    closed = _case(db, stalled)
    assert closed.state == "closed" and closed.duplicate_of_id == _case(db, paid).id
    with db.reading() as s:  # the money paid stays on the case kept
        assert s.scalars(select(Disbursement.case_id)).all() == [_case(db, paid).id]


def test_same_person_never_erases_an_earlier_finding_of_ineligibility(db, users) -> None:
    (refused,) = register(db, users["registrar"], 1, start=1)
    screen(db, users["approver"], refused, "ineligible", "returned from an uncovered country",
           answers={**FULL_YES, "covered_country_in_period": "no"})  # fmt: skip
    paid = _paid(db, users, 2)  # registered again, under another name, and paid
    decision = decide(db, users["approver"], _flag(db, refused, paid), same_person=True)
    assert decision.kept_case == refused and decision.closed_case == paid
    assert _case(db, paid).state == "closed"  # no more money on the second registration


def test_same_person_through_a_case_closed_as_duplicate_leaves_one_case(db, users) -> None:
    # A scan finds A and B alike, and B and C alike (not A and C): one person, three cases.
    a, b, c = register(db, users["registrar"], 3, start=10)
    first = decide(db, users["approver"], _flag(db, a, b), same_person=True)
    assert (first.closed_case, first.kept_case) == (b, a)
    second = decide(db, users["approver"], _flag(db, b, c), same_person=True)
    # B is A's duplicate: C is the same person as A, and the person keeps one case.
    assert (second.closed_case, second.kept_case) == (c, a)
    assert [_case(db, n).state for n in (a, b, c)] == ["registered", "closed", "closed"]
    assert _case(db, c).duplicate_of_id == _case(db, a).id


def test_four_eyes_covers_the_case_a_decision_keeps_through_a_duplicate(db, users) -> None:
    (a,) = register(db, users["admin"], 1, start=10)  # the administrator registered A
    b, c = register(db, users["registrar"], 2, start=11)
    decide(db, users["approver"], _flag(db, a, b), same_person=True)
    flag = _flag(db, b, c)
    with pytest.raises(Refused, match="registered or planned"):
        decide(db, users["admin"], flag, same_person=True)  # it would close C for A, or A
    assert _case(db, c).state == "registered"
    assert decide(db, users["approver"], flag, same_person=True).kept_case == a


def test_two_cases_closed_as_each_others_duplicate_at_once_leave_one_open(
    db, users, monkeypatch
) -> None:
    a, b = register(db, users["registrar"], 2, start=20)
    check = lifecycle.require_kept
    both_read = threading.Barrier(2, timeout=3)

    def after_both_read(case, kept):  # each closing has read its case kept as open
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits for a lock
            both_read.wait()
        check(case, kept)

    monkeypatch.setattr(lifecycle, "require_kept", after_both_read)
    outcome: dict[str, str] = {}

    def close(case: str, kept: str) -> None:
        try:
            outcome[case] = close_case(db, users["registrar"], case, "duplicate",
                                       duplicate_of=kept).state  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - what the user would be told
            outcome[case] = type(exc).__name__ + ": " + str(exc)

    threads = [threading.Thread(target=close, args=p) for p in ((a, b), (b, a))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    closed, refused = sorted(outcome.values(), key=lambda o: o != "closed")
    assert closed == "closed" and refused.startswith("Refused"), outcome  # never a deadlock
    assert sorted(_case(db, n).state for n in (a, b)) == ["closed", "registered"]


def test_every_grant_state_is_said_in_words_in_french_and_english() -> None:
    # ``rgm case show`` and the case file print "Grant v2 (draft)" after a re-plan: in words.
    from models.vocabulary import GRANT_STATES, label

    assert {s: label(s, "fr") for s in GRANT_STATES} == {
        "draft": "brouillon",
        "approved": "approuvé",
        "superseded": "remplacée",
    }
    assert label("draft", "en") == "draft"


def test_a_pair_already_found_one_person_is_not_judged_different_people(db, users) -> None:
    a, b, c = register(db, users["registrar"], 3, start=30)
    ab, bc, ac = _flag(db, a, b), _flag(db, b, c), _flag(db, a, c)
    decide(db, users["approver"], ab, same_person=True)  # B is A's duplicate
    decide(db, users["approver"], bc, same_person=True)  # C too (through B)
    with pytest.raises(Refused, match=f"already found to be one person: case {a} is kept for both"):
        decide(db, users["approver"], ac, same_person=False)
    with db.reading() as s:
        assert s.get(DuplicateFlag, ac).status == "open"
    assert decide(db, users["approver"], ac, same_person=True).closed_case is None


def test_the_case_file_names_the_case_kept_of_a_duplicate(db, users) -> None:
    from models.case_file import load_case_file

    a, b = register(db, users["registrar"], 2, start=40)
    close_case(db, users["registrar"], b, "duplicate", duplicate_of=a)
    closed = load_case_file(db, b)
    assert closed.duplicate_of == a
    assert closed.state_text("en") == f"closed (duplicate of {a})"
    assert closed.state_text("fr") == f"clôturé (doublon de {a})"
    close_case(db, users["registrar"], a, "opted_out")
    assert load_case_file(db, a).state_text("en") == "closed (opted out)"


def test_a_case_is_not_closed_as_the_duplicate_of_someone_judged_another_person(db, users) -> None:
    a, b = register(db, users["registrar"], 2, start=50)
    flag = _flag(db, a, b)
    decide(db, users["approver"], flag, same_person=False)  # an approver judged them apart
    with pytest.raises(Refused, match=f"the pair {flag} was judged different people"):
        close_case(db, users["registrar"], b, "duplicate", duplicate_of=a)
    assert _case(db, b).state == "registered"
