"""The demo's later life goes through the real operations: what the data says agrees with what
the operations would have let happen (a copy of a rule creeping back shows here)."""

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from models import audit
from models.database import Database
from models.demo import load_demo
from models.entities import (
    Agreement,
    AuditEvent,
    Case,
    Disbursement,
    Grant,
    Instalment,
    MonitoringVisit,
    Returnee,
)
from models.grants import local_day
from models.lifecycle import money_step, options_for, read_facts
from models.users import Actor
from reports import agreements
from reports.agreements import demo_issuer

KEY = b"d" * 32
PAST_APPROVAL = ("signed", "in_progress", "completed")


def _load(db: Database, admin: Actor, cases: int = 300, seed: int = 9) -> None:
    load_demo(db, admin, cases=cases, seed=seed, user_password="demo-password",
              issue_agreement=demo_issuer(KEY))  # fmt: skip


def test_every_signed_case_has_its_approved_grant_s_agreement_signed(
    db: Database, admin: Actor
) -> None:
    _load(db, admin)
    with db.reading() as s:
        rows = s.execute(
            select(Case.number, Case.state, Grant.id, Grant.signed_at)
            .join(Grant, (Grant.case_id == Case.id) & (Grant.state == "approved"))
            .where(Case.state.in_(PAST_APPROVAL))
        ).all()
        assert {state for _n, state, _g, _at in rows} == set(PAST_APPROVAL)
        without_grant = s.scalar(
            select(func.count())
            .select_from(Case)
            .where(
                Case.state.in_(PAST_APPROVAL),
                ~select(Grant.id)
                .where(Grant.case_id == Case.id, Grant.state == "approved")
                .exists(),
            )
        )
        assert without_grant == 0
        signed = {
            grant: (status, code)
            for grant, status, code in s.execute(
                select(Agreement.grant_id, Agreement.status, Agreement.code)
            )
        }
        for number, _state, grant, signed_at in rows:
            assert signed.get(grant, ("none",))[0] == "signed", number
            assert signed_at is not None, number
        # issued with the key the front end gave: the verification finds them
        code = signed[rows[0][2]][1]
        assert agreements.verify(db, KEY, code).valid
        # an approved case waits for its agreement (none was issued for it)
        assert (
            s.scalar(
                select(func.count())
                .select_from(Agreement)
                .join(Case, Case.id == Agreement.case_id)
                .where(Case.state == "approved")
            )
            == 0
        )


def test_no_demo_case_is_offered_what_its_data_contradicts(db: Database, admin: Actor) -> None:
    """``rgm case show`` and the case file ask the lifecycle: a signed or paid case is never
    offered a first agreement or a signature, and money may follow it unless it is held."""
    _load(db, admin, cases=200, seed=5)
    with db.reading() as s:
        for case in s.scalars(select(Case)):
            facts = read_facts(s, case)
            possible = {o.action for o in options_for(admin, facts) if o.possible}
            if case.state in PAST_APPROVAL:
                assert "agreement.issue" not in possible, case.number
                assert "case.sign" not in possible, case.number
                assert money_step(facts) is None, case.number
            if case.state == "in_progress" and not case.on_hold:
                assert "payment.record" in possible, case.number
            if case.state == "approved" and not case.on_hold:
                assert "agreement.issue" in possible, case.number
            if case.state in ("completed", "closed"):
                assert "case.close" not in possible, case.number


def test_closed_duplicates_name_a_kept_case_of_the_same_person(db: Database, admin: Actor) -> None:
    _load(db, admin, cases=600, seed=7)
    with db.reading() as s:
        closed = s.scalars(
            select(Case).where(Case.state == "closed", Case.closed_reason == "duplicate")
        ).all()
        assert closed, "the demo has re-registrations closed as duplicates"
        for case in closed:
            kept = s.get(Case, case.duplicate_of_id)
            assert kept is not None and kept.state != "closed", case.number
            a, b = case.returnee, kept.returnee
            assert (a.nationality, a.sex, a.birth_date.year, a.place_of_origin) == (
                b.nationality,
                b.sex,
                b.birth_date.year,
                b.place_of_origin,
            ), case.number
            assert kept.registered_at <= case.registered_at, case.number
        # only duplicates name another case
        assert (
            s.scalar(
                select(func.count())
                .select_from(Case)
                .where(Case.duplicate_of_id.is_not(None), Case.closed_reason != "duplicate")
            )
            == 0
        )
        assert s.scalar(select(func.count()).select_from(Returnee)) == 600


def test_payments_follow_the_order_the_signature_and_the_audit(db: Database, admin: Actor) -> None:
    """Every payment went through ``pay``: audited, never before its agreement was signed, an
    instalment only once the one before is paid in full, a visit before the instalments that
    need one; the audit chain of the whole load verifies."""
    _load(db, admin)
    with db.reading() as s:
        pays = s.execute(
            select(Disbursement.case_id, Disbursement.paid_on, Disbursement.amount,
                   Instalment.number, Instalment.amount, Instalment.condition, Grant.signed_at)
            .join(Instalment, Instalment.id == Disbursement.instalment_id)
            .join(Grant, Grant.id == Instalment.grant_id)
            .order_by(Disbursement.case_id, Disbursement.paid_on, Disbursement.id)
        ).all()  # fmt: skip
        assert pays
        audited = s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "payment.record")
        )
        assert audited == len(pays)
        by_case: dict[int, list[tuple[int, Decimal, Decimal]]] = {}
        for case_id, paid_on, amount, number, planned, condition, signed_at in pays:
            assert signed_at is not None and paid_on >= local_day(signed_at)
            assert paid_on < dt.date.today()
            before = by_case.setdefault(case_id, [])
            assert [n for n, _a, _p in before] == list(range(1, number)), case_id
            assert all(a == p for _n, a, p in before), "earlier instalments paid in full"
            before.append((number, amount, planned))
            if condition == "after_monitoring_visit":
                assert s.scalar(
                    select(func.count())
                    .select_from(MonitoringVisit)
                    .where(MonitoringVisit.case_id == case_id,
                           MonitoringVisit.visited_on <= paid_on)
                ), case_id  # fmt: skip
        completed = s.scalars(select(Case.id).where(Case.state == "completed")).all()
        assert completed
        finals = set(
            s.scalars(select(MonitoringVisit.case_id).where(MonitoringVisit.final.is_(True)))
        )
        assert set(completed) <= finals
        assert audit.verify(s) is None


def test_without_agreements_no_case_goes_past_approval(db: Database, admin: Actor) -> None:
    """Plain tests and tools that give no way to issue an agreement get cases up to approved,
    never a case signed or paid without one."""
    summary = load_demo(db, admin, cases=200, seed=5, user_password="demo-password")
    assert not set(summary.by_state) & set(PAST_APPROVAL)
    assert summary.by_state.get("approved")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Disbursement)) == 0
        assert s.scalar(select(func.count()).select_from(Agreement)) == 0
