"""Regional consolidation of several offices' monthly returns into one workbook.

Every file is read back and checked by ``reports.monthly_return.read_return`` (schema version
known, content matching its ``data_sha256``), then its signature against the office keys that
headquarters registered (``reports.trusted_keys``: unsigned, unknown key, another office's key,
a changed file), then its totals against its detail rows (``check_totals``). A file that fails,
or that repeats an office and month already given, refuses the whole consolidation with a
message naming the file; nothing is written.

Sheets of the result (row 1: column keys)
    ``Offices``    one row per return: office_code, office_name, month, currency, eur_rate,
                   cases, total_registered ... total_disbursed_eur, data_quality_issues, file,
                   data_sha256.
    ``Summary``    every return's Summary rows, prefixed by office_code, month and currency
                   (local amounts stay in their own currency).
    ``By origin``  month x country_of_origin x sex x age_band over all offices: the counts and
                   the EUR amounts (empty when an office of the group had no exchange rate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from models.errors import Refused
from models.i18n import N_
from reports.monthly_return import (
    COUNTS,
    GROUP,
    SUMMARY_COLUMNS,
    TOTAL_KEYS,
    check_totals,
    read_return,
)
from reports.return_data import MONTH_PATTERN
from reports.trusted_keys import OfficePublicKey, check_signature
from reports.xlsx_safe import safe_row

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
    progress: Callable[[int, int], None] | None = None,
) -> Consolidated:
    """Merge the returns at ``paths`` into the workbook ``out``; each must be signed with the
    key registered for its office (``trusted``: by fingerprint, ``trusted_keys()``)."""
    files = [Path(p) for p in paths]
    if not files:
        raise Refused(N_("No return to consolidate"))
    returns = []
    seen: dict[tuple[str, str], str] = {}
    for index, path in enumerate(files, start=1):
        content = read_return(path)
        check_signature(content, trusted)
        check_totals(content)
        key = (content.office_code, content.month)
        if not MONTH_PATTERN.match(content.month):
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
        if progress is not None:
            progress(index, len(files) + 1)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(OFFICES)
    ws.append(list(OFFICES_COLUMNS))
    for r in returns:
        totals = [r.cover.get(k) for k in TOTAL_KEYS]
        ws.append(
            safe_row(
                ws,
                [
                    r.office_code,
                    r.office_name,
                    r.month,
                    r.currency,
                    r.eur_rate,
                    r.cover.get("cases"),
                    *totals,
                    r.cover.get("data_quality_issues"),
                    Path(r.path).name,
                    r.data_sha256,
                ],
            )
        )

    ws = wb.create_sheet(SUMMARY)
    ws.append(list(SUMMARY_COLUMNS_OUT))
    groups: dict[tuple[str, str, str, str], list[Any]] = {}
    summary_rows = 0
    for r in sorted(returns, key=lambda r: (r.month, r.office_code)):
        for row in r.summary:
            ws.append(
                safe_row(
                    ws, [r.office_code, r.month, r.currency, *(row[c] for c in SUMMARY_COLUMNS)]
                )
            )
            summary_rows += 1
            key = (r.month, *(str(row[c]) for c in GROUP))
            group = groups.setdefault(key, [0] * len(COUNTS) + [Decimal(0), Decimal(0)])
            for i, column in enumerate(COUNTS):
                group[i] += row[column]
            for i, column in enumerate(EUR_AMOUNTS, start=len(COUNTS)):
                value = row[column]
                group[i] = None if value is None or group[i] is None else group[i] + value

    ws = wb.create_sheet(BY_ORIGIN)
    ws.append(list(BY_ORIGIN_COLUMNS))
    for key in sorted(groups):
        ws.append(safe_row(ws, [*key, *groups[key]]))
    wb.save(str(out) if isinstance(out, Path) else out)
    if progress is not None:
        progress(len(files) + 1, len(files) + 1)
    return Consolidated(
        offices=tuple((r.office_code, r.month) for r in returns),
        summary_rows=summary_rows,
        origin_rows=len(groups),
    )
