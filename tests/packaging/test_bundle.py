"""The built program (``RGM_BUNDLE``: dist/rgm/rgm, or /usr/bin/rgm from the installed .deb) as
a newcomer runs it: an empty environment (no PATH to a Python, no venv), a fresh HOME, no network
where the system allows a namespace without one. ``./dev package`` runs these; ``./dev test``
skips them. The tests run in order and share the newcomer's home. The same tests run on the
Windows and macOS runners (.github/workflows/package.yml), with their own notion of a home.

Nothing is ever written into the program's folder (it may be read-only): the last test compares
it with what it was before the first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3
from support.upgrade import assert_rows_kept

BUNDLE = os.environ.get("RGM_BUNDLE")
DEB = os.environ.get("RGM_DEB")  # the .deb that was installed, when it was
SHORT = os.environ.get("RGM_BUNDLE_SHORT") == "1"
DATA = Path(__file__).resolve().parents[1] / "data"
PASSPHRASE = "une phrase de passe du bureau"
PASSWORD = "mot-de-passe-admin"
OLD_PASSPHRASE = "rgm 0.1.0 fixture passphrase"  # tests/data/rgm-0.1.0.md

if not BUNDLE:
    pytest.skip("no bundle (./dev package sets RGM_BUNDLE)", allow_module_level=True)


def _no_network_prefix() -> list[str]:
    """``unshare -n``: a network namespace with no interface up (root on Linux only)."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None or os.geteuid():
        return []
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return ["unshare", "-n"] if done.returncode == 0 else []


@pytest.fixture(scope="module")
def program() -> Path:
    assert BUNDLE
    return Path(BUNDLE)


def _listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


@pytest.fixture(scope="module")
def install_folder(program: Path) -> tuple[Path, dict[str, tuple[int, int]]]:
    """The program's folder and what it holds before the first test ran it."""
    folder = program.resolve().parent
    return folder, _listing(folder)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, install_folder: object) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("newcomer")


