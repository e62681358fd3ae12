"""Restore: administrators only, the copy checked fully before anything is replaced, another key
or office refused (or re-keyed / confirmed), never while another user has the database open."""

from __future__ import annotations

import secrets
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import backup as bk
from models import db_lock
from models.audit import verify
from models.database import SCHEMA_HEAD, Database, raw_key
from models.demo import load_demo
from models.entities import AuditEvent, Returnee
from models.errors import Refused, Unusable
from models.office_setup import current_office, initialise
from models.users import Actor, authenticate, create_user, list_users

PASSWORD = "pw-admin-1"


def _database(path: Path, key: str, code: str = "BKO", cases: int = 0) -> tuple[Database, Actor]:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database.sqlite(path, key).open()
    _office, actor = initialise(
        db, code=code, name=f"Bureau {code}", country="MLI", admin="admin", password=PASSWORD
    )
    if cases:
        load_demo(db, actor, cases=cases, seed=4)
    return db, actor


@pytest.fixture
def key() -> str:
    return raw_key(secrets.token_hex(32))


@pytest.fixture
def live(tmp_path: Path, key: str) -> Iterator[tuple[Database, Actor, Path]]:
    """The live database (60 demo cases), its administrator and a backup of it."""
    db, admin = _database(tmp_path / "live" / "rgm.db", key, cases=60)
    saved = bk.backup(db, admin, tmp_path / "saved" / "rgm-BKO.db").path
    yield db, admin, saved
    db.close()


def _usernames(db: Database) -> set[str]:
    return {a.username for a, *_ in list_users(db)}


def _beside(db: Database) -> list[str]:
    """The files beside the database (its WAL files aside: they come and go with connections)."""
    return sorted(
        p.name for p in Path(db.label).parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    )


def _bytes(db: Database) -> bytes:
    """The database file once every committed page is in it (WAL checkpointed)."""
    with db.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(db.label).read_bytes()


