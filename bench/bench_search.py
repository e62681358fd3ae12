"""Search as you type over 100,000 cases, and the memory they take once loaded.

    python -m bench.bench_search [--db PATH]   (default: the start-up benchmark's database)

Drives the real Cases page offscreen: the index is loaded as the window loads it, then name
fragments are typed one key at a time into the search field (``QTest.keyClick``); each key is
timed from the key press to the table model holding the filtered rows. Baseline in the same
run: a plain Python scan (``fragment in text``) over the same 100,000 search texts.
Prints the median per key (target: 50 ms or less) and the resident memory (target: < 350 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAGMENTS = ("diarra", "keita", "coulibaly", "traore", "sow", "bko-2025-0001", "+2237", "mamadou")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--passphrase", default="bench-passphrase")
    args = parser.parse_args()
    db_path = args.db or Path(tempfile.gettempdir()) / "rgm-bench" / "startup-100000.db"
    if not db_path.exists():
        raise SystemExit(f"{db_path} is missing: run python -m bench.bench_startup first")

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from models.case_list import load_index
    from models.database import Database
    from ui.cases_page import CasesPage

    app = QApplication([])
    before = rss_mb()
    db = Database.sqlite(db_path, args.passphrase).open()
    started = time.perf_counter()
    index = load_index(db)
    assert index is not None
    load_s = time.perf_counter() - started
    page = CasesPage("fr")
    page.resize(1280, 800)
    page.show()
    page.set_index(index)
    app.processEvents()
    loaded = rss_mb()

    times: list[float] = []
    baseline: list[float] = []
    hay = index._hay
    for fragment in FRAGMENTS:
        page.search.clear()
        app.processEvents()
        for n, ch in enumerate(fragment, 1):
            t0 = time.perf_counter()
            QTest.keyClick(page.search, ch)
            app.processEvents()  # the table repaints with the filtered rows
            times.append((time.perf_counter() - t0) * 1000)
            typed = fragment[:n]
            t1 = time.perf_counter()
            _ = [i for i, h in enumerate(hay) if typed in h]
            baseline.append((time.perf_counter() - t1) * 1000)
        assert page.model.rowCount() >= 0
        print(
            f"  {fragment!r:18} -> {page.model.rowCount():6,} cases  last key {times[-1]:6.1f} ms"
        )
    peak = rss_mb()
    print(f"cases: {len(index):,}; index loaded in {load_s * 1000:.0f} ms")
    print(
        f"search as you type: median {statistics.median(times):.1f} ms per key, "
        f"p90 {sorted(times)[int(len(times) * 0.9)]:.1f} ms, max {max(times):.1f} ms "
        f"({len(times)} keys; target <= 50 ms)"
    )
    print(
        f"baseline (plain Python substring scan of every case): median "
        f"{statistics.median(baseline):.1f} ms; ratio {statistics.median(times) / statistics.median(baseline):.2f}x"
    )
    print(
        f"memory: {before:.0f} MB with Qt up, {loaded:.0f} MB with {len(index):,} cases loaded, "
        f"{peak:.0f} MB after searching (target < 350 MB)"
    )


if __name__ == "__main__":
    main()
