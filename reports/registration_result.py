"""What reading a registration file gives: the accepted rows, the refused ones and why
(``ParseResult``), shared by the parser (``reports.registration_parse``), the row reader
(``reports.registration_rows``) and everything that shows or writes the refusals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from models.i18n import translate
from reports.csv_read import ReadNotice
from reports.sheet_rows import Value


@dataclass(frozen=True)
class RowError:
    """Why one cell (or a whole row, when ``header`` is empty) was refused."""

    excel_row: int
    field: str
    header: str  # as written in the file
    value: Value  # as typed
    msgid: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def reason(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (default: the current language)."""
        text = translate(self.msgid, lang)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return text


@dataclass(slots=True)
class ParsedRow:
    excel_row: int
    values: dict[str, Any]  # field -> typed value, ready for the returnees table
    raw: list[Value]  # refused rows: the row's cells from column A, as typed (else empty)


@dataclass
class ParseResult:
    path: Path
    sheet: str
    header_row: int
    headers: list[str | None]  # header cells from column A, as written (as text)
    columns: dict[int, str]  # column index (0 = A) -> field
    unknown_columns: list[str]
    rows: list[ParsedRow]  # accepted rows
    refused: list[ParsedRow]  # refused rows, with whatever could be read
    errors: list[RowError]
    notices: list[ReadNotice] = dataclass_field(default_factory=list)  # what was guessed
    form: Path | None = None  # the XLSForm read with the file (never written over either)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every file read: no error workbook may replace one of them."""
        return (self.path,) if self.form is None else (self.path, self.form)

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len(self.refused)

    def hand_over(self) -> ParseResult:
        """A result holding the accepted rows, taken away from this one (left with none).

        Given to ``import_registrations`` as the only holder of the rows, they are freed once
        written, before the duplicate check builds its index (memory of a 100,000-row file).
        This one keeps the rest (refusals, errors, columns) for the report.
        """
        moved = replace(self)
        self.rows = []
        return moved

    def errors_by_row(self) -> dict[int, list[RowError]]:
        grouped: dict[int, list[RowError]] = {}
        for error in self.errors:
            grouped.setdefault(error.excel_row, []).append(error)
        return grouped


__all__ = ["ParseResult", "ParsedRow", "RowError"]
