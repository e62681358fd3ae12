"""The monthly return gathered from the database: figures of a known month, submission, lock."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import audit, office_keys
from models.cases import register_returnees
from models.database import Database
from models.entities import (
    AuditAnchor,
    Case,
    CaseEvent,
    Disbursement,
    ExchangeRate,
    Grant,
    GrantItem,
    Hold,
    Instalment,
    MonitoringVisit,
    MonthlyReturn,
    PackageType,
    Screening,
)
from models.errors import Refused
from models.jobs import Cancelled, Job
from models.payments import PaymentInput, pay, record_payment
from models.users import Actor
from reports import return_build
from reports.monthly_return import read_return
from reports.return_build import gather, make_return

OCT = dt.datetime(2026, 10, 10, 9, tzinfo=dt.UTC)


def _people() -> list[dict]:
    base = dict(sex="M", birth_date=dt.date(1995, 5, 1), nationality="MLI", household_size=1)
    return [
        dict(base, source_ref="R1", family_name="Keïta", given_names="Moussa"),
        dict(
            base,
            source_ref="R2",
            family_name="Diarra",
            given_names="Awa",
            sex="F",
            birth_date=dt.date(2010, 2, 2),
        ),
        dict(
            base,
            source_ref="R3",
            family_name="Touré",
            given_names="Issa",
            birth_date=dt.date(1960, 1, 1),
        ),
    ]


@pytest.fixture
def month(db: Database, users: dict[str, Actor]) -> list[str]:
    """October 2026: three registrations; one found eligible, approved 1,000,000 XOF, paid
    600,000; one held; plus a September case closed in October."""
    rita, abdou = users["registrar"], users["approver"]
    with db.transaction() as s:
        sept = register_returnees(
            s,
            rita,
            [dict(_people()[0], source_ref="R0", given_names="Sidiki")],
            when=OCT - dt.timedelta(days=40),
        )
        regs = register_returnees(s, rita, _people(), when=OCT)
        c1 = s.get(Case, regs[0].case_id)
        for state, day in (("eligible", 12), ("approved", 14), ("signed", 15), ("in_progress", 20)):
            s.add(
                CaseEvent(
                    case_id=c1.id,
                    at=OCT.replace(day=day),
                    user_id=abdou.id,
                    kind="transition",
                    to_state=state,
                )
            )
        c1.state = "in_progress"
        s.add(
            Screening(
                case_id=c1.id,
                reviewer_id=abdou.id,
                decision="eligible",
                decided_at=OCT.replace(day=12),
            )
        )
        pkg = s.scalars(
            select(PackageType).where(PackageType.country == "MLI", PackageType.code == "ECO-IND")
        ).one()
        g = Grant(
            case_id=c1.id,
            currency="XOF",
            total=Decimal(1_000_000),
            ceiling=pkg.ceiling,
            state="approved",
            approved_by=abdou.id,
            approved_at=OCT.replace(day=14),
            signed_at=OCT.replace(day=15),  # the returnee signed its agreement
        )
        s.add(g)
        s.flush()
        s.add(GrantItem(grant_id=g.id, package_type_id=pkg.id, amount=Decimal(1_000_000)))
        i1 = Instalment(grant_id=g.id, number=1, amount=Decimal(600_000), condition="on_signature")
        s.add_all(
            [
                i1,
                Instalment(
                    grant_id=g.id,
                    number=2,
                    amount=Decimal(400_000),
                    condition="after_monitoring_visit",
                ),
            ]
        )
        s.flush()
        s.add(
            Disbursement(
                case_id=c1.id,
                instalment_id=i1.id,
                amount=Decimal(600_000),
                currency="XOF",
                paid_on=dt.date(2026, 10, 20),
                method="cash",
                receipt_ref="RC-1",
                paid_by=abdou.id,
            )
        )
        c2 = s.get(Case, regs[1].case_id)
        s.add(Hold(case_id=c2.id, reason="documents", placed_at=OCT.replace(day=11)))
        c2.on_hold = True
        c0 = s.get(Case, sept[0].case_id)
        s.add(CaseEvent(case_id=c0.id, at=OCT.replace(day=2), kind="transition", to_state="closed"))
        c0.state, c0.closed_reason = "closed", "opted_out"
    return [r.case_number for r in regs] + [sept[0].case_number]


def test_the_figures_of_a_known_month(db: Database, users, month) -> None:
    data = gather(db, users["finance"], "2026-10")
    rows = {c.case_number: c for c in data.cases}
    assert set(rows) == set(month)
    c1, c2, c3, c0 = (rows[n] for n in month)
    assert c1.registered and c1.found_eligible and c1.agreement_signed and c1.assistance_started
    assert (
        c1.state == "in_progress"
        and c1.approved_local == Decimal(1_000_000)
        and c1.package_types == ("ECO-IND",)
    )
    assert c2.on_hold and c2.age_band == "0-17" and c3.age_band == "60+"
    assert c0.closed and not c0.active_at_month_end and not c0.registered
    assert [(d.case_number, d.amount_local) for d in data.disbursements] == [
        (month[0], Decimal(600_000))
    ]
    assert {i.kind for i in data.issues} == {"hold", "missing_rate"}
    # A later month does not see October's events, and November is empty of them.
    nov = gather(db, users["finance"], "2026-11")
    assert not any(c.registered for c in nov.cases)


def test_submission_needs_the_rate_then_locks_the_month(
    db: Database, users, month, tmp_path
) -> None:
    with pytest.raises(Refused, match="exchange rates are missing"):
        make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx", submit=True)
    with db.transaction() as s:
        s.add(ExchangeRate(month="2026-10", currency="XOF", per_eur=Decimal("655.957")))
    with pytest.raises(Refused, match="may not"):
        make_return(db, users["registrar"], "2026-10", tmp_path / "r.xlsx", submit=True)
    first = make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx", submit=True)
    content = read_return(tmp_path / "r.xlsx")
    assert content.data_sha256 == first.written.data_sha256
    assert content.cover["total_disbursed_local"] in (600000, Decimal(600000), "600000")
    with db.reading() as s:
        row = s.scalars(select(MonthlyReturn)).one()
        assert row.status == "submitted" and row.file_hash == first.file_sha256
    with pytest.raises(Refused, match="already submitted"):
        make_return(db, users["finance"], "2026-10", tmp_path / "r2.xlsx", submit=True)
    again = make_return(db, users["finance"], "2026-10", tmp_path / "r3.xlsx")
    assert again.written.data_sha256 == first.written.data_sha256  # same month, same figures


def test_the_history_converts_each_payment_as_the_return_does(
    db: Database, users, month, tmp_path
) -> None:
    # Three payments of 1,000 GNF at 10,000 GNF and 655.957 XOF a euro are 65.5957 XOF each:
    # 66 + 66 + 66 = 198 payment by payment, as the return lists them, but 196.7871 -> 197 if
    # the month's total were rounded once. 10 EUR are 6,559.57 -> 6,560 XOF: EUR needs no rate.
    with db.transaction() as s:
        s.add_all(
            [
                ExchangeRate(month="2026-10", currency="XOF", per_eur=Decimal("655.957")),
                ExchangeRate(month="2026-10", currency="GNF", per_eur=Decimal(10_000)),
            ]
        )
        case_id = s.scalars(select(Case.id).where(Case.number == month[0])).one()
        inst_id = s.scalars(
            select(Instalment.id)
            .join(Grant)
            .where(Grant.case_id == case_id, Instalment.number == 1)
        ).one()

        def pay_in(ref: str, amount: int, currency: str) -> None:
            s.add(
                Disbursement(case_id=case_id, instalment_id=inst_id, amount=Decimal(amount),
                             currency=currency, paid_on=dt.date(2026, 10, 21), method="cash",
                             receipt_ref=ref, paid_by=users["approver"].id)
            )  # fmt: skip

        for ref in ("GN-1", "GN-2", "GN-3"):
            pay_in(ref, 1000, "GNF")
    data = gather(db, users["finance"], "2026-10")
    paid = {d.receipt_reference: d.amount_local for d in data.disbursements}
    assert paid == {"RC-1": 600_000, "GN-1": 66, "GN-2": 66, "GN-3": 66}
    assert data.history[-1].month == "2026-10"
    assert data.history[-1].disbursed_local == sum(paid.values()) == 600_198  # not 600,197
    with db.transaction() as s:
        pay_in("EU-1", 10, "EUR")
    data = gather(db, users["finance"], "2026-10")
    assert not [i for i in data.issues if i.kind == "missing_rate"]  # EUR is 1 EUR a euro
    paid = {d.receipt_reference: d.amount_local for d in data.disbursements}
    assert paid["EU-1"] == 6560
    october = data.history[-1]
    assert october.disbursed_local == sum(paid.values()) == 606_758
    assert october.disbursed_eur == Decimal("925.00")  # 606,758 / 655.957 = 924.99...
    make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx")
    cover = read_return(tmp_path / "r.xlsx").cover
    assert Decimal(str(cover["total_disbursed_local"])) == october.disbursed_local


# -- submission: one transaction with the lock; the anchor and the signature ------------------


NOV_5 = dt.date(2026, 11, 5)


@pytest.fixture
def payable(db: Database, users, month) -> str:
    """October with its rate, and case 1's second instalment payable (its visit was made)."""
    with db.transaction() as s:
        s.add(ExchangeRate(month="2026-10", currency="XOF", per_eur=Decimal("655.957")))
        case = s.scalars(select(Case).where(Case.number == month[0])).one()
        s.add(
            MonitoringVisit(case_id=case.id, visited_on=dt.date(2026, 10, 22), condition_met=True)
        )
    return month[0]


