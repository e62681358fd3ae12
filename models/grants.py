"""Grants: the plan of a case (catalogue items, amounts, suppliers, instalments) and approval.

The total stays within the sum of the ceilings of the package types used unless an admin
overrides it with a reason. Approval needs an approver who neither registered nor planned the
case (four eyes), no hold and no open possible-duplicate flag. A change after approval makes a
new version that needs approval again and voids the agreement in force: an approved or signed
case goes back to eligible; a case in progress stays in progress (money was paid under it) but
no payment is made until the new version is approved and its agreement signed (``next_step``
says what is needed). Whatever the plan, the money invariant holds: for every instalment
number, what is paid on it never exceeds what the approved plan gives it, a paid instalment
number stays in every new plan, and the currency paid in stays the grant's currency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import audit, lifecycle, money
from models.amounts import check_amount, parse_amount
from models.catalogue import Package, PlanStep, packages_for
from models.database import Database
from models.entities import (
    Agreement,
    Case,
    Disbursement,
    Grant,
    GrantItem,
    Instalment,
    PackageType,
    Supplier,
)
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.lifecycle import NextStep, get_case, read_facts, require
from models.lifecycle import money_step as step_of
from models.permissions import check
from models.suppliers import find_supplier
from models.users import Actor, user_names
from models.vocabulary import CONDITIONS


@dataclass(frozen=True)
class ItemInput:
    code: str
    amount: Decimal | str
    supplier: str | None = None
    description: str = ""


@dataclass(frozen=True)
class ItemView:
    code: str
    name_fr: str
    name_en: str
    modality: str
    amount: Decimal
    supplier: str | None
    description: str

    def name(self, lang: str) -> str:
        """The package's name in ``lang`` (as ``catalogue.Package.name``)."""
        return self.name_fr if lang == "fr" else self.name_en


@dataclass(frozen=True)
class PaymentLine:
    """One payment as its instalment shows it."""

    paid_on: dt.date
    amount: Decimal
    method: str
    receipt_ref: str
    paid_by: str  # the user's name
    note: str


@dataclass(frozen=True)
class InstalmentView:
    number: int
    amount: Decimal
    condition: str
    paid: Decimal
    # The payments of its number (a superseded version: those made while it was in force).
    payments: tuple[PaymentLine, ...] = ()

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


@dataclass(frozen=True)
class GrantView:
    """One version of a case's grant: what ``rgm`` and the case file show of it."""

    id: int
    case_number: str
    version: int
    state: str
    currency: str
    total: Decimal
    ceiling: Decimal
    override_reason: str | None
    planned_by: int | None
    approved_by: int | None
    approved_at: dt.datetime | None
    items: tuple[ItemView, ...]
    instalments: tuple[InstalmentView, ...]
    planned_by_name: str = ""
    approved_by_name: str = ""

    @property
    def first_open(self) -> int | None:
        """The number of the first instalment with money remaining (None: all paid)."""
        return next((i.number for i in self.instalments if i.remaining > 0), None)

    @property
    def paid(self) -> Decimal:
        return sum((i.paid for i in self.instalments), Decimal(0))


def ceiling_of(packages: Iterable[Package]) -> Decimal:
    """The ceiling of a plan using ``packages``: the sum of their ceilings, each type once."""
    return sum((p.ceiling for p in {p.code: p for p in packages}.values()), Decimal(0))


def over_ceiling(total: Decimal, ceiling: Decimal) -> bool:
    """Whether a plan's total goes beyond its ceiling: ``plan_grant`` then refuses it unless an
    administrator overrides it with a reason."""
    return total > ceiling


def split_plan(
    total: Decimal, plan: Sequence[PlanStep], currency: str
) -> list[tuple[Decimal, str]]:
    """Instalment amounts of ``total`` following a plan; rounding goes to the last one."""
    steps = list(plan) or [PlanStep(Decimal(100), "none")]
    amounts = money.split(total, [step.percent for step in steps], currency)
    return [(a, step.condition) for a, step in zip(amounts, steps, strict=True) if a > 0]


