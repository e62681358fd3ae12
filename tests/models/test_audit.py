import datetime as dt
import json

from sqlalchemy import delete, select, update

from models import audit, office_keys
from models.database import Database
from models.entities import AuditEvent, Setting
from models.office_setup import initialise
from models.users import Actor, create_user


def test_every_change_is_chained_and_verified(db: Database, admin: Actor, new_user) -> None:
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    with db.reading() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        # the chain is keyed from its first event, audit.key, recorded when the database was made
        assert [e.action for e in events][:3] == ["audit.key", "user.create", "office.create"]
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


# -- the holes of issue #11: a wiped, rewritten or shortened trail must not pass ---------------


def _rehash_unkeyed(db: Database) -> None:
    """What someone holding only the database key does: rewrite the whole chain with SHA-256
    (the algorithm is public) and point the chain head at the new last event."""
    import hashlib

    from models.entities import Setting

    with db.transaction() as s:
        prev = "0" * 64
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        for e in events:
            parts = [prev, e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                     str(e.user_id or ""), e.username, e.action, e.table_name, e.record_id,
                     e.before or "", e.after or ""]  # fmt: skip
            e.prev_hash = prev
            e.hash = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
            s.flush()
            prev = e.hash
        for row in s.scalars(select(Setting).where(Setting.key.like("audit%"))):
            if row.key == "audit_head":
                fields = row.value.split(":")
                fields[-1] = prev
                fields[-2] = str(events[-1].id)
                row.value = ":".join(fields)


def test_a_wiped_trail_is_reported(db: Database, admin: Actor, new_user) -> None:
    from models.entities import Setting

    new_user("rita", "registrar")
    with db.transaction() as s:
        s.execute(delete(AuditEvent))
        s.execute(delete(Setting).where(Setting.key.like("audit%")))
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "empty" in problem.text("en")


def test_an_edited_event_with_every_hash_recomputed_is_reported(
    db: Database, admin: Actor, new_user
) -> None:
    new_user("rita", "registrar")
    with db.transaction() as s:
        s.execute(
            update(AuditEvent)
            .where(AuditEvent.after.like("%rita%"))
            .values(after='{"username": "mallory"}')
        )
    _rehash_unkeyed(db)
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "altered" in problem.text("en")


def test_a_shortened_trail_is_caught_by_an_anchor(db: Database, admin: Actor, new_user) -> None:
    """Cutting the newest events and moving the head back needs no key: only an anchor kept
    outside the database (a submitted return) catches it."""
    with db.reading() as s:
        point = audit.anchor(s)
        kept_head = s.get(Setting, "audit_head").value  # the sealed head, copied then
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    with db.reading() as s:
        later = audit.anchor(s)
        assert later.length == point.length + 2 and audit.verify(s, anchors=[later]) is None
    with db.transaction() as s:
        s.execute(delete(AuditEvent).where(AuditEvent.id > _id_at(s, point.length)))
        s.get(Setting, "audit_head").value = kept_head  # a rollback to a head seen before
    with db.reading() as s:
        assert audit.verify(s) is None  # consistent in itself...
        problem = audit.verify(s, anchors=[audit.Anchor(later.length, later.head, "2026-10")])
    assert problem is not None and "fewer than the" in problem.text("en")
    assert "2026-10" in problem.text("en")


def _id_at(s, position: int) -> int:  # type: ignore[no-untyped-def]
    return s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[position - 1]


def test_a_rewritten_history_does_not_hold_its_anchor(db: Database, admin: Actor, new_user) -> None:
    """Whoever holds the audit key too can recompute every HMAC; the anchor still differs."""
    new_user("rita", "registrar")
    with db.reading() as s:
        now = audit.anchor(s)
        point = audit.Anchor(now.length, now.head, month="2026-10", source="BKO-2026-10.xlsx")
    with db.transaction() as s:
        target = s.scalars(select(AuditEvent).where(AuditEvent.after.like("%rita%"))).one()
        target.after = '{"username": "mallory"}'
        s.flush()
        _rechain_with_key(s)
    with db.reading() as s:
        assert audit.verify(s) is None
        problem = audit.verify(s, anchors=[point])
    assert problem is not None and "rewritten" in problem.text("en")
    assert "BKO-2026-10.xlsx" in problem.text("en")


