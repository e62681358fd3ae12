"""Benchmark of the monthly return: ``write_return`` vs openpyxl write-only with the same cells.

Run: ``python -m bench.bench_return [--cases 100000] [--keep DIR]``. Builds a month of an
office with ``cases`` cases (about 0.6 disbursements a case) and times, in the same run: the
baseline (openpyxl write-only appending exactly the cells of the return, precomputed, to the
same five sheets) and ``write_return`` (rows, EUR conversion, summary, hash, formula-safe cells,
save). Prints both times and the ratio (target <= 1.3x).
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from reports.monthly_return import COLUMNS, COVER, COVER_COLUMNS, _cover, _rows, write_return
from reports.return_data import (
    AGE_BANDS,
    DataQualityIssue,
    ReturnCase,
    ReturnData,
    ReturnDisbursement,
)

STATES = ("registered", "eligible", "approved", "signed", "in_progress", "completed", "closed")
COUNTRIES = ("MLI", "GIN", "CIV", "SEN", "GMB", "SLE", "LBR", "BFA", "NER", "CMR")


def make_month(cases: int, seed: int = 7) -> ReturnData:
    rnd = random.Random(seed)
    rows = []
    disbursements = []
    for n in range(cases):
        number = f"BKO-2025-{n:06d}"
        state = rnd.choice(STATES)
        approved = Decimal(rnd.randrange(300, 2500) * 1000) if rnd.random() < 0.1 else Decimal(0)
        rows.append(
            ReturnCase(
                case_number=number,
                sex=rnd.choice("MF"),
                age_band=rnd.choice(AGE_BANDS[:6]),
                country_of_origin=rnd.choice(COUNTRIES),
                state=state,
                package_types=tuple(rnd.sample(("ECO-SHOP", "SOC-SCHOOL", "PSY", "MED"), 2)),
                on_hold=rnd.random() < 0.02,
                registered=rnd.random() < 0.05,
                found_eligible=rnd.random() < 0.04,
                agreement_signed=rnd.random() < 0.03,
                assistance_started=rnd.random() < 0.03,
                completed=state == "completed" and rnd.random() < 0.1,
                closed=state == "closed" and rnd.random() < 0.1,
                active_at_month_end=state not in ("completed", "closed"),
                approved_local=approved,
            )
        )
        if rnd.random() < 0.6:
            disbursements.append(
                ReturnDisbursement(
                    case_number=number,
                    instalment=rnd.randint(1, 3),
                    paid_on=date(2025, 3, rnd.randint(1, 31)),
                    amount_local=Decimal(rnd.randrange(50, 900) * 1000),
                    method=rnd.choice(("cash", "mobile_money", "bank", "supplier_payment")),
                    receipt_reference=f"R{rnd.randrange(10**8):08d}",
                )
            )
    issues = [
        DataQualityIssue("duplicate_flag", f"BKO-2025-{i:06d} / BKO-2025-{i + 1:06d}", "phone")
        for i in range(0, min(cases, 2000), 10)
    ]
    return ReturnData(
        office_code="BKO",
        office_name="Bureau de pays – Mali",
        month="2025-03",
        currency="XOF",
        eur_rate=Decimal("655.957"),
        generated_by="bench",
        generated_at=datetime(2025, 4, 1, 8, 0),
        cases=tuple(rows),
        disbursements=tuple(disbursements),
        issues=tuple(issues),
    )


def raw_write(data: ReturnData, out: Path) -> None:
    """The baseline's cells, computed before the clock starts."""
    rows = _rows(data)
    cover = _cover(data, rows, "0" * 64)

    def write() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(COVER)
        ws.append(list(COVER_COLUMNS))
        for key, value in cover:
            ws.append([key, value])
        for sheet, columns in COLUMNS.items():
            ws = wb.create_sheet(sheet)
            ws.append(list(columns))
            for row in rows[sheet]:
                ws.append(row)
        wb.save(str(out))

    raw_write.write = write  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="folder to keep both workbooks in")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rgm-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    warm = make_month(2000)  # first-use costs (imports, caches) paid by neither side
    raw_write(warm, folder / "raw.xlsx")
    raw_write.write()  # type: ignore[attr-defined]
    write_return(warm, folder / "return.xlsx")
    data = make_month(args.cases)
    raw_write(data, folder / "raw.xlsx")
    gc.collect()

    start = time.perf_counter()
    raw_write.write()  # type: ignore[attr-defined]
    raw_time = time.perf_counter() - start
    gc.collect()

    start = time.perf_counter()
    result = write_return(data, folder / "return.xlsx")
    ours = time.perf_counter() - start

    print(f"cases:             {len(data.cases)} ({len(data.disbursements)} disbursements)")
    print(f"openpyxl raw:      {raw_time:.2f} s")
    print(f"write_return:      {ours:.2f} s")
    print(f"ratio:             {ours / raw_time:.2f}x (target <= 1.3x)")
    print(f"data_sha256:       {result.data_sha256}")


if __name__ == "__main__":
    main()
