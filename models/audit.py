"""The audit trail: recording every change and verifying that none was altered or removed.

Each event's hash is an HMAC-SHA256, with the database's audit key (``models.key_store``), of
its own content and the previous event's hash. The chain's length and head (newest event) are
kept in the ``audit_head`` setting, sealed with the same key, so removing the last events and
rewriting the head to match needs the key too; an empty trail on a database that was used is an
error. (A head the previous version wrote without seal is accepted, and said so, until the next
event seals it; from then on the start mark says heads are sealed, so an unsealed one is refused.)

Someone holding the database and its key could still rewrite the whole history consistently,
so the chain is also anchored outside the database: every submitted monthly return carries the
chain's length and head, signed with the return (``Anchor``), and ``verify`` checks that the
chain still holds, at that length, that head. The database keeps its own copy of each anchor
(``audit_anchors``); headquarters keep theirs in the returns.

Databases made before the key existed (schema 0001) keep their older, unkeyed events (plain
SHA-256). The keyed part starts at the one ``audit.key`` event, recorded when the database got
its key; the setting ``audit_keyed_from`` names that event, under the key's own seal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from models import key_store
from models.actors import SYSTEM
from models.bulk import binder, insert_rows
from models.entities import AuditAnchor, AuditEvent, Office, Setting, User
from models.entities.base import utcnow
from models.errors import Unusable
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.permissions import current

GENESIS = "0" * 64
HEAD_KEY = "audit_head"  # "<length>:<id of the newest event>:<its hash>:<seal of the three>"
# "<id of the audit.key event>:<its seal>:<mark that the head is sealed>", or "pending"; the
# previous version wrote "<id>:<seal>" and an unsealed head: both are upgraded at the next event.
KEYED_FROM = "audit_keyed_from"
PENDING = "pending"
KEY_EVENT = "audit.key"


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def canonical(value: Mapping[str, Any] | None) -> str | None:
    """JSON with sorted keys: the same content always gives the same text (and hash)."""
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_default)


class Mac:
    """HMAC-SHA256 with one key, its two padded key blocks hashed once: bulk imports chain
    hundreds of thousands of events (the same result as ``hmac.new(key, m, sha256)``)."""

    def __init__(self, key: bytes) -> None:
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def hexdigest(self, message: bytes) -> str:
        inner = self.inner.copy()
        inner.update(message)
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


_FIELDS = ("at", "user_id", "username", "action", "table_name", "record_id", "before", "after")


def _message(prev: str, at: dt.datetime, event: Any) -> bytes:
    """What an event's hash covers (an AuditEvent, a row or a dict of its columns), chained to
    ``prev``."""
    get = event.get if isinstance(event, dict) else lambda k: getattr(event, k)
    parts = [
        prev,
        at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        str(get("user_id") or ""),
        get("username"),
        get("action"),
        get("table_name"),
        get("record_id"),
        get("before") or "",
        get("after") or "",
    ]
    return "\x1f".join(str(p) for p in parts).encode()


def _unkeyed(message: bytes) -> str:
    """The hash of an event made before the database had an audit key (schema 0001)."""
    return hashlib.sha256(message).hexdigest()


def _mac(session: Session) -> Mac:
    key = key_store.key_in(session, key_store.AUDIT)
    if key is None:
        raise Unusable(N_("the audit trail of this database has no key yet; open it again"))
    return Mac(key)


def _seal(mac: Mac, event_id: int) -> str:
    return mac.hexdigest(f"{KEYED_FROM}\x1f{event_id}".encode())


def _sealed_heads_mark(mac: Mac, event_id: int) -> str:
    """The keyed mark, beside the start of the keyed chain, that its head is sealed: once it is
    there, an unsealed head (what the previous version wrote) is refused, not accepted."""
    return mac.hexdigest(f"{KEYED_FROM}\x1f{event_id}\x1fsealed-head".encode())


def _head_seal(mac: Mac, length: int, last_id: int, h: str) -> str:
    return mac.hexdigest(f"{HEAD_KEY}\x1f{length}\x1f{last_id}\x1f{h}".encode())


# -- the head of the chain --------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """The chain as it was at one moment: its ``length``-th event had the hash ``head``.
    ``month`` and ``source`` (a file name) say where the anchor was handed over."""

    length: int
    head: str
    month: str = ""
    source: str = ""


def _head(session: Session, lock: bool = False) -> tuple[Setting | None, int, int, str]:
    """(row, length, id of the newest event, its hash) of the chain head."""
    row = session.get(Setting, HEAD_KEY, with_for_update=lock)
    if row is None:
        return None, 0, 0, GENESIS
    fields = row.value.split(":")
    if len(fields) == 2:  # written before lengths were kept
        count = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        return row, count, int(fields[0]), fields[1]
    return row, int(fields[0]), int(fields[1]), fields[2]


def _stored_seal(row: Setting | None) -> str:
    """The seal of the stored head ("" when the previous version wrote it unsealed)."""
    fields = row.value.split(":") if row is not None else []
    return fields[3] if len(fields) == 4 else ""


def _set_head(
    session: Session, row: Setting | None, length: int, last_id: int, h: str, mac: Mac
) -> None:
    """Store the head sealed with the chain's key, so that cutting the newest events and
    rewriting the head to match needs the key; a previous version's start mark is upgraded."""
    value = f"{length}:{last_id}:{h}:{_head_seal(mac, length, last_id, h)}"
    if row is None:
        session.add(Setting(key=HEAD_KEY, value=value))
    else:
        row.value = value
    start = session.get(Setting, KEYED_FROM)
    if start is not None and start.value.count(":") == 1:
        first, _, seal = start.value.partition(":")
        if first.isdigit() and seal == _seal(mac, int(first)):
            start.value = f"{first}:{seal}:{_sealed_heads_mark(mac, int(first))}"


