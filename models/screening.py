"""Eligibility screening: the office checklist and decisions, one case or thousands at once.

A decision needs every mandatory item of the checklist answered (``eligible`` needs each one
satisfied); ``ineligible`` and ``needs_information`` need a reason. Four eyes: nobody decides a
case they registered or planned. A fresh ``eligible`` or ``ineligible`` decision releases the holds
a suspension put on the case: eligible goes back where it was, ineligible is closed (not eligible).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from models import audit
from models.database import Database
from models.duplicate_gate import undecided
from models.entities import Case, CaseEvent, Grant, Hold, Screening
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.lifecycle import CaseFacts, decision_leads_to, refusal, require_move
from models.payments import complete_released
from models.permissions import check
from models.users import Actor
from models.vocabulary import DECISIONS, label


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str  # English msgid
    mandatory: bool
    answers: tuple[str, ...]
    satisfied_by: tuple[str, ...]


YES_NO = ("yes", "no")
CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "nationality_verified",
        N_("Nationality verified, and how"),
        True,
        ("document", "consular_interview", "not_verified"),
        ("document", "consular_interview"),
    ),
    ChecklistItem("voluntary_return", N_("Voluntary return declared"), True, YES_NO, ("yes",)),
    ChecklistItem("not_assisted_before", N_("Not assisted before"), True, YES_NO, ("yes",)),
    ChecklistItem(
        "covered_country_in_period",
        N_("Returned from a covered country within the programme period"),
        True,
        YES_NO,
        ("yes",),
    ),
    ChecklistItem("consent", N_("Consent to data processing given"), True, YES_NO, ("yes",)),
    ChecklistItem(
        "vulnerability_assessed", N_("Vulnerabilities assessed"), False, YES_NO, ("yes",)
    ),
)
ITEMS = {item.code: item for item in CHECKLIST}
# The answers in words, each one the reader takes back (``_SYNONYMS``), in either language.
ANSWER_WORDS = {
    "yes": N_("yes"),
    "no": N_("no"),
    "document": N_("identity document"),
    "consular_interview": N_("consular interview"),
    "not_verified": N_("not verified"),
}


def item_text(code: str, lang: str | None = None) -> str:
    """A checklist item as the review sheet and the window name it (its column title)."""
    item = ITEMS.get(code)
    return translate(item.text, lang) if item is not None else code


def _items_text(codes: Sequence[str]) -> str:
    return "; ".join(item_text(c) for c in codes)


def _answers_text(item: ChecklistItem) -> str:
    return ", ".join(translate(ANSWER_WORDS.get(a, a)) for a in item.answers)


_SYNONYMS = {
    "yes": "yes",
    "y": "yes",
    "oui": "yes",
    "o": "yes",
    "true": "yes",
    "no": "no",
    "n": "no",
    "non": "no",
    "false": "no",
    "consular interview": "consular_interview",
    "entretien consulaire": "consular_interview",
    "not verified": "not_verified",
    "non vérifiée": "not_verified",
    "non verifiee": "not_verified",
    "pièce": "document",
    "piece": "document",
    "identity document": "document",
    "pièce d'identité": "document",
    "piece d'identite": "document",
}


@dataclass(frozen=True)
class DecisionInput:
    """One decision to take: on which case, what, why, with the checklist answers."""

    case: str
    decision: str
    reason: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class Outcome:
    case_number: str
    decision: str
    from_state: str
    to_state: str
    released_holds: int
    still_on_hold: bool


@dataclass(frozen=True)
class Refusal:
    index: int
    case: str
    error: Refused


@dataclass(frozen=True)
class Batch:
    outcomes: list[Outcome]
    refusals: list[Refusal]


def normalise_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Answers as stored: the item's own codes (yes/no/document/...); unknown items refused."""
    result: dict[str, str] = {}
    for code, raw in answers.items():
        item = ITEMS.get(code)
        if item is None:
            raise Refused(N_("unknown checklist item {item}"), item=code)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if isinstance(raw, bool):
            value = "yes" if raw else "no"
        else:
            text = str(raw).strip().lower().replace("_", " ")
            value = _SYNONYMS.get(text, text.replace(" ", "_"))
        if value not in item.answers:
            raise Refused(
                N_("{value!r} is not an answer to {item}: {answers}"),
                value=raw,
                item=item_text(code),
                answers=_answers_text(item),
                checklist_item=code,  # not in the text: the column an import points to
            )
        result[code] = value
    return result


