"""Small helpers the views share: locale formatting, message boxes, the services a view needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QLocale,
    QObject,
    Qt,
    QTime,
    QTimeZone,
)
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models.database import Database
from models.jobs import Job
from models.money import minor_units
from models.office_setup import OfficeInfo
from models.users import Actor
from ui.failures import sentence as sentence  # one definition, used by every page


class Jobs(Protocol):
    """What views need of the job runner (desktop.jobs.JobRunner)."""

    def run(
        self,
        work: Callable[[Job], Any],
        *,
        on_finished: Callable[[Any], None],
        on_failed: Callable[[BaseException], None] | None = None,
        label: str = "",
        parent: QWidget | None = None,
        cancellable: bool = True,
    ) -> Any: ...


@dataclass(frozen=True)
class Services:
    """What the main window and its pages are built with."""

    db: Database
    actor: Actor
    office: OfficeInfo
    jobs: Jobs
    language: str
    # The agreement signing key (kept by desktop/: keyring or the encrypted database).
    signing_key: Callable[[], bytes] | None = None
    # An admin's adapted agreement texts, when the data folder has them.
    agreement_templates: Path | None = None
    # The user's data folder (remembered import column choices); None keeps nothing.
    data_folder: Path | None = None


def locale() -> QLocale:
    return QLocale()


def format_date(day: dt.date | None, precision: str = "day") -> str:
    if day is None:
        return ""
    if precision == "year":
        return QCoreApplication.translate("format", "about {year}").format(year=day.year)
    return locale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def format_datetime(when: dt.datetime | None) -> str:
    if when is None:
        return ""
    utc = QDateTime(
        QDate(when.year, when.month, when.day),
        QTime(when.hour, when.minute, when.second),
        QTimeZone.utc(),
    )
    return locale().toString(utc.toLocalTime(), QLocale.FormatType.ShortFormat)


def format_number(value: int) -> str:
    return locale().toString(value)


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    decimals = minor_units(currency)
    text = locale().toString(float(amount), "f", decimals)  # display only; never computed
    return f"{text} {currency}"


def show_refusal(parent: QWidget | None, error: BaseException) -> None:
    """A failure in a box: a refusal's own (translated) message, or the error box of an
    unexpected failure (``ui.failures``)."""
    from ui.failures import show_failure

    show_failure(parent, error)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def error_label() -> QLabel:
    """A label for a refusal shown inside a dialog (hidden while empty)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4000f;")
    label.hide()
    return label


def ok_cancel(ok_text: str) -> Any:
    """OK and Cancel buttons for a dialog, OK saying what it does ("Record the payment")."""
    from PySide6.QtWidgets import QDialogButtonBox

    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    return buttons


def show_error(label: QLabel, error: BaseException | str) -> None:
    """A failure on a dialog's error line; an unexpected one goes to the error box instead."""
    from ui.failures import show_failure

    show_failure(label.window(), error, line=label)


def wizard_frame(
    dialog: Any, title: str, pages: Any, width: int, height: int
) -> tuple[QLabel, QLabel, Any]:
    """The last page ("done", with its outcome text) and the frame around a wizard's pages: a
    heading, the pages, an error line and a Close button. Returns (outcome, error, buttons)."""
    from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout

    outcome = QLabel()
    outcome.setWordWrap(True)
    done = QWidget()
    done_layout = QVBoxLayout(done)
    done_layout.addWidget(outcome)
    done_layout.addStretch(1)
    pages.addWidget(done)
    error = error_label()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(heading(title))
    layout.addWidget(pages, 1)
    layout.addWidget(error)
    layout.addWidget(buttons)
    dialog.resize(width, height)
    return outcome, error, buttons


def right_aligned(*widgets: QWidget) -> QWidget:
    """A row with ``widgets`` pushed to the right (action buttons under a form or table)."""
    from PySide6.QtWidgets import QHBoxLayout

    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return holder


def choose_workbook(parent: QWidget, title: str) -> str:
    """A workbook or CSV file chosen in the system's file dialog ("" when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getOpenFileName(
        parent,
        title,
        str(Path.home()),
        QCoreApplication.translate(
            "common", "Workbooks and CSV files (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt)"
        ),
    )
    return path


def saved_name(path: str, suffix: str) -> Path:
    """The path a save dialog returned, with ``suffix`` added only when the name has no
    extension at all: a name typed with another one ("liste.csv") is kept as typed, and the
    writer refuses it in one line naming the formats, never writes "liste.csv.xlsx"."""
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_name(chosen.name + suffix)


def ask_save_path(
    parent: QWidget, title: str, suggested: str | Path, filter_text: str, suffix: str
) -> Path | None:
    """A file to write, chosen in the system's save dialog (None when cancelled); ``suffix``
    added to a name typed without an extension (``saved_name``)."""
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_text)
    return saved_name(path, suffix) if path else None


class FileDrops(QObject):
    """Lets a file that the importers read (``reports.xlsx_read.READABLE_SUFFIXES``) be dropped
    on ``widget``: its path goes into ``line``. Other drops are not accepted."""

    def __init__(self, widget: QWidget, line: QLineEdit) -> None:
        super().__init__(widget)
        self._line = line
        for target in (widget, line):  # the line edit would take the file's URL as text
            target.setAcceptDrops(True)
            target.installEventFilter(self)

    @staticmethod
    def dropped_file(event: QDropEvent) -> str | None:
        from reports.xlsx_read import READABLE_SUFFIXES

        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = urls[0].toLocalFile()
        return path if Path(path).suffix.lower() in READABLE_SUFFIXES else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)
            if not event.mimeData().hasUrls():
                return super().eventFilter(watched, event)  # text typed or dragged: as usual
            path = self.dropped_file(event)
            if path is None:
                event.ignore()
                return True
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self._line.setText(path)
            return True
        return super().eventFilter(watched, event)
