"""The monthly return from the database: gathering a month, writing it, submitting it.

A case is in the return when it was registered by the end of the month and was either still open
at the end of it or had something happen to it during it. States at month end come from the case
history, so a return made later for an earlier month shows that month as it was. Amounts in
another currency than the office's (a Guinean package paid in GNF by a Malian office) are
converted through the month's euro rates; a missing rate is listed on ``Data quality`` and blocks
submission, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import audit, money, monthly_returns, months, office_keys
from models.database import Database
from models.entities import (
    Agreement,
    Case,
    CaseEvent,
    Disbursement,
    DuplicateFlag,
    Grant,
    GrantItem,
    Hold,
    Instalment,
    Office,
    PackageType,
    Returnee,
    Screening,
)
from models.i18n import N_
from models.jobs import NO_JOB, Job
from models.payments import rates_of
from models.permissions import allowed, check_now
from models.users import Actor
from models.vocabulary import OPEN_STATES
from reports.monthly_return import ReturnWritten, write_return
from reports.return_data import (
    DataQualityIssue,
    ReturnCase,
    ReturnData,
    ReturnDisbursement,
    age_band,
)
from reports.return_history import month_history
from reports.xlsx_safe import output_file


def gather(db: Database, actor: Actor, month: str, now: dt.datetime | None = None) -> ReturnData:
    """Everything the return of ``month`` (YYYY-MM) reports, as of now."""
    month = months.check_month(month)
    with db.reading() as s:
        return gather_in(s, actor, month, now)


def gather_in(
    s: Session,
    actor: Actor,
    month: str,
    now: dt.datetime | None = None,
    anchor: audit.Anchor | None = None,
) -> ReturnData:
    """``gather`` inside the caller's session (the submission's transaction); ``anchor``: the
    audit chain's length and head that the return carries."""
    month = months.check_month(month)
    first, last = months.bounds(month)
    t0, t1 = months.instants(month)
    office = s.scalars(select(Office)).one()
    rates = rates_of(s, (month,))[month]
    issues: list[DataQualityIssue] = []
    missing: set[str] = set()

    def to_local(amount: Decimal, currency: str) -> Decimal:
        local = money.in_currency(amount, currency, office.currency, rates)
        if local is None:
            missing.add(currency if currency not in rates else office.currency)
            return Decimal(0)
        return local

    # States at month end, from the history of transitions.
    state_at: dict[int, str] = {}
    for case_id, to_state in s.execute(
        select(CaseEvent.case_id, CaseEvent.to_state)
        .where(CaseEvent.at < t1, CaseEvent.to_state.is_not(None))
        .order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)
    ):
        state_at[case_id] = to_state
    moved_in_month: dict[int, set[str]] = {}
    for case_id, to_state in s.execute(
        select(CaseEvent.case_id, CaseEvent.to_state).where(CaseEvent.at >= t0, CaseEvent.at < t1)
    ):
        moved_in_month.setdefault(case_id, set()).add(to_state)
    eligible_in_month = set(
        s.scalars(
            select(Screening.case_id).where(
                Screening.decision == "eligible",
                Screening.decided_at >= t0,
                Screening.decided_at < t1,
            )
        )
    )
    signed_in_month = set(
        s.scalars(
            select(Agreement.case_id).where(Agreement.signed_at >= t0, Agreement.signed_at < t1)
        )
    )
    first_payment: dict[int, dt.date] = dict(
        s.execute(
            select(Disbursement.case_id, func.min(Disbursement.paid_on)).group_by(
                Disbursement.case_id
            )
        )
        .tuples()
        .all()
    )
    # A case whose only news is a payment (an adjustment after it was completed, a payment dated
    # before its closing) is in the return all the same: every payment of the month is.
    paid_in_month = set(
        s.scalars(
            select(Disbursement.case_id).where(
                Disbursement.paid_on >= first, Disbursement.paid_on <= last
            )
        )
    )
    held_at_end = set(
        s.scalars(
            select(Hold.case_id).where(
                Hold.placed_at < t1, or_(Hold.released_at.is_(None), Hold.released_at >= t1)
            )
        )
    )
    # The grant in force at month end (latest approved before it) and what was approved in it.
    grants: dict[int, Grant] = {}
    for g in s.scalars(
        select(Grant).where(Grant.approved_at < t1).order_by(Grant.case_id, Grant.version)
    ):
        grants[g.case_id] = g
    approved_in_month: dict[int, Decimal] = {}
    for g in s.scalars(select(Grant).where(Grant.approved_at >= t0, Grant.approved_at < t1)):
        approved_in_month[g.case_id] = approved_in_month.get(g.case_id, Decimal(0)) + to_local(
            g.total, g.currency
        )
    codes: dict[int, set[str]] = {}
    for grant_id, code in s.execute(select(GrantItem.grant_id, PackageType.code).join(PackageType)):
        codes.setdefault(grant_id, set()).add(code)

    cases: list[ReturnCase] = []
    numbers: dict[int, str] = {}
    rows = s.execute(
        select(
            Case.id,
            Case.number,
            Case.registered_at,
            Returnee.sex,
            Returnee.birth_date,
            Returnee.birth_precision,
            Returnee.country_of_origin,
        )
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(Case.registered_at < t1)
        .order_by(Case.number)
    )
    for r in rows:
        numbers[r.id] = r.number
        state = state_at.get(r.id, "registered")
        events = moved_in_month.get(r.id, set())
        registered = t0 <= r.registered_at < t1
        started = r.id in first_payment and first <= first_payment[r.id] <= last
        active = state in OPEN_STATES
        flags = dict(
            registered=registered,
            found_eligible=r.id in eligible_in_month,
            agreement_signed=r.id in signed_in_month or "signed" in events,
            assistance_started=started,
            completed="completed" in events,
            closed="closed" in events,
        )
        if not active and not any(flags.values()) and r.id not in paid_in_month:
            continue
        grant = grants.get(r.id)
        cases.append(
            ReturnCase(
                case_number=r.number,
                sex=r.sex,
                age_band=age_band(r.birth_date, last, r.birth_precision),
                country_of_origin=r.country_of_origin,
                state=state,
                package_types=tuple(sorted(codes.get(grant.id, ()))) if grant else (),
                on_hold=r.id in held_at_end,
                active_at_month_end=active,
                approved_local=approved_in_month.get(r.id, Decimal(0)),
                **flags,
            )
        )
    in_return = {c.case_number for c in cases}

    pays: list[ReturnDisbursement] = []
    originals = aliased_paid_on(s)
    submitted = monthly_returns.locked_months(
        s, {month, *(months.month_of(day) for day in originals.values())}
    )
    inst_numbers: dict[int, int] = dict(
        s.execute(select(Instalment.id, Instalment.number)).tuples().all()
    )
    for d in s.scalars(
        select(Disbursement)
        .where(Disbursement.paid_on >= first, Disbursement.paid_on <= last)
        .order_by(Disbursement.paid_on, Disbursement.id)
    ):
        number = numbers.get(d.case_id)
        if number is None or number not in in_return:
            continue
        inst = d.instalment_id
        adjusted = originals.get(d.adjusts_id) if d.adjusts_id else None
        pays.append(
            ReturnDisbursement(
                case_number=number,
                instalment=inst_numbers[inst],
                paid_on=d.paid_on,
                amount_local=to_local(d.amount, d.currency),
                method=d.method,
                receipt_reference=d.receipt_ref,
                adjustment_of=months.month_of(adjusted)
                if adjusted and months.month_of(adjusted) in submitted
                else "",
            )
        )

    for f in s.scalars(
        select(DuplicateFlag).where(DuplicateFlag.status == "open", DuplicateFlag.found_at < t1)
    ):
        a = s.scalars(select(Case.number).where(Case.returnee_id == f.returnee_a_id)).first() or ""
        b = s.scalars(select(Case.number).where(Case.returnee_id == f.returnee_b_id)).first() or ""
        issues.append(DataQualityIssue("duplicate_flag", f"{a} / {b}", f"{f.score:.2f}"))
    for case_id, reason in s.execute(
        select(Hold.case_id, Hold.reason)
        .where(Hold.placed_at < t1, or_(Hold.released_at.is_(None), Hold.released_at >= t1))
        .order_by(Hold.case_id)
    ):
        if case_id in numbers:
            issues.append(DataQualityIssue("hold", numbers[case_id], reason[:200]))
    if office.currency not in rates:
        missing.add(office.currency)
    for currency in sorted(missing):
        issues.append(DataQualityIssue("missing_rate", month, currency))
    return ReturnData(
        office_code=office.code,
        office_name=office.name,
        month=month,
        currency=office.currency,
        eur_rate=rates.get(office.currency),
        generated_by=actor.username,
        generated_at=now or dt.datetime.now(dt.UTC),
        cases=tuple(cases),
        disbursements=tuple(pays),
        issues=tuple(issues),
        audit_length=anchor.length if anchor else None,
        audit_head=anchor.head if anchor else "",
        language=office.language,
        history=month_history(s, month, office.currency),
        month_locked=month in submitted,
    )


