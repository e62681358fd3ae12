"""Monitoring visits: whether the business operates, notes, and the next instalment's condition."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import audit
from models.database import Database
from models.entities import Case, MonitoringVisit
from models.errors import Refused
from models.grants import first_approved_on
from models.i18n import N_
from models.lifecycle import get_case, require
from models.payments import maybe_complete
from models.permissions import check
from models.users import Actor


@dataclass(frozen=True)
class VisitView:
    id: int
    case_number: str
    visited_on: dt.date
    visitor_id: int | None
    business_operating: bool | None
    condition_met: bool
    final: bool
    notes: str
    case_state: str


def record_visit(
    db: Database,
    actor: Actor,
    case_ref: str,
    visited_on: dt.date,
    condition_met: bool,
    business_operating: bool | None = None,
    final: bool = False,
    notes: str = "",
    today: dt.date | None = None,
) -> VisitView:
    """Record a monitoring visit (dated between the first approval and today); a final visit on
    a case paid in full completes it."""
    check(actor, "visit.record")  # before any lock; the dates are checked by record_visit_in
    with db.transaction() as s:
        case = get_case(s, case_ref, lock=True)
        row = record_visit_in(
            s, actor, case, visited_on, condition_met, business_operating, final, notes, today
        )
        return _view(row, case.number, case.state)


def record_visit_in(
    s: Session,
    actor: Actor,
    case: Case,
    visited_on: dt.date,
    condition_met: bool,
    business_operating: bool | None = None,
    final: bool = False,
    notes: str = "",
    today: dt.date | None = None,
    at: dt.datetime | None = None,
) -> MonitoringVisit:
    """``record_visit`` inside the caller's transaction (``case`` locked by the caller),
    recorded at the moment ``at`` (now when not given)."""
    check(actor, "visit.record")
    today = today or dt.date.today()
    if visited_on > today:
        raise Refused(N_("the visit date {date} is in the future"), date=visited_on.isoformat())
    require(s, actor, case, "visit.record")
    approved = first_approved_on(s, case.id)
    assert approved is not None  # the lifecycle requires a grant approved once
    if visited_on < approved:
        raise Refused(
            N_(
                "the visit date {date} is before the grant of case {case} was first approved "
                "on {approved}"
            ),
            date=visited_on.isoformat(),
            case=case.number,
            approved=approved.isoformat(),
        )
    row = MonitoringVisit(
        case_id=case.id,
        visited_on=visited_on,
        visitor_id=actor.id or None,
        business_operating=business_operating,
        condition_met=condition_met,
        final=final,
        notes=notes,
    )
    if at is not None:
        row.recorded_at = at
    s.add(row)
    s.flush()
    audit.record(
        s,
        actor,
        "visit.record",
        "monitoring_visits",
        row.id,
        None,
        {
            "case": case.number,
            "visited_on": visited_on,
            "condition_met": condition_met,
            "business_operating": business_operating,
            "final": final,
        },
    )
    maybe_complete(s, actor, case, at=at)
    return row


def _view(row: MonitoringVisit, number: str, state: str) -> VisitView:
    return VisitView(
        row.id,
        number,
        row.visited_on,
        row.visitor_id,
        row.business_operating,
        row.condition_met,
        row.final,
        row.notes,
        state,
    )
