"""Random lives of one case's money, through the real operations, with the invariants checked
after every step:

- for every instalment number, what is paid on it is between zero and what the approved plan
  gives it, and nothing is paid on a number the approved plan does not have;
- what is paid in total never exceeds the approved total, in the grant's currency;
- money is paid only on a version that is approved, signed, and not waiting for a change;
- a case with payments is in progress, completed or closed; it completes only when paid in full
  (a correction may take money back afterwards);
- every operation either succeeds or is refused (``Refused``): never an unexpected error.

``RGM_FUZZ_EXAMPLES`` sets the number of random lives (default 20, about 15 s on SQLite, a
quarter of them on PostgreSQL; a long run sets 10000).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select
from support.cases import eligible

from models.cases import mark_signed
from models.database import Database
from models.entities import Agreement, Case, Disbursement, Grant
from models.errors import Refused
from models.grants import ItemInput, approve_grant, money_step, paid_by_number, plan_grant
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, record_payment
from models.users import Actor
from reports.agreements import issue

EXAMPLES = int(os.environ.get("RGM_FUZZ_EXAMPLES", "20"))
STEPS = 25
TODAY = dt.date(2026, 11, 20)
KEY = b"k" * 32
# Cash and service packages of Mali (XOF): one, two (after a visit) and one unconditional step.
PACKAGES = {"EDU": 328000, "HOUS": 393000, "PSY": 197000}
CONDITIONS = ("on_signature", "after_monitoring_visit", "none")
OPERATIONS = (
    ("pay",) * 5 + ("visit",) * 2 + ("adjust",) * 2 + ("advance",) * 2
    + ("plan", "approve", "print_agreement", "sign")
)  # fmt: skip


def _amounts(total: int, parts: int) -> st.SearchStrategy[list[int]]:
    """``parts`` positive whole amounts adding up to ``total``."""
    if parts == 1 or total < parts:
        return st.just([total])
    cuts = st.lists(
        st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True
    ).map(sorted)
    return cuts.map(lambda c: [b - a for a, b in itertools.pairwise([0, *c, total])])


def machine(db: Database, users: dict[str, Actor], start: itertools.count[int]) -> type:
    class CaseMoney(RuleBasedStateMachine):
        @initialize(signed=st.booleans())
        def new_case(self, signed: bool) -> None:
            """An eligible case; half of them already signed, so that lives reach money soon."""
            (self.case,) = eligible(db, users, start=next(start))
            self.receipts: list[str] = []
            self.refs = itertools.count(1)
            self.completed = False
            if signed:
                plan_grant(db, users["registrar"], self.case, [ItemInput("HOUS", "300000")])
                approve_grant(db, users["approver"], self.case)
                issue(db, users["registrar"], self.case, KEY, today=TODAY)
                mark_signed(db, users["registrar"], self.case)

        # -- the operations -----------------------------------------------------------------

        def _try(self, operation) -> bool:  # type: ignore[no-untyped-def]
            name = operation.__qualname__.split(".")[-3]
            try:
                operation()
            except Refused as refused:
                event(f"{name} refused: {refused.msgid[:50]}")
                return False
            event(f"{name} done")
            return True

        @rule(data=st.data())
        def act(self, data: st.DataObject) -> None:
            """One operation, drawn so that money moves often: payments, visits and adjustments
            more than plans (each plan of a signed case sends it back before signature)."""
            name = data.draw(st.sampled_from(OPERATIONS), label="operation")
            getattr(self, name)(data)

        def plan(self, data: st.DataObject) -> None:
            code = data.draw(st.sampled_from(sorted(PACKAGES)), label="package")
            custom = data.draw(st.booleans(), label="custom")
            total = data.draw(st.integers(1000, PACKAGES[code]), label="total")
            instalments = None
            _grant, paid, _step = self._money()
            if paid and data.draw(st.booleans(), label="keep what is paid"):
                # A plan that gives each paid instalment at least what it was paid (and maybe
                # one more instalment), so that changes of cases in progress get approved.
                code = "HOUS"
                amounts = [
                    int(paid.get(n, Decimal(0))) + data.draw(st.integers(1, 20000), label="more")
                    for n in range(1, max(paid) + 1 + data.draw(st.integers(0, 1), label="more n"))
                ]
                if sum(amounts) > PACKAGES[code]:
                    return
                total = sum(amounts)
                instalments = [
                    (str(a), data.draw(st.sampled_from(CONDITIONS), label="condition"))
                    for a in amounts
                ]
            elif custom:
                parts = data.draw(st.integers(1, 3), label="parts")
                amounts = data.draw(_amounts(total, parts), label="amounts")
                conditions = data.draw(
                    st.lists(st.sampled_from(CONDITIONS), min_size=len(amounts),
                             max_size=len(amounts)), label="conditions",
                )  # fmt: skip
                instalments = [(str(a), c) for a, c in zip(amounts, conditions, strict=True)]
            self._try(
                lambda: plan_grant(
                    db,
                    users["registrar"],
                    self.case,
                    [ItemInput(code, str(total))],
                    instalments=instalments,
                )  # fmt: skip
            )

        def advance(self, data: st.DataObject) -> None:
            """The step the case waits for, so that random lives reach payments often."""
            _grant, _paid, step = self._money()
            if step is not None:
                {"grant.approve": self.approve, "agreement.issue": self.print_agreement,
                 "case.sign": self.sign}[step.action](data)  # fmt: skip
            elif self._state() == "eligible":
                self._try(
                    lambda: plan_grant(
                        db, users["registrar"], self.case, [ItemInput("HOUS", "300000")]
                    )
                )

        def approve(self, data: st.DataObject) -> None:
            self._try(lambda: approve_grant(db, users["approver"], self.case))

        def print_agreement(self, data: st.DataObject) -> None:
            self._try(lambda: issue(db, users["registrar"], self.case, KEY, today=TODAY))

        def sign(self, data: st.DataObject) -> None:
            self._try(lambda: mark_signed(db, users["registrar"], self.case))

        def visit(self, data: st.DataObject) -> None:
            met = data.draw(st.booleans(), label="condition met")
            final = data.draw(st.booleans(), label="final")
            self._try(
                lambda: record_visit(
                    db, users["approver"], self.case, TODAY, met, True, final, today=TODAY
                )
            )

        def pay(self, data: st.DataObject) -> None:
            n = data.draw(st.integers(1, 4), label="instalment")
            grant, paid, step = self._money()
            planned = (
                next((i.amount for i in grant.instalments if i.number == n), None)
                if grant
                else None
            )
            remaining = int(planned - paid.get(n, Decimal(0))) if planned is not None else 0
            amount = data.draw(
                st.one_of(st.just(max(remaining, 1)), st.integers(1, max(remaining, 1) + 50000)),
                label="amount",
            )
            ref = f"{self.case}-R{next(self.refs)}"
            done = self._try(
                lambda: record_payment(
                    db,
                    users["finance"],
                    PaymentInput(self.case, n, str(amount), "cash", ref),
                    today=TODAY,
                )  # fmt: skip
            )
            if done:
                assert step is None, f"paid while the case waited: {step.text()}"
                assert grant is not None and grant.signed_at is not None
                self.receipts.append(ref)

        def adjust(self, data: st.DataObject) -> None:
            if not self.receipts:
                return
            original = data.draw(st.sampled_from(self.receipts), label="original")
            amount = data.draw(st.integers(-250000, 250000).filter(bool), label="adjustment")
            _grant, _paid, step = self._money()
            ref = f"{self.case}-A{next(self.refs)}"
            done = self._try(
                lambda: adjust_payment(
                    db, users["finance"], original, str(amount), ref, "fuzz", TODAY, TODAY
                )
            )
            if done:
                self.receipts.append(ref)
                if amount > 0:
                    assert step is None, f"money added while the case waited: {step.text()}"

        # -- what must always hold ------------------------------------------------------------

        def _state(self) -> str:
            with db.reading() as s:
                return s.scalars(select(Case.state).where(Case.number == self.case)).one()

        def _money(self) -> tuple[Grant | None, dict[int, Decimal], object]:
            with db.reading() as s:
                case = s.scalars(select(Case).where(Case.number == self.case)).one()
                grant = s.scalars(
                    select(Grant).where(Grant.case_id == case.id, Grant.state == "approved")
                ).first()
                if grant is not None:
                    grant.instalments  # noqa: B018 (loaded while the session is open)
                return grant, paid_by_number(s, case.id), money_step(s, case)

        @invariant()
        def money_never_exceeds_the_approved_plan(self) -> None:
            if not hasattr(self, "case"):
                return
            with db.reading() as s:
                case = s.scalars(select(Case).where(Case.number == self.case)).one()
                grant = s.scalars(
                    select(Grant).where(Grant.case_id == case.id, Grant.state == "approved")
                ).first()
                paid = paid_by_number(s, case.id)
                payments = s.scalars(
                    select(Disbursement).where(Disbursement.case_id == case.id)
                ).all()
                if not payments:
                    return
                assert grant is not None
                planned = {i.number: i.amount for i in grant.instalments}
                for n, amount in paid.items():
                    assert amount >= 0, (n, amount)
                    assert amount <= planned.get(n, Decimal(0)), (n, amount, planned)
                assert sum(paid.values()) <= grant.total
                assert {d.currency for d in payments} == {grant.currency}
                assert case.state in ("in_progress", "completed", "closed"), case.state
                if case.state == "completed" and not self.completed:
                    # Paid in full when it completed (a later correction may take money back).
                    self.completed = True
                    assert all(paid.get(n, 0) == a for n, a in planned.items()), (paid, planned)

        @invariant()
        def a_signed_version_has_its_signed_agreement(self) -> None:
            if not hasattr(self, "case"):
                return
            with db.reading() as s:
                case = s.scalars(select(Case).where(Case.number == self.case)).one()
                grant = s.scalars(
                    select(Grant).where(Grant.case_id == case.id, Grant.state == "approved")
                ).first()
                if grant is None or money_step(s, case) is not None:
                    return
                if case.state in ("signed", "in_progress"):
                    assert grant.signed_at is not None
                    assert s.scalars(
                        select(Agreement.id).where(
                            Agreement.grant_id == grant.id, Agreement.status == "signed"
                        )
                    ).first(), "a signed version without its signed agreement"

    return CaseMoney


@pytest.mark.slow
def test_money_invariants_hold_through_random_case_lives(db, users) -> None:
    """On SQLite with RGM_FUZZ_EXAMPLES lives, on PostgreSQL with a quarter of them."""
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        machine(db, users, itertools.count()),
        settings=settings(
            max_examples=EXAMPLES if db.dialect == "sqlite" else max(EXAMPLES // 4, 5),
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
