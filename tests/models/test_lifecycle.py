"""One case lifecycle (issue #12): what ``lifecycle.options`` says of a case is what the
operations do. For cases in many states, built through the real operations, every action is
tried by every role in a transaction rolled back at its end: the options allowed are exactly the
operations accepted, and an operation refused says the same reason as its option."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import select
from support.cases import FULL_YES, register

from models import lifecycle
from models.cases import close_case, mark_signed
from models.database import Database
from models.entities import Case, Disbursement
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.holds import place_hold, release_hold
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, record_payment
from models.registrations import _record_pending
from models.screening import decide
from models.users import Actor
from reports.agreements import issue

KEY = b"k" * 32


class _Undone(Exception):
    """Raised at the end of a dry run's transaction: the operation was accepted, then undone."""


@contextmanager
def _dry(db: Database) -> Iterator[None]:
    """Every transaction of ``db`` inside the block is rolled back once its work is done."""
    real = db.transaction

    @contextmanager
    def undone() -> Iterator[Any]:
        with real() as session:
            yield session
            raise _Undone

    db.transaction = undone  # type: ignore[method-assign]
    try:
        yield
    finally:
        db.transaction = real  # type: ignore[method-assign]


def _attempt(db: Database, operation: Callable[[], object]) -> str | None:
    """None when ``operation`` is accepted (and undone), else its refusal's text."""
    with _dry(db):
        try:
            operation()
        except _Undone:
            return None
        except Refused as exc:
            return exc.text()
    raise AssertionError("an operation ended without its transaction")


def _cases(db: Database, users: dict[str, Actor], both: Actor) -> dict[str, str]:
    """One case per situation, named by it, made with the real operations."""
    reg, appr, fin, admin = users["registrar"], users["approver"], users["finance"], users["admin"]
    numbers = iter(register(db, reg, 14))
    made: dict[str, str] = {}

    def case(name: str) -> str:
        made[name] = next(numbers)
        return made[name]

    def eligible(name: str) -> str:
        number = case(name)
        decide(db, appr, number, "eligible", answers=FULL_YES)
        return number

    def approved(name: str) -> str:
        number = eligible(name)
        plan_grant(db, reg, number, [ItemInput("EDU", "250000")])
        approve_grant(db, appr, number)
        return number

    def signed(name: str) -> str:
        number = approved(name)
        issue(db, reg, number, KEY)
        mark_signed(db, reg, number)
        return number

    case("registered")
    decide(db, appr, case("screening"), "needs_information", "papers")
    decide(db, appr, case("ineligible"), "ineligible", "not covered", FULL_YES)
    eligible("eligible")
    plan_grant(db, reg, eligible("draft"), [ItemInput("EDU", "250000")])
    approved("approved")
    issue(db, reg, approved("printed"), KEY)
    signed("signed")
    paid = signed("in_progress")
    record_payment(db, fin, PaymentInput(paid, 1, "100000", "cash", "P-1"))
    replanned = signed("replanned")
    record_payment(db, fin, PaymentInput(replanned, 1, "100000", "cash", "P-2"))
    plan_grant(db, reg, replanned, [ItemInput("EDU", "240000")])
    close_case(db, admin, case("closed"), "opted_out")
    held = eligible("held")
    plan_grant(db, reg, held, [ItemInput("EDU", "250000")])
    place_hold(db, admin, held, "complaint")
    pending = case("pending")
    with db.transaction() as s:
        _record_pending(s, [s.scalar(select(Case.returnee_id).where(Case.number == pending))])
    # Four eyes: a case ``both`` registered (and so may not decide).
    (mine,) = register(db, both, start=50)
    made["own"] = mine
    return made


def _receipt(db: Database, number: str) -> str | None:
    with db.reading() as s:
        return s.scalar(
            select(Disbursement.receipt_ref)
            .join(Case, Case.id == Disbursement.case_id)
            .where(Case.number == number)
            .limit(1)
        )


def _operation(db: Database, actor: Actor, number: str, action: str) -> Callable[[], object] | None:
    """The operation doing ``action`` on case ``number`` with valid input (None: none applies)."""
    today = dt.date.today()
    if action == "case.screen":
        return lambda: decide(db, actor, number, "needs_information", "more papers")
    if action == "grant.plan":
        return lambda: plan_grant(db, actor, number, [ItemInput("EDU", "250000")])
    if action == "grant.approve":
        return lambda: approve_grant(db, actor, number)
    if action in ("agreement.issue", "agreement.copy"):
        return lambda: issue(db, actor, number, KEY)
    if action == "case.sign":
        return lambda: mark_signed(db, actor, number)
    if action == "payment.record":
        return lambda: record_payment(
            db, actor, PaymentInput(number, 1, "1000", "cash", "NEW-1", today)
        )
    if action == "payment.adjust":
        ref = _receipt(db, number)
        if ref is None:
            return None
        return lambda: adjust_payment(db, actor, ref, "-1000", "ADJ-1", "typo", today)
    if action == "visit.record":
        return lambda: record_visit(db, actor, number, today, True)
    if action == "case.hold":
        return lambda: place_hold(db, actor, number, "check")
    if action == "case.release":
        return lambda: release_hold(db, actor, number, "ok")
    if action == "case.close":
        return lambda: close_case(db, actor, number, "opted_out")
    return None  # identity.edit: a role only, whatever the case's state


