"""The first sheet of a consolidation, for people: the offices' returns side by side.

One column per return (office and month), one row per figure with its label, a total where the
figures add up (counts, and EUR amounts when every office had its rate), local amounts in each
office's own currency; then a native bar chart per figure comparing the offices. It is written
from the returns as ``read_return`` checked them, before the machine sheets; nothing parses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from models.i18n import N_, translate
from reports.monthly_return import ReturnContent
from reports.print_layout import (
    COUNT_FORMAT,
    RATE_FORMAT,
    cell,
    header_footer_text,
    money_format,
    page_layout,
)
from reports.return_report import (
    BOLD,
    FIGURES,
    LOCALES,
    MUTED,
    SUBTITLE_FONT,
    TITLE_FONT,
    chart_style,
    dash,
    month_name,
    place,
    section,
    table_header,
    values_only,
)

COMPARISON_TITLE = N_("Comparison")
_COLUMN_WIDTH = 14
_CHARTS_PER_ROW = 3
_CHART_ROWS = 17
_PORTRAIT_OFFICES = 6  # more offices than this side by side need a landscape page


def footer(months: Sequence[str], lang: str) -> tuple[str, str, str]:
    """The footer of every sheet of a consolidation."""
    title = translate(N_("Consolidated returns"), lang)
    period = header_footer_text(", ".join(month_name(m, lang) for m in months))
    return title, f"{period} — &A", translate(N_("Page &P of &N"), lang)


def _figures(r: ReturnContent) -> dict[str, Any]:
    values = {key: r.cover.get(f"total_{key}") for key, _ in FIGURES}
    for key in ("approved_local", "approved_eur", "disbursed_local", "disbursed_eur"):
        values[key] = r.total(key)
    values["cases"] = r.cover.get("cases")
    values["data_quality_issues"] = r.cover.get("data_quality_issues")
    return values


def _amount_width(r: ReturnContent, values: dict[str, Any]) -> float:
    """The width that the office's local amounts need with their currency code."""
    largest = max(abs(values["approved_local"] or 0), abs(values["disbursed_local"] or 0))
    digits = len(str(int(largest)))
    return digits + (digits - 1) // 3 + 3 + 4 + 2  # separators, decimals, " XOF", margin


