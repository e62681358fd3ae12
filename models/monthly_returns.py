"""Submitting a month's return: its data gathered and the month locked in one transaction.

A payment recorded while a return is being submitted either lands in that return or is refused
as locked; it is never left out of a submitted return of its month. Everything that writes into
a month (a payment, an adjustment, an exchange rate) calls ``hold`` before checking whether the
month is locked, and the submission holds the same lock from before it gathers the data until it
has locked the month:

- SQLite: every write transaction begins with ``BEGIN IMMEDIATE``; the submission is one of them,
  so writers take turns and ``hold`` has nothing more to do.
- PostgreSQL: the lock is the row of the audit chain's head, which every change of the office
  locks anyway to record its event (one lock, taken in one order: no deadlock). Read-committed
  statements that follow it see what the other side committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit, months
from models.database import Database
from models.entities import MonthlyReturn
from models.errors import Advice, Refused
from models.i18n import N_
from models.permissions import check, check_now
from models.users import Actor

T = TypeVar("T", bound="Written")


@dataclass(frozen=True)
class Written:
    """What the writer of a return made of the data it gathered: the hashes to record."""

    file_sha256: str
    data_sha256: str
    office_key: str = ""  # fingerprint of the key that signed it


def hold(session: Session, month: str) -> None:
    """Wait for a submission of ``month`` (or anything else holding the office's write lock) to
    finish; call before checking whether the month is locked, inside the writing transaction."""
    if session.get_bind().dialect.name == "postgresql":
        audit.lock_chain(session)


# The one test of a locked month: its return was submitted to headquarters.
_LOCKED = MonthlyReturn.status == "submitted"


def submitted(session: Session, month: str) -> MonthlyReturn | None:
    """The submitted return of ``month``, or None while the month is open."""
    return session.scalars(
        select(MonthlyReturn).where(MonthlyReturn.month == month, _LOCKED)
    ).first()


def locked_months(session: Session, among: Iterable[str] | None = None) -> set[str]:
    """The months whose return was submitted (of ``among`` when given): their payments and
    rates cannot change. Reads only; a writer calls ``is_locked``."""
    stmt = select(MonthlyReturn.month).where(_LOCKED)
    if among is not None:
        stmt = stmt.where(MonthlyReturn.month.in_(set(among)))
    return set(session.scalars(stmt))


def is_locked(session: Session, month: str) -> bool:
    """Whether ``month`` is locked, for a writer about to write into it: waits first for a
    submission of the month in progress (``hold``)."""
    hold(session, month)
    return month in locked_months(session, (month,))


def _refuse_submitted(row: MonthlyReturn) -> None:
    raise Refused(
        N_("the return of {month} was already submitted on {date}; the month is locked"),
        month=row.month,
        date=row.submitted_at.date().isoformat() if row.submitted_at else "",
    )


def refuse_unended(month: str, today: dt.date | None = None) -> None:
    """Refuse to submit a month that is not over (the current one, or later): payments are still
    made in it. A draft of it may be written at any time."""
    if not months.is_month(month):
        raise Refused(months.NOT_A_MONTH, month=month)
    today = today or dt.date.today()
    if month >= months.month_of(today):
        after = months.first_day(months.month_before(month, -1))
        raise Refused(
            N_(
                "the month {month} is not over: its return can be submitted from {date}; a "
                "draft can be written now"
            ),
            month=month,
            date=after.isoformat(),
        )


def check_submittable(db: Database, actor: Actor, month: str, today: dt.date | None = None) -> None:
    """Refuse early (before any file is written) what ``submit`` would refuse: the permission
    as the database holds it now, a month not over, a month already submitted."""
    check_now(db, actor, "return.submit")
    refuse_unended(month, today)
    refuse_if_submitted(db, month)


def refuse_missing_rates(month: str, currencies: Sequence[str]) -> None:
    """A return is submitted only with every exchange rate it needs (``currencies``: those
    missing, as the gathered data lists them)."""
    if currencies:
        raise Refused(
            N_(
                "the return of {month} cannot be submitted: exchange rates are missing ({currencies})"
            ),
            advice=Advice.SET_RATES,
            month=month,
            currencies=", ".join(currencies),
        )


def refuse_if_submitted(db: Database, month: str) -> None:
    """Refuse early (before any work) when ``month`` was already submitted."""
    with db.reading() as s:
        row = submitted(s, month)
        if row is not None:
            _refuse_submitted(row)


def submit(
    db: Database,
    actor: Actor,
    month: str,
    write: Callable[[Session, audit.Anchor], T],
    today: dt.date | None = None,
) -> tuple[T, audit.Anchor]:
    """Submit the return of ``month``: in one transaction, holding the month, ``write(session,
    anchor)`` gathers the data through ``session`` and writes the file (the anchor is the audit
    chain's length and head, which the file carries); then the month is locked, the anchor kept
    and the submission recorded. Anything raised by ``write`` leaves the month as it was. Only
    a month that is over may be submitted."""
    check(actor, "return.submit")
    refuse_unended(month, today)
    with db.transaction() as s:
        hold(s, month)
        done = submitted(s, month)
        if done is not None:
            _refuse_submitted(done)
        point = audit.anchor(s)
        written = write(s, point)
        row = s.scalars(
            select(MonthlyReturn).where(MonthlyReturn.month == month).with_for_update()
        ).first()
        if row is None:
            row = MonthlyReturn(month=month, file_hash=written.file_sha256, generated_by=actor.id)
            s.add(row)
        row.file_hash, row.status = written.file_sha256, "submitted"
        row.submitted_by, row.submitted_at = actor.id, dt.datetime.now(dt.UTC)
        s.flush()
        audit.keep_anchor(s, point, "return.submit", month)
        audit.record(
            s,
            actor,
            "return.submit",
            "monthly_returns",
            row.id,
            None,
            {
                "month": month,
                "file_sha256": written.file_sha256,
                "data_sha256": written.data_sha256,
                "office_key": written.office_key,
                "audit_length": point.length,
                "audit_head": point.head,
            },
        )
    return written, point
