"""A database's keys belong to the database, not to the path it was opened through: moved, opened
through a link or from another path, it finds the same keys, and never gets a second one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import secrets
from desktop.app_context import AppContext
from desktop.signing import ensure_signing_key
from models import office_keys
from models.entities import Setting
from models.errors import Unusable
from models.office_setup import initialise


def _no_prompt(*_args: object) -> str:
    raise AssertionError("the key was not found: a passphrase was asked for")


@pytest.fixture
def made(tmp_path: Path, _memory_keyring, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    """A database made by the program with a secure keyring (its key is random, in it)."""
    monkeypatch.delenv("RGM_DB_PASSPHRASE", raising=False)
    path = tmp_path / "first" / "rgm.db"
    app = AppContext(db_path=str(path), ask=_no_prompt)
    db = app.create_database()
    initialise(db, code="BKO", name="Bamako", country="MLI", admin="admin", password="admin-pw-1")
    app.close()
    return path


def _open(path: Path | str) -> AppContext:
    return AppContext(db_path=str(path), ask=_no_prompt)


def test_a_moved_database_opens_with_its_key_and_its_own_keys(made: Path, tmp_path: Path) -> None:
    app = _open(made)
    db = app.database()
    agreement_key = ensure_signing_key(db)
    office = office_keys.office_key(db)
    app.close()
    moved = tmp_path / "elsewhere" / "renamed.db"
    moved.parent.mkdir()
    shutil.move(made, moved)
    app = _open(moved)
    db = app.database()
    assert ensure_signing_key(db) == agreement_key
    assert office_keys.office_key(db).fingerprint == office.fingerprint
    with db.reading() as s:
        from models import audit

        assert audit.verify(s) is None
    app.close()


def test_through_a_link_or_a_relative_path_the_keys_are_the_same(
    made: Path, tmp_path: Path, monkeypatch
) -> None:
    app = _open(made)
    key = ensure_signing_key(app.database())
    app.close()
    link = tmp_path / "link.db"
    link.symlink_to(made)
    monkeypatch.chdir(made.parent)
    for path in (link, Path("rgm.db"), Path("..") / "first" / "rgm.db"):
        app = _open(path)
        assert ensure_signing_key(app.database()) == key, path
        app.close()


def test_an_agreement_key_of_the_previous_version_is_adopted(
    made: Path, tmp_path: Path, _memory_keyring
) -> None:
    """The previous version kept the key under the office code and the path as typed."""
    earlier = os.urandom(32)
    typed = str(made.parent / "." / made.name)
    _memory_keyring.set_password(secrets.SERVICE, f"signing-key:BKO@{typed}", earlier.hex())
    app = _open(typed)
    assert ensure_signing_key(app.database()) == earlier
    app.close()
    link = tmp_path / "link.db"
    link.symlink_to(made)
    app = _open(link)  # another path, as the previous version would have made a second key
    assert ensure_signing_key(app.database()) == earlier
    app.close()


def test_a_key_in_the_database_of_the_previous_version_is_adopted(made: Path) -> None:
    app = _open(made)
    db = app.database()
    earlier = os.urandom(32)
    with db.transaction() as s:
        s.add(Setting(key="signing_key", value=earlier.hex()))
    assert ensure_signing_key(db) == earlier
    with db.reading() as s:
        assert s.get(Setting, "signing_key") is None
    app.close()


def test_a_key_missing_from_the_keyring_is_reported_never_replaced(
    made: Path, _memory_keyring
) -> None:
    app = _open(made)
    db = app.database()
    ensure_signing_key(db)
    with db.reading() as s:
        dbid = office_keys.database_id(s)
        kept = s.scalars(select(Setting.value).where(Setting.key.like("key.%"))).all()
    assert kept and all(v.startswith("keyring:") for v in kept)  # not in the database
    app.close()
    # Another computer: the database key is typed in, the keyring has none of its keys.
    for service, name in list(_memory_keyring.store):
        if name.endswith(dbid):
            del _memory_keyring.store[(service, name)]
    before = dict(_memory_keyring.store)
    app = _open(made)
    with pytest.raises(Unusable, match="keyring"):
        app.database()
    assert _memory_keyring.store == before, "a second key was made"
    app.close()


def test_without_a_secure_keyring_the_keys_are_inside_the_database(
    tmp_path: Path, monkeypatch
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("RGM_DB_PASSPHRASE", "a long passphrase")
    path = tmp_path / "p.db"
    app = AppContext(db_path=str(path))
    db = app.create_database()
    initialise(db, code="BKO", name="Bamako", country="MLI", admin="admin", password="admin-pw-1")
    key = ensure_signing_key(db)
    app.close()
    moved = tmp_path / "moved.db"
    path.rename(moved)
    app = AppContext(db_path=str(moved))
    db = app.database()
    assert ensure_signing_key(db) == key
    with db.reading() as s:
        kept = s.scalars(select(Setting.value).where(Setting.key.like("key.%"))).all()
    assert len(kept) == 2 and all(v.startswith("database:") for v in kept)
    app.close()


def test_a_database_key_kept_by_path_alone_learns_the_file_salt_and_survives_a_move(
    made: Path, tmp_path: Path, _memory_keyring
) -> None:
    """The previous version kept the database key under the resolved path only."""
    for service, name in list(_memory_keyring.store):
        if name.startswith("db-key:salt:"):
            del _memory_keyring.store[(service, name)]
    app = _open(made)
    app.database()  # found by path, as before; the file's salt is remembered now
    app.close()
    assert any(n.startswith("db-key:salt:") for _s, n in _memory_keyring.store)
    moved = tmp_path / "moved.db"
    made.rename(moved)
    app = _open(moved)
    assert app.database().office() is not None
    app.close()


def test_a_server_keeps_its_keys_in_itself_for_every_workstation(
    db, admin, _memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    """A secure keyring on this workstation: a local file's new keys go to it; a server's stay
    in the server, where the other workstations find them."""
    office_keys.use_key_store(secrets.KEYRING)
    office_keys.office_key(db)
    agreement = ensure_signing_key(db)
    with db.reading() as s:
        kept = dict(
            s.execute(select(Setting.key, Setting.value).where(Setting.key.like("key.%"))).all()
        )
    where = "database:" if db.dialect == "postgresql" else "keyring:"
    assert set(kept) == {"key.audit", "key.office", "key.agreement"}
    assert kept["key.office"].startswith(where) and kept["key.agreement"].startswith(where)
    if db.dialect == "postgresql":
        assert kept["key.audit"].startswith("database:")
        # another workstation (its own, empty keyring) uses the same keys
        _memory_keyring.store.clear()
        from models.database import Database

        other = Database.server(db.engine.url)
        try:
            assert ensure_signing_key(other) == agreement
        finally:
            other.close()