def lock_chain(session: Session) -> None:
    """Lock the chain's head until the transaction ends: every change of the office takes this
    lock to record its event, so holding it first makes the other writers wait."""
    _head(session, lock=True)


def anchor(session: Session) -> Anchor:
    """The chain's length and head now (committed state, as the session sees it)."""
    _row, length, _last, h = _head(session)
    return Anchor(length, h)


def keep_anchor(session: Session, point: Anchor, reason: str, month: str | None = None) -> None:
    """Remember in the database an anchor handed outside it (``verify`` checks them all)."""
    session.add(AuditAnchor(length=point.length, head=point.head, reason=reason, month=month))


# -- recording --------------------------------------------------------------------------------


def _still_allowed(session: Session, actor: Any) -> None:
    """Refuse the event of a user deactivated, or who lost a role, since signing in: every
    change records an event, so no change is made for them (``permissions.current``). Checked
    once per transaction, once the chain's head is locked: a deactivation records its own event,
    so it cannot commit while this transaction holds the lock."""
    transaction = session.get_transaction()
    checked = session.info.setdefault("rgm_actors_checked", {})
    key = getattr(actor, "id", None)
    if checked.get(key) is transaction:
        return
    current(session, actor)
    checked[key] = transaction


def record(
    session: Session,
    actor: Any,
    action: str,
    table: str,
    record_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (at the end of it inside
    ``appended_at_end``)."""
    pending = session.info.get(_PENDING)
    if pending is not None:
        _still_allowed(session, actor)
        event = AuditEvent(at=utcnow(), user_id=getattr(actor, "id", None) or None,
                           username=getattr(actor, "username", "") or "", action=action,
                           table_name=table, record_id=str(record_id), before=canonical(before),
                           after=canonical(after))  # fmt: skip
        pending.append(event)
        return event
    return _append(session, _mac(session), actor, action, table, record_id, before, after)


_PENDING = "rgm_audit_pending"


@contextmanager
def appended_at_end(session: Session) -> Iterator[None]:
    """Inside a long run of small operations (the demo data): their events are kept, in order
    and each as ``record`` makes it, and chained in one insert when the run ends (the head is
    locked and moved once instead of once per event). An error drops them with the run."""
    pending: list[AuditEvent] = []
    session.info[_PENDING] = pending
    try:
        yield
    finally:
        session.info.pop(_PENDING, None)
    if not pending:
        return
    mac = _mac(session)
    head, length, _last, prev = _head(session, lock=True)
    rows = []
    for event in pending:
        row = {k: getattr(event, k) for k in _FIELDS}
        row["prev_hash"] = prev
        prev = row["hash"] = mac.hexdigest(_message(prev, event.at, row))
        rows.append(row)
    for start in range(0, len(rows), 5000):
        session.execute(insert(AuditEvent), rows[start : start + 5000])
    last_id = session.scalars(select(AuditEvent.id).where(AuditEvent.hash == prev)).one()
    _set_head(session, head, length + len(rows), last_id, prev, mac)
    session.flush()


def _append(
    session: Session,
    mac: Mac,
    actor: Any,
    action: str,
    table: str,
    record_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEvent:
    head, length, _last, prev = _head(session, lock=True)
    _still_allowed(session, actor)
    at = utcnow()
    event = AuditEvent(
        at=at,
        user_id=getattr(actor, "id", None) or None,
        username=getattr(actor, "username", "") or "",
        action=action,
        table_name=table,
        record_id=str(record_id),
        before=canonical(before),
        after=canonical(after),
        prev_hash=prev,
    )
    event.hash = mac.hexdigest(_message(prev, at, event))
    session.add(event)
    session.flush()
    _set_head(session, head, length + 1, event.id, event.hash, mac)
    return event


def needs_key(session: Session) -> bool:
    """Whether the chain is still waiting for its key (a new or upgraded database)."""
    row = session.get(Setting, KEYED_FROM)
    if row is None:
        return key_store.where_kept(session, key_store.AUDIT) is None
    return row.value == PENDING


SEALS_HEADS = "heads_sealed"


def _key_event_content(fingerprint: str, kept_in: str, earlier: int) -> dict[str, Any]:
    """What the ``audit.key`` event records. ``heads_sealed``: the chain's head is sealed from
    this event on; in the chain itself (keyed, and every later event hangs on it), so it cannot
    be dropped like a setting to pass a cut tail for a previous version's unsealed head."""
    return {
        "fingerprint": fingerprint, "kept_in": kept_in, "unkeyed_events_before": earlier,
        SEALS_HEADS: True,
    }  # fmt: skip


def _key_event_seals_heads(after: str | None) -> bool:
    try:
        content = json.loads(after or "{}")
    except ValueError:
        return False
    return isinstance(content, dict) and content.get(SEALS_HEADS) is True


def start_keyed_chain(session: Session, key: bytes, fingerprint: str, kept_in: str) -> None:
    """Record the ``audit.key`` event, the first one chained with ``key``; every event after it
    is keyed too. The events before it (an older database's) stay as they were made."""
    mac = Mac(key)
    earlier = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    event = _append(
        session, mac, SYSTEM, KEY_EVENT, "audit", "key", None,
        _key_event_content(fingerprint, kept_in, earlier),
    )  # fmt: skip
    row = session.get(Setting, KEYED_FROM)
    value = f"{event.id}:{_seal(mac, event.id)}:{_sealed_heads_mark(mac, event.id)}"
    if row is None:
        session.add(Setting(key=KEYED_FROM, value=value))
    else:
        row.value = value
    session.flush()


# -- verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditProblem:
    event_id: int | None
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return translate(self.message, lang).format(id=self.event_id, **self.params)


REMOVED = N_("audit event {id} does not follow the one before it (removed events)")
ALTERED = N_("audit event {id} was altered")
REMOVED_AFTER = N_("audit event {id} and those after it were removed")
EMPTY = N_("the audit trail is empty, yet this database was used: its events were removed")
NO_HEAD = N_("the audit chain head is missing after event {id}")
HEAD_ALTERED = N_(
    "the audit chain head (event {id}) does not carry its seal: the newest events were removed "
    "and the head rewritten"
)
NO_START = N_("the start of the keyed audit chain was removed or moved (event {id})")
BAD_START = N_("the record of where the keyed audit chain starts was altered")
SHORTER = N_(
    "the audit trail has {count} events, fewer than the {length} anchored in the return of "
    "{month}{source}: events were removed"
)
REWRITTEN = N_(
    "audit event number {length} is not the one anchored in the return of {month}{source}: "
    "the history was rewritten"
)


def recorded_anchors(session: Session) -> list[Anchor]:
    """The anchors this database handed out (one per submitted return)."""
    return [
        Anchor(a.length, a.head, a.month or "")
        for a in session.scalars(select(AuditAnchor).order_by(AuditAnchor.id))
    ]


def _anchor_problem(message: str, point: Anchor, count: int) -> AuditProblem:
    source = f" ({point.source})" if point.source else ""
    return AuditProblem(
        None, message, {"length": point.length, "month": point.month, "source": source,
                        "count": count},
    )  # fmt: skip


def _keyed_start(session: Session, mac: Mac | None) -> tuple[int | None, AuditProblem | None]:
    """(id of the audit.key event or None when the chain has no key yet, a problem)."""
    row = session.get(Setting, KEYED_FROM)
    if row is None or row.value == PENDING:
        if mac is not None or row is None and _used(session):
            return None, AuditProblem(None, BAD_START)
        return None, None
    first, _, seal = row.value.partition(":")
    seal, _, mark = seal.partition(":")
    if mac is None or not first.isdigit() or seal != _seal(mac, int(first)):
        return None, AuditProblem(None, BAD_START)
    if mark and mark != _sealed_heads_mark(mac, int(first)):
        return None, AuditProblem(None, BAD_START)
    return int(first), None


def _heads_sealed(session: Session) -> bool:
    """Whether the chain's head must carry a seal (its start mark says so)."""
    row = session.get(Setting, KEYED_FROM)
    return row is not None and row.value.count(":") == 2


def unsealed_head(session: Session) -> bool:
    """Whether the stored head has no seal yet: written by the previous version, it is sealed
    at the next change (``verify`` accepts it until then, and ``rgm audit verify`` says so)."""
    row = session.get(Setting, HEAD_KEY)
    if row is None or _stored_seal(row) or _heads_sealed(session):
        return False
    start = session.get(Setting, KEYED_FROM)
    first = start.value.partition(":")[0] if start is not None else ""
    event = session.get(AuditEvent, int(first)) if first.isdigit() else None
    return event is None or not _key_event_seals_heads(event.after)


def _used(session: Session) -> bool:
    """Whether the database holds anything an operation made (and so has events)."""
    return (
        session.scalars(select(Office.id)).first() is not None
        or session.scalars(select(User.id)).first() is not None
        or session.get(Setting, HEAD_KEY) is not None
    )


def verify(
    session: Session,
    job: Job = NO_JOB,
    anchors: Sequence[Anchor] = (),
) -> AuditProblem | None:
    """The first problem of the chain (an event altered or removed, an empty or shortened trail,
    a history that no longer holds an anchor), or None when it is intact. ``anchors``: those of
    returns given by the caller, checked with the database's own. ``job``: progress; it only
    reads, so a cancel (``Cancelled``) stops it anywhere."""
    job.check()
    total = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    if total == 0 and _used(session):
        return AuditProblem(None, EMPTY)
    key = key_store.key_in(session, key_store.AUDIT)
    mac = Mac(key) if key is not None else None
    keyed_from, problem = _keyed_start(session, mac)
    if problem is not None:
        return problem
    points: dict[int, list[Anchor]] = {}
    for point in (*recorded_anchors(session), *anchors):
        points.setdefault(point.length, []).append(point)
    prev = GENESIS
    last_id = 0
    keyed = False
    sealed_by_key = False  # the key event says the head is sealed (not only the setting)
    count = 0
    # Plain rows, not ORM objects: a trail of hundreds of thousands of events is read here.
    columns = [getattr(AuditEvent, c) for c in ("id", *_FIELDS, "prev_hash", "hash")]
    events = session.execute(select(*columns).order_by(AuditEvent.id)).yield_per(5000)
    for count, event in enumerate(events, start=1):
        if not keyed and keyed_from is not None and event.id >= keyed_from:
            if event.id != keyed_from or event.action != KEY_EVENT:
                return AuditProblem(keyed_from, NO_START)
            keyed = True
        if event.prev_hash != prev:
            return AuditProblem(event.id, REMOVED)
        message = _message(prev, event.at, event)
        digest = mac.hexdigest(message) if keyed and mac is not None else _unkeyed(message)
        if digest != event.hash:
            return AuditProblem(event.id, ALTERED)
        if keyed and event.id == keyed_from:
            sealed_by_key = _key_event_seals_heads(event.after)
        for point in points.get(count, ()):
            if point.head != event.hash:
                return _anchor_problem(REWRITTEN, point, count)
        prev = event.hash
        last_id = event.id
        if count % 2000 == 0:
            job.progress(count, total)
            job.check()
    if keyed_from is not None and not keyed:
        return AuditProblem(keyed_from, NO_START)
    for length in sorted(points, reverse=True):
        if length > count:
            return _anchor_problem(SHORTER, points[length][0], count)
    head, length, head_id, head_hash = _head(session)
    if head is None and last_id:
        return AuditProblem(last_id, NO_HEAD)
    if head is not None and (length, head_id, head_hash) != (count, last_id, prev):
        return AuditProblem(head_id, REMOVED_AFTER)
    if head is not None and keyed and mac is not None:
        # Cutting the newest events and rewriting the head to match needs the key now.
        seal = _stored_seal(head)
        must = seal or sealed_by_key or _heads_sealed(session)
        if must and seal != _head_seal(mac, length, head_id, head_hash):
            return AuditProblem(head_id, HEAD_ALTERED)
    return None


def history(session: Session, table: str, record_id: object) -> list[AuditEvent]:
    """The events of one record, oldest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.table_name == table, AuditEvent.record_id == str(record_id))
            .order_by(AuditEvent.id)
        )
    )


def record_bulk(
    session: Session,
    actor: Any,
    action: str,
    table: str,
    rows: list[tuple[object, Mapping[str, Any] | None, Mapping[str, Any] | None]],
) -> None:
    """Append one event per ``(record_id, before, after)`` in one bulk insert (imports)."""
    record_texts(
        session,
        actor,
        action,
        table,
        ((record_id, canonical(before), canonical(after)) for record_id, before, after in rows),
    )


def record_texts(
    session: Session,
    actor: Any,
    action: str,
    table: str,
    rows: Iterable[tuple[object, str | None, str | None]],
) -> int:
    """Like ``record_bulk`` with ``before`` and ``after`` already in their ``canonical()`` text
    (callers writing hundreds of thousands of events build it faster). Returns the count."""
    mac = _mac(session)
    head, length, _last, prev = _head(session, lock=True)
    _still_allowed(session, actor)
    at = utcnow()
    user_id = getattr(actor, "id", None) or None
    username = getattr(actor, "username", "") or ""
    # What every event of the batch shares, between the previous hash and the record id
    # (see _message, whose result this must equal).
    middle = "\x1f".join(
        [at.astimezone(dt.UTC).isoformat(timespec="microseconds"), str(user_id or ""),
         username, action, table]
    )  # fmt: skip
    events = cast(Table, AuditEvent.__table__)
    at_bound = binder(session, events, "at")(at)
    inner_copy, outer_copy = mac.inner.copy, mac.outer.copy
    count = 0

    def chained() -> Iterator[tuple[Any, ...]]:
        nonlocal prev, count
        for record_id, before, after in rows:
            rid = str(record_id)
            inner = inner_copy()
            inner.update(f"{prev}\x1f{middle}\x1f{rid}\x1f{before or ''}\x1f{after or ''}".encode())
            outer = outer_copy()
            outer.update(inner.digest())
            digest = outer.hexdigest()
            yield (at_bound, user_id, username, action, table, rid, before, after, prev, digest)
            prev = digest
            count += 1

    columns = ("at", "user_id", "username", "action", "table_name", "record_id", "before",
               "after", "prev_hash", "hash")  # fmt: skip
    insert_rows(session, events, columns, chained())
    if not count:
        return 0
    last_id = session.scalars(select(AuditEvent.id).where(AuditEvent.hash == prev)).one()
    _set_head(session, head, length + count, last_id, prev, mac)
    session.flush()
    return count
