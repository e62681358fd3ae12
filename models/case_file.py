"""The read model of one case for the case file: identity, screenings, grants, payments, visits,
agreements, holds and history, as frozen dataclasses (no live ORM object leaves the session).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.cases import RETURNEE_FIELDS
from models.catalogue import Package, packages_for
from models.database import Database
from models.duplicate_gate import undecided
from models.entities import (
    Agreement,
    AuditEvent,
    Case,
    CaseEvent,
    DuplicateFlag,
    Grant,
    Hold,
    MonitoringVisit,
    Office,
    Returnee,
    Screening,
    Supplier,
)
from models.errors import Refused
from models.grants import GrantView, ceiling_of, grant_views, over_ceiling
from models.i18n import N_, translate
from models.lifecycle import CaseFacts, NextStep, facts_of, get_case, money_step
from models.payments import PaymentView, payment_views
from models.users import user_names
from models.vocabulary import label


@dataclass(frozen=True)
class Identity:
    returnee_id: int
    version: int
    values: dict[str, Any]  # RETURNEE_FIELDS -> value


@dataclass(frozen=True)
class ScreeningRow:
    decided_at: dt.datetime
    reviewer: str
    decision: str
    reason: str
    answers: dict[str, str]


@dataclass(frozen=True)
class VisitRow:
    visited_on: dt.date
    visitor: str
    business_operating: bool | None
    condition_met: bool
    final: bool
    notes: str


@dataclass(frozen=True)
class AgreementRow:
    number: str
    language: str
    code: str
    status: str
    print_count: int
    issued_by: str
    issued_at: dt.datetime
    signed_at: dt.datetime | None


@dataclass(frozen=True)
class HoldRow:
    reason: str
    suspension_id: int | None
    placed_by: str
    placed_at: dt.datetime
    released_by: str
    released_at: dt.datetime | None
    release_note: str | None


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    who: str
    action: str  # an audit action or a case event kind ("case.transition", "register", ...)
    detail: str


@dataclass(frozen=True)
class CaseFile:
    id: int
    number: str
    state: str
    closed_reason: str | None
    on_hold: bool
    language: str
    version: int
    registered_at: dt.datetime
    registered_by: int | None
    registered_by_name: str
    planned_by: int | None
    identity: Identity
    screenings: tuple[ScreeningRow, ...]
    grants: tuple[GrantView, ...]
    visits: tuple[VisitRow, ...]
    agreements: tuple[AgreementRow, ...]
    holds: tuple[HoldRow, ...]
    history: tuple[HistoryRow, ...]
    duplicate_flags: int
    office_currency: str
    payments: tuple[PaymentView, ...]  # every payment and adjustment, in the order made
    facts: CaseFacts  # what the lifecycle decides from (``models.lifecycle.options_for``)
    duplicate_of: str | None = None  # closed as a duplicate: the number of the case kept

    def state_text(self, lang: str | None = None) -> str:
        """The state in words with why it was closed ("closed (duplicate of BKO-2026-000001)"),
        as ``rgm case show`` and the case file say it."""
        state = label(self.state, lang)
        if self.closed_reason == "duplicate" and self.duplicate_of:
            why = translate(N_("duplicate of {case}"), lang).format(case=self.duplicate_of)
            return f"{state} ({why})"
        if self.closed_reason:
            return f"{state} ({label(self.closed_reason, lang)})"
        return state

    @property
    def next_step(self) -> NextStep | None:
        """What money waits for (a change approved, an agreement printed or signed)."""
        return money_step(self.facts)

    @property
    def currency(self) -> str:
        """The currency of the case's money: its approved grant's, else its current grant's,
        else the office's (no grant yet)."""
        grant = self.approved_grant or self.current_grant
        return grant.currency if grant is not None else self.office_currency

    @property
    def approved_grant(self) -> GrantView | None:
        return next((g for g in reversed(self.grants) if g.state == "approved"), None)

    @property
    def draft_grant(self) -> GrantView | None:
        return next((g for g in reversed(self.grants) if g.state == "draft"), None)

    @property
    def printed_agreement(self) -> AgreementRow | None:
        """The latest agreement still in force (issued or signed)."""
        return next((a for a in reversed(self.agreements) if a.status != "void"), None)

    @property
    def current_grant(self) -> GrantView | None:
        for g in reversed(self.grants):
            if g.state != "superseded":
                return g
        return self.grants[-1] if self.grants else None


def _history(
    s: Session, case: Case, who: dict[int, str], records: list[tuple[str, str]]
) -> tuple[HistoryRow, ...]:
    rows: list[HistoryRow] = []
    for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        detail = " → ".join(x for x in (e.from_state or "", e.to_state or "") if x)
        if e.reason:
            detail = f"{detail}: {e.reason}" if detail else e.reason
        rows.append(HistoryRow(e.at, who.get(e.user_id or 0, ""), e.kind, detail))
    conditions = [
        (AuditEvent.table_name == table) & (AuditEvent.record_id == record)
        for table, record in records
    ]
    for a in s.scalars(select(AuditEvent).where(or_(*conditions))):
        if a.action.startswith("case.") and a.table_name == "cases":
            continue  # the case event above says the same, with its reason
        rows.append(HistoryRow(a.at, a.username, a.action, _changes(a.before, a.after)))
    rows.sort(key=lambda r: r.at)
    return tuple(rows)


