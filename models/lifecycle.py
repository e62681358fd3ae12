"""One case lifecycle: what may happen to a case now, and if not, why and who may.

The states and their moves, every action on a case with the states it needs and its
preconditions (holds, suspensions, the duplicate gate, the grant waiting for approval, the
agreement printed and signed), merged with the permission table (roles, four eyes). The
operations call ``require`` before acting; the case file's buttons and ``rgm case show`` ask
``options``. A rule lives here once.

The facts a decision needs are read once (``read_facts``) into a frozen ``CaseFacts``; the read
model of a case (``models.case_file``) carries them, so a window decides without a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit, permissions
from models.duplicate_gate import Undecided, duplicate_refusal, undecided
from models.entities import Agreement, Case, CaseEvent, Disbursement, DuplicateFlag, Grant, Hold
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_, translate
from models.vocabulary import CLOSE_REASONS, OPEN_STATES, label, roles_text

# Which state may follow which (``closed`` is reachable from every open state, with a reason).
ALLOWED: dict[str, tuple[str, ...]] = {
    "registered": ("screening", "eligible", "ineligible", "closed"),
    "screening": ("eligible", "ineligible", "closed"),
    "eligible": ("approved", "ineligible", "closed"),
    "ineligible": ("eligible", "closed"),
    "approved": ("signed", "eligible", "closed"),
    "signed": ("in_progress", "eligible", "closed"),
    "in_progress": ("completed", "closed"),
    "completed": (),
    "closed": (),
}

# The states each step of the money path needs.
PLANNABLE = ("eligible", "approved", "signed", "in_progress")
APPROVABLE = ("eligible", "in_progress")
PRINTABLE = ("approved", "signed", "in_progress")
SIGNABLE = ("approved", "in_progress")
PAYABLE = ("signed", "in_progress")
VISITABLE = ("approved", "signed", "in_progress")
SCREENABLE = tuple(s for s in ALLOWED if s not in ("closed", "completed"))

# Where each action takes a case, by the state it is in (a state not listed: the case stays
# where it is). With ALLOWED, the states each action needs (above) and its preconditions
# (``case_refusal``), this is the whole life of a case; the operations move a case only through
# ``advance`` (and closing through ``close``).
LEADS_TO: dict[str, dict[str, str]] = {
    # A changed plan must be approved and signed again (in progress: money was paid, the case
    # stays, its payments wait for the new version).
    "grant.plan": {"approved": "eligible", "signed": "eligible"},
    "grant.approve": {"eligible": "approved"},
    "case.sign": {"approved": "signed"},
    "payment.record": {"signed": "in_progress"},
    # Paid in full with the final monitoring visit done (``models.payments.maybe_complete``).
    "case.complete": {"in_progress": "completed"},
}

# Where a screening decision takes a case. A fresh decision on a case a suspension holds, or an
# ineligible one on a case already past approval, closes it as not eligible.
DECISION_LEADS_TO: dict[str, dict[str, str]] = {
    "eligible": {"registered": "eligible", "screening": "eligible", "ineligible": "eligible"},
    "ineligible": {
        "registered": "ineligible",
        "screening": "ineligible",
        "eligible": "ineligible",
        "ineligible": "ineligible",
        "approved": "closed",
        "signed": "closed",
        "in_progress": "closed",
    },
    "needs_information": {"registered": "screening"},
}


def leads_to(action: str, state: str) -> str | None:
    """The state ``action`` takes a case in ``state`` to (None: it stays)."""
    return LEADS_TO[action].get(state)


def decision_leads_to(decision: str, state: str, suspended: bool) -> tuple[str, str | None]:
    """The state a screening ``decision`` takes a case in ``state`` to, and the closing reason
    when it closes it (``suspended``: a suspension holds the case)."""
    if decision == "ineligible" and suspended:
        return "closed", "not_eligible"
    to_state = DECISION_LEADS_TO[decision].get(state, state)
    return to_state, ("not_eligible" if to_state == "closed" else None)


# What a case needs before money follows its grant (``money_step``), in the order it is needed.
WAITS_FOR_APPROVAL = N_(
    "case {case}: grant version {version} waits for approval, then its agreement must be "
    "printed and signed before any payment"
)
AGREEMENT_TO_PRINT = N_(
    "case {case}: the agreement of grant version {version} is not signed: print it, then record "
    "the returnee's signature before any payment"
)
AGREEMENT_TO_SIGN = N_(
    "case {case}: the agreement of grant version {version} is not signed: record the "
    "returnee's signature on {agreement} before any payment"
)
CANNOT_MOVE = N_("case {case} cannot go from {from_state} to {to_state}")
ON_HOLD = N_("case {case} is on hold: release it first ({roles} may)")


@dataclass(frozen=True)
class NextStep:
    """What must happen before money can follow a case's grant, and who does it."""

    action: str  # the permission of whoever does it: grant.approve, agreement.issue, case.sign
    msgid: str
    params: dict[str, Any]

    def refusal(self) -> Refused:
        return Refused(self.msgid, **self.params)

    def text(self, lang: str | None = None) -> str:
        return self.refusal().text(lang)


