"""Every payment of a month is in that month's return, whatever became of its case: the money a
return reports disbursed is the money paid."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.database import Database
from models.demo import load_demo
from models.entities import Disbursement
from models.users import Actor
from reports.agreements import demo_issuer
from reports.return_build import gather


def _months(db: Database) -> dict[str, set[str]]:
    paid: dict[str, set[str]] = {}
    with db.reading() as s:
        for day, ref in s.execute(select(Disbursement.paid_on, Disbursement.receipt_ref)):
            paid.setdefault(f"{day:%Y-%m}", set()).add(ref)
    return paid


def test_every_payment_of_a_month_is_in_its_return(db: Database, admin: Actor) -> None:
    load_demo(db, admin, cases=600, seed=7, user_password="demo-password",
              today=dt.date(2026, 11, 30), issue_agreement=demo_issuer(b"k" * 32))  # fmt: skip
    paid = _months(db)
    assert len(paid) > 6, "the demo pays over several months"
    for month, receipts in sorted(paid.items()):
        data = gather(db, admin, month)
        in_return = {d.receipt_reference for d in data.disbursements}
        assert in_return == receipts, (month, sorted(receipts - in_return)[:5])
        numbers = {c.case_number for c in data.cases}
        assert {d.case_number for d in data.disbursements} <= numbers
