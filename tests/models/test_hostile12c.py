"""Hostile tests of issue 12's money and months (hostile12c)."""

from __future__ import annotations

import pytest

from models import months
from models.errors import Refused


@pytest.mark.parametrize("text", ["٢٠٢٦-10", "２０２６-10", "2026-１0"])
def test_a_month_is_written_in_ascii_digits(text: str) -> None:
    """'٢٠٢٦-10' was a month: a rate was kept for it (the return of 2026-10 never finds it) and
    a return written and signed under that name."""
    assert not months.is_month(text)
    with pytest.raises(Refused):
        months.check_month(text)
