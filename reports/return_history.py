"""The months before a return, for its report sheet: registrations and disbursements of the
last twelve months that the database has (none before the office's first registration).

Gathered inside the caller's session (``reports.return_build.gather``), so it sees the same
state as the return itself. Disbursements in another currency than the office's are converted
through that month's euro rates and rounded payment by payment, as the return does
(``models.money.in_currency``); a month where a rate is missing has no
disbursed amount (``None``) rather than a wrong one, and no EUR amount without the office's rate.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import money
from models.entities import Case, Disbursement
from models.months import bounds, instants, month_before, month_of
from models.payments import rates_of
from reports.return_data import MonthFigures


def month_history(
    s: Session, month: str, currency: str, months: int = 12
) -> tuple[MonthFigures, ...]:
    """Registrations and disbursements of the ``months`` months ending with ``month``
    (oldest first), from the first month the database has a registration in."""
    first_registered = s.scalar(select(func.min(Case.registered_at)))
    if first_registered is None:
        return ()
    first_month = month_of(first_registered)
    wanted = [month_before(month, n) for n in range(months - 1, -1, -1)]
    wanted = [m for m in wanted if m >= first_month]
    if not wanted:
        return ()
    rates = rates_of(s, wanted)
    paid: dict[str, Decimal | None] = {m: Decimal(0) for m in wanted}
    for paid_on, amount, paid_in in s.execute(
        select(Disbursement.paid_on, Disbursement.amount, Disbursement.currency).where(
            Disbursement.paid_on >= bounds(wanted[0])[0],
            Disbursement.paid_on <= bounds(wanted[-1])[1],
        )
    ):
        key = month_of(paid_on)
        total = paid.get(key)
        if total is None:
            continue
        # each payment converted and rounded as the return converts it (money.in_currency)
        local = money.in_currency(amount, paid_in, currency, rates[key])
        paid[key] = None if local is None else total + local  # a missing rate: no figure
    figures = []
    for m in wanted:
        start, end = instants(m)
        registered = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.registered_at >= start, Case.registered_at < end)
        )
        disbursed = paid[m]
        if disbursed is not None:
            disbursed = money.round_to(disbursed, currency, unknown=2)
        eur = None if disbursed is None else money.to_eur(disbursed, rates[m].get(currency))
        figures.append(MonthFigures(m, int(registered or 0), disbursed, eur))
    return tuple(figures)