@dataclass(frozen=True)
class CaseFacts:
    """Everything the lifecycle looks at to decide about one case (no session needed)."""

    number: str
    state: str
    on_hold: bool = False
    registered_by: int | None = None
    planned_by: int | None = None
    grant_planners: tuple[int, ...] = ()
    duplicate_check_pending: bool = False
    open_duplicate_flag: int | None = None
    draft_version: int | None = None  # the version waiting for approval
    approved_version: int | None = None  # the version in force
    approved_signed: bool = False  # the returnee signed the agreement of the version in force
    ever_approved: bool = False  # some version was approved once (monitoring may follow)
    to_sign: str | None = None  # the agreement of the version in force printed, not signed
    in_force: str | None = None  # the latest agreement not void (issued or signed), any version
    paid: bool = False  # a payment was recorded on the case
    manual_holds: int = 0  # holds placed by hand still open
    suspension_hold: int | None = None  # the suspension of an open hold it placed (the first)


def read_facts(session: Session, case: Case) -> CaseFacts:
    """The facts of ``case`` (an entity of ``session``), read for themselves."""
    grants = session.execute(
        select(Grant.id, Grant.version, Grant.state, Grant.planned_by, Grant.approved_at,
               Grant.signed_at)
        .where(Grant.case_id == case.id)
        .order_by(Grant.version)
    ).all()  # fmt: skip
    agreements = session.execute(
        select(Agreement.number, Agreement.grant_id, Agreement.status)
        .where(Agreement.case_id == case.id, Agreement.status != "void")
        .order_by(Agreement.id)
    ).all()
    holds = session.execute(
        select(Hold.suspension_id, Hold.released_at)
        .where(Hold.case_id == case.id, Hold.released_at.is_(None))
        .order_by(Hold.id)
    ).all()
    paid = session.scalars(
        select(Disbursement.id).where(Disbursement.case_id == case.id).limit(1)
    ).first()
    waits = undecided(session, [case.returnee_id]).get(case.returnee_id)
    return facts_of(case, grants, agreements, holds, paid is not None, waits)


def facts_of(
    case: Case,
    grants: Sequence[Any],
    agreements: Sequence[Any],
    holds: Sequence[Any],
    paid: bool,
    waits: Undecided | None,
) -> CaseFacts:
    """The facts of ``case`` from its rows already read (the case file reads them to show
    them): ``grants`` by version (``id``, ``version``, ``state``, ``planned_by``,
    ``approved_at``, ``signed_at``), ``agreements`` by id (``number``, ``grant_id``,
    ``status``; void ones are left out here), ``holds`` by id (``suspension_id``,
    ``released_at``; released ones are left out here), whether anything was ``paid``, and what
    its duplicate check leaves undecided (``models.duplicate_gate.undecided``)."""
    draft = next((g for g in reversed(grants) if g.state == "draft"), None)
    approved = next((g for g in reversed(grants) if g.state == "approved"), None)
    agreements = [a for a in agreements if a.status != "void"]
    open_holds = [h.suspension_id for h in holds if h.released_at is None]
    to_sign = next(
        (
            a.number
            for a in reversed(agreements)
            if approved is not None and a.grant_id == approved.id and a.status == "issued"
        ),
        None,
    )
    return CaseFacts(
        number=case.number,
        state=case.state,
        on_hold=case.on_hold,
        registered_by=case.registered_by,
        planned_by=case.planned_by,
        grant_planners=tuple(sorted({g.planned_by for g in grants if g.planned_by})),
        duplicate_check_pending=bool(waits and waits.check_pending),
        open_duplicate_flag=waits.open_flag if waits else None,
        draft_version=draft.version if draft is not None else None,
        approved_version=approved.version if approved is not None else None,
        approved_signed=approved is not None and approved.signed_at is not None,
        ever_approved=any(g.approved_at is not None for g in grants),
        to_sign=to_sign,
        in_force=agreements[-1].number if agreements else None,
        paid=paid,
        manual_holds=sum(1 for sid in open_holds if sid is None),
        suspension_hold=next((sid for sid in open_holds if sid is not None), None),
    )