def _changes(before: str | None, after: str | None) -> str:
    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ""
    parts = []
    for key in new:
        if old.get(key) != new.get(key):
            if key in old:
                parts.append(f"{key}: {old.get(key)} → {new.get(key)}")
            else:
                parts.append(f"{key}: {new.get(key)}")
    return "; ".join(parts)


def load_case_file(db: Database, case_ref: int | str) -> CaseFile:
    """Everything the case file and ``rgm case show`` show about one case (an id or a number)."""
    with db.reading() as s:
        case = get_case(s, case_ref)
        r: Returnee = case.returnee
        who = user_names(s)
        identity = Identity(r.id, r.version, {f: getattr(r, f) for f in RETURNEE_FIELDS})
        screenings = tuple(
            ScreeningRow(
                x.decided_at,
                who.get(x.reviewer_id, ""),
                x.decision,
                x.reason,
                json.loads(x.answers or "{}"),
            )
            for x in s.scalars(
                select(Screening).where(Screening.case_id == case.id).order_by(Screening.id)
            )
        )
        visits = tuple(
            VisitRow(
                v.visited_on,
                who.get(v.visitor_id or 0, ""),
                v.business_operating,
                v.condition_met,
                v.final,
                v.notes,
            )
            for v in s.scalars(
                select(MonitoringVisit)
                .where(MonitoringVisit.case_id == case.id)
                .order_by(MonitoringVisit.visited_on)
            )
        )
        agreement_rows = s.scalars(
            select(Agreement).where(Agreement.case_id == case.id).order_by(Agreement.id)
        ).all()
        agreements = tuple(
            AgreementRow(
                a.number,
                a.language,
                a.code,
                a.status,
                a.print_count,
                who.get(a.issued_by or 0, ""),
                a.issued_at,
                a.signed_at,
            )
            for a in agreement_rows
        )
        hold_rows = s.scalars(select(Hold).where(Hold.case_id == case.id).order_by(Hold.id)).all()
        holds = tuple(
            HoldRow(
                h.reason,
                h.suspension_id,
                who.get(h.placed_by or 0, ""),
                h.placed_at,
                who.get(h.released_by or 0, ""),
                h.released_at,
                h.release_note,
            )
            for h in hold_rows
        )
        flags = len(
            s.scalars(
                select(DuplicateFlag.id).where(
                    DuplicateFlag.status == "open",
                    or_(DuplicateFlag.returnee_a_id == r.id, DuplicateFlag.returnee_b_id == r.id),
                )
            ).all()
        )
        currency = s.scalars(select(Office.currency)).first() or "XOF"
        grant_rows = s.scalars(
            select(Grant).where(Grant.case_id == case.id).order_by(Grant.version)
        ).all()
        payments = payment_views(s, case)
        # The lifecycle decides from the rows read above, not from a second reading.
        facts = facts_of(
            case,
            grant_rows,
            agreement_rows,
            hold_rows,
            bool(payments),
            undecided(s, [r.id]).get(r.id),
        )
        return CaseFile(
            id=case.id,
            number=case.number,
            state=case.state,
            closed_reason=case.closed_reason,
            on_hold=case.on_hold,
            language=case.language,
            version=case.version,
            registered_at=case.registered_at,
            registered_by=case.registered_by,
            registered_by_name=who.get(case.registered_by or 0, ""),
            planned_by=case.planned_by,
            identity=identity,
            screenings=screenings,
            grants=grant_views(s, case.id, grant_rows, who),
            payments=payments,
            visits=visits,
            agreements=agreements,
            holds=holds,
            history=_history(s, case, who, [("cases", str(case.id)), ("returnees", str(r.id))]),
            duplicate_flags=flags,
            office_currency=currency,
            facts=facts,
            duplicate_of=(
                s.scalar(select(Case.number).where(Case.id == case.duplicate_of_id))
                if case.duplicate_of_id is not None
                else None
            ),
        )


@dataclass(frozen=True)
class PlanChoices:
    """What the grant form offers: the catalogue of the returnee's country, the suppliers."""

    country: str
    packages: tuple[Package, ...]
    suppliers: tuple[str, ...]
    currency: str  # a new plan's: its catalogue's, else the office's


def plan_choices(db: Database, case_id: int) -> PlanChoices:
    with db.reading() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise Refused(N_("no case {case}"), case=case_id)
        country = case.returnee.country_of_origin
        packages = tuple(packages_for(s, country))
        suppliers = tuple(
            s.scalars(
                select(Supplier.name).where(Supplier.active.is_(True)).order_by(Supplier.name)
            )
        )
        currency = (
            packages[0].currency
            if packages
            else (s.scalars(select(Office.currency)).first() or "XOF")
        )
        return PlanChoices(country, packages, suppliers, currency)


@dataclass(frozen=True)
class PlanFigures:
    """A plan as the grant form shows it while it is typed: its total, its ceiling, and whether
    the total goes beyond it (as ``models.grants.plan_grant`` decides it)."""

    total: Decimal
    ceiling: Decimal
    over: bool


def plan_figures(
    packages: Sequence[Package], codes: Sequence[str], amounts: Iterable[Decimal]
) -> PlanFigures:
    """The figures of a plan using the packages ``codes`` (of ``packages``) for ``amounts``."""
    by_code = {p.code: p for p in packages}
    used = [by_code[c] for c in codes if c in by_code]
    total = sum(amounts, Decimal(0))
    ceiling = ceiling_of(used)
    return PlanFigures(total, ceiling, bool(used) and over_ceiling(total, ceiling))
