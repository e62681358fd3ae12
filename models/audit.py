"""The audit trail: recording every change and verifying that none was altered or removed.

Each event's hash covers its own content and the previous event's hash; the hash of the newest
event is also kept in the ``audit_head`` setting, so removing the last events is detected too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from models.entities import AuditEvent, Setting
from models.entities.base import utcnow
from models.i18n import N_, translate

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


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


def _digest(prev: str, at: dt.datetime, event: Any) -> str:
    """The hash of an event (an AuditEvent or a dict of its columns) chained to ``prev``."""
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
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def record(
    session: Session,
    actor: Any,
    action: str,
    table: str,
    record_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction."""
    head = session.get(Setting, HEAD_KEY, with_for_update=True)
    prev = head.value.split(":", 1)[1] if head else GENESIS
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
    event.hash = _digest(prev, at, event)
    session.add(event)
    session.flush()
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=f"{event.id}:{event.hash}"))
    else:
        head.value = f"{event.id}:{event.hash}"
    return event


def record_many(
    session: Session, actor: Any, action: str, table: str, rows: list[tuple[object, Any, Any]]
) -> None:
    """Append one event per ``(record_id, before, after)``, in order (bulk operations)."""
    for record_id, before, after in rows:
        record(session, actor, action, table, record_id, before, after)


@dataclass(frozen=True)
class AuditProblem:
    event_id: int | None
    message: str

    def text(self, lang: str | None = None) -> str:
        return translate(self.message, lang).format(id=self.event_id)


def verify(
    session: Session, progress: Callable[[int, int], None] | None = None
) -> AuditProblem | None:
    """The first event that was altered or removed, or None when the chain is intact."""
    total = session.query(AuditEvent).count()
    prev = GENESIS
    last_id = 0
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000)
    for done, event in enumerate(events, start=1):
        if event.prev_hash != prev:
            return AuditProblem(
                event.id, N_("audit event {id} does not follow the one before it (removed events)")
            )
        if _digest(prev, event.at, event) != event.hash:
            return AuditProblem(event.id, N_("audit event {id} was altered"))
        prev = event.hash
        last_id = event.id
        if progress and done % 2000 == 0:
            progress(done, total)
    head = session.get(Setting, HEAD_KEY)
    if head is not None and head.value != f"{last_id}:{prev}":
        return AuditProblem(
            int(head.value.split(":", 1)[0]),
            N_("audit event {id} and those after it were removed"),
        )
    if head is None and last_id:
        return AuditProblem(last_id, N_("the audit chain head is missing after event {id}"))
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
    from models.bulk import binder, insert_rows

    head = session.get(Setting, HEAD_KEY, with_for_update=True)
    prev = head.value.split(":", 1)[1] if head else GENESIS
    at = utcnow()
    user_id = getattr(actor, "id", None) or None
    username = getattr(actor, "username", "") or ""
    # What every event of the batch shares, between the previous hash and the record id
    # (see _digest, whose result this must equal).
    middle = "\x1f".join(
        [at.astimezone(dt.UTC).isoformat(timespec="microseconds"), str(user_id or ""),
         username, action, table]
    )  # fmt: skip
    events = cast(Table, AuditEvent.__table__)
    at_bound = binder(session, events, "at")(at)
    sha256 = hashlib.sha256
    count = 0

    def chained() -> Iterator[tuple[Any, ...]]:
        nonlocal prev, count
        for record_id, before, after in rows:
            rid = str(record_id)
            digest = sha256(
                f"{prev}\x1f{middle}\x1f{rid}\x1f{before or ''}\x1f{after or ''}".encode()
            ).hexdigest()
            yield (at_bound, user_id, username, action, table, rid, before, after, prev, digest)
            prev = digest
            count += 1

    columns = ("at", "user_id", "username", "action", "table_name", "record_id", "before",
               "after", "prev_hash", "hash")  # fmt: skip
    insert_rows(session, events, columns, chained())
    if not count:
        return 0
    last_id = session.scalars(select(AuditEvent.id).where(AuditEvent.hash == prev)).one()
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=f"{last_id}:{prev}"))
    else:
        head.value = f"{last_id}:{prev}"
    session.flush()
    return count