def money_step(facts: CaseFacts) -> NextStep | None:
    """The step a case waits for before payments (None: payments may follow the grant).

    A grant change waiting for approval comes first; then the approved version's agreement must
    be printed and signed. Only cases on the way to payment (eligible with a change waiting,
    approved, signed, in progress) have one.
    """
    f = facts
    if f.state not in PLANNABLE:
        return None
    if f.draft_version is not None and f.state in APPROVABLE:
        return NextStep(
            "grant.approve", WAITS_FOR_APPROVAL, {"case": f.number, "version": f.draft_version}
        )
    if f.state == "eligible" or f.approved_version is None or f.approved_signed:
        return None
    if f.to_sign is None:
        return NextStep(
            "agreement.issue", AGREEMENT_TO_PRINT, {"case": f.number, "version": f.approved_version}
        )
    return NextStep(
        "case.sign",
        AGREEMENT_TO_SIGN,
        {"case": f.number, "version": f.approved_version, "agreement": f.to_sign},
    )


# -- the actions on a case -----------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """An action on a case: the permission (``models.permissions``) whoever does it needs."""

    name: str
    permission: str
    text: str  # what it is, in words (English message id)


ACTIONS: tuple[Action, ...] = (
    Action("identity.edit", "case.register", N_("correct the identity")),
    Action("case.screen", "case.screen", N_("record a screening decision")),
    Action("grant.plan", "grant.plan", N_("plan the grant")),
    Action("grant.approve", "grant.approve", N_("approve the grant")),
    Action("agreement.issue", "agreement.issue", N_("issue the agreement")),
    Action("agreement.copy", "agreement.issue", N_("print a copy of the agreement")),
    Action("case.sign", "case.sign", N_("mark the agreement signed")),
    Action("payment.record", "payment.record", N_("record a payment")),
    Action("payment.adjust", "payment.adjust", N_("correct a payment")),
    Action("visit.record", "visit.record", N_("record a monitoring visit")),
    Action("case.hold", "case.hold", N_("put the case on hold")),
    Action("case.release", "case.release", N_("release the hold")),
    Action("case.close", "case.close", N_("close the case")),
)
# Adding money to a payment by an adjustment: a payment's rules, and on a completed case too
# (putting back what an adjustment took by mistake, never beyond the plan). Not a button of its
# own: the case file and ``rgm case show`` offer it as "correct a payment".
ADDING = Action("payment.add", "payment.adjust", N_("correct a payment"))
BY_NAME = {a.name: a for a in ACTIONS}
_SPECS = {**BY_NAME, ADDING.name: ADDING}


def _state_refusal(msgid: str, f: CaseFacts) -> Refused:
    return Refused(msgid, case=f.number, state=label(f.state))


def _cannot_move(f: CaseFacts, to_state: str) -> Refused:
    return Refused(CANNOT_MOVE, case=f.number, from_state=label(f.state), to_state=label(to_state))


def _duplicates(f: CaseFacts) -> Refused | None:
    return duplicate_refusal(f.number, f.duplicate_check_pending, f.open_duplicate_flag)


def _hold(f: CaseFacts) -> Refused | None:
    if not f.on_hold:
        return None
    return Refused(ON_HOLD, case=f.number, roles=roles_text(permissions.ACTIONS["case.release"]))


def _first(*checks: Callable[[], Refused | None]) -> Refused | None:
    """The first refusal of ``checks`` (callables returning a refusal or None), in order."""
    for check in checks:
        why = check()
        if why is not None:
            return why
    return None


def _printing(f: CaseFacts) -> Refused | None:
    """Why no agreement can be printed for the case now (first print or copy)."""
    if f.state not in PRINTABLE:
        return _state_refusal(
            N_("an agreement is printed only for an approved case; {case} is {state}"), f
        )
    if f.on_hold:
        return Refused(N_("case {case} is on hold: no agreement can be printed"), case=f.number)
    step = money_step(f)
    return _first(
        lambda: _duplicates(f),
        # in progress with a change waiting: its agreement comes after the approval
        lambda: step.refusal() if step is not None and step.action == "grant.approve" else None,
        lambda: (
            None
            if f.approved_version is not None
            else Refused(N_("case {case} has no approved grant"), case=f.number)
        ),
    )