def void_agreements(s: Session, actor: Actor, case_id: int, reason: str) -> list[str]:
    """Void the agreements of a case whose grant changed (inside the caller's transaction)."""
    voided = []
    for ag in s.scalars(
        select(Agreement).where(Agreement.case_id == case_id, Agreement.status != "void")
    ):
        ag.status, ag.voided_at, ag.void_reason = "void", utcnow(), reason
        audit.record(
            s,
            actor,
            "agreement.void",
            "agreements",
            ag.id,
            None,
            {"status": "void", "reason": reason},
        )
        voided.append(ag.number)
    return voided


def plan_grant(
    db: Database,
    actor: Actor,
    case_ref: str,
    items: Sequence[ItemInput],
    override_reason: str | None = None,
    instalments: Sequence[tuple[Decimal | str, str]] | None = None,
) -> GrantView:
    """Plan (or re-plan) the grant of an eligible case (registrar)."""
    check(actor, "grant.plan")
    if not items:
        raise Refused(N_("a grant needs at least one item"))
    with db.transaction() as s:
        grant = plan_in(s, actor, get_case(s, case_ref, lock=True), items, override_reason,
                        instalments)  # fmt: skip
        return grant_view(s, grant)


def plan_in(
    s: Session,
    actor: Actor,
    case: Case,
    items: Sequence[ItemInput],
    override_reason: str | None = None,
    instalments: Sequence[tuple[Decimal | str, str]] | None = None,
    at: dt.datetime | None = None,
) -> Grant:
    """``plan_grant`` inside the caller's transaction (``case`` locked by the caller), at the
    moment ``at`` (now when not given); returns the draft version."""
    check(actor, "grant.plan")
    if not items:
        raise Refused(N_("a grant needs at least one item"))
    require(s, actor, case, "grant.plan")
    catalogue = {p.code: p for p in packages_for(s, case.returnee.country_of_origin)}
    rows, used = _items(s, case, catalogue, items)
    currency = used[0].currency
    total = sum((r["amount"] for r in rows), Decimal(0))
    check_amount(total, currency)  # several large items may not fit the Money column
    ceiling = ceiling_of(used)
    if over_ceiling(total, ceiling):
        if not (override_reason or "").strip():
            raise Refused(
                N_(
                    "the total {total} {currency} exceeds the ceiling {ceiling} {currency}; "
                    "an administrator may override it with a reason"
                ),
                total=money.round_to(total, currency),
                ceiling=money.round_to(ceiling, currency),
                currency=currency,
            )
        check(actor, "grant.override")
    else:
        override_reason = None
    main = max(zip(rows, used, strict=True), key=lambda ru: ru[0]["amount"])[1]
    plan = (
        _custom(instalments, total, currency)
        if instalments
        else split_plan(total, main.plan, currency)
    )
    # Refused here already, so that the planner hears it before an approver does.
    check_covers_paid(s, case, plan, currency)
    grants = list(s.scalars(select(Grant).where(Grant.case_id == case.id).order_by(Grant.version)))
    latest = grants[-1] if grants else None
    before = None
    if latest is not None and latest.state == "draft":
        grant = latest
        before = {"total": grant.total, "version": grant.version}
        s.execute(delete(GrantItem).where(GrantItem.grant_id == grant.id))
        s.execute(delete(Instalment).where(Instalment.grant_id == grant.id))
    else:
        grant = Grant(case_id=case.id, version=(latest.version + 1) if latest else 1)
        s.add(grant)
    grant.state = "draft"
    grant.currency = currency
    grant.total, grant.ceiling = total, ceiling
    grant.override_reason = override_reason
    grant.override_by = (actor.id or None) if override_reason else None
    grant.planned_by, grant.planned_at = actor.id or None, at or utcnow()
    grant.approved_by, grant.approved_at = None, None
    s.flush()
    for r in rows:
        s.add(GrantItem(grant_id=grant.id, **r))
    for number, (amount, condition) in enumerate(plan, start=1):
        s.add(Instalment(grant_id=grant.id, number=number, amount=amount, condition=condition))
    case.planned_by = actor.id or None
    if case.state in ("approved", "signed", "in_progress"):
        # The approved plan changed: the agreement printed for it no longer holds, and the
        # case goes back to be approved and signed again (in progress: it stays, its
        # payments wait for the new version's approval and signature).
        lifecycle.advance(s, actor, case, "grant.plan", N_("grant changed after approval"), at=at)
        void_agreements(s, actor, case.id, "grant changed after approval")
    s.flush()
    audit.record(
        s,
        actor,
        "grant.plan",
        "grants",
        grant.id,
        before,
        {
            "case": case.number,
            "version": grant.version,
            "total": total,
            "ceiling": ceiling,
            "override_reason": override_reason,
            "items": [(p.code, r["amount"]) for r, p in zip(rows, used, strict=True)],
        },
    )
    s.expire(grant)
    return grant


