"""Hostile tests of issue 12's money and months (hostile12c)."""

from __future__ import annotations

import pytest

from models import months
from models.database import Database
from models.errors import Refused
from models.payments import list_rates, set_rate
from models.users import Actor


@pytest.mark.parametrize("text", ["٢٠٢٦-10", "２０２６-10", "2026-１0"])
def test_a_month_is_written_in_ascii_digits(text: str) -> None:
    """'٢٠٢٦-10' was a month: a rate was kept for it (the return of 2026-10 never finds it) and
    a return written and signed under that name."""
    assert not months.is_month(text)
    with pytest.raises(Refused):
        months.check_month(text)


@pytest.mark.parametrize("currency", ["EUR", "eur", "XYZ"])
def test_no_rate_is_kept_that_no_figure_reads(db: Database, admin: Actor, currency: str) -> None:
    """'rate set 2026-09 EUR 2' was kept and listed, yet every figure takes 1 EUR as 1 EUR
    (rates_of); 'XYZ' is no currency: both refused, nothing written."""
    with pytest.raises(Refused):
        set_rate(db, admin, "2026-09", currency, "2")
    assert list_rates(db) == []
