"""The later life of a demo case through the real operations, each dated at its own moment:
grant planned and approved (``plan_in``, ``approve_in``), agreement issued (the front end's
``IssueAgreement``) and signed (``sign_in``), instalments paid in order (``pay``) after the
visits their conditions ask for (``record_visit_in``), a final visit that completes the case,
cases closed (``lifecycle.close``, as ``cases.close_case``: a duplicate names the case of the
same person that is kept) and holds placed by hand (``place_hold_in``). A refusal is raised:
the demo follows the rules."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from models import lifecycle
from models.cases import sign_in
from models.entities import Case
from models.grants import ItemInput, approve_in, local_day, plan_in
from models.holds import place_hold_in
from models.monitoring import record_visit_in
from models.payments import PaymentInput, pay
from models.users import Actor


class IssueAgreement(Protocol):
    """Issue the agreement of ``case``'s approved grant at the moment ``at``, inside the
    session (``reports.agreements.demo_issuer``: documents need the office's signing key)."""

    def __call__(self, s: Session, actor: Actor, case: Case, at: dt.datetime, /) -> None: ...


@dataclass(frozen=True)
class Team:
    """Who does what in the demo office."""

    approvers: tuple[Actor, ...]  # four eyes: the first who neither registered nor planned
    finance: Actor
    visitor: Actor


@dataclass(frozen=True)
class Plan:
    """Where a case goes after screening, and from when."""

    case: Case
    state: str
    screened_at: dt.datetime
    planner: Actor
    items: tuple[ItemInput, ...] = ()
    supplier: str | None = None  # the supplier the in-kind item names (it is paid)


class Life:
    """Takes demo cases from their screening to their state, through the operations."""

    def __init__(
        self,
        s: Session,
        rng: random.Random,
        today: dt.date,
        past: Callable[[dt.datetime], dt.datetime],
        team: Team,
        issue: IssueAgreement | None,
    ) -> None:
        self.s, self.rng, self.today, self.past = s, rng, today, past
        self.team, self.issue = team, issue
        self.receipts = 0

    def at(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime(
            day.year, day.month, day.day, self.rng.randrange(8, 17), self.rng.randrange(60),
            tzinfo=dt.UTC,
        )  # fmt: skip
        return self.past(moment)

    def later(self, moment: dt.datetime, low: int, high: int) -> dt.datetime:
        return self.past(moment + dt.timedelta(days=self.rng.randrange(low, high)))

    def approver_for(self, case: Case) -> Actor:
        owners = {case.registered_by, case.planned_by}
        return next(a for a in self.team.approvers if a.id not in owners)

    def money(self, p: Plan) -> None:
        """Plan and approve the grant; past approval (with agreements to issue), issue and sign
        its agreement, then pay (and visit) as far as the case's state."""
        s, case = self.s, p.case
        planned = self.later(p.screened_at, 3, 20)
        plan_in(s, p.planner, case, p.items, at=planned)
        approved = self.later(planned, 1, 8)
        grant = approve_in(s, self.approver_for(case), case, at=approved)
        if p.state == "approved" or self.issue is None:
            return  # without agreements the cases stop at approval (see ``load_demo``)
        issued = self.later(approved, 0, 4)
        self.issue(s, p.planner, case, issued)
        signed = self.later(issued, 0, 4)
        sign_in(s, p.planner, case, at=signed)
        if p.state == "signed":
            return
        instalments = sorted(grant.instalments, key=lambda i: i.number)
        upto = len(instalments) if p.state == "completed" else max(1, len(instalments) - 1)
        yesterday = self.today - dt.timedelta(days=1)
        day = local_day(signed) + dt.timedelta(days=self.rng.randrange(5, 20))
        since = local_day(approved)
        for inst in instalments[:upto]:
            day = max(min(day, yesterday), local_day(signed))
            if inst.condition == "on_supplier_invoice" and p.supplier is None:
                return  # nobody to invoice: the case waits there
            if inst.condition == "after_monitoring_visit":
                visited = max(day - dt.timedelta(days=2), since)
                record_visit_in(s, self.team.visitor, case, visited, True, True,
                                today=self.today, at=self.at(visited))  # fmt: skip
            self.receipts += 1
            method = (
                "supplier_payment"
                if p.supplier
                else self.rng.choice(["cash", "mobile_money", "bank"])
            )
            payment = PaymentInput(case.number, inst.number, inst.amount, method,
                                   f"RC-{day.year}-{self.receipts:07d}", paid_on=day,
                                   supplier=p.supplier)  # fmt: skip
            pay(s, self.team.finance, payment, today=self.today, at=max(self.at(day), signed))
            since = day
            day += dt.timedelta(days=self.rng.randrange(20, 75))
        if p.state == "completed":
            visited = max(min(day, yesterday), since)
            operating = self.rng.random() < 0.85
            record_visit_in(s, self.team.visitor, case, visited, True, operating, final=True,
                            today=self.today, at=self.at(visited))  # fmt: skip

    def close(
        self, case: Case, actor: Actor, reason: str, moment: dt.datetime, kept: Case | None
    ) -> None:
        """Close ``case`` as ``cases.close_case`` does (a duplicate of the case ``kept``)."""
        lifecycle.require(self.s, actor, case, "case.close")
        lifecycle.close(self.s, actor, case, reason, duplicate_of=kept, at=moment)

    def hold(self, case: Case, actor: Actor, reason: str, moment: dt.datetime) -> None:
        place_hold_in(self.s, actor, case, reason, at=max(moment, case.state_changed_at))
