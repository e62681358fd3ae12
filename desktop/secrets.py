"""Secrets in the OS keyring: the database key, server passwords, and the keys a database
keeps apart from itself (audit, office signing and agreement keys: ``KEYRING``, the home that
``models.office_keys`` uses, each named by the database's own identity, never by its path).

Where no secure keyring exists (no backend, or one that writes a plain-text file), nothing is
stored: the database is encrypted with a passphrase that the user types (``RGM_DB_PASSPHRASE``
for scripts), its other keys are kept inside it, and nothing secret is ever written in plain text.

The database key is found by the file's path, or else by the file's own salt (the 16 random
bytes SQLCipher writes at the start of the file, unencrypted): a database that was moved, or is
opened through another path, still finds its key. A key is only ever made for a new file.
"""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.errors import Refused, Unusable
from models.i18n import N_, _
from models.sqlcipher import raw_key, read_head

SERVICE = "reintegration-grant-manager"
MIN_PASSPHRASE = 8

# Asks the user for a secret: (prompt, confirm twice?) -> secret. The GUI passes a dialog.
Asker = Callable[[str, bool], str]


def _keyring() -> Any:
    """The keyring module, imported on first use (it scans every backend: start-up time)."""
    import keyring

    return keyring


def _errors() -> type[Exception]:
    from keyring.errors import KeyringError

    return KeyringError


def keyring_is_secure() -> bool:
    """True when the active keyring backend keeps secrets encrypted by the OS."""
    keyring = _keyring()
    KeyringError = _errors()  # noqa: N806
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    if name.startswith("keyrings.alt") and "Encrypted" not in name:
        return False  # plain-text (or merely obfuscated) file
    if name.startswith("keyring.backends.chainer"):
        return any(_secure_backend(b) for b in getattr(backend, "backends", []))
    return float(getattr(backend, "priority", 0)) >= 1


def _secure_backend(backend: object) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return False
    return float(getattr(backend, "priority", 0)) >= 1


def _entry(kind: str, identity: str) -> str:
    return f"{kind}:{identity}"


def _get(kind: str, identity: str) -> str | None:
    if not keyring_is_secure():
        return None
    try:
        return _keyring().get_password(SERVICE, _entry(kind, identity))  # type: ignore[no-any-return]
    except _errors():
        return None


def _set(kind: str, identity: str, value: str) -> bool:
    if not keyring_is_secure():
        return False
    try:
        _keyring().set_password(SERVICE, _entry(kind, identity), value)
    except _errors():
        return False
    return True


def prompt_terminal(prompt: str, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise Unusable(
            N_("{what} is needed and no terminal is available to ask for it"), what=prompt
        )
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(_("Again to confirm") + ": ") != first:
        raise Refused(N_("the two entries differ"))
    return first


def _identity(path: Path) -> str:
    return str(path.resolve())


def _salt_identity(path: Path) -> str | None:
    """The name of a database file by its SQLCipher salt (kept when the file moves)."""
    try:
        # Never open and close the file itself: that drops this process's SQLite locks on it.
        salt = read_head(path, 16)
    except OSError:
        return None
    if len(salt) < 16 or salt == b"SQLite format 3\x00" or not any(salt):
        return None
    return "salt:" + salt.hex()


def _passphrase(ask: Asker, confirm: bool) -> str:
    value = os.environ.get("RGM_DB_PASSPHRASE")
    if value is None:
        value = ask(_("Database passphrase"), confirm)
    if confirm and len(value) < MIN_PASSPHRASE:
        raise Refused(N_("the passphrase must have at least {n} characters"), n=MIN_PASSPHRASE)
    return value


def new_database_key(path: Path, ask: Asker = prompt_terminal) -> tuple[str, Callable[[], None]]:
    """The key for a database about to be created, and how to remember it once created.

    A secure keyring gets a random 256-bit key; otherwise a passphrase is asked for and kept
    nowhere. The second value is called after the database was created successfully.
    """
    if keyring_is_secure() and "RGM_DB_PASSPHRASE" not in os.environ:
        key_hex = secrets.token_hex(32)
        return raw_key(key_hex), lambda: _remember_or_fail(path, key_hex)
    return _passphrase(ask, confirm=True), lambda: None


def _remember_or_fail(path: Path, key_hex: str) -> None:
    if not _set("db-key", _identity(path), key_hex):
        raise Unusable(N_("the database key could not be saved in the keyring"))
    salt = _salt_identity(path)
    if salt:
        _set("db-key", salt, key_hex)


def database_key(path: Path, ask: Asker = prompt_terminal) -> str:
    """The key of an existing database: ``RGM_DB_PASSPHRASE`` when a script sets it (as at
    creation, where it is preferred to the keyring), else from the keyring, else asked for."""
    if "RGM_DB_PASSPHRASE" in os.environ:
        return _passphrase(ask, confirm=False)
    by_path = _get("db-key", _identity(path))
    salt = _salt_identity(path)
    by_salt = _get("db-key", salt) if salt else None
    key_hex = by_path or by_salt
    if key_hex:
        # Remember the other name too: a key found by path survives a move from now on, and
        # one found by salt opens the file at its new path directly next time.
        if salt and not by_salt:
            _set("db-key", salt, key_hex)
        elif not by_path:
            _set("db-key", _identity(path), key_hex)
        return raw_key(key_hex)
    return _passphrase(ask, confirm=False)


def server_password(url_without_password: str) -> str | None:
    """The password of a database server, kept in the keyring under its URL."""
    return _get("server", url_without_password)


class KeyringStore:
    """The OS keyring as the home of a database's own keys (``models.office_keys.KeyStore``):
    nothing is read or stored unless the keyring is secure."""

    def get(self, name: str) -> str | None:
        kind, _, identity = name.partition(":")
        return _get(kind, identity)

    def put(self, name: str, value: str) -> bool:
        kind, _, identity = name.partition(":")
        return _set(kind, identity, value)


KEYRING = KeyringStore()
