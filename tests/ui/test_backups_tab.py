"""Settings › Backups: an administrator backs up and restores from the window, through the same
checks as rgm restore (another office confirmed, another passphrase asked for, refused while
another window has the database open); others see the buttons disabled and who may."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from desktop.gui import build_main_window
from desktop.jobs import JobRunner
from models import backup as bk
from models.database import Database
from models.office_setup import current_office, initialise
from models.users import create_user, list_users
from ui.backups_tab import BackupsTab
from ui.common import Services


@pytest.fixture
def window(qtbot, demo, settings, english, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RGM_DATA_DIR", str(tmp_path / "data"))

    def unexpected(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected message box: {text}")  # a modal box would hang

    monkeypatch.setattr(QMessageBox, "warning", unexpected)
    db, actor = demo
    win = build_main_window(db, actor, "en", settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.cases_loaded, timeout=20_000):
        win.load()
    yield win
    win.jobs.wait(5000)


def _tab(window) -> BackupsTab:  # type: ignore[no-untyped-def]
    window.show_page("settings")
    page = window.settings
    page.tabs.setCurrentWidget(page.backups)
    return page.backups


def _usernames(db: Database) -> set[str]:
    return {a.username for a, *_ in list_users(db)}


def _answer(monkeypatch: pytest.MonkeyPatch, path: Path, asked: list[str]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))

    def question(parent, title, text, *rest):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)


def test_others_see_why_the_buttons_are_disabled(qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    viewer = create_user(db, admin, "victor", "victor-password", ["viewer", "finance"])
    office = current_office(db)
    assert office is not None
    services = Services(db, viewer, office, JobRunner(), "en", data_folder=tmp_path)
    tab = BackupsTab(services)
    qtbot.addWidget(tab)
    for button in (tab.back_up, tab.restore):
        assert not button.isEnabled()
        assert "Administrator may do this." in button.toolTip()
        assert "Victor may not do this" in button.toolTip()


def test_an_administrator_backs_up_then_restores_and_signs_in_again(
    window, qtbot, demo, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    tab = _tab(window)
    assert tab.back_up.isEnabled() and tab.restore.isEnabled(), tab.restore.toolTip()
    assert tab.model.rowCount() == 0
    with qtbot.waitSignal(tab.backup_made, timeout=30_000):
        tab.back_up.click()
    assert tab.model.rowCount() == 1
    (made,) = (tmp_path / "data" / "backups").glob("rgm-BKO-*.db")
    assert tab.model.row_at(0).path == made
    create_user(db, admin, "after", "after-password-1", ["viewer"])

    asked: list[str] = []
    _answer(monkeypatch, made, asked)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    with qtbot.waitSignal(tab.database_restored, timeout=30_000):
        tab.restore.click()
    assert asked and made.name in asked[0] and "sign in again" in asked[0]
    assert told and "sign in again" in told[0] and "before-restore" in told[0]
    assert window.sign_in_again and not window.isVisible()
    names = _usernames(db)  # the window's database object reads the restored file
    assert "admin" in names and "after" not in names


def test_refused_while_another_window_has_the_database_open(
    window, qtbot, demo, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    saved = bk.backup(db, admin, tmp_path / "saved.db").path
    create_user(db, admin, "after", "after-password-1", ["viewer"])
    other = Database.sqlite(db.label, db.engine.url.password or "")  # another window
    try:
        _answer(monkeypatch, saved, [])
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
        tab = _tab(window)
        tab.restore.click()
        qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    finally:
        other.close()
    assert "in use by another window or command" in shown[0]
    assert "after" in _usernames(db), "nothing was restored; the window goes on"
    assert not window.sign_in_again


def test_another_offices_backup_under_another_passphrase_is_confirmed_and_rekeyed(
    window, qtbot, demo, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, _admin = demo
    other = Database.sqlite(tmp_path / "dkr" / "rgm.db", "the other passphrase").open()
    _office, other_admin = initialise(
        other, code="DKR", name="Bureau de Dakar", country="SEN", admin="awa",
        password="awa-password-1",
    )  # fmt: skip
    theirs = bk.backup(other, other_admin, tmp_path / "dkr.db").path
    other.close()
    asked: list[str] = []
    _answer(monkeypatch, theirs, asked)
    passphrase_asked: list[str] = []

    def get_text(parent, title, text, *rest, **kw):  # type: ignore[no-untyped-def]
        passphrase_asked.append(text)
        return "the other passphrase", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    tab = _tab(window)
    with qtbot.waitSignal(tab.database_restored, timeout=60_000):
        tab.restore.click()
    assert passphrase_asked and "another passphrase" in passphrase_asked[0]
    assert any("office DKR (Bureau de Dakar)" in text for text in asked), asked
    office = current_office(db)
    assert office is not None and office.code == "DKR"
    assert bk.check(Path(db.label), db.engine.url.password or "")  # the window's key opens it


def test_the_tab_speaks_french(qtbot, qapp, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from test_french import english_left, visible_texts

    from desktop.gui import install_translators

    db, admin = demo
    office = current_office(db)
    assert office is not None
    install_translators(qapp, "fr")
    try:
        tab = BackupsTab(Services(db, admin, office, JobRunner(), "fr", data_folder=tmp_path))
        qtbot.addWidget(tab)
        texts = visible_texts(tab)
        assert "Sauvegarder maintenant" in texts and "Restaurer une sauvegarde…" in texts
        assert english_left(texts) == []
    finally:
        install_translators(qapp, "en")


def test_the_windows_start_finishes_a_duplicate_check_an_import_never_ran(
    window, qtbot, demo, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from support.workbooks import write_xlsx

    from desktop.gui import finish_pending_work
    from models import registrations
    from reports.registration_parse import parse_registrations

    db, admin = demo
    rita = create_user(db, admin, "rita", "rita-password", ["registrar"])
    person = ["Traoré", "Oumou", "F", dt.date(1973, 7, 24), "Mali", "oui"]
    file = write_xlsx(tmp_path / "two.xlsx", [
        ["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement"],
        ["W-1", *person], ["W-2", *person],
    ])  # fmt: skip

    class Killed(BaseException):
        pass

    def killed(*args: object, **kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(registrations, "check_new_returnees", killed)
    with pytest.raises(Killed):
        registrations.import_registrations(db, rita, parse_registrations(file))
    monkeypatch.undo()
    assert len(registrations.pending(db)[1]) == 2
    finish_pending_work(window, db, admin)
    qtbot.waitUntil(
        lambda: "interrupted import" in window.statusBar().currentMessage(), timeout=30_000
    )
    message = window.statusBar().currentMessage()
    assert message.startswith("2 registrations of an interrupted import were checked")
    assert registrations.pending(db) == ([], [])