def write_comparison(wb: Any, returns: Sequence[ReturnContent], lang: str) -> Any:
    """Add the comparison sheet to the write-only workbook ``wb`` (before any other sheet)."""
    lang = lang if lang in LOCALES else "fr"

    def t(msgid: str, **params: Any) -> str:
        text = translate(msgid, lang)
        return text.format(**params) if params else text

    ws = wb.create_sheet(t(COMPARISON_TITLE))
    months = sorted({r.month for r in returns})
    figures = [_figures(r) for r in returns]
    # a grid of equal units, the label column two of them, the charts a third of it each
    columns = max(len(returns) + 1, 4)  # the offices' columns and the total
    while (2 + columns) % _CHARTS_PER_ROW:
        columns += 1
    units = 2 + columns
    widest = max(
        [
            _COLUMN_WIDTH,
            *(_amount_width(r, values) for r, values in zip(returns, figures, strict=True)),
        ]
    )
    widths = [2 * widest + 5 / 7, *[widest] * columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.sheet_view.showGridLines = False
    page_layout(
        ws, footer=footer(months, lang), landscape=len(returns) > _PORTRAIT_OFFICES, one_page=True
    )

    row = 0

    def append(values: Sequence[Any], height: float | None = None) -> int:
        nonlocal row
        row += 1
        if height is not None:
            ws.row_dimensions[row].height = height
        ws.append(list(values))
        return row

    period = ", ".join(month_name(m, lang) for m in months)
    append([cell(ws, t(N_("Consolidated returns — {months}"), months=period), font=TITLE_FONT)], 26)
    offices = ", ".join(sorted({f"{r.office_name} ({r.office_code})" for r in returns}))
    append(
        [
            cell(
                ws,
                t(N_("{n} returns: {offices}"), n=len(returns), offices=offices),
                font=SUBTITLE_FONT,
            )
        ]
    )
    today = format_date(dt.datetime.now(dt.UTC).date(), "long", locale=LOCALES[lang])
    append(
        [
            cell(
                ws,
                t(
                    N_("Consolidated on {date}; every return's content matched its hash"),
                    date=today,
                ),
                font=MUTED,
            )
        ]
    )
    append([])
    append([section(ws, t(N_("Offices side by side")))], 20)
    head = append(
        [
            table_header(ws, t(N_("Figure")), align_left=True),
            *(
                table_header(ws, f"{r.office_code}\n{month_name(r.month, lang, short=True)}")
                for r in returns
            ),
            table_header(ws, t(N_("Total"))),
        ],
        32,
    )
    all_rates = all(r.eur_rate is not None for r in returns)
    lines: list[tuple[str, str, str | None, bool]] = [
        ("cases", t(N_("Cases in the return")), COUNT_FORMAT, True),
        *((key, t(msgid), COUNT_FORMAT, True) for key, msgid in FIGURES),
        (
            "approved_eur",
            t(N_("Approved ({currency})"), currency="EUR"),
            money_format("EUR"),
            all_rates,
        ),
        (
            "disbursed_eur",
            t(N_("Disbursed ({currency})"), currency="EUR"),
            money_format("EUR"),
            all_rates,
        ),
        ("approved_local", t(N_("Approved in local currency")), None, False),
        ("disbursed_local", t(N_("Disbursed in local currency")), None, False),
        ("eur_rate", t(N_("Local currency for 1 EUR")), None, False),
        ("data_quality_issues", t(N_("Data-quality problems")), COUNT_FORMAT, True),
    ]
    charted: list[tuple[int, str]] = []
    for key, text, fmt, totalled in lines:
        cells: list[Any] = [cell(ws, text)]
        total: Decimal | int | None = 0
        for r, values in zip(returns, figures, strict=True):
            value = r.eur_rate if key == "eur_rate" else values[key]
            if key.endswith("_local"):
                number_format = money_format(r.currency, with_code=True)
            elif key == "eur_rate":
                number_format = (
                    f'{RATE_FORMAT} "{r.currency}"' if r.currency.isalpha() else RATE_FORMAT
                )
            else:
                number_format = fmt or COUNT_FORMAT
            cells.append(
                dash(ws) if value is None else cell(ws, value, number_format=number_format)
            )
            total = None if value is None or total is None else total + value
        if totalled and total is not None:
            cells.append(cell(ws, total, number_format=fmt, font=BOLD))
        else:
            cells.append(None)
        line = append(cells)
        if key.endswith("_eur") or key in dict(FIGURES):
            charted.append((line, text))
    append([])
    top = append([section(ws, t(N_("Each figure by office")))], 20) + 1
    third = units // _CHARTS_PER_ROW
    for index, (line, text) in enumerate(charted):
        chart = BarChart()
        chart.add_data(
            Reference(ws, min_col=2, max_col=1 + len(returns), min_row=line), from_rows=True
        )
        chart.set_categories(Reference(ws, min_col=2, max_col=1 + len(returns), min_row=head))
        chart.legend = None
        if not text.endswith("(EUR)"):  # amounts are read on the axis: labels would overlap
            chart.dataLabels = values_only()
        chart_style(chart, text)
        # the label column spans two grid units, every other column one: unit u >= 2 is column u
        slot = index % _CHARTS_PER_ROW
        first = top + index // _CHARTS_PER_ROW * _CHART_ROWS
        span = (1 if slot == 0 else slot * third, (slot + 1) * third - 1)
        place(ws, chart, span, (first, first + _CHART_ROWS - 1))
    for _ in range(-(-len(charted) // _CHARTS_PER_ROW) * _CHART_ROWS):
        append([])
    return ws
