"""The first sheet of the monthly return, for people: a one-page report in the office's language.

``Rapport`` (or ``Report``) reads as the month's report that the head of office signs: office,
month, who generated and submitted it and when; the month's figures with their labels; money
approved and disbursed in local currency and EUR with the currency shown; the same by country of
origin and by sex and age band; data-quality problems in words; three native charts (the month's
funnel, disbursements by country of origin, the last twelve months) that stay live in Excel and
LibreOffice. It prints on one A4 page in portrait.

It is written from the same rows as the machine sheets (``monthly_return._rows``), so its figures
are theirs; headquarters never parse it (``read_return`` reads the machine sheets by name), and it
is not part of ``data_sha256``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import cm_to_EMU

from models.i18n import N_, translate
from models.reference import country_name
from reports.print_layout import (
    COUNT_FORMAT,
    cell,
    header_footer_text,
    money_format,
    page_layout,
)
from reports.return_data import AGE_BANDS, MonthFigures, ReturnData

REPORT_TITLE = N_("Report")

FIGURES = (
    ("registered", N_("Registered")),
    ("found_eligible", N_("Found eligible")),
    ("agreements_signed", N_("Agreements signed")),
    ("assistance_started", N_("Assistance started")),
    ("completed", N_("Completed")),
    ("closed", N_("Closed")),
    ("active_at_month_end", N_("Active at month end")),
)
FUNNEL = 5  # the first five figures follow a case from registration to completion
AMOUNT_COLUMNS = ("approved_local", "approved_eur", "disbursed_local", "disbursed_eur")
SEXES = (("F", N_("Women")), ("M", N_("Men")))

FONT_NAME = "Calibri"
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=16, color="1F4E79")
SUBTITLE_FONT = Font(name=FONT_NAME, bold=True, size=12)
SECTION_FONT = Font(name=FONT_NAME, bold=True, size=12, color="1F4E79")
BOLD = Font(name=FONT_NAME, bold=True)
PLAIN = Font(name=FONT_NAME)
MUTED = Font(name=FONT_NAME, italic=True, color="595959")
TABLE_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TABLE_HEADER_FONT = Font(name=FONT_NAME, bold=True, size=10)
TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
RIGHT = Alignment(horizontal="right")

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def month_name(month: str, lang: str, short: bool = False) -> str:
    """``novembre 2026`` / ``November 2026`` (``short``: ``nov. 26``)."""
    year, number = (int(p) for p in month.split("-"))
    pattern = "LLL yy" if short else "LLLL yyyy"
    return format_date(dt.date(year, number, 1), pattern, locale=LOCALES.get(lang, lang))


def footer(office_code: str, office_name: str, month: str, lang: str) -> tuple[str, str, str]:
    """The footer of every sheet: office, month and sheet, page of pages."""
    office = header_footer_text(f"{office_name} ({office_code})")
    title = header_footer_text(
        translate(N_("Monthly return, {month}"), lang).format(month=month_name(month, lang))
    )
    page = translate(N_("Page &P of &N"), lang)
    return office, f"{title} — &A", page


class _Sheet:
    """Appends rows to a write-only sheet, remembering row numbers and merged ranges."""

    def __init__(self, ws: Any, cells: list[tuple[int, int, Any]] | None = None) -> None:
        self.ws = ws
        self.row = 0
        self.cells = cells

    def append(self, values: Sequence[Any], height: float | None = None) -> int:
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(values))
        if self.cells is not None:  # what the return signs of this sheet (report_sha256)
            for column, value in enumerate(values, start=1):
                self.cells.append((self.row, column, getattr(value, "value", value)))
        return self.row

    def merge(self, first_col: int, last_col: int, row: int | None = None) -> None:
        r = self.row if row is None else row
        self.ws.merged_cells.add(
            f"{get_column_letter(first_col)}{r}:{get_column_letter(last_col)}{r}"
        )

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.append([])


def _sum_groups(summary: Sequence[Sequence[Any]], key: Any, rate: bool) -> dict[Any, list[Any]]:
    """Counts and amounts of the Summary rows added up by ``key(row)``."""
    width = len(FIGURES) + len(AMOUNT_COLUMNS)
    groups: dict[Any, list[Any]] = {}
    for row in summary:
        values = row[3:]
        group = groups.setdefault(key(row), [0] * len(FIGURES) + [Decimal(0)] * 4)
        for i in range(width):
            group[i] += values[i] or 0
    if not rate:
        for group in groups.values():
            group[len(FIGURES) + 1] = group[len(FIGURES) + 3] = None
    return groups


def _widths(totals: dict[str, Any], labels: list[str], lang: str) -> list[float]:
    """Column widths of the report's grid: labels, seven counts, four amounts."""
    label = max([24, *(len(t) + 2 for t in labels)])
    largest_count = max([0, *(int(totals[f"total_{k}"] or 0) for k, _ in FIGURES)])
    # a header wraps between words, never inside one: the longest word sets the width
    longest_word = max(len(w) for _, m in FIGURES for w in translate(m, lang).split())
    count = max(10.5, longest_word + 1.5, len(f"{largest_count:,}") + 3)
    amounts = [abs(totals[f"total_{k}"] or 0) for k in AMOUNT_COLUMNS]
    local = max(12, len(f"{int(max(amounts[0], amounts[2])):,}") + 5)
    eur = max(12, len(f"{int(max(amounts[1], amounts[3])):,}") + 6)
    return [min(label, 34), *[count] * 7, local, eur, local, eur]


