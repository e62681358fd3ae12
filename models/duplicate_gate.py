"""Money and decisions wait for the duplicate check: the one gate every operation passes.

A case whose returnee has not been checked for duplicates yet (an import committed its rows and
was stopped before their check; ``models.registrations`` records such checks as pending) or is
part of a duplicate pair nobody has decided yet cannot be screened, approved, signed, given an
agreement or paid. ``models.lifecycle`` reads ``undecided`` into a case's facts and refuses with
``duplicate_refusal`` (screening reads ``undecided`` for many cases at once), so the operations,
the window's buttons and ``rgm case show`` say the same thing before anyone clicks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.entities import DuplicateFlag, Setting
from models.errors import Advice, Refused
from models.i18n import N_
from models.permissions import ACTIONS
from models.vocabulary import roles_text

# Settings rows "pending.duplicate_check.<first id>": the returnees an import committed whose
# duplicate check has not finished yet, as [first, last] ranges.
PENDING = "pending.duplicate_check."

CHECK_PENDING = N_(
    "case {case} has not been checked for duplicates yet (an import stopped before its check): "
    "the duplicate check must run first"
)
UNDECIDED = N_(
    "the returnee of case {case} may be a duplicate (open flag {flag}): the pair must be "
    "decided first ({roles} may)"
)


def duplicate_refusal(number: str, check_pending: bool, open_flag: int | None) -> Refused | None:
    """Why a case waits for its duplicate check or for a decision on a pair (None: it does not)."""
    if check_pending:
        return Refused(CHECK_PENDING, Advice.CHECK_DUPLICATES, case=number)
    if open_flag:
        return Refused(
            UNDECIDED,
            Advice.DECIDE_PAIR,
            case=number,
            flag=open_flag,
            roles=roles_text(ACTIONS["duplicate.decide"]),
        )
    return None


@dataclass(frozen=True)
class Undecided:
    """Why a returnee's case waits: its check is pending, or an open flag (the first) names it."""

    check_pending: bool
    open_flag: int | None


def pending_ranges(session: Session) -> list[tuple[int, int]]:
    """The returnee id ranges whose duplicate check has not run yet."""
    out: list[tuple[int, int]] = []
    for value in session.scalars(select(Setting.value).where(Setting.key.like(f"{PENDING}%"))):
        out.extend((int(first), int(last)) for first, last in json.loads(value))
    return out


def undecided(session: Session, returnee_ids: Iterable[int]) -> dict[int, Undecided]:
    """The returnees among ``returnee_ids`` whose case must wait (absent: nothing waits)."""
    wanted = sorted(set(returnee_ids))
    if not wanted:
        return {}
    ranges = pending_ranges(session)
    pending = {i for i in wanted if any(lo <= i <= hi for lo, hi in ranges)}
    flags: dict[int, int] = {}
    for start in range(0, len(wanted), 450):
        chunk = wanted[start : start + 450]
        rows = session.execute(
            select(DuplicateFlag.id, DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id)
            .where(
                DuplicateFlag.status == "open",
                or_(DuplicateFlag.returnee_a_id.in_(chunk), DuplicateFlag.returnee_b_id.in_(chunk)),
            )
            .order_by(DuplicateFlag.id)
        )
        for fid, a, b in rows:
            flags.setdefault(a, fid)
            flags.setdefault(b, fid)
    return {i: Undecided(i in pending, flags.get(i)) for i in wanted if i in pending or i in flags}
