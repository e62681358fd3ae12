"""Regional consolidation of several offices' monthly returns into one workbook.

Every file is read back and checked by ``reports.monthly_return.read_return`` (schema version
known, content matching its ``data_sha256``, report sheet matching its ``report_sha256``, no
sheet added), then its version (``check_current``: an older one is refused, asking the office to
send it again), its signature against the office keys that headquarters registered
(``reports.trusted_keys``: unsigned, unknown key, another office's key, a changed file), its
status (``check_submitted``: a draft is refused), then its totals against its detail rows
(``check_totals``). A file that fails,
or that repeats an office and month already given, refuses the whole consolidation with a
message naming the file; nothing is written.

Sheets of the result (row 1: column keys), after ``Comparaison``/``Comparison``, the offices side
by side for people (``reports.consolidate_report``)
    ``Offices``    one row per return: office_code, office_name, month, currency, eur_rate,
                   cases, total_registered ... total_disbursed_eur, data_quality_issues, file,
                   data_sha256.
    ``Summary``    every return's Summary rows, prefixed by office_code, month and currency
                   (local amounts stay in their own currency).
    ``By origin``  month x country_of_origin x sex x age_band over all offices: the counts and
                   the EUR amounts (empty when an office of the group had no exchange rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from models.errors import Refused
from models.i18n import N_, current_language
from models.jobs import NO_JOB, Job
from models.months import is_month
from reports.monthly_return import (
    COUNTS,
    GROUP,
    SUMMARY_COLUMNS,
    TOTAL_KEYS,
    check_current,
    check_submitted,
    check_totals,
    read_return,
)
from reports.trusted_keys import OfficePublicKey, check_signature
from reports.xlsx_safe import output_file, save_workbook, write_only_workbook

OFFICES, SUMMARY, BY_ORIGIN = "Offices", "Summary", "By origin"
OFFICES_COLUMNS = (
    "office_code",
    "office_name",
    "month",
    "currency",
    "eur_rate",
    "cases",
    *TOTAL_KEYS,
    "data_quality_issues",
    "file",
    "data_sha256",
)
SUMMARY_COLUMNS_OUT = ("office_code", "month", "currency", *SUMMARY_COLUMNS)
EUR_AMOUNTS = ("approved_eur", "disbursed_eur")
BY_ORIGIN_COLUMNS = ("month", *GROUP, *COUNTS, *EUR_AMOUNTS)


@dataclass(frozen=True)
class Consolidated:
    offices: tuple[tuple[str, str], ...]  # (office_code, month) in the order merged
    summary_rows: int
    origin_rows: int


def consolidate(
    paths: Iterable[str | Path],
    out: str | Path | IO[bytes],
    trusted: Mapping[str, OfficePublicKey],
    job: Job = NO_JOB,
) -> Consolidated:
    """Merge the returns at ``paths`` into the workbook ``out``; each must be signed with the
    key registered for its office (``trusted``: by fingerprint, ``trusted_keys()``)."""
    files = [Path(p) for p in paths]
    if isinstance(out, str | Path):  # never over one of the returns being read
        out = output_file(out, "consolidated.xlsx", (".xlsx",), inputs=files)
    if not files:
        raise Refused(N_("No return to consolidate"))
    returns = []
    seen: dict[tuple[str, str], str] = {}
    for index, path in enumerate(files, start=1):
        content = read_return(path)
        check_current(content)
        check_signature(content, trusted)
        check_submitted(content)
        check_totals(content)
        key = (content.office_code, content.month)
        if not is_month(content.month):
            raise Refused(N_("{file}: {month} is not a month"), file=path.name, month=content.month)
        if key in seen:
            raise Refused(
                N_("{file} repeats the return of {office} for {month}, already in {other}"),
                file=path.name,
                office=content.office_code,
                month=content.month,
                other=seen[key],
            )
        seen[key] = path.name
        returns.append(content)
        job.progress(index, len(files) + 1)
        job.check()

    offices = [
        [
            r.office_code,
            r.office_name,
            r.month,
            r.currency,
            r.eur_rate,
            r.cover.get("cases"),
            *(r.cover.get(k) for k in TOTAL_KEYS),
            r.cover.get("data_quality_issues"),
            Path(r.path).name,
            r.data_sha256,
        ]
        for r in returns
    ]
    summary: list[list[Any]] = []
    groups: dict[tuple[str, ...], list[Any]] = {}
    for r in sorted(returns, key=lambda r: (r.month, r.office_code)):
        for row in r.summary:
            summary.append([r.office_code, r.month, r.currency, *(row[c] for c in SUMMARY_COLUMNS)])
            group_key = (r.month, *(str(row[c]) for c in GROUP))
            group = groups.setdefault(group_key, [0] * len(COUNTS) + [Decimal(0), Decimal(0)])
            for i, column in enumerate(COUNTS):
                group[i] += row[column]
            for i, column in enumerate(EUR_AMOUNTS, start=len(COUNTS)):
                value = row[column]
                group[i] = None if value is None or group[i] is None else group[i] + value
    by_origin = [[*key, *groups[key]] for key in sorted(groups)]

    # the comparison for people first, then the machine sheets styled for print
    from reports import print_layout as layout
    from reports.consolidate_report import footer, write_comparison

    with write_only_workbook() as wb:
        lang = current_language()
        write_comparison(wb, returns, lang)
        page_footer = footer(sorted({r.month for r in returns}), lang)
        counts = (*COUNTS, *TOTAL_KEYS, "cases", "data_quality_issues")
        for name, columns, rows, currency_at in (
            (OFFICES, OFFICES_COLUMNS, offices, 3),
            (SUMMARY, SUMMARY_COLUMNS_OUT, summary, 2),
            (BY_ORIGIN, BY_ORIGIN_COLUMNS, by_origin, None),
        ):
            ws = wb.create_sheet(name)
            formats = layout.column_formats(columns, "EUR", counts)
            ws.append(layout.data_sheet(ws, columns, rows, formats, page_footer))
            stylers: dict[str, Any] = {}
            for out_row in rows:
                # local amounts are in each office's own currency
                currency = "EUR" if currency_at is None else str(out_row[currency_at])
                styler = stylers.get(currency)
                if styler is None:
                    styler = stylers[currency] = layout.row_styler(
                        ws, layout.column_formats(columns, currency, counts)
                    )
                ws.append(styler(out_row))
        job.check()
        save_workbook(wb, out)
    job.progress(len(files) + 1, len(files) + 1)
    return Consolidated(
        offices=tuple((r.office_code, r.month) for r in returns),
        summary_rows=len(summary),
        origin_rows=len(by_origin),
    )
