"""Duplicate flags in the database: scanning the register, checking new registrations, deciding.

The engine (``models.duplicates``) compares people; this module feeds it the returnees, keeps
what it finds as ``DuplicateFlag`` rows for the review queue, and records the approvers'
decisions: **same person** keeps one case for the person and closes the other open one as its
duplicate (linked, its holds released, nothing deleted); **different people** means the pair is
never flagged again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import audit, lifecycle
from models.database import Database
from models.duplicates import DEFAULT_THRESHOLD, DuplicateIndex, Match, PersonRecord, Reason
from models.entities import Case, DuplicateFlag, Grant, Returnee
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.jobs import NO_JOB, Job
from models.permissions import CaseOwners, allowed, check
from models.users import Actor

_COLUMNS = (
    Returnee.id,
    Returnee.family_name,
    Returnee.given_names,
    Returnee.sex,
    Returnee.birth_date,
    Returnee.birth_precision,
    Returnee.nationality,
    Returnee.phone,
    Returnee.document_number,
    Returnee.place_of_origin,
)


def stored_reasons(match: Match) -> str:
    """The reasons of a match as kept on its flag: codes and parameters (JSON), so that each
    reader sees them in their own language."""
    return json.dumps([[r.code, r.params] for r in match.reasons], ensure_ascii=False)


def reasons_text(stored: str, lang: str | None = None) -> str:
    """A flag's reasons in words in ``lang`` (flags written before codes were kept: as stored)."""
    try:
        items = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(items, list):
        return stored
    return "; ".join(Reason(str(code), dict(params)).text(lang) for code, params in items)


def person(values: Mapping[str, Any], record_id: int = 0) -> PersonRecord:
    """The engine's view of a returnee, from a row or from the fields of a form or an import."""
    return PersonRecord(
        id=record_id,
        family_name=values.get("family_name") or "",
        given_names=values.get("given_names") or "",
        sex=values.get("sex"),
        birth_date=values.get("birth_date"),
        birth_precision=values.get("birth_precision") or "day",
        nationality=values.get("nationality"),
        phone=values.get("phone"),
        document_number=values.get("document_number"),
        place_of_origin=values.get("place_of_origin"),
    )


def iter_records(session: Session, ids: Iterable[int] | None = None) -> Iterator[PersonRecord]:
    """The returnees as the engine sees them, in id order, read as they are used. Names,
    places and dates repeat across a register: each distinct value is kept once."""
    stmt = select(*_COLUMNS).order_by(Returnee.id)
    if ids is not None:
        stmt = stmt.where(Returnee.id.in_(list(ids)))
    seen: dict[Any, Any] = {}
    once = seen.setdefault
    for rid, family, given, sex, born, precision, nationality, phone, document, place in (
        session.execute(stmt).tuples().yield_per(10000)
    ):
        yield PersonRecord(
            rid,
            once(family, family),
            once(given, given),
            sex,
            once(born, born),
            precision,
            nationality,
            phone,
            document,
            once(place, place),
        )


# One case of a pair as four eyes sees it: who registered and who planned it.
PairSide = CaseOwners


@dataclass(frozen=True)
class Pair:
    """A flagged pair as the review queue (the window's Review page and ``rgm duplicate list``)
    and ``rgm duplicates`` show it. ``reasons`` are in words; ``sides``: the cases of both
    returnees with their registrar and planners (four eyes: who may decide), read for the queue."""

    flag_id: int | None
    returnee_a: int
    returnee_b: int
    case_a: str
    case_b: str
    source_a: str | None
    source_b: str | None
    score: float
    reasons: str
    status: str
    name_a: str = ""
    name_b: str = ""
    sides: tuple[PairSide, ...] = ()

    def other(self, number: str) -> str:
        """The case of the pair that is not ``number``."""
        return self.case_b if self.case_a == number else self.case_a


@dataclass(frozen=True)
class ScanResult:
    pairs: list[Pair]
    new_flags: int
    candidate_pairs: int
    seconds: float


def _existing(session: Session) -> dict[tuple[int, int], DuplicateFlag]:
    return {(f.returnee_a_id, f.returnee_b_id): f for f in session.scalars(select(DuplicateFlag))}


class _Side(NamedTuple):
    case: str
    source: str | None
    name: str


_NOBODY = _Side("", None, "")


