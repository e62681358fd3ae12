"""Fixtures for the window tests: a small demo database, the services, the main window."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.gui import build_main_window, install_translators
from desktop.settings import Settings
from models.database import Database, raw_key
from models.demo import load_demo
from models.users import Actor
from reports.agreements import demo_issuer

DEMO_CASES = 300


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Actor]:
    """The demo database built once (the demo goes through every operation: seconds, not a
    blink), copied into each test's own folder by ``demo``."""
    from models.office_setup import initialise

    folder = tmp_path_factory.mktemp("demo-template")
    key = raw_key(secrets.token_hex(32))
    db = Database.sqlite(folder / "test.db", key).open()
    try:
        _office, actor = initialise(
            db, code="BKO", name="Bureau de Bamako", country="MLI", admin="admin",
            password="admin-password",
        )  # fmt: skip
        load_demo(db, actor, cases=DEMO_CASES, seed=3, user_password="demo-password",
                  today=dt.date(2025, 6, 30), issue_agreement=demo_issuer(b"k" * 32))  # fmt: skip
    finally:
        db.close()
    return folder / "test.db", key, actor


@pytest.fixture
def demo(
    _demo_template: tuple[Path, str, Actor], tmp_path: Path
) -> Iterator[tuple[Database, Actor]]:
    """An encrypted SQLite database with its office, admin and a few hundred demo cases (a
    fresh copy of the template for each test)."""
    path, key, actor = _demo_template
    shutil.copyfile(path, tmp_path / "test.db")
    db = Database.sqlite(tmp_path / "test.db", key).open()
    yield db, actor
    db.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "window.ini")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "en")
    yield
    install_translators(qapp, "en")


@pytest.fixture
def window(qtbot, demo, settings, english):  # type: ignore[no-untyped-def]
    """The main window, shown, with every case loaded."""
    db, actor = demo
    win = build_main_window(db, actor, "en", settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.cases_loaded, timeout=20_000):
        win.load()
    yield win
    win.jobs.wait(5000)
