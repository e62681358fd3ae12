"""#11: a user deactivated while their window is open is signed out by the window, with a
clear message, at their next action (pytest-qt, real widgets and database)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.gui import build_main_window
from models.users import create_user, set_active, set_roles


def _window_of(qtbot, db, actor, settings):  # type: ignore[no-untyped-def]
    win = build_main_window(db, actor, "en", settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.cases_loaded, timeout=20_000):
        win.load()
    return win


def test_a_user_deactivated_meanwhile_is_signed_out_at_their_next_action(
    qtbot, demo, settings, english, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    fanta = create_user(db, admin, "fanta.k", "fanta-password", ["finance"])
    win = _window_of(qtbot, db, fanta, settings)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text))
    )
    page = win.reports
    page.ask_save_path = lambda *a: tmp_path / "cases.xlsx"  # type: ignore[method-assign]
    set_active(db, admin, "fanta.k", False)  # by the administrator, elsewhere
    page.export_cases.click()
    qtbot.waitUntil(lambda: any(t == "Signed out" for t, _ in shown), timeout=20_000)
    text = next(m for t, m in shown if t == "Signed out")
    assert "The user fanta.k was deactivated by an administrator" in text and "closes now" in text
    assert win.sign_in_again and not win.isVisible()
    assert not (tmp_path / "cases.xlsx").exists()
    win.jobs.wait(5000)


def test_a_role_taken_away_signs_out_and_another_users_refusal_does_not(
    qtbot, demo, settings, english, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    fanta = create_user(db, admin, "fanta.k", "fanta-password", ["finance", "admin"])
    other = create_user(db, admin, "other", "other-password", ["viewer"])
    win = _window_of(qtbot, db, fanta, settings)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text))
    )
    set_active(db, admin, "other", False)
    from models.errors import SignedOut
    from models.permissions import check_now

    with pytest.raises(SignedOut):
        check_now(db, other, "case.read")  # someone else's refusal (a command, say)
    qtbot.wait(100)
    assert win.isVisible() and not win.sign_in_again and not shown
    set_roles(db, admin, "fanta.k", ["finance"])
    page = win.reports
    page.ask_save_path = lambda *a: tmp_path / "cases.xlsx"  # type: ignore[method-assign]
    page.export_cases.click()
    qtbot.waitUntil(lambda: win.sign_in_again, timeout=20_000)
    assert any(t == "Signed out" and "roles of fanta.k were changed" in m for t, m in shown)
    win.jobs.wait(5000)


def test_a_window_left_open_signs_out_a_deactivated_user_by_itself(
    qtbot, demo, settings, english, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    fanta = create_user(db, admin, "fanta.k", "fanta-password", ["viewer"])
    win = _window_of(qtbot, db, fanta, settings)
    assert win.session_timer.isActive() and win.session_timer.interval() == 60_000
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a: shown.append((title, text))
    )
    win.session_timer.setInterval(50)
    qtbot.wait(200)
    assert win.isVisible() and not shown  # still active: nothing happens
    set_active(db, admin, "fanta.k", False)
    qtbot.waitUntil(lambda: win.sign_in_again, timeout=10_000)
    assert shown and shown[0][0] == "Signed out" and not win.isVisible()
