"""A month with known events, used by the monthly return and consolidation tests."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from reports.return_data import DataQualityIssue, ReturnCase, ReturnData, ReturnDisbursement

RATE = Decimal("655.957")  # XOF per EUR: 655,957 XOF are exactly 1,000 EUR
INJECTIONS = ('=HYPERLINK("http://evil.example","x")', "+22376123456", "-ECO", "@SUM(A1)")


def month_data(
    office: str = "BKO",
    month: str = "2025-03",
    rate: Decimal | None = RATE,
    shuffle: bool = False,
    submitted: bool = True,
) -> ReturnData:
    """The sample month, as submitted to headquarters (``submitted=False``: a draft)."""
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
        submitted=submitted,
    )


def changed(data: ReturnData, **changes: object) -> ReturnData:
    return dataclasses.replace(data, **changes)


def office_signer(office: str = "BKO"):  # type: ignore[no-untyped-def]
    """A fixed signing key per office code (the office's own key, in tests)."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from models.office_keys import OfficeKey

    seed = hashlib.sha256(f"test key of office {office}".encode()).digest()
    return OfficeKey(Ed25519PrivateKey.from_private_bytes(seed))


def trusted(*offices: str):  # type: ignore[no-untyped-def]
    """Headquarters' registry holding the keys of ``offices`` (by fingerprint)."""
    from reports.trusted_keys import OfficePublicKey

    keys = [OfficePublicKey(o, f"Bureau {o}", office_signer(o).public_bytes) for o in offices]
    return {k.fingerprint: k for k in keys}


def rehash(path):  # type: ignore[no-untyped-def]
    """Recompute a changed return's data_sha256 as anyone can (the algorithm is public), and
    save it: what a forger does after changing cells. Returns the new hash."""
    import openpyxl

    from reports import monthly_return as mr

    wb = openpyxl.load_workbook(path)
    cover_ws = wb[mr.COVER]
    cover = {row[0].value: row[1] for row in cover_ws.iter_rows(min_row=2)}
    exp = str(cover["currency"].value)  # amounts are read as its minor unit gives
    hasher = mr._Hasher()
    texts = []
    for key in mr.COVER_KEYS_BY_VERSION[str(cover["schema_version"].value)]:
        value = cover[key].value
        texts.append((key, mr._rate_text(value) if key == "eur_rate" else
                      mr._canon_read(value, mr._kind(key), exp)))  # fmt: skip
    mr._hash_cover(hasher, texts)
    for sheet, columns in mr.COLUMNS.items():
        hasher.sheet(sheet, columns)
        kinds = [mr._kind(c) for c in columns]
        for row in wb[sheet].iter_rows(min_row=2, values_only=True):
            values = list(row[: len(columns)]) + [None] * (len(columns) - len(row))
            if all(v is None for v in values):
                continue
            hasher.row([mr._canon_read(v, k, exp) for v, k in zip(values, kinds, strict=True)])
    digest = hasher.hexdigest()
    cover["data_sha256"].value = digest
    wb.save(path)
    return digest


def resign(path, office: str = "BKO"):  # type: ignore[no-untyped-def]
    """Sign a changed return again with ``office``'s key (what only that office can do)."""
    import openpyxl

    from reports import monthly_return as mr

    rehash(path)
    wb = openpyxl.load_workbook(path)
    cover = {row[0].value: row[1] for row in wb[mr.COVER].iter_rows(min_row=2)}
    key = office_signer(office)
    cover["office_key"].value = key.fingerprint
    version = str(cover["schema_version"].value)
    exp = str(cover["currency"].value)  # amounts are read as its minor unit gives
    texts = {k: mr._canon_read(cover[k].value, mr._kind(k), exp) for k in mr.SIGNED_KEYS[version]}
    cover["signature"].value = key.sign(mr.signed_message(texts, version))
    wb.save(path)
