"""Helpers of the case-life tests: register returnees quickly, answer the checklist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.cases import register_returnees
from models.database import Database
from models.users import Actor

FULL_YES = {
    "nationality_verified": "document",
    "voluntary_return": "yes",
    "not_assisted_before": "yes",
    "covered_country_in_period": "yes",
    "consent": "yes",
}


def person(i: int, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source_ref": f"T-{i:06d}",
        "family_name": f"Traoré{i}",
        "given_names": "Moussa",
        "sex": "M",
        "birth_date": dt.date(1995, 1, 1) + dt.timedelta(days=i % 3000),
        "nationality": "MLI",
        "country_of_origin": "MLI",
        "border_post": "Gogui",
        "transit_centre": "Gao",
        "household_size": 3,
        "consent_date": dt.date(2026, 1, 5),
    }
    row.update(over)
    return row


def register(
    db: Database,
    actor: Actor,
    n: int = 1,
    start: int = 0,
    when: dt.datetime | None = None,
    **over: Any,
) -> list[str]:
    with db.transaction() as s:
        done = register_returnees(
            s, actor, [person(start + i, **over) for i in range(n)], when=when
        )
    return [r.case_number for r in done]


def eligible(
    db: Database, users: dict[str, Actor], n: int = 1, start: int = 0, **over: Any
) -> list[str]:
    from models.screening import decide

    numbers = register(db, users["registrar"], n, start=start, **over)
    for number in numbers:
        decide(db, users["approver"], number, "eligible", answers=FULL_YES)
    return numbers


def backdate(db: Database, case_number: str, day: dt.date) -> None:
    """Date ``day`` the approvals and signatures of a case recorded after it (those just
    recorded, at the real time), as if they had been recorded then: payments and visits may
    then be dated from ``day`` on. Earlier back-dated steps keep their day."""
    from sqlalchemy import select, update

    from models.entities import Agreement, Case, Grant

    moment = dt.datetime.combine(day, dt.time(12), dt.UTC)
    with db.transaction() as s:
        case_id = s.scalar(select(Case.id).where(Case.number == case_number))
        for model, column in (
            (Grant, Grant.approved_at),
            (Grant, Grant.signed_at),
            (Agreement, Agreement.issued_at),
            (Agreement, Agreement.signed_at),
        ):
            s.execute(
                update(model)
                .where(model.case_id == case_id, column > moment)
                .values({column.key: moment})
            )
