"""Benchmark of the registration import: python-calamine raw read vs. parse + validate (+ write).

Run: ``python -m bench.bench_import [--rows 100000] [--keep FILE]``. Writes a 100,000-row,
18-column registration workbook with openpyxl (write-only), then times, in the same run:
calamine reading every cell (the baseline) and ``parse_registrations`` (read + typed values +
validation), then ``import_registrations`` into a fresh encrypted database (write committed,
then the duplicate check in its own transaction). Prints each time, the import's ratio to the
raw read (target: read + validate + write <= 3x), the duplicate check's time, the total, and
the peak memory of the whole run (target < 500 MB). Last, a floor: the rows the import wrote,
inserted again into an empty copy of the schema by bare ``executemany`` (the database's own
work, no Python per row), added to calamine's read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from reports.registration_parse import parse_registrations

HEADERS = [
    "N° FICHE", "NOM", "PRENOMS", "SEXE", "DATE NAISS.", "NATIONALITE", "PIECE", "NUMERO PIECE",
    "CONTACT", "LOCALITE", "VENANT DE", "POSTE D'ENTREE", "DATE ARRIVEE", "CENTRE",
    "VULNERABILITE", "NB PERS. MENAGE", "CONSENTEMENT", "OBS",
]  # fmt: skip
# Names as varied as a real register's (the demo's lists): with a handful of names every
# duplicate-check block would hold thousands of people, which no real file does.
_NAMES = json.loads(
    (Path(__file__).resolve().parent.parent / "resources" / "demo" / "names.json").read_text(
        "utf-8"
    )
)
FAMILY = sorted({n for names in _NAMES["family"].values() for n in names})
FAMILY += [n.upper() for n in FAMILY[::3]]
GIVEN = (
    _NAMES["given_male"]
    + _NAMES["given_female"]
    + _NAMES["given_male_en"]
    + _NAMES["given_female_en"]
)
SEX = ["M", "F", "Homme", "Femme", "H", "f", "Masculin", "Féminin"]
NATION = [
    ("Malienne", "+223 7{} {} {} {}"), ("Mali", "{}{}{}{}"), ("Guinée Conakry", "+224 6{} {} {} {}"),
    ("CIV", "+225 07 {}{} {} {}"), ("Sénégal", "+221 77 {}{} {} {}"), ("The Gambia", "+220 7{}{} {}"),
]  # fmt: skip
PLACES = ["Kayes", "Sikasso", "Yélimané", "Kindia", "Daloa", "Matam", "Bo", "Serekunda"]
FROM = ["Libye", "Algérie", "Niger", "Maroc", "Mauritanie", "Algeria"]
POSTS = ["Gogui", "Diboli", "In Khalil", "Aéroport Bamako-Sénou", "Kidal"]
CENTRES = ["Centre de transit Bamako 1", "Centre de transit Gao", "Centre de transit Bamako 2"]
VULN = ["", "", "", "MED;PSY", "VOT", "ELD", "SP", "UAM", "DIS"]
DOCS = [("CNI", True), ("Passeport", True), ("Aucun", False), ("Carte consulaire", True)]


def write_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """A registration workbook as field teams type it: title rows, mixed date and text forms."""
    rnd = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Enregistrements")
    ws.append(["Bureau pays Mali - Enregistrement des migrants"])
    ws.append([])
    ws.append(HEADERS)
    for i in range(rows):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rnd.randrange(16000))
        arrived = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(300))
        nation, phone = rnd.choice(NATION)
        digits = [f"{rnd.randrange(10, 100)}" for _ in range(4)]
        doc, has_number = rnd.choice(DOCS)
        form = i % 4
        ws.append(
            [
                f"BKO-{i:06d}",
                rnd.choice(FAMILY),
                rnd.choice(GIVEN),
                rnd.choice(SEX),
                born
                if form < 2
                else born.strftime("%d/%m/%Y")
                if form == 2
                else f"vers {born.year}",
                nation,
                doc,
                f"M{rnd.randrange(10**7):07d}" if has_number else None,
                phone.format(*digits),
                rnd.choice(PLACES),
                rnd.choice(FROM),
                rnd.choice(POSTS),
                arrived if form != 3 else arrived.strftime("%d-%m-%Y"),
                rnd.choice(CENTRES),
                rnd.choice(VULN) or None,
                float(rnd.randrange(1, 9)) if form else str(rnd.randrange(1, 9)),
                rnd.choice(["oui", "O", "OUI", "Oui"]),
                None,
            ]
        )
    wb.save(path)


def _time_database_write(path: Path, handed: list[Any], rows: int) -> tuple[float, float, int]:
    """(write seconds, duplicate check seconds, pairs flagged) of one import into a fresh
    database; the check runs after the write is committed (``duplicate_check_seconds``).
    ``handed``: [the parse result], emptied here so that the import is its only holder."""
    from models.database import Database
    from models.office_setup import initialise
    from models.registrations import import_registrations
    from models.users import create_user

    db = Database.sqlite(path, "bench passphrase").open()
    try:
        _office, admin = initialise(
            db, code="BKO", name="Bench", country="MLI", admin="admin", password="bench-admin-1"
        )
        registrar = create_user(db, admin, "rita", "bench-rita-1", ("registrar",))
        gc.collect()
        started = time.perf_counter()
        summary = import_registrations(db, registrar, handed.pop())
        seconds = time.perf_counter() - started
        assert summary.written and summary.imported == rows
        assert summary.duplicate_check_error is None, summary.duplicate_check_error
        check = summary.duplicate_check_seconds
        return seconds - check, check, summary.possible_duplicates
    finally:
        db.close()


def bare_inserts(source: Path, target: Path) -> tuple[float, int]:
    """(seconds, rows) to insert the rows an import wrote -- returnees, cases, case events,
    audit events, read back from ``source`` -- into a fresh database of the same schema with one
    ``executemany`` per table and a commit: the database's own share of the write, with no
    Python work per row (a floor for any import into this schema)."""
    from models.sqlcipher import open_keyed

    tables = ("returnees", "cases", "case_events", "audit_events")
    src = open_keyed(source, "bench passphrase")
    dst = open_keyed(target, "bench passphrase")
    try:
        dst.isolation_level = None
        schema = src.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for (sql,) in schema:
            dst.execute(sql)
        data = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}  # noqa: S608
        gc.collect()
        started = time.perf_counter()
        dst.execute("BEGIN IMMEDIATE")
        for table, rows in data.items():
            marks = ", ".join("?" * len(rows[0]))
            dst.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
        dst.execute("COMMIT")
        return time.perf_counter() - started, sum(len(r) for r in data.values())
    finally:
        src.close()
        dst.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the workbook here and keep it")
    parser.add_argument("--reuse", action="store_true", help="with --keep: reuse that file")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each step (best kept)")
    parser.add_argument("--no-db", action="store_true", help="skip the database write")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "registrations.xlsx"
        started = time.perf_counter()
        if not (args.reuse and path.exists()):
            write_workbook(path, args.rows)
        print(f"wrote {args.rows} rows x {len(HEADERS)} columns in {time.perf_counter() - started:.2f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")  # fmt: skip

        # Best of --repeat runs for each step, interleaved, so that a busy machine skews both.
        # Each run imports what it parsed into a fresh encrypted SQLite database, as
        # ``rgm import registrations`` does: the rows handed over (freed once written), then the
        # duplicate check of the new returnees in its own transaction. --no-db: reading only.
        raw = parsed = float("inf")
        written = checked = 0.0
        runs: list[tuple[float, float, int]] = []
        accepted = errors = 0
        for run in range(max(1, args.repeat)):
            gc.collect()
            started = time.perf_counter()
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            cells = sum(len(row) for row in book.get_sheet_by_index(0).iter_rows())
            book.close()
            raw = min(raw, time.perf_counter() - started)
            gc.collect()
            started = time.perf_counter()
            result = parse_registrations(path, today=dt.date(2026, 1, 1))
            parsed = min(parsed, time.perf_counter() - started)
            accepted, errors = len(result.rows), len(result.errors)
            for error in result.errors[:5]:
                print("   ", error.excel_row, error.header, repr(error.value), error.reason())
            if not args.no_db:
                runs.append(
                    _time_database_write(
                        Path(tmp) / f"bench-{run}.db", [result.hand_over()], accepted
                    )
                )
            del result
        print(f"calamine raw read:      {raw:7.2f} s  ({cells} cells)")
        print(
            f"parse + validate:       {parsed:7.2f} s  ({accepted} rows accepted, {errors} errors)"
        )
        flagged = 0
        if runs:
            written, checked, flagged = min(runs, key=lambda r: r[0] + r[1])
            print(f"database write:         {written:7.2f} s  (returnees, cases, events, audit)")
        imported = parsed + written
        print(f"import (read + validate + write): {imported:.2f} s = {imported / raw:.1f}x "
              "(target 3x)")  # fmt: skip
        if not args.no_db:
            print(f"duplicate check after the import: {checked:.2f} s  ({flagged} pairs flagged)")
        total = imported + checked
        print(f"total (import + duplicate check): {total:.2f} s = {total / raw:.1f}x")
        print(f"peak memory (whole run):  {peak_mb():5.0f} MB  (target < 500 MB)")
        if runs:  # after the peak above: it reads every written row back into memory
            floor, count = bare_inserts(Path(tmp) / "bench-0.db", Path(tmp) / "bare.db")
            print(f"floor: the same {count} rows by bare executemany: {floor:.2f} s; with "
                  f"calamine's read, before validating any cell: {(raw + floor) / raw:.1f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
