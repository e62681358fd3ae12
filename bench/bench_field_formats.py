"""Benchmark of field formats (#14): the same registrations as .xlsx and as CSV.

Run: ``python -m bench.bench_field_formats [--rows 20000]``. Writes the registration workbook of
``bench_import``, saves the same cells as CSV (UTF-8 with ";", as a French Excel's "CSV UTF-8",
and Windows-1252), then times, best of ``--repeat``: calamine's raw read of the workbook and the
csv module's raw read of the CSV (the baselines), and ``parse_registrations`` (read + typed
values + validation) of each file. Prints the times, each parse's ratio to the .xlsx parse, and
checks that every file gives the same accepted and refused rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import python_calamine

from bench.bench_import import write_workbook
from reports.registration_parse import parse_registrations

TODAY = dt.date(2026, 11, 30)


def _text(value: Any) -> str:
    """A cell as a spreadsheet program writes it to CSV (dates as dd/mm/yyyy)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if not value.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(source: Path, target: Path, encoding: str, delimiter: str) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(source))
    rows = book.get_sheet_by_index(0).to_python()
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        [[_text(v) for v in row] for row in rows]
    )
    target.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))


def best(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        xlsx = Path(folder) / "fiches.xlsx"
        write_workbook(xlsx, args.rows)
        files = {"xlsx": xlsx}
        for name, encoding in (("csv utf-8 ;", "utf-8-sig"), ("csv cp1252 ;", "cp1252")):
            files[name] = Path(folder) / f"fiches-{encoding}.csv"
            to_csv(xlsx, files[name], encoding, ";")

        def raw_xlsx() -> int:
            book = python_calamine.CalamineWorkbook.from_path(str(xlsx))
            return sum(1 for _ in book.get_sheet_by_index(0).iter_rows())

        def raw_csv() -> int:
            text = files["csv utf-8 ;"].read_text("utf-8-sig")
            return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=";"))

        seconds, _n = best(raw_xlsx, args.repeat)
        print(f"raw read .xlsx (calamine)      {seconds:7.3f} s")
        seconds, _n = best(raw_csv, args.repeat)
        print(f"raw read .csv (csv module)     {seconds:7.3f} s")
        outcomes = {}
        base = 0.0
        for name, path in files.items():
            seconds, result = best(lambda p=path: parse_registrations(p, today=TODAY), args.repeat)
            base = base or seconds
            outcomes[name] = (
                [(r.excel_row, r.values) for r in result.rows],
                [(e.excel_row, e.field) for e in result.errors],
            )
            size = path.stat().st_size / 1e6
            print(
                f"parse {name:<14} {size:5.1f} MB {seconds:7.3f} s  x{seconds / base:4.2f}  "
                f"({len(result.rows)} accepted, {len(result.refused)} refused)"
            )
        same = all(o == outcomes["xlsx"] for o in outcomes.values())
        print(f"same rows from every file: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
