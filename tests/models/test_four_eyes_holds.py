"""Four eyes on lifting holds (the sibling of deciding one's own duplicate pair, issue #11):
nobody releases a hold on a case they registered or planned, nor closes a suspension releasing
such a case without its re-screening."""

from __future__ import annotations

import pytest
from support.cases import FULL_YES, register

from models.database import Database
from models.errors import Refused
from models.grants import ItemInput, plan_grant
from models.holds import close_suspension, open_suspension, place_hold, release_hold
from models.screening import decide
from models.users import Actor


def test_nobody_releases_a_hold_on_a_case_they_registered_or_planned(
    db: Database,
    users: dict[str, Actor],
    new_user,  # type: ignore[no-untyped-def]
) -> None:
    both = new_user("bintou", "registrar", "approver")
    planner = new_user("paul", "registrar", "approver")
    (mine,) = register(db, both)
    place_hold(db, users["admin"], mine, "complaint")
    with pytest.raises(Refused, match=f"four eyes: bintou registered or planned case {mine}"):
        release_hold(db, both, mine, "all fine")
    assert release_hold(db, users["approver"], mine, "papers seen")
    (planned,) = register(db, users["registrar"], start=1)
    decide(db, users["approver"], planned, "eligible", answers=FULL_YES)
    plan_grant(db, planner, planned, [ItemInput("EDU", "100000")])
    place_hold(db, users["admin"], planned, "complaint")
    with pytest.raises(Refused, match=f"four eyes: paul registered or planned case {planned}"):
        release_hold(db, planner, planned, "all fine")
    assert release_hold(db, users["admin"], planned, "papers seen")


def test_a_suspension_is_not_lifted_over_one_s_own_registrations(
    db: Database,
    users: dict[str, Actor],
    new_user,  # type: ignore[no-untyped-def]
) -> None:
    boss = new_user("bakary", "admin", "registrar")
    register(db, users["registrar"], 2)
    (mine,) = register(db, boss, start=5)
    sus = open_suspension(db, users["admin"], "office", "spike")
    with pytest.raises(Refused, match=f"four eyes: bakary registered or planned case {mine}"):
        close_suspension(db, boss, sus.id, release_remaining=True, note="lifted")
    # Re-screened by someone else, the case no longer stands in the way.
    decide(db, users["approver"], mine, "eligible", answers=FULL_YES)
    closed = close_suspension(db, boss, sus.id, release_remaining=True, note="lifted")
    assert closed.closed_at is not None
