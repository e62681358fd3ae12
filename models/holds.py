"""Holds on cases, and office suspensions that hold every matching open case at once.

A hold lies over an open case without changing its state; while held, no approval, agreement or
payment happens. A suspension (admin) holds every open case of its scope with a few set-based
statements (thousands of cases in well under a second), holds new registrations in scope on
arrival, and counts progress as its holds are released by fresh screening decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    Table,
    Text,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from models import audit
from models.database import Database
from models.entities import Case, CaseEvent, Grant, Hold, Returnee, Suspension
from models.entities.base import utcnow
from models.errors import Advice, Refused
from models.i18n import N_
from models.lifecycle import get_case, require
from models.payments import complete_released
from models.permissions import CaseOwners, check
from models.users import Actor
from models.vocabulary import OPEN_STATES, SUSPENSION_SCOPES


@dataclass(frozen=True)
class HoldView:
    id: int
    case_number: str
    reason: str
    suspension_id: int | None
    placed_at: dt.datetime
    released_at: dt.datetime | None


@dataclass(frozen=True)
class SuspensionView:
    id: int
    scope: str
    scope_value: str | None
    date_from: dt.date | None
    date_to: dt.date | None
    reason: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    held: int  # cases ever held by it
    released: int  # of which released (re-screened, or closed)
    still_held: int

    @property
    def open(self) -> bool:
        return self.closed_at is None


# -- single holds --------------------------------------------------------------------------------


_CASES = cast(Table, Case.__table__)


def place_hold(db: Database, actor: Actor, case_ref: str, reason: str) -> HoldView:
    """Put an open case on hold with a reason."""
    check(actor, "case.hold")
    if not reason.strip():
        raise Refused(N_("a hold needs a reason"))
    with db.transaction() as s:
        c = get_case(s, case_ref, lock=True)
        return _view(place_hold_in(s, actor, c, reason), c.number)


def place_hold_in(
    s: Session, actor: Actor, c: Case, reason: str, at: dt.datetime | None = None
) -> Hold:
    """``place_hold`` inside the caller's transaction (``c`` locked by the caller), at the
    moment ``at`` (now when not given)."""
    check(actor, "case.hold")
    if not reason.strip():
        raise Refused(N_("a hold needs a reason"))
    require(s, actor, c, "case.hold")
    moment = at or utcnow()
    hold = Hold(case_id=c.id, reason=reason, placed_by=actor.id or None, placed_at=moment)
    s.add(hold)
    s.add(CaseEvent(case_id=c.id, user_id=actor.id or None, kind="hold", reason=reason, at=moment))
    c.on_hold = True
    flag_modified(c, "on_hold")  # a new hold changes the case (and its version) even when
    s.flush()  # it was already held
    audit.record(
        s,
        actor,
        "case.hold",
        "cases",
        c.id,
        {"on_hold": False},
        {"hold": hold.id, "reason": reason},
    )
    return hold


def owners(session: Session, case: Case) -> CaseOwners:
    """Who registered ``case`` and who planned any version of its grant (four eyes)."""
    planners = session.scalars(select(Grant.planned_by).where(Grant.case_id == case.id))
    return CaseOwners(
        case.number, case.registered_by, case.planned_by, tuple(sorted({p for p in planners if p}))
    )


def release_hold(db: Database, actor: Actor, case_ref: str, note: str) -> list[HoldView]:
    """Release the holds placed by hand on a case (a suspension's hold needs a fresh screening)."""
    check(actor, "case.release")
    with db.transaction() as s:
        c = get_case(s, case_ref, lock=True)
        require(s, actor, c, "case.release")
        held = open_holds(s, c.id)
        manual = [h for h in held if h.suspension_id is None]
        now = utcnow()
        for h in manual:
            h.released_at, h.released_by, h.release_note = now, actor.id or None, note
        c.on_hold = len(held) > len(manual)
        flag_modified(c, "on_hold")
        s.add(CaseEvent(case_id=c.id, user_id=actor.id or None, kind="release", reason=note))
        s.flush()
        audit.record(
            s,
            actor,
            "case.release",
            "cases",
            c.id,
            {"holds": [h.id for h in manual]},
            {"on_hold": c.on_hold, "note": note},
        )
        complete_released(s, actor, [c.id])
        return [_view(h, c.number) for h in manual]


def open_holds(session: Session, case_id: int) -> list[Hold]:
    return list(
        session.scalars(
            select(Hold)
            .where(Hold.case_id == case_id, Hold.released_at.is_(None))
            .order_by(Hold.id)
        )
    )


def _view(h: Hold, number: str) -> HoldView:
    return HoldView(h.id, number, h.reason, h.suspension_id, h.placed_at, h.released_at)


# -- suspensions ---------------------------------------------------------------------------------


def _bounds(d_from: dt.date | None, d_to: dt.date | None) -> tuple[Any, Any]:
    start = dt.datetime.combine(d_from, dt.time(), dt.UTC) if d_from else None
    end = dt.datetime.combine(d_to + dt.timedelta(days=1), dt.time(), dt.UTC) if d_to else None
    return start, end


def _scope_filter(sus: Suspension) -> ColumnElement[bool]:
    """The SQL condition (on Case joined to Returnee) of the cases a suspension covers."""
    conds: list[ColumnElement[bool]] = [Case.state.in_(OPEN_STATES)]
    if sus.scope == "country_of_origin":
        conds.append(Returnee.country_of_origin == sus.scope_value)
    elif sus.scope == "transit_centre":
        conds.append(func.lower(Returnee.transit_centre) == (sus.scope_value or "").lower())
    start, end = _bounds(sus.date_from, sus.date_to)
    if start is not None:
        conds.append(Case.registered_at >= start)
    if end is not None:
        conds.append(Case.registered_at < end)
    return and_(*conds)


def _hold_matching(
    session: Session,
    sus: Suspension,
    actor: Actor,
    extra: ColumnElement[bool] | None = None,
    *,
    at: dt.datetime | None = None,
) -> list[int]:
    """Hold every case matching the suspension (and ``extra``) not yet held by it: set-based,
    dated ``at`` (default: now)."""
    now = at or utcnow()
    uid = actor.id or None
    already = exists().where(Hold.case_id == Case.id, Hold.suspension_id == sus.id)
    cond = and_(_scope_filter(sus), ~already)
    if extra is not None:
        cond = and_(cond, extra)
    ids = list(
        session.scalars(select(Case.id).join(Returnee, Returnee.id == Case.returnee_id).where(cond))
    )
    if not ids:
        return []
    reason = sus.reason
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        session.execute(
            insert(Hold).from_select(
                ["case_id", "reason", "suspension_id", "placed_by", "placed_at"],
                select(
                    Case.id,
                    literal(reason, Text),
                    literal(sus.id, Integer),
                    literal(uid, Integer),
                    literal(now, Hold.placed_at.type),
                ).where(Case.id.in_(chunk)),
            )
        )
        session.execute(
            insert(CaseEvent).from_select(
                ["case_id", "at", "user_id", "kind", "reason"],
                select(
                    Case.id,
                    literal(now, CaseEvent.at.type),
                    literal(uid, Integer),
                    literal("hold", String),
                    literal(reason, Text),
                ).where(Case.id.in_(chunk)),
            )
        )
        session.execute(
            update(_CASES)
            .where(_CASES.c.id.in_(chunk))
            .values(on_hold=True, version=_CASES.c.version + 1)
        )
    audit.record_bulk(
        session,
        actor,
        "case.hold",
        "cases",
        [(cid, None, {"suspension": sus.id}) for cid in ids],
    )
    return ids


def open_suspension(
    db: Database,
    actor: Actor,
    scope: str,
    reason: str,
    value: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> SuspensionView:
    """Suspend assistance for a scope: every matching open case is held at once (admin)."""
    check(actor, "suspension.open")
    with db.transaction() as s:
        sus = open_suspension_in(s, actor, scope, reason, value, date_from, date_to)
        return _suspension_view(s, sus)


def open_suspension_in(
    s: Session,
    actor: Actor,
    scope: str,
    reason: str,
    value: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    at: dt.datetime | None = None,
) -> Suspension:
    """``open_suspension`` inside the caller's transaction, dated ``at`` (default: now)."""
    check(actor, "suspension.open")
    if scope not in SUSPENSION_SCOPES:
        raise Refused(
            N_("unknown scope {scope}; scopes are {scopes}"),
            scope=scope,
            scopes=", ".join(SUSPENSION_SCOPES),
        )
    if not reason.strip():
        raise Refused(N_("a suspension needs a reason"))
    if scope in ("country_of_origin", "transit_centre") and not (value or "").strip():
        raise Refused(N_("the scope {scope} needs a value"), scope=scope)
    if scope == "registration_dates" and not (date_from or date_to):
        raise Refused(
            N_("a suspension over registration dates needs a first or a last registration date"),
            advice=Advice.SUSPENSION_DATES,
        )
    if date_from and date_to and date_from > date_to:
        raise Refused(N_("the date range ends before it starts"))
    if scope == "country_of_origin":
        value = (value or "").strip().upper()
    sus = Suspension(
        scope=scope,
        scope_value=(value or "").strip() or None,
        date_from=date_from,
        date_to=date_to,
        reason=reason,
        opened_by=actor.id or None,
    )
    if at is not None:
        sus.opened_at = at
    s.add(sus)
    s.flush()
    ids = _hold_matching(s, sus, actor, at=at)
    sus.case_count = len(ids)
    audit.record(
        s,
        actor,
        "suspension.open",
        "suspensions",
        sus.id,
        None,
        {
            "scope": scope,
            "value": sus.scope_value,
            "from": date_from,
            "to": date_to,
            "reason": reason,
            "cases": len(ids),
        },
    )
    s.flush()
    return sus


def hold_new_registrations(session: Session, actor: Any, case_ids: Sequence[int]) -> int:
    """Hold just-registered cases that fall in an open suspension's scope (called on arrival)."""
    if not case_ids:
        return 0
    open_ones = list(session.scalars(select(Suspension).where(Suspension.closed_at.is_(None))))
    if not open_ones:
        return 0
    lo, hi = min(case_ids), max(case_ids)
    total = 0
    for sus in open_ones:
        ids = _hold_matching(session, sus, actor, Case.id.between(lo, hi))
        sus.case_count += len(ids)
        total += len(ids)
    session.flush()
    return total


def close_suspension(
    db: Database, actor: Actor, suspension_id: int, release_remaining: bool = False, note: str = ""
) -> SuspensionView:
    """Close a suspension (admin); cases still held are refused unless ``release_remaining``."""
    check(actor, "suspension.close")
    with db.transaction() as s:
        sus = s.get(Suspension, suspension_id, with_for_update=True)
        if sus is None:
            raise Refused(N_("no suspension {id}"), id=suspension_id)
        if sus.closed_at is not None:
            raise Refused(N_("suspension {id} is already closed"), id=suspension_id)
        still = list(
            s.scalars(
                select(Hold.case_id).where(Hold.suspension_id == sus.id, Hold.released_at.is_(None))
            )
        )
        if still and not release_remaining:
            raise Refused(
                N_(
                    "suspension {id} still holds {n} cases not re-screened; re-screen them, or "
                    "close it releasing them"
                ),
                advice=Advice.RELEASE_REMAINING,
                id=sus.id,
                n=len(still),
            )
        if still:
            # Four eyes: releasing without a screening is not for cases one registered or planned.
            _refuse_own(s, actor, still)
        now = utcnow()
        if still:
            holds = cast(Table, Hold.__table__)
            s.execute(
                update(holds)
                .where(holds.c.suspension_id == sus.id, holds.c.released_at.is_(None))
                .values(
                    released_at=now, released_by=actor.id or None, release_note=note or "closed"
                )
            )
            _refresh_on_hold(s, still)
            complete_released(s, actor, still)
        sus.closed_at, sus.closed_by = now, actor.id or None
        audit.record(
            s,
            actor,
            "suspension.close",
            "suspensions",
            sus.id,
            None,
            {"released_without_screening": len(still), "note": note},
        )
        s.flush()
        return _suspension_view(s, sus)


def _refuse_own(session: Session, actor: Actor, case_ids: list[int]) -> None:
    """Refuse (saying who may) if ``actor`` registered or planned one of ``case_ids``."""
    uid = actor.id
    if not uid:
        return
    for start in range(0, len(case_ids), 900):
        chunk = case_ids[start : start + 900]
        own = session.scalars(
            select(Case)
            .where(
                Case.id.in_(chunk),
                or_(
                    Case.registered_by == uid,
                    Case.planned_by == uid,
                    Case.id.in_(select(Grant.case_id).where(Grant.planned_by == uid)),
                ),
            )
            .order_by(Case.number)
            .limit(1)
        ).first()
        if own is not None:
            check(actor, "case.release", owners(session, own))


def _refresh_on_hold(session: Session, case_ids: list[int]) -> None:
    cases = _CASES
    held = exists().where(Hold.case_id == cases.c.id, Hold.released_at.is_(None))
    for start in range(0, len(case_ids), 900):
        chunk = case_ids[start : start + 900]
        session.execute(
            update(cases)
            .where(cases.c.id.in_(chunk))
            .values(on_hold=case((held, True), else_=False), version=cases.c.version + 1)
        )


def _suspension_view(session: Session, sus: Suspension) -> SuspensionView:
    held, released = session.execute(
        select(
            func.count(Hold.id),
            func.count(Hold.released_at),
        ).where(Hold.suspension_id == sus.id)
    ).one()
    return SuspensionView(
        sus.id,
        sus.scope,
        sus.scope_value,
        sus.date_from,
        sus.date_to,
        sus.reason,
        sus.opened_at,
        sus.closed_at,
        held,
        released,
        held - released,
    )


def get_suspension(db: Database, suspension_id: int) -> SuspensionView:
    with db.reading() as s:
        sus = s.get(Suspension, suspension_id)
        if sus is None:
            raise Refused(N_("no suspension {id}"), id=suspension_id)
        return _suspension_view(s, sus)


def list_suspensions(db: Database) -> list[SuspensionView]:
    with db.reading() as s:
        return [
            _suspension_view(s, sus)
            for sus in s.scalars(select(Suspension).order_by(Suspension.id))
        ]


def held_case_numbers(db: Database, suspension_id: int) -> list[str]:
    """Cases still held by a suspension: its re-screening queue."""
    with db.reading() as s:
        return list(
            s.scalars(
                select(Case.number)
                .join(Hold, Hold.case_id == Case.id)
                .where(Hold.suspension_id == suspension_id, Hold.released_at.is_(None))
                .order_by(Case.number)
            )
        )
