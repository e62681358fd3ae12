"""The import wizard's column step: each header as written and the field it is read into.

``ColumnMappingView`` shows one combo box per column (the returnee fields by their labels, or
"ignore this column"); the parser decided the first matches (``reports.column_map``), the user
may change any of them and the dialog passes the choices back to the parser as its ``mapping``. ``MappingMemory`` keeps the
choices per set of headers in the user's data folder, so the same workbook layout is read the
same way next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models.i18n import translate
from models.text import fold_words
from reports.registration_fields import FIELDS, LABELS

MEMORY_FILE = "column-mappings.json"
UNKNOWN_BACKGROUND = QColor("#fff1c2")


def headers_key(headers: Iterable[str | None]) -> str:
    """The same key for two files whose headers are the same once folded, in any order."""
    folded = sorted({fold_words(h) for h in headers if h and fold_words(h)})
    return hashlib.sha256("\n".join(folded).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class SavedMapping:
    mapping: dict[str, str]  # header as written -> field ("" = ignored)
    saved_on: dt.date


class MappingMemory:
    """Column choices saved per set of headers, in a JSON file of the data folder."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / MEMORY_FILE if folder is not None else None

    def _load(self) -> dict[str, dict[str, object]]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged memory only loses the remembered choices
        mappings = data.get("mappings") if isinstance(data, dict) else None
        return mappings if isinstance(mappings, dict) else {}

    def recall(self, headers: Sequence[str | None]) -> SavedMapping | None:
        entry = self._load().get(headers_key(headers))
        if not isinstance(entry, dict):
            return None
        mapping, saved_on = entry.get("mapping"), entry.get("saved_on")
        if not isinstance(mapping, dict) or not isinstance(saved_on, str):
            return None
        try:
            day = dt.date.fromisoformat(saved_on)
        except ValueError:
            return None
        return SavedMapping({str(k): str(v or "") for k, v in mapping.items()}, day)

    def remember(
        self, headers: Sequence[str | None], mapping: dict[str, str], today: dt.date | None = None
    ) -> None:
        """Keep ``mapping`` for files with these headers (raises OSError if it cannot be written)."""
        if self.path is None:
            return
        mappings = self._load()
        mappings[headers_key(headers)] = {
            "saved_on": (today or dt.date.today()).isoformat(),
            "headers": [h for h in headers if h],
            "mapping": mapping,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        part = self.path.with_name(self.path.name + ".part")
        text = json.dumps({"version": 1, "mappings": mappings}, ensure_ascii=False, indent=1)
        part.write_text(text, encoding="utf-8")
        os.replace(part, self.path)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ColumnMappingView(QTableWidget):
    """One row per column of the header row: letter, header as written, field (a combo box)."""

    choices_changed = Signal()

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self._language = language
        self._indexes: list[int] = []  # table row -> column index in the file
        self._headers: list[str] = []
        self._unrecognised: list[str] = []
        self.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Header in the file"), self.tr("Read as"), self.tr("Note")]
        )
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

    def show_columns(
        self, headers: Sequence[str | None], columns: dict[int, str], unknown: Sequence[str]
    ) -> None:
        """The header row as the parser read it: its matches and its unknown columns."""
        self.setRowCount(0)
        self._indexes, self._headers, self._unrecognised = [], [], []
        not_known = set(unknown)
        for index, header in enumerate(headers):
            if not header:
                continue
            row = self.rowCount()
            self.insertRow(row)
            self._indexes.append(index)
            self._headers.append(header)
            combo = QComboBox()
            combo.addItem(self.tr("Ignore this column"), "")
            for field in FIELDS:
                combo.addItem(translate(LABELS[field], self._language), field)
            combo.setCurrentIndex(max(0, combo.findData(columns.get(index, ""))))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._on_combo_changed(r))
            self.setCellWidget(row, 2, combo)
            unrecognised = index not in columns and header in not_known
            note = ""
            if unrecognised:
                self._unrecognised.append(header)
                note = self.tr("Not recognised")
            elif index not in columns:
                note = self.tr("Not imported")
            for column, text in ((0, column_letter(index)), (1, header), (3, note)):
                cell = QTableWidgetItem(text)
                if unrecognised:  # stands out: the user should say what it holds
                    bold = QFont(self.font())
                    bold.setBold(True)
                    cell.setBackground(QBrush(UNKNOWN_BACKGROUND))
                    cell.setFont(bold)
                self.setItem(row, column, cell)
        self.resizeColumnToContents(1)
        self.setColumnWidth(1, max(self.columnWidth(1), 160))
        self.setColumnWidth(2, 240)

    def combo(self, header: str) -> QComboBox:
        """The combo box of the (first) column headed ``header``."""
        widget = self.cellWidget(self._headers.index(header), 2)
        assert isinstance(widget, QComboBox)
        return widget

    def choose(self, header: str, field: str) -> None:
        combo = self.combo(header)
        combo.setCurrentIndex(combo.findData(field))

    def unrecognised(self) -> list[str]:
        """The headers the parser did not recognise (highlighted)."""
        return list(self._unrecognised)

    def choices(self) -> dict[str, str]:
        """Every header as written -> the field chosen for it ("" = ignored)."""
        out: dict[str, str] = {}
        for row, header in enumerate(self._headers):
            field = self._field_at(row)
            if field or header not in out:  # the same header twice: the column read wins
                out[header] = field
        return out

    def _field_at(self, row: int) -> str:
        widget = self.cellWidget(row, 2)
        return str(widget.currentData() or "") if isinstance(widget, QComboBox) else ""

    def _on_combo_changed(self, row: int) -> None:
        # A field is read from one column: choosing it here releases it elsewhere.
        field = self._field_at(row)
        if field:
            for other in range(self.rowCount()):
                widget = self.cellWidget(other, 2)
                if (
                    other != row
                    and isinstance(widget, QComboBox)
                    and self._field_at(other) == field
                ):
                    widget.blockSignals(True)
                    widget.setCurrentIndex(0)
                    widget.blockSignals(False)
        self.choices_changed.emit()
