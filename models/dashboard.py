"""The figures of the Dashboard: cases by state and origin, budget against ceilings, intake.

Every figure is a SQL aggregate (GROUP BY over cases, grants, items and payments), so the whole
read stays well under a second with 100,000 cases; the weekly intake is ``models.intake``'s.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from models import money
from models.database import Database
from models.entities import (
    Case,
    Disbursement,
    DuplicateFlag,
    Grant,
    GrantItem,
    PackageType,
    Returnee,
)
from models.holds import SuspensionView, list_suspensions
from models.intake import IntakeWeek, monday, weekly_intake
from models.jobs import NO_JOB, Job
from models.months import month_of
from models.payments import rates_of
from models.vocabulary import STATES

INTAKE_WEEKS = 8


@dataclass(frozen=True)
class Count:
    key: str  # a state code or an ISO 3166 alpha-3 country
    count: int


@dataclass(frozen=True)
class BudgetLine:
    """Approved grants (and, for a whole country, payments) against catalogue ceilings × cases.

    ``package`` is None on a country's total line. EUR amounts are None when the month's rate of
    the currency is missing (never guessed); ``disbursed`` is None on package lines (a payment
    pays an instalment of the whole grant, not one package)."""

    country: str
    package: str | None  # package type code
    name_fr: str
    name_en: str
    currency: str
    cases: int  # approved grants (with an item of this package)
    budget: Decimal  # catalogue ceiling × cases
    approved: Decimal
    disbursed: Decimal | None
    rate: Decimal | None  # local currency per EUR in the month
    budget_eur: Decimal | None
    approved_eur: Decimal | None
    disbursed_eur: Decimal | None

    @property
    def used(self) -> float:
        """Approved as a share of the budget (0 when there is no budget)."""
        return float(self.approved / self.budget) if self.budget else 0.0

    def name(self, lang: str) -> str:
        """The package's name in ``lang`` (as ``catalogue.Package.name``)."""
        return self.name_fr if lang == "fr" else self.name_en


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    total: int
    by_state: tuple[Count, ...]  # every state, in the order of the case's life
    by_country: tuple[Count, ...]  # most cases first
    budget: tuple[BudgetLine, ...]  # per country: its total line, then its package lines
    rate_month: str  # YYYY-MM whose exchange rates convert to EUR
    missing_rates: tuple[str, ...]  # currencies without a rate that month
    intake: tuple[IntakeWeek, ...]
    weeks: tuple[dt.date, ...]  # the Mondays shown, oldest first
    cases_on_hold: int
    open_duplicate_flags: int
    suspensions: tuple[SuspensionView, ...]  # the open ones

    @property
    def flagged(self) -> tuple[IntakeWeek, ...]:
        return tuple(w for w in self.intake if w.flagged)


def load_dashboard(db: Database, today: dt.date | None = None, job: Job = NO_JOB) -> Dashboard:
    """Every figure of the Dashboard (a cancelled ``job`` raises ``Cancelled``)."""
    today = today or dt.date.today()
    steps = 4

    def step(n: int) -> None:
        job.progress(n, steps)
        job.check()

    with db.reading() as s:
        states = dict(
            s.execute(select(Case.state, func.count()).group_by(Case.state)).tuples().all()
        )
        countries = s.execute(
            select(Returnee.country_of_origin, func.count(Case.id))
            .join(Case, Case.returnee_id == Returnee.id)
            .group_by(Returnee.country_of_origin)
        ).all()
        held = s.scalar(select(func.count()).select_from(Case).where(Case.on_hold)) or 0
        flags = (
            s.scalar(
                select(func.count())
                .select_from(DuplicateFlag)
                .where(DuplicateFlag.status == "open")
            )
            or 0
        )
        step(1)
        month = month_of(today)
        budget, missing = _budget(s, month)
    step(2)
    suspensions = tuple(v for v in list_suspensions(db) if v.open)
    intake = weekly_intake(db, INTAKE_WEEKS, today)
    step(3)
    last = monday(today)
    weeks = tuple(last - dt.timedelta(weeks=k) for k in range(INTAKE_WEEKS - 1, -1, -1))
    job.progress(steps, steps)
    return Dashboard(
        today=today,
        total=sum(states.values()),
        by_state=tuple(Count(state, states.get(state, 0)) for state in STATES),
        by_country=tuple(Count(c, n) for c, n in sorted(countries, key=lambda r: (-r[1], r[0]))),
        budget=budget,
        rate_month=month,
        missing_rates=missing,
        intake=tuple(intake),
        weeks=weeks,
        cases_on_hold=held,
        open_duplicate_flags=flags,
        suspensions=suspensions,
    )


