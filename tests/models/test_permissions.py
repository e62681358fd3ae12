"""Every role tries every action through the real operation; refusals say who may."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from support.cases import eligible, person, register

from models.cases import close_case, mark_signed, register_one
from models.catalogue_edit import set_package
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.holds import close_suspension, open_suspension, place_hold, release_hold
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, record_payment, set_rate
from models.permissions import ACTIONS, allowed
from models.screening import decide
from models.suppliers import add_supplier
from models.vocabulary import label
from reports.agreements import issue
from reports.review_sheet import Scope, write_review_sheet

ROLES = ("registrar", "approver", "finance", "admin", "viewer")
# Written out again on purpose: a change to the table must show up here.
EXPECTED = {
    "case.register": {"registrar"},
    "case.screen": {"approver"},
    "case.hold": {"approver", "admin"},
    "case.release": {"approver", "admin"},
    "case.close": {"registrar", "approver", "admin"},
    "case.sign": {"registrar", "approver"},
    "agreement.issue": {"registrar", "approver", "admin"},
    "grant.plan": {"registrar"},
    "grant.approve": {"approver"},
    "payment.record": {"finance"},
    "payment.adjust": {"finance"},
    "visit.record": {"registrar", "approver"},
    "supplier.edit": {"finance", "admin"},
    "catalogue.edit": {"admin"},
    "rate.set": {"admin"},
    "suspension.open": {"admin"},
    "suspension.close": {"admin"},
    "review.export": {"approver", "admin"},
    "return.submit": {"finance", "admin"},
    "office.sign": {"finance", "admin"},
    "duplicate.decide": {"approver", "admin"},
    "user.manage": {"admin"},
    "backup.make": {"admin"},
    "backup.restore": {"admin"},
    "demo.load": {"admin"},
}
TODAY = dt.date.today()


def _approved(db, users, start=0):
    (case,) = eligible(db, users, start=start)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "300000")])
    approve_grant(db, users["approver"], case)
    return case


def _signed(db, users, start=0):
    case = _approved(db, users, start)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    return case


def _setup(action, db, users, tmp_path):
    """A callable(actor, role) that attempts ``action`` on a case in the right state."""
    if action == "case.register":
        return lambda a, r: register_one(db, a, person(100 + ROLES.index(r)))
    if action == "case.screen":
        (case,) = register(db, users["registrar"])
        return lambda a, r: decide(db, a, case, "needs_information", "waiting")
    if action == "case.hold":
        (case,) = register(db, users["registrar"])
        return lambda a, r: place_hold(db, a, case, "check")
    if action == "case.release":
        (case,) = register(db, users["registrar"])
        for _ in range(3):
            place_hold(db, users["admin"], case, "check")
        return lambda a, r: release_hold(db, a, case, "ok")
    if action == "case.close":
        cases = register(db, users["registrar"], 5)
        return lambda a, r: close_case(db, a, cases[ROLES.index(r)], "opted_out")
    if action == "agreement.issue":
        cases = [_approved(db, users, start=k * 10) for k in range(len(ROLES))]
        return lambda a, r: issue(db, a, cases[ROLES.index(r)], b"k" * 32)
    if action == "case.sign":
        case = _approved(db, users)
        issue(db, users["registrar"], case, b"k" * 32)
        return lambda a, r: mark_signed(db, a, case)
    if action == "grant.plan":
        (case,) = eligible(db, users)
        return lambda a, r: plan_grant(db, a, case, [ItemInput("EDU", "100000")])
    if action == "grant.approve":
        (case,) = eligible(db, users)
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "100000")])
        return lambda a, r: approve_grant(db, a, case)
    if action == "payment.record":
        case = _signed(db, users)
        return lambda a, r: record_payment(
            db, a, PaymentInput(case, 1, "1000", "cash", f"R-{r}"), TODAY
        )
    if action == "payment.adjust":
        case = _signed(db, users)
        record_payment(db, users["finance"], PaymentInput(case, 1, "5000", "cash", "R-0"), TODAY)
        return lambda a, r: adjust_payment(db, a, "R-0", "-100", f"A-{r}", "typo", today=TODAY)
    if action == "visit.record":
        case = _signed(db, users)
        return lambda a, r: record_visit(db, a, case, TODAY, True)
    if action == "supplier.edit":
        return lambda a, r: add_supplier(db, a, f"Supplier {r}")
    if action == "catalogue.edit":
        return lambda a, r: set_package(db, a, "MLI", "EDU", ceiling=Decimal(330000))
    if action == "rate.set":
        return lambda a, r: set_rate(db, a, "2026-10", "XOF", "655.957")
    if action == "suspension.open":
        return lambda a, r: open_suspension(db, a, "office", "spike")
    if action == "suspension.close":
        ids = [open_suspension(db, users["admin"], "office", f"s{i}").id for i in range(5)]
        return lambda a, r: close_suspension(db, a, ids[ROLES.index(r)])
    if action == "review.export":
        register(db, users["registrar"])
        return lambda a, r: write_review_sheet(
            db, a, Scope(state="registered"), tmp_path / f"{r}.xlsx"
        )
    if action == "duplicate.decide":
        from models.duplicate_review import decide as decide_pair
        from models.entities import DuplicateFlag

        numbers = register(db, users["registrar"], 2 * len(ROLES))
        flags = {}
        with db.transaction() as s:
            from models.entities import Case

            ids = [
                s.scalars(select(Case.returnee_id).where(Case.number == n)).one() for n in numbers
            ]
            for k, role in enumerate(ROLES):
                flag = DuplicateFlag(
                    returnee_a_id=ids[2 * k], returnee_b_id=ids[2 * k + 1], score=0.9
                )
                s.add(flag)
                s.flush()
                flags[role] = flag.id
        return lambda a, r: decide_pair(db, a, flags[r], same_person=False)
    if action == "user.manage":
        from models.users import create_user

        return lambda a, r: create_user(db, a, f"new-{r}", "long-enough-1", ["viewer"])
    if action == "backup.make":
        if db.dialect != "sqlite":
            pytest.skip("a server's backups are made with pg_dump")
        from models.backup import backup

        return lambda a, r: backup(db, a, tmp_path / f"{r}.rgm-backup")
    if action == "backup.restore":
        if db.dialect != "sqlite":
            pytest.skip("a server is restored with its own tools")
        from models.backup import backup, restore

        saved = backup(db, users["admin"], tmp_path / "saved.db").path
        return lambda a, r: restore(db, a, saved)
    if action == "demo.load":
        from models.demo import load_demo

        return lambda a, r: load_demo(db, a, cases=3, seed=5, user_password="demo-users-1")
    if action == "office.sign":
        from models.office_keys import office_key

        return lambda a, r: office_key(db, a)
    if action == "return.submit":
        from reports.return_build import make_return

        months = {r: f"2024-{k + 1:02d}" for k, r in enumerate(ROLES)}
        for month in months.values():
            set_rate(db, users["admin"], month, "XOF", Decimal("655.957"))
        return lambda a, r: make_return(db, a, months[r], tmp_path / f"{r}.xlsx", submit=True)
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_role_on_every_action(action, db, users, tmp_path):
    attempt = _setup(action, db, users, tmp_path)
    outcome = {}
    for role in ROLES:
        actor = users[role]
        ok, why = allowed(actor, action)
        try:
            attempt(actor, role)
            outcome[role] = None
        except Refused as err:
            outcome[role] = str(err)
        if role in EXPECTED[action]:
            assert ok and why == ""
            assert outcome[role] is None or "needs the role" not in outcome[role], outcome[role]
        else:
            assert not ok and "needs the role" in why
            assert outcome[role] is not None and "needs the role" in outcome[role]
            # The refusal names who may.
            assert all(label(r) in outcome[role] for r in EXPECTED[action]), outcome[role]
    assert set(EXPECTED) == set(ACTIONS) - {"case.read", "grant.override"}
    # Allowed roles really did it (first allowed role at least).
    assert any(outcome[r] is None for r in EXPECTED[action]), outcome


def test_four_eyes_and_hold_in_the_lifecycle(db, users, new_user):
    both = new_user("oumar", "registrar", "approver")
    (case,) = register(db, both)
    from models import lifecycle

    def option(actor, action):  # type: ignore[no-untyped-def]
        return next(o for o in lifecycle.options(db, actor, case) if o.action == action)

    screen = option(both, "case.screen")
    assert not screen.allowed and "four eyes" in screen.reason.text()
    assert option(users["approver"], "case.screen").allowed
    place_hold(db, users["admin"], case, "x")
    why = option(users["approver"], "grant.approve").reason.text()
    assert "on hold" in why and "approver or administrator may" in why
