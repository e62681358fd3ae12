"""Cells that never turn user text into a formula (CSV/formula injection).

openpyxl stores any string that starts with ``=`` as a formula; a spreadsheet may also treat
``+``, ``-``, ``@`` (and a leading tab or carriage return) as the start of one. ``safe_value``
leaves numbers, dates and ordinary strings as they are (so ``ws.append`` stays fast in
write-only mode) and turns a risky string into a text cell with Excel's "quote prefix" flag:
the value read back is exactly the text written, shown as text, never evaluated.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: object) -> bool:
    """Whether ``value`` is a string a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A cell holding ``value`` as plain text whatever its first character."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_value(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """``value`` ready for ``ws.append``: risky strings become text cells."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return text_cell(ws, value)
    return value


def safe_row(ws: WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` in which no string can start a formula."""
    return [
        text_cell(ws, v) if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        for v in values
    ]
