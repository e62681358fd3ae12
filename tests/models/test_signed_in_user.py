"""#11: a user deactivated, or who lost a role, while a window or a long command is open keeps
no power: every permission is checked against the user as the database holds them now."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from support.cases import backdate, eligible

from models import audit, permissions
from models.database import Database
from models.entities import AuditEvent, Disbursement
from models.errors import SignedOut
from models.grants import ItemInput, approve_grant, plan_grant
from models.payments import PaymentInput, record_payment, set_rate
from models.suppliers import add_supplier
from models.users import SYSTEM, Actor, create_user, set_active, set_roles
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)


def _payable(db: Database, users_: dict) -> str:  # type: ignore[type-arg]
    from models.cases import mark_signed

    (case,) = eligible(db, users_)
    add_supplier(db, users_["finance"], "Atelier")
    plan_grant(db, users_["registrar"], case, [ItemInput("ECO-IND", "1000000", "Atelier")])
    approve_grant(db, users_["approver"], case)
    issue(db, users_["registrar"], case, b"k" * 32)
    mark_signed(db, users_["registrar"], case)
    backdate(db, case, dt.date(2026, 10, 1))  # signed before the payments' day
    set_rate(db, users_["admin"], "2026-10", "XOF", "655.957")
    return case


def _pay(db: Database, actor: Actor, case: str, ref: str) -> None:
    record_payment(
        db, actor,
        PaymentInput(case, 1, "100000", "supplier_payment", ref, dt.date(2026, 10, 5), "Atelier"),
        today=TODAY,
    )  # fmt: skip


def _payments(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Disbursement)) or 0


def test_a_deactivated_user_can_no_longer_pay_with_the_actor_of_their_sign_in(
    db: Database, users: dict
) -> None:  # type: ignore[type-arg]
    case = _payable(db, users)
    fanta = users["finance"]  # signed in before, window still open
    _pay(db, fanta, case, "R1")
    set_active(db, users["admin"], "fanta", False)
    with pytest.raises(SignedOut, match="fanta was deactivated"):
        _pay(db, fanta, case, "R2")
    assert _payments(db) == 1
    with db.reading() as s:  # nothing of the refused payment in the trail, and it is intact
        assert audit.verify(s) is None
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "user.active"
    set_active(db, users["admin"], "fanta", True)
    _pay(db, fanta, case, "R2")  # active again: the same sign-in works again
    assert _payments(db) == 2


def test_a_role_taken_away_is_taken_away_at_once(db: Database, users: dict) -> None:  # type: ignore[type-arg]
    case = _payable(db, users)
    fanta = users["finance"]
    set_roles(db, users["admin"], "fanta", ["viewer"])
    with pytest.raises(SignedOut, match="roles of fanta were changed .*viewer"):
        _pay(db, fanta, case, "R1")
    assert _payments(db) == 0
    # a role added does not end the session: what was allowed stays allowed
    set_roles(db, users["admin"], "fanta", ["finance", "registrar"])
    _pay(db, fanta, case, "R1")
    assert _payments(db) == 1


def test_check_with_the_session_reads_the_user_now(db: Database, users: dict) -> None:  # type: ignore[type-arg]
    approver = users["approver"]
    with db.reading() as s:
        permissions.check(approver, "case.screen", session=s)
    set_active(db, users["admin"], "abdou", False)
    permissions.check(approver, "case.screen")  # the captured actor alone still says yes
    with db.reading() as s, pytest.raises(SignedOut, match="abdou was deactivated"):
        permissions.check(approver, "case.screen", session=s)
    with pytest.raises(SignedOut):
        permissions.check_now(db, approver, "case.screen")


def test_the_audit_trail_refuses_an_inactive_actor_as_a_backstop(db: Database, users: dict) -> None:  # type: ignore[type-arg]
    viewer = users["viewer"]
    set_active(db, users["admin"], "victor", False)
    with db.transaction() as s, pytest.raises(SignedOut):
        audit.record(s, viewer, "case.read", "cases", 1)
    with db.transaction() as s, pytest.raises(SignedOut):
        audit.record_texts(s, viewer, "case.read", "cases", [(1, None, None)])
    with db.transaction() as s:  # the system and a user still active are recorded
        audit.record(s, SYSTEM, "x", "t", 1)
        audit.record(s, users["admin"], "x", "t", 2)


def test_files_are_not_written_for_a_deactivated_user(db: Database, users: dict, tmp_path) -> None:  # type: ignore[no-untyped-def, type-arg]
    from models.backup import backup
    from reports.cases_export import export_cases
    from reports.return_build import make_return

    admin = users["admin"]
    fanta = users["finance"]
    set_active(db, admin, "fanta", False)
    with pytest.raises(SignedOut):
        make_return(db, fanta, "2026-10", tmp_path / "r.xlsx")
    with pytest.raises(SignedOut):
        export_cases(db, tmp_path / "c.xlsx", actor=fanta)
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "c.xlsx").exists()
    assert not list(tmp_path.glob("*.part"))
    if db.engine.dialect.name == "sqlite":  # backups are of SQLite files
        second = create_user(db, admin, "ada", "ada-password", ["admin"])
        set_active(db, admin, "ada", False)
        with pytest.raises(SignedOut):
            backup(db, second, tmp_path / "b.db")
        assert not (tmp_path / "b.db").exists()


def test_a_deactivation_waits_for_a_write_under_way_and_applies_to_the_next(
    db: Database, users: dict
) -> None:  # type: ignore[type-arg]
    """On a shared server: the deactivation records its own event, so it waits for the chain
    lock a write under way holds; that write was allowed, the next one is not."""
    import threading

    if db.dialect == "sqlite":
        pytest.skip("SQLite has one writer at a time: no write is under way beside another")
    fanta = users["finance"]
    done = threading.Event()
    with db.transaction() as s:
        audit.lock_chain(s)
        worker = threading.Thread(
            target=lambda: (set_active(db, users["admin"], "fanta", False), done.set())
        )
        worker.start()
        assert not done.wait(0.5)  # the administrator's change waits for the chain
        audit.record(s, fanta, "case.note", "cases", 1)  # fanta is still active for this one
    worker.join(10)
    assert done.is_set()
    with db.transaction() as s, pytest.raises(SignedOut):
        audit.record(s, fanta, "case.note", "cases", 2)
    with db.reading() as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).order_by(AuditEvent.id))]
        assert actions[-2:] == ["case.note", "user.active"] and audit.verify(s) is None