def _paying(f: CaseFacts, *, adding: bool = False) -> Refused | None:
    """Why no money can go to the case now (``adding``: by an adjustment, which a completed
    case takes too)."""
    step = money_step(f)
    states = (*PAYABLE, "completed") if adding else PAYABLE
    return _first(
        lambda: _hold(f),
        lambda: _duplicates(f),
        lambda: (
            None
            if f.state in states
            else _state_refusal(
                N_("case {case} is {state}: payments start once the agreement is signed"), f
            )
        ),
        lambda: (
            None
            if f.approved_version is not None
            else Refused(N_("case {case} has no approved grant"), case=f.number)
        ),
        lambda: step.refusal() if step is not None else None,
    )


def _nothing_to_sign(f: CaseFacts) -> Refused:
    """Why a case in a signable state has no agreement to sign."""
    if f.state == "in_progress":
        step = money_step(f)  # a change to approve, or its agreement to print
        if step is not None:
            return step.refusal()
        return Refused(N_("case {case}: nothing waits for a signature"), case=f.number)
    return Refused(
        N_("case {case} has no printed agreement to sign; print it first"), case=f.number
    )


def case_refusal(f: CaseFacts, action: str) -> Refused | None:
    """Why ``action`` cannot happen to the case now, whoever asks (None: it can)."""
    if action == "identity.edit":
        return None
    if action == "case.screen":
        return _first(
            lambda: (
                None
                if f.state in SCREENABLE
                else _state_refusal(N_("case {case} is {state}: it cannot be screened"), f)
            ),
            lambda: _duplicates(f),
        )
    if action == "grant.plan":
        if f.state in PLANNABLE:
            return None
        return _state_refusal(
            N_("case {case} is {state}: a grant is planned for an eligible case"), f
        )
    if action == "grant.approve":
        return _first(
            lambda: _hold(f),
            lambda: (
                None
                if f.draft_version is not None
                else Refused(N_("case {case} has no grant waiting for approval"), case=f.number)
            ),
            lambda: (
                None
                if f.state in APPROVABLE
                else _state_refusal(
                    N_("case {case} is {state}: only an eligible case's grant can be approved"), f
                )
            ),
            lambda: _duplicates(f),
        )
    if action == "agreement.issue":
        return _first(
            lambda: _printing(f),
            lambda: (
                None
                if f.in_force is None
                else Refused(
                    N_("agreement {agreement} of case {case} is already issued: print a copy"),
                    agreement=f.in_force,
                    case=f.number,
                )
            ),
        )
    if action == "agreement.copy":
        return _first(
            lambda: _printing(f),
            lambda: (
                None
                if f.in_force is not None
                else Refused(N_("case {case} has no agreement issued yet"), case=f.number)
            ),
        )
    if action == "case.sign":
        return _first(
            lambda: _hold(f),
            lambda: _duplicates(f),
            lambda: None if f.state in SIGNABLE else _cannot_move(f, "signed"),
            lambda: None if f.to_sign is not None else _nothing_to_sign(f),
        )
    if action == "payment.record":
        return _paying(f)
    if action == "payment.add":
        return _paying(f, adding=True)
    if action == "payment.adjust":
        if f.paid:
            return None
        return Refused(N_("case {case} has no payment to correct"), case=f.number)
    if action == "visit.record":
        if f.state in VISITABLE and f.ever_approved:
            return None
        return _state_refusal(N_("case {case} is {state}: monitoring follows an approved grant"), f)
    if action == "case.hold":
        if f.state in OPEN_STATES:
            return None
        return _state_refusal(N_("case {case} is {state}: only an open case can be held"), f)
    if action == "case.release":
        if not f.on_hold:
            return Refused(N_("case {case} is not on hold"), case=f.number)
        if not f.manual_holds:
            return Refused(
                N_(
                    "case {case} is held by suspension {id}: a fresh screening decision releases it"
                ),
                case=f.number,
                id=f.suspension_hold,
            )
        return None
    if action == "case.close":
        return None if "closed" in ALLOWED.get(f.state, ()) else _cannot_move(f, "closed")
    raise KeyError(action)


