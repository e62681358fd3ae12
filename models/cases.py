"""Registering returnees with their cases, case numbering and the case state machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from models import audit
from models.entities import Case, CaseCounter, CaseEvent, Office, Returnee
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.text import search_key
from models.vocabulary import CLOSE_REASONS, OPEN_STATES, label

# Which state may follow which (``closed`` is reachable from every open state, with a reason).
ALLOWED: dict[str, tuple[str, ...]] = {
    "registered": ("screening", "eligible", "ineligible", "closed"),
    "screening": ("eligible", "ineligible", "closed"),
    "eligible": ("approved", "ineligible", "closed"),
    "ineligible": ("eligible", "closed"),
    "approved": ("signed", "eligible", "closed"),
    "signed": ("in_progress", "eligible", "closed"),
    "in_progress": ("completed", "closed"),
    "completed": (),
    "closed": (),
}

RETURNEE_FIELDS = (
    "source_ref",
    "family_name",
    "given_names",
    "sex",
    "birth_date",
    "birth_precision",
    "nationality",
    "country_of_origin",
    "document_type",
    "document_number",
    "phone",
    "place_of_origin",
    "returned_from",
    "border_post",
    "arrival_date",
    "transit_centre",
    "vulnerabilities",
    "household_size",
    "consent_date",
    "notes",
)


@dataclass(frozen=True)
class Registered:
    returnee_id: int
    case_id: int
    case_number: str


def office_code(session: Session) -> str:
    code = session.scalars(select(Office.code)).first()
    if code is None:
        raise Refused(N_("the database has no office yet"))
    return code


def next_case_numbers(session: Session, year: int, count: int) -> list[str]:
    """Reserve ``count`` consecutive case numbers of ``year`` (locked until commit)."""
    code = office_code(session)
    counter = session.get(CaseCounter, year, with_for_update=True)
    if counter is None:
        counter = CaseCounter(year=year, last_number=0)
        session.add(counter)
    first = counter.last_number + 1
    counter.last_number += count
    if counter.last_number > 999_999:
        raise Refused(N_("case numbers of {year} are exhausted"), year=year)
    session.flush()
    return [f"{code}-{year}-{n:06d}" for n in range(first, first + count)]


def returnee_row(values: Mapping[str, Any]) -> dict[str, Any]:
    """The database row of a returnee from validated field values (see RETURNEE_FIELDS)."""
    row = {k: values.get(k) for k in RETURNEE_FIELDS}
    row["birth_precision"] = row["birth_precision"] or "day"
    row["document_type"] = row["document_type"] or "none"
    row["country_of_origin"] = row["country_of_origin"] or row["nationality"]
    vuln = row["vulnerabilities"] or ""
    row["vulnerabilities"] = vuln if isinstance(vuln, str) else " ".join(sorted(vuln))
    row["household_size"] = row["household_size"] or 1
    row["search_key"] = search_key(
        row["family_name"] or "", row["given_names"] or "", row["phone"], row["document_number"]
    )
    return row


def register_returnees(
    session: Session,
    actor: Any,
    rows: Iterable[Mapping[str, Any]],
    *,
    language: str | Callable[[Mapping[str, Any]], str] = "fr",
    when: dt.datetime | None = None,
    action: str = "case.register",
    progress: Callable[[int, int], None] | None = None,
) -> list[Registered]:
    """Insert returnees and open a ``registered`` case for each, in bulk, audited.

    Runs inside the caller's transaction; the caller decides whether it commits. Source
    references must be new (the caller filters those already present).
    """
    values = [returnee_row(r) for r in rows]
    if not values:
        return []
    when = when or utcnow()
    total = len(values)
    for v in values:
        v["created_at"] = when
        v["created_by"] = actor.id or None
        v["version"] = 1
    ids = _insert_returning(session, Returnee, values)
    numbers = next_case_numbers(session, when.year, total)
    langs = [language(v) if callable(language) else language for v in values]
    case_rows = [
        {
            "number": numbers[i],
            "returnee_id": ids[i],
            "state": "registered",
            "on_hold": False,
            "language": langs[i],
            "registered_at": when,
            "registered_by": actor.id or None,
            "state_changed_at": when,
            "version": 1,
        }
        for i in range(total)
    ]
    case_ids = _insert_returning(session, Case, case_rows)
    session.execute(
        insert(cast(Table, CaseEvent.__table__)),
        [
            {
                "case_id": cid,
                "at": when,
                "user_id": actor.id or None,
                "kind": "register",
                "from_state": None,
                "to_state": "registered",
                "reason": "",
            }
            for cid in case_ids
        ],
    )
    audit.record_bulk(
        session,
        actor,
        action,
        "cases",
        [
            (
                case_ids[i],
                None,
                {
                    "number": numbers[i],
                    "returnee_id": ids[i],
                    "source_ref": values[i]["source_ref"],
                },
            )
            for i in range(total)
        ],
    )
    # New registrations in the scope of an open suspension are held on arrival.
    from models.holds import hold_new_registrations

    hold_new_registrations(session, actor, case_ids)
    if progress:
        progress(total, total)
    return [Registered(ids[i], case_ids[i], numbers[i]) for i in range(total)]


def _insert_returning(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their ids in order.

    On SQLite the write transaction holds the database's only write lock (BEGIN IMMEDIATE), so
    the next ids are known and one plain multi-row insert does it. Elsewhere the ids come back
    through RETURNING, a thousand rows at a time: SQLAlchemy's sorted RETURNING grows
    quadratically on one huge batch.
    """
    table = model.__table__
    if session.get_bind().dialect.name == "sqlite":
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        session.execute(insert(table), [dict(r, id=i) for r, i in zip(rows, ids, strict=True)])
        return ids
    out: list[int] = []
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        out.extend(
            session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), chunk)
        )
    return out


