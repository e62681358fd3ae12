"""Who may do what: one table of actions and roles, and four eyes.

The operations call ``check`` (which raises ``Refused``); the window calls ``allowed`` to disable a
button and show, as its tooltip, who may do it. What may happen to a case in its state (holds,
the duplicate gate, the money path) is ``models.lifecycle``'s, which starts from ``role_refusal``.

The ``Actor`` an operation receives was captured at sign-in; an administrator may deactivate the
user or take a role away while a window or a long command is still open. ``current`` re-reads
the user inside the operation's transaction and refuses (``SignedOut``) a user who is no longer
active or lost one of the roles they signed in with: ``check(..., session=s)`` does it, and so
does every audit event recorded (``models.audit``), the backstop of every write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from models.entities import User, UserRole
from models.errors import Refused, SignedOut
from models.i18n import N_, translate
from models.vocabulary import ROLES, roles_text

# action -> roles that may do it (any one of them suffices).
ACTIONS: dict[str, tuple[str, ...]] = {
    "case.read": ROLES,
    "case.register": ("registrar",),
    "case.screen": ("approver",),
    "case.hold": ("approver", "admin"),
    "case.release": ("approver", "admin"),
    "case.close": ("registrar", "approver", "admin"),
    "grant.plan": ("registrar",),
    "grant.override": ("admin",),
    "grant.approve": ("approver",),
    "case.sign": ("registrar", "approver"),
    "agreement.issue": ("registrar", "approver", "admin"),
    "return.submit": ("finance", "admin"),
    # using the office's signing key (returns, making the key, exporting its public half)
    "office.sign": ("finance", "admin"),
    "duplicate.decide": ("approver", "admin"),
    "user.manage": ("admin",),
    "backup.make": ("admin",),
    "backup.restore": ("admin",),
    "demo.load": ("admin",),
    "payment.record": ("finance",),
    "payment.adjust": ("finance",),
    "visit.record": ("registrar", "approver"),
    "supplier.edit": ("finance", "admin"),
    "catalogue.edit": ("admin",),
    "rate.set": ("admin",),
    "suspension.open": ("admin",),
    "suspension.close": ("admin",),
    "review.export": ("approver", "admin"),
}

# Nobody decides eligibility, approves a grant, judges a duplicate pair (either of its two cases)
# or lifts a hold for a case they registered or planned.
FOUR_EYES = frozenset({"case.screen", "grant.approve", "duplicate.decide", "case.release"})
NOT_ROLE = N_("{user} may not do this: it needs the role {roles}")
NOT_OWN = N_(
    "four eyes: {user} registered or planned case {case}, so another {roles} must decide it"
)


@dataclass(frozen=True)
class CaseOwners:
    """A case as four eyes sees it: its number, who registered it and who planned its grant."""

    number: str
    registered_by: int | None
    planned_by: int | None
    grant_planners: tuple[int, ...] = ()


def role_refusal(actor: Any, action: str, case: Any | None = None) -> Refused | None:
    """Why ``actor`` may not do ``action`` for want of a role, or (on ``case``) by four eyes."""
    roles = ACTIONS[action]
    if not actor.has(*roles):
        return Refused(NOT_ROLE, user=actor.username, roles=roles_text(roles))
    if case is None:
        return None
    if action in FOUR_EYES and actor.id and actor.id in _owners(case):
        return Refused(NOT_OWN, user=actor.username, case=case.number, roles=roles_text(roles))
    return None


def _owners(case: Any) -> set[int]:
    ids = {getattr(case, "registered_by", None), getattr(case, "planned_by", None)}
    ids.update(getattr(case, "grant_planners", ()) or ())
    return {i for i in ids if i}


def allowed(actor: Any, action: str, case: Any | None = None) -> tuple[bool, str]:
    """Whether ``actor`` may do ``action`` (on ``case``), and if not, why and who may.

    ``case`` is any object with ``number``, ``registered_by`` and ``planned_by`` (an entity or
    a view); ``grant_planners`` (ids) may add the planners of a grant. What the case's state
    allows is ``models.lifecycle.options``'.
    """
    if action not in ACTIONS:
        raise KeyError(action)
    refusal = role_refusal(actor, action, case)
    return (True, "") if refusal is None else (False, refusal.text())


def check(actor: Any, action: str, case: Any | None = None, session: Any | None = None) -> None:
    """Raise ``Refused`` (saying who may) unless ``actor`` may do ``action``; with ``session``
    (the operation's), as the user is now in the database (``current``)."""
    if session is not None:
        actor = current(session, actor)
    refusal = role_refusal(actor, action, case)
    if refusal is not None:
        raise refusal


def check_now(db: Any, actor: Any, action: str, case: Any | None = None) -> None:
    """``check`` with the user as the database holds them now, for an operation that writes a
    file or reads without recording an event (an export, a backup, a draft return)."""
    with db.reading() as s:
        check(actor, action, case, session=s)


DEACTIVATED = N_("the user {user} was deactivated by an administrator: sign in again")
ROLES_CHANGED = N_(
    "the roles of {user} were changed by an administrator (now: {roles}): sign in again"
)


def current(session: Any, actor: Any) -> Any:
    """``actor`` as the database holds the user now, inside ``session``'s transaction; refuses
    (``SignedOut``) a user deactivated, removed, or who lost a role since signing in. An actor
    that is no user (``users.SYSTEM``, id 0) is returned as it is."""
    if not getattr(actor, "id", 0):
        return actor
    active = session.execute(select(User.active).where(User.id == actor.id)).scalar()
    if not active:
        raise _signed_out(SignedOut(DEACTIVATED, user=actor.username))
    roles = frozenset(
        session.scalars(select(UserRole.role).where(UserRole.user_id == actor.id)).all()
    )
    if not actor.roles <= roles:
        raise _signed_out(
            SignedOut(ROLES_CHANGED, user=actor.username, roles=", ".join(sorted(roles)))
        )
    return actor


_listeners: list[Callable[[SignedOut], None]] = []


def on_signed_out(listener: Callable[[SignedOut], None]) -> Callable[[], None]:
    """Call ``listener`` (from any thread) whenever ``current`` refuses a user, however the
    caller then shows the refusal: the window signs the user out. Returns the way to stop."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _signed_out(error: SignedOut) -> SignedOut:
    for listener in list(_listeners):
        try:
            listener(error)
        except RuntimeError:  # a window already gone: the refusal stands all the same
            continue
    return error


def who_may(action: str, lang: str | None = None) -> str:
    return translate(N_("{roles} may do this"), lang).format(
        roles=roles_text(ACTIONS[action], lang)
    )