def refusal(actor: Any, f: CaseFacts, action: str) -> Refused | None:
    """Why ``actor`` may not do ``action`` on the case now (None: they may): their role first,
    then four eyes, then the case's state and preconditions."""
    spec = _SPECS[action]
    role = permissions.role_refusal(actor, spec.permission, f)
    if role is not None:
        return role
    return case_refusal(f, action)


@dataclass(frozen=True)
class Option:
    """One action on a case as a user sees it: allowed or not, why not, and who may."""

    action: str
    allowed: bool  # this user may do it now
    reason: Refused | None  # why not (None when allowed)
    possible: bool  # the case allows it now (someone with the role, four eyes permitting, may)
    roles: tuple[str, ...]  # who may do it (any one of these roles)
    text: str  # the action in words (English message id)

    def who_may(self, lang: str | None = None) -> str:
        return permissions.who_may(BY_NAME[self.action].permission, lang)

    def label(self, lang: str | None = None) -> str:
        return translate(self.text, lang)


def options_for(actor: Any, facts: CaseFacts) -> list[Option]:
    """Every action on the case, for ``actor``, from facts already read."""
    out = []
    for spec in ACTIONS:
        role = permissions.role_refusal(actor, spec.permission, facts)
        state = case_refusal(facts, spec.name)
        why = role or state
        out.append(
            Option(
                spec.name,
                why is None,
                why,
                state is None,
                permissions.ACTIONS[spec.permission],
                spec.text,
            )
        )
    return out


def options(db: Any, actor: Any, case_ref: str | int) -> list[Option]:
    """Every action on a case (a number or an id) for ``actor``, allowed or not and why."""
    with db.reading() as s:
        return options_for(actor, read_facts(s, get_case(s, case_ref)))


def possible(opts: Sequence[Option]) -> list[Option]:
    """The options the case allows now, whoever may do them."""
    return [o for o in opts if o.possible]


def require(session: Session, actor: Any, case: Case, action: str) -> CaseFacts:
    """Raise the ``Refused`` saying why ``actor`` may not do ``action`` on ``case`` now; the user
    is re-read in ``session`` (``permissions.current``). Returns the facts read."""
    actor = permissions.current(session, actor)
    facts = read_facts(session, case)
    why = refusal(actor, facts, action)
    if why is not None:
        raise why
    return facts


def require_move(case: Any, to_state: str) -> None:
    """Refuse a move the state machine does not allow."""
    if to_state not in ALLOWED.get(case.state, ()):
        raise Refused(
            CANNOT_MOVE,
            case=case.number,
            from_state=label(case.state),
            to_state=label(to_state),
        )


def require_kept(case: Any, kept: Any) -> None:
    """Refuse closing ``case`` as a duplicate of ``kept`` unless ``kept`` is another case that
    stays (not closed): two cases closed as each other's duplicate, or as the duplicate of a
    closed one, leave the person with no case."""
    if kept.id == case.id:
        raise Refused(N_("a case cannot duplicate itself"))
    if kept.state == "closed":
        raise Refused(
            N_(
                "case {case} cannot be closed as a duplicate of {kept}: {kept} is {state}; name "
                "the case that is kept"
            ),
            case=case.number,
            kept=kept.number,
            state=label(kept.state),
        )


def transition(
    session: Session,
    actor: Any,
    case: Case,
    to_state: str,
    reason: str = "",
    *,
    closed_reason: str | None = None,
    kind: str = "transition",
    at: dt.datetime | None = None,
) -> None:
    """Move a case to ``to_state`` if the state machine allows it; recorded and audited
    (``at``: the moment it happened, now when not given)."""
    require_move(case, to_state)
    if to_state == "closed" and closed_reason not in CLOSE_REASONS:
        raise Refused(
            N_("closing a case needs a reason: {reasons}"), reasons=", ".join(CLOSE_REASONS)
        )
    before = {"state": case.state, "closed_reason": case.closed_reason}
    moment = at or utcnow()
    session.add(
        CaseEvent(
            at=moment,
            case_id=case.id,
            user_id=actor.id or None,
            kind=kind,
            from_state=case.state,
            to_state=to_state,
            reason=reason,
        )
    )
    case.state = to_state
    case.closed_reason = closed_reason if to_state == "closed" else None
    case.state_changed_at = moment
    session.flush()
    audit.record(
        session,
        actor,
        f"case.{kind}",
        "cases",
        case.id,
        before,
        {"state": to_state, "closed_reason": case.closed_reason, "reason": reason},
    )


