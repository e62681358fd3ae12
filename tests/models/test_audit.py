from sqlalchemy import delete, select, update

from models import audit
from models.database import Database
from models.entities import AuditEvent
from models.users import Actor


def test_every_change_is_chained_and_verified(db: Database, admin: Actor, new_user) -> None:
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [e.action for e in events][:2] == ["user.create", "office.create"]
        assert any(e.action == "user.create" and "rita" in (e.after or "") for e in events)
        assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
        assert audit.verify(s) is None


def test_an_altered_event_is_reported(db: Database, admin: Actor, new_user) -> None:
    new_user("rita", "registrar")
    with db.transaction() as s:
        target = s.scalars(select(AuditEvent).where(AuditEvent.after.like("%rita%"))).one()
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.id == target.id)
            .values(after='{"username": "mallory"}')
        )
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and problem.event_id == target.id and "altered" in problem.text("en")


def test_a_removed_event_is_reported(db: Database, admin: Actor, new_user) -> None:
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    with db.reading() as s:
        ids = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    with db.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and problem.event_id == ids[2]
    # Removing the newest events is caught by the chain head.
    with db.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id >= ids[1]))
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "removed" in problem.text("en")
