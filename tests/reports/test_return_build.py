"""The monthly return gathered from the database: figures of a known month, submission, lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from models.cases import register_returnees
from models.database import Database
from models.entities import (
    Case,
    CaseEvent,
    Disbursement,
    ExchangeRate,
    Grant,
    GrantItem,
    Hold,
    Instalment,
    MonthlyReturn,
    PackageType,
    Screening,
)
from models.errors import Refused
from models.users import Actor
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