def _late_payment(case: str, ref: str = "LATE-1") -> PaymentInput:
    return PaymentInput(case=case, instalment=2, amount="100000", method="cash",
                        receipt_ref=ref, paid_on=dt.date(2026, 10, 25))  # fmt: skip


def _receipts(path) -> set[str]:  # type: ignore[no-untyped-def]
    return {d["receipt_reference"] for d in read_return(path).disbursements}


def test_a_payment_made_while_the_return_is_written_is_in_it_or_refused(
    db: Database, users, payable, tmp_path, monkeypatch
) -> None:
    """The return is being written (its data gathered) when finance records a payment in the
    month: it must land in the submitted file or be refused as locked, never be left out."""
    real_write = return_build.write_return
    gathered, go = threading.Event(), threading.Event()

    def paused_write(*args, **kwargs):  # type: ignore[no-untyped-def]
        gathered.set()
        go.wait(60)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(return_build, "write_return", paused_write)
    out = tmp_path / "r.xlsx"
    outcome: dict[str, object] = {}

    def submit() -> None:
        try:
            outcome["return"] = make_return(db, users["finance"], "2026-10", out, submit=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["return"] = exc

    def payment() -> None:
        try:
            outcome["payment"] = record_payment(
                db, users["finance"], _late_payment(payable), today=NOV_5
            )
        except BaseException as exc:  # noqa: BLE001
            outcome["payment"] = exc

    submitter = threading.Thread(target=submit)
    submitter.start()
    assert gathered.wait(60)
    payer = threading.Thread(target=payment)
    payer.start()
    payer.join(3)  # without the lock it is recorded at once, behind the return's back
    go.set()
    submitter.join(60)
    payer.join(60)
    assert not isinstance(outcome["return"], BaseException), outcome["return"]
    paid = outcome["payment"]
    if isinstance(paid, BaseException):
        assert isinstance(paid, Refused) and "locked" in str(paid)
    else:
        assert "LATE-1" in _receipts(out), "a payment of the month is missing from its return"
    with db.reading() as s:
        assert audit.verify(s) is None


def test_a_payment_being_recorded_when_the_return_starts_is_in_it(
    db: Database, users, payable, tmp_path
) -> None:
    """Finance's transaction has written the payment but not committed when the submission
    starts: the submission waits for it and the payment is in the file."""
    paid, go, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def payment() -> None:
        try:
            with db.transaction() as s:
                pay(s, users["finance"], _late_payment(payable), today=NOV_5)
                paid.set()
                go.wait(60)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            paid.set()
        finally:
            done.set()

    payer = threading.Thread(target=payment)
    payer.start()
    assert paid.wait(60) and not errors, errors
    out = tmp_path / "r.xlsx"
    result: list[object] = []
    submitter = threading.Thread(
        target=lambda: result.append(make_return(db, users["finance"], "2026-10", out, submit=True))
    )
    submitter.start()
    submitter.join(1.5)
    go.set()
    payer.join(60)
    submitter.join(60)
    assert not errors and result, (errors, result)
    assert "LATE-1" in _receipts(out)


def test_a_failed_write_leaves_the_month_open(db: Database, users, payable, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(return_build, "write_return", broken)
    with pytest.raises(OSError):
        make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx", submit=True)
    assert not list(tmp_path.glob("r.xlsx*"))
    with db.reading() as s:
        assert s.scalars(select(MonthlyReturn)).first() is None
        assert s.scalars(select(AuditAnchor)).first() is None
    record_payment(db, users["finance"], _late_payment(payable), today=NOV_5)  # still open


def test_a_cancelled_return_leaves_the_month_open(db: Database, users, payable, tmp_path):  # type: ignore[no-untyped-def]
    asked = iter([False, True])  # cancelled once the return is being written
    job = Job(cancelled=lambda: next(asked, True))
    with pytest.raises(Cancelled):
        make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx", submit=True, job=job)
    assert not list(tmp_path.glob("r.xlsx*"))
    with db.reading() as s:
        assert s.scalars(select(MonthlyReturn)).first() is None
    record_payment(db, users["finance"], _late_payment(payable), today=NOV_5)  # still open


def test_the_submitted_return_carries_a_signed_anchor_of_the_audit_chain(
    db: Database, users, payable, tmp_path
) -> None:
    out = tmp_path / "r.xlsx"
    result = make_return(db, users["finance"], "2026-10", out, submit=True)
    content = read_return(out)
    key = office_keys.office_key(db)
    assert content.office_key == key.fingerprint == result.office_key
    assert (content.audit_length, content.audit_head) == (
        result.anchor.length,
        result.anchor.head,
    )
    from reports.trusted_keys import OfficePublicKey, check_signature

    check_signature(content, {key.fingerprint: OfficePublicKey("BKO", "", key.public_bytes)})
    with db.reading() as s:
        kept = s.scalars(select(AuditAnchor)).one()
        assert (kept.length, kept.head, kept.month) == (content.audit_length, content.audit_head,
                                                        "2026-10")  # fmt: skip
        events = s.scalars(select(audit.AuditEvent).order_by(audit.AuditEvent.id)).all()
        assert events[content.audit_length - 1].hash == content.audit_head
        assert events[-1].action == "return.submit"
        assert audit.verify(s, anchors=[audit.anchor(s)]) is None
    draft = make_return(db, users["finance"], "2026-10", tmp_path / "d.xlsx")
    assert read_return(tmp_path / "d.xlsx").signature and draft.anchor.length > result.anchor.length


# -- the same with real processes ------------------------------------------------------------


PAYMENTS = 5000  # of 1 XOF: more than a loaded machine makes while the return is submitted


def _pay_until_locked(kind: str, where: str, key: str, actor: Actor, case: str, tag: str) -> int:
    """A finance officer in another process: small payments until the month is locked."""
    db = Database.sqlite(where, key) if kind == "sqlite" else Database.server(where)
    try:
        for i in range(PAYMENTS):
            time.sleep(0.01)  # a person at a keyboard, not a loop holding the write lock
            try:
                record_payment(
                    db, actor,
                    PaymentInput(case=case, instalment=2, amount="1", method="cash",
                                 receipt_ref=f"{tag}-{i}", paid_on=dt.date(2026, 10, 26)),
                    today=dt.date(2026, 11, 5),
                )  # fmt: skip
            except Refused as refusal:
                if "is locked" in refusal.msgid:
                    return i
                raise
        return PAYMENTS
    finally:
        db.close()


def test_payments_from_other_processes_are_in_the_return_or_refused(
    db: Database,
    users,
    payable,
    tmp_path,  # noqa: F811
) -> None:
    url = db.engine.url
    if db.dialect == "sqlite":
        args = ("sqlite", url.database, url.password)
    else:
        args = ("postgres", url.render_as_string(hide_password=False), "")
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(2) as pool:
        runs = [
            pool.apply_async(_pay_until_locked, (*args, users["finance"], payable, f"W{n}"))
            for n in range(2)
        ]

        def paid() -> int:
            with db.reading() as s:
                return s.scalar(
                    select(func.count()).select_from(Disbursement).where(
                        Disbursement.receipt_ref.like("W%")
                    )
                ) or 0  # fmt: skip

        deadline = time.monotonic() + 120
        while paid() < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert paid() >= 4, "the other processes did not start paying"
        out = tmp_path / "r.xlsx"
        make_return(db, users["finance"], "2026-10", out, submit=True)
        made = [r.get(timeout=300) for r in runs]
    assert all(n < PAYMENTS for n in made), "a process was never refused: the month was not locked"
    with db.reading() as s:
        in_month = set(
            s.scalars(
                select(Disbursement.receipt_ref).where(
                    Disbursement.paid_on >= dt.date(2026, 10, 1),
                    Disbursement.paid_on <= dt.date(2026, 10, 31),
                )
            )
        )
        total = s.scalar(select(func.sum(Disbursement.amount)).where(
            Disbursement.receipt_ref.like("W%"))) or Decimal(0)  # fmt: skip
    assert in_month == _receipts(out), "payments of the month missing from its return"
    assert total == sum(made)


def test_the_status_its_authors_and_the_lock_are_signed_in_the_file(
    db: Database, users, payable, tmp_path
) -> None:
    """#11: a reader trusts the status, who submitted, whether the month is locked: signed."""
    before = make_return(db, users["finance"], "2026-10", tmp_path / "before.xlsx")
    draft = read_return(before.path)
    assert (draft.status, draft.month_locked, draft.signed_texts["submitted_by"]) == (
        "draft", False, "")  # fmt: skip
    make_return(db, users["finance"], "2026-10", tmp_path / "r.xlsx", submit=True)
    sent = read_return(tmp_path / "r.xlsx")
    name = users["finance"].username
    assert (sent.status, sent.month_locked, sent.signed_texts["submitted_by"]) == (
        "submitted", True, name)  # fmt: skip
    assert sent.signed_texts["generated_by"] == name and sent.signed_texts["generated_at"]
    after = make_return(db, users["finance"], "2026-10", tmp_path / "after.xlsx")
    copy = read_return(after.path)  # a later draft of the locked month says both
    assert (copy.status, copy.month_locked) == ("draft", True)
    key = office_keys.office_key(db)
    from reports.monthly_return import check_submitted
    from reports.trusted_keys import OfficePublicKey, check_signature

    trusted = {key.fingerprint: OfficePublicKey("BKO", "", key.public_bytes)}
    for content in (draft, sent, copy):
        check_signature(content, trusted)
    check_submitted(sent)
    for content in (draft, copy):
        with pytest.raises(Refused, match="draft"):
            check_submitted(content)
