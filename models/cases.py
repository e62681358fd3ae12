"""Registering returnees with their cases, case numbering and the case state machine."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from models import audit, holds, lifecycle
from models.bulk import binder, insert_rows, reserve_ids
from models.duplicate_review import check_registration, snapshot
from models.entities import Agreement, Case, CaseCounter, CaseEvent, Grant, Office, Returnee
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.jobs import NO_JOB, Job
from models.lifecycle import get_case
from models.payments import maybe_complete
from models.permissions import check
from models.reference import case_language
from models.text import search_key, search_key_more
from models.text_rules import clean_values

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
    # One registration (``register_one``): the possible duplicates its check found, as
    # ``duplicate_review.Pair``s, flagged for review in the same transaction.
    possible_duplicates: tuple[Any, ...] = ()


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


def returnee_values(
    values: Mapping[str, Any], names: dict[tuple[Any, Any], str] | None = None
) -> tuple[Any, ...]:
    """What a returnee's row stores, from validated field values: RETURNEE_FIELDS in order with
    their defaults, then the search key. ``names`` memoises the folded names (imports repeat
    them)."""
    get = values.get
    family = get("family_name")
    given = get("given_names")
    phone = get("phone")
    document = get("document_number")
    nationality = get("nationality")
    vuln = get("vulnerabilities") or ""
    folded = names.get((family, given)) if names is not None else None
    if folded is None:
        folded = search_key(family or "", given or "", None, None)
        if names is not None:
            names[(family, given)] = folded
    return (
        get("source_ref"),
        family,
        given,
        get("sex"),
        get("birth_date"),
        get("birth_precision") or "day",
        nationality,
        get("country_of_origin") or nationality,
        get("document_type") or "none",
        document,
        phone,
        get("place_of_origin"),
        get("returned_from"),
        get("border_post"),
        get("arrival_date"),
        get("transit_centre"),
        vuln if isinstance(vuln, str) else " ".join(sorted(vuln)),
        get("household_size") or 1,
        get("consent_date"),
        get("notes"),
        search_key_more(folded, phone, document) if phone or document else folded,
    )


def returnee_row(values: Mapping[str, Any]) -> dict[str, Any]:
    """The database row of a returnee from validated field values (see RETURNEE_FIELDS)."""
    return dict(zip((*RETURNEE_FIELDS, "search_key"), returnee_values(values), strict=True))


def register_returnees(
    session: Session,
    actor: Any,
    rows: Iterable[Mapping[str, Any]],
    *,
    language: str | Callable[[Mapping[str, Any]], str] = "fr",
    when: dt.datetime | None = None,
    action: str = "case.register",
    job: Job = NO_JOB,
) -> list[Registered]:
    """Insert returnees and open a ``registered`` case for each, in bulk, audited.

    Runs inside the caller's transaction; the caller decides whether it commits. Source
    references must be new (the caller filters those already present). The rows go through
    the driver's cursor (``models.bulk``): an import of 100,000 rows is mostly this. ``job``:
    progress; a cancel raises ``Cancelled`` (the caller's transaction then rolls back).
    """
    people = rows if isinstance(rows, Sequence) else list(rows)
    if not people:
        return []
    when = when or utcnow()
    total = len(people)
    user = actor.id or None
    returnees = cast(Table, Returnee.__table__)
    cases = cast(Table, Case.__table__)
    events = cast(Table, CaseEvent.__table__)
    ids = reserve_ids(session, returnees, total)
    insert_rows(session, returnees, RETURNEE_COLUMNS,
                _returnee_tuples(session, returnees, people, ids, when, user))  # fmt: skip
    job.progress(total // 2, total)
    job.check()
    numbers = next_case_numbers(session, when.year, total)
    case_ids = reserve_ids(session, cases, total)
    at = binder(session, cases, "registered_at")(when)
    not_held = binder(session, cases, "on_hold")(False)
    langs = [language(v) for v in people] if callable(language) else [language] * total
    insert_rows(
        session,
        cases,
        ("id", "number", "returnee_id", "state", "on_hold", "language", "registered_at",
         "registered_by", "state_changed_at", "version"),
        zip(case_ids, numbers, ids, repeat("registered"), repeat(not_held), langs, repeat(at),
            repeat(user), repeat(at), repeat(1)),
    )  # fmt: skip
    at = binder(session, events, "at")(when)
    insert_rows(
        session,
        events,
        ("case_id", "at", "user_id", "kind", "from_state", "to_state", "reason"),
        zip(case_ids, repeat(at), repeat(user), repeat("register"), repeat(None),
            repeat("registered"), repeat("")),
    )  # fmt: skip
    audit.record_texts(
        session,
        actor,
        action,
        "cases",
        zip(case_ids, repeat(None), map(_registered_text, numbers, ids, people)),
    )
    # New registrations in the scope of an open suspension are held on arrival.
    holds.hold_new_registrations(session, actor, case_ids)
    job.progress(total, total)
    return [Registered(*r) for r in zip(ids, case_ids, numbers, strict=True)]


RETURNEE_COLUMNS = (*RETURNEE_FIELDS, "search_key", "created_at", "created_by", "version", "id")
_json_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes


def _registered_text(number: str, returnee_id: int, values: Mapping[str, Any]) -> str:
    """``audit.canonical({"number", "returnee_id", "source_ref"})``, built directly."""
    ref = values.get("source_ref")
    if ref is None:
        ref_text = "null"
    elif type(ref) is str:
        ref_text = _json_text(ref)
    else:
        return (
            audit.canonical({"number": number, "returnee_id": returnee_id, "source_ref": ref}) or ""
        )
    return f'{{"number": {_json_text(number)}, "returnee_id": {returnee_id:d}, "source_ref": {ref_text}}}'


_DATES = tuple(RETURNEE_FIELDS.index(f) for f in ("birth_date", "arrival_date", "consent_date"))


def _returnee_tuples(
    session: Session,
    table: Table,
    people: Sequence[Mapping[str, Any]],
    ids: Sequence[int],
    when: dt.datetime,
    user: int | None,
) -> Iterator[tuple[Any, ...]]:
    """``returnee_values`` of each person, dates bound for the driver, then the columns after
    them in RETURNEE_COLUMNS (created at and by, version, id)."""
    bind = [(i, binder(session, table, RETURNEE_FIELDS[i])) for i in _DATES]
    tail = (binder(session, table, "created_at")(when), user, 1)
    names: dict[tuple[Any, Any], str] = {}
    for values, rid in zip(people, ids, strict=True):
        row = list(returnee_values(values, names))
        for i, convert in bind:
            row[i] = convert(row[i])
        yield (*row, *tail, rid)


def existing_source_refs(session: Session, refs: Iterable[str]) -> set[str]:
    wanted = sorted({r for r in refs if r})
    found: set[str] = set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        found.update(
            session.scalars(select(Returnee.source_ref).where(Returnee.source_ref.in_(chunk)))
        )
    return found


# -- operations on one case ----------------------------------------------------------------------


EARLIEST_DATE = dt.date(1900, 1, 1)
_DATE_REFUSALS = {
    "birth_date": (
        N_("the birth date {date} is in the future"),
        N_("the birth date {date} is before 1900"),
    ),
    "arrival_date": (
        N_("the arrival date {date} is in the future"),
        N_("the arrival date {date} is before 1900"),
    ),
    "consent_date": (
        N_("the consent date {date} is in the future"),
        N_("the consent date {date} is before 1900"),
    ),
}


def check_registration_dates(values: Mapping[str, Any], today: dt.date | None = None) -> None:
    """A returnee's dates are of the past and not before 1900, however they were typed (the
    import's row readers say it per cell; this holds every other way in)."""
    today = today or dt.date.today()
    for field, (future, early) in _DATE_REFUSALS.items():
        day = values.get(field)
        if not isinstance(day, dt.date):
            continue
        day = day.date() if isinstance(day, dt.datetime) else day
        if day > today:
            raise Refused(future, date=day.isoformat())
        if day < EARLIEST_DATE:
            raise Refused(early, date=day.isoformat())


def register_one(
    db: Any,
    actor: Any,
    values: Mapping[str, Any],
    lang: str | None = None,
    register: Any | None = None,
) -> Registered:
    """Register one returnee from checked field values (registrar); refuses a known source ref.

    The duplicate engine compares the new returnee with the register in the same transaction,
    as it does after an import: the pairs it finds are flagged for review (so the case waits for
    their decision) and returned, their reasons in ``lang``. The register is indexed before the
    transaction (or ``register``, a ``duplicate_review.Snapshot`` the caller holds, is used);
    the transaction reads only what changed since.
    """
    check(actor, "case.register")
    check_registration_dates(values)
    values = clean_values("returnees", values)  # the bulk insert below bypasses the ORM's check
    indexed = register if register is not None else snapshot(db)
    with db.transaction() as s:
        ref = values.get("source_ref")
        if ref and existing_source_refs(s, [ref]):
            raise Refused(N_("the source reference {ref} is already registered"), ref=ref)
        done = register_returnees(s, actor, [values], language=case_language(values))[0]
        # The year's case counter stays locked until commit: a registration made at the same
        # moment is checked after this one commits, so one of the two sees the other.
        pairs = check_registration(s, actor, done.returnee_id, lang=lang, snap=indexed)
        return replace(done, possible_duplicates=tuple(pairs))


def close_case(
    db: Any,
    actor: Any,
    case_ref: str,
    reason_code: str,
    note: str = "",
    duplicate_of: str | None = None,
) -> CaseView:
    """Close an open case with a reason (a duplicate names the case it duplicates)."""
    with db.transaction() as s:
        # The case kept is locked too: it must still be open when this one closes.
        named = [duplicate_of] if duplicate_of and lifecycle.names_kept_case(reason_code) else []
        case, *kept_ = lifecycle.lock_cases(s, case_ref, *named)
        lifecycle.require(s, actor, case, "case.close")
        if duplicate_of and not lifecycle.names_kept_case(reason_code):
            raise Refused(N_("only a case closed as a duplicate names another case"))
        kept = kept_[0] if kept_ else None
        lifecycle.close(s, actor, case, reason_code, note, duplicate_of=kept)
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


def mark_signed(db: Any, actor: Any, case_ref: str, note: str = "") -> CaseView:
    """Record that the returnee signed the agreement of the approved grant (not while on hold).

    An approved case becomes signed. A case in progress whose grant changed stays in progress:
    signing the new version's agreement lets payments follow it again (and may complete it).
    """
    with db.transaction() as s:
        case = get_case(s, case_ref, lock=True)
        sign_in(s, actor, case, note)
        return case_view(case)


def sign_in(
    s: Session, actor: Any, case: Case, note: str = "", at: dt.datetime | None = None
) -> None:
    """``mark_signed`` inside the caller's transaction (``case`` locked by the caller), signed
    at the moment ``at`` (now when not given)."""
    lifecycle.require(s, actor, case, "case.sign")
    grant = s.scalars(
        select(Grant).where(Grant.case_id == case.id, Grant.state == "approved")
    ).one()
    agreement = s.scalars(
        select(Agreement)
        .where(Agreement.grant_id == grant.id, Agreement.status == "issued")
        .order_by(Agreement.id.desc())
    ).first()
    assert agreement is not None  # the lifecycle requires one to sign
    reason = note or f"agreement {agreement.number} signed"
    lifecycle.advance(s, actor, case, "case.sign", reason, at=at)
    agreement.status, agreement.signed_at = "signed", at or utcnow()
    if grant.signed_at is None:
        grant.signed_at = agreement.signed_at
    audit.record(
        s,
        actor,
        "agreement.sign",
        "agreements",
        agreement.id,
        {"status": "issued"},
        {"status": "signed", "grant_version": grant.version, "reason": reason},
    )
    s.flush()
    maybe_complete(s, actor, case, at=at)