def check_decision(decision: str, reason: str, answers: Mapping[str, str]) -> None:
    """Refuse a decision that the checklist does not support."""
    if decision not in DECISIONS:
        raise Refused(
            N_("unknown decision {decision!r}; decisions are {decisions}"),
            decision=decision,
            decisions=", ".join(DECISIONS),
        )
    if decision != "needs_information":
        missing = [i.code for i in CHECKLIST if i.mandatory and i.code not in answers]
        if missing:
            raise Refused(
                N_("the checklist is not complete: {items} not answered"),
                items=_items_text(missing),
            )
    if decision == "eligible":
        unmet = [
            i.code
            for i in CHECKLIST
            if i.code in answers and i.mandatory and answers[i.code] not in i.satisfied_by
        ]
        if unmet:
            raise Refused(N_("cannot be eligible: {items} not satisfied"), items=_items_text(unmet))
    elif not reason.strip():
        raise Refused(N_("a decision {decision} needs a reason"), decision=label(decision))


def decide(
    db: Database,
    actor: Actor,
    case: str,
    decision: str,
    reason: str = "",
    answers: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """Take one screening decision on ``case`` (approver, four eyes)."""
    item = DecisionInput(case, decision, reason, answers or {}, expected_version)
    with db.transaction() as s:
        batch = decide_many(s, actor, [item])
        if batch.refusals:
            raise batch.refusals[0].error
        return batch.outcomes[0]


@dataclass
class _CaseRow:
    id: int
    number: str
    state: str
    version: int
    registered_by: int | None
    planned_by: int | None
    returnee_id: int
    planners: set[int] = field(default_factory=set)
    holds: list[tuple[int, int | None]] = field(default_factory=list)  # (hold id, suspension id)


def _load(session: Session, numbers: Sequence[str]) -> dict[str, _CaseRow]:
    rows: dict[str, _CaseRow] = {}
    wanted = sorted({n.strip().upper() for n in numbers})
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        stmt = (
            select(
                Case.id,
                Case.number,
                Case.state,
                Case.version,
                Case.registered_by,
                Case.planned_by,
                Case.returnee_id,
            )
            .where(Case.number.in_(chunk))
            .order_by(Case.id)  # rows locked in id order, as lifecycle.lock_cases does
            .with_for_update()
        )
        for r in session.execute(stmt):
            rows[r.number] = _CaseRow(*r)
    by_id = {r.id: r for r in rows.values()}
    case_ids = sorted(by_id)
    for start in range(0, len(case_ids), 900):
        id_chunk = case_ids[start : start + 900]
        for cid, planner in session.execute(
            select(Grant.case_id, Grant.planned_by).where(Grant.case_id.in_(id_chunk))
        ):
            if planner:
                by_id[cid].planners.add(planner)
        for hid, cid, sid in session.execute(
            select(Hold.id, Hold.case_id, Hold.suspension_id).where(
                Hold.case_id.in_(id_chunk), Hold.released_at.is_(None)
            )
        ):
            by_id[cid].holds.append((hid, sid))
    return rows


def _facts(row: _CaseRow, waits: Any) -> CaseFacts:
    """What the lifecycle needs to know of a case to screen it."""
    return CaseFacts(
        row.number,
        row.state,
        on_hold=bool(row.holds),
        registered_by=row.registered_by,
        planned_by=row.planned_by,
        grant_planners=tuple(sorted(row.planners)),
        duplicate_check_pending=bool(waits and waits.check_pending),
        open_duplicate_flag=waits.open_flag if waits else None,
    )


def decide_many(
    session: Session,
    actor: Actor,
    items: Sequence[DecisionInput],
    job: Job = NO_JOB,
) -> Batch:
    """Apply many decisions in the caller's transaction with bulk statements.

    Each refused item is returned with its reason (four eyes, changed since the sheet was made,
    incomplete checklist...); the others are applied. ``job``: progress between cases; a cancel
    raises ``Cancelled`` before the bulk writes (the caller's transaction rolls back).
    """
    check(actor, "case.screen")
    cases = _load(session, [i.case for i in items])
    waiting = undecided(session, (r.returnee_id for r in cases.values()))
    now = utcnow()
    uid = actor.id or None
    outcomes: list[Outcome] = []
    refusals: list[Refusal] = []
    seen: set[str] = set()
    screenings: list[dict[str, Any]] = []
    case_updates: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    releases: list[dict[str, Any]] = []
    audits: list[tuple[object, dict[str, Any], dict[str, Any]]] = []
    total = len(items)
    for index, item in enumerate(items):
        number = item.case.strip().upper()
        try:
            row = cases.get(number)
            if row is None:
                raise Refused(N_("no case {case}"), case=item.case)
            if number in seen:
                raise Refused(N_("case {case} appears twice"), case=number)
            seen.add(number)
            if item.expected_version is not None and item.expected_version != row.version:
                raise Refused(
                    N_(
                        "case {case} changed since the sheet was made (version {then}, now "
                        "{now}); export a new sheet"
                    ),
                    case=number,
                    then=item.expected_version,
                    now=row.version,
                )
            why = refusal(actor, _facts(row, waiting.get(row.returnee_id)), "case.screen")
            if why is not None:
                raise why
            answers = normalise_answers(item.answers)
            check_decision(item.decision, item.reason, answers)
            suspension_holds = [h for h in row.holds if h[1] is not None]
            to_state, closed_reason = decision_leads_to(
                item.decision, row.state, bool(suspension_holds)
            )
            if to_state != row.state:
                require_move(row, to_state)
        except Refused as err:
            refusals.append(Refusal(index, item.case, err))
            continue
        released: list[tuple[int, int | None]] = []
        if to_state == "closed":
            released = list(row.holds)
        elif item.decision in ("eligible", "ineligible"):
            released = suspension_holds
        still_held = len(row.holds) > len(released)
        screenings.append(
            {
                "case_id": row.id,
                "reviewer_id": uid,
                "decided_at": now,
                "decision": item.decision,
                "reason": item.reason,
                "answers": json.dumps(answers, sort_keys=True),
                "suspension_id": suspension_holds[0][1] if suspension_holds else None,
            }
        )
        case_updates.append(
            {
                "b_id": row.id,
                "b_state": to_state,
                "b_closed": closed_reason,
                "b_hold": still_held,
                "b_changed": now if to_state != row.state else None,
            }
        )
        events.append(_event(row.id, now, uid, "screening", row.state, to_state, item.reason))
        for hid, _sid in released:
            releases.append(
                {"b_id": hid, "b_by": uid, "b_at": now, "b_note": label(item.decision, "en")}
            )
            events.append(_event(row.id, now, uid, "release", None, None, item.reason))
        audits.append(
            (
                row.id,
                {"state": row.state, "version": row.version},
                {
                    "decision": item.decision,
                    "reason": item.reason,
                    "answers": answers,
                    "state": to_state,
                    "closed_reason": closed_reason,
                    "released_holds": [h for h, _ in released],
                },
            )
        )
        outcomes.append(
            Outcome(number, item.decision, row.state, to_state, len(released), still_held)
        )
        row.version += 1
        if index % 200 == 0:
            job.progress(index, total)
            job.check()
    _write(session, actor, screenings, case_updates, events, releases, audits)
    # A case in progress that waited only for its suspension's hold: complete now.
    complete_released(
        session, actor, [cases[o.case_number].id for o in outcomes
                         if o.released_holds and not o.still_on_hold]
    )  # fmt: skip
    job.progress(total, total)
    return Batch(outcomes, refusals)


def _event(
    case_id: int,
    at: Any,
    uid: int | None,
    kind: str,
    from_state: str | None,
    to_state: str | None,
    reason: str,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": at,
        "user_id": uid,
        "kind": kind,
        "from_state": from_state,
        "to_state": to_state,
        "reason": reason,
    }


def _write(
    session: Session,
    actor: Actor,
    screenings: list[dict[str, Any]],
    case_updates: list[dict[str, Any]],
    events: list[dict[str, Any]],
    releases: list[dict[str, Any]],
    audits: list[tuple[object, dict[str, Any], dict[str, Any]]],
) -> None:
    if not screenings:
        return
    session.execute(insert(Screening), screenings)
    cases = cast(Table, Case.__table__)
    session.execute(
        update(cases)
        .where(cases.c.id == bindparam("b_id"))
        .values(
            state=bindparam("b_state"),
            closed_reason=bindparam("b_closed"),
            on_hold=bindparam("b_hold"),
            version=cases.c.version + 1,
        ),
        case_updates,
    )
    changed = [u for u in case_updates if u["b_changed"] is not None]
    if changed:
        session.execute(
            update(cases)
            .where(cases.c.id == bindparam("b_id"))
            .values(state_changed_at=bindparam("b_changed")),
            [{"b_id": u["b_id"], "b_changed": u["b_changed"]} for u in changed],
        )
    session.execute(insert(CaseEvent), events)
    if releases:
        holds = cast(Table, Hold.__table__)
        session.execute(
            update(holds)
            .where(holds.c.id == bindparam("b_id"))
            .values(
                released_by=bindparam("b_by"),
                released_at=bindparam("b_at"),
                release_note=bindparam("b_note"),
            ),
            releases,
        )
    audit.record_bulk(session, actor, "case.screen", "cases", audits)  # type: ignore[arg-type]
    # ORM objects loaded earlier in this session must not keep stale versions.
    session.expire_all()
