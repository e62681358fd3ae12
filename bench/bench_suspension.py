"""Suspension of a whole office and its mass re-screening, against raw SQL on the same rows.

    python -m bench.bench_suspension [--cases 10000]

Registers N cases (a fresh encrypted SQLite file), then times in the same run:
- opening a suspension over all of them (holds, case flags, history, audit) against a raw
  UPDATE of the same cases' ``on_hold`` plus a raw INSERT of as many hold rows;
- re-screening them all as eligible in one batch (``decide_many``: checklist, four eyes, release
  of the holds, audit) against raw INSERTs of as many screening rows.
Prints both times and the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import secrets
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from models.cases import register_returnees
from models.database import Database, raw_key
from models.holds import open_suspension
from models.office_setup import initialise
from models.screening import DecisionInput, decide_many
from models.users import create_user

ANSWERS = {
    "nationality_verified": "document",
    "voluntary_return": "yes",
    "not_assisted_before": "yes",
    "covered_country_in_period": "yes",
    "consent": "yes",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.sqlite(Path(tmp) / "bench.db", raw_key(secrets.token_hex(32))).open()
        _o, admin = initialise(
            db, code="BKO", name="Bench", country="MLI", admin="admin", password="bench-admin"
        )
        rita = create_user(db, admin, "rita", "bench-rita-1", ["registrar"])
        abdou = create_user(db, admin, "abdou", "bench-abdou-1", ["approver"])
        people = [
            dict(source_ref=f"B-{i}", family_name="Traoré", given_names=f"Moussa {i}", sex="M",
                 birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=i % 3000), nationality="MLI",
                 household_size=1, transit_centre="Centre de Gao")
            for i in range(args.cases)
        ]  # fmt: skip
        with db.transaction() as s:
            numbers = [r.case_number for r in register_returnees(s, rita, people)]

        started = time.perf_counter()
        view = open_suspension(db, admin, "office", "bench")
        suspend = time.perf_counter() - started

        started = time.perf_counter()
        with db.transaction() as s:
            s.execute(text("UPDATE cases SET on_hold = 0"))
            s.execute(text("UPDATE cases SET on_hold = 1"))
            s.execute(
                text(
                    "INSERT INTO holds (case_id, reason, placed_at) SELECT id, 'raw', '2026-01-01' FROM cases"
                )
            )
        raw_suspend = time.perf_counter() - started
        with db.transaction() as s:
            s.execute(text("DELETE FROM holds WHERE reason = 'raw'"))

        started = time.perf_counter()
        with db.transaction() as s:
            batch = decide_many(
                s, abdou, [DecisionInput(n, "eligible", "", ANSWERS) for n in numbers]
            )
        rescreen = time.perf_counter() - started

        started = time.perf_counter()
        with db.transaction() as s:
            s.execute(
                text(
                    "INSERT INTO screenings (case_id, reviewer_id, decided_at, decision, reason, answers)"
                    " SELECT id, :r, '2026-01-01', 'eligible', '', '{}' FROM cases"
                ),
                {"r": abdou.id},
            )
        raw_rescreen = time.perf_counter() - started
        db.close()
    print(f"cases:                     {args.cases:,} (held by the suspension: {view.held:,})")
    print(
        f"open the suspension:       {suspend:6.2f} s   raw SQL {raw_suspend:6.3f} s   ratio {suspend / raw_suspend:6.1f}x"
    )
    print(
        f"re-screen all (one batch): {rescreen:6.2f} s   raw SQL {raw_rescreen:6.3f} s   ratio {rescreen / raw_rescreen:6.1f}x"
    )
    print(f"decisions applied:         {len(batch.outcomes):,} (refused {len(batch.refusals)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
