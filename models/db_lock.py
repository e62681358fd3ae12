"""Who has an SQLite database open: a shared lock for every user, an exclusive one to replace it.

Every process that opens the file holds a shared lock on ``<file>.lock`` beside it
(``Database.sqlite`` takes it before its first connection and again after ``close()``). Whatever
replaces the file (a restore) takes the exclusive lock without waiting, so it is refused while
another window or command has the database open, instead of swapping the file under them (their
later writes would go to the old file and be lost). A process that opens the file while the
exclusive lock is free first removes what an interrupted replacement left beside it.

The lock is advisory (``flock`` on POSIX, ``LockFileEx`` on Windows, through portalocker) and
belongs to the open lock file, so two ``Database`` objects of one process count as two users.
It is named after the real file (``canonical``: symlinks resolved), so the database opened
through a symlink or another spelling of its path is one database with one lock; a file with
more than one hard link (names the lock cannot see) is refused (``refuse_hard_links``).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import IO

import portalocker

from models.errors import Refused, Unusable
from models.i18n import N_

IN_USE = N_("the database {path} is in use by another window or command: close it, then try again")
BEING_REPLACED = N_(
    "the database {path} is being restored by another window or command; try again in a moment"
)

HARD_LINKED = N_(
    "the database file {path} has {n} names (hard links): another name would not see that this "
    "one is in use or restored; keep one name (remove the other links) and try again"
)

# How long opening the database waits for a restore to finish before giving up.
WAIT_SECONDS = 60.0
_POLL = 0.05


def canonical(path: Path) -> Path:
    """The real file of ``path``: absolute, symlinks resolved, ``..`` and ``.`` removed."""
    return Path(os.path.realpath(path))


def refuse_hard_links(database: Path) -> None:
    """Refuse a database file that has other names than this one (``Unusable``)."""
    try:
        links = os.stat(database).st_nlink
    except OSError:
        return  # not created yet
    if links > 1:
        raise Unusable(HARD_LINKED, path=str(database), n=links)


def staging_glob(database: Path) -> str:
    """The names of the copies a restore prepares beside ``database`` (under the exclusive lock)."""
    return f".{database.name}.*.restore"


def remove_staging(database: Path) -> list[Path]:
    """Delete what interrupted restores left beside ``database``; the files removed. Only for a
    holder of the exclusive lock (or one that just found it free)."""
    removed = []
    for path in database.parent.glob(staging_glob(database)):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        removed.append(path)
    # A restore keeps the current file aside as a second name (a hard link) and then puts the
    # backup in its place; killed in between, the aside name is the live file itself.
    try:
        live = os.stat(database)
    except OSError:
        return removed
    if live.st_nlink > 1:
        for path in database.parent.glob(f"{database.name}.before-restore-*"):
            try:
                same = os.path.samestat(os.stat(path), live) and not path.is_symlink()
            except OSError:
                continue
            if same:
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


class DatabaseLock:
    """The lock file of one database, opened once; ``shared()`` and ``exclusive()`` take it."""

    def __init__(self, database: str | Path) -> None:
        self.database = canonical(Path(database))
        self.path = Path(f"{self.database}.lock")
        self.mode: str | None = None
        self._file: IO[bytes] | None = None
        self._mutex = threading.Lock()

    def _open(self) -> IO[bytes]:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a+b")
        return self._file

    def _try(self, flags: portalocker.LockFlags) -> bool:
        try:
            portalocker.lock(self._open(), flags | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.LockException:
            return False
        return True

    def shared(self, wait: float | None = None) -> None:
        """Hold the shared lock (at once unless a restore holds the exclusive one: then wait for
        it up to ``wait`` seconds). Safe to call again; it is then a no-op."""
        with self._mutex:
            if self.mode is not None:
                return
            try:
                self._open()
            except OSError:
                # A read-only folder (a backup on a locked stick): nothing can replace the file
                # there either, so it is read without the lock.
                self.mode = "unlocked"
                return
            if self._try(portalocker.LockFlags.EXCLUSIVE):
                # Nobody else has the file open: nothing is being restored, so whatever a
                # restore left here was interrupted.
                remove_staging(self.database)
                portalocker.unlock(self._open())  # a conversion is not atomic anyway
            deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
            while not self._try(portalocker.LockFlags.SHARED):
                if time.monotonic() >= deadline:
                    self._close()
                    raise Unusable(BEING_REPLACED, path=str(self.database))
                time.sleep(_POLL)
            self.mode = "shared"

    def exclusive(self) -> None:
        """Hold the exclusive lock, or refuse at once: someone else has the database open."""
        with self._mutex:
            if self.mode == "exclusive":
                return
            if self.mode == "shared":
                portalocker.unlock(self._open())
                self.mode = None
            if not self._try(portalocker.LockFlags.EXCLUSIVE):
                self._close()
                raise Refused(IN_USE, path=str(self.database))
            self.mode = "exclusive"

    def release(self) -> None:
        with self._mutex:
            self._close()

    def _close(self) -> None:
        if self._file is not None:
            if self.mode in ("shared", "exclusive"):
                portalocker.unlock(self._file)
            self._file.close()
            self._file = None
        self.mode = None