def names_kept_case(reason_code: str) -> bool:
    """Whether closing a case for ``reason_code`` names the case kept: a duplicate does, and
    no other reason may (``close`` refuses both ways; the case file asks for it)."""
    return reason_code == "duplicate"


def _refuse_judged_different(session: Session, case: Case, kept: Case) -> None:
    """Refuse closing ``case`` as a duplicate of ``kept`` when an approver judged the two
    returnees different people: the case would say what the decision denies."""
    a, b = sorted((case.returnee_id, kept.returnee_id))
    flag = session.scalars(
        select(DuplicateFlag.id).where(
            DuplicateFlag.returnee_a_id == a,
            DuplicateFlag.returnee_b_id == b,
            DuplicateFlag.status == "different_people",
        )
    ).first()
    if flag is not None:
        raise Refused(
            N_(
                "case {case} cannot be closed as a duplicate of {kept}: the pair {id} was judged "
                "different people"
            ),
            case=case.number,
            kept=kept.number,
            id=flag,
        )


def close(
    session: Session,
    actor: Any,
    case: Case,
    reason_code: str,
    note: str = "",
    *,
    duplicate_of: Case | None = None,
    kind: str = "transition",
    at: dt.datetime | None = None,
) -> int:
    """Close ``case`` inside the caller's transaction: the one closing of a case, by hand
    (``models.cases.close_case``) or by a duplicate decision (``models.duplicate_review``).
    A case closed as a duplicate names the case kept (``require_kept``); the move is checked
    and audited (``transition``); every hold of the case is released, since a closed case waits
    for nothing. ``at``: the moment it happened (now when not given; the demo dates its past).
    Returns the number of holds released. (Screening's bulk form closes an ineligible case by
    the same rules, row by row in SQL.)"""
    if names_kept_case(reason_code):
        if duplicate_of is None:
            raise Refused(N_("closing as a duplicate needs the case it duplicates"))
        require_kept(case, duplicate_of)
        _refuse_judged_different(session, case, duplicate_of)
    elif duplicate_of is not None:
        raise Refused(N_("only a case closed as a duplicate names another case"))
    transition(session, actor, case, "closed", note, closed_reason=reason_code, kind=kind, at=at)
    if duplicate_of is not None:
        case.duplicate_of_id = duplicate_of.id
    held = list(
        session.scalars(
            select(Hold)
            .where(Hold.case_id == case.id, Hold.released_at.is_(None))
            .order_by(Hold.id)
        )
    )
    now = at or utcnow()
    for h in held:
        h.released_at, h.released_by, h.release_note = now, actor.id or None, note or "closed"
    case.on_hold = False
    session.flush()
    return len(held)


def advance(
    session: Session,
    actor: Any,
    case: Case,
    action: str,
    reason: str = "",
    *,
    at: dt.datetime | None = None,
) -> bool:
    """Move ``case`` where ``action`` takes it from its state (``LEADS_TO``), recorded and
    audited (``at``: the moment it happened, now when not given); False when the action leaves
    it where it is."""
    to_state = leads_to(action, case.state)
    if to_state is None:
        return False
    transition(session, actor, case, to_state, reason, at=at)
    return True


def lock_cases(session: Session, *refs: str | int) -> list[Case]:
    """The cases ``refs`` (numbers or ids), in that order, locked until the transaction ends and
    read as they are now. The rows are locked in id order, as every operation that locks
    several cases does, so two of them never wait for each other (a case closed as the
    duplicate of another while that one is closed as the duplicate of the first)."""
    wanted = [get_case(session, ref).id for ref in refs]
    locked = {
        c.id: c
        for c in session.scalars(
            select(Case)
            .where(Case.id.in_(wanted))
            .order_by(Case.id)
            .with_for_update(of=Case)
            .execution_options(populate_existing=True)
        )
    }
    return [locked[i] for i in wanted]


def get_case(session: Session, number_or_id: str | int, *, lock: bool = False) -> Case:
    """A case by its number or id (``lock``: for update until the transaction ends)."""
    stmt = select(Case)
    if isinstance(number_or_id, int):
        stmt = stmt.where(Case.id == number_or_id)
    else:
        stmt = stmt.where(Case.number == number_or_id.strip().upper())
    if lock:
        stmt = stmt.with_for_update(of=Case)
    case = session.scalars(stmt).first()
    if case is None:
        raise Refused(N_("no case {case}"), case=number_or_id)
    return case
