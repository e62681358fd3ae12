"""Start-up as a user meets it: first start, sign-in with lock-out, the command that quits when
the case list is shown, settings, and long work on the worker with a cancellable progress."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QProgressDialog, QPushButton
from sqlalchemy import select

from desktop import settings as declared
from desktop.jobs import JobRunner
from desktop.settings import Settings
from models.database import Database
from models.entities import Office
from models.office_setup import initialise
from ui.first_start import FirstStartDialog
from ui.signin import SignInDialog

ROOT = Path(__file__).resolve().parents[2]


def test_first_start_creates_the_office_and_admin(qtbot, sqlite_db: Database, english) -> None:  # type: ignore[no-untyped-def]
    def create(choice):  # type: ignore[no-untyped-def]
        return initialise(
            sqlite_db, code=choice.code, name=choice.name, country=choice.country,
            admin=choice.admin, password=choice.password, language=choice.language,
        )[1]  # fmt: skip

    dialog = FirstStartDialog("en", keyring_available=False, create=create)
    qtbot.addWidget(dialog)
    assert dialog.use_passphrase.isChecked() and not dialog.use_keyring.isEnabled()
    qtbot.keyClicks(dialog.code, "BKO")
    qtbot.keyClicks(dialog.name, "Bureau de Bamako")
    qtbot.keyClicks(dialog.password, "a-long-password")
    qtbot.keyClicks(dialog.password_again, "another-one")
    qtbot.keyClicks(dialog.passphrase, "secret phrase")
    qtbot.keyClicks(dialog.passphrase_again, "secret phrase")
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "The two passwords differ."
    assert sqlite_db.office() is None
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "a-long-password")
    dialog.code.setText("B")  # refused by the operation, shown in the dialog
    dialog.buttons.accepted.emit()
    assert "must be 2 to 6 letters" in dialog.error.text()
    dialog.code.setText("BKO")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.choice is not None and dialog.choice.passphrase == "secret phrase"
    with sqlite_db.reading() as s:
        office = s.scalars(select(Office)).one()
        assert (office.code, office.country) == ("BKO", "MLI")


def test_sign_in_refuses_then_locks_out(qtbot, db: Database, admin, english) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(db, "Bureau de Bamako (BKO)", "admin")
    qtbot.addWidget(dialog)
    assert dialog.office.text() == "Bureau de Bamako (BKO)"
    for _ in range(4):
        dialog.password.setText("wrong")
        dialog.buttons.accepted.emit()
        assert dialog.error.text() == "Wrong user name or password."
    dialog.password.setText("wrong")
    dialog.buttons.accepted.emit()
    assert "locked" in dialog.error.text() and "15 min" in dialog.error.text()
    dialog.password.setText("admin-password")  # even the right password waits
    dialog.buttons.accepted.emit()
    assert dialog.actor is None and "locked" in dialog.error.text()


def test_sign_in_accepts_the_right_password(qtbot, db: Database, admin, english) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(db, "", "")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "admin-password")
    with qtbot.waitSignal(dialog.signed_in):
        dialog.buttons.accepted.emit()
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_rgm_exit_when_ready_opens_the_window_and_quits(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RGM_DB_PASSPHRASE="a passphrase",
               RGM_PASSWORD="admin-password", RGM_CONFIG_DIR=str(tmp_path),
               RGM_DATA_DIR=str(tmp_path))  # fmt: skip
    db = tmp_path / "rgm.db"
    rgm = [sys.executable, "-m", "desktop.cli", "--db", str(db)]
    subprocess.run([*rgm, "init", "--office", "BKO", "--name", "Bamako"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    subprocess.run([*rgm, "--user", "admin", "demo", "--cases", "50"], env=env, check=True,
                   capture_output=True, cwd=ROOT)  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run([*rgm, "--user", "admin", "--exit-when-ready"], env=env,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started < 30
    wrong = subprocess.run([*rgm, "--user", "admin", "--exit-when-ready"],
                           env=dict(env, RGM_PASSWORD="wrong"), capture_output=True,
                           text=True, cwd=ROOT, timeout=60)  # fmt: skip
    assert wrong.returncode == 1
    assert "wrong user name or password" in wrong.stderr.lower()
    # A wrong passphrase: the key derived at launch does not open it; said once, exit 2.
    bad_key = subprocess.run([*rgm, "--user", "admin", "--exit-when-ready"],
                             env=dict(env, RGM_DB_PASSPHRASE="not it"), capture_output=True,
                             text=True, cwd=ROOT, timeout=60)  # fmt: skip
    assert bad_key.returncode == 2, bad_key.stderr
    assert "wrong key" in bad_key.stderr


def test_settings_are_typed_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "w.ini"
    first = Settings(path)
    assert first.get(declared.CASE_COLUMNS) == [] and first.get(declared.CASE_SORT_DESCENDING)
    first.set(declared.CASE_COLUMNS, ["number", "phone"])
    first.set(declared.CASE_SORT_DESCENDING, False)
    first.set(declared.LANGUAGE, "en")
    first.sync()
    again = Settings(path)
    assert again.get(declared.CASE_COLUMNS) == ["number", "phone"]
    assert again.get(declared.CASE_SORT_DESCENDING) is False
    assert again.get(declared.LANGUAGE) == "en"


def test_long_work_shows_progress_after_half_a_second_and_cancels(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    results: list[object] = []

    def work(job):  # type: ignore[no-untyped-def]
        for n in range(400):
            if job.is_cancelled:
                return "cancelled"
            job.progress(n, 400)
            time.sleep(0.01)
        return "done"

    job = runner.run(work, on_finished=results.append, label="Working")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in _progress_dialogs()), timeout=3000)
    dialog = next(d for d in _progress_dialogs() if d.isVisible())
    assert dialog.labelText() == "Working"
    dialog.findChild(QPushButton).click()  # the user presses Cancel
    qtbot.waitUntil(lambda: results == ["cancelled"], timeout=5000)
    assert job.is_cancelled
    quick: list[object] = []
    runner.run(lambda _job: 42, on_finished=quick.append, label="Quick")
    qtbot.waitUntil(lambda: quick == [42], timeout=3000)
    runner.wait(2000)


def _progress_dialogs() -> list[QProgressDialog]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]


def test_a_job_reports_its_phases_and_cancel_raises_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    from models.jobs import Cancelled, Job

    runner = JobRunner()
    failures: list[BaseException] = []

    def work(job: Job) -> None:
        job.phase("Second stage")
        for n in range(400):
            job.check()
            job.progress(n, 400)
            time.sleep(0.01)

    run = runner.run(work, on_finished=print, on_failed=failures.append, label="Working")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in _progress_dialogs()), timeout=3000)
    dialog = next(d for d in _progress_dialogs() if d.isVisible())
    assert dialog.labelText() == "Second stage"
    dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], Cancelled) and run.is_cancelled
    runner.wait(2000)


def test_demo_data_loads_on_the_worker_not_the_window_thread(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from desktop import gui, signing
    from models import demo

    seen: list[threading.Thread] = []
    reloaded: list[bool] = []

    def fake_load(db, actor, cases, user_password, job, issue_agreement):  # type: ignore[no-untyped-def]
        assert callable(issue_agreement)  # agreements issued with the office's key
        job.progress(1, 1)
        job.check()  # the window's job: cancellable
        seen.append(threading.current_thread())
        return None

    monkeypatch.setattr(demo, "load_demo", fake_load)
    monkeypatch.setattr(signing, "ensure_signing_key", lambda db: b"k" * 32)

    from PySide6.QtWidgets import QWidget

    class Window(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.jobs = JobRunner(self)

        def reload(self) -> None:
            reloaded.append(True)

    window = Window()
    qtbot.addWidget(window)
    gui.load_demo_in_window(window, None, None, gui.DemoRequest(5, "pw"))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: reloaded == [True], timeout=5000)
    assert seen and seen[0] is not threading.main_thread()
    window.jobs.wait(2000)


def test_a_demo_refusal_is_shown_with_the_window_s_advice(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox, QWidget

    from desktop import gui, signing
    from models import demo
    from models.errors import Advice, Refused

    def refused(db, actor, cases, user_password, job, issue_agreement):  # type: ignore[no-untyped-def]
        raise Refused("no exchange rate for 2026-11", advice=Advice.SET_RATES)

    monkeypatch.setattr(demo, "load_demo", refused)
    monkeypatch.setattr(signing, "ensure_signing_key", lambda db: b"k" * 32)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: shown.append((title, text)))

    class Window(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.jobs = JobRunner(self)

    window = Window()
    qtbot.addWidget(window)
    gui.load_demo_in_window(window, None, None, gui.DemoRequest(5, "pw"))  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [
        ("Not done", "No exchange rate for 2026-11. Set the month's exchange rates first.")
    ]
    window.jobs.wait(2000)