class Newcomer:
    def __init__(self, program: Path, home: Path) -> None:
        self.program = program
        self.home = home
        self.offline = _no_network_prefix()

    def env(self, **extra: str) -> dict[str, str]:
        # What `env -i` leaves, plus what the README says a script gives.
        env = {"RGM_DB_PASSPHRASE": PASSPHRASE, "RGM_PASSWORD": PASSWORD}
        if sys.platform == "win32":  # Windows needs its own folder; the user's are the home's
            local = self.home / "AppData" / "Local"
            env.update(
                SYSTEMROOT=os.environ["SYSTEMROOT"], PATH=os.environ["SYSTEMROOT"] + "\\System32",
                USERPROFILE=str(self.home), LOCALAPPDATA=str(local),
                APPDATA=str(self.home / "AppData" / "Roaming"), TEMP=str(local / "Temp"),
                TMP=str(local / "Temp"),
            )  # fmt: skip
            (local / "Temp").mkdir(parents=True, exist_ok=True)
        else:
            env.update(HOME=str(self.home), PATH="/usr/bin:/bin")
        if not sys.platform.startswith("linux"):
            # The runners' keychains would ask a person; a script passes the passphrase. No
            # Xvfb there: the window is drawn offscreen.
            env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
            env["QT_QPA_PLATFORM"] = "offscreen"
        return {**env, **extra}

    def run(
        self, *args: str | Path, window: bool = False, check: bool = True, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.program), *map(str, args)]
        if window and sys.platform.startswith("linux"):
            # a real X server (Xvfb), so the xcb platform and its libraries are tried
            cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", *cmd]
        done = subprocess.run(
            [*self.offline, *cmd], env=self.env(**extra), cwd=self.home, capture_output=True,
            text=True, timeout=900, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(
                f"rgm {' '.join(map(str, args))} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        return done


@pytest.fixture(scope="module")
def rgm(program: Path, home: Path) -> Newcomer:
    return Newcomer(program, home)


@pytest.mark.skipif(not DEB, reason="no .deb")
def test_the_deb_holds_the_program_a_command_a_menu_entry_and_an_icon() -> None:
    from models.version import __version__

    assert DEB
    listing = subprocess.run(
        ["dpkg-deb", "--contents", DEB], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    names = {line.split()[5] for line in listing}
    assert {
        "./opt/rgm/rgm",
        "./opt/rgm/_internal/resources/i18n/rgm_fr.qm",
        "./usr/share/applications/rgm.desktop",
        "./usr/share/icons/hicolor/256x256/apps/rgm.png",
        "./usr/share/icons/hicolor/scalable/apps/rgm.svg",
    } <= names
    assert any(line.endswith("./usr/bin/rgm -> /opt/rgm/rgm") for line in listing)
    for line in listing:
        mode, owner = line.split()[:2]
        assert owner == "root/root", line
        assert mode[0] == "l" or (mode[5] != "w" and mode[8] != "w"), line  # read-only to users
    fields = subprocess.run(
        ["dpkg-deb", "--field", DEB, "Package", "Version", "Depends"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Package: rgm" in fields and f"Version: {__version__}" in fields
    assert "libxcb-cursor0" in fields


def test_version(rgm: Newcomer) -> None:
    from models.version import __version__

    out = rgm.run("--lang", "fr", "--version")
    assert out.stdout.startswith(f"rgm {__version__} (schéma de base de données ")


def test_init_creates_the_database_in_the_user_s_data_folder(rgm: Newcomer) -> None:
    rgm.run("init", "--office", "BKO", "--name", "Bureau de Bamako", "--admin", "admin")
    (database,) = rgm.home.rglob("rgm.db")  # ~/.local/share/..., %LOCALAPPDATA%\...
    assert database.parent.name == "ReintegrationGrantManager" and database.stat().st_size > 0


def test_demo(rgm: Newcomer) -> None:
    out = rgm.run("--lang", "en", "--user", "admin", "demo", "--cases", "300", "--seed", "4")
    assert "Loaded 300 demo cases" in out.stdout


def test_agreements_print_and_their_text_reads_back(rgm: Newcomer) -> None:
    pdf = rgm.home / "agreements.pdf"
    rgm.run("--lang", "fr", "--user", "admin", "agreements", "--status", "approved", "--out", pdf)
    if shutil.which("pdftotext"):  # poppler, independent of the program's own PDF library
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    else:  # the Windows and macOS runners
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "CONVENTION DE SUBVENTION DE RÉINTÉGRATION" in text
    assert re.search(r"Dossier n° BKO-\d{4}-\d{6}", text)


def test_monthly_return(rgm: Newcomer) -> None:
    from openpyxl import load_workbook

    out = rgm.home / "return.xlsx"
    rgm.run("--user", "admin", "return", "--month", "2026-01", "--out", out)
    book = load_workbook(out, read_only=True)
    assert {"Cover", "Summary", "Cases"} <= set(book.sheetnames)


def test_import_of_the_sample_sheet(rgm: Newcomer) -> None:
    sheet = DATA / "field-registrations-kayes.xlsx"
    out = rgm.run("--lang", "en", "--user", "awa", "import", "registrations", sheet,
                  "--skip-invalid")  # fmt: skip
    imported = re.search(r"(\d+) imported", out.stdout)
    assert imported and int(imported[1]) >= 150, out.stdout  # 165 of 173 rows today


def test_audit_verify(rgm: Newcomer) -> None:
    out = rgm.run("--lang", "en", "--user", "admin", "audit", "verify")
    assert out.stdout.startswith("Audit trail intact")


def test_the_window_opens_on_the_cases(rgm: Newcomer) -> None:
    rgm.run("--user", "admin", "--exit-when-ready", window=True)


@pytest.mark.skipif(SHORT, reason="short form: the screenshots are left out")
def test_screenshots_in_french_and_english(rgm: Newcomer) -> None:
    import json

    out = rgm.home / "screens"
    rgm.run("--screenshots", out, window=True)
    shown = json.loads((out / "screens.json").read_text(encoding="utf-8"))
    assert shown["fr"]["title"] == "Gestion des aides à la réintégration"
    assert shown["fr"]["menus"][0] == "Fichier" and "Tableau de bord" in shown["fr"]["pages"]
    assert shown["en"]["title"] == "Reintegration Grant Manager"
    for lang in ("fr", "en"):
        assert len(shown[lang]["files"]) > 20
        assert all((out / f).stat().st_size > 5000 for f in shown[lang]["files"])


def _row_counts(path: Path) -> dict[str, int]:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{OLD_PASSPHRASE}"')
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_a_server_database_is_reached_through_the_bundled_driver(rgm: Newcomer) -> None:
    """psycopg's C implementation (and its libpq) is in the bundle: a server that does not
    answer is refused as such, not as a missing driver."""
    out = rgm.run("--lang", "en", "--database-url", "postgresql://rgm@127.0.0.1:9/rgm",
                  "--user", "admin", "audit", "verify", check=False)  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith("rgm: cannot connect to the database server"), out.stderr


def test_a_database_of_release_0_1_0_is_upgraded_with_a_backup_beside_it(rgm: Newcomer) -> None:
    old = rgm.home / "office" / "rgm.db"
    old.parent.mkdir()
    shutil.copyfile(DATA / "rgm-0.1.0.db", old)
    before = _row_counts(old)
    out = rgm.run("--lang", "en", "--db", old, "--user", "admin", "audit", "verify",
                  RGM_DB_PASSPHRASE=OLD_PASSPHRASE, RGM_PASSWORD="release-0.1.0-admin")  # fmt: skip
    # the 212 events made by 0.1.0, then the one that starts the keyed chain
    assert "Audit trail intact: 213 events" in out.stdout
    assert_rows_kept(before, _row_counts(old))
    head = rgm.run("--version").stdout.split()[-1].rstrip(")")
    backups = list(old.parent.glob("rgm.db.schema-0001-*.bak"))
    if head != "0001":
        # the old database as it was (a copy made by SQLite: the same rows, not the same bytes)
        assert len(backups) == 1
        assert _row_counts(backups[0]) == _row_counts(DATA / "rgm-0.1.0.db")
    else:
        assert backups == []


def test_a_database_of_a_newer_release_is_refused_and_left_as_it_was(rgm: Newcomer) -> None:
    newer = rgm.home / "newer.db"
    shutil.copyfile(DATA / "rgm-0.1.0.db", newer)
    conn = sqlcipher3.connect(str(newer))
    conn.execute(f'PRAGMA key = "{OLD_PASSPHRASE}"')
    conn.execute("UPDATE alembic_version SET version_num = '0999_newer'")
    conn.commit()
    conn.close()
    before = newer.read_bytes()
    out = rgm.run("--lang", "en", "--db", newer, "--user", "admin", "audit", "verify",
                  check=False, RGM_DB_PASSPHRASE=OLD_PASSPHRASE)  # fmt: skip
    assert out.returncode == 2
    assert "made by a newer version of the program" in out.stderr
    assert newer.read_bytes() == before


def test_nothing_was_written_into_the_program_s_folder(
    install_folder: tuple[Path, dict[str, tuple[int, int]]], rgm: Newcomer
) -> None:
    folder, before = install_folder
    assert _listing(folder) == before
    # where the newcomer's runs did write: the user's own folders
    assert list(rgm.home.rglob("catalogue-fr-*.json"))