def values_only() -> DataLabelList:
    """Data labels that show the value alone (LibreOffice shows every part left unset)."""
    return DataLabelList(
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        showLeaderLines=False,
        numFmt="#,##0",
    )


def _title(text: str) -> Title:
    """A chart title in 11-point bold, not the default 14."""
    run = RegularTextRun(rPr=CharacterProperties(sz=1100, b=True), t=text)
    body = RichText(
        p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=1100, b=True)), r=[run])]
    )
    return Title(tx=Text(rich=body), overlay=False)


def place(ws: Any, chart: Any, columns: tuple[int, int], rows: tuple[int, int]) -> None:
    """Put ``chart`` over the cells of ``columns`` and ``rows`` (first and last, 1-based): it
    is anchored to both corners, so it covers them exactly whatever the font's widths."""
    inset = cm_to_EMU(0.1)
    anchor = TwoCellAnchor(
        _from=AnchorMarker(col=columns[0] - 1, colOff=inset, row=rows[0] - 1, rowOff=inset),
        to=AnchorMarker(col=columns[1], colOff=0, row=rows[1], rowOff=0),  # no negative offset
    )
    ws.add_chart(chart, anchor)


def chart_style(chart: Any, title: str) -> None:
    chart.title = _title(title)
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    _whole_numbers(chart.y_axis)


def _whole_numbers(axis: Any) -> None:
    """Axis labels with thousands separators and no decimals, whatever the cells show."""
    axis.numFmt = NumFmt(formatCode="#,##0", sourceLinked=False)


