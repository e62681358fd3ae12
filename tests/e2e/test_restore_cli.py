"""rgm restore against real processes: who may, which files, another key or office, another
rgm using the database, and what a kill (SIGKILL) in the middle of a backup, a restore or an
import leaves for the next run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import ROOT, cli_env, run_rgm
from support.offices import Office, Offices
from support.workbooks import write_xlsx

from models.db_lock import DatabaseLock
from models.errors import Refused

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")

SAMPLE = ROOT / "tests" / "data" / "field-registrations-kayes.xlsx"
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


def one_line(out: subprocess.CompletedProcess[str], code: int, *parts: str) -> None:
    lines = out.stderr.strip().splitlines()
    assert out.returncode == code and len(lines) == 1, (out.returncode, out.stderr)
    for part in parts:
        assert part in lines[0], lines[0]


@pytest.fixture(scope="module")
def built(offices: Offices, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a database (BKO, 150 demo cases, a viewer and a registrar) and a
    backup of it, made once and copied for each test."""
    root = tmp_path_factory.mktemp("built")
    users = (("victor", ("viewer",)), ("rita", ("registrar",)))
    env = offices.copy(Office(PASSWORD, users, "{name}-secret-1", demo=(150, 2)), root)
    rgm(env, "--user", "admin", "backup", "--out", str(root / "saved.db"))
    return root


