from sqlalchemy import func, select

from models.database import Database
from models.demo import load_demo
from models.entities import Case, Disbursement, Grant, Hold, Instalment, Returnee, Suspension
from models.users import Actor
from models.vocabulary import STATES
from reports.agreements import demo_issuer


def _snapshot(db: Database) -> list[tuple]:
    with db.reading() as s:
        return s.execute(
            select(
                Case.number,
                Case.state,
                Returnee.family_name,
                Returnee.given_names,
                Returnee.birth_date,
            )
            .join(Returnee)
            .order_by(Case.number)
        ).all()


def test_demo_fills_every_state_with_money_holds_and_a_suspension(
    db: Database, admin: Actor
) -> None:
    summary = load_demo(db, admin, cases=600, seed=7, user_password="demo-password",
                        issue_agreement=demo_issuer(b"k" * 32))  # fmt: skip
    assert set(summary.by_state) == set(STATES)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 600
        assert s.scalar(select(func.count()).select_from(Grant)) > 0
        assert s.scalar(select(func.count()).select_from(Instalment)) > 0
        assert s.scalar(select(func.count()).select_from(Disbursement)) > 0
        assert s.scalar(select(func.count()).select_from(Suspension)) == 1
        assert (
            s.scalar(select(func.count()).select_from(Hold).where(Hold.released_at.is_(None))) > 0
        )
        assert s.scalar(select(func.count()).select_from(Case).where(Case.on_hold.is_(True))) > 0
        # Payments never exceed the approved grant.
        over = s.execute(
            select(Grant.id)
            .join(Instalment)
            .join(Disbursement, Disbursement.instalment_id == Instalment.id)
            .group_by(Grant.id, Grant.total)
            .having(func.sum(Disbursement.amount) > Grant.total)
        ).all()
        assert over == []


def test_demo_is_deterministic_for_a_seed(tmp_path, admin: Actor, db: Database) -> None:
    import secrets

    from models.database import raw_key
    from models.office_setup import initialise

    load_demo(db, admin, cases=200, seed=3)
    other = Database.sqlite(tmp_path / "other.db", raw_key(secrets.token_hex(32))).open()
    _o, admin2 = initialise(
        other,
        code="BKO",
        name="Bureau de Bamako",
        country="MLI",
        admin="admin",
        password="admin-password",
    )
    load_demo(other, admin2, cases=200, seed=3, today=None)
    a, b = _snapshot(db), _snapshot(other)
    assert [r[2:] for r in a] == [r[2:] for r in b]


def test_demo_registers_checks_duplicates_and_screens_through_the_real_operations(
    db: Database, admin: Actor
) -> None:
    """Each demo case is a real registration (numbered, audited) and the pairs flagged are those
    the duplicate engine finds, none judged yet; a case in an open pair waits before screening;
    screenings are real decisions (audited, four eyes: never by the case's registrar), the
    re-screenings under the suspension too (they release its hold)."""
    from models.duplicate_review import review_queue, scan
    from models.entities import AuditEvent, DuplicateFlag, Screening

    summary = load_demo(db, admin, cases=400, seed=11, user_password="demo-password")
    assert "mariam" in summary.users
    with db.reading() as s:
        registered = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case.register")
        )
        assert registered == 400
        flags = s.execute(
            select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id, DuplicateFlag.status)
        ).all()
        flagged = {(a, b) for a, b, _status in flags}
        still_open = {r for a, b, status in flags if status == "open" for r in (a, b)}
        waiting = s.execute(select(Case.state).where(Case.returnee_id.in_(still_open))).scalars()
        assert set(waiting) == {"registered"}
        # A pair judged one person by the review: its later case closed as the earlier's duplicate.
        judged = [(a, b) for a, b, status in flags if status == "same_person"]
        assert judged
        for a, b in judged:
            cases = s.scalars(
                select(Case).where(Case.returnee_id.in_((a, b))).order_by(Case.registered_at)
            ).all()
            assert (cases[1].state, cases[1].closed_reason) == ("closed", "duplicate")
            assert cases[1].duplicate_of_id == cases[0].id and cases[0].state != "closed"
        screened = s.execute(select(Screening.reviewer_id, Case.registered_by).join(Case)).all()
        assert screened and all(reviewer != registrar for reviewer, registrar in screened)
        audited = s.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "case.screen")
        )
        assert audited == len(screened)
        # Re-screened under the suspension: the decision released the suspension's hold, then.
        rescreened = s.execute(
            select(Screening.decided_at, Hold.released_at, Hold.released_by, Screening.reviewer_id)
            .join(Hold, (Hold.case_id == Screening.case_id) & (Hold.suspension_id.is_not(None)))
            .where(Screening.suspension_id.is_not(None))
        ).all()
        assert rescreened
        assert all(d == r and by == who for d, r, by, who in rescreened)
    assert flagged
    found = scan(db, admin, save=False)
    assert {(p.returnee_a, p.returnee_b) for p in found.pairs} == flagged
    assert {p.status for p in review_queue(db, status=None)} == {"open", "same_person"}


def test_a_cancelled_demo_writes_nothing(db: Database, admin: Actor) -> None:
    """The demo is one transaction that checks its job between phases: a cancel (the window's
    Cancel button) rolls everything back, and the database stays empty for a later load."""
    import pytest

    from models.entities import AuditEvent
    from models.jobs import Cancelled, RecordingJob

    with db.reading() as s:
        events = s.scalar(select(func.count()).select_from(AuditEvent))
    job = RecordingJob(cancel_after=2)
    with pytest.raises(Cancelled):
        load_demo(db, admin, cases=100, seed=3, user_password="demo-password", job=job)
    assert len(job.reports) == 2
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert load_demo(db, admin, cases=50, seed=3).cases == 50