def _rechain_with_key(s) -> None:  # type: ignore[no-untyped-def]
    from models import office_keys

    mac = audit.Mac(office_keys.key_in(s, office_keys.AUDIT))
    keyed = False
    prev = audit.GENESIS
    events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    for e in events:
        keyed = keyed or e.action == "audit.key"
        e.prev_hash = prev
        message = audit._message(prev, e.at, e)
        e.hash = mac.hexdigest(message) if keyed else audit._unkeyed(message)
        s.flush()
        prev = e.hash
    seal = audit._head_seal(mac, len(events), events[-1].id, prev)  # the key seals the head too
    s.get(Setting, "audit_head").value = f"{len(events)}:{events[-1].id}:{prev}:{seal}"


def test_submitted_anchors_are_kept_and_checked_by_the_database_itself(
    db: Database, admin: Actor, new_user
) -> None:
    new_user("rita", "registrar")
    with db.transaction() as s:
        audit.keep_anchor(s, audit.anchor(s), "return.submit", "2026-10")
    new_user("abdou", "approver")
    with db.transaction() as s:
        _rechain_with_key(s)  # nothing changed: the same hashes
    with db.reading() as s:
        assert audit.verify(s) is None
    with db.transaction() as s:
        s.execute(update(AuditEvent).where(AuditEvent.after.like("%rita%")).values(after="{}"))
        _rechain_with_key(s)
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "2026-10" in problem.text("en")


def test_the_mark_where_the_keyed_part_starts_cannot_be_moved(
    db: Database, admin: Actor, new_user
) -> None:
    new_user("rita", "registrar")
    with db.transaction() as s:
        row = s.get(Setting, "audit_keyed_from")
        first, seal, mark = row.value.split(":")
        row.value = f"{int(first) + 1}:{seal}:{mark}"
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "keyed audit chain" in problem.text("en")
    with db.transaction() as s:
        s.execute(delete(Setting).where(Setting.key == "audit_keyed_from"))
    with db.reading() as s:
        assert audit.verify(s) is not None


def test_the_hmac_is_the_standard_one() -> None:
    import hashlib
    import hmac

    for key in (b"k" * 32, b"", b"x" * 100):
        mac = audit.Mac(key)
        for message in (b"", b"abc", "é\x1f".encode() * 50):
            assert mac.hexdigest(message) == hmac.new(key, message, hashlib.sha256).hexdigest()


def test_bulk_events_are_keyed_like_single_ones(db: Database, admin: Actor) -> None:
    from models import office_keys

    with db.transaction() as s:
        audit.record_texts(s, admin, "case.register", "cases", [(1, None, "{}"), (2, None, "{}")])
    with db.reading() as s:
        mac = audit.Mac(office_keys.key_in(s, office_keys.AUDIT))
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.hash == mac.hexdigest(audit._message(last.prev_hash, last.at, last))
        assert last.hash != audit._unkeyed(audit._message(last.prev_hash, last.at, last))
        assert audit.verify(s) is None
        assert audit.anchor(s).length == s.query(AuditEvent).count()


# -- the head is sealed with the chain's key (#11: cut tail + rewritten head passed) -----------


def _cut_tail(db: Database, keep: int, head: str | None = None) -> None:
    """Delete every event after the ``keep``-th and write the head to match, as someone holding
    only the database key can: unsealed (``head`` None) or with the given seal."""
    with db.transaction() as s:
        ids = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
        last = s.get(AuditEvent, ids[keep - 1])
        s.execute(delete(AuditEvent).where(AuditEvent.id > last.id))
        value = f"{keep}:{last.id}:{last.hash}"
        s.get(Setting, "audit_head").value = value if head is None else f"{value}:{head}"