def write_report(
    wb: Any,
    data: ReturnData,
    rows: dict[str, Any],
    sheets: dict[str, str],
    cells: list[tuple[int, int, Any]] | None = None,
) -> Any:
    """Add the report sheet to the write-only workbook ``wb`` (before any other sheet) from
    the return's rows (``monthly_return._rows``); ``sheets`` names the machine sheets.
    ``cells`` receives (row, column, value) of every cell written, for the return's signature."""
    lang = data.language if data.language in LOCALES else "fr"

    def t(msgid: str, **params: Any) -> str:
        text = translate(msgid, lang)
        return text.format(**params) if params else text

    cur = data.currency.upper()
    has_rate = data.eur_rate is not None
    totals = rows["totals"]
    summary = rows["summary"]
    ws = wb.create_sheet(t(REPORT_TITLE))
    by_country = _sum_groups(summary, lambda r: r[0], has_rate)
    by_sex_age = _sum_groups(summary, lambda r: (r[1], r[2]), has_rate)
    country_rows = sorted(
        ((country_name(code, lang), values) for code, values in by_country.items()),
        key=lambda pair: pair[0],
    )
    band_order = {band: i for i, band in enumerate(AGE_BANDS)}
    sexes = dict(SEXES)
    sex_age_rows = [
        (
            t(N_("{sex}, {age}"), sex=t(sexes.get(sex, sex)), age=_age(band, t)),
            values,
        )
        for (sex, band), values in sorted(
            by_sex_age.items(), key=lambda kv: (kv[0][0], band_order.get(kv[0][1], 99))
        )
    ]
    labels = (
        [t(m) for _, m in FIGURES] + [n for n, _ in country_rows] + [n for n, _ in sex_age_rows]
    )
    widths = _widths(totals, labels, lang)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.sheet_view.showGridLines = False
    page_layout(
        ws,
        footer=footer(data.office_code, data.office_name, data.month, lang),
        landscape=False,
        one_page=True,
    )
    local_fmt, eur_fmt = money_format(cur), money_format("EUR")
    sheet = _Sheet(ws, cells)

    # -- who, what, when -------------------------------------------------------------------
    sheet.append(
        [
            cell(
                ws,
                t(
                    N_("Monthly return to headquarters — {month}"),
                    month=month_name(data.month, lang),
                ),
                font=TITLE_FONT,
            )
        ],
        height=26,
    )
    sheet.append(
        [cell(ws, f"{data.office_name} ({data.office_code})", font=SUBTITLE_FONT)], height=18
    )
    when = data.generated_at
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    day = format_date(when.date(), "long", locale=LOCALES[lang])
    sheet.append(
        [
            cell(
                ws,
                t(
                    N_("Generated by {user} on {date} at {time} UTC"),
                    user=data.generated_by,
                    date=day,
                    time=when.strftime("%H:%M"),
                ),
            )
        ]
    )
    status = (
        t(N_("Submitted to headquarters by {user} on {date}"), user=data.generated_by, date=day)
        if data.submitted
        else t(N_("Draft: not submitted to headquarters"))
    )
    sheet.append([cell(ws, status, font=BOLD)])
    if data.eur_rate is not None:
        rate = format_decimal(data.eur_rate, locale=LOCALES[lang])
        money_line = t(
            N_("Local currency {currency}; {rate} {currency} for 1 EUR"), currency=cur, rate=rate
        )
    else:
        money_line = t(
            N_("Local currency {currency}; no euro rate for this month: the EUR amounts are empty"),
            currency=cur,
        )
    sheet.append([cell(ws, money_line, font=MUTED)])
    sheet.blank()

    # -- the month's figures, the amounts, and the funnel beside them ----------------------
    top = sheet.append([section(ws, t(N_("The month's figures")))], height=20)
    first_figure = sheet.row + 1
    for key, msgid in FIGURES:
        sheet.append(
            [cell(ws, t(msgid)), cell(ws, totals[f"total_{key}"], number_format=COUNT_FORMAT)]
        )
    sheet.blank()
    for msgid, local_key, eur_key in (
        (N_("Approved in the month"), "total_approved_local", "total_approved_eur"),
        (N_("Disbursed in the month"), "total_disbursed_local", "total_disbursed_eur"),
    ):
        sheet.append(
            [
                cell(ws, t(msgid), font=BOLD),
                cell(ws, totals[local_key], number_format=money_format(cur, True), font=BOLD),
                None,
                _eur(ws, totals[eur_key], money_format("EUR", True), t, BOLD),
            ]
        )
        sheet.merge(2, 3)
        sheet.merge(4, 5)
    funnel = BarChart()
    funnel.type = "bar"
    funnel.add_data(
        Reference(ws, min_col=2, min_row=first_figure, max_row=first_figure + FUNNEL - 1)
    )
    funnel.set_categories(
        Reference(ws, min_col=1, min_row=first_figure, max_row=first_figure + FUNNEL - 1)
    )
    funnel.x_axis.scaling.orientation = "maxMin"  # registration at the top
    funnel.legend = None
    funnel.dataLabels = values_only()
    chart_style(funnel, t(N_("The month's funnel")))
    place(ws, funnel, (6, 12), (top, sheet.row))
    sheet.blank()

    # -- by country of origin, by sex and age band -----------------------------------------
    headers = [
        *(t(m) for _, m in FIGURES),
        t(N_("Approved ({currency})"), currency=cur),
        t(N_("Approved ({currency})"), currency="EUR"),
        t(N_("Disbursed ({currency})"), currency=cur),
        t(N_("Disbursed ({currency})"), currency="EUR"),
    ]
    formats = [COUNT_FORMAT] * 7 + [local_fmt, eur_fmt, local_fmt, eur_fmt]
    country_first, country_last = _table(
        sheet,
        t(N_("By country of origin")),
        t(N_("Country of origin")),
        headers,
        formats,
        country_rows,
        t,
    )
    sheet.blank()
    _table(
        sheet,
        t(N_("By sex and age band")),
        t(N_("Sex and age band")),
        headers,
        formats,
        sex_age_rows,
        t,
    )
    sheet.blank()

    # -- data quality in words, disbursements by country beside it --------------------------
    chart_rows = 15
    top = sheet.append([section(ws, t(N_("Data quality")))], height=20)
    lines = _quality_lines(
        rows["issues"], t, lambda n: format_decimal(n, locale=LOCALES[lang]), sheets
    )
    for line in lines:
        sheet.append([cell(ws, line)])
    sheet.blank(max(0, chart_rows - len(lines) - 1))
    if country_rows:  # an empty month has nothing to draw
        paid = BarChart()
        paid_col = 12 if has_rate else 11
        paid.add_data(Reference(ws, min_col=paid_col, min_row=country_first, max_row=country_last))
        paid.set_categories(Reference(ws, min_col=1, min_row=country_first, max_row=country_last))
        paid.legend = None
        paid.dataLabels = values_only()
        chart_style(
            paid,
            t(
                N_("Disbursed by country of origin ({currency})"),
                currency="EUR" if has_rate else cur,
            ),
        )
        place(ws, paid, (7, 12), (top, sheet.row))
    sheet.blank()

    # -- the last twelve months -------------------------------------------------------------
    history = _history(data, totals)
    if history:
        top = sheet.append([section(ws, t(N_("The last twelve months")))], height=20)
        head = sheet.append(
            [
                table_header(ws, t(N_("Month"))),
                table_header(ws, t(N_("Registered"))),
                table_header(ws, t(N_("Disbursed ({currency})"), currency=cur)),
                None,
                table_header(ws, t(N_("Disbursed ({currency})"), currency="EUR")),
                None,
            ],
            height=30,
        )
        sheet.merge(3, 4)
        sheet.merge(5, 6)
        for figures in history:
            sheet.append(
                [
                    cell(ws, month_name(figures.month, lang, short=True)),
                    cell(ws, figures.registered, number_format=COUNT_FORMAT),
                    _eur(ws, figures.disbursed_local, local_fmt, t),
                    None,
                    _eur(ws, figures.disbursed_eur, eur_fmt, t),
                    None,
                ]
            )
            sheet.merge(3, 4)
            sheet.merge(5, 6)
        bars = BarChart()
        bars.add_data(
            Reference(ws, min_col=2, min_row=head, max_row=sheet.row), titles_from_data=True
        )
        bars.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=sheet.row))
        line = LineChart()
        line_col = 5 if has_rate else 3
        line.add_data(
            Reference(ws, min_col=line_col, min_row=head, max_row=sheet.row), titles_from_data=True
        )
        for series in line.series:
            series.smooth = False
        line.y_axis.axId = 200
        line.y_axis.crosses = "max"
        line.y_axis.delete = False
        line.y_axis.majorGridlines = None
        _whole_numbers(line.y_axis)
        chart_style(bars, t(N_("Registrations and disbursements")))
        bars.legend.position = "b"
        bars += line
        place(ws, bars, (7, 12), (top, sheet.row))
    return ws


