"""Readers and the write lock during a large import, with real ``rgm`` processes.

Run: ``python -m bench.bench_concurrency [--rows 20000] [--root CHECKOUT]``. Makes a database
(an office, a register of ``--rows`` people imported first), then imports another ``--rows``-row
workbook while (1) a probe thread tries to take the write lock (``BEGIN IMMEDIATE``, no waiting)
every 20 ms and records how long it was held by the import, and (2) ``rgm export cases`` runs
again and again and each run is timed. ``--root`` runs the ``main.py`` of another checkout (to
compare with an older version). Prints the import's time, the write lock's longest hold and its
total, and the export's latencies (and failures) during the import.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlcipher3

from bench.bench_import import write_workbook

PASSPHRASE = "a long passphrase"


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RGM_")}
    env.update(RGM_DATA_DIR=str(data), RGM_PASSWORD="admin-secret-1", RGM_DB_PASSPHRASE=PASSPHRASE,
               RGM_LANG="en", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # fmt: skip
    return env


def _renumbered(source: Path, out: Path) -> None:
    import openpyxl

    rows = list(openpyxl.load_workbook(source, read_only=True).active.iter_rows(values_only=True))
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Enregistrements")
    for row in rows:
        if row and isinstance(row[0], str) and row[0].startswith("BKO-"):
            row = ("BIS-" + row[0][4:], *row[1:])
        ws.append(list(row))
    wb.save(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rgm-bench-conc-"))
    env = _env(work / "data")

    def rgm(*a: str, check: bool = False, extra: dict[str, str] | None = None) -> Any:
        return subprocess.run([sys.executable, str(args.root / "main.py"), *a],
                              env={**env, **(extra or {})}, capture_output=True, text=True,
                              cwd=args.root, check=check)  # fmt: skip

    rgm("init", "--office", "BKO", "--name", "Bamako", check=True)
    rgm("--user", "admin", "user", "add", "rita", "--role", "registrar", check=True,
        extra={"RGM_NEW_PASSWORD": "rita-secret-1"})  # fmt: skip
    first, second = work / "first.xlsx", work / "second.xlsx"
    write_workbook(first, args.rows, seed=1)
    _renumbered(first, second)  # the same people again, under other field references
    rita = {**env, "RGM_PASSWORD": "rita-secret-1"}
    subprocess.run([sys.executable, str(args.root / "main.py"), "--user", "rita", "import",
                    "registrations", str(first)], env=rita, check=True, capture_output=True,
                   cwd=args.root)  # fmt: skip

    probe = sqlcipher3.connect(
        str(work / "data" / "rgm.db"), isolation_level=None, check_same_thread=False
    )
    probe.execute(f'PRAGMA key = "{PASSPHRASE}"')
    probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    probe.execute("PRAGMA busy_timeout = 0")
    stretches: list[float] = []
    done = threading.Event()

    def probing() -> None:
        since: float | None = None
        while not done.is_set():
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                if since is not None:
                    stretches.append(time.monotonic() - since)
                    since = None
            except sqlcipher3.OperationalError:
                if since is None:
                    since = time.monotonic()
            time.sleep(0.02)
        if since is not None:
            stretches.append(time.monotonic() - since)

    thread = threading.Thread(target=probing)
    thread.start()
    started = time.monotonic()
    importing = subprocess.Popen([sys.executable, str(args.root / "main.py"), "--user", "rita",
                                  "import", "registrations", str(second)], env=rita,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=args.root)  # fmt: skip
    reads: list[tuple[float, int, str]] = []
    import_seconds = 0.0
    while importing.poll() is None:  # every read that starts while the import runs counts
        t0 = time.monotonic()
        out = rgm("--user", "admin", "export", "cases", "--out", str(work / "read.csv"))
        reads.append((time.monotonic() - t0, out.returncode, out.stderr.strip()[:120]))
        if importing.poll() is not None and not import_seconds:
            import_seconds = time.monotonic() - started  # (to the end of the last read at most)
    importing.wait()
    import_seconds = import_seconds or time.monotonic() - started
    done.set()
    thread.join()
    stdout, stderr = importing.communicate()
    print(f"root: {args.root}")
    print(f"import of {args.rows} rows into a register of {args.rows}: {import_seconds:.1f} s, "
          f"exit {importing.returncode}: {(stdout or stderr).strip()[:120]}")  # fmt: skip
    print(f"write lock held by others: longest {max(stretches, default=0):.2f} s, total "
          f"{sum(stretches):.2f} s in {len(stretches)} stretches")  # fmt: skip
    ok = [s for s, code, _ in reads if code == 0]
    print(f"rgm export cases during the import: {len(reads)} runs, {len(ok)} ok; latency "
          f"min {min(ok, default=0):.2f} s, max {max(ok, default=0):.2f} s")  # fmt: skip
    for seconds, code, err in reads:
        if code != 0:
            print(f"  failed after {seconds:.1f} s (exit {code}): {err}")


if __name__ == "__main__":
    main()
