"""A database of schema 0001 (unkeyed chain) is upgraded: its old events still verify, the chain
is keyed from the audit.key event on, and a change on either side of it is caught."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from models import audit
from models.database import Database, raw_key
from models.entities import AuditEvent, Office, Setting
from models.users import create_user


def _legacy_hash(prev: str, e: AuditEvent) -> str:
    parts = [prev, e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
             str(e.user_id or ""), e.username, e.action, e.table_name, e.record_id,
             e.before or "", e.after or ""]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database left at schema 0001 by the previous version, with three unkeyed events."""
    if request.param == "sqlite":
        db = Database.sqlite(tmp_path / "old.db", raw_key(secrets.token_hex(32)))
        admin = None
    else:
        from tests.conftest import _postgres_url

        url = _postgres_url()
        assert url
        admin = create_engine(
            make_url(url).set(drivername="postgresql+psycopg", database="postgres"),
            isolation_level="AUTOCOMMIT",
        )
        name = f"rgm_old_{uuid.uuid4().hex[:8]}"
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        db = Database.server(make_url(url).set(database=name))
    db.upgrade("0001")
    with db.transaction() as s:
        s.add(Office(code="BKO", name="Bamako", country="MLI", language="fr", currency="XOF"))
        prev = audit.GENESIS
        at = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
        for i in range(3):
            e = AuditEvent(at=at + dt.timedelta(minutes=i), username="admin", action="user.create",
                           table_name="users", record_id=str(i + 1), after=f'{{"n": {i}}}',
                           prev_hash=prev)  # fmt: skip
            e.hash = _legacy_hash(prev, e)
            s.add(e)
            s.flush()
            prev = e.hash
        s.add(Setting(key="audit_head", value=f"{e.id}:{prev}"))
    yield db
    db.close()
    if admin is not None:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reopen(db: Database) -> Database:
    db.open()
    return db


def test_the_old_events_still_verify_and_the_new_ones_are_keyed(old_db: Database) -> None:
    db = _reopen(old_db)
    assert db.revision() == db.head()
    admin = create_user(db, None, "admin", "admin-password", ["admin"])
    create_user(db, admin, "rita", "rita-password", ["registrar"])
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["user.create"] * 3 + ["audit.key"] + [
            "user.create"
        ] * 2
        marker = events[3]
        assert '"unkeyed_events_before": 3' in (marker.after or "")
        assert s.get(Setting, "audit_keyed_from").value.startswith(f"{marker.id}:")
        assert s.get(Setting, "audit_head").value.startswith("6:")
        assert s.get(Setting, "database_id").value
        assert audit.verify(s) is None
        # from the marker on, SHA-256 alone no longer makes the hashes
        assert events[4].hash != _legacy_hash(events[4].prev_hash, events[4])
    # Opening again changes nothing: one marker, one key.
    db.open()
    with db.reading() as s:
        assert s.query(AuditEvent).filter_by(action="audit.key").count() == 1


def test_a_rewritten_old_event_breaks_the_chain_at_the_marker(old_db: Database) -> None:
    db = _reopen(old_db)
    with db.transaction() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        events[1].after = '{"n": 99}'
        prev = audit.GENESIS
        for e in events[:3]:  # the old part recomputed: SHA-256 needs no key
            e.prev_hash = prev
            e.hash = _legacy_hash(prev, e)
            s.flush()
            prev = e.hash
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and problem.event_id == events[3].id
    assert "removed" in problem.text("en")