def _age(band: str, t: Any) -> str:
    if band == "unknown":
        return str(t(N_("age unknown")))
    return str(t(N_("{band} years"), band=band))


def section(ws: Any, text: str) -> Any:
    return cell(ws, text, font=SECTION_FONT)


def table_header(ws: Any, text: str, align_left: bool = False) -> Any:
    alignment = Alignment(
        wrap_text=True, vertical="center", horizontal="left" if align_left else "center"
    )
    return cell(ws, text, font=TABLE_HEADER_FONT, fill=TABLE_HEADER_FILL, alignment=alignment)


def dash(ws: Any, font: Font | None = None) -> Any:
    """The cell of a figure that cannot be given (an EUR amount without a rate)."""
    return cell(ws, "—", alignment=RIGHT, font=font or PLAIN)


def _eur(ws: Any, value: Any, fmt: str, t: Any, font: Font | None = None) -> Any:
    if value is None:
        return dash(ws, font)
    return cell(ws, value, number_format=fmt, font=font or PLAIN)


def _table(
    sheet: _Sheet,
    title: str,
    first_header: str,
    headers: list[str],
    formats: list[str],
    rows: list[tuple[str, list[Any]]],
    t: Any,
) -> tuple[int, int]:
    """A small labelled table with a total row; returns its first and last data rows."""
    ws = sheet.ws
    sheet.append([section(ws, title)], height=20)
    sheet.append(
        [table_header(ws, first_header, True), *(table_header(ws, h) for h in headers)], height=42
    )
    first = sheet.row + 1
    total: list[Any] = [0] * len(headers)
    for name, values in rows:
        sheet.append(
            [
                cell(ws, name),
                *(
                    _eur(ws, v, f, t) if v is None else cell(ws, v, number_format=f)
                    for v, f in zip(values, formats, strict=True)
                ),
            ]
        )
        total = [
            None if a is None or b is None else a + b for a, b in zip(total, values, strict=True)
        ]
    last = sheet.row
    sheet.append(
        [
            cell(ws, t(N_("Total")), font=BOLD, border=TOTAL_BORDER),
            *(
                _eur(ws, v, f, t, BOLD)
                if v is None
                else cell(ws, v, number_format=f, font=BOLD, border=TOTAL_BORDER)
                for v, f in zip(total, formats, strict=True)
            ),
        ]
    )
    return first, last


