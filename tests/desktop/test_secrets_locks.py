"""Reading the database's salt must not drop this process's SQLite locks on the file: on POSIX,
closing any descriptor of a file releases every fcntl lock the process holds on it (#11)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop import secrets
from models.database import Database

pytestmark = pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc/locks")


def held(path: Path) -> int:
    """The POSIX locks this process holds on ``path`` (from /proc/locks)."""
    st = os.stat(path)
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    count = 0
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields[:2]:
            continue  # a waiter
        if fields[1] == "POSIX" and fields[4] == str(os.getpid()) and fields[5] == inode:
            count += 1
    return count


def test_reading_the_salt_keeps_the_sqlite_locks_of_the_open_database(tmp_path: Path) -> None:
    path = tmp_path / "rgm.db"
    db = Database.sqlite(path, "a long passphrase").open()
    try:
        with db.reading() as s:
            s.connection().exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            before = held(path)
            assert before > 0  # the open read transaction (and WAL's shared lock)
            assert secrets._salt_identity(path) is not None
            assert secrets._salt_identity(path) == secrets._salt_identity(path)
            assert held(path) == before
    finally:
        db.close()
