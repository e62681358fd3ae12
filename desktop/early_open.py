"""Opening the encrypted database on a thread while the window's modules load.

A passphrase given at launch (``RGM_DB_PASSPHRASE``) costs ~100 ms of key derivation before the
first page of the file can be read. That work runs in C without the GIL, so it is started here,
before Qt and SQLAlchemy are imported, and ``AppContext.database()`` adopts the connection. A key
from the keyring is a raw key (nothing to derive) and a passphrase typed in a dialog is not known
yet: both take the usual path. Any failure here (wrong passphrase, not a database) is left for
the usual path to report with its own message. The file's shared lock (``models.db_lock``) is
taken before the connection is opened, so that no restore replaces the file in between; it is let
go once the database holds its own (``release``).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any


class EarlyOpen:
    """One keyed connection to ``path``, being opened on a thread."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self._key = key
        self._connection: Any = None
        self._lock: Any = None
        self._thread = threading.Thread(target=self._open, name="rgm-early-open", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, path: Path | None) -> EarlyOpen | None:
        """Starts opening ``path`` when the file exists and a passphrase was given at launch."""
        key = os.environ.get("RGM_DB_PASSPHRASE")
        if path is None or key is None or not path.is_file():
            return None
        return cls(path, key)

    def _open(self) -> None:
        from models.db_lock import DatabaseLock
        from models.sqlcipher import open_keyed

        try:
            self._lock = DatabaseLock(self.path)
            self._lock.shared()
            self._connection = open_keyed(self.path, self._key)
        except Exception:  # noqa: BLE001 - the usual path opens the file again and says why
            self._connection = None

    def take(self, path: Path, key: str) -> Any:
        """The opened connection if it is of ``path`` with ``key`` (else None); given once."""
        self._thread.join()
        connection, self._connection = self._connection, None
        if connection is not None and (path.resolve() != self.path.resolve() or key != self._key):
            connection.close()
            return None
        return connection

    def release(self) -> None:
        """Let go of the lock taken for the connection (the database now holds its own)."""
        self._thread.join()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close(self) -> None:
        self._thread.join()
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.release()
