"""Shared fixtures: a real database (encrypted SQLite file, or PostgreSQL), users, a keyring.

``db`` runs each test on SQLite and, when ``RGM_TEST_DATABASE_URL`` points at a PostgreSQL
server (CI starts one), on PostgreSQL too: a fresh database per test, copied from a migrated
template. With ``RGM_REQUIRE_POSTGRES=1`` a missing server fails instead of skipping.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from argon2 import PasswordHasher
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, make_url, text

import models.users
from models.database import Database, raw_key
from models.i18n import set_language
from models.office_setup import initialise
from models.users import Actor, create_user, list_users


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring that forgets everything when the tests end."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[MemoryKeyring]:
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _keys_inside_databases() -> Iterator[None]:
    """Each test starts with a database's own keys kept inside it (an AppContext sends them to
    the keyring, as the program does)."""
    from models import office_keys

    office_keys.use_key_store(None)
    yield
    office_keys.use_key_store(None)


@pytest.fixture(autouse=True)
def _english_and_fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English unless a test asks otherwise; cheap password hashes (the real
    parameters are checked by a test of their own)."""
    set_language("en")
    monkeypatch.setattr(
        models.users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
    monkeypatch.setattr(models.users, "_DUMMY", models.users._hasher.hash("x"))


_PG_TEMPLATE: dict[str, str] = {}


def _postgres_url() -> str | None:
    url = os.environ.get("RGM_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("RGM_REQUIRE_POSTGRES") == "1":
            pytest.fail("RGM_REQUIRE_POSTGRES=1 but RGM_TEST_DATABASE_URL is not set")
        pytest.skip("no PostgreSQL server (set RGM_TEST_DATABASE_URL)")
    return url


def _pg_admin(url: str):  # type: ignore[no-untyped-def]
    base = make_url(url).set(drivername="postgresql+psycopg", database="postgres")
    return create_engine(base, isolation_level="AUTOCOMMIT")


def _pg_database(url: str) -> Database:
    admin = _pg_admin(url)
    if "name" not in _PG_TEMPLATE:
        name = f"rgm_tpl_{uuid.uuid4().hex[:8]}"
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        tpl = Database.server(make_url(url).set(database=name))
        tpl.open()
        tpl.close()
        _PG_TEMPLATE["name"] = name
    name = f"rgm_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_PG_TEMPLATE["name"]}"'))
    admin.dispose()
    db = Database.server(make_url(url).set(database=name))
    db.open()
    db._pg_name = name  # type: ignore[attr-defined]
    return db


def _drop_pg(url: str, db: Database) -> None:
    db.close()
    admin = _pg_admin(url)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{db._pg_name}" WITH (FORCE)'))  # type: ignore[attr-defined]
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database at the current schema: an encrypted SQLite file, or PostgreSQL."""
    if request.param == "sqlite":
        database = Database.sqlite(tmp_path / "test.db", raw_key(secrets.token_hex(32))).open()
        yield database
        database.close()
    else:
        url = _postgres_url()
        assert url
        database = _pg_database(url)
        yield database
        _drop_pg(url, database)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    """SQLite only (for tests of SQLite-specific behaviour)."""
    database = Database.sqlite(tmp_path / "test.db", raw_key(secrets.token_hex(32))).open()
    yield database
    database.close()


ADMIN_PASSWORD = "admin-password"


@pytest.fixture
def admin(db: Database) -> Actor:
    """``db`` with its office (BKO, Mali, XOF) and first administrator set up."""
    _office, actor = initialise(
        db,
        code="BKO",
        name="Bureau de Bamako",
        country="MLI",
        admin="admin",
        password=ADMIN_PASSWORD,
    )
    return actor


def make_user(db: Database, username: str, *roles: str, by: Actor | None = None) -> Actor:
    """Add a user with ``roles`` (password ``<username>-password``)."""
    if by is None:
        by = next(a for a, _active, _locked in list_users(db) if a.username == "admin")
    return create_user(db, by, username, f"{username}-password", roles or ("viewer",))


@pytest.fixture
def users(db: Database, admin: Actor) -> dict[str, Actor]:
    """One user per role besides the admin: registrar, approver, finance, viewer."""
    return {
        "admin": admin,
        "registrar": make_user(db, "rita", "registrar"),
        "approver": make_user(db, "abdou", "approver"),
        "finance": make_user(db, "fanta", "finance"),
        "viewer": make_user(db, "victor", "viewer"),
    }


@pytest.fixture
def new_user(db: Database, admin: Actor):  # type: ignore[no-untyped-def]
    """``new_user("name", "role", ...)`` adds a user to ``db``."""
    return lambda username, *roles: make_user(db, username, *roles, by=admin)
