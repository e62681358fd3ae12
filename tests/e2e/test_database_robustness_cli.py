"""The database under two processes at once, with real ``rgm`` processes: a reader during a long
write, a writer that cannot get the lock, the same file under another name (a symlink, a hard
link), a file replaced underneath a running command, and two processes upgrading one old
database at once or killed in the middle of the upgrade (issue #11)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from support.cli import ROOT, cli_env, run_rgm
from support.offices import Office, Offices

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL, symlinks")

SAMPLE = ROOT / "tests" / "data" / "field-registrations-kayes.xlsx"
OLD_RELEASE = ROOT / "tests" / "data" / "rgm-0.1.0.db"
OLD_PASSPHRASE = "rgm 0.1.0 fixture passphrase"  # tests/data/rgm-0.1.0.md
PASSWORD = "admin-secret-1"


def rgm(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args, check=check)


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def paused(env: dict[str, str], point: str, marker: Path) -> dict[str, str]:
    return {**env, "RGM_PAUSE_AT": f"{point}={marker}"}


def wait_for(marker: Path, proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"ended before the pause point ({proc.returncode})\n{out}\n{err}")
        assert time.monotonic() < deadline, "the pause point was never reached"
        time.sleep(0.05)


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def one_line(out: subprocess.CompletedProcess[str], code: int, *parts: str) -> str:
    lines = out.stderr.strip().splitlines()
    assert out.returncode == code and len(lines) == 1, (out.returncode, out.stderr)
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def built(offices: Offices, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a database (BKO, 150 demo cases, a registrar) and a backup of it."""
    root = tmp_path_factory.mktemp("built")
    users = (("rita", ("registrar",)),)
    spec = Office(PASSWORD, users, "{name}-secret-1", demo=(150, 2))
    env = offices.copy(spec, root)
    rgm(env, "--user", "admin", "backup", "--out", str(root / "saved.db"))
    return root


@pytest.fixture
def env(built: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    shutil.copytree(built / "data", tmp_path / "data")
    shutil.copyfile(built / "saved.db", tmp_path / "saved.db")
    # A writer that cannot get the lock gives up after 3 s here (30 s by default).
    yield {**cli_env(tmp_path, PASSWORD), "RGM_BUSY_SECONDS": "3"}


def live(env: dict[str, str]) -> Path:
    return Path(env["RGM_DATA_DIR"]) / "rgm.db"


def rita(env: dict[str, str]) -> dict[str, str]:
    return {**env, "RGM_PASSWORD": "rita-secret-1"}


def importing(env: dict[str, str], marker: Path, *db: str) -> subprocess.Popen[str]:
    """``rgm import registrations`` of the sample, stopped with its rows written, uncommitted."""
    proc = spawn(paused(rita(env), "import.writing", marker), *db, "--user", "rita", "import",
                 "registrations", str(SAMPLE), "--skip-invalid")  # fmt: skip
    wait_for(marker, proc)
    return proc


def cases(env: dict[str, str], tmp_path: Path, *db: str) -> int:
    out = tmp_path / "cases.csv"
    rgm(env, *db, "--user", "admin", "export", "cases", "--out", str(out))
    return len(out.read_text(encoding="utf-8-sig").splitlines()) - 1


# -- readers and writers -------------------------------------------------------------------------


def test_readers_do_not_wait_for_a_writer_and_a_blocked_writer_says_busy(
    env: dict[str, str], tmp_path: Path
) -> None:
    count = cases(env, tmp_path)
    marker = tmp_path / "marker"
    writer = importing(env, marker)
    try:
        for args in (("export", "cases", "--out", str(tmp_path / "during.csv")),
                     ("duplicates", "--no-save"), ("audit", "verify")):  # fmt: skip
            # The writer is paused with its lock held until the marker goes: a reader that
            # waited for it would end "busy" (exit 2) after its wait, so success is the proof
            # (no wall-clock bound: these machines are noisy).
            out = rgm(env, "--user", "admin", *args, check=False)
            assert out.returncode == 0, out.stderr
        # the reader saw the last committed state: not the import's uncommitted rows
        assert len((tmp_path / "during.csv").read_text("utf-8-sig").splitlines()) - 1 == count
        # a second writer waits for the lock, then says the database is busy: never "wrong key"
        out = rgm({**env, "RGM_NEW_PASSWORD": "x-secret-12"}, "--user", "admin", "user", "add",
                  "xavier", "--role", "viewer", check=False)  # fmt: skip
        line = one_line(out, 2, "is busy: another window or command is writing to it")
        assert "wrong key" not in line
    finally:
        marker.unlink(missing_ok=True)
    stdout, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, stderr
    assert cases(env, tmp_path) == count + 165


# -- the same file under another name ------------------------------------------------------------


def test_a_restore_through_the_real_name_is_refused_while_a_symlink_user_writes(
    env: dict[str, str], tmp_path: Path
) -> None:
    link = tmp_path / "elsewhere" / "Office.db"
    link.parent.mkdir()
    link.symlink_to(live(env))
    count = cases(env, tmp_path)
    marker = tmp_path / "marker"
    writer = importing(env, marker, "--db", str(link))
    try:
        out = rgm(env, "--user", "admin", "restore", str(tmp_path / "saved.db"), "--yes",
                  check=False)  # fmt: skip
        one_line(out, 1, "in use by another window or command")
    finally:
        marker.unlink(missing_ok=True)
    stdout, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 0, stderr
    assert "165 imported" in stdout
    assert cases(env, tmp_path) == count + 165  # the import's rows are in the live file


def test_a_database_file_with_two_hard_links_is_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    other = tmp_path / "other-name.db"
    os.link(live(env), other)
    for db in (other, live(env)):
        out = rgm(env, "--db", str(db), "--user", "admin", "audit", "verify", check=False)
        one_line(out, 2, "has 2 names (hard links)")
    other.unlink()
    rgm(env, "--user", "admin", "audit", "verify")


def test_a_file_replaced_underneath_a_running_import_fails_it_loudly(
    env: dict[str, str], tmp_path: Path
) -> None:
    count = cases(env, tmp_path)
    marker = tmp_path / "marker"
    writer = importing(env, marker)
    try:
        # what a copy put in place by hand (or an older rgm's restore) does: a new file, same name
        swap = live(env).with_name("swap.db")
        shutil.copyfile(tmp_path / "saved.db", swap)
        os.replace(swap, live(env))
    finally:
        marker.unlink(missing_ok=True)
    stdout, stderr = writer.communicate(timeout=120)
    assert writer.returncode == 2, (stdout, stderr)
    (line,) = stderr.strip().splitlines()
    assert "was replaced by another file while in use" in line
    assert "imported" not in stdout
    assert cases(env, tmp_path) == count  # the file in place: the backup, nothing claimed of it


# -- upgrading an old database -------------------------------------------------------------------


def _old(tmp_path: Path) -> tuple[dict[str, str], Path]:
    env = {**cli_env(tmp_path, "release-0.1.0-admin"), "RGM_DB_PASSPHRASE": OLD_PASSPHRASE}
    path = tmp_path / "data" / "rgm.db"
    path.parent.mkdir(parents=True)
    shutil.copyfile(OLD_RELEASE, path)
    return env, path


def _revision(path: Path) -> str:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{OLD_PASSPHRASE}"')
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def _rows(path: Path) -> dict[str, int]:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{OLD_PASSPHRASE}"')
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name not in ("tmp", "rgm.db.lock"))


