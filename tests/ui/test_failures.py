"""Failures in the window: a refusal on the dialog's line; anything else in an error box with
copyable details and in the log file, also when raised in a slot or another thread."""

from __future__ import annotations

import sys
import threading
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from models.errors import Refused
from ui import failures
from ui.common import error_label, show_error


@pytest.fixture
def hooks(tmp_path: Path):  # type: ignore[no-untyped-def]
    saved = sys.excepthook, threading.excepthook
    log = tmp_path / "logs" / "rgm.log"
    failures._shown.clear()
    failures.install_hooks(log)
    yield log
    sys.excepthook, threading.excepthook = saved
    for box in list(failures._shown):
        with suppress(RuntimeError):
            box.close()
    failures._shown.clear()
    failures._log_file = None


def test_a_refusal_goes_on_the_dialog_line(qtbot, hooks: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = QWidget()
    qtbot.addWidget(dialog)
    line = error_label()
    line.setParent(dialog)
    show_error(line, Refused("the month is locked"))
    assert line.text() == "The month is locked." and not line.isHidden()
    assert not failures._shown and not hooks.exists()


def test_an_unexpected_error_shows_the_box_and_is_logged(qtbot, hooks: Path) -> None:  # type: ignore[no-untyped-def]
    line = QLabel()
    qtbot.addWidget(line)
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        show_error(line, exc)
    assert line.text() == ""
    box = failures._shown[-1]
    assert "ZeroDivisionError" in box.detailedText()
    assert "ZeroDivisionError" in hooks.read_text(encoding="utf-8")


class _Emitter(QObject):
    fired = Signal()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_not_lost(qtbot, hooks: Path) -> None:  # type: ignore[no-untyped-def]
    def slot() -> None:
        raise RuntimeError("broken slot")

    emitter = _Emitter()
    emitter.fired.connect(slot)
    QTimer.singleShot(0, emitter.fired.emit)
    qtbot.waitUntil(lambda: bool(failures._shown), timeout=3000)
    assert "broken slot" in failures._shown[-1].detailedText()
    assert "broken slot" in hooks.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_another_thread_reaches_the_window(qtbot, hooks: Path) -> None:  # type: ignore[no-untyped-def]
    def work() -> None:
        raise ValueError("thread failure")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(failures._shown), timeout=3000)
    assert "thread failure" in failures._shown[-1].detailedText()
    assert "thread failure" in hooks.read_text(encoding="utf-8")
