"""The key that makes agreement verification codes.

Kept in the OS keyring when a secure one exists. Otherwise it is kept inside the encrypted
database (never in a plain-text file), so that the codes still verify on this database.
"""

from __future__ import annotations

import secrets as _random

from sqlalchemy import select

from desktop import secrets
from models.database import Database
from models.entities import Office, Setting

_SETTING = "signing_key"


def _identity(db: Database) -> str:
    with db.reading() as s:
        code = s.scalars(select(Office.code)).first() or ""
    return f"{code}@{db.label}"


def ensure_signing_key(db: Database) -> bytes:
    """The signing key of this database, made on first use."""
    identity = _identity(db)
    key = secrets.signing_key(identity)
    if key:
        return key
    with db.transaction() as s:
        row = s.get(Setting, _SETTING, with_for_update=True)
        if row is not None:
            return bytes.fromhex(row.value)
        made = secrets.new_signing_key(identity)
        if made is not None:
            return made
        key = _random.token_bytes(32)
        s.add(Setting(key=_SETTING, value=key.hex()))
        return key
