"""The database's identity and where its keys are kept: the audit chain's HMAC key, the
office's signing key and the agreement key (the bytes; ``models.office_keys`` builds on them).

Every database has a random identity, the setting ``database_id``, made when its schema is
created or upgraded. It names the database's keys in the OS keyring, so a database opened
through another path, moved or copied still finds them (a path never identifies a database).

A key is kept in the keyring when the process has a secure one (``use_key_store``, set by
desktop/) and the database is a local file; otherwise inside the database itself (the encrypted
SQLite file, or the office's server, which every workstation shares). The database records
where each key is, with its fingerprint (setting ``key.<kind>``): a key missing from this
computer's keyring is reported, never silently replaced by a second one.

This module sits below the audit trail (which reads its chain key here); the operations that
record their work in the trail (``ensure``, ``office_key``) are in ``models.office_keys``.
"""

from __future__ import annotations

import hashlib
import secrets
import weakref
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

from models.entities import Setting
from models.errors import Unusable
from models.i18n import N_

if TYPE_CHECKING:
    from models.database import Database

DATABASE_ID = "database_id"
AUDIT, OFFICE, AGREEMENT = "audit", "office", "agreement"
KINDS = (AUDIT, OFFICE, AGREEMENT)
_IN_DB, _IN_STORE = "database", "keyring"

_MISSING = {
    AUDIT: N_(
        "the audit key of this database is kept in the keyring of the computer that made it, "
        "and this computer's keyring does not have it"
    ),
    OFFICE: N_(
        "the office's signing key is kept in the keyring of the computer that made it, and this "
        "computer's keyring does not have it"
    ),
    AGREEMENT: N_(
        "the agreement key of this database is kept in the keyring of the computer that made "
        "it, and this computer's keyring does not have it"
    ),
}
_OTHER = N_(
    "this computer's keyring holds another key for this database than the one it was made "
    "with; nothing was replaced"
)


class KeyStore(Protocol):
    """A place apart from the database for its keys (the OS keyring)."""

    def get(self, name: str) -> str | None:
        """The value stored under ``name``, or None (also when there is no secure store)."""

    def put(self, name: str, value: str) -> bool:
        """Store ``value`` under ``name``; False when there is no secure store."""


class _InDatabase:
    """No store apart: keys are kept inside the database."""

    def get(self, name: str) -> str | None:
        return None

    def put(self, name: str, value: str) -> bool:
        return False


IN_DATABASE: KeyStore = _InDatabase()
_default: list[KeyStore] = [IN_DATABASE]


def use_key_store(store: KeyStore | None) -> None:
    """Where this process keeps the keys of the local databases it opens (None: inside them)."""
    _default[0] = store or IN_DATABASE


def store_of(db: Database) -> KeyStore:
    return db.keys or _default[0]


def fingerprint(key: bytes) -> str:
    """A short public name of a key (a hash: it reveals nothing of the key)."""
    return hashlib.sha256(b"rgm-key\x00" + key).hexdigest()[:16]


def entry_name(kind: str, database_id: str) -> str:
    """The name of a key in the keyring: its kind and the database's identity."""
    return f"{kind}-key:{database_id}"


# -- identity -------------------------------------------------------------------------------------


def new_database_id() -> str:
    return secrets.token_hex(16)


def database_id(session: Session) -> str:
    row = session.get(Setting, DATABASE_ID)
    if row is None:
        raise Unusable(N_("this database has lost its identity (the setting database_id)"))
    return row.value


def lock_identity(session: Session) -> str:
    """The database's identity, its row locked: key creations of two processes take turns."""
    row = session.get(Setting, DATABASE_ID, with_for_update=True)
    if row is None:  # a schema made before identities: it gets one now
        row = Setting(key=DATABASE_ID, value=new_database_id())
        session.add(row)
        session.flush()
    return row.value


# -- keys -----------------------------------------------------------------------------------------

_cache: weakref.WeakKeyDictionary[Database, dict[str, tuple[str, bytes]]] = (
    weakref.WeakKeyDictionary()
)


def _record_key(kind: str) -> str:
    return f"key.{kind}"


def _database_of(session: Session) -> Database:
    db = session.info.get("database")
    if db is None:  # every session comes from Database; a bare one cannot reach the keyring
        raise RuntimeError("a session that is not from models.database.Database")
    return db  # type: ignore[no-any-return]


def key_in(session: Session, kind: str) -> bytes | None:
    """The key of ``kind`` of the session's database, or None when it has none yet."""
    row = session.get(Setting, _record_key(kind))
    if row is None:
        return None
    db = _database_of(session)
    known = _cache.setdefault(db, {}).get(kind)
    if known is not None and known[0] == row.value:
        return known[1]
    where, _, rest = row.value.partition(":")
    if where == _IN_DB:
        key = bytes.fromhex(rest)
    else:
        stored = store_of(db).get(entry_name(kind, database_id(session)))
        if not stored:
            raise Unusable(_MISSING[kind])
        key = bytes.fromhex(stored)
        if fingerprint(key) != rest:
            raise Unusable(_OTHER)
    _cache[db][kind] = (row.value, key)
    return key


def keep(session: Session, kind: str, key: bytes) -> str:
    """Store a new key (keyring when secure, else the database) and record where; returns
    ``"keyring"`` or ``"database"``. The caller holds the identity's row lock."""
    db = _database_of(session)
    store = store_of(db)
    name = entry_name(kind, database_id(session))
    existing = store.get(name)
    if existing and bytes.fromhex(existing) != key:
        # A key of this database already in the keyring but not recorded in it: never a second.
        raise Unusable(_OTHER)
    if store.put(name, key.hex()):
        session.add(Setting(key=_record_key(kind), value=f"{_IN_STORE}:{fingerprint(key)}"))
        where = _IN_STORE
    else:
        session.add(Setting(key=_record_key(kind), value=f"{_IN_DB}:{key.hex()}"))
        where = _IN_DB
    session.flush()
    return where


def where_kept(session: Session, kind: str) -> str | None:
    """``"keyring"``, ``"database"``, or None when the database has no such key yet."""
    row = session.get(Setting, _record_key(kind))
    return None if row is None else row.value.partition(":")[0]


def adopt(session: Session, kind: str, key: bytes) -> bytes:
    """Record ``key`` as the database's key of ``kind`` (made before keys had a home here)."""
    lock_identity(session)
    current = key_in(session, kind)
    if current is not None:
        return current
    keep(session, kind, key)
    return key


def make(session: Session, kind: str, length: int = 32) -> tuple[bytes, bool]:
    """The key of ``kind``, made now when the database has none; (key, made now)."""
    lock_identity(session)
    current = key_in(session, kind)
    if current is not None:
        return current, False
    key = secrets.token_bytes(length)
    keep(session, kind, key)
    return key, True


__all__ = [
    "AGREEMENT",
    "AUDIT",
    "DATABASE_ID",
    "IN_DATABASE",
    "KINDS",
    "KeyStore",
    "OFFICE",
    "adopt",
    "database_id",
    "entry_name",
    "fingerprint",
    "keep",
    "key_in",
    "lock_identity",
    "make",
    "new_database_id",
    "store_of",
    "use_key_store",
    "where_kept",
]