def existing_source_refs(session: Session, refs: Iterable[str]) -> set[str]:
    wanted = sorted({r for r in refs if r})
    found: set[str] = set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found.update(
            session.scalars(select(Returnee.source_ref).where(Returnee.source_ref.in_(chunk)))
        )
    return found


def get_case(session: Session, number_or_id: str | int, *, lock: bool = False) -> Case:
    stmt = select(Case)
    if isinstance(number_or_id, int):
        stmt = stmt.where(Case.id == number_or_id)
    else:
        stmt = stmt.where(Case.number == number_or_id.strip().upper())
    if lock:
        stmt = stmt.with_for_update(of=Case)
    case = session.scalars(stmt).first()
    if case is None:
        raise Refused(N_("no case {case}"), case=number_or_id)
    return case


def transition(
    session: Session,
    actor: Any,
    case: Case,
    to_state: str,
    reason: str = "",
    *,
    closed_reason: str | None = None,
    kind: str = "transition",
) -> None:
    """Move a case to ``to_state`` if the state machine allows it; recorded and audited."""
    if to_state not in ALLOWED.get(case.state, ()):
        raise Refused(
            N_("case {case} cannot go from {from_state} to {to_state}"),
            case=case.number,
            from_state=label(case.state),
            to_state=label(to_state),
        )
    if to_state == "closed" and closed_reason not in CLOSE_REASONS:
        raise Refused(
            N_("closing a case needs a reason: {reasons}"), reasons=", ".join(CLOSE_REASONS)
        )
    before = {"state": case.state, "closed_reason": case.closed_reason}
    session.add(
        CaseEvent(
            case_id=case.id,
            user_id=actor.id or None,
            kind=kind,
            from_state=case.state,
            to_state=to_state,
            reason=reason,
        )
    )
    case.state = to_state
    case.closed_reason = closed_reason if to_state == "closed" else None
    case.state_changed_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        f"case.{kind}",
        "cases",
        case.id,
        before,
        {"state": to_state, "closed_reason": case.closed_reason, "reason": reason},
    )


def is_open(case: Case) -> bool:
    return case.state in OPEN_STATES


def count_by_state(session: Session) -> dict[str, int]:
    rows = session.execute(select(Case.state, func.count()).group_by(Case.state))
    return {state: n for state, n in rows}


# -- operations on one case ----------------------------------------------------------------------


def register_one(db: Any, actor: Any, values: Mapping[str, Any]) -> Registered:
    """Register one returnee from checked field values (registrar); refuses a known source ref."""
    from models.permissions import check

    check(actor, "case.register")
    with db.transaction() as s:
        ref = values.get("source_ref")
        if ref and existing_source_refs(s, [ref]):
            raise Refused(N_("the source reference {ref} is already registered"), ref=ref)
        lang = values.get("language") or "fr"
        return register_returnees(s, actor, [values], language=lang)[0]


def close_case(
    db: Any,
    actor: Any,
    case_ref: str,
    reason_code: str,
    note: str = "",
    duplicate_of: str | None = None,
) -> CaseView:
    """Close an open case with a reason (a duplicate names the case it duplicates)."""
    from models.holds import release_all
    from models.permissions import check

    check(actor, "case.close")
    with db.transaction() as s:
        case = get_case(s, case_ref, lock=True)
        if reason_code == "duplicate":
            if not duplicate_of:
                raise Refused(N_("closing as a duplicate needs the case it duplicates"))
            other = get_case(s, duplicate_of)
            if other.id == case.id:
                raise Refused(N_("a case cannot duplicate itself"))
            case.duplicate_of_id = other.id
        elif duplicate_of:
            raise Refused(N_("only a case closed as a duplicate names another case"))
        transition(s, actor, case, "closed", note, closed_reason=reason_code)
        release_all(s, actor, case, note or "closed")
        s.flush()
        return case_view(case)


@dataclass(frozen=True)
class CaseView:
    id: int
    number: str
    state: str
    closed_reason: str | None
    on_hold: bool
    version: int
    family_name: str
    given_names: str
    country_of_origin: str
    registered_by: int | None
    planned_by: int | None


def case_view(case: Case) -> CaseView:
    r = case.returnee
    return CaseView(
        case.id,
        case.number,
        case.state,
        case.closed_reason,
        case.on_hold,
        case.version,
        r.family_name,
        r.given_names,
        r.country_of_origin,
        case.registered_by,
        case.planned_by,
    )


def find_case(db: Any, case_ref: str) -> CaseView:
    with db.reading() as s:
        return case_view(get_case(s, case_ref))


def mark_signed(db: Any, actor: Any, case_ref: str, note: str = "") -> CaseView:
    """Record that the returnee signed the agreement of an approved case (not while on hold)."""
    from models.entities import Agreement
    from models.permissions import check

    check(actor, "case.sign")
    with db.transaction() as s:
        case = get_case(s, case_ref, lock=True)
        check(actor, "case.sign", case)
        agreement = s.scalars(
            select(Agreement)
            .where(Agreement.case_id == case.id, Agreement.status == "issued")
            .order_by(Agreement.id.desc())
        ).first()
        if agreement is None:
            raise Refused(
                N_("case {case} has no printed agreement to sign; print it first"), case=case.number
            )
        transition(s, actor, case, "signed", note or f"agreement {agreement.number} signed")
        agreement.status, agreement.signed_at = "signed", utcnow()
        audit.record(
            s,
            actor,
            "agreement.sign",
            "agreements",
            agreement.id,
            {"status": "issued"},
            {"status": "signed"},
        )
        s.flush()
        return case_view(case)
