"""Months: one pattern and one set of month helpers (models/months.py)."""

import datetime as dt
from pathlib import Path

import pytest

from models import months
from models.errors import Refused

ROOT = Path(__file__).resolve().parents[2]


def test_months() -> None:
    assert months.check_month(" 2025-03 ") == "2025-03"
    for bad in ("2025-13", "2025-3", "25-03", "2025-03-01", "", "2025-00"):
        with pytest.raises(Refused):
            months.check_month(bad)
        assert not months.is_month(bad)
    assert not months.is_month(None) and not months.is_month(202503)
    assert months.month_of(dt.date(2025, 12, 31)) == "2025-12"
    assert months.month_before("2026-01") == "2025-12"
    assert months.month_before("2025-12", -1) == "2026-01"
    assert months.bounds("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert months.bounds("2025-12") == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    start, end = months.instants("2025-12")
    assert start == dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert months.month_of(end - dt.timedelta(microseconds=1)) == "2025-12"


def test_no_other_module_has_its_own_month_pattern() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("models", "reports")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "months.py" and "(0[1-9]|1[0-2])" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_no_other_module_writes_a_month_by_hand() -> None:
    # a month is written by months.month_of / month_before, not with strftime or an f-string
    offenders = [
        f"{path.relative_to(ROOT)}: {hint}"
        for folder in ("models", "reports", "ui", "desktop")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "months.py"
        for hint in ('"%Y-%m"', "'%Y-%m'", ":04d}-{")
        if hint in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