@pytest.fixture
def env(built: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    shutil.copytree(built / "data", tmp_path / "data")
    shutil.copyfile(built / "saved.db", tmp_path / "saved.db")
    yield cli_env(tmp_path, PASSWORD)


def live(env: dict[str, str]) -> Path:
    return Path(env["RGM_DATA_DIR"]) / "rgm.db"


def beside(env: dict[str, str]) -> list[str]:
    """The files beside the database (the backups and temporary folders aside)."""
    return sorted(p.name for p in live(env).parent.iterdir() if p.name not in ("backups", "tmp"))


def users(env: dict[str, str]) -> set[str]:
    listed = rgm(env, "--user", "admin", "user", "list").stdout
    return {line.split("\t")[0] for line in listed.splitlines()}


def add_user(env: dict[str, str], name: str) -> None:
    rgm({**env, "RGM_NEW_PASSWORD": f"{name}-secret-1"}, "--user", "admin", "user", "add", name,
        "--role", "viewer")  # fmt: skip


def other_database(
    tmp_path: Path, office: str, passphrase: str = "a long passphrase"
) -> tuple[dict[str, str], Path]:
    """Another office's (or another key's) database with a user of its own, and its backup."""
    other = cli_env(tmp_path / office, PASSWORD)
    other["RGM_DB_PASSPHRASE"] = passphrase
    rgm(other, "init", "--office", office, "--name", f"Bureau {office}")
    add_user(other, "from-elsewhere")
    out = tmp_path / f"{office}.db"
    rgm(other, "--user", "admin", "backup", "--out", str(out))
    return other, out


def test_only_a_signed_in_administrator_restores(env: dict[str, str], tmp_path: Path) -> None:
    saved = tmp_path / "saved.db"
    add_user(env, "newcomer")
    before = live(env).read_bytes()
    one_line(rgm(env, "restore", str(saved), "--yes", check=False), 1, "sign in with --user")
    viewer = {**env, "RGM_PASSWORD": "victor-secret-1"}
    one_line(rgm(viewer, "--user", "victor", "restore", str(saved), "--yes", check=False), 1,
             "victor may not do this", "administrator")  # fmt: skip
    assert live(env).read_bytes() == before
    wrong = {**env, "RGM_PASSWORD": "not-the-password"}  # (the failure is counted: a write)
    one_line(rgm(wrong, "--user", "admin", "restore", str(saved), "--yes", check=False), 1,
             "wrong user name or password")  # fmt: skip
    assert "newcomer" in users(env)
    rgm(env, "--user", "admin", "restore", str(saved), "--yes")
    assert "newcomer" not in users(env)


def test_a_backup_under_another_passphrase_is_refused_or_rekeyed(
    env: dict[str, str], tmp_path: Path
) -> None:
    _other, theirs = other_database(tmp_path, "BKO", passphrase="the other passphrase")
    before = live(env).read_bytes()
    # Its passphrase given as the database's: the database itself does not open with it.
    as_theirs = {**env, "RGM_DB_PASSPHRASE": "the other passphrase"}
    one_line(rgm(as_theirs, "--user", "admin", "restore", str(theirs), "--yes", check=False), 2,
             "cannot open the database: wrong key")  # fmt: skip
    one_line(rgm(env, "--user", "admin", "restore", str(theirs), "--yes", check=False), 2,
             "does not open with this database's key", "RGM_BACKUP_PASSPHRASE")  # fmt: skip
    assert live(env).read_bytes() == before
    assert beside(env) == ["rgm.db", "rgm.db.lock"]
    rekeyed = {**env, "RGM_BACKUP_PASSPHRASE": "the other passphrase"}
    rgm(rekeyed, "--user", "admin", "restore", str(theirs), "--yes")
    # The database's own passphrase opens it, with the other database's users in it.
    assert "from-elsewhere" in users(env)
    refused = rgm(as_theirs, "--user", "admin", "user", "list", check=False)
    assert refused.returncode == 2 and "wrong key" in refused.stderr


def test_another_offices_backup_is_restored_only_when_confirmed(
    env: dict[str, str], tmp_path: Path
) -> None:
    _other, theirs = other_database(tmp_path, "DKR")
    before = live(env).read_bytes()
    one_line(rgm(env, "--user", "admin", "restore", str(theirs), "--yes", check=False), 1,
             "of office DKR (Bureau DKR)", "BKO", "--other-office")  # fmt: skip
    assert live(env).read_bytes() == before
    rgm(env, "--user", "admin", "restore", str(theirs), "--yes", "--other-office")
    assert "from-elsewhere" in users(env)


def _truncated(saved: Path, out: Path) -> None:
    out.write_bytes(saved.read_bytes()[: saved.stat().st_size // 3])


def _flipped(saved: Path, out: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))


def _plain(saved: Path, out: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(out)
    conn.execute("CREATE TABLE office (code TEXT)")
    conn.commit()
    conn.close()


UNUSABLE = {
    "empty": (lambda saved, out: out.write_bytes(b""), "is empty"),
    "random": (lambda saved, out: out.write_bytes(os.urandom(200_000)), "does not open"),
    "truncated": (_truncated, "damaged"),
    "bit flipped": (_flipped, "damaged"),
    "plain sqlite": (_plain, "not encrypted"),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_an_unusable_file_is_one_line_exit_2_and_the_database_is_untouched(
    env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    make, says = UNUSABLE[kind]
    bad = tmp_path / "bad.db"
    make(tmp_path / "saved.db", bad)
    before = live(env).read_bytes()
    for lang, expected in (("en", says), ("fr", None)):
        out = rgm(env, "--lang", lang, "--user", "admin", "restore", str(bad), "--yes", check=False)
        one_line(out, 2, str(bad), *([expected] if expected else []))
        assert "Traceback" not in out.stderr and "unexpected" not in out.stderr
    assert live(env).read_bytes() == before
    assert beside(env) == ["rgm.db", "rgm.db.lock"]


def _held(database: Path) -> bool:
    try:
        probe = DatabaseLock(database)
        probe.exclusive()
    except Refused:
        return True
    probe.release()
    return False


def test_refused_while_a_window_has_the_database_open(env: dict[str, str], tmp_path: Path) -> None:
    add_user(env, "newcomer")
    window = spawn({**env, "QT_QPA_PLATFORM": "offscreen"}, "--user", "admin")
    try:
        deadline = time.monotonic() + 120
        while not _held(live(env)):
            assert window.poll() is None, window.communicate()
            assert time.monotonic() < deadline, "the window never opened the database"
            time.sleep(0.1)
        before = live(env).read_bytes()
        out = rgm(env, "--user", "admin", "restore", str(tmp_path / "saved.db"), "--yes",
                  check=False)  # fmt: skip
        one_line(out, 1, "in use by another window or command")
        assert live(env).read_bytes() == before
    finally:
        window.terminate()
        window.wait(30)
    rgm(env, "--user", "admin", "restore", str(tmp_path / "saved.db"), "--yes")
    assert "newcomer" not in users(env)


def _cases(env: dict[str, str], tmp_path: Path) -> int:
    out = tmp_path / "cases.csv"
    rgm(env, "--user", "admin", "export", "cases", "--out", str(out))
    return len(out.read_text(encoding="utf-8-sig").splitlines()) - 1


def test_an_import_running_during_a_restore_keeps_its_rows(
    env: dict[str, str], tmp_path: Path
) -> None:
    """The import holds the database open: the restore is refused, the import's success holds."""
    count = _cases(env, tmp_path)
    marker = tmp_path / "marker"
    rita = {**env, "RGM_PASSWORD": "rita-secret-1"}
    importing = spawn(paused(rita, "import.committed", marker), "--user", "rita", "import",
                      "registrations", str(SAMPLE), "--skip-invalid")  # fmt: skip
    wait_for(marker, importing)
    out = rgm(env, "--user", "admin", "restore", str(tmp_path / "saved.db"), "--yes", check=False)
    one_line(out, 1, "in use by another window or command")
    marker.unlink()
    stdout, stderr = importing.communicate(timeout=120)
    assert importing.returncode == 0, stderr
    assert "165 imported" in stdout
    assert _cases(env, tmp_path) == count + 165


def _leftovers(folder: Path, pattern: str) -> list[str]:
    return sorted(p.name for p in folder.glob(pattern))


def test_a_killed_backup_leaves_the_database_as_it_was_and_the_next_backup_cleans_up(
    env: dict[str, str], tmp_path: Path
) -> None:
    backups = live(env).parent / "backups"
    before = live(env).read_bytes()
    marker = tmp_path / "marker"
    proc = spawn(paused(env, "backup.copying", marker), "--user", "admin", "backup")
    wait_for(marker, proc)
    kill(proc)
    assert _leftovers(backups, ".*.rgm-part"), "the copy was under way"
    assert not _leftovers(backups, "rgm-*.db")
    assert live(env).read_bytes() == before
    made = rgm(env, "--user", "admin", "backup")
    assert _leftovers(backups, ".*.rgm-part") == []
    (written,) = backups.glob("rgm-BKO-*.db")
    assert str(written) in made.stdout


@pytest.mark.parametrize("point", ["restore.copied", "restore.swapping"])
def test_a_killed_restore_leaves_the_database_as_it_was_and_the_next_run_cleans_up(
    env: dict[str, str], tmp_path: Path, point: str
) -> None:
    add_user(env, "newcomer")
    before = live(env).read_bytes()
    marker = tmp_path / "marker"
    proc = spawn(paused(env, point, marker), "--user", "admin", "restore",
                 str(tmp_path / "saved.db"), "--yes")  # fmt: skip
    wait_for(marker, proc)
    kill(proc)
    folder = live(env).parent
    assert _leftovers(folder, ".rgm.db.*.restore"), "the restore was under way"
    assert live(env).read_bytes() == before
    # The next command (any) that opens the database finds it free and removes the copy.
    assert "newcomer" in users(env)
    assert _leftovers(folder, ".rgm.db.*") == []
    kept = _leftovers(folder, "rgm.db.before-restore-*")
    assert kept == ([] if point == "restore.copied" else kept[:1]) and len(kept) <= 1


def _duplicates_file(tmp_path: Path) -> Path:
    again = ["Traoré", "Oumou", "F", dt.date(1973, 7, 24), "Mali", "85 89 84 19", "oui"]
    other = ["Keita", "Salif", "M", dt.date(1981, 2, 3), "Mali", "", "oui"]
    rows = [["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité",
             "Téléphone", "Consentement"],
            ["N-1", *again], ["N-2", *again], ["N-3", *other], ["N-4", "KEITA", *other[1:]]]  # fmt: skip
    return write_xlsx(tmp_path / "dup.xlsx", rows)


def test_a_kill_between_an_imports_commit_and_its_duplicate_check_is_finished_later(
    env: dict[str, str], tmp_path: Path
) -> None:
    rita = {**env, "RGM_PASSWORD": "rita-secret-1"}
    marker = tmp_path / "marker"
    proc = spawn(paused(rita, "import.committed", marker), "--user", "rita", "import",
                 "registrations", str(_duplicates_file(tmp_path)))  # fmt: skip
    wait_for(marker, proc)
    kill(proc)
    # Any command says so, in one line; the flags are not there yet.
    listed = rgm(env, "--user", "admin", "duplicate", "list")
    one_line(listed, 0, "4 imported registrations are not checked for duplicates yet")
    flagged = len(listed.stdout.splitlines())
    fr = rgm(env, "--lang", "fr", "--user", "admin", "user", "list")
    one_line(fr, 0, "4", "doublons")
    # rgm duplicates checks them first.
    scanned = rgm(env, "--user", "admin", "duplicates", "--json")
    assert "4 registrations of an interrupted import checked for duplicates" in scanned.stderr
    after = rgm(env, "--user", "admin", "duplicate", "list")
    assert after.stderr == ""
    # N-1 with N-2, N-3 with N-4: new open flags (and a full scan's own finds, if any).
    assert len(after.stdout.splitlines()) >= flagged + 2, after.stdout


def test_temporary_files_stay_in_the_data_folder_and_a_killed_export_leaves_none(
    env: dict[str, str], tmp_path: Path
) -> None:
    """openpyxl writes each sheet's rows to a temporary file until the workbook is saved: never
    in the system's temp folder (personal data in plain text), and gone after a kill."""
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = {**env, "TMPDIR": str(system_tmp), "TMP": str(system_tmp), "TEMP": str(system_tmp)}
    scratch = live(env).parent / "tmp"
    marker = tmp_path / "marker"
    out = tmp_path / "cases.xlsx"
    proc = spawn(paused(env, "export.rows_written", marker), "--user", "admin", "export",
                 "cases", "--out", str(out))  # fmt: skip
    wait_for(marker, proc)
    pending = [p for p in scratch.rglob("*") if p.is_file() and not p.name.endswith(".lock")]
    assert pending, "the rows are in a temporary file while the export runs"
    kill(proc)
    assert list(system_tmp.iterdir()) == []
    assert not out.exists() and not list(tmp_path.glob("cases.xlsx*"))
    # The next run (any command) removes what the killed one left.
    rgm(env, "--user", "admin", "backup")
    rgm(env, "--user", "admin", "restore", str(tmp_path / "saved.db"), "--yes")
    assert [p for p in scratch.rglob("*")] == []
    assert list(system_tmp.iterdir()) == []
    rgm(env, "--user", "admin", "export", "cases", "--out", str(out))
    assert out.exists() and list(system_tmp.iterdir()) == []
