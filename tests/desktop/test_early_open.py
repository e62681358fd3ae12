"""A passphrase given at launch is derived on a thread; the database adopts that connection."""

from __future__ import annotations

import threading

import keyring
import pytest
from keyring.backends import fail

from desktop.app_context import AppContext
from desktop.early_open import EarlyOpen
from models import sqlcipher
from models.errors import Unusable
from models.office_setup import current_office, initialise

PASSPHRASE = "early passphrase 1"


@pytest.fixture
def passphrase_db(tmp_path, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("RGM_DB_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "early.db"
    db = AppContext(db_path=str(path)).create_database()
    initialise(db, code="BKO", name="Bamako", country="MLI", admin="admin", password="admin-pw-1")
    db.close()
    return path


def test_the_connection_opened_at_launch_is_the_one_the_database_uses(
    passphrase_db, monkeypatch
) -> None:
    opened_here: list[str] = []
    connect = sqlcipher.connect

    def counting(path):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            opened_here.append(str(path))
        return connect(path)

    monkeypatch.setattr(sqlcipher, "connect", counting)
    early = EarlyOpen.start(passphrase_db)
    assert early is not None
    ctx = AppContext(db_path=str(passphrase_db), early=early)
    try:
        db = ctx.database()
        assert current_office(db).code == "BKO"
        assert opened_here == []  # the thread's connection was adopted: no second derivation
        with db.transaction() as session:  # writes go through it too (BEGIN IMMEDIATE, pragmas)
            foreign_keys = session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar()
        assert foreign_keys == 1
    finally:
        ctx.close()


def test_a_wrong_passphrase_at_launch_is_reported_by_the_usual_path(
    passphrase_db, monkeypatch
) -> None:
    monkeypatch.setenv("RGM_DB_PASSPHRASE", "not the passphrase")
    early = EarlyOpen.start(passphrase_db)
    assert early is not None
    ctx = AppContext(db_path=str(passphrase_db), early=early)
    with pytest.raises(Unusable, match="wrong key"):
        ctx.database()
    ctx.close()


def test_a_connection_opened_with_another_key_or_file_is_not_adopted(
    passphrase_db, tmp_path
) -> None:
    early = EarlyOpen.start(passphrase_db)
    assert early is not None
    assert early.take(passphrase_db, "some other key") is None
    early = EarlyOpen.start(passphrase_db)
    assert early is not None
    assert early.take(tmp_path / "other.db", PASSPHRASE) is None
    early.close()


def test_nothing_is_opened_early_without_a_passphrase_or_a_file(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("RGM_DB_PASSPHRASE", raising=False)
    assert EarlyOpen.start(tmp_path / "early.db") is None
    monkeypatch.setenv("RGM_DB_PASSPHRASE", PASSPHRASE)
    assert EarlyOpen.start(tmp_path / "missing.db") is None
    assert EarlyOpen.start(None) is None
