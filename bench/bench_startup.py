"""Start-up: launch to the case list shown with 100,000 cases, against a bare PySide6 window.

    python -m bench.bench_startup [--cases 100000] [--runs 5] [--db PATH]

Creates (once, cached in the temp folder) a passphrase-encrypted database with the demo cases,
then times in the same run, as subprocesses: a bare PySide6 window shown and closed; and
``rgm --exit-when-ready`` (signed in with --user and RGM_PASSWORD, as a script would), which
quits as soon as the case list is shown. Prints medians and the ratio (target: 3x or less).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "bench-passphrase"
PASSWORD = "bench-password"

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.setCentralWidget(QLabel("hello"))
w.resize(1280, 800)
w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["RGM_DB_PASSPHRASE"] = PASSPHRASE
    env["RGM_PASSWORD"] = PASSWORD
    env["RGM_CONFIG_DIR"] = str(config)
    env["RGM_DATA_DIR"] = str(config)
    return env


def _rgm(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop.cli", *args]


def ensure_database(path: Path, cases: int, env: dict[str, str]) -> None:
    if path.exists():
        return
    print(f"creating {path} with {cases:,} demo cases (once)…", flush=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    run = dict(env, RGM_PASSWORD=PASSWORD, RGM_NEW_PASSWORD=PASSWORD)
    subprocess.run(
        _rgm("--db", str(partial), "init", "--office", "BKO", "--name", "Bureau de Bamako"),
        env=run, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        _rgm("--db", str(partial), "--user", "admin", "demo", "--cases", str(cases)),
        env=run, check=True, capture_output=True,
    )  # fmt: skip
    partial.rename(path)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    root = Path(tempfile.gettempdir()) / "rgm-bench"
    root.mkdir(exist_ok=True)
    config = root / "config"
    config.mkdir(exist_ok=True)
    env = _env(config)
    db = args.db or root / f"startup-{args.cases}.db"
    ensure_database(db, args.cases, env)
    app_cmd = _rgm("--db", str(db), "--user", "admin", "--exit-when-ready")
    bare_cmd = [sys.executable, "-c", BARE]
    timed(bare_cmd, env)  # warm the disk cache for both
    timed(app_cmd, env)
    help_cmd = _rgm("--help")
    # What no start-up of this program can avoid, timed the same way: the interpreter alone,
    # and importing SQLAlchemy's ORM with the mapped tables (every operation is written on it).
    empty_cmd = [sys.executable, "-c", "pass"]
    orm_cmd = [sys.executable, "-c", "import models.entities"]
    bare, app, cli, empty, orm = [], [], [], [], []
    for _ in range(args.runs):
        bare.append(timed(bare_cmd, env))
        app.append(timed(app_cmd, env))
        cli.append(timed(help_cmd, env))
        empty.append(timed(empty_cmd, env))
        orm.append(timed(orm_cmd, env))
    b, a, c = statistics.median(bare), statistics.median(app), statistics.median(cli)
    e, o = statistics.median(empty), statistics.median(orm)
    print(f"bare PySide6 window shown:          median {b * 1000:7.0f} ms  (runs {args.runs})")
    print(f"rgm --help (interpreter, imports, parser of every command): {c * 1000:7.0f} ms")
    print(f"interpreter alone: {e * 1000:.0f} ms; importing the ORM and mapped tables: "
          f"{(o - e) * 1000:.0f} ms more ({(o - e) / b:.2f}x the bare window)")  # fmt: skip
    print(f"rgm to case list ({args.cases:,} cases): median {a * 1000:7.0f} ms")
    print(f"ratio: {a / b:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
