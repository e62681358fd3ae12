"""One SQLite file and several connections: a reader during a write, a lock that does not come
(busy, never "wrong key"), the same file by another name, a file replaced underneath (#11)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import func, select

from models import database
from models.database import Database
from models.db_lock import DatabaseLock
from models.entities import Office
from models.errors import Refused, Unusable

KEY = "a long passphrase"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "office" / "rgm.db"
    path.parent.mkdir()
    db = Database.sqlite(path, KEY).open()
    with db.transaction() as s:
        s.add(Office(code="BKO", name="Bamako", country="MLI", language="fr", currency="XOF"))
    db.close()
    return path


def _writer(path: Path) -> sqlcipher3.Connection:
    """Another connection (as another process would be) in the middle of a write."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f'PRAGMA key = "{KEY}"')
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE office SET name = 'Bamako (being written)'")
    return conn


def test_the_file_is_in_wal_mode_and_a_reader_does_not_wait_for_a_writer(path: Path) -> None:
    writer = _writer(path)
    try:
        db = Database.sqlite(path, KEY, lock=False).open()
        with db.reading() as s:
            assert s.scalar(select(Office.name)) == "Bamako"  # the last committed state
            assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        db.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_write_that_cannot_get_the_lock_says_busy_not_wrong_key(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db = Database.sqlite(path, KEY, lock=False).open()
    writer = _writer(path)
    try:
        with pytest.raises(Unusable) as busy, db.transaction() as s:
            s.add(Office(code="XXX", name="x", country="MLI", language="fr", currency="XOF"))
        assert "is busy: another window or command is writing to it" in str(busy.value)
        assert busy.value.exit_code == 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        db.close()


def test_a_locked_file_at_opening_says_busy_not_wrong_key(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    holder = sqlcipher3.connect(str(path), isolation_level=None)
    holder.execute(f'PRAGMA key = "{KEY}"')
    holder.execute("PRAGMA journal_mode = DELETE")  # as a file of an older release is
    holder.execute("BEGIN EXCLUSIVE")  # readers too must wait (a commit in rollback mode)
    try:
        with pytest.raises(Unusable) as busy:
            Database.sqlite(path, KEY, lock=False).open()
        assert "is busy" in str(busy.value) and "wrong key" not in str(busy.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_symlink_and_the_real_name_share_one_lock(path: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(path)
    dotted = path.parent / ".." / path.parent.name / path.name
    db = Database.sqlite(link, KEY)
    try:
        assert db.label == str(path)
        for name in (path, dotted):
            with pytest.raises(Refused, match="in use by another window or command"):
                DatabaseLock(name).exclusive()
    finally:
        db.close()
    DatabaseLock(path).exclusive()


def test_a_file_with_another_hard_link_is_refused(path: Path, tmp_path: Path) -> None:
    os.link(path, tmp_path / "second-name.db")
    with pytest.raises(Unusable, match=r"has 2 names \(hard links\)"):
        Database.sqlite(path, KEY)
    DatabaseLock(path).exclusive()  # the refusal let go of the lock


def test_a_file_replaced_underneath_fails_the_next_transaction(path: Path, tmp_path: Path) -> None:
    db = Database.sqlite(path, KEY, lock=False).open()
    try:
        copy = tmp_path / "copy.db"
        shutil.copyfile(path, copy)
        os.replace(copy, path)
        for use in (db.transaction, db.reading):
            replaced = pytest.raises(Unusable, match="was replaced by another file while in use")
            with replaced, use() as s:
                s.scalar(select(func.count()).select_from(Office))
    finally:
        db.close()
    reopened = Database.sqlite(path, KEY, lock=False).open()  # closed and opened: the new file
    assert reopened.office() is not None
    reopened.close()
