"""Disbursements against instalments, adjustments, exchange rates and locked months.

A payment is refused when the case is not signed (or already in progress), is on hold, when a
grant change waits for approval or the approved version's agreement is not signed, when it is
dated before that signature or after today, when the amount is more than what remains of the
instalment, when an earlier instalment is not paid in full, when its month's return was submitted
(locked), when the receipt reference was used, when it pays a supplier the grant does not name,
or when the instalment's condition is not met: ``after_monitoring_visit`` needs a visit that met
the condition since the previous instalment was paid; ``on_supplier_invoice`` needs the
supplier. An adjustment is never dated before the payment it corrects. What is paid belongs to an instalment number
across grant versions, and never exceeds what the approved plan gives that number. The first
payment moves the case to ``in_progress``; full payment of the signed version plus the final
monitoring visit completes it. Amounts in EUR come from the month's rate; a missing rate is
reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import audit, lifecycle, money, monthly_returns
from models.amounts import parse_amount, parse_rate
from models.database import Database
from models.entities import (
    Case,
    Disbursement,
    ExchangeRate,
    Grant,
    Instalment,
    MonitoringVisit,
    Supplier,
)
from models.errors import Refused
from models.grants import approved_grant, money_step, paid_by_number, signed_on
from models.i18n import N_
from models.lifecycle import get_case, require
from models.months import check_month, month_of
from models.permissions import check
from models.suppliers import find_supplier
from models.text import normalise
from models.users import Actor
from models.vocabulary import PAYMENT_METHODS


@dataclass(frozen=True)
class PaymentInput:
    case: str
    instalment: int
    amount: Decimal | str
    method: str
    receipt_ref: str
    paid_on: dt.date | None = None
    supplier: str | None = None
    currency: str | None = None  # checked against the grant's when given (imports)
    note: str = ""


@dataclass(frozen=True)
class PaymentView:
    id: int
    case_number: str
    instalment: int
    amount: Decimal
    currency: str
    paid_on: dt.date
    method: str
    receipt_ref: str
    supplier: str | None
    adjusts_ref: str | None
    eur: Decimal | None
    case_state: str

    @property
    def rate_missing(self) -> bool:
        return self.eur is None


@dataclass(frozen=True)
class RateView:
    month: str
    currency: str
    per_eur: Decimal


# -- months and rates ----------------------------------------------------------------------------


def _refuse_locked(session: Session, day: dt.date) -> None:
    if monthly_returns.is_locked(session, month_of(day)):
        raise Refused(
            N_(
                "{month} is locked: its return was submitted; record a correction as an "
                "adjustment in the current month"
            ),
            month=month_of(day),
        )


def set_rate(
    db: Database, actor: Actor, month: str, currency: str, per_eur: Decimal | str
) -> RateView:
    """Set how many units of ``currency`` make one euro in ``month`` (admin)."""
    check(actor, "rate.set")
    month = check_month(month)
    currency = currency.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise Refused(N_("{currency!r} is not a currency code"), currency=currency)
    money.minor_units(currency)  # refuses a code that is no currency ('XYZ')
    if currency == "EUR":  # rates_of: 1 EUR is 1 EUR every month; another figure is never read
        raise Refused(N_("EUR is the reporting currency: its rate is always 1 and is not set"))
    rate = parse_rate(per_eur)
    with db.transaction() as s:
        if monthly_returns.is_locked(s, month):
            raise Refused(N_("{month} is locked: its return was submitted"), month=month)
        row = s.get(ExchangeRate, (month, currency), with_for_update=True)
        before = {"per_eur": row.per_eur} if row else None
        if row is None:
            row = ExchangeRate(month=month, currency=currency, per_eur=rate)
            s.add(row)
        row.per_eur, row.set_by = rate, actor.id or None
        s.flush()
        audit.record(
            s, actor, "rate.set", "exchange_rates", f"{month}:{currency}", before, {"per_eur": rate}
        )
        return RateView(month, currency, rate)


def list_rates(db: Database, month: str | None = None) -> list[RateView]:
    with db.reading() as s:
        stmt = select(ExchangeRate).order_by(ExchangeRate.month.desc(), ExchangeRate.currency)
        if month:
            stmt = stmt.where(ExchangeRate.month == check_month(month))
        return [RateView(r.month, r.currency, r.per_eur) for r in s.scalars(stmt)]


def rates_of(session: Session, months: Iterable[str]) -> dict[str, dict[str, Decimal]]:
    """The exchange rates of each of ``months``: month -> currency -> units for one EUR. EUR
    itself is 1 every month; a currency without a rate that month is absent (never guessed)."""
    wanted = set(months)
    out: dict[str, dict[str, Decimal]] = {m: {} for m in wanted}
    if wanted:
        for month, currency, per_eur in session.execute(
            select(ExchangeRate.month, ExchangeRate.currency, ExchangeRate.per_eur).where(
                ExchangeRate.month.in_(wanted)
            )
        ):
            out[month][currency] = per_eur
    for rates in out.values():
        rates["EUR"] = Decimal(1)
    return out


def missing_rates(session: Session, months: list[str] | None = None) -> list[tuple[str, str]]:
    """(month, currency) of payments that have no exchange rate."""
    stmt = select(Disbursement.paid_on, Disbursement.currency).distinct()
    needed = {(month_of(d), c) for d, c in session.execute(stmt)}
    if months is not None:
        needed = {n for n in needed if n[0] in months}
    rates = rates_of(session, {m for m, _ in needed})
    return sorted((m, c) for m, c in needed if c not in rates[m])


# -- payments ------------------------------------------------------------------------------------


def record_payment(
    db: Database, actor: Actor, payment: PaymentInput, today: dt.date | None = None
) -> PaymentView:
    """Record one payment against an instalment (finance)."""
    with db.transaction() as s:
        return pay(s, actor, payment, today)


def pay(
    s: Session,
    actor: Actor,
    p: PaymentInput,
    today: dt.date | None = None,
    at: dt.datetime | None = None,
) -> PaymentView:
    """Record a payment inside the caller's transaction (imports call this row by row);
    ``at``: the moment it is recorded (now when not given)."""
    check(actor, "payment.record")
    today = today or dt.date.today()
    paid_on = p.paid_on or today
    case = get_case(s, p.case, lock=True)
    require(s, actor, case, "payment.record")
    if p.method not in PAYMENT_METHODS:
        raise Refused(
            N_("unknown payment method {method}; methods are {methods}"),
            method=p.method,
            methods=", ".join(PAYMENT_METHODS),
        )
    ref = normalise(p.receipt_ref)
    if not ref:
        raise Refused(N_("a payment needs its receipt reference"))
    _refuse_future(paid_on, today)
    _refuse_locked(s, paid_on)
    grant = approved_grant(s, case.id)
    assert grant is not None  # the lifecycle requires it
    _refuse_before_signature(case, grant, paid_on)
    if p.currency and p.currency.strip().upper() != grant.currency:
        raise Refused(
            N_("the grant of case {case} is in {expected}, not {currency}"),
            case=case.number,
            expected=grant.currency,
            currency=p.currency,
        )
    amount = parse_amount(p.amount, grant.currency)
    if amount <= 0:
        raise Refused(N_("the amount must be more than zero"))
    inst = next((i for i in grant.instalments if i.number == p.instalment), None)
    if inst is None:
        raise Refused(
            N_("case {case} has no instalment {n} (it has {count})"),
            case=case.number,
            n=p.instalment,
            count=len(grant.instalments),
        )
    paid = paid_by_number(s, case.id)
    _refuse_out_of_order(case, grant, inst.number, paid)
    remaining = inst.amount - paid.get(inst.number, Decimal(0))
    if amount > remaining:
        raise Refused(
            N_(
                "{amount} {currency} is more than what remains of instalment {n} of case "
                "{case}: {remaining} {currency}"
            ),
            amount=money.round_to(amount, grant.currency),
            currency=grant.currency,
            n=inst.number,
            case=case.number,
            remaining=money.round_to(remaining, grant.currency),
        )
    if s.scalars(select(Disbursement.id).where(Disbursement.receipt_ref == ref)).first():
        raise Refused(N_("the receipt reference {ref} is already used"), ref=ref)
    supplier = _grant_supplier(s, case, grant, p.supplier) if p.supplier else None
    if p.method == "supplier_payment" and supplier is None:
        raise Refused(
            N_("a supplier payment on case {case} must name the supplier paid"), case=case.number
        )
    _check_condition(s, case, inst, supplier, paid_on)
    row = Disbursement(
        case_id=case.id,
        instalment_id=inst.id,
        amount=amount,
        currency=grant.currency,
        paid_on=paid_on,
        method=p.method,
        receipt_ref=ref,
        supplier_id=supplier.id if supplier else None,
        note=p.note,
        paid_by=actor.id or None,
    )
    if at is not None:
        row.recorded_at = at
    s.add(row)
    s.flush()
    lifecycle.advance(s, actor, case, "payment.record", N_("first payment"), at=at)
    maybe_complete(s, actor, case, at=at)
    audit.record(
        s,
        actor,
        "payment.record",
        "disbursements",
        row.id,
        None,
        {
            "case": case.number,
            "instalment": inst.number,
            "amount": amount,
            "currency": grant.currency,
            "paid_on": paid_on,
            "method": p.method,
            "receipt_ref": ref,
        },
    )
    return _view(s, row, case, inst.number)


def _refuse_future(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise Refused(N_("the payment date {date} is in the future"), date=day.isoformat())


def _refuse_before_signature(case: Case, grant: Grant, day: dt.date) -> None:
    """Money follows the signed agreement of the approved version: never dated before it."""
    signed = signed_on(grant)
    if signed is not None and day < signed:
        raise Refused(
            N_(
                "the payment date {date} is before the agreement of case {case} (grant version "
                "{version}) was signed on {signed}"
            ),
            date=day.isoformat(),
            case=case.number,
            version=grant.version,
            signed=signed.isoformat(),
        )


def _refuse_out_of_order(case: Case, grant: Grant, number: int, paid: dict[int, Decimal]) -> None:
    """Instalment n waits until every instalment before it is paid in full."""
    for earlier in grant.instalments:
        done = paid.get(earlier.number, Decimal(0))
        if earlier.number < number and done < earlier.amount:
            raise Refused(
                N_(
                    "instalment {n} of case {case} waits for instalment {k} to be paid in full "
                    "({paid} of {planned} {currency} paid)"
                ),
                n=number,
                case=case.number,
                k=earlier.number,
                paid=money.round_to(done, grant.currency),
                planned=money.round_to(earlier.amount, grant.currency),
                currency=grant.currency,
            )


def grant_suppliers(s: Session, grant: Grant) -> dict[int, str]:
    """The suppliers named by the items of ``grant`` (id: name): the only ones it pays."""
    ids = {i.supplier_id for i in grant.items if i.supplier_id is not None}
    if not ids:
        return {}
    return dict(
        s.execute(select(Supplier.id, Supplier.name).where(Supplier.id.in_(ids))).tuples().all()
    )


def _grant_supplier(s: Session, case: Case, grant: Grant, name: str) -> Supplier:
    supplier = find_supplier(s, name)
    allowed = grant_suppliers(s, grant)
    if supplier.id not in allowed:
        raise Refused(
            N_(
                "{supplier} is not a supplier of the grant of case {case}; its suppliers: "
                "{suppliers}"
            ),
            supplier=supplier.name,
            case=case.number,
            suppliers=", ".join(sorted(allowed.values())) or "-",
        )
    return supplier


def payable_suppliers(db: Database, case_ref: str) -> tuple[str, ...]:
    """The names a payment of the case may go to: the suppliers of its approved grant."""
    with db.reading() as s:
        case = get_case(s, case_ref)
        grant = approved_grant(s, case.id)
        return tuple(sorted(grant_suppliers(s, grant).values())) if grant else ()


def _check_condition(
    s: Session, case: Case, inst: Instalment, supplier: Supplier | None, paid_on: dt.date
) -> None:
    if inst.condition == "on_supplier_invoice" and supplier is None:
        raise Refused(
            N_(
                "instalment {n} of case {case} is paid on the supplier's invoice: name the supplier"
            ),
            n=inst.number,
            case=case.number,
        )
    if inst.condition == "after_monitoring_visit":
        since = s.scalar(
            select(func.max(Disbursement.paid_on))
            .join(Instalment, Instalment.id == Disbursement.instalment_id)
            .where(Disbursement.case_id == case.id, Instalment.number == inst.number - 1)
        )
        stmt = select(MonitoringVisit.id).where(
            MonitoringVisit.case_id == case.id,
            MonitoringVisit.condition_met.is_(True),
            MonitoringVisit.visited_on <= paid_on,
        )
        if since is not None:
            stmt = stmt.where(MonitoringVisit.visited_on >= since)
        if s.scalars(stmt).first() is None:
            raise Refused(
                N_(
                    "instalment {n} of case {case} needs a monitoring visit that found the "
                    "condition met since the previous instalment"
                ),
                n=inst.number,
                case=case.number,
            )


def maybe_complete(s: Session, actor: Actor, case: Case, at: dt.datetime | None = None) -> bool:
    """Complete an in-progress case paid in full whose final monitoring visit is recorded; a
    case on hold is completed once released (``complete_released``). ``at``: the moment."""
    if case.state != "in_progress" or case.on_hold:
        return False
    # The final visit first: one query, and most calls (every payment) stop there.
    final = s.scalars(
        select(MonitoringVisit.id).where(
            MonitoringVisit.case_id == case.id, MonitoringVisit.final.is_(True)
        )
    ).first()
    if final is None or money_step(s, case) is not None:
        return False  # a changed grant is approved and signed before the case can complete
    grant = approved_grant(s, case.id)
    if grant is None:
        return False
    paid = paid_by_number(s, case.id)
    if any(paid.get(i.number, Decimal(0)) < i.amount for i in grant.instalments):
        return False
    return lifecycle.advance(
        s, actor, case, "case.complete", N_("paid in full and final monitoring visit done"), at=at
    )


def complete_released(s: Session, actor: Actor, case_ids: Sequence[int]) -> int:
    """Complete the cases of ``case_ids`` that waited only for their holds to be released
    (paid in full, final visit done); the holds' writers call it once they are released."""
    done = 0
    for start in range(0, len(case_ids), 900):
        cases = s.scalars(
            select(Case)
            .where(Case.id.in_(case_ids[start : start + 900]), Case.state == "in_progress")
            .execution_options(populate_existing=True)  # released by bulk statements
        )
        done += sum(maybe_complete(s, actor, case) for case in list(cases))
    return done


