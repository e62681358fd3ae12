"""What every sheet reader gives its importers, whatever the file's format: rows of typed cells
(``Row``), the rows of one sheet read once (``SheetRows``) and the reader itself
(``SheetSource``: ``reports.xlsx_read.Workbook`` or ``reports.csv_read.CsvBook``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, NamedTuple, Protocol

from models.errors import Unusable
from models.i18n import N_
from reports.input_limits import MAX_CELL_CHARS

Value = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

_NO_OVERSIZED: Mapping[int, int] = MappingProxyType({})


class Row(NamedTuple):
    """One sheet row: its Excel number (1-based) and its cells from column A (empty: None)."""

    number: int
    values: list[Value]
    oversized: Mapping[int, int] = _NO_OVERSIZED  # column index -> original length of cut text

    def is_empty(self) -> bool:
        return self.values.count(None) == len(self.values)


def unusable(msgid: str, path: Path, **params: Any) -> Unusable:
    """A file refused as a whole: one line naming it (the CSV reader's refusals too)."""
    return Unusable(msgid, file=path.name, **params)


def not_a_file(path: Path) -> Unusable:
    """``path`` cannot be read as a file: it does not exist, or it is a folder."""
    if path.is_dir():
        return unusable(N_("{file} is a folder: name the file to import in it."), path)
    return unusable(N_("{file} does not exist."), path)


class SheetRows:
    """The non-empty rows of a sheet, read once; ``total`` is the sheet's last row number."""

    def __init__(self, rows: Iterator[Row], total: int) -> None:
        self._rows = rows
        self.total = total

    def __iter__(self) -> Iterator[Row]:
        return self._rows


def cut_long_cells(values: list[Value]) -> tuple[list[Value], dict[int, int]]:
    """Texts over MAX_CELL_CHARS cut there; their columns and original lengths."""
    oversized: dict[int, int] = {}
    for column, cell in enumerate(values):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            oversized[column] = len(cell)
            values[column] = cell[:MAX_CELL_CHARS]
    return values, oversized


class SheetSource(Protocol):
    """What every importer reads: a workbook (``Workbook``) or a CSV file (``CsvBook``)."""

    path: Path
    sheet_names: list[str]
    notices: list[Any]

    def rows(
        self, sheet: str, max_empty_run: int | None = ..., cut_long_text: bool = ...
    ) -> SheetRows: ...

    def close(self) -> None: ...

    def __enter__(self) -> SheetSource: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


__all__ = [
    "MAX_CELL_CHARS",
    "Row",
    "SheetRows",
    "SheetSource",
    "Value",
    "cut_long_cells",
    "unusable",
]
