"""Checking one registration typed in the window with the very rules of the Excel import.

The form's fields are handed to the import's row reader as one row of a workbook whose columns
are the fields themselves, so a value refused in a workbook is refused in the form, with the same
message. No rule lives here; this only adapts the form to the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reports import registration_parse as parse
from reports.registration_fields import FIELDS
from reports.xlsx_read import Row


@dataclass(frozen=True)
class Checked:
    values: dict[str, Any]  # typed values ready for the returnees table (when no errors)
    errors: dict[str, str]  # field -> first reason, translated

    @property
    def ok(self) -> bool:
        return not self.errors


def check_registration(cells: dict[str, Any], today: dt.date | None = None) -> Checked:
    """Read ``cells`` (field -> text or value as typed) as the import reads a row."""
    today = today or dt.date.today()
    columns = dict(enumerate(FIELDS))
    headers: list[str | None] = list(FIELDS)
    result = parse.ParseResult(Path("form"), "form", 1, headers, columns, [], [], [], [])
    row = Row(2, [_cell(cells.get(f)) for f in FIELDS])
    # The import's reader: one row at a time, or a chunk of rows, depending on its version.
    reader_class = getattr(parse, "ChunkReader", None) or getattr(parse, "_RowReader")  # noqa: B009
    reader = reader_class(result, today)
    if hasattr(reader, "read_chunk"):
        reader.read_chunk([row])
        finish = getattr(reader, "finish", None)
        if callable(finish):
            finish()
    else:
        reader.read(row)
    errors: dict[str, str] = {}
    for error in result.errors:
        errors.setdefault(error.field or "", error.reason())
    parsed = result.rows[0] if result.rows else (result.refused[0] if result.refused else None)
    values = dict(parsed.values) if parsed is not None else {}
    return Checked(values, errors)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
