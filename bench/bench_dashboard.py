"""The Dashboard's figures with 100,000 cases, against a raw scan of the same tables.

    python -m bench.bench_dashboard [--db PATH] [--runs 5]   (default: the start-up database)

Times ``models.dashboard.load_dashboard`` and each of its parts; baseline in the same run: one
raw ``SELECT count(*)`` per table it reads (cases joined to returnees, grants, grant items,
payments), which any aggregate over those rows must at least pay. Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--passphrase", default="bench-passphrase")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / "rgm-bench" / "startup-100000.db"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run python -m bench.bench_startup first")

    from sqlalchemy import text

    from models.dashboard import _budget, load_dashboard
    from models.database import Database
    from models.holds import list_suspensions
    from models.intake import weekly_intake

    db = Database.sqlite(path, args.passphrase).open()
    raw_sql = (
        "SELECT count(*) FROM cases c JOIN returnees r ON r.id = c.returnee_id",
        "SELECT count(*) FROM grants",
        "SELECT count(*) FROM grant_items",
        "SELECT count(*) FROM disbursements",
    )

    def raw() -> None:
        with db.reading() as s:
            for sql in raw_sql:
                s.execute(text(sql)).scalar()

    def budget() -> None:
        with db.reading() as s:
            _budget(s, time.strftime("%Y-%m"))

    with db.reading() as s:
        cases = s.execute(text("SELECT count(*) FROM cases")).scalar()
    load_dashboard(db)  # warm the page cache
    base = median_ms(raw, args.runs)
    whole = median_ms(lambda: load_dashboard(db), args.runs)
    parts = {
        "budget (3 aggregates)": median_ms(budget, args.runs),
        "weekly intake (models.intake)": median_ms(lambda: weekly_intake(db, 8), args.runs),
        "open suspensions": median_ms(lambda: list_suspensions(db), args.runs),
    }
    print(f"cases: {cases:,}  (runs {args.runs}, medians)")
    print(f"raw scan baseline (count of each table read): {base:7.0f} ms")
    print(f"load_dashboard, every figure:                 {whole:7.0f} ms")
    for name, ms in parts.items():
        print(f"  of which {name:<34} {ms:7.0f} ms")
    print(f"ratio: {whole / base:.2f}x the raw scan")


if __name__ == "__main__":
    main()