def test_the_options_are_what_the_operations_do(
    db: Database, users: dict[str, Actor], new_user: Any
) -> None:
    both = new_user("oumar", "registrar", "approver")
    cases = _cases(db, users, both)
    actors = {**users, "both": both}
    states = set()
    checked = 0
    for name, number in cases.items():
        with db.reading() as s:
            facts = lifecycle.read_facts(s, lifecycle.get_case(s, number))
        states.add(facts.state)
        for who, actor in actors.items():
            options = {o.action: o for o in lifecycle.options(db, actor, number)}
            assert set(options) == set(lifecycle.BY_NAME)
            for action, option in options.items():
                operation = _operation(db, actor, number, action)
                if operation is None:
                    continue
                if action.startswith("agreement.") and action != (
                    "agreement.copy" if facts.in_force else "agreement.issue"
                ):
                    # The other of the two prints: refused whatever the user (first or copy).
                    assert not option.allowed, (name, who, action)
                    continue
                outcome = _attempt(db, operation)
                said = None if option.allowed else option.reason.text()  # type: ignore[union-attr]
                assert outcome == said, (name, who, action, outcome, said)
                checked += 1
    assert states >= {"registered", "screening", "ineligible", "eligible", "approved", "signed",
                      "in_progress", "closed"}  # fmt: skip
    assert checked > 500


def test_an_action_refused_by_role_says_who_may(db: Database, users: dict[str, Actor]) -> None:
    (number,) = register(db, users["registrar"])
    options = {o.action: o for o in lifecycle.options(db, users["viewer"], number)}
    screen = options["case.screen"]
    assert not screen.allowed and screen.roles == ("approver",)
    assert "needs the role" in screen.reason.text()  # type: ignore[union-attr]
    assert screen.who_may() == "approver may do this"
    # It is possible (for someone), unlike planning a grant for a case not yet eligible.
    possible = {o.action for o in lifecycle.possible(list(options.values()))}
    assert "case.screen" in possible and "grant.plan" not in possible


def test_a_move_the_state_machine_forbids_is_refused(db: Database, users: dict[str, Actor]) -> None:
    (number,) = register(db, users["registrar"])
    with db.reading() as s:
        case = lifecycle.get_case(s, number)
        with pytest.raises(Refused, match="cannot go from registered to completed"):
            lifecycle.require_move(case, "completed")
        lifecycle.require_move(case, "closed")


def test_the_case_file_decides_from_the_same_facts(
    db: Database, users: dict[str, Actor], new_user: Any
) -> None:
    """The case file reads a case's rows once and hands them to the lifecycle (``facts_of``):
    for a case in every situation, its facts are those the lifecycle reads for itself."""
    from models.case_file import load_case_file

    cases = _cases(db, users, new_user("oumar", "registrar", "approver"))
    with db.transaction() as s:  # a void agreement and a released hold are in the rows read too
        held = lifecycle.get_case(s, cases["held"])
        lifecycle.close(s, users["admin"], held, "opted_out", "moved")
    for name, number in cases.items():
        with db.reading() as s:
            read = lifecycle.read_facts(s, lifecycle.get_case(s, number))
        assert load_case_file(db, number).facts == read, name


def test_every_move_an_action_makes_is_one_the_state_machine_allows() -> None:
    for action, moves in lifecycle.LEADS_TO.items():
        for from_state, to_state in moves.items():
            assert to_state in lifecycle.ALLOWED[from_state], (action, from_state, to_state)
    for decision, moves in lifecycle.DECISION_LEADS_TO.items():
        for from_state, to_state in moves.items():
            assert from_state in lifecycle.SCREENABLE, (decision, from_state)
            assert to_state == from_state or to_state in lifecycle.ALLOWED[from_state], decision
    for state in lifecycle.SCREENABLE:
        assert lifecycle.decision_leads_to("ineligible", state, True) == ("closed", "not_eligible")


def test_only_the_lifecycle_moves_a_case() -> None:
    """A case's state is written by ``lifecycle`` (``transition``, ``advance``, ``close``) and by
    screening's bulk form, which takes its moves from ``decision_leads_to``; nowhere else."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    # Any object named like a case (case, later, kept_case...) given a state, or ``transition``
    # called however it is reached (``lifecycle.transition(`` too); its definition is allowed.
    moving = re.compile(
        r"\b(?:case|later|earlier|kept|other)\w*\.state\s*=[^=]|(?<!def )\btransition\("
    )
    for line in ("lifecycle.transition(s, a, c, 'x')", "later.state = 'closed'"):
        assert moving.search(line), line  # the checker sees what it looks for
    allowed = {"models/lifecycle.py"}
    found = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("models", "reports", "desktop", "ui")
        for path in sorted((root / folder).rglob("*.py"))
        if str(path.relative_to(root)) not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if moving.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, found
