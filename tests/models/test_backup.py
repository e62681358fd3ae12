"""Backups: online, encrypted, checked copies; rotation (restores: test_restore_backup.py)."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import func, select

from models import backup as bk
from models.database import SCHEMA_HEAD, Database, raw_key
from models.demo import load_demo
from models.entities import AuditEvent, Returnee
from models.errors import Refused
from models.jobs import Cancelled, Job
from models.office_setup import initialise
from models.users import Actor, create_user


def _office(db: Database) -> Actor:
    _office, actor = initialise(
        db, code="BKO", name="Bureau de Bamako", country="MLI", admin="admin", password="pw-admin-1"
    )
    return actor


@pytest.fixture
def key() -> str:
    return raw_key(secrets.token_hex(32))


@pytest.fixture
def filled(tmp_path: Path, key: str):  # type: ignore[no-untyped-def]
    """An encrypted database with 150 demo cases and its administrator."""
    (tmp_path / "live").mkdir()
    db = Database.sqlite(tmp_path / "live" / "rgm.db", key).open()
    actor = _office(db)
    load_demo(db, actor, cases=150, seed=4)
    yield db, actor
    db.close()


def _names(db: Database) -> list[str]:
    with db.reading() as s:
        return sorted(s.scalars(select(Returnee.family_name)))


def _count(path: Path, key: str) -> int:
    other = Database.sqlite(path, key)
    try:
        with other.reading() as s:
            return int(s.scalar(select(func.count()).select_from(Returnee)) or 0)
    finally:
        other.close()


def test_backup_while_another_connection_reads_is_complete_checked_and_encrypted(
    filled: tuple[Database, Actor], tmp_path: Path, key: str
) -> None:
    db, admin = filled
    names = _names(db)
    reader = sqlcipher3.connect(str(tmp_path / "live" / "rgm.db"), isolation_level=None)
    reader.execute(f'PRAGMA key = "{key}"')
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM returnees").fetchone()[0] == 150
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        # the reader's transaction stays open during the whole copy; it ends with the copy,
        # before the backup is recorded in the audit trail (a write)
        assert reader.in_transaction
        seen.append((done, total))
        if done == total:
            reader.execute("ROLLBACK")

    try:
        info = bk.backup(db, admin, tmp_path / "out" / "copy.db", job=Job(progress=progress))
    finally:
        reader.close()
    assert info.path.exists() and info.size == info.path.stat().st_size > 0
    assert info.revision == SCHEMA_HEAD
    assert seen and seen[-1][0] == seen[-1][1]
    left = [p.name for p in (tmp_path / "out").glob(".*") if p.name != ".rgm-backups.lock"]
    assert not left, "a temporary file was left behind"
    assert _count(info.path, key) == 150
    raw = info.path.read_bytes().lower()
    assert raw[:16] != b"sqlite format 3\x00"
    for name in {n for n in names if len(n) >= 5}:
        assert name.lower().encode() not in raw, f"{name} readable in the backup"
    with db.reading() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None and last.action == "backup" and last.username == "admin"
    assert "copy.db" in (last.after or "")


def test_a_write_committed_during_the_copy_is_not_half_in_it(
    filled: tuple[Database, Actor], tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer starts mid-copy: it does not wait (WAL), and the copy is the database as it was
    when the copy started."""
    db, admin = filled
    monkeypatch.setattr(bk, "_PAGES_PER_STEP", 4)
    writer: list[threading.Thread] = []
    steps: list[int] = []
    committed = threading.Event()

    def write() -> None:
        create_user(db, admin, "late", "late-password-1", ["viewer"])
        committed.set()

    def progress(done: int, total: int) -> None:
        steps.append(done)
        if not writer:
            writer.append(threading.Thread(target=write))
            writer[0].start()
            # the writer commits in the middle of the copy, without waiting for it
            assert committed.wait(20), "the writer waited for the copy"

    info = bk.backup(db, admin, tmp_path / "copy.db", job=Job(progress=progress))
    writer[0].join(30)
    assert len(steps) > 3, "the copy went in several steps"
    assert steps == sorted(steps), "the copy never restarted"
    assert bk.check(info.path, key) == SCHEMA_HEAD
    copy = Database.sqlite(info.path, key)
    try:
        from models.users import list_users

        assert {a.username for a, *_ in list_users(copy)} == {"admin"}
        assert "late" in {a.username for a, *_ in list_users(db)}
    finally:
        copy.close()
    assert _count(info.path, key) == 150