def test_two_processes_opening_an_old_database_at_once_upgrade_it_once(tmp_path: Path) -> None:
    env, path = _old(tmp_path)
    before = _rows(path)
    marker = tmp_path / "marker"
    first = spawn(paused(env, "upgrade.copying", marker), "--user", "admin", "audit", "verify")
    wait_for(marker, first)  # holds the write lock, copying the old file
    second = spawn(env, "--user", "admin", "audit", "verify")  # sees the old revision too
    time.sleep(1.5)
    marker.unlink()
    for proc in (first, second):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, (out, err)
        assert "Audit trail intact" in out
    (backup,) = path.parent.glob("rgm.db.schema-*.bak")  # one copy, of the old database
    assert backup.name.startswith("rgm.db.schema-0001-")
    assert _revision(backup) == "0001" and _rows(backup) == before
    assert not [n for n in _beside(path) if n.endswith(".part")]


@pytest.mark.parametrize("point", ["upgrade.copying", "upgrade.migrating"])
def test_a_kill_during_the_upgrade_leaves_the_old_database_and_the_next_start_upgrades(
    tmp_path: Path, point: str
) -> None:
    env, path = _old(tmp_path)
    before = _rows(path)
    marker = tmp_path / "marker"
    proc = spawn(paused(env, point, marker), "--user", "admin", "audit", "verify")
    wait_for(marker, proc)
    kill(proc)
    marker.unlink()
    assert _revision(path) == "0001" and _rows(path) == before  # the old database, intact
    for backup in path.parent.glob("rgm.db.schema-*.bak"):  # complete, or not there at all
        assert _revision(backup) == "0001" and _rows(backup) == before
    out = rgm(env, "--user", "admin", "audit", "verify")
    assert "Audit trail intact" in out.stdout
    assert _revision(path) != "0001"
    backups = sorted(path.parent.glob("rgm.db.schema-*.bak"))
    assert backups and all(_revision(b) == "0001" and _rows(b) == before for b in backups)
    assert not [n for n in _beside(path) if ".part" in n]
