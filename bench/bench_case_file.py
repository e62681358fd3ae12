"""The case file (the window's case file and ``rgm case show``): ``load_case_file``, timed.

    python -m bench.bench_case_file [--cases 2000] [--open 300]

A demo office of ``--cases`` cases is made in a fresh encrypted SQLite file; ``--open`` cases
(of every state, in a fixed order) are opened one after another, as a user going through a
list does. The raw baseline is the floor of one case file: the case's own rows fetched with one
plain SELECT per table (case, returnee, grants, items, instalments, payments, agreements,
holds, visits, screenings, events), no views built, no lifecycle asked.

Measured 2026-12-06 on the shared 2-core machine (noisy: six other jobs running), 2,000 cases,
300 opened, medians of 5, two runs each: before (the case file read grants, agreements, holds
and payments a second time for the lifecycle, and every user twice) 8.73 and 8.46 ms per case
(5.8x and 6.4x the raw rows); after (``lifecycle.facts_of`` from the rows read once) 6.51 and
7.22 ms (4.1x and 5.5x). About 18 statements per case file remain (one per kind of row, and the
items and instalments of each grant version).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from models.case_file import load_case_file
from models.database import Database, raw_key
from models.demo import load_demo
from models.office_setup import initialise
from reports.agreements import demo_issuer

_RAW = (
    "SELECT * FROM cases WHERE number = :n",
    "SELECT * FROM returnees WHERE id = (SELECT returnee_id FROM cases WHERE number = :n)",
    "SELECT * FROM grants WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM grant_items WHERE grant_id IN (SELECT g.id FROM grants g JOIN cases c "
    "ON c.id = g.case_id WHERE c.number = :n)",
    "SELECT * FROM instalments WHERE grant_id IN (SELECT g.id FROM grants g JOIN cases c "
    "ON c.id = g.case_id WHERE c.number = :n)",
    "SELECT * FROM disbursements WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM agreements WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM holds WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM monitoring_visits WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM screenings WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
    "SELECT * FROM case_events WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--open", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.sqlite(Path(tmp) / "bench.db", raw_key(secrets.token_hex(32)))
        db.open()
        try:
            _office, admin = initialise(
                db, code="BKO", name="Bureau", country="MLI", admin="admin", password="bench-pass-1"
            )
            # The team (its password) and agreements (the hook) take the cases past registration.
            load_demo(db, admin, cases=args.cases, seed=1, user_password="bench-pass-1",
                      issue_agreement=demo_issuer(secrets.token_bytes(32)))  # fmt: skip
            with db.reading() as s:
                numbers = list(s.scalars(text("SELECT number FROM cases ORDER BY state, id")))
            step = max(1, len(numbers) // args.open)
            chosen = numbers[::step][: args.open]
            files, raws = [], []
            for _ in range(args.runs):
                started = time.perf_counter()
                with db.reading() as s:
                    for n in chosen:
                        for sql in _RAW:
                            s.execute(text(sql), {"n": n}).all()
                raws.append(time.perf_counter() - started)
                started = time.perf_counter()
                for n in chosen:
                    load_case_file(db, n)
                files.append(time.perf_counter() - started)
        finally:
            db.close()
    file_ms = statistics.median(files) / len(chosen) * 1000
    raw_ms = statistics.median(raws) / len(chosen) * 1000
    print(f"case file: {file_ms:.2f} ms per case; raw rows: {raw_ms:.2f} ms; "
          f"ratio {file_ms / raw_ms:.1f}x ({len(chosen)} cases, median of {args.runs})")  # fmt: skip


if __name__ == "__main__":
    main()
