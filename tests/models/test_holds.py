import datetime as dt
import time

import pytest
from sqlalchemy import func, select
from support.cases import FULL_YES, register

from models.cases import close_case
from models.entities import Case, Hold
from models.errors import Refused
from models.holds import (
    close_suspension,
    get_suspension,
    held_case_numbers,
    open_suspension,
    place_hold,
    release_hold,
)
from models.screening import decide


def _case(db, number):
    with db.reading() as s:
        return s.execute(
            select(Case.state, Case.closed_reason, Case.on_hold).where(Case.number == number)
        ).one()


def test_hold_and_release_by_hand(db, users):
    (case,) = register(db, users["registrar"])
    with pytest.raises(Refused, match="needs the role approver or administrator"):
        place_hold(db, users["finance"], case, "documents to check")
    place_hold(db, users["approver"], case, "documents to check")
    assert _case(db, case).on_hold
    released = release_hold(db, users["approver"], case, "documents seen")
    assert len(released) == 1
    assert not _case(db, case).on_hold
    with pytest.raises(Refused, match="not on hold"):
        release_hold(db, users["approver"], case, "again")


def test_suspension_scopes_holds_and_release_by_screening(db, users):
    reg = users["registrar"]
    gao = register(db, reg, 4, start=0, transit_centre="Gao")
    agadez = register(db, reg, 2, start=10, transit_centre="Agadez")
    decide(db, users["approver"], gao[3], "ineligible", "x", FULL_YES | {"consent": "no"})
    close_case(db, users["approver"], gao[3], "opted_out", "left")
    with pytest.raises(Refused, match="needs the role administrator"):
        open_suspension(db, users["approver"], "transit_centre", "spike", "gao")
    sus = open_suspension(db, users["admin"], "transit_centre", "spike at Gao", "gao")
    assert (sus.held, sus.released) == (3, 0)
    assert all(_case(db, n).on_hold for n in gao[:3])
    assert not any(_case(db, n).on_hold for n in agadez)
    # A manual release does not lift a suspension's hold.
    with pytest.raises(Refused, match="a fresh screening decision releases it"):
        release_hold(db, users["approver"], gao[0], "ok")
    # New registrations in scope are held on arrival; others are not.
    new = register(db, reg, 1, start=20, transit_centre="GAO")
    other = register(db, reg, 1, start=30, transit_centre="Agadez")
    assert _case(db, new[0]).on_hold and not _case(db, other[0]).on_hold
    assert get_suspension(db, sus.id).held == 4
    # Re-screening: eligible goes back where it was, ineligible is closed.
    decide(db, users["approver"], gao[0], "eligible", answers=FULL_YES)
    decide(db, users["approver"], gao[1], "ineligible", "not Malian", FULL_YES | {"consent": "no"})
    decide(db, users["approver"], gao[2], "needs_information", "call back")
    c0, c1, c2 = (_case(db, n) for n in gao[:3])
    assert (c0.state, c0.on_hold) == ("eligible", False)
    assert (c1.state, c1.closed_reason, c1.on_hold) == ("closed", "not_eligible", False)
    assert (c2.state, c2.on_hold) == ("screening", True)
    view = get_suspension(db, sus.id)
    assert (view.held, view.released, view.still_held) == (4, 2, 2)
    assert held_case_numbers(db, sus.id) == sorted([gao[2], new[0]])
    with pytest.raises(Refused, match="still holds 2 cases"):
        close_suspension(db, users["admin"], sus.id)
    closed = close_suspension(db, users["admin"], sus.id, release_remaining=True, note="lifted")
    assert closed.closed_at is not None and closed.still_held == 0
    assert not _case(db, gao[2]).on_hold
    # After closing, new registrations are no longer held.
    later = register(db, reg, 1, start=40, transit_centre="Gao")
    assert not _case(db, later[0]).on_hold


def test_registration_dates_and_country_scopes(db, users):
    reg = users["registrar"]
    jan = dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)
    feb = dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC)
    a = register(db, reg, 2, start=0, when=jan)
    b = register(db, reg, 2, start=10, when=feb, country_of_origin="GIN", nationality="GIN")
    with pytest.raises(Refused, match="needs a first or a last registration date") as err:
        open_suspension(db, users["admin"], "registration_dates", "x")
    assert err.value.advice == "suspension.dates"  # the CLI says --from/--to, the window not
    s1 = open_suspension(
        db,
        users["admin"],
        "registration_dates",
        "Jan",
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 1, 31),
    )
    assert s1.held == 2 and all(_case(db, n).on_hold for n in a)
    s2 = open_suspension(db, users["admin"], "country_of_origin", "GIN spike", "gin")
    assert s2.held == 2 and all(_case(db, n).on_hold for n in b)


def test_suspension_over_many_cases_is_set_based(db, users):
    register(db, users["registrar"], 1500, transit_centre="Gao")
    t0 = time.perf_counter()
    sus = open_suspension(db, users["admin"], "office", "whole office re-screening")
    elapsed = time.perf_counter() - t0
    assert sus.held == 1500
    with db.reading() as s:
        assert (
            s.scalar(select(func.count()).select_from(Case).where(Case.on_hold.is_(True))) == 1500
        )
        assert s.scalar(select(func.count()).select_from(Hold)) == 1500
    print(f"suspension over 1500 cases: {elapsed:.2f} s on {db.dialect}")
