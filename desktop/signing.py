"""The key that makes agreement verification codes: the database's agreement key
(``models.office_keys``), named by the database's identity, kept in the keyring when a secure one
exists, otherwise inside the encrypted database.

Before keys were tied to the database, this one was kept in the keyring under the office code
and the database's path as it was typed (``signing-key:BKO@/home/awa/rgm.db``), or in the
setting ``signing_key``: opening the database through another path, or after moving it, made a
second key, and genuine agreements then failed verification. Such an earlier key is adopted on
first open, so the agreements it made still verify; no key is ever made beside an existing one.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from desktop import secrets
from models import audit, office_keys
from models.database import Database
from models.entities import Office, Setting
from models.users import SYSTEM

_LEGACY_SETTING = "signing_key"


def legacy_names(db: Database, code: str) -> list[str]:
    """Where the previous version kept this database's key in the keyring: under the path as
    typed (absolute or not, through a link or not) or the server's address."""
    labels = [db.label]
    if db.dialect == "sqlite":
        labels += [os.path.abspath(db.label), str(Path(db.label).resolve())]
    names: list[str] = []
    for label in labels:
        name = f"signing-key:{code}@{label}"
        if name not in names:
            names.append(name)
    return names


def ensure_signing_key(db: Database) -> bytes:
    """The agreement key of this database: its own, an earlier one adopted, or a new one."""
    with db.reading() as s:
        key = office_keys.key_in(s, office_keys.AGREEMENT)
        code = s.scalars(select(Office.code)).first() or ""
    if key is not None:
        return key
    with db.transaction() as s:
        office_keys.lock_identity(s)  # another process may be making it right now
        key = office_keys.key_in(s, office_keys.AGREEMENT)
        if key is not None:
            return key
        row = s.get(Setting, _LEGACY_SETTING)
        earlier = bytes.fromhex(row.value) if row is not None else None
        if earlier is None:
            for name in legacy_names(db, code):
                found = secrets.KEYRING.get(name)
                if found:
                    earlier = bytes.fromhex(found)
                    break
        if earlier is not None:
            key = office_keys.adopt(s, office_keys.AGREEMENT, earlier)
            made = False
        else:
            key, made = office_keys.make(s, office_keys.AGREEMENT)
        if row is not None:
            s.delete(row)  # now recorded as the database's agreement key
        audit.record(
            s, SYSTEM, "agreement.key", "office", "agreement-key", None,
            {"fingerprint": office_keys.fingerprint(key), "made": made,
             "kept_in": office_keys.where_kept(s, office_keys.AGREEMENT)},
        )  # fmt: skip
        return key