def _budget(s: Session, month: str) -> tuple[tuple[BudgetLine, ...], tuple[str, ...]]:
    approved = Grant.state == "approved"
    origin = Returnee.country_of_origin
    grants = s.execute(
        select(origin, Grant.currency, func.count(Grant.id), func.sum(Grant.total))
        .join(Case, Case.id == Grant.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(approved)
        .group_by(origin, Grant.currency)
    ).all()
    # A package type belongs to one country of origin's catalogue: no need to join the returnee.
    items = s.execute(
        select(
            GrantItem.package_type_id,
            func.count(distinct(Grant.id)),
            func.sum(GrantItem.amount),
        )
        .join(Grant, Grant.id == GrantItem.grant_id)
        .where(approved)
        .group_by(GrantItem.package_type_id)
    ).all()
    paid = s.execute(
        select(origin, Disbursement.currency, func.sum(Disbursement.amount))
        .join(Case, Case.id == Disbursement.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .group_by(origin, Disbursement.currency)
    ).all()
    packages = {p.id: p for p in s.scalars(select(PackageType))}
    rates = rates_of(s, (month,))[month]

    zero = Decimal(0)
    # (country, currency) -> [cases, approved, disbursed]
    totals: dict[tuple[str, str], list[object]] = {}
    for country, currency, n, total in grants:
        totals[(country, currency)] = [n, Decimal(total or 0), zero]
    for country, currency, amount in paid:
        entry = totals.setdefault((country, currency), [0, zero, zero])
        entry[2] = Decimal(amount or 0)
    lines_of: dict[tuple[str, str], list[BudgetLine]] = {}
    for package_id, n, amount in items:
        p = packages[package_id]
        country = p.country
        rate = rates.get(p.currency)
        budget = p.ceiling * n
        approved_sum = Decimal(amount or 0)
        lines_of.setdefault((country, p.currency), []).append(
            BudgetLine(
                country,
                p.code,
                p.name_fr,
                p.name_en,
                p.currency,
                n,
                budget,
                approved_sum,
                None,
                rate,
                money.to_eur(budget, rate),
                money.to_eur(approved_sum, rate),
                None,
            )  # fmt: skip
        )
        totals.setdefault((country, p.currency), [0, zero, zero])
    out: list[BudgetLine] = []
    for (country, currency), (n, approved_total, disbursed) in sorted(totals.items()):
        assert isinstance(n, int)
        assert isinstance(approved_total, Decimal) and isinstance(disbursed, Decimal)
        lines = sorted(lines_of.get((country, currency), []), key=lambda b: b.package or "")
        budget = sum((b.budget for b in lines), zero)
        rate = rates.get(currency)
        out.append(
            BudgetLine(
                country,
                None,
                "",
                "",
                currency,
                n,
                budget,
                approved_total,
                disbursed,
                rate,
                money.to_eur(budget, rate),
                money.to_eur(approved_total, rate),
                money.to_eur(disbursed, rate),
            )  # fmt: skip
        )
        out.extend(lines)
    missing = tuple(sorted({b.currency for b in out if b.rate is None}))
    return tuple(out), missing
