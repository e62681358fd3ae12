"""The encrypted SQLite file at the DB-API level: SQLCipher's key notation and keyed connections.

Free of SQLAlchemy on purpose: the window derives a passphrase's key (~100 ms of PBKDF2) on a
thread while the rest of the program loads, and ``Database.sqlite`` adopts that connection.
"""

from __future__ import annotations

import os
import threading
from typing import Any

# What every connection to the file is opened with (SQLAlchemy's engine uses the same).
CONNECT_ARGS: dict[str, Any] = {"check_same_thread": False, "timeout": 30}


def raw_key(key_hex: str) -> str:
    """SQLCipher's notation for a raw 256-bit key (no key derivation on each connection)."""
    return f"x'{key_hex}'"


def quoted(key: str) -> str:
    """``key`` as the value of ``PRAGMA key`` (quoted as SQLAlchemy's SQLCipher dialect does)."""
    return '"' + key.replace('"', '""') + '"'


def connect(path: str | os.PathLike[str]) -> Any:
    """A new connection to the file, not yet keyed."""
    import sqlcipher3

    return sqlcipher3.connect(os.fspath(path), **CONNECT_ARGS)


def open_keyed(path: str | os.PathLike[str], key: str) -> Any:
    """A connection keyed with ``key`` and checked by reading the schema (the key derivation
    happens here). A wrong key or a file that is not a database raises ``sqlcipher3.DatabaseError``
    and leaves nothing open."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quoted(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


# Descriptors of database files read by ``read_head``, by (device, inode), never closed: on POSIX
# closing *any* descriptor of a file drops every lock this process holds on it (fcntl), the
# SQLite locks of its open connections included, so another process could then write, or
# checkpoint and delete the WAL, under them.
_HELD: dict[tuple[int, int], int] = {}
_HELD_LOCK = threading.Lock()


def read_head(path: str | os.PathLike[str], size: int = 16) -> bytes:
    """The first ``size`` bytes of a database file (its salt), read without ever closing a
    descriptor of it while this process may hold SQLite locks on it (see ``_HELD``)."""
    if os.name != "posix":  # LockFileEx locks belong to their own handle: closing is harmless
        with open(path, "rb") as fh:
            return fh.read(size)
    with _HELD_LOCK:
        st = os.stat(path)
        fd = _HELD.get((st.st_dev, st.st_ino))
        if fd is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            opened = os.fstat(fd)  # the file may have been replaced between stat and open
            _HELD[(opened.st_dev, opened.st_ino)] = fd
        return os.pread(fd, size, 0)