def _items(
    s: Session, case: Case, catalogue: dict[str, Package], items: Sequence[ItemInput]
) -> tuple[list[dict[str, Any]], list[Package]]:
    rows: list[dict[str, Any]] = []
    used: list[Package] = []
    for item in items:
        p = catalogue.get(item.code.strip().upper())
        if p is None:
            raise Refused(
                N_("no package {code} in the catalogue of {country}; packages: {codes}"),
                code=item.code,
                country=case.returnee.country_of_origin,
                codes=", ".join(sorted(catalogue)) or "-",
            )
        amount = parse_amount(item.amount, p.currency)
        if amount <= 0:
            raise Refused(N_("the amount of {code} must be more than zero"), code=p.code)
        if used and p.currency != used[0].currency:
            raise Refused(N_("all items of a grant must be in the same currency"))
        supplier_id = None
        if item.supplier:
            supplier_id = find_supplier(s, item.supplier).id
        elif p.modality == "in_kind":
            raise Refused(
                N_("{code} is given in kind: name its supplier ({code}:AMOUNT:SUPPLIER)"),
                code=p.code,
            )
        rows.append(
            {
                "package_type_id": p.id,
                "description": item.description or p.name_fr,
                "amount": amount,
                "supplier_id": supplier_id,
            }
        )
        used.append(p)
    return rows, used


def _custom(
    instalments: Sequence[tuple[Decimal | str, str]], total: Decimal, currency: str
) -> list[tuple[Decimal, str]]:
    plan = []
    for amount, condition in instalments:
        if condition not in CONDITIONS:
            raise Refused(
                N_("unknown condition {condition}; conditions are {conditions}"),
                condition=condition,
                conditions=", ".join(CONDITIONS),
            )
        value = parse_amount(amount, currency)
        if value <= 0:
            raise Refused(N_("an instalment must be more than zero"))
        plan.append((value, condition))
    if sum(a for a, _ in plan) != total:
        raise Refused(N_("the instalments must add up to the total {total}"), total=total)
    return plan


def approve_grant(db: Database, actor: Actor, case_ref: str) -> GrantView:
    """Approve the draft grant of a case (approver; four eyes; no hold, no open duplicate flag)."""
    check(actor, "grant.approve")
    with db.transaction() as s:
        return grant_view(s, approve_in(s, actor, get_case(s, case_ref, lock=True)))


