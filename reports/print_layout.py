"""Print layout and cell styles of the workbooks people read (the monthly return and the
consolidation): A4, portrait or landscape fitted to the page, the header row repeated on every
page, a footer with the office, the month and the page number; header rows styled and frozen,
column widths that fit their content, number formats for money and dates.

Everything here only styles: no cell value is changed, so the machine sheets keep their content
(and their hash). Write-only sheets write their column widths, panes and page properties with
their first row, so ``data_sheet`` and ``page_layout`` are called before anything is appended.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from models.money import minor_units
from reports.xlsx_safe import safe_row, safe_value

PAPER_A4 = 9  # the paper size code of A4 in SpreadsheetML
DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "#,##0.######"
HEADER_FONT = Font(name="Calibri", size=9, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_BORDER = Border(bottom=Side(style="thin", color="1F4E79"))
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_MAX_WIDTH = 60
_HEADER_SCALE = 0.9  # a header key in 9-point bold, in characters of the 11-point default font
_PORTRAIT_PX = 715  # the printable width of portrait A4 within the margins, in pixels at 96 dpi
_BOTTOM = Alignment(vertical="bottom")


def money_format(currency: str, with_code: bool = False) -> str:
    """``#,##0`` for XOF or GNF, ``#,##0.00`` for EUR or GMD; with ``with_code`` the currency
    follows each amount (``1 968 000 XOF``). The spreadsheet applies the reader's separators."""
    code = currency.upper()
    places = minor_units(code, unknown=2)
    body = "#,##0" + ("." + "0" * places if places else "")
    if with_code and _CURRENCY.match(code):
        return f'{body} "{code}"'
    return body


def cell(ws: Any, value: Any, *, number_format: str | None = None, **style: Any) -> WriteOnlyCell:
    """A styled cell for ``ws.append``; text that could start a formula stays plain text."""
    c = safe_value(ws, WriteOnlyCell(ws, value=value))
    if number_format is not None:
        c.number_format = number_format
    for name, setting in style.items():
        setattr(c, name, setting)
    return c


def header_footer_text(text: str, limit: int = 80) -> str:
    """User text for a page header or footer: ``&`` starts a code there, so it is doubled;
    long text is cut so the whole footer stays within the 255 characters allowed."""
    text = " ".join(text.split())[:limit]
    return text.replace("&", "&&")


def page_layout(
    ws: Any,
    *,
    footer: tuple[str, str, str],
    landscape: bool = False,
    one_page: bool = False,
    title_rows: str | None = None,
) -> None:
    """A4 fitted to the page width (``one_page``: to one whole page), header rows repeated,
    and a footer of three parts (left, centre, right; page codes such as ``&P`` allowed)."""
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.7, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    for part, text in zip(
        (ws.oddFooter.left, ws.oddFooter.center, ws.oddFooter.right), footer, strict=True
    ):
        part.text = text
        part.size = 8


def _shown_width(value: Any, number_format: str | None) -> int:
    """About how many characters ``value`` takes on screen with its number format."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, datetime | date):
        return 10 if number_format == DATE_FORMAT or number_format is None else 16
    if isinstance(value, bool):
        return 1
    if isinstance(value, int | float | Decimal):
        places = 0
        if number_format and "." in number_format:
            places = len(number_format.split(".")[1].split(" ")[0].split('"')[0])
        digits = len(str(abs(int(value))))
        grouped = digits + (digits - 1) // 3 if number_format and "," in number_format else digits
        return grouped + (places + 1 if places else 0) + (1 if value < 0 else 0)
    return len(str(value))


def fit_widths(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Sequence[str | None],
) -> list[float]:
    """Column widths (in characters of the default font) that fit each header key (in the
    smaller header font) and every value below it."""
    widths: list[float] = []
    values_by_column = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    for key, values, fmt in zip(columns, values_by_column, formats, strict=True):
        texts = [v for v in values if type(v) is str]
        numbers = [v for v in values if isinstance(v, int | float | Decimal)]
        others = [
            v for v in values if v is not None and not isinstance(v, str | int | float | Decimal)
        ]
        content = max(map(len, texts), default=0)
        if any("\n" in v for v in texts):
            content = max(_shown_width(v, fmt) for v in texts)
        content = max([content, *(_shown_width(v, fmt) for v in others)])
        if numbers:
            content = max(
                content,
                _shown_width(max(numbers), fmt),
                _shown_width(min(numbers), fmt),  # the most negative, with its sign
            )
        widths.append(min(max(content, len(key) * _HEADER_SCALE, 3) + 2, _MAX_WIDTH))
    return widths


def orientation(widths: Sequence[float]) -> bool:
    """Whether columns of these widths need a landscape page (wider than portrait A4)."""
    return sum(w * 7 + 5 for w in widths) > _PORTRAIT_PX


def data_sheet(
    ws: Any,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: Sequence[str | None],
    footer: tuple[str, str, str],
    widths: Sequence[float] | None = None,
) -> list[WriteOnlyCell]:
    """Lay out a machine sheet for print (A4 fitted to the width, landscape when its columns
    need it, row 1 repeated and frozen, widths to fit) and return its styled header row, to
    append first. ``widths`` overrides the fitted widths."""
    widths = list(widths) if widths is not None else fit_widths(columns, rows, formats)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    page_layout(ws, footer=footer, landscape=orientation(widths), title_rows="1:1")
    ws.row_dimensions[1].height = 18
    return [
        cell(ws, key, font=HEADER_FONT, fill=HEADER_FILL, border=HEADER_BORDER, alignment=_BOTTOM)
        for key in columns
    ]


def row_styler(ws: Any, formats: Sequence[str | None]) -> Callable[[Sequence[Any]], list[Any]]:
    """A function turning a row of values into what ``ws.append`` takes: values with a number
    format become styled cells (the value itself unchanged), text never starts a formula."""
    protos: dict[int, Any] = {}
    for index, fmt in enumerate(formats):
        if fmt is not None:
            proto = WriteOnlyCell(ws)
            proto.number_format = fmt
            protos[index] = proto._style
    formatted = tuple(protos.items())

    def convert(row: Sequence[Any]) -> list[Any]:
        out = safe_row(ws, row)
        for index, style in formatted:
            value = out[index]
            if value is not None and not isinstance(value, Cell):
                styled = WriteOnlyCell(ws, value=value)
                styled._style = copy(style)
                out[index] = styled
        return out

    return convert


def column_formats(
    columns: Sequence[str], currency: str, counts: Sequence[str] = ()
) -> list[str | None]:
    """Number formats of a machine sheet's columns, by their key: ``*_local`` amounts in the
    local currency, ``*_eur`` in EUR, ``*_on`` dates, ``counts`` with thousands separators."""
    local, eur = money_format(currency), money_format("EUR")
    formats: list[str | None] = []
    for key in columns:
        if key.endswith("_local"):
            formats.append(local)
        elif key.endswith("_eur"):
            formats.append(eur)
        elif key.endswith("_on"):
            formats.append(DATE_FORMAT)
        elif key in counts:
            formats.append(COUNT_FORMAT)
        else:
            formats.append(None)
    return formats