def aliased_paid_on(s: Session) -> dict[int, dt.date]:
    """paid_on of every disbursement that an adjustment refers to."""
    adjusted = select(Disbursement.adjusts_id).where(Disbursement.adjusts_id.is_not(None))
    return dict(
        s.execute(
            select(Disbursement.id, Disbursement.paid_on).where(Disbursement.id.in_(adjusted))
        )
        .tuples()
        .all()
    )


@dataclass(frozen=True)
class ReturnResult:
    path: Path
    written: ReturnWritten
    file_sha256: str
    submitted: bool
    cases: int = 0
    disbursements: int = 0
    anchor: audit.Anchor | None = None  # the audit chain's length and head the file carries
    office_key: str = ""  # fingerprint of the office key that signed it


@dataclass(frozen=True)
class _File(monthly_returns.Written):
    written: ReturnWritten | None = None
    cases: int = 0
    disbursements: int = 0


def return_file_name(db: Database, month: str) -> str:
    """The return's usual name: ``RETURN-<office>-<month>.xlsx``."""
    office = db.office()
    return f"RETURN-{office.code if office else 'RGM'}-{month}.xlsx"


def make_return(
    db: Database,
    actor: Actor,
    month: str,
    out: str | Path | None,
    submit: bool = False,
    job: Job = NO_JOB,
    today: dt.date | None = None,
) -> ReturnResult:
    """Write the return of ``month``, signed with the office's key and carrying the audit
    chain's length and head; with ``submit``, gather it and lock the month in one transaction
    (``models.monthly_returns.submit``), so a payment recorded meanwhile is either in the file
    or refused as locked. ``out``: a file, or a folder for the usual name in it."""
    check_now(db, actor, "case.read")
    job.check()
    month = months.check_month(month)
    out = output_file(out, return_file_name(db, month), (".xlsx",))
    if submit:
        monthly_returns.check_submittable(db, actor, month, today)
    # Signed by who may sign for the office (finance, administrators); another role's draft is
    # not (headquarters refuse drafts anyway). Before the transaction: the key may be made now.
    key = office_keys.office_key(db, actor) if allowed(actor, "office.sign")[0] else None
    tmp = out.with_name(out.name + ".part")

    def write_data(data: ReturnData) -> _File:
        written = write_return(data, tmp, job=job, signer=key)
        job.check(N_("Writing the return was cancelled"))
        return _File(
            file_sha256=hashlib.sha256(tmp.read_bytes()).hexdigest(),
            data_sha256=written.data_sha256,
            office_key=key.fingerprint if key else "",
            written=written,
            cases=len(data.cases),
            disbursements=len(data.disbursements),
        )

    def write(s: Session, point: audit.Anchor) -> _File:
        data = gather_in(s, actor, month, anchor=point)
        missing = [i.detail for i in data.issues if i.kind == "missing_rate"]
        if data.eur_rate is None and not missing:
            missing = [f"{data.currency} {month}"]
        monthly_returns.refuse_missing_rates(month, missing)
        return write_data(replace(data, submitted=True))

    try:
        if submit:
            made, point = monthly_returns.submit(db, actor, month, write, today)
        else:  # a draft: gathered in one reading, written after it (nothing waits for the file)
            with db.reading() as s:
                point = audit.anchor(s)
                data = gather_in(s, actor, month, anchor=point)
            made = write_data(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(out)
    assert made.written is not None
    return ReturnResult(
        out, made.written, made.file_sha256, submit, made.cases, made.disbursements, point,
        made.office_key,
    )  # fmt: skip


__all__ = ["ReturnResult", "gather", "gather_in", "make_return", "return_file_name"]
