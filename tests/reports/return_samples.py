"""A month with known events, used by the monthly return and consolidation tests."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from reports.return_data import DataQualityIssue, ReturnCase, ReturnData, ReturnDisbursement

RATE = Decimal("655.957")  # XOF per EUR: 655,957 XOF are exactly 1,000 EUR
INJECTIONS = ('=HYPERLINK("http://evil.example","x")', "+22376123456", "-ECO", "@SUM(A1)")


def month_data(
    office: str = "BKO", month: str = "2025-03", rate: Decimal | None = RATE, shuffle: bool = False
) -> ReturnData:
    cases = [
        ReturnCase(
            f"{office}-2025-000001",
            "F",
            "18-24",
            "GIN",
            "eligible",
            registered=True,
            found_eligible=True,
            active_at_month_end=True,
        ),
        ReturnCase(
            f"{office}-2025-000002",
            "M",
            "25-34",
            "GIN",
            "in_progress",
            ("ECO-SHOP",),
            agreement_signed=True,
            assistance_started=True,
            active_at_month_end=True,
            approved_local=Decimal("1311914"),
        ),
        ReturnCase(
            f"{office}-2025-000003",
            "M",
            "25-34",
            "GIN",
            "completed",
            ("ECO-SHOP", "SOC-SCHOOL"),
            completed=True,
        ),
        ReturnCase(f"{office}-2025-000004", "F", "0-17", "MLI", "closed", closed=True),
        ReturnCase(
            f"{office}-2025-000005",
            "M",
            "60+",
            "CIV",
            "registered",
            ("-ECO",),
            on_hold=True,
            registered=True,
            active_at_month_end=True,
        ),
    ]
    disbursements = [
        ReturnDisbursement(
            f"{office}-2025-000002",
            1,
            date(2025, 3, 14),
            Decimal("655957"),
            "supplier_payment",
            INJECTIONS[0],
        ),
        ReturnDisbursement(
            f"{office}-2025-000003",
            2,
            date(2025, 3, 3),
            Decimal("327979"),
            "mobile_money",
            INJECTIONS[1],
        ),
        ReturnDisbursement(
            f"{office}-2025-000003",
            1,
            date(2025, 3, 20),
            Decimal("-6560"),
            "cash",
            "CORR-17",
            adjustment_of="2025-02",
        ),
    ]
    issues = [
        DataQualityIssue(
            "duplicate_flag", f"{office}-2025-000001 / {office}-2025-000005", "same phone"
        ),
        DataQualityIssue("hold", f"{office}-2025-000005", INJECTIONS[3]),
    ]
    if shuffle:
        cases.reverse()
        disbursements.reverse()
        issues.reverse()
    return ReturnData(
        office_code=office,
        office_name=f"Bureau {office}",
        month=month,
        currency="XOF",
        eur_rate=rate,
        generated_by="awa.traore",
        generated_at=datetime(2025, 4, 2, 9, 30, 12),
        cases=tuple(cases),
        disbursements=tuple(disbursements),
        issues=tuple(issues),
    )


def changed(data: ReturnData, **changes: object) -> ReturnData:
    return dataclasses.replace(data, **changes)