def test_backup_is_for_administrators_only(filled: tuple[Database, Actor], tmp_path: Path) -> None:
    db, admin = filled
    viewer = create_user(db, admin, "victor", "victor-password", ["viewer", "registrar"])
    with pytest.raises(Refused, match="administrator"):
        bk.backup(db, viewer, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_a_backup_never_replaces_the_database_itself(
    filled: tuple[Database, Actor], tmp_path: Path, key: str
) -> None:
    db, admin = filled
    live = tmp_path / "live" / "rgm.db"
    with pytest.raises(Refused, match="over the database itself"):
        bk.backup(db, admin, tmp_path / "live" / ".." / "live" / "rgm.db")
    assert bk.check(live, key) == SCHEMA_HEAD and _count(live, key) == 150


def test_cancelled_backup_leaves_nothing(filled: tuple[Database, Actor], tmp_path: Path) -> None:
    db, admin = filled
    with pytest.raises(Cancelled, match="cancelled"):
        bk.backup(db, admin, tmp_path / "copy.db", job=Job(cancelled=lambda: True))
    assert list(tmp_path.glob("*copy.db*")) == []


def test_rotation_keeps_the_newest_automatic_backups(tmp_path: Path) -> None:
    for day in range(1, 11):
        (tmp_path / f"rgm-auto-BKO-202611{day:02d}-080000.db").write_bytes(b"x")
    (tmp_path / "rgm-BKO-20261101-080000.db").write_bytes(b"manual")
    removed = bk.rotate(tmp_path, keep=3)
    assert len(removed) == 7
    assert [p.name for p in bk.automatic_backups(tmp_path)] == [
        "rgm-auto-BKO-20261108-080000.db",
        "rgm-auto-BKO-20261109-080000.db",
        "rgm-auto-BKO-20261110-080000.db",
    ]
    assert (tmp_path / "rgm-BKO-20261101-080000.db").exists(), "manual backups are never rotated"


def test_auto_backup_only_when_the_last_one_is_old_enough(
    filled: tuple[Database, Actor], tmp_path: Path, key: str
) -> None:
    db, _admin = filled
    folder = tmp_path / "backups"
    start = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    first = bk.auto_backup(db, folder, keep=2, now=start)
    assert first is not None and first.path.name == "rgm-auto-BKO-20261101-080000.db"
    assert bk.check(first.path, key) == SCHEMA_HEAD
    assert bk.auto_backup(db, folder, keep=2, now=start + dt.timedelta(hours=23)) is None
    for days in (1, 2, 3):
        assert bk.auto_backup(db, folder, keep=2, now=start + dt.timedelta(days=days))
    assert [p.name for p in bk.automatic_backups(folder)] == [
        "rgm-auto-BKO-20261103-080000.db",
        "rgm-auto-BKO-20261104-080000.db",
    ]


def test_postgresql_backups_are_the_servers_job(db: Database, admin: Actor, tmp_path: Path) -> None:
    # The Backups tab asks the same question (no folder of backups on a server).
    assert bk.backs_up(db) == (db.engine.url.get_backend_name() == "sqlite")
    if db.dialect == "sqlite":
        info = bk.backup(db, admin, tmp_path / "copy.db")
        assert info.size > 0
        return
    with pytest.raises(Refused, match="pg_dump"):
        bk.backup(db, admin, tmp_path / "copy.db")
    assert bk.auto_backup(db, tmp_path) is None
    assert not list(tmp_path.iterdir())


def test_what_a_killed_backup_left_is_removed_by_the_next_one(
    filled: tuple[Database, Actor], tmp_path: Path
) -> None:
    db, admin = filled
    folder = tmp_path / "backups"
    folder.mkdir()
    left = folder / ".rgm-BKO-20261130-080000.db.0badf00d.rgm-part"
    left.write_bytes(b"\x00" * 4096)
    Path(f"{left}-journal").write_bytes(b"\x00" * 512)
    other = folder / ".notes.txt.part"  # not ours: kept
    other.write_text("x")
    bk.backup(db, admin, folder / "copy.db")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".notes.txt.part",
        ".rgm-backups.lock",
        "copy.db",
    ]
    # An automatic backup that is not due yet removes them too.
    left.write_bytes(b"\x00")
    start = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    assert bk.auto_backup(db, folder, now=start) is not None
    left.write_bytes(b"\x00")
    assert bk.auto_backup(db, folder, now=start + dt.timedelta(hours=1)) is None
    assert not left.exists()


def test_one_backup_at_a_time_writes_into_a_folder(
    filled: tuple[Database, Actor], tmp_path: Path
) -> None:
    db, admin = filled
    with bk._folder(tmp_path) as ours:
        assert ours
        with pytest.raises(Refused, match="another backup is being written"):
            bk.backup(db, admin, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    bk.backup(db, admin, tmp_path / "copy.db")
