"""The error workbook of every import (registrations, payments, decisions): the refused rows as
typed, so the team fixes and re-imports.

One writer (``write_refused_rows``) for every kind; ``write_error_workbook`` adapts a registration
``ParseResult``, ``write_refusals`` a payment list's or a review sheet's ``RowRefusal``s. Same
header cells as the original (so the file imports again without a mapping), then two added
columns the import ignores (original row number, reasons). Each faulty cell is filled in light
red and carries a comment with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.i18n import N_, current_language, translate
from reports.xlsx_safe import output_file, put, save_workbook, xml_text

if TYPE_CHECKING:
    from reports.imports.pipeline import RowRefusal
    from reports.registration_result import ParseResult

FAULT_FILL = PatternFill("solid", fgColor="FFC7CE")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ADDED_FILL = PatternFill("solid", fgColor="FFF2CC")
# Labels of the added columns, in both languages: none of their words names a field, so a
# re-import lists them as unknown columns and goes on.
ROW_LABEL = "Ligne d'origine / Original row"
REASONS_LABEL = "Motifs du refus / Reasons for refusal"


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    if isinstance(value, dt.timedelta | dt.time):
        value = str(value)
    cell = put(ws, row, column, value)
    if isinstance(value, dt.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


@dataclass(frozen=True)
class Fault:
    """One reason a row was refused: the cell it is about (``column``, an index into the row's
    values, when known), the line of the reasons column and the faulty cell's comment."""

    column: int | None
    line: str
    note: str


@dataclass(frozen=True)
class RefusedRow:
    row: int  # the row's number in the file read
    values: Sequence[Any]  # its cells as typed
    faults: Sequence[Fault]


def write_refused_rows(
    out_path: str | Path,
    headers: Sequence[Any],
    rows: Iterable[RefusedRow],
    lang: str,
    source: str | Path | Sequence[Path] | None = None,
) -> Path:
    """Write ``rows`` under ``headers`` (as in the file read), then the row numbers and reasons;
    each faulty cell filled and commented. Returns the path. ``out_path`` may not be ``source``,
    the file read (or one of the files read: a form with its export), whose rows would be
    replaced by the refused ones."""
    inputs = tuple(source) if isinstance(source, (tuple, list)) else (source,)
    out_path = output_file(out_path, "refused-rows.xlsx", (".xlsx",), inputs=inputs)
    rows = list(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = translate(N_("To fix"), lang)[:31]
    headers = list(headers)
    width = max([len(headers), *(len(r.values) for r in rows)])
    for column in range(width):
        header = headers[column] if column < len(headers) else None
        cell = _put(ws, 1, column + 1, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    row_column = width + 1
    reasons_column = width + 2
    for column, label in ((row_column, ROW_LABEL), (reasons_column, REASONS_LABEL)):
        cell = ws.cell(row=1, column=column, value=label)
        cell.font = Font(bold=True)
        cell.fill = ADDED_FILL
    for out_row, refused in enumerate(rows, start=2):
        for column, value in enumerate(refused.values):
            _put(ws, out_row, column + 1, value)
        ws.cell(row=out_row, column=row_column, value=refused.row)
        for fault in refused.faults:
            if fault.column is not None and 0 <= fault.column < width:
                cell = ws.cell(row=out_row, column=fault.column + 1)
                cell.fill = FAULT_FILL
                note = xml_text(fault.note)
                cell.comment = Comment(
                    note if cell.comment is None else f"{cell.comment.text}\n{note}", "rgm"
                )
        lines = "\n".join(f.line for f in refused.faults)
        reasons_cell = put(ws, out_row, reasons_column, lines)
        reasons_cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for column in range(1, reasons_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = 18
    ws.column_dimensions[get_column_letter(reasons_column)].width = 60
    save_workbook(wb, out_path)
    return out_path


def write_error_workbook(result: ParseResult, out_path: str | Path, lang: str) -> Path:
    """Write the refused rows of a registrations ``result`` with their reasons in ``lang``."""
    headers = list(result.headers)
    column_of = {f: i for i, f in result.columns.items()}
    by_row = result.errors_by_row()
    rows = []
    for refused in result.refused:
        faults = []
        for error in by_row.get(refused.excel_row, []):
            reason = error.reason(lang)
            label = error.header or translate(N_("Row"), lang)
            line = f"{label} : {reason}" if lang == "fr" else f"{label}: {reason}"
            index = column_of.get(error.field)
            if index is None and error.header:
                index = next((i for i, h in enumerate(headers) if h == error.header), None)
            faults.append(Fault(index, line, reason))
        rows.append(RefusedRow(refused.excel_row, refused.raw, faults))
    return write_refused_rows(out_path, headers, rows, lang, result.inputs)


def write_refusals(
    out_path: str | Path,
    headers: Sequence[str],
    refusals: Iterable[RowRefusal],
    source: str | Path | None = None,
) -> Path:
    """Write the refused rows of a payment list or a review sheet (their messages already
    translated, in the language of the session)."""
    rows = [RefusedRow(r.row, r.values, [Fault(r.column, r.message, r.message)]) for r in refusals]
    return write_refused_rows(out_path, headers, rows, current_language(), source)