def test_a_cut_tail_with_its_head_rewritten_is_caught(db: Database, admin: Actor, new_user) -> None:
    with db.reading() as s:
        keep = audit.anchor(s).length
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    with db.reading() as s:
        assert s.get(Setting, "audit_head").value.count(":") == 3  # sealed
        assert audit.verify(s) is None and not audit.unsealed_head(s)
    _cut_tail(db, keep)
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "does not carry its seal" in problem.text("en")
    _cut_tail(db, keep, head="0" * 64)
    with db.reading() as s:
        problem = audit.verify(s)
    assert problem is not None and "does not carry its seal" in problem.text("en")


def test_stripping_the_start_mark_does_not_pass_a_cut_tail_for_a_previous_version(
    db: Database, admin: Actor, new_user
) -> None:
    """#11 re-check: the head mark sat in a setting anyone with the database key can edit; cut
    the tail, write the head unsealed and drop the start mark's third field, and verify said
    "intact". The chain's own key event (keyed, in the middle of the chain) now says heads are
    sealed."""
    with db.reading() as s:
        keep = audit.anchor(s).length
    new_user("rita", "registrar")
    new_user("abdou", "approver")
    _cut_tail(db, keep)
    with db.transaction() as s:
        start = s.get(Setting, "audit_keyed_from")
        start.value = start.value.rsplit(":", 1)[0]
        head = s.get(Setting, "audit_head")
        head.value = head.value.split(":", 1)[1]  # the oldest form: "<id>:<hash>"
    with db.reading() as s:
        problem = audit.verify(s)
        assert problem is not None and "does not carry its seal" in problem.text("en")
        assert not audit.unsealed_head(s)


def test_a_previous_versions_unsealed_head_is_accepted_then_sealed(
    db: Database,
) -> None:
    # the previous version: its key event (the only event of a new database) did not say that
    # heads are sealed; written again as that version wrote it, with the chain's key
    with db.transaction() as s:
        (event,) = s.scalars(select(AuditEvent)).all()
        assert event.action == audit.KEY_EVENT and "heads_sealed" in (event.after or "")
        content = json.loads(event.after or "{}")
        del content["heads_sealed"]
        event.after = audit.canonical(content)
        mac = audit.Mac(office_keys.key_in(s, office_keys.AUDIT) or b"")
        event.hash = mac.hexdigest(audit._message(event.prev_hash, event.at, event))
        s.get(Setting, "audit_head").value = f"1:{event.id}:{event.hash}:" + audit._head_seal(
            mac, 1, event.id, event.hash
        )
    with db.reading() as s:
        assert audit.verify(s) is None
    admin = initialise(
        db, code="BKO", name="Bureau de Bamako", country="MLI", admin="admin",
        password="Adm1n-pass-word",
    )[1]  # fmt: skip

    def new_user(name: str, role: str) -> None:
        create_user(db, admin, name, "Us3r-pass-word", {role})

    new_user("rita", "registrar")
    # what the previous version left: a head without seal, a start mark without the head mark
    with db.transaction() as s:
        head = s.get(Setting, "audit_head")
        head.value = head.value.rsplit(":", 1)[0]
        start = s.get(Setting, "audit_keyed_from")
        start.value = start.value.rsplit(":", 1)[0]
    with db.reading() as s:
        assert audit.verify(s) is None and audit.unsealed_head(s)
        keep = audit.anchor(s).length
    new_user("abdou", "approver")  # the next change seals the head and marks the chain
    with db.reading() as s:
        assert audit.verify(s) is None and not audit.unsealed_head(s)
        assert s.get(Setting, "audit_head").value.count(":") == 3
        assert s.get(Setting, "audit_keyed_from").value.count(":") == 2
    # from then on an unsealed head is no longer taken for a previous version's
    _cut_tail(db, keep)
    with db.reading() as s:
        problem = audit.verify(s)
        assert problem is not None and "does not carry its seal" in problem.text("en")
        assert not audit.unsealed_head(s)
