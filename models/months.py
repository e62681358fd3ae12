"""Months as the office counts them: ``YYYY-MM`` text, the month of a day, its bounds.

The one pattern of a month; payments, rates, returns and their history ask here.
"""

from __future__ import annotations

import datetime as dt
import re

from models.errors import Refused
from models.i18n import N_

PATTERN = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")  # ASCII digits: "٢٠٢٦-10" is no month
NOT_A_MONTH = N_("{month!r} is not a month (YYYY-MM)")


def is_month(text: object) -> bool:
    """Whether ``text`` is a month written ``YYYY-MM`` (nothing around it)."""
    return isinstance(text, str) and PATTERN.fullmatch(text) is not None


def check_month(month: str) -> str:
    """``month`` without surrounding spaces, or refused when it is not ``YYYY-MM``."""
    if not is_month(month.strip()):
        raise Refused(NOT_A_MONTH, month=month)
    return month.strip()


def month_of(day: dt.date) -> str:
    """The month ``day`` falls in: ``2025-03``."""
    return f"{day.year:04d}-{day.month:02d}"


def month_before(month: str, count: int = 1) -> str:
    """The month ``count`` months before ``month`` (a negative count: after it)."""
    year, number = (int(p) for p in month.split("-"))
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(month: str) -> dt.date:
    """The first day of ``month``."""
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``month``."""
    following = first_day(month_before(month, -1))
    return first_day(month), following - dt.timedelta(days=1)


def instants(month: str) -> tuple[dt.datetime, dt.datetime]:
    """Midnight UTC at the start of ``month`` and of the month after it: a moment ``at`` is in
    ``month`` when ``start <= at < end``."""
    start = dt.datetime.combine(first_day(month), dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(first_day(month_before(month, -1)), dt.time(), tzinfo=dt.UTC)
    return start, end
