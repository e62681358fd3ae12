"""The Dashboard's figures on a small database where each one is known."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from support.dashboard_data import TODAY, XOF_RATE, build

from models.dashboard import BudgetLine, load_dashboard
from models.database import Database
from models.jobs import Cancelled, RecordingJob


def _line(lines: tuple[BudgetLine, ...], country: str, package: str | None) -> BudgetLine:
    (line,) = [b for b in lines if b.country == country and b.package == package]
    return line


def test_every_figure_of_the_dashboard(db: Database) -> None:
    build(db)
    d = load_dashboard(db, TODAY)
    assert d is not None
    assert d.total == 18
    states = {c.key: c.count for c in d.by_state}
    assert states == {
        "registered": 12, "screening": 0, "eligible": 0, "ineligible": 0, "approved": 2,
        "signed": 0, "in_progress": 2, "completed": 1, "closed": 1,
    }  # fmt: skip
    assert [(c.key, c.count) for c in d.by_country] == [("MLI", 15), ("GIN", 2), ("SEN", 1)]
    assert d.cases_on_hold == 2
    assert d.open_duplicate_flags == 1
    (sus,) = d.suspensions
    assert (sus.held, sus.released, sus.still_held) == (3, 1, 2)

    # Budget: countries in order, each total line followed by its package lines.
    assert [(b.country, b.package) for b in d.budget] == [
        ("GIN", None), ("GIN", "ECO"), ("MLI", None), ("MLI", "ECO"), ("MLI", "EDU"),
    ]  # fmt: skip
    assert d.rate_month == "2025-06"
    assert d.missing_rates == ("GNF",)  # May's GNF rate is not June's: never guessed
    mli = _line(d.budget, "MLI", None)
    assert (mli.currency, mli.cases, mli.rate) == ("XOF", 3, XOF_RATE)
    assert mli.budget == Decimal(1600000)  # ECO 3 × 500,000 + EDU 1 × 100,000
    assert mli.approved == Decimal(1330000)  # the superseded 999,999 is not counted
    assert mli.disbursed == Decimal(800000)  # 318,000 - 18,000 + 500,000
    assert (mli.budget_eur, mli.approved_eur, mli.disbursed_eur) == (
        Decimal("2439.18"), Decimal("2027.57"), Decimal("1219.59"),
    )  # fmt: skip
    assert round(mli.used, 4) == round(1330000 / 1600000, 4)
    eco = _line(d.budget, "MLI", "ECO")
    assert (eco.cases, eco.budget, eco.approved, eco.disbursed) == (
        3, Decimal(1500000), Decimal(1250000), None,
    )  # fmt: skip
    assert (eco.name_en, eco.approved_eur) == ("Micro-business", Decimal("1905.61"))
    edu = _line(d.budget, "MLI", "EDU")
    assert (edu.cases, edu.budget, edu.approved, edu.approved_eur) == (
        1, Decimal(100000), Decimal(80000), Decimal("121.96"),
    )  # fmt: skip
    gin = _line(d.budget, "GIN", None)
    assert (gin.cases, gin.budget, gin.approved, gin.disbursed) == (
        2, Decimal(10000000), Decimal(8500000), Decimal(2400000),
    )  # fmt: skip
    assert (gin.rate, gin.budget_eur, gin.approved_eur, gin.disbursed_eur) == (None,) * 4

    # Weekly intake: eight Mondays up to this one; the spike at Gogui is flagged with its numbers.
    assert d.weeks[0] == dt.date(2025, 5, 12) and d.weeks[-1] == dt.date(2025, 6, 30)
    assert len(d.weeks) == 8
    posts = {(w.value, w.week): w.count for w in d.intake if w.dimension == "border_post"}
    assert posts[("Gogui", dt.date(2025, 6, 23))] == 12
    assert posts[("Kourémalé", dt.date(2025, 6, 9))] == 3
    assert posts[("Kourémalé", dt.date(2025, 6, 16))] == 2
    assert posts[("-", dt.date(2025, 6, 9))] == 1
    assert sum(posts.values()) == 18
    flagged = {(w.dimension, w.value, w.week) for w in d.flagged}
    assert flagged == {
        ("border_post", "Gogui", dt.date(2025, 6, 23)),
        ("nationality", "MLI", dt.date(2025, 6, 23)),
    }
    spike = next(w for w in d.flagged if w.dimension == "border_post")
    assert spike.count == 12 and spike.baseline == 0.0
    assert 3e-13 < spike.p_value < 3.5e-13  # P(X >= 12) for X ~ Poisson(0.5)


def test_an_empty_database_shows_zeros(db: Database) -> None:
    d = load_dashboard(db, TODAY)
    assert d is not None
    assert d.total == 0 and all(c.count == 0 for c in d.by_state)
    assert d.by_country == () and d.budget == () and d.flagged == ()
    assert d.cases_on_hold == d.open_duplicate_flags == 0


def test_cancelled_raises_cancelled(db: Database) -> None:
    build(db)
    job = RecordingJob()
    job.cancel()
    with pytest.raises(Cancelled):
        load_dashboard(db, TODAY, job)
    assert job.reports == [(1, 4)]
