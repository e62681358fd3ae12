"""A grant changed after money was paid: approval against what is paid, a new agreement first.

For every instalment number, what is paid on it never exceeds what the approved plan gives it;
a paid instalment number cannot vanish from a new plan; a changed plan voids the agreement in
force and payments wait until the agreement of the new version is signed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from support.cases import backdate, eligible

from models.cases import mark_signed
from models.entities import Agreement, Case, Disbursement
from models.errors import Refused
from models.grants import ItemInput, approve_grant, case_grants, next_step, plan_grant
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, record_payment
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)
KEY = b"k" * 32


def _pay(db, users, case, n, amount, ref, day=dt.date(2026, 11, 2)):
    return record_payment(
        db, users["finance"], PaymentInput(case, n, amount, "cash", ref, day), today=TODAY
    )


def _sign(db, users, case, day=dt.date(2026, 11, 1)):
    """Record the returnee's signature, dated ``day`` (payments follow it)."""
    view = mark_signed(db, users["registrar"], case)
    backdate(db, case, day)
    return view


def _state(db, number):
    with db.reading() as s:
        return s.scalar(select(Case.state).where(Case.number == number))


def _paid(db, number):
    with db.reading() as s:
        case_id = s.scalar(select(Case.id).where(Case.number == number))
        total = s.scalar(
            select(func.coalesce(func.sum(Disbursement.amount), 0)).where(
                Disbursement.case_id == case_id
            )
        )
        return Decimal(total)


def _edu_paid_200000(db, users):
    """EDU 250,000 paid on signature, signed, 200,000 paid on instalment 1."""
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, KEY)
    _sign(db, users, case)
    _pay(db, users, case, 1, "200000", "R1")
    assert _state(db, case) == "in_progress"
    return case


def test_the_reported_over_payment_is_refused(db, users):
    case = _edu_paid_200000(db, users)
    split = [("50000", "on_signature"), ("200000", "after_monitoring_visit")]
    with pytest.raises(
        Refused, match="instalment 1 .* 50000 XOF, less than the 200000 XOF already paid"
    ):
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")], instalments=split)
    assert [g.version for g in case_grants(db, case)] == [1]  # nothing written
    record_visit(db, users["approver"], case, dt.date(2026, 11, 5), True, True, today=TODAY)
    with pytest.raises(Refused):
        _pay(db, users, case, 2, "200000", "R2")
    assert _paid(db, case) == Decimal(200000)


def test_approval_is_refused_where_an_instalment_would_fall_below_what_is_paid(db, users):
    """Approval checks what is paid when it happens, whatever the draft was checked against."""
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("HOUS", "300000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, KEY)
    _sign(db, users, case)
    _pay(db, users, case, 1, "150000", "R1")
    plan_grant(
        db,
        users["registrar"],
        case,
        [ItemInput("HOUS", "300000")],
        instalments=[("150000", "on_signature"), ("150000", "after_monitoring_visit")],
    )
    # A negative adjustment is allowed while the change waits; the draft is then re-planned.
    adjust_payment(
        db, users["finance"], "R1", "-10000", "ADJ1", "typo", dt.date(2026, 11, 3), TODAY
    )
    plan_grant(
        db,
        users["registrar"],
        case,
        [ItemInput("HOUS", "300000")],
        instalments=[("140000", "on_signature"), ("160000", "after_monitoring_visit")],
    )
    # A payment recorded behind the draft's back (say, by an older version of the program).
    with db.transaction() as s:
        first = s.scalars(select(Disbursement).where(Disbursement.receipt_ref == "R1")).one()
        s.add(
            Disbursement(
                case_id=first.case_id,
                instalment_id=first.instalment_id,
                amount=Decimal(5000),
                currency="XOF",
                paid_on=dt.date(2026, 11, 4),
                method="cash",
                receipt_ref="R-OLD",
            )
        )
    with pytest.raises(
        Refused, match="instalment 1 .* 140000 XOF, less than the 145000 XOF already paid"
    ):
        approve_grant(db, users["approver"], case)
    adjust_payment(
        db, users["finance"], "R-OLD", "-5000", "ADJ2", "typo", dt.date(2026, 11, 4), TODAY
    )
    g = approve_grant(db, users["approver"], case)
    assert [(i.number, i.amount, i.paid) for i in g.instalments] == [
        (1, Decimal(140000), Decimal(140000)),
        (2, Decimal(160000), Decimal(0)),
    ]


def test_a_paid_instalment_cannot_vanish_from_a_new_plan(db, users):
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("HOUS", "300000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, KEY)
    _sign(db, users, case)
    _pay(db, users, case, 1, "150000", "R1")
    record_visit(db, users["approver"], case, dt.date(2026, 11, 5), True, True, today=TODAY)
    _pay(db, users, case, 2, "10000", "R2", dt.date(2026, 11, 6))
    with pytest.raises(Refused, match="no instalment 2, but 10000 XOF was already paid on it"):
        plan_grant(
            db,
            users["registrar"],
            case,
            [ItemInput("HOUS", "300000")],
            instalments=[("300000", "on_signature")],
        )


def test_a_changed_plan_of_a_part_paid_case_needs_a_new_signed_agreement(db, users):
    case = _edu_paid_200000(db, users)
    assert next_step(db, case) is None
    plan_grant(
        db,
        users["registrar"],
        case,
        [ItemInput("EDU", "300000")],
        instalments=[("200000", "on_signature"), ("100000", "after_monitoring_visit")],
    )
    # The case stays in progress (money was paid under it); the agreement in force is void.
    assert _state(db, case) == "in_progress"
    with db.reading() as s:
        assert set(s.scalars(select(Agreement.status))) == {"void"}
    assert next_step(db, case).action == "grant.approve"
    record_visit(db, users["approver"], case, dt.date(2026, 11, 5), True, True, today=TODAY)
    with pytest.raises(Refused, match="waits for approval"):
        _pay(db, users, case, 1, "1", "R2", dt.date(2026, 11, 6))
    with pytest.raises(Refused, match="waits for approval"):
        issue(db, users["registrar"], case, KEY)
    approve_grant(db, users["approver"], case)
    assert next_step(db, case).action == "agreement.issue"
    with pytest.raises(Refused, match="agreement of grant version 2 is not signed"):
        _pay(db, users, case, 2, "100000", "R2", dt.date(2026, 11, 6))
    with pytest.raises(Refused, match="agreement of grant version 2 is not signed"):
        adjust_payment(db, users["finance"], "R1", "1", "ADJ1", "typo", dt.date(2026, 11, 3), TODAY)
    done = issue(db, users["registrar"], case, KEY)
    assert done.number.endswith("-A2")
    assert next_step(db, case).action == "case.sign"
    view = _sign(db, users, case, dt.date(2026, 11, 5))
    assert view.state == "in_progress"
    assert next_step(db, case) is None
    p = _pay(db, users, case, 2, "100000", "R2", dt.date(2026, 11, 6))
    assert p.case_state == "in_progress"
    with pytest.raises(Refused, match="more than what remains"):
        _pay(db, users, case, 1, "1", "R3", dt.date(2026, 11, 6))
    assert _paid(db, case) == Decimal(300000)


def test_a_signed_case_without_payments_goes_back_to_approval(db, users):
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, KEY)
    _sign(db, users, case)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "200000")])
    assert _state(db, case) == "eligible"
    approve_grant(db, users["approver"], case)
    with pytest.raises(Refused, match="payments start once the agreement is signed"):
        _pay(db, users, case, 1, "1000", "R1")
    issue(db, users["registrar"], case, KEY)
    assert _sign(db, users, case).state == "signed"
    _pay(db, users, case, 1, "200000", "R1")


