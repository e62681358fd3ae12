"""Hostile tests of issue 12's job contract in the window (hostile12c): a long check or export
is stopped with its progress dialog's Cancel, said as a cancel (never the unexpected error's box),
and leaves nothing written, not even openpyxl's scratch rows."""

from __future__ import annotations

import tempfile
import threading

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from models.jobs import Cancelled
from ui import failures


def _boxes(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2:])))
    monkeypatch.setattr(failures, "show_unexpected", lambda *a, **k: shown.append("ERROR"))
    return shown


def _busy(window, qtbot):  # type: ignore[no-untyped-def]
    """Hold the window's one worker thread, so the next job waits (and may be cancelled)."""
    release = threading.Event()
    window.jobs.run(lambda job: release.wait(20), on_finished=lambda _r: None, cancellable=False)
    return release


def _cancel_button(parent, qtbot) -> QPushButton:  # type: ignore[no-untyped-def]
    def found() -> None:
        assert [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]

    qtbot.waitUntil(found, timeout=5000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    buttons = dialog.findChildren(QPushButton)
    assert buttons, "the progress dialog has no Cancel button"
    return buttons[0]


def test_a_cancel_is_said_as_a_cancel_not_an_unexpected_error(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    failures.show_failure(None, Cancelled())
    assert shown == ["('Cancelled: nothing was changed.',)"]


def test_the_audit_check_is_cancelled_with_its_dialog(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown = _boxes(monkeypatch)
    window.show_page("settings")
    tab = window.settings.integrity
    window.settings.tabs.setCurrentWidget(tab)
    release = _busy(window, qtbot)
    tab.check_trail.click()
    _cancel_button(window, qtbot).click()
    release.set()
    window.jobs.wait(20_000)
    qtbot.wait(100)
    assert "intact" not in tab.trail_result.text()
    assert shown == ["('Cancelled: nothing was changed.',)"]  # as a cancelled return says it


def test_the_review_sheet_export_is_cancelled_and_writes_nothing(
    window, qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from ui.review_sheet_dialogs import ReviewSheetDialog

    shown = _boxes(monkeypatch)
    scratch = tmp_path / "scratch"  # what openpyxl keeps of a write-only sheet until the save
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    export = ReviewSheetDialog(window.services, ["Gao"], window)
    qtbot.addWidget(export)
    export.by_state.setChecked(True)
    export.state.setCurrentIndex(export.state.findData("registered"))
    sheet = tmp_path / "sheet.xlsx"
    export.ask_save_path = lambda suggested: sheet  # type: ignore[method-assign]
    release = _busy(window, qtbot)
    export.export.click()
    _cancel_button(export, qtbot).click()
    release.set()
    window.jobs.wait(20_000)
    qtbot.wait(100)
    assert not sheet.exists() and not [p for p in tmp_path.iterdir() if "sheet" in p.name]
    assert export.export.isEnabled() and shown == []
    assert list(scratch.iterdir()) == []  # no rows (names, phones) left in clear


def test_an_unexpected_failure_of_the_dashboard_shows_the_error_box(
    window, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A bug in the dashboard's figures was one line of text ('boom') where the figures go: no
    error box, no details, no log for support."""
    import ui.dashboard
    from models.errors import Refused

    shown = _boxes(monkeypatch)
    page = window.page("dashboard")
    window.jobs.wait(20_000)
    qtbot.wait(50)
    shown.clear()
    for error in (Refused("the office is closed"), RuntimeError("boom")):

        def fail(*_a, e=error):  # type: ignore[no-untyped-def]
            raise e

        monkeypatch.setattr(ui.dashboard, "load_dashboard", fail)
        page._loading = False
        page.refresh()
        window.jobs.wait(20_000)
        qtbot.wait(100)
    assert "office is closed" in page.status.text()
    assert shown == ["ERROR"]