def approve_in(s: Session, actor: Actor, case: Case, at: dt.datetime | None = None) -> Grant:
    """``approve_grant`` inside the caller's transaction (``case`` locked by the caller), at the
    moment ``at`` (now when not given); returns the approved version."""
    check(actor, "grant.approve")
    require(s, actor, case, "grant.approve")
    grants = list(s.scalars(select(Grant).where(Grant.case_id == case.id).order_by(Grant.version)))
    draft = next(g for g in reversed(grants) if g.state == "draft")
    # What was paid when the draft was saved may have changed since: checked again here.
    check_covers_paid(s, case, [(i.amount, i.condition) for i in draft.instalments], draft.currency)
    for g in grants:
        if g.state == "approved":
            g.state = "superseded"
    draft.state = "approved"
    draft.approved_by, draft.approved_at = actor.id or None, at or utcnow()
    if not lifecycle.advance(s, actor, case, "grant.approve", N_("grant approved"), at=at):
        # In progress: an agreement of an older version (if any) no longer holds.
        void_agreements(s, actor, case.id, "grant changed after approval")
    s.flush()
    audit.record(
        s,
        actor,
        "grant.approve",
        "grants",
        draft.id,
        {"state": "draft"},
        {"state": "approved", "version": draft.version, "total": draft.total},
    )
    return draft


def paid_by_number(session: Session, case_id: int) -> dict[int, Decimal]:
    """What was paid per instalment number, over every version of the case's grant."""
    rows = session.execute(
        select(Instalment.number, Disbursement.amount)
        .join(Disbursement, Disbursement.instalment_id == Instalment.id)
        .where(Disbursement.case_id == case_id)
    )
    out: dict[int, Decimal] = {}
    for number, amount in rows:
        out[number] = out.get(number, Decimal(0)) + amount
    return out


def check_covers_paid(
    session: Session, case: Case, plan: Sequence[tuple[Decimal, str]], currency: str
) -> None:
    """Refuse a plan (instalment amounts in order) under which an instalment would give less
    than what is already paid on it, that drops a paid instalment, or that changes the currency
    the case was paid in."""
    other = sorted(
        c
        for c in session.scalars(
            select(Disbursement.currency).where(Disbursement.case_id == case.id).distinct()
        )
        if c != currency
    )
    if other:
        raise Refused(
            N_("case {case} was paid in {paid_currency}: a new version stays in {paid_currency}"),
            case=case.number,
            paid_currency=other[0],
        )
    planned = {n: amount for n, (amount, _condition) in enumerate(plan, start=1)}
    for n, paid in sorted(paid_by_number(session, case.id).items()):
        if paid <= 0:
            continue  # taken back in full: the number may go
        if n not in planned:
            raise Refused(
                N_(
                    "the new plan of case {case} has no instalment {n}, but {paid} {currency} "
                    "was already paid on it"
                ),
                case=case.number,
                n=n,
                paid=money.round_to(paid, currency),
                currency=currency,
            )
        if planned[n] < paid:
            raise Refused(
                N_(
                    "instalment {n} of the new plan of case {case} gives {planned} {currency}, "
                    "less than the {paid} {currency} already paid on it"
                ),
                n=n,
                case=case.number,
                planned=money.round_to(planned[n], currency),
                paid=money.round_to(paid, currency),
                currency=currency,
            )


def money_step(session: Session, case: Case) -> NextStep | None:
    """What ``case`` waits for before money can follow its grant (``lifecycle.money_step``)."""
    return step_of(read_facts(session, case))


def next_step(db: Database, case_ref: str) -> NextStep | None:
    """What a case waits for before money can follow its grant (see ``money_step``)."""
    with db.reading() as s:
        return money_step(s, get_case(s, case_ref))


def local_day(moment: dt.datetime) -> dt.date:
    """The office's calendar day of a stored (UTC) moment, as typed dates are."""
    return moment.astimezone().date()


def signed_on(grant: Grant) -> dt.date | None:
    """The day the returnee signed the agreement of ``grant`` (None: not signed)."""
    return local_day(grant.signed_at) if grant.signed_at is not None else None


def first_approved_on(session: Session, case_id: int) -> dt.date | None:
    """The day the first version of a case's grant was approved (None: never approved)."""
    moment = session.scalars(
        select(Grant.approved_at)
        .where(Grant.case_id == case_id, Grant.approved_at.is_not(None))
        .order_by(Grant.approved_at)
    ).first()
    return local_day(moment) if moment is not None else None