def adjust_payment(
    db: Database,
    actor: Actor,
    original_ref: str,
    amount: Decimal | str,
    receipt_ref: str,
    reason: str,
    paid_on: dt.date | None = None,
    today: dt.date | None = None,
) -> PaymentView:
    """Correct a payment by an adjustment entry (negative or positive) dated in an open month."""
    check(actor, "payment.adjust")
    today = today or dt.date.today()
    paid_on = paid_on or today
    if not reason.strip():
        raise Refused(N_("an adjustment needs a reason"))
    with db.transaction() as s:
        original = s.scalars(
            select(Disbursement).where(Disbursement.receipt_ref == original_ref.strip())
        ).first()
        if original is None:
            raise Refused(N_("no payment with the receipt reference {ref}"), ref=original_ref)
        case = get_case(s, original.case_id, lock=True)
        value = parse_amount(amount, original.currency, negative=True)
        if value == 0:
            raise Refused(N_("an adjustment cannot be zero"))
        grant = approved_grant(s, case.id)
        # Adding money is a payment (the same state, hold and agreement rules), which a completed
        # case takes too; taking back needs only a payment to correct.
        require(s, actor, case, "payment.add" if value > 0 else "payment.adjust")
        _refuse_future(paid_on, today)
        if paid_on < original.paid_on:
            raise Refused(
                N_(
                    "an adjustment of {ref} cannot be dated {date}, before the payment it "
                    "corrects ({paid_on})"
                ),
                ref=original.receipt_ref,
                date=paid_on.isoformat(),
                paid_on=original.paid_on.isoformat(),
            )
        if value > 0 and grant is not None:
            _refuse_before_signature(case, grant, paid_on)
        _refuse_locked(s, paid_on)
        ref = normalise(receipt_ref)
        if (
            not ref
            or s.scalars(select(Disbursement.id).where(Disbursement.receipt_ref == ref)).first()
        ):
            raise Refused(N_("the receipt reference {ref} is already used"), ref=ref)
        inst = s.get(Instalment, original.instalment_id)
        assert inst is not None
        # What the approved plan gives this instalment number now (nothing if it has none).
        planned = next(
            (i.amount for i in (grant.instalments if grant else ()) if i.number == inst.number),
            Decimal(0),
        )
        paid = paid_by_number(s, case.id)
        if value > 0 and grant is not None:
            _refuse_out_of_order(case, grant, inst.number, paid)
        now_paid = paid.get(inst.number, Decimal(0)) + value
        # Taking money back is always possible down to zero; adding stays within the plan.
        if now_paid < 0 or (value > 0 and now_paid > planned):
            raise Refused(
                N_("after this adjustment instalment {n} would be paid {paid} of {planned}"),
                n=inst.number,
                paid=money.round_to(now_paid, original.currency),
                planned=money.round_to(planned, original.currency),
            )
        row = Disbursement(
            case_id=case.id,
            instalment_id=original.instalment_id,
            amount=value,
            currency=original.currency,
            paid_on=paid_on,
            method=original.method,
            receipt_ref=ref,
            supplier_id=original.supplier_id,
            adjusts_id=original.id,
            note=reason,
            paid_by=actor.id or None,
        )
        s.add(row)
        s.flush()
        maybe_complete(s, actor, case)
        audit.record(
            s,
            actor,
            "payment.adjust",
            "disbursements",
            row.id,
            None,
            {
                "adjusts": original.receipt_ref,
                "amount": value,
                "reason": reason,
                "paid_on": paid_on,
            },
        )
        return _view(s, row, case, inst.number)


