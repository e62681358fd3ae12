"""The database key lives in a secure keyring, or nowhere (a passphrase is asked for)."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from desktop import secrets
from desktop.app_context import AppContext
from models.errors import Unusable


def test_a_secure_keyring_keeps_a_random_key(tmp_path, _memory_keyring, monkeypatch) -> None:
    monkeypatch.delenv("RGM_DB_PASSPHRASE", raising=False)
    app = AppContext(
        db_path=str(tmp_path / "a.db"), ask=lambda *_: pytest.fail("no prompt expected")
    )
    app.create_database()
    app.close()
    stored = {name: value for (_service, name), value in _memory_keyring.store.items()}
    db_keys = {v for n, v in stored.items() if n.startswith("db-key:")}
    assert len(db_keys) == 1 and len(next(iter(db_keys))) == 64  # by path and by the file's salt
    # the audit key has its own entry, apart from the database key
    (audit_key,) = (v for n, v in stored.items() if n.startswith("audit-key:"))
    assert audit_key not in db_keys
    from models.database import Database

    reopened = Database.sqlite(tmp_path / "a.db", secrets.database_key(tmp_path / "a.db")).open()
    assert reopened.revision() == reopened.head()
    reopened.close()


def test_plain_text_keyrings_are_not_trusted(monkeypatch) -> None:
    from keyrings.alt.file import PlaintextKeyring  # type: ignore[import-untyped]

    keyring.set_keyring(PlaintextKeyring())
    assert not secrets.keyring_is_secure()
    keyring.set_keyring(fail.Keyring())
    assert not secrets.keyring_is_secure()


def test_without_a_secure_keyring_a_passphrase_is_asked_and_never_stored(
    tmp_path, monkeypatch
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("RGM_DB_PASSPHRASE", raising=False)
    asked: list[tuple[str, bool]] = []

    def ask(prompt: str, confirm: bool) -> str:
        asked.append((prompt, confirm))
        return "correct horse battery"

    path = tmp_path / "p.db"
    AppContext(db_path=str(path), ask=ask).create_database().close()
    assert asked == [("Database passphrase", True)]
    assert not any(b"correct horse" in f.read_bytes() for f in tmp_path.iterdir() if f.is_file())
    with pytest.raises(Unusable, match="wrong key"):
        AppContext(db_path=str(path), ask=lambda *_: "wrong passphrase").database()
