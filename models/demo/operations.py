"""The demo's cases through the real operations, in their bulk forms: registration
(``register_returnees``), the import's duplicate check, and screening (``decide_many``: four eyes,
the checklist, the duplicate gate, the moves), each then dated back to the demo's own day."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from models.cases import register_returnees
from models.entities import Case, CaseEvent, DuplicateFlag, Hold, Returnee, Screening
from models.reference import case_language
from models.screening import DecisionInput, decide_many
from models.users import Actor


def checklist(decision: str) -> dict[str, Any]:
    """The screening checklist's answers behind ``decision``."""
    return {
        "nationality_verified": "document",
        "voluntary_return": True,
        "not_assisted_before": decision == "eligible",
        "covered_country_in_period": True,
        "consent": True,
    }


def register(
    s: Session, actors: dict[int, Actor], people: list[dict[str, Any]]
) -> tuple[list[int], list[int], list[str]]:
    """Register ``people`` through the real registration (case numbers, search keys, the case's
    language, audit, holds on arrival), each by its ``created_by``; returns their returnee ids,
    case ids and case numbers in the order of ``people``.

    In bulk: one call per registrar and month (numbers follow the months), then each
    registration is dated back to its own ``created_at``."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for k, p in enumerate(people):
        at = p["created_at"]
        groups.setdefault((at.year, at.month, p["created_by"]), []).append(k)
    returnee_ids, case_ids, numbers = [0] * len(people), [0] * len(people), [""] * len(people)
    for (_year, _month, registrar), members in sorted(groups.items()):
        done = register_returnees(
            s,
            actors[registrar],
            [people[k] for k in members],
            language=case_language,
            when=people[members[0]]["created_at"],
        )
        for k, r in zip(members, done, strict=True):
            returnee_ids[k], case_ids[k], numbers[k] = r.returnee_id, r.case_id, r.case_number
    _date_back(s, people, returnee_ids, case_ids)
    return returnee_ids, case_ids, numbers


def _date_back(
    s: Session, people: list[dict[str, Any]], returnee_ids: list[int], case_ids: list[int]
) -> None:
    """Each registration at its own moment (a demo spreads them over a year and a half)."""
    conn = s.connection()
    returnees, cases, events = table(Returnee).c, table(Case).c, table(CaseEvent).c
    moments = [p["created_at"] for p in people]
    conn.execute(
        update(table(Returnee)).where(returnees.id == bindparam("b_id"))
        .values(created_at=bindparam("b_at")),
        [{"b_id": i, "b_at": at} for i, at in zip(returnee_ids, moments, strict=True)],
    )  # fmt: skip
    conn.execute(
        update(table(Case)).where(cases.id == bindparam("b_id"))
        .values(registered_at=bindparam("b_at"), state_changed_at=bindparam("b_at")),
        [{"b_id": i, "b_at": at} for i, at in zip(case_ids, moments, strict=True)],
    )  # fmt: skip
    conn.execute(
        update(table(CaseEvent))
        .where(events.case_id == bindparam("b_id"), events.kind == "register")
        .values(at=bindparam("b_at")),
        [{"b_id": i, "b_at": at} for i, at in zip(case_ids, moments, strict=True)],
    )  # fmt: skip


def check_duplicates(s: Session, actor: Actor, returnee_ids: list[int]) -> list[tuple[int, int]]:
    """Flag the possible duplicates among the new registrations as an import does; returns the
    pairs flagged (returnee ids)."""
    from models.duplicate_review import new_returnee_matches, save_matches

    matches = new_returnee_matches(s, returnee_ids)
    save_matches(s, actor, matches)
    return [(m.a, m.b) for m in matches]


def same_person(
    s: Session, approvers: tuple[Actor, ...], pair: tuple[int, int], at: dt.datetime
) -> None:
    """The review's judgement that a flagged pair is one person (``decide_in``: the person keeps
    one case, the other is closed as its duplicate; here both are registered, so the later one
    is closed), by the first approver four eyes let decide it."""
    from models.duplicate_review import decide_in, pair_sides
    from models.permissions import allowed

    flag = s.scalars(
        select(DuplicateFlag).where(
            DuplicateFlag.returnee_a_id.in_(pair), DuplicateFlag.returnee_b_id.in_(pair)
        )
    ).one()
    sides = [side for group in pair_sides(s, pair).values() for side in group]
    judge = next(a for a in approvers if all(allowed(a, "duplicate.decide", x)[0] for x in sides))
    decide_in(s, judge, flag, True, "Même personne (enregistrée deux fois)", at=at)


# The screening decision that leads to a demo state (None: not screened), and its reason.
SCREENED = {"eligible": "eligible", "ineligible": "ineligible", "needs_information": "screening"}
RESCREEN_REASON = "Re-vérifié pendant la suspension"
DECISION_REASONS = {
    "eligible": "",
    "ineligible": "Déjà assisté par un autre programme",
    "needs_information": "Pièce d'identité à présenter",
}


def decision_for(state: str, closed_reason: str | None) -> str | None:
    if state in ("eligible", "approved", "signed", "in_progress", "completed"):
        return "eligible"
    if state == "ineligible" or (state == "closed" and closed_reason == "not_eligible"):
        return "ineligible"
    return "needs_information" if state == "screening" else None


def screen(
    s: Session,
    actors: dict[int, Actor],
    decisions: dict[int, list[tuple[int, DecisionInput, dt.datetime]]],
) -> None:
    """Screening by an approver who did not register the case, with the checklist: the real
    decisions (four eyes, duplicate gate, moves) of each approver (``decisions``: approver id ->
    case id, decision, moment), then dated back to the demo's day. A refused one is raised: the
    demo follows the rules."""
    for reviewer, taken in sorted(decisions.items()):
        batch = decide_many(s, actors[reviewer], [item for _cid, item, _at in taken])
        if batch.refusals:
            raise batch.refusals[0].error
        _date_screenings(s, [(cid, at) for cid, _item, at in taken])


def rescreen(s: Session, actor: Actor, cases: list[tuple[int, dt.datetime]]) -> None:
    """Cases held by a suspension re-screened eligible by ``actor`` (the real decision: it
    releases the suspension's hold and says so), each dated back to its moment."""
    if not cases:
        return
    numbers: dict[int, str] = {}
    ids = [cid for cid, _at in cases]
    for start in range(0, len(ids), 900):
        numbers.update(
            s.execute(select(Case.id, Case.number).where(Case.id.in_(ids[start : start + 900])))
            .tuples()
            .all()
        )
    last_event = s.scalar(select(func.max(CaseEvent.id))) or 0
    items = [DecisionInput(numbers[cid], "eligible", RESCREEN_REASON, checklist("eligible"))
             for cid, _at in cases]  # fmt: skip
    batch = decide_many(s, actor, items)
    if batch.refusals:
        raise batch.refusals[0].error
    moved = {o.case_number for o in batch.outcomes if o.from_state != o.to_state}
    rows = [{"b_id": cid, "b_at": at} for cid, at in cases]
    screenings, holds, events = table(Screening).c, table(Hold).c, table(CaseEvent).c
    conn = s.connection()
    conn.execute(
        update(table(Screening))
        .where(screenings.case_id == bindparam("b_id"), screenings.suspension_id.is_not(None))
        .values(decided_at=bindparam("b_at")),
        rows,
    )  # fmt: skip
    conn.execute(
        update(table(Hold))
        .where(holds.case_id == bindparam("b_id"), holds.suspension_id.is_not(None))
        .values(released_at=bindparam("b_at")),
        rows,
    )  # fmt: skip
    conn.execute(
        update(table(CaseEvent))
        .where(events.case_id == bindparam("b_id"), events.id > last_event)
        .values(at=bindparam("b_at")),
        rows,
    )  # fmt: skip
    changed = [{"b_id": cid, "b_at": at} for cid, at in cases if numbers[cid] in moved]
    if changed:
        conn.execute(
            update(table(Case)).where(table(Case).c.id == bindparam("b_id"))
            .values(state_changed_at=bindparam("b_at")),
            changed,
        )  # fmt: skip


def _date_screenings(s: Session, decided: list[tuple[int, dt.datetime]]) -> None:
    """The screenings just taken, each at its own moment (their case's only one so far)."""
    conn = s.connection()
    rows = [{"b_id": cid, "b_at": at} for cid, at in decided]
    screenings, cases, events = table(Screening).c, table(Case).c, table(CaseEvent).c
    conn.execute(
        update(table(Screening)).where(screenings.case_id == bindparam("b_id"))
        .values(decided_at=bindparam("b_at")),
        rows,
    )  # fmt: skip
    conn.execute(
        update(table(Case)).where(cases.id == bindparam("b_id"))
        .values(state_changed_at=bindparam("b_at")),
        rows,
    )  # fmt: skip
    conn.execute(
        update(table(CaseEvent))
        .where(events.case_id == bindparam("b_id"), events.kind == "screening")
        .values(at=bindparam("b_at")),
        rows,
    )  # fmt: skip


def table(model: Any) -> Table:
    """A mapped class's table, for statements over many rows at once."""
    return cast(Table, model.__table__)
