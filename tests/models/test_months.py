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


def test_no_other_module_has_its_own_month_pattern() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("models", "reports")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "months.py" and "(0[1-9]|1[0-2])" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
