"""The Dashboard's charts, drawn with QPainter: bars, budget bullets, weekly intake rows.

Each chart only draws; the numbers are in the table beside it. A click on a row emits
``row_clicked`` with its position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#4a7ab5")
DARK = QColor("#1f3f66")
LIGHT = QColor("#dbe4ef")
FLAG = QColor("#c0392b")
ROW = 22
LABEL_WIDTH = 150


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the locale writes it


class _RowChart(QWidget):
    row_clicked = Signal(int)

    row_height = ROW

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)
        self._rows = 0
        self._top = 0

    def _set_rows(self, rows: int, top: int = 0) -> None:
        self._rows, self._top = rows, top
        self.setFixedHeight(top + max(rows, 1) * self.row_height + 4)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, self._top + max(self._rows, 1) * self.row_height + 4)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = int((event.position().y() - self._top) // self.row_height)
        if 0 <= row < self._rows and event.position().y() >= self._top:
            self.row_clicked.emit(row)

    def _label(self, p: QPainter, row: int, text: str, width: int = LABEL_WIDTH) -> None:
        rect = QRectF(0, self._top + row * self.row_height, width - 8, self.row_height)
        elided = p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width()))
        p.setPen(self.palette().windowText().color())
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, elided)


class BarChart(_RowChart):
    """Horizontal bars, one a row, scaled to the largest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self._set_rows(len(self.bars))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = max((b.value for b in self.bars), default=0) or 1
        text_width = max((p.fontMetrics().horizontalAdvance(b.text) for b in self.bars), default=0)
        span = max(self.width() - LABEL_WIDTH - text_width - 12, 10)
        for i, bar in enumerate(self.bars):
            self._label(p, i, bar.label)
            y = i * ROW + 4
            length = span * bar.value / top
            p.fillRect(QRectF(LABEL_WIDTH, y, length, ROW - 8), BAR)
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(LABEL_WIDTH + length + 6, i * ROW, text_width + 6, ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.text,
            )
        p.end()


@dataclass(frozen=True)
class Bullet:
    label: str
    approved: float  # share of the budget
    disbursed: float | None  # share of the budget
    text: str
    strong: bool  # a country's total line


class BudgetChart(_RowChart):
    """Per line: the budget (ceiling × cases) as a pale bar, approved over it, disbursed inside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bullets: list[Bullet] = []

    def set_bullets(self, bullets: Sequence[Bullet]) -> None:
        self.bullets = list(bullets)
        self._set_rows(len(self.bullets))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        scale = max([1.0, *(b.approved for b in self.bullets)])
        text_width = max(
            (p.fontMetrics().horizontalAdvance(b.text) for b in self.bullets), default=0
        )
        span = max(self.width() - LABEL_WIDTH - text_width - 12, 10)
        for i, b in enumerate(self.bullets):
            font = p.font()
            font.setBold(b.strong)
            p.setFont(font)
            self._label(p, i, b.label)
            y = i * ROW
            p.fillRect(QRectF(LABEL_WIDTH, y + 3, span / scale, ROW - 6), LIGHT)
            p.fillRect(QRectF(LABEL_WIDTH, y + 6, span * b.approved / scale, ROW - 12), BAR)
            if b.disbursed is not None:
                p.fillRect(QRectF(LABEL_WIDTH, y + 9, span * b.disbursed / scale, ROW - 18), DARK)
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(LABEL_WIDTH + span + 6, y, text_width + 6, ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                b.text,
            )
        p.end()


@dataclass(frozen=True)
class IntakeRow:
    label: str
    counts: tuple[int, ...]
    flagged: tuple[bool, ...]


class IntakeChart(_RowChart):
    """One row per border post (or nationality): a bar per week, unusual weeks in red."""

    row_height = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[IntakeRow] = []
        self.week_labels: list[str] = []

    def set_rows(self, week_labels: Sequence[str], rows: Sequence[IntakeRow]) -> None:
        self.week_labels = list(week_labels)
        self.rows = list(rows)
        self._set_rows(len(self.rows), ROW)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        weeks = max(len(self.week_labels), 1)
        cell = max((self.width() - LABEL_WIDTH) / weeks, 8)
        top = max((n for r in self.rows for n in r.counts), default=0) or 1
        p.setPen(self.palette().placeholderText().color())
        for k, text in enumerate(self.week_labels):
            p.drawText(
                QRectF(LABEL_WIDTH + k * cell, 0, cell, ROW), Qt.AlignmentFlag.AlignCenter, text
            )
        h = self.row_height
        for i, row in enumerate(self.rows):
            self._label(p, i, row.label)
            y = self._top + i * h
            p.fillRect(QRectF(LABEL_WIDTH, y + h - 1, cell * weeks, 1), LIGHT)
            for k, (n, flagged) in enumerate(zip(row.counts, row.flagged, strict=True)):
                height = (h - 6) * n / top
                p.fillRect(
                    QRectF(LABEL_WIDTH + k * cell + cell * 0.2, y + h - 1 - height,
                           cell * 0.6, height),
                    FLAG if flagged else BAR,
                )  # fmt: skip
        p.end()