def _people(session: Session, returnee_ids: set[int]) -> dict[int, _Side]:
    """Each returnee's (first) case number, source reference and name."""
    out: dict[int, _Side] = {}
    ids = sorted(returnee_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows = session.execute(
            select(
                Case.returnee_id,
                Case.number,
                Returnee.source_ref,
                Returnee.family_name,
                Returnee.given_names,
            )
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(Case.returnee_id.in_(chunk))
            .order_by(Case.id)
        )
        for rid, number, source, family, given in rows:
            out.setdefault(rid, _Side(number, source, f"{family} {given}"))
    return out


def _pair(
    flag_id: int | None,
    a: int,
    b: int,
    people: Mapping[int, _Side],
    score: float,
    reasons: str,
    status: str,
    sides: tuple[PairSide, ...] = (),
) -> Pair:
    pa, pb = people.get(a, _NOBODY), people.get(b, _NOBODY)
    return Pair(flag_id, a, b, pa.case, pb.case, pa.source, pb.source, score, reasons, status,
                pa.name, pb.name, sides)  # fmt: skip


def _save_matches(
    session: Session, actor: Actor, matches: list[Match]
) -> tuple[int, list[DuplicateFlag]]:
    """New flags for pairs never flagged before (a pair judged different is never re-flagged)."""
    existing = _existing(session)
    added: list[DuplicateFlag] = []
    for m in matches:
        if (m.a, m.b) in existing:
            continue
        flag = DuplicateFlag(
            returnee_a_id=m.a,
            returnee_b_id=m.b,
            score=round(m.score, 4),
            reasons=stored_reasons(m),
            status="open",
            found_at=utcnow(),
        )
        session.add(flag)
        added.append(flag)
        existing[(m.a, m.b)] = flag
    session.flush()
    if added:
        audit.record_bulk(
            session,
            actor,
            "duplicate.flag",
            "duplicate_flags",
            [
                (f.id, None, {"a": f.returnee_a_id, "b": f.returnee_b_id, "score": f.score})
                for f in added
            ],
        )
    return len(added), added


def scan(
    db: Database,
    actor: Actor,
    threshold: float = DEFAULT_THRESHOLD,
    save: bool = True,
    job: Job = NO_JOB,
    lang: str | None = None,
) -> ScanResult:
    """Compare every returnee with every likely other one; keep new pairs as open flags.

    A cancelled ``job`` raises ``Cancelled`` before any flag is kept."""
    started = utcnow()
    with db.reading() as s:
        records = list(iter_records(s))
    index = DuplicateIndex.build(records, job=Job(cancelled=lambda: job.is_cancelled))
    job.check()
    matches = index.scan(threshold, job=job, last_use=True)
    job.check()
    # Saving is one short write; a report only (--no-save) reads, and never waits for a writer.
    with db.transaction() if save else db.reading() as s:
        new = _save_matches(s, actor, matches)[0] if save else 0
        existing = _existing(s)
        people = _people(s, {m.a for m in matches} | {m.b for m in matches})
        pairs = []
        for m in matches:
            flag = existing.get((m.a, m.b))
            fid, status = (flag.id, flag.status) if flag else (None, "open")
            pairs.append(_pair(fid, m.a, m.b, people, m.score, m.explain(lang), status))
    seconds = (utcnow() - started).total_seconds()
    return ScanResult(pairs, new, index.last_scan_pairs, seconds)


def flag_new_returnees(
    session: Session,
    actor: Actor,
    new_ids: Iterable[int],
    threshold: float = DEFAULT_THRESHOLD,
    job: Job = NO_JOB,
) -> int:
    """After registering or importing: compare the new returnees with the register and with each
    other, inside the caller's transaction. Returns how many pairs were flagged. ``job``
    follows the comparisons; a cancel raises ``Cancelled`` before any flag is saved."""
    return save_matches(session, actor, new_returnee_matches(session, new_ids, threshold, job))


def save_matches(session: Session, actor: Actor, matches: list[Match]) -> int:
    """Flag the pairs ``matches`` not flagged before (in the caller's write transaction)."""
    return _save_matches(session, actor, matches)[0]


@dataclass
class Snapshot:
    """The register indexed before a registration's transaction, with the version of each
    returnee as indexed: the transaction then reads only what changed since, so its write lock
    is short (indexing 100,000 people takes seconds)."""

    index: DuplicateIndex
    versions: dict[int, int]


def snapshot(db: Database) -> Snapshot:
    """Index the register now (outside any writing transaction)."""
    with db.reading() as s:
        # Versions first: a returnee changed or added after this line is read again later.
        versions = dict(s.execute(select(Returnee.id, Returnee.version)).tuples().all())
        index = DuplicateIndex.build(iter_records(s))
    return Snapshot(index, versions)


def _candidates(
    session: Session, snap: Snapshot, returnee_id: int, threshold: float
) -> list[Match]:
    """``returnee_id`` against the snapshot, brought up to date inside the transaction."""
    current = dict(session.execute(select(Returnee.id, Returnee.version)).tuples().all())
    changed = sorted(
        i for i, v in current.items() if i != returnee_id and snap.versions.get(i) != v
    )
    for start in range(0, len(changed), 900):
        for record in iter_records(session, changed[start : start + 900]):
            snap.index.add(record)  # replaces the version indexed before, if any
            snap.versions[record.id] = current[record.id]
    gone = snap.versions.keys() - current.keys()
    (record,) = iter_records(session, [returnee_id])
    return [
        m
        for m in snap.index.candidates_for(record, threshold, limit=50)
        if m.a not in gone and m.b not in gone
    ]


def check_registration(
    session: Session,
    actor: Actor,
    returnee_id: int,
    threshold: float = DEFAULT_THRESHOLD,
    lang: str | None = None,
    snap: Snapshot | None = None,
) -> list[Pair]:
    """One registration (or a corrected identity) compared with the register by the same engine
    as an import, in the caller's transaction: new pairs are flagged for review. Returns every
    pair found with it (already judged ones keep their status), best first, its reasons in
    ``lang``. ``snap``: the register indexed beforehand (see ``snapshot``)."""
    if snap is None:
        matches = new_returnee_matches(session, {returnee_id}, threshold)
    else:
        matches = _candidates(session, snap, returnee_id, threshold)
    _save_matches(session, actor, matches)
    existing = _existing(session)
    people = _people(session, {m.a for m in matches} | {m.b for m in matches})
    matches.sort(key=lambda m: (-m.score, m.a, m.b))
    out = []
    for m in matches:
        flag = existing[(m.a, m.b)]
        out.append(_pair(flag.id, m.a, m.b, people, m.score, m.explain(lang), flag.status))
    return out


def new_returnee_matches(
    session: Session,
    new_ids: Iterable[int],
    threshold: float = DEFAULT_THRESHOLD,
    job: Job = NO_JOB,
) -> list[Match]:
    """The possible duplicates of the new returnees, among themselves and in the register; only
    reads (a reading session will do, so that the comparisons hold no write lock). ``job``:
    progress of the comparisons; a cancel raises ``Cancelled``."""
    new = set(new_ids)
    if not new:
        return []
    total = session.scalar(select(func.count()).select_from(Returnee)) or 0
    if len(new) * 5 < total:
        # A few new people against a large register: check each one against the others (and
        # against those of the same file already checked) instead of scanning every pair.
        fresh: list[PersonRecord] = []

        def others() -> Iterator[PersonRecord]:
            for record in iter_records(session):
                if record.id in new:
                    fresh.append(record)
                else:
                    yield record

        index = DuplicateIndex.build(others())
        job.check()
        found: dict[tuple[int, int], Match] = {}
        for n, record in enumerate(fresh, 1):
            for m in index.candidates_for(record, threshold, limit=50):
                found[(m.a, m.b)] = m
            index.add(record)
            if n % 500 == 0 or n == len(fresh):
                job.progress(n, len(fresh))
                job.check()
        matches = list(found.values())
    else:
        # Records stream into the index (only their prepared form is kept).
        index = DuplicateIndex.build(iter_records(session))
        job.check()
        scanned = index.scan(threshold, job=job, last_use=True)
        job.check()  # a cancelled scan stops early with what it found so far
        matches = [m for m in scanned if m.a in new or m.b in new]
    del index
    return matches


def review_queue(
    db: Database, status: str | None = "open", lang: str | None = None, limit: int | None = None
) -> list[Pair]:
    """The flagged pairs to review (``status`` None: every pair), best score first, each with
    both sides' case, name and source, its reasons in ``lang`` and the cases' owners (four eyes).
    The window's Review page and ``rgm duplicate list`` both show this list."""
    with db.reading() as s:
        stmt = select(DuplicateFlag).order_by(DuplicateFlag.score.desc(), DuplicateFlag.id)
        if status:
            stmt = stmt.where(DuplicateFlag.status == status)
        if limit is not None:
            stmt = stmt.limit(limit)
        flags = list(s.scalars(stmt))
        ids = {f.returnee_a_id for f in flags} | {f.returnee_b_id for f in flags}
        people = _people(s, ids)
        owners = pair_sides(s, ids)
        return [
            _pair(
                f.id,
                f.returnee_a_id,
                f.returnee_b_id,
                people,
                f.score,
                reasons_text(f.reasons, lang),
                f.status,
                (*owners.get(f.returnee_a_id, ()), *owners.get(f.returnee_b_id, ())),
            )
            for f in flags
        ]


def pair_sides(session: Session, returnee_ids: Iterable[int]) -> dict[int, list[PairSide]]:
    """The cases of each returnee (usually one), with their registrar and planners."""
    wanted = sorted(set(returnee_ids))
    out: dict[int, list[PairSide]] = {}
    for start in range(0, len(wanted), 450):
        chunk = wanted[start : start + 450]
        rows = session.execute(
            select(Case.id, Case.returnee_id, Case.number, Case.registered_by, Case.planned_by)
            .where(Case.returnee_id.in_(chunk))
            .order_by(Case.id)
        ).all()
        planners: dict[int, set[int]] = {}
        for cid, planner in session.execute(
            select(Grant.case_id, Grant.planned_by).where(Grant.case_id.in_([r[0] for r in rows]))
        ):
            if planner:
                planners.setdefault(cid, set()).add(planner)
        for cid, rid, number, registered_by, planned_by in rows:
            out.setdefault(rid, []).append(
                PairSide(number, registered_by, planned_by, tuple(sorted(planners.get(cid, ()))))
            )
    return out


def may_decide(actor: Actor, sides: Iterable[PairSide]) -> tuple[bool, str]:
    """Whether ``actor`` may judge a pair whose cases are ``sides``, and if not, why and who
    may: an approver or an administrator who registered and planned neither case."""
    for side in sides:
        ok, why = allowed(actor, "duplicate.decide", side)
        if not ok:
            return ok, why
    return allowed(actor, "duplicate.decide")


@dataclass(frozen=True)
class Decision:
    flag_id: int
    status: str
    closed_case: str | None
    kept_case: str | None


# Which case of a person is kept when two are found to be one: the one furthest along the way
# to the grant (a completed case has received it, one in progress is being paid, a signed or an
# approved one holds the returnee's agreement or the office's approval), then the earlier
# registered. A finding of ineligibility ranks with a case being paid: a later registration that
# got further never erases it (the earlier of the two is kept).
_KEEP_ORDER = {"completed": 0, "in_progress": 1, "ineligible": 1, "signed": 2, "approved": 3}
_OTHERS = len(_KEEP_ORDER)


def _linked_cases(s: Session, case_ids: Iterable[int]) -> set[int]:
    """``case_ids`` and every case one of them was closed as the duplicate of, followed to the
    end: with the cases of a pair's two returnees, all the cases of the person it judges."""
    ids = set(case_ids)
    todo = set(ids)
    while todo:
        found = s.scalars(select(Case.duplicate_of_id).where(Case.id.in_(todo)))
        todo = {i for i in found if i is not None} - ids
        ids |= todo
    return ids


def _one_case_kept(
    s: Session, actor: Actor, case_ids: set[int], note: str, at: dt.datetime | None = None
) -> tuple[str | None, str | None]:
    """Same person: the person keeps one case. Among the cases of the person (``case_ids``:
    ``_linked_cases``) the case kept is the furthest along among those not closed
    (``_KEEP_ORDER``, then the earlier registered); every other open case is closed as its
    duplicate through the one closing (``lifecycle.close``: checked, audited, its holds
    released; ``at``: the moment, now when not given). Nothing is closed when only one case is
    left open, or when the others were completed (paid twice: the pair's decision is what the
    office follows up). (closed, kept) numbers."""
    while True:
        cases = list(
            s.scalars(
                select(Case)
                .where(Case.id.in_(case_ids))
                .order_by(Case.id)  # locked in id order (``lifecycle.lock_cases``)
                .with_for_update(of=Case)
                .execution_options(populate_existing=True)
            )
        )
        # Closed meanwhile as the duplicate of a case not read yet: that case is the person's too.
        more = {c.duplicate_of_id for c in cases if c.duplicate_of_id} - case_ids
        if not more:
            break
        case_ids = _linked_cases(s, case_ids | more)
    alive = sorted(
        (c for c in cases if c.state != "closed"),
        key=lambda c: (_KEEP_ORDER.get(c.state, _OTHERS), c.registered_at, c.id),
    )
    if not alive:
        return None, None
    kept = alive[0]
    others = [c for c in reversed(alive[1:]) if c.state != "completed"]
    for other in others:
        lifecycle.close(
            s,
            actor,
            other,
            "duplicate",
            note or f"duplicate of {kept.number}",
            duplicate_of=kept,
            kind="duplicate",
            at=at,
        )
    return (", ".join(c.number for c in others) or None), kept.number


def _refuse_judged_same(s: Session, flag: DuplicateFlag) -> None:
    """Refuse 'different people' for a pair whose cases lead to one case kept: one was closed as
    the duplicate of the other, or both of one same case (through other pairs' decisions)."""
    sides = [
        _linked_cases(s, s.scalars(select(Case.id).where(Case.returnee_id == rid)))
        for rid in (flag.returnee_a_id, flag.returnee_b_id)
    ]
    common = sides[0] & sides[1]
    if common:
        # the end of the links: the case kept for both (not itself closed as a duplicate)
        number = s.scalar(
            select(Case.number)
            .where(Case.id.in_(common), Case.duplicate_of_id.is_(None))
            .order_by(Case.id)
        )
        raise Refused(
            N_(
                "the pair {id} was already found to be one person: case {case} is kept for "
                "both; it cannot be judged different people"
            ),
            id=flag.id,
            case=number,
        )


def decide(db: Database, actor: Actor, flag_id: int, same_person: bool, note: str = "") -> Decision:
    """An approver's judgement on a pair; recorded and audited.

    Same person: the person keeps one case, the other open one is closed as its duplicate
    (``_one_case_kept``). Different people: the pair is never flagged again.
    """
    check(actor, "duplicate.decide")
    with db.transaction() as s:
        flag = s.get(DuplicateFlag, flag_id, with_for_update=True)
        if flag is None:
            raise Refused(N_("no duplicate flag {id}"), id=flag_id)
        return decide_in(s, actor, flag, same_person, note)


def decide_in(
    s: Session,
    actor: Actor,
    flag: DuplicateFlag,
    same_person: bool,
    note: str = "",
    at: dt.datetime | None = None,
) -> Decision:
    """``decide`` inside the caller's transaction (``flag`` locked by the caller), at the
    moment ``at`` (now when not given)."""
    check(actor, "duplicate.decide")
    if flag.status != "open":
        raise Refused(N_("the duplicate flag {id} was already decided"), id=flag.id)
    # Four eyes: whoever registered or planned either case does not clear it, nor (same
    # person) any case of the person that the decision may close or keep.
    pair = (flag.returnee_a_id, flag.returnee_b_id)
    people = set(pair)
    linked: set[int] = set()
    if same_person:
        linked = _linked_cases(s, s.scalars(select(Case.id).where(Case.returnee_id.in_(pair))))
        people |= set(s.scalars(select(Case.returnee_id).where(Case.id.in_(linked))))
    else:
        _refuse_judged_same(s, flag)
    sides = pair_sides(s, people)
    for side in (side for rid in sorted(people) for side in sides.get(rid, ())):
        check(actor, "duplicate.decide", side)
    before = {"status": flag.status}
    flag.status = "same_person" if same_person else "different_people"
    flag.decided_by = actor.id
    flag.decided_at = at or utcnow()
    flag.note = note or None
    closed = kept = None
    if same_person:
        closed, kept = _one_case_kept(s, actor, linked, note, at)
    audit.record(
        s,
        actor,
        "duplicate.decide",
        "duplicate_flags",
        flag.id,
        before,
        {"status": flag.status, "closed_case": closed, "note": note},
    )
    return Decision(flag.id, flag.status, closed, kept)


__all__ = [
    "Decision",
    "Pair",
    "PairSide",
    "ScanResult",
    "Snapshot",
    "check_registration",
    "decide",
    "flag_new_returnees",
    "may_decide",
    "review_queue",
    "pair_sides",
    "iter_records",
    "person",
    "scan",
    "snapshot",
]
