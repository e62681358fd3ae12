"""The months before a return, for its report sheet: registrations and disbursements of the
last twelve months that the database has (none before the office's first registration).

Gathered inside the caller's session (``reports.return_build.gather``), so it sees the same
state as the return itself. Disbursements in another currency than the office's are converted
through that month's euro rates, as the return does; a month where a rate is missing has no
disbursed amount (``None``) rather than a wrong one, and no EUR amount without the office's rate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import money
from models.entities import Case, Disbursement, ExchangeRate
from models.months import month_before
from reports.return_data import MonthFigures


def _bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    following = month_before(month, -1)
    start = dt.datetime.fromisoformat(f"{month}-01T00:00:00+00:00")
    return start, dt.datetime.fromisoformat(f"{following}-01T00:00:00+00:00")


def month_history(
    s: Session, month: str, currency: str, months: int = 12
) -> tuple[MonthFigures, ...]:
    """Registrations and disbursements of the ``months`` months ending with ``month``
    (oldest first), from the first month the database has a registration in."""
    first_registered = s.scalar(select(func.min(Case.registered_at)))
    if first_registered is None:
        return ()
    first_month = f"{first_registered.year:04d}-{first_registered.month:02d}"
    wanted = [month_before(month, n) for n in range(months - 1, -1, -1)]
    wanted = [m for m in wanted if m >= first_month]
    if not wanted:
        return ()
    rates: dict[tuple[str, str], Decimal] = {
        (m, c): r
        for m, c, r in s.execute(
            select(ExchangeRate.month, ExchangeRate.currency, ExchangeRate.per_eur).where(
                ExchangeRate.month.in_(wanted)
            )
        )
    }
    start, _ = _bounds(wanted[0])
    _, end = _bounds(wanted[-1])
    paid: dict[str, Decimal | None] = {m: Decimal(0) for m in wanted}
    for paid_on, amount, paid_in in s.execute(
        select(Disbursement.paid_on, Disbursement.amount, Disbursement.currency).where(
            Disbursement.paid_on >= start.date(), Disbursement.paid_on < end.date()
        )
    ):
        key = f"{paid_on.year:04d}-{paid_on.month:02d}"
        total = paid.get(key)
        if total is None:
            continue
        if paid_in == currency:
            paid[key] = total + amount
        elif (key, paid_in) in rates and (key, currency) in rates:
            paid[key] = total + amount / rates[(key, paid_in)] * rates[(key, currency)]
        else:
            paid[key] = None  # a rate is missing: no figure rather than a wrong one
    figures = []
    for m in wanted:
        m_start, m_end = _bounds(m)
        registered = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.registered_at >= m_start, Case.registered_at < m_end)
        )
        local = paid[m]
        if local is not None:
            local = money.round_to(local, currency, unknown=2)
        rate = rates.get((m, currency))
        eur = None if local is None else money.to_eur(local, rate)
        figures.append(MonthFigures(m, int(registered or 0), local, eur))
    return tuple(figures)
