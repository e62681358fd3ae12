"""The one place where the window turns a failure into a message.

- A refusal (``models.errors.RgmError``: Refused, Unusable) is the user's to fix: its own
  translated line goes on the dialog's error line, or in a "Not done" box when there is none.
- Anything else is unexpected: an error box says so, with the traceback under "Details"
  (copyable), and the traceback is appended to ``<data folder>/logs/rgm.log``.

``install_hooks(log_file)`` (called at start by ``desktop.gui`` with
``<data folder>/logs/rgm.log``; the log rotates at 1 MB, three kept) sends every exception nobody
caught here: one raised in a Qt slot (PySide prints it through ``sys.excepthook``), on the main thread,
or in another thread (``threading.excepthook``, shown on the window's thread).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from contextlib import suppress
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from models.errors import Advice, RgmError

LOGGER = "rgm.failures"
MAX_BYTES = 1_000_000
BACKUPS = 3
_log_file: Path | None = None


def log_path() -> Path | None:
    """The log file of unexpected failures (None until ``install_hooks``)."""
    return _log_file


def _logger(path: Path) -> logging.Logger:
    logger = logging.getLogger(LOGGER)
    ours = [
        h
        for h in logger.handlers
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path.resolve()
    ]
    if not ours:  # first use, or another data folder (tests)
        for h in list(logger.handlers):
            logger.removeHandler(h)
            h.close()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def log_failure(error: BaseException, where: str = "") -> str:
    """Append ``error`` with its traceback to the log file; returns the traceback text."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    if _log_file is not None:
        with suppress(OSError):  # the log cannot be written: the box still shows the details
            logger = _logger(_log_file)
            logger.error("%s%s", f"[{where}] " if where else "", text)
            for h in logger.handlers:
                h.flush()
    return text


def sentence(text: str) -> str:
    """A message from models/ as a sentence: capital first letter, final full stop. A message
    that begins with a file name ("liste.xlsx is not a workbook") keeps it as written."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0].rstrip(":,;")
    if not any(c in first for c in "./\\") and not any(c.isdigit() for c in first):
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def advice_text(advice: str | None) -> str:
    """The window's words for a refusal's advice (``models.errors.Advice``)."""
    words = {
        Advice.SUSPENSION_DATES: _tr("Fill in the first or the last registration date."),
        Advice.RELEASE_REMAINING: _tr("Or choose to release the remaining cases."),
        Advice.ADD_SUPPLIER: _tr(
            "An administrator adds it under Settings, Suppliers (Add a supplier…)."
        ),
        Advice.SET_RATES: _tr("Set the month's exchange rates first."),
        Advice.SUBMIT_RETURN: _tr("The office must submit its return, not save a draft."),
        Advice.CHECK_DUPLICATES: _tr(
            "They are checked again the next time the application starts."
        ),
        Advice.DECIDE_PAIR: _tr("The pair is decided on the Review page."),
    }
    return words.get(advice or "", "")


def show_failure(
    parent: QWidget | None, error: BaseException | str, line: QLabel | None = None
) -> None:
    """Show ``error``: a refusal (or a plain message) on ``line`` when given, else in a box; an
    unexpected exception in the error box, and in the log."""
    if isinstance(error, str | RgmError):
        text = sentence(str(error))
        advice = advice_text(error.advice) if isinstance(error, RgmError) else ""
        if advice:
            text += " " + advice
        if line is not None:
            line.setText(text)
            line.setVisible(bool(text))
        else:
            QMessageBox.warning(parent, _tr("Not done"), text)
        return
    show_unexpected(parent, error)


def show_unexpected(parent: QWidget | None, error: BaseException, where: str = "") -> QMessageBox:
    """The error box of an unexpected failure (details copyable); the failure is logged."""
    details = log_failure(error, where)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_tr("Unexpected error"))
    box.setText(
        _tr("Something went wrong: {error}").format(
            error=sentence(str(error)) or type(error).__name__
        )
    )
    path = log_path()
    if path is not None:
        box.setInformativeText(_tr("The details were written to {path}.").format(path=str(path)))
    box.setDetailedText(details)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    _shown.append(box)
    box.destroyed.connect(lambda _o=None: _forget(box))
    return box


def _forget(box: QMessageBox) -> None:
    if box in _shown:
        _shown.remove(box)


_shown: list[QMessageBox] = []  # open error boxes (kept alive, and seen by tests)


class _Relay(QObject):
    """Carries a failure of another thread to the window's thread."""

    failed = Signal(object, str)


_relay: _Relay | None = None


def _on_failed(error: BaseException, where: str) -> None:
    if isinstance(error, RgmError):
        show_failure(QApplication.activeWindow(), error)
    else:
        show_unexpected(QApplication.activeWindow(), error, where)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(tb)
    report(error, "main")


def _threading_hook(args: Any) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    report(args.exc_value, f"thread {getattr(args.thread, 'name', '?')}")


def report(error: BaseException, where: str = "") -> None:
    """An exception nobody caught: shown on the window's thread, logged."""
    relay = _relay
    if relay is None or QApplication.instance() is None:
        log_failure(error, where)
        sys.__excepthook__(type(error), error, error.__traceback__)
        return
    if threading.current_thread() is threading.main_thread():
        _on_failed(error, where)
    else:
        relay.failed.emit(error, where)


def install_hooks(log_file: Path | None) -> None:
    """Send every uncaught exception (slots, main thread, other threads) to ``report``; the
    unexpected ones are appended to ``log_file``."""
    global _relay, _log_file
    _log_file = log_file
    if _relay is None:
        _relay = _Relay()
        _relay.failed.connect(_on_failed, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _threading_hook
