"""The case table: a model over positions in a ``CaseIndex``, and its columns described as data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from models.case_list import COLUMNS, CaseIndex, CaseRow
from models.reference import country_name
from models.vocabulary import label
from ui.common import format_date, format_datetime

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column of the case table: its key (a CaseRow field), title and displayed value."""

    key: str
    title: Callable[[], str]
    value: Callable[[CaseRow, str], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


def _yes(flag: bool) -> str:
    return QCoreApplication.translate("CaseColumns", "yes") if flag else ""


COLUMN_DEFS: dict[str, Column] = {
    c.key: c
    for c in (
        Column(
            "number",
            lambda: QCoreApplication.translate("CaseColumns", "Case"),
            lambda r, lang: r.number,
        ),
        Column(
            "family_name",
            lambda: QCoreApplication.translate("CaseColumns", "Family name"),
            lambda r, lang: r.family_name,
        ),
        Column(
            "given_names",
            lambda: QCoreApplication.translate("CaseColumns", "Given names"),
            lambda r, lang: r.given_names,
        ),
        Column(
            "sex",
            lambda: QCoreApplication.translate("CaseColumns", "Sex"),
            lambda r, lang: label(r.sex, lang),
        ),
        Column(
            "birth_date",
            lambda: QCoreApplication.translate("CaseColumns", "Born"),
            lambda r, lang: format_date(r.birth_date, r.birth_precision),
            Qt.AlignmentFlag.AlignRight,
        ),
        Column(
            "country_of_origin",
            lambda: QCoreApplication.translate("CaseColumns", "Country of origin"),
            lambda r, lang: country_name(r.country_of_origin, lang),
        ),
        Column(
            "transit_centre",
            lambda: QCoreApplication.translate("CaseColumns", "Transit centre"),
            lambda r, lang: r.transit_centre or "",
        ),
        Column(
            "state",
            lambda: QCoreApplication.translate("CaseColumns", "State"),
            lambda r, lang: label(r.state, lang),
        ),
        Column(
            "on_hold",
            lambda: QCoreApplication.translate("CaseColumns", "On hold"),
            lambda r, lang: _yes(r.on_hold),
        ),
        Column(
            "duplicate_open",
            lambda: QCoreApplication.translate("CaseColumns", "Possible duplicate"),
            lambda r, lang: _yes(r.duplicate_open),
        ),
        Column(
            "registered_at",
            lambda: QCoreApplication.translate("CaseColumns", "Registered"),
            lambda r, lang: format_datetime(r.registered_at),
            Qt.AlignmentFlag.AlignRight,
        ),
        Column(
            "phone",
            lambda: QCoreApplication.translate("CaseColumns", "Phone"),
            lambda r, lang: r.phone or "",
        ),
        Column(
            "document_number",
            lambda: QCoreApplication.translate("CaseColumns", "Document"),
            lambda r, lang: r.document_number or "",
        ),
    )
}
assert tuple(COLUMN_DEFS) == COLUMNS

_HOLD_BRUSH = QBrush(QColor(200, 120, 0))
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_ROLES = frozenset((_DISPLAY, _ALIGN, _FOREGROUND, _USER))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class CaseTableModel(QAbstractTableModel):
    """Rows are positions in a ``CaseIndex``; cells are formatted only when drawn."""

    def __init__(self, language: str, columns: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._language = language
        self._index = CaseIndex([])
        self._rows: list[CaseRow] = []
        self._positions: Sequence[int] = ()
        self._columns: list[Column] = []
        self._aligns: list[int] = []
        self._cache: dict[tuple[int, int], str] = {}
        self._set_columns(columns)

    # -- content ---------------------------------------------------------------------------------

    def set_rows(self, rows: list[CaseRow]) -> None:
        """Show ``rows`` as they are (the first screen, before the index is loaded)."""
        self.beginResetModel()
        self._rows = rows
        self._positions = range(len(rows))
        self._cache.clear()
        self.endResetModel()

    def set_index(self, index: CaseIndex, positions: Sequence[int]) -> None:
        self.beginResetModel()
        self._index = index
        self._rows = index.rows
        self._positions = positions
        self._cache.clear()
        self.endResetModel()

    def set_positions(self, positions: Sequence[int]) -> None:
        self.beginResetModel()
        self._positions = positions
        self._cache.clear()
        self.endResetModel()

    def _set_columns(self, columns: Sequence[str]) -> None:
        self._columns = [COLUMN_DEFS[c] for c in columns if c in COLUMN_DEFS]
        self._aligns = [int((c.align | Qt.AlignmentFlag.AlignVCenter).value) for c in self._columns]

    def set_columns(self, columns: Sequence[str]) -> None:
        self.beginResetModel()
        self._set_columns(columns)
        self._cache.clear()
        self.endResetModel()

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def case_at(self, row: int) -> CaseRow | None:
        if 0 <= row < len(self._positions):
            return self._rows[self._positions[row]]
        return None

    # -- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._positions)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every drawn cell: unused roles leave before any other work.
        if role not in _ROLES:
            return None
        row, col = index.row(), index.column()
        if row < 0 or row >= len(self._positions) or col < 0 or col >= len(self._columns):
            return None
        if role == _DISPLAY:
            key = (row, col)
            text = self._cache.get(key)
            if text is None:
                if len(self._cache) > 20_000:
                    self._cache.clear()
                case = self._rows[self._positions[row]]
                text = self._columns[col].value(case, self._language)
                self._cache[key] = text
            return text
        if role == _ALIGN:
            return self._aligns[col]
        if role == _FOREGROUND:
            return _HOLD_BRUSH if self._rows[self._positions[row]].on_hold else None
        return self._rows[self._positions[row]].id  # UserRole

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return self._columns[section].title()
            return None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the page's business (it re-filters the index); nothing here."""
