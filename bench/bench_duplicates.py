"""Benchmark of the duplicate engine: full scan of 100,000 returnees and live checks.

Run: ``.venv/bin/python -m bench.bench_duplicates [--rows 100000] [--seed 7]``

Prints the time and peak memory of building the index and scanning it, how many candidate pairs
blocking produced (against the n(n-1)/2 of comparing all pairs), the median and 95th percentile
of one live check against the whole register, the raw baseline of one pair comparison, and
precision / recall / F1 per threshold on a 3,000-row labelled register and on the big one.
Targets (issue 4): scan within 20 s and 1 GB, live check within 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc

from rapidfuzz.distance import OSA

from models.duplicates import DEFAULT_THRESHOLD, DuplicateIndex, Match
from tests.support.registers import Register, evaluate, generate_register

THRESHOLDS = (0.3, 0.4, DEFAULT_THRESHOLD, 0.6, 0.7, 0.8, 0.9)


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def quality_table(register: Register, matches: list[Match], title: str) -> None:
    print(f"\n{title}: {len(register.records)} rows, {len(register.duplicate_pairs)} duplicate "
          f"pairs, {len(register.hard_negative_pairs)} hard-negative pairs")  # fmt: skip
    print("  threshold  precision  recall     F1  hard-negatives flagged")
    for threshold in THRESHOLDS:
        flagged = {(m.a, m.b) for m in matches if m.score >= threshold}
        precision, recall, f1, hard = evaluate(flagged, register)
        mark = "  <- default" if threshold == DEFAULT_THRESHOLD else ""
        print(f"  {threshold:9.2f}  {precision:9.3f}  {recall:6.3f}  {f1:5.3f}  {hard:10.2%}{mark}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--checks", type=int, default=300)
    args = parser.parse_args(argv)

    print(f"generating a labelled register of {args.rows:,} rows (seed {args.seed}) ...")
    register = generate_register(args.rows, seed=args.seed)
    records = register.records
    gc.collect()
    rss_before = _peak_rss_mb()

    start, cpu_start = time.perf_counter(), time.process_time()
    index = DuplicateIndex.build(records)
    built, cpu_built = time.perf_counter(), time.process_time()
    matches = index.scan(DEFAULT_THRESHOLD * 0.5)
    scanned, cpu_scanned = time.perf_counter(), time.process_time()
    rss_after = _peak_rss_mb()
    n = len(records)
    all_pairs = n * (n - 1) // 2
    print(f"\nfull scan of {n:,} records")
    print("                   wall     cpu (this process; the machine may be shared)")
    print(f"  build index      {built - start:6.2f} s {cpu_built - cpu_start:6.2f} s")
    print(f"  scan             {scanned - built:6.2f} s {cpu_scanned - cpu_built:6.2f} s")
    print(f"  total            {scanned - start:6.2f} s {cpu_scanned - cpu_start:6.2f} s"
          "   (target 20 s)")  # fmt: skip
    print(f"  candidate pairs  {index.last_scan_pairs:,} ({index.last_scan_pairs / n:.1f} per "
          f"record; all pairs would be {all_pairs:,}, {all_pairs / index.last_scan_pairs:,.0f}x "
          f"more)")  # fmt: skip
    print(f"  pairs flagged    {sum(m.score >= DEFAULT_THRESHOLD for m in matches):,} at "
          f"threshold {DEFAULT_THRESHOLD}")  # fmt: skip
    print(f"  peak memory      {rss_after:,.0f} MB resident for the process "
          f"({rss_before:,.0f} MB before the index; target 1 GB)")  # fmt: skip

    # Raw baseline: one edit-distance call per candidate pair, nothing else.
    sample = [(records[i].family_name, records[i + 1].family_name) for i in range(n - 1)]
    base_start = time.perf_counter()
    for a, b in sample:
        OSA.normalized_similarity(a, b)
    per_raw = (time.perf_counter() - base_start) / len(sample)
    per_pair = (scanned - built) / max(index.last_scan_pairs, 1)
    print(f"  per candidate pair {per_pair * 1e6:5.1f} us; raw baseline (one rapidfuzz OSA call) "
          f"{per_raw * 1e6:4.2f} us: ratio {per_pair / per_raw:.1f}x")  # fmt: skip

    # Live checks: new registrations (re-registrations of indexed people and new people).
    probes = generate_register(args.checks, seed=args.seed + 1000).records
    times = []
    for probe in probes:
        t0 = time.perf_counter()
        index.candidates_for(probe)
        times.append(time.perf_counter() - t0)
    for record in records[: args.checks]:
        t0 = time.perf_counter()
        index.candidates_for(record)
        times.append(time.perf_counter() - t0)
    times.sort()
    median = statistics.median(times)
    p95 = times[int(len(times) * 0.95)]
    print(f"\nlive check against {n:,} records ({len(times)} checks)")
    print(f"  median {median * 1000:6.2f} ms   95th percentile {p95 * 1000:6.2f} ms   "
          f"max {times[-1] * 1000:6.2f} ms   (target 50 ms)")  # fmt: skip
    print(f"  ratio median / raw baseline {median / per_raw:,.0f}x")

    # Memory of the index itself, measured by tracemalloc on a smaller build.
    small = records[: min(n, 20_000)]
    tracemalloc.start()
    small_index = DuplicateIndex.build(small)
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del small_index
    print(f"\nindex memory (tracemalloc) {current / 1024 / 1024:.0f} MB for {len(small):,} records "
          f"= {current / len(small) / 1024:.1f} KB per record")  # fmt: skip

    quality_table(register, matches, "quality on the benchmark register")
    for seed in (101, 202):
        labelled = generate_register(3000, seed=seed)
        quality_table(
            labelled,
            DuplicateIndex.build(labelled.records).scan(0.1),
            f"quality on a 3,000-row labelled register (seed {seed})",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