def approved_grant(session: Session, case_id: int) -> Grant | None:
    return session.scalars(
        select(Grant).where(Grant.case_id == case_id, Grant.state == "approved")
    ).first()


def grant_view(session: Session, grant: Grant) -> GrantView:
    """One version of a grant (see ``grant_views``)."""
    return next(g for g in grant_views(session, grant.case_id) if g.id == grant.id)


def grant_views(
    session: Session,
    case_id: int,
    grants: Sequence[Grant] | None = None,
    who: Mapping[int, str] | None = None,
) -> tuple[GrantView, ...]:
    """Every version of a case's grant, oldest first, with what was paid on each instalment.

    What is paid belongs to instalment numbers, whatever version it was paid under: the versions
    in force (approved, draft) count and list every payment of each number; a superseded one
    lists what was paid while it was in force and counts nothing. ``grants`` (by version) and
    ``who`` (``user_names``): already read by the caller.
    """
    if grants is None:
        grants = session.scalars(
            select(Grant).where(Grant.case_id == case_id).order_by(Grant.version)
        ).all()
    if not grants:
        return ()
    number = session.scalar(select(Case.number).where(Case.id == case_id)) or ""
    if who is None:
        who = user_names(session)
    packages = {p.id: p for p in session.scalars(select(PackageType))}
    suppliers: dict[int, str] = {
        i: n for i, n in session.execute(select(Supplier.id, Supplier.name))
    }
    numbers: dict[int, int] = {
        i: n
        for i, n in session.execute(
            select(Instalment.id, Instalment.number)
            .join(Grant, Grant.id == Instalment.grant_id)
            .where(Grant.case_id == case_id)
        )
    }
    by_id: dict[int, list[PaymentLine]] = {}
    by_number: dict[int, list[PaymentLine]] = {}
    for d in session.scalars(
        select(Disbursement)
        .where(Disbursement.case_id == case_id)
        .order_by(Disbursement.paid_on, Disbursement.id)
    ):
        line = PaymentLine(
            d.paid_on, d.amount, d.method, d.receipt_ref, who.get(d.paid_by or 0, ""), d.note
        )
        by_id.setdefault(d.instalment_id, []).append(line)
        by_number.setdefault(numbers[d.instalment_id], []).append(line)
    views = []
    for g in grants:
        cur = g.currency
        items = tuple(
            ItemView(
                packages[it.package_type_id].code,
                packages[it.package_type_id].name_fr,
                packages[it.package_type_id].name_en,
                packages[it.package_type_id].modality,
                money.round_to(it.amount, cur),
                suppliers.get(it.supplier_id) if it.supplier_id else None,
                it.description,
            )
            for it in g.items
        )
        instalments = []
        for i in sorted(g.instalments, key=lambda i: i.number):
            if g.state == "superseded":
                lines, paid = by_id.get(i.id, []), Decimal(0)
            else:
                lines = by_number.get(i.number, [])
                paid = sum((p.amount for p in lines), Decimal(0))
            instalments.append(
                InstalmentView(
                    i.number,
                    money.round_to(i.amount, cur),
                    i.condition,
                    money.round_to(paid, cur),
                    tuple(lines),
                )
            )
        views.append(
            GrantView(
                g.id,
                number,
                g.version,
                g.state,
                cur,
                money.round_to(g.total, cur),
                money.round_to(g.ceiling, cur),
                g.override_reason,
                g.planned_by,
                g.approved_by,
                g.approved_at,
                items,
                tuple(instalments),
                who.get(g.planned_by or 0, ""),
                who.get(g.approved_by or 0, ""),
            )
        )
    return tuple(views)


def case_grants(db: Database, case_ref: str) -> list[GrantView]:
    """Every version of a case's grant, oldest first."""
    with db.reading() as s:
        return list(grant_views(s, get_case(s, case_ref).id))
