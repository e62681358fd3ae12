"""Demo data: ``load_demo`` into a fresh encrypted SQLite database, timed.

    python -m bench.bench_demo [--cases 2000] [--runs 3]

The demo registers through ``models.cases.register_returnees`` (one call per registrar and
month), flags duplicates with the import's own check (``new_returnee_matches``) and screens and
re-screens with ``models.screening.decide_many`` (one call per approver), so its time follows
theirs. Since #12 (demo12) the later life of each case goes through the operations one case at
a time (``plan_in``, ``approve_in``, the agreement of ``reports.agreements.demo_issuer``,
``sign_in``, ``pay``, ``record_visit_in``, ``lifecycle.close``, ``place_hold_in``, ``decide_in``):
about 95 queries per case taken past screening, most of them the lifecycle's facts read again
by each operation; their events are chained once at the end (``audit.appended_at_end``).

Measured 2026-12-05 on the shared 2-core machine (noisy: other jobs running), 2,000 cases,
medians of 3 runs, alternating old and new: copies of the operations (before #12) 1.03, 1.17,
1.42, 1.45, 1.10, 1.08 s; through the operations 0.99, 0.92, 1.09, 0.99 s. ``rgm demo --cases
2000`` as a command: 4.46, 3.88 s before, 4.17, 3.45 s after (start-up included, machine busy).
Registering one person per call instead of in bulk took 9-10 s, hence the grouping.

Measured 2026-12-06 (demo12), machine very busy (load average 5-7 on 2 cores): the later life
still copied 1.55 s (runs 1.55, 1.95, 1.53; load lower), then 9.13 s (8.20, 9.13, 10.99) under
the same load as these: through the operations case by case, 2,000 cases 395 s (1 run), 300
cases 51.9 s (48.85, 51.91, 70.84). So about 40x slower: per-case cost ~0.15 s under this load
(before ``appended_at_end`` the audit chain's head, moved once per event, took a third more).
Bulk forms of plan/approve/issue/sign/pay over many cases (facts read once per batch) are the
way back to seconds; not done yet.

After the merge with main (machine less busy, one other job): 2,000 cases 54.0 s (1 run), 300
cases 9.8 and 8.8 s; ``rgm demo --cases 300`` 9.2 s as a command. A profile of 300 cases: ~90
statements per case given a grant, the time in SQLAlchemy building statements (SQLite itself
~1.1 s of it). The demo's default size is therefore 500 cases (``vocabulary.DEMO_CASES``), and
the window's demo load can be cancelled (one transaction: nothing is written).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from models.database import Database, raw_key
from models.demo import load_demo
from models.office_setup import initialise
from reports.agreements import demo_issuer


def once(cases: int, folder: Path) -> float:
    db = Database.sqlite(folder / f"demo-{secrets.token_hex(4)}.db", raw_key(secrets.token_hex(32)))
    db.open()
    try:
        _office, admin = initialise(
            db, code="BKO", name="Bureau", country="MLI", admin="admin", password="bench-pass-1"
        )
        started = time.perf_counter()
        load_demo(db, admin, cases=cases, seed=1, user_password="bench-pass-1",
                  issue_agreement=demo_issuer(secrets.token_bytes(32)))  # fmt: skip
        return time.perf_counter() - started
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = [once(args.cases, Path(tmp)) for _ in range(args.runs)]
    print(f"load_demo {args.cases} cases: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


if __name__ == "__main__":
    main()