def _view(
    s: Session,
    row: Disbursement,
    case: Case,
    number: int,
    rates: dict[str, dict[str, Decimal]] | None = None,
) -> PaymentView:
    """``row`` as shown; ``rates``: the months' rates already read (``rates_of``)."""
    supplier = s.get(Supplier, row.supplier_id) if row.supplier_id else None
    adjusts = s.get(Disbursement, row.adjusts_id) if row.adjusts_id else None
    month = month_of(row.paid_on)
    if rates is None or month not in rates:
        rates = rates_of(s, (month,))
    rate = rates[month].get(row.currency)
    return PaymentView(
        row.id,
        case.number,
        number,
        money.round_to(row.amount, row.currency),
        row.currency,
        row.paid_on,
        row.method,
        row.receipt_ref,
        supplier.name if supplier else None,
        adjusts.receipt_ref if adjusts else None,
        money.to_eur(row.amount, rate),
        case.state,
    )


def payment_views(s: Session, case: Case) -> tuple[PaymentView, ...]:
    """Every payment and adjustment of ``case``, in the order they were made."""
    rows = s.execute(
        select(Disbursement, Instalment.number)
        .join(Instalment, Instalment.id == Disbursement.instalment_id)
        .where(Disbursement.case_id == case.id)
        .order_by(Disbursement.paid_on, Disbursement.id)
    ).all()
    rates = rates_of(s, {month_of(d.paid_on) for d, _ in rows})
    return tuple(_view(s, d, case, n, rates) for d, n in rows)