def _quality_lines(
    issues: Sequence[Sequence[Any]], t: Any, num: Any, sheets: dict[str, str]
) -> list[str]:
    """The data-quality problems of the month, counted and said in words."""
    by_kind: dict[str, list[Sequence[Any]]] = {}
    for issue in issues:
        by_kind.setdefault(str(issue[0]), []).append(issue)
    if not by_kind:
        return [t(N_("No data-quality problem this month."))]
    lines = []
    duplicates = len(by_kind.pop("duplicate_flag", []))
    if duplicates:
        lines.append(
            t(N_("One possible duplicate pair not yet decided"))
            if duplicates == 1
            else t(N_("{n} possible duplicate pairs not yet decided"), n=num(duplicates))
        )
    holds = len(by_kind.pop("hold", []))
    if holds:
        lines.append(
            t(N_("One case on hold at the end of the month"))
            if holds == 1
            else t(N_("{n} cases on hold at the end of the month"), n=num(holds))
        )
    missing = by_kind.pop("missing_rate", [])
    if missing:
        # the currency is the detail (gathered) or begins the reference ("XOF 2025-03")
        currencies = sorted(
            {
                word
                for issue in missing
                for word in f"{issue[2] or ''} {issue[1] or ''}".split()
                if re.fullmatch(r"[A-Z]{3}", word)
            }
        )
        lines.append(
            t(
                N_("Euro rate missing for {currencies}: EUR amounts are incomplete"),
                currencies=", ".join(currencies),
            )
        )
    for kind, items in sorted(by_kind.items()):
        lines.append(t(N_("{n} other problems of kind {kind}"), n=num(len(items)), kind=kind))
    pointer = t(N_("Every problem is listed on the sheet {sheet}."), sheet=sheets["quality"])
    return ["• " + line for line in lines] + [pointer]


def _history(data: ReturnData, totals: dict[str, Any]) -> list[MonthFigures]:
    """The history of ``data`` with its own month as the return counts it."""
    months = [m for m in data.history if m.month < data.month]
    months.append(
        MonthFigures(
            data.month,
            int(totals["total_registered"] or 0),
            totals["total_disbursed_local"],
            totals["total_disbursed_eur"],
        )
    )
    return months[-12:]