def test_a_new_version_keeps_the_currency_paid_in(db, users):
    from models.catalogue_edit import set_package

    case = _edu_paid_200000(db, users)
    set_package(db, users["admin"], "MLI", "EDU", currency="EUR", ceiling=Decimal(500))
    with pytest.raises(Refused, match="paid in XOF: a new version stays in XOF"):
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "400")])


def test_completion_follows_the_approved_and_signed_version(db, users):
    case = _edu_paid_200000(db, users)
    record_visit(
        db, users["approver"], case, dt.date(2026, 11, 5), True, True, final=True, today=TODAY
    )
    assert _state(db, case) == "in_progress"  # 200,000 of 250,000 paid
    # Reduced to what was paid: complete only once the new agreement is signed.
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "200000")])
    approve_grant(db, users["approver"], case)
    assert _state(db, case) == "in_progress"
    issue(db, users["registrar"], case, KEY)
    _sign(db, users, case)
    assert _state(db, case) == "completed"


def test_the_upgrade_marks_the_versions_already_signed(db, users):
    """0003_money: a grant whose agreement was signed, and a grant of a case past signature
    with no agreement at all (bulk or demo data), are signed; nothing else is."""
    from alembic import command
    from sqlalchemy import update

    from models.entities import Grant

    signed = _edu_paid_200000(db, users)
    (printed,) = eligible(db, users, start=10)
    plan_grant(db, users["registrar"], printed, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], printed)
    issue(db, users["registrar"], printed, KEY)
    (bulk,) = eligible(db, users, start=20)
    plan_grant(db, users["registrar"], bulk, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], bulk)
    with db.transaction() as s:
        s.execute(update(Case).where(Case.number == bulk).values(state="in_progress"))

    def signed_at():
        with db.reading() as s:
            return dict(
                s.execute(
                    select(Case.number, Grant.signed_at).join(Grant, Grant.case_id == Case.id)
                ).all()
            )

    before = signed_at()
    assert before[signed] is not None and before[printed] is None and before[bulk] is None
    with db.engine.begin() as conn:
        command.downgrade(db._alembic(conn), "0001")
    db.upgrade()
    after = signed_at()
    with db.reading() as s:
        agreement_signed = s.scalar(select(Agreement.signed_at).where(Agreement.status == "signed"))
    assert after[signed] == agreement_signed
    assert after[printed] is None
    assert after[bulk] is not None
    assert next_step(db, bulk) is None and next_step(db, printed).action == "case.sign"