def test_restore_brings_the_data_back_and_the_same_database_object_reads_it(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    db, admin, saved = live
    create_user(db, admin, "after", "after-password-1", ["viewer"])

    info = bk.restore(db, admin, saved)

    assert info.path == Path(db.label) and info.kept_aside is not None
    assert info.kept_aside.name.startswith("rgm.db.before-restore-")
    assert info.revision_before == info.revision_after == SCHEMA_HEAD
    assert saved.exists(), "the backup itself is kept"
    # ``db`` was closed for the restore; using it again reads the restored file.
    assert _usernames(db) == {"admin"}
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 60
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last is not None and last.action == "restore" and last.username == "admin"
        assert verify(s) is None
    aside = Database.sqlite(info.kept_aside, key)
    try:
        assert "after" in _usernames(aside)
    finally:
        aside.close()


def test_two_restores_in_the_same_second_keep_both_files_aside(
    live: tuple[Database, Actor, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, admin, saved = live
    monkeypatch.setattr(bk, "stamp", lambda now=None: "20261130-120000")
    first = bk.restore(db, admin, saved).kept_aside
    second = bk.restore(db, admin, saved).kept_aside
    assert first and second and first != second and first.exists() and second.exists()
    assert second.name == "rgm.db.before-restore-20261130-120000-2"


def test_restore_is_for_administrators_only(live: tuple[Database, Actor, Path]) -> None:
    db, admin, saved = live
    before = _bytes(db)
    for roles in (["viewer"], ["registrar", "approver", "finance"]):
        user = create_user(db, admin, f"u{len(roles)}", "user-password-1", roles)
        before = _bytes(db)
        with pytest.raises(Refused, match="needs the role administrator"):
            bk.restore(db, user, saved)
        assert _bytes(db) == before
    assert _beside(db) == ["rgm.db", "rgm.db.lock"]


def test_a_backup_under_another_key_is_refused_or_rekeyed_with_its_passphrase(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    db, admin, _saved = live
    other, other_admin = _database(tmp_path / "other" / "rgm.db", "another passphrase")
    create_user(other, other_admin, "from-other", "other-password-1", ["viewer"])
    theirs = bk.backup(other, other_admin, tmp_path / "theirs.db").path
    other.close()
    before = _bytes(db)

    with pytest.raises(bk.OtherKey, match="does not open with this database's key"):
        bk.restore(db, admin, theirs)
    with pytest.raises(Unusable, match="passphrase given either"):
        bk.restore(db, admin, theirs, backup_key="not the passphrase")
    assert _bytes(db) == before
    assert _beside(db) == ["rgm.db", "rgm.db.lock"]

    bk.restore(db, admin, theirs, backup_key="another passphrase")
    # Re-keyed: the database's own key opens it, the backup's passphrase does not.
    assert bk.check(Path(db.label), key) == SCHEMA_HEAD
    with pytest.raises(Unusable):
        bk.check(Path(db.label), "another passphrase")
    assert "from-other" in _usernames(db)
    assert bk.check(theirs, "another passphrase") == SCHEMA_HEAD, "the backup is untouched"


def test_another_offices_backup_needs_a_confirmation(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    db, admin, _saved = live
    other, other_admin = _database(tmp_path / "dkr" / "rgm.db", key, code="DKR")
    theirs = bk.backup(other, other_admin, tmp_path / "dkr.db").path
    other.close()
    before = _bytes(db)
    with pytest.raises(bk.OtherOffice, match=r"of office DKR \(Bureau DKR\), not .* office BKO"):
        bk.restore(db, admin, theirs)
    assert _bytes(db) == before
    assert _beside(db) == ["rgm.db", "rgm.db.lock"]
    bk.restore(db, admin, theirs, other_office=True)
    office = current_office(db)
    assert office is not None and office.code == "DKR"


def _plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE office (code TEXT, name TEXT)")
    conn.execute("INSERT INTO office VALUES ('BKO', 'Bureau')")
    conn.commit()
    conn.close()


def _no_office(path: Path, key: str) -> None:
    conn = bk._connect(path, key)
    conn.execute("CREATE TABLE keepsake (note TEXT)")
    conn.execute("INSERT INTO keepsake VALUES ('from before')")
    conn.close()


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x10]) + data[at + 1 :]


BAD = {
    "empty": (lambda saved, key, out: out.write_bytes(b""), "is empty"),
    "random": (lambda saved, key, out: out.write_bytes(secrets.token_bytes(65536)),
               "does not open with this database's key"),
    "text": (lambda saved, key, out: out.write_text("just some notes\n" * 200), "does not open"),
    "truncated": (lambda saved, key, out: out.write_bytes(saved.read_bytes()[: 4096 * 7 + 100]),
                  "damaged"),
    "half": (lambda saved, key, out: out.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2]),
             "damaged"),
    "bit flipped": (lambda saved, key, out: out.write_bytes(
        _flip(saved.read_bytes(), saved.stat().st_size // 2)), "damaged"),
    "plain sqlite": (lambda saved, key, out: _plain_sqlite(out), "not encrypted"),
    "no office": (lambda saved, key, out: _no_office(out, key), "holds no office"),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(BAD))
def test_an_unusable_file_changes_nothing_and_says_why_in_one_line(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str, kind: str
) -> None:
    db, admin, saved = live
    make, expected = BAD[kind]
    bad = tmp_path / f"{kind}.db"
    make(saved, key, bad)
    before = _bytes(db)
    with pytest.raises(Unusable) as raised:
        bk.restore(db, admin, bad)
    message = str(raised.value)
    assert expected in message and str(bad) in message and "\n" not in message
    assert _bytes(db) == before
    assert _beside(db) == ["rgm.db", "rgm.db.lock"]
    assert _usernames(db) == {"admin"}, "the database still works"


def test_a_backup_from_a_newer_program_is_refused(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    db, admin, saved = live
    newer = tmp_path / "newer.db"
    shutil.copyfile(saved, newer)
    conn = bk._connect(newer, key)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _bytes(db)
    with pytest.raises(Unusable, match="newer than this program"):
        bk.restore(db, admin, newer)
    assert _bytes(db) == before


def test_a_backup_of_an_older_schema_is_upgraded(
    live: tuple[Database, Actor, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This program is one revision ahead of the backup: the restored copy is upgraded."""
    import models.database

    db, admin, saved = live
    migrations = tmp_path / "migrations"
    shutil.copytree(models.database._MIGRATIONS, migrations)
    (migrations / "versions" / "9000_test_next.py").write_text(
        f'''"""a later revision"""
import sqlalchemy as sa
from alembic import op

revision = "9000_test_next"
down_revision = "{SCHEMA_HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("keepsake", sa.Column("note", sa.Text()))


def downgrade() -> None:
    op.drop_table("keepsake")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(models.database, "_MIGRATIONS", migrations)
    monkeypatch.setattr(models.database, "SCHEMA_HEAD", "9000_test_next")
    info = bk.restore(db, admin, saved)
    assert (info.revision_before, info.revision_after) == (SCHEMA_HEAD, "9000_test_next")
    assert db.revision() == "9000_test_next"
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 60


def test_refused_while_another_user_has_the_database_open(
    live: tuple[Database, Actor, Path], key: str
) -> None:
    """Another ``Database`` on the file (what another window or command holds) is another user,
    even idle, even in this process; once it is closed the restore goes ahead."""
    db, admin, saved = live
    create_user(db, admin, "after", "after-password-1", ["viewer"])
    other = Database.sqlite(db.label, key).open()
    before = _bytes(db)
    with pytest.raises(Refused, match="in use by another window or command"):
        bk.restore(db, admin, saved)
    assert _bytes(db) == before
    assert "after" in _usernames(other), "the other user goes on, on the same file"
    other.close()
    bk.restore(db, admin, saved)
    assert _usernames(db) == {"admin"}


def test_opening_waits_for_a_restore_then_gives_up_with_one_line(
    live: tuple[Database, Actor, Path], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _admin, _saved = live
    db.close()
    restoring = db_lock.DatabaseLock(db.label)
    restoring.exclusive()
    monkeypatch.setattr(db_lock, "WAIT_SECONDS", 0.3)
    with pytest.raises(Unusable, match="being restored by another window or command"):
        Database.sqlite(db.label, key)
    # A restore that ends while the other waits: the other opens the file then.
    monkeypatch.setattr(db_lock, "WAIT_SECONDS", 30)
    threading.Timer(0.3, restoring.release).start()
    opened = Database.sqlite(db.label, key)
    try:
        assert _usernames(opened) == {"admin"}
    finally:
        opened.close()


def test_what_an_interrupted_restore_left_is_removed_when_the_file_is_next_opened(
    live: tuple[Database, Actor, Path], key: str
) -> None:
    db, admin, saved = live
    folder = Path(db.label).parent
    left = folder / ".rgm.db.0badf00d.restore"
    shutil.copyfile(saved, left)
    Path(f"{left}-journal").write_bytes(b"\x00" * 512)
    # Someone has the file open: a restore could be running; nothing is touched.
    again = Database.sqlite(db.label, key)
    assert left.exists()
    again.close()
    db.close()
    # Nobody has it open: what was left is from an interrupted restore.
    reopened = Database.sqlite(db.label, key)
    try:
        assert _beside(reopened) == ["rgm.db", "rgm.db.lock"]
    finally:
        reopened.close()
    # And a restore removes them before it starts.
    shutil.copyfile(saved, left)
    bk.restore(db, admin, saved)
    assert not left.exists()


def test_with_no_database_yet_an_administrator_of_the_backup_restores_it(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    _db, _admin, saved = live
    target = tmp_path / "new" / "rgm.db"
    fresh = Database.sqlite(target, key)
    with pytest.raises(Refused, match="wrong user name or password"):
        bk.restore(fresh, lambda d: authenticate(d, "admin", "not-the-password"), saved)
    assert not target.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["rgm.db.lock"]
    info = bk.restore(fresh, lambda d: authenticate(d, "admin", PASSWORD), saved)
    assert info.kept_aside is None and info.revision_after == SCHEMA_HEAD
    try:
        assert _usernames(fresh) == {"admin"}
    finally:
        fresh.close()


def test_a_server_database_is_restored_with_the_servers_tools(
    db: Database, admin: Actor, tmp_path: Path
) -> None:
    if db.dialect == "sqlite":
        pytest.skip("a server only")
    (tmp_path / "x.db").write_bytes(b"x" * 100)
    with pytest.raises(Refused, match="pg_dump"):
        bk.restore(db, admin, tmp_path / "x.db")


def test_a_file_whose_lock_cannot_be_written_beside_it_still_opens_for_reading(
    live: tuple[Database, Actor, Path], tmp_path: Path, key: str
) -> None:
    """(A backup on a read-only stick: root ignores file modes, so the lock's place is taken.)"""
    _db, _admin, saved = live
    stick = tmp_path / "stick"
    stick.mkdir()
    copy = stick / saved.name
    shutil.copyfile(saved, copy)
    Path(f"{copy}.lock").mkdir()
    opened = Database.sqlite(copy, key)
    try:
        assert opened.lock is not None and opened.lock.mode == "unlocked"
        assert _usernames(opened) == {"admin"}
    finally:
        opened.close()
