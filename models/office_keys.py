"""The office's keys as the program uses them: the database's identity and audit key made
when it is opened (``ensure``), and the office's Ed25519 signing key pair for the monthly returns
(``office_key``), whose making is recorded in the audit trail.

Where keys are kept (keyring or database) and how they are read is ``models.key_store``; its names
are re-exported here for the callers of the key API.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from models import audit
from models.actors import SYSTEM
from models.entities import Setting
from models.key_store import (
    AGREEMENT,
    AUDIT,
    DATABASE_ID,
    IN_DATABASE,
    KINDS,
    OFFICE,
    KeyStore,
    adopt,
    database_id,
    entry_name,
    fingerprint,
    key_in,
    lock_identity,
    make,
    new_database_id,
    store_of,
    use_key_store,
    where_kept,
)
from models.key_store import keep as _keep
from models.permissions import check_now

if TYPE_CHECKING:  # cryptography is imported when a return is signed (start-up time)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from models.database import Database


def ensure(db: Database) -> None:
    """Give the database its identity and its audit key (run each time it is opened): the chain
    of an older database becomes keyed from here on (``models.audit.start_keyed_chain``)."""
    with db.reading() as s:
        if s.get(Setting, DATABASE_ID) is not None and not audit.needs_key(s):
            key_in(s, AUDIT)  # a key this computer's keyring lacks is said now, not at a change
            return
    with db.transaction() as s:
        lock_identity(s)
        if not audit.needs_key(s):
            return
        key = secrets.token_bytes(32)
        where = _keep(s, AUDIT, key)
        audit.start_keyed_chain(s, key, fingerprint(key), where)


# -- the office's signing key pair ----------------------------------------------------------------


@dataclass(frozen=True)
class OfficeKey:
    """The office's Ed25519 key pair: it signs the monthly returns; headquarters hold the public
    half (``public_bytes``) and check each return with it."""

    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return public_fingerprint(self.public_bytes)

    def sign(self, message: bytes) -> str:
        """The signature of ``message``, base64."""
        return base64.b64encode(self.private.sign(message)).decode("ascii")


@dataclass(frozen=True)
class OfficePublic:
    """The public half of the office's key: what anyone may see (its fingerprint)."""

    public_bytes: bytes

    @property
    def fingerprint(self) -> str:
        return public_fingerprint(self.public_bytes)


def office_public(db: Database) -> OfficePublic | None:
    """The office key's public half, for any user (None before the key was made)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    with db.reading() as s:
        raw = key_in(s, OFFICE)
    if raw is None:
        return None
    return OfficePublic(OfficeKey(Ed25519PrivateKey.from_private_bytes(raw)).public_bytes)


def public_fingerprint(public: bytes) -> str:
    """The fingerprint of an office's public key: SHA-256 of its 32 bytes, hex."""
    return hashlib.sha256(public).hexdigest()


def short_fingerprint(fingerprint_hex: str) -> str:
    """The fingerprint as people compare it: its first 32 hex digits in groups of four."""
    text = fingerprint_hex[:32].upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def office_key(db: Database, actor: object | None = None) -> OfficeKey:
    """The office's signing key pair, made on first use (the making is in the audit trail).
    A signed-in ``actor`` needs the right to sign for the office (``office.sign``: finance or
    an administrator, as the database holds them now); None: the program itself."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if getattr(actor, "id", None):
        check_now(db, actor, "office.sign")
    with db.reading() as s:
        raw = key_in(s, OFFICE)
    if raw is None:
        with db.transaction() as s:
            raw, made = make(s, OFFICE)
            if made:
                pair = OfficeKey(Ed25519PrivateKey.from_private_bytes(raw))
                audit.record(
                    s, actor or SYSTEM, "office.key", "office", "key", None,
                    {"fingerprint": pair.fingerprint, "kept_in": where_kept(s, OFFICE)},
                )  # fmt: skip
    return OfficeKey(Ed25519PrivateKey.from_private_bytes(raw))


__all__ = [
    "AGREEMENT",
    "AUDIT",
    "DATABASE_ID",
    "IN_DATABASE",
    "KINDS",
    "KeyStore",
    "OFFICE",
    "OfficeKey",
    "OfficePublic",
    "adopt",
    "database_id",
    "ensure",
    "entry_name",
    "fingerprint",
    "key_in",
    "lock_identity",
    "make",
    "new_database_id",
    "office_key",
    "office_public",
    "public_fingerprint",
    "short_fingerprint",
    "store_of",
    "use_key_store",
    "where_kept",
]
