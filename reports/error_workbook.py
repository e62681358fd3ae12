"""The error workbook of an import: the refused rows as typed, so the team fixes and re-imports.

Same header cells as the original (so the file imports again without a mapping), then two added
columns the import ignores (original row number, reasons). Each faulty cell is filled in light
red and carries a comment with its reason.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.i18n import N_, translate
from reports.xlsx_safe import output_file, put, save_workbook, xml_text

if TYPE_CHECKING:
    from reports.registration_parse import ParseResult

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


def write_error_workbook(result: ParseResult, out_path: str | Path, lang: str) -> Path:
    """Write the refused rows of ``result`` with their reasons in ``lang``; returns the path."""
    out_path = output_file(out_path, "refused-rows.xlsx", (".xlsx",), inputs=(result.path,))
    wb = Workbook()
    ws = wb.active
    ws.title = translate(N_("To fix"), lang)[:31]
    headers = list(result.headers)
    width = max([len(headers), *(len(r.raw) for r in result.refused)])
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
    column_of = {f: i for i, f in result.columns.items()}
    by_row = result.errors_by_row()
    for out_row, refused in enumerate(result.refused, start=2):
        for column, value in enumerate(refused.raw):
            _put(ws, out_row, column + 1, value)
        ws.cell(row=out_row, column=row_column, value=refused.excel_row)
        reasons = []
        for error in by_row.get(refused.excel_row, []):
            reason = error.reason(lang)
            label = error.header or translate(N_("Row"), lang)
            reasons.append(f"{label} : {reason}" if lang == "fr" else f"{label}: {reason}")
            index = column_of.get(error.field)
            if index is None and error.header:
                index = next((i for i, h in enumerate(headers) if h == error.header), None)
            if index is not None:
                cell = ws.cell(row=out_row, column=index + 1)
                cell.fill = FAULT_FILL
                text = reason if cell.comment is None else f"{cell.comment.text}\n{reason}"
                cell.comment = Comment(xml_text(text), "rgm")
        reasons_cell = put(ws, out_row, reasons_column, "\n".join(reasons))
        reasons_cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for column in range(1, reasons_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = 18
    ws.column_dimensions[get_column_letter(reasons_column)].width = 60
    save_workbook(wb, out_path)
    return out_path
