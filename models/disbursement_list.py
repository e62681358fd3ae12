"""The latest payments recorded, for the Disbursements page: one read query, frozen rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from models.database import Database
from models.entities import Case, Disbursement, Instalment, Returnee, User


@dataclass(frozen=True)
class PaymentLine:
    """One payment as the list shows it (an adjustment has a negative amount)."""

    id: int
    paid_on: dt.date
    case_number: str
    name: str
    instalment: int
    amount: Decimal
    currency: str
    method: str
    receipt_ref: str
    recorded_by: str
    recorded_at: dt.datetime


def latest_payments(db: Database, limit: int = 500) -> list[PaymentLine]:
    """The ``limit`` latest payments, newest paid first (then newest recorded)."""
    stmt = (
        select(
            Disbursement.id,
            Disbursement.paid_on,
            Case.number,
            Returnee.family_name,
            Returnee.given_names,
            Instalment.number,
            Disbursement.amount,
            Disbursement.currency,
            Disbursement.method,
            Disbursement.receipt_ref,
            User.username,
            Disbursement.recorded_at,
        )
        .join(Case, Case.id == Disbursement.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .join(Instalment, Instalment.id == Disbursement.instalment_id)
        .outerjoin(User, User.id == Disbursement.paid_by)
        .order_by(Disbursement.paid_on.desc(), Disbursement.id.desc())
        .limit(limit)
    )
    with db.reading() as s:
        return [
            PaymentLine(i, d, n, f"{f} {g}", k, a, c, m, r, u or "", at)
            for i, d, n, f, g, k, a, c, m, r, u, at in s.execute(stmt)
        ]
