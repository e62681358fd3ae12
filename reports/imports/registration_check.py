"""Checking one registration (the window's form, ``rgm register``) with the import's row reader.

The fields are handed to the import's row reader as one row of a workbook whose columns are the
fields themselves, so a value refused in a workbook is refused in the form and on the command
line, with the same message. No rule lives here; this only adapts one record to the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reports.registration_fields import FIELDS
from reports.registration_result import ParseResult
from reports.registration_rows import ChunkReader
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
    result = ParseResult(Path("form"), "form", 1, headers, columns, [], [], [], [])
    reader = ChunkReader(result, today)
    reader.read_chunk([Row(2, [_cell(cells.get(f)) for f in FIELDS])])
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
