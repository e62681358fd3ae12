import datetime as dt

import pytest

from models import users
from models.database import Database
from models.errors import Refused
from models.users import Actor, authenticate, create_user


def test_first_admin_signs_in_and_others_need_an_admin(
    db: Database, admin: Actor, new_user
) -> None:
    actor = authenticate(db, "admin", "admin-password")
    assert actor.roles == frozenset({"admin"})
    rita = new_user("rita", "registrar", "approver")
    assert rita.roles == {"registrar", "approver"}
    with pytest.raises(Refused, match="needs the role administrator"):
        create_user(db, rita, "sneaky", "long-enough", ["admin"])
    with pytest.raises(Refused, match="unknown role"):
        create_user(db, admin, "x", "long-enough", ["boss"])
    with pytest.raises(Refused, match="already exists"):
        create_user(db, admin, "rita", "long-enough", ["viewer"])


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    db: Database, admin: Actor, new_user
) -> None:
    new_user("rita", "registrar")
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    for _ in range(4):
        with pytest.raises(Refused, match="wrong user name or password"):
            authenticate(db, "rita", "nope", now=now)
    with pytest.raises(Refused, match="locked"):
        authenticate(db, "rita", "nope", now=now)
    with pytest.raises(Refused, match="locked"):  # even the right password, while locked
        authenticate(db, "rita", "rita-password", now=now + dt.timedelta(minutes=14))
    assert (
        authenticate(db, "rita", "rita-password", now=now + dt.timedelta(minutes=16)).username
        == "rita"
    )


def test_unknown_user_gets_the_same_message(db: Database, admin: Actor) -> None:
    with pytest.raises(Refused, match="wrong user name or password"):
        authenticate(db, "nobody", "whatever")


def test_passwords_are_hashed_with_argon2id_memory_hard(monkeypatch) -> None:
    import importlib

    real = importlib.reload(users)  # undo the fast test hasher
    h = real.hash_password("secret")
    params = dict(p.split("=") for p in h.split("$")[3].split(","))
    assert h.startswith("$argon2id$") and int(params["m"]) >= 19456 and int(params["t"]) >= 2


def test_the_last_admin_keeps_the_role(db: Database, admin: Actor) -> None:
    with pytest.raises(Refused, match="last administrator"):
        users.set_roles(db, admin, "admin", ["viewer"])


def test_anyone_may_change_their_own_password_an_admin_anyones(db: Database, admin: Actor) -> None:
    """One answer for the Settings page's button and ``change_password``: own password, or an
    administrator's reset."""
    create_user(db, admin, "rita5", "rita5-password", ["registrar"])
    rita = authenticate(db, "rita5", "rita5-password")
    assert users.may_change_password(rita, "rita5") == (True, "")
    may, why = users.may_change_password(rita, "admin")
    assert not may and "admin" in why
    assert users.may_change_password(admin, "rita5") == (True, "")
    with pytest.raises(Refused, match="needs the role"):
        users.change_password(db, rita, "admin", "another-password")
    users.change_password(db, rita, "rita5", "rita5-new-password")
    users.change_password(db, admin, "rita5", "rita5-reset-password")
    assert authenticate(db, "rita5", "rita5-reset-password").username == "rita5"
