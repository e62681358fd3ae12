"""Users, their roles, signing in with lock-out, and the permission checks of operations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.actors import SYSTEM, Actor
from models.database import Database
from models.entities import User, UserRole
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.permissions import check, role_refusal
from models.text import normalise
from models.vocabulary import ROLES

__all__ = ["SYSTEM", "Actor"]  # where every operation has them from (``models.actors``)

MAX_FAILURES = 5
LOCK_TIME = dt.timedelta(minutes=15)
MIN_PASSWORD = 8

# Argon2id (memory-hard) with OWASP's recommended minimum: 19 MiB, 2 passes, 1 lane. Older
# hashes with other parameters still verify and are re-hashed at the next sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def user_names(session: Session) -> dict[int, str]:
    """Every user's name as documents and screens show it: full name, else username."""
    return {
        i: (f or u) for i, u, f in session.execute(select(User.id, User.username, User.full_name))
    }


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, user.role_names, user.language)


def _check_new(username: str, password: str, roles: Iterable[str]) -> list[str]:
    roles = sorted(set(roles))
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise Refused(
            N_("the user name {name!r} is not valid (no spaces, 1 to 64 characters)"), name=username
        )
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise Refused(
            N_("unknown role {role}; roles are {roles}"), role=unknown[0], roles=", ".join(ROLES)
        )
    if not roles:
        raise Refused(N_("a user needs at least one role"))
    if len(password) < MIN_PASSWORD:
        raise Refused(N_("the password must have at least {n} characters"), n=MIN_PASSWORD)
    return roles


def create_user(
    db: Database,
    actor: Actor | None,
    username: str,
    password: str,
    roles: Iterable[str],
    full_name: str = "",
    language: str | None = None,
) -> Actor:
    """Add a user. Only an admin may, except for the very first user (made by ``rgm init``)."""
    username = normalise(username)
    role_list = _check_new(username, password, roles)
    with db.transaction() as s:
        has_users = s.scalars(select(User.id).limit(1)).first() is not None
        if has_users:
            if actor is None:
                raise Refused(N_("sign in as an administrator to add users"))
            check(actor, "user.manage")
        if s.scalars(select(User).where(User.username == username)).first():
            raise Refused(N_("the user {name} already exists"), name=username)
        user = User(
            username=username,
            full_name=full_name,
            password_hash=hash_password(password),
            language=language,
            roles=[UserRole(role=r) for r in role_list],
        )
        s.add(user)
        s.flush()
        audit.record(
            s,
            actor or _actor(user),
            "user.create",
            "users",
            user.id,
            after={"username": username, "roles": role_list, "full_name": full_name},
        )
        return _actor(user)


def set_roles(db: Database, actor: Actor, username: str, roles: Iterable[str]) -> Actor:
    check(actor, "user.manage")
    role_list = sorted(set(roles))
    _check_new(username, "x" * MIN_PASSWORD, role_list)
    with db.transaction() as s:
        user = _get(s, username)
        before = sorted(user.role_names)
        if "admin" in before and "admin" not in role_list and _admin_count(s) <= 1:
            raise Refused(N_("the last administrator cannot lose the admin role"))
        # recorded first: an administrator who takes a role from themselves acts with it
        audit.record(
            s, actor, "user.roles", "users", user.id, {"roles": before}, {"roles": role_list}
        )
        user.roles = [UserRole(role=r) for r in role_list]
        s.flush()
        return _actor(user)


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    check(actor, "user.manage")
    with db.transaction() as s:
        user = _get(s, username)
        if not active and "admin" in user.role_names and _admin_count(s) <= 1:
            raise Refused(N_("the last administrator cannot be deactivated"))
        audit.record(
            s, actor, "user.active", "users", user.id, {"active": user.active}, {"active": active}
        )
        user.active = active


def password_refusal(actor: Actor, username: str) -> Refused | None:
    """Why ``actor`` may not set the password of ``username``: anyone may change their own, an
    administrator anyone's (``user.manage``)."""
    return None if actor.username == username else role_refusal(actor, "user.manage")


def may_change_password(actor: Actor, username: str) -> tuple[bool, str]:
    """Whether ``actor`` may set the password of ``username``, and if not, why (as
    ``permissions.allowed`` says it): the window's button and ``change_password`` alike."""
    refusal = password_refusal(actor, username)
    return (True, "") if refusal is None else (False, refusal.text())


def change_password(db: Database, actor: Actor, username: str, password: str) -> None:
    """A user changes their own password; an admin may reset anyone's (and unlock them)."""
    refusal = password_refusal(actor, username)
    if refusal is not None:
        raise refusal
    _check_new(username, password, ["viewer"])
    with db.transaction() as s:
        user = _get(s, username)
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        audit.record(s, actor, "user.password", "users", user.id, None, {"password": "changed"})


def _admin_count(s: object) -> int:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    stmt = select(User.id).join(UserRole).where(UserRole.role == "admin", User.active.is_(True))
    return len(s.scalars(stmt).all())


def _get(s: object, username: str) -> User:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    user = s.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise Refused(N_("no user named {name}"), name=username)
    return user


def authenticate(
    db: Database, username: str, password: str, now: dt.datetime | None = None
) -> Actor:
    """Sign in. Five wrong passwords in a row lock the account for fifteen minutes."""
    now = now or utcnow()
    username = normalise(username)
    locked = N_(
        "the account {name} is locked after too many wrong passwords; try again in {minutes} min"
    )
    refusal: Refused | None = None
    # The usual sign-in changes nothing: it only reads (and so never waits for another process's
    # write); what must be written (a failure counted, a lock, a new hash) is done below.
    with db.reading() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        # One check of the password, the same time spent whether the user exists or not (so
        # that user names cannot be probed).
        seen = user.password_hash if user is not None else _dummy()
        verdict = _verify(seen, password) and user is not None
        if (
            verdict
            and user is not None
            and user.active
            and user.failed_logins == 0
            and user.locked_until is None
            and not _hasher.check_needs_rehash(user.password_hash)
        ):
            return _actor(user)
    with db.transaction() as s:
        user = s.scalars(select(User).where(User.username == username)).first()
        if user is None:
            refusal = Refused(N_("wrong user name or password"))
        elif user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            refusal = Refused(locked, name=username, minutes=minutes)
        elif not user.active:
            refusal = Refused(N_("the account {name} is deactivated"), name=username)
        elif not (verdict if user.password_hash == seen else _verify(user.password_hash, password)):
            # The failure is counted (committed) even though the sign-in is refused.
            user.failed_logins += 1
            refusal = Refused(N_("wrong user name or password"))
            if user.failed_logins >= MAX_FAILURES:
                user.locked_until = now + LOCK_TIME
                user.failed_logins = 0
                audit.record(
                    s,
                    _actor(user),
                    "user.locked",
                    "users",
                    user.id,
                    None,
                    {"until": user.locked_until},
                )
                refusal = Refused(
                    locked, name=username, minutes=int(LOCK_TIME.total_seconds() // 60)
                )
        else:
            user.failed_logins = 0
            user.locked_until = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            return _actor(user)
    raise refusal


# A hash to check against when the user does not exist (same time spent), made on first use:
# computing it at import would cost every command half a second.
_DUMMY: str | None = None


def _dummy() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = _hasher.hash("not a password of anyone")
    return _DUMMY


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def list_users(db: Database) -> list[tuple[Actor, bool, dt.datetime | None]]:
    with db.reading() as s:
        users = s.scalars(select(User).order_by(User.username)).all()
        return [(_actor(u), u.active, u.locked_until) for u in users]
