"""Fixtures for the window tests: a small demo database, the services, the main window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.gui import build_main_window, install_translators
from desktop.settings import Settings
from models.database import Database
from models.demo import load_demo
from models.users import Actor
from reports.agreements import demo_issuer

DEMO_CASES = 300


@pytest.fixture
def demo(sqlite_db: Database) -> tuple[Database, Actor]:
    """An encrypted SQLite database with its office, admin and a few hundred demo cases."""
    from models.office_setup import initialise

    _office, actor = initialise(
        sqlite_db, code="BKO", name="Bureau de Bamako", country="MLI", admin="admin",
        password="admin-password",
    )  # fmt: skip
    load_demo(sqlite_db, actor, cases=DEMO_CASES, seed=3, user_password="demo-password",
              today=dt.date(2025, 6, 30), issue_agreement=demo_issuer(b"k" * 32))  # fmt: skip
    return sqlite_db, actor


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
