"""The months before a return, gathered from the database for its report sheet."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from sqlalchemy import select

from models import money
from models.database import Database
from models.demo import load_demo
from models.entities import Disbursement, ExchangeRate
from models.months import month_before, month_of
from models.users import Actor
from reports.agreements import demo_issuer
from reports.return_build import gather, make_return
from reports.return_history import month_history

TODAY = dt.date(2026, 6, 15)


def test_month_before() -> None:
    assert month_before("2026-03") == "2026-02"
    assert month_before("2026-01") == "2025-12"
    assert month_before("2026-01", 13) == "2024-12"
    assert month_before("2025-12", -1) == "2026-01"


def test_history_agrees_with_each_month_s_own_return(db: Database, admin: Actor) -> None:
    load_demo(
        db,
        admin,
        cases=300,
        seed=4,
        today=TODAY,
        user_password="demo-password",
        issue_agreement=demo_issuer(b"k" * 32),
    )
    data = gather(db, admin, "2026-05")
    history = data.history
    assert data.language == "fr"
    assert history and len(history) <= 12 and history[-1].month == "2026-05"
    assert [h.month for h in history] == sorted(h.month for h in history)
    # registrations as each month's own return counts them
    # and payments as each month's own return lists them, converted and rounded one by one
    for figures in history[-4:]:
        month = gather(db, admin, figures.month)
        assert figures.registered == sum(c.registered for c in month.cases), figures.month
        listed = sum((d.amount_local for d in month.disbursements), Decimal(0))
        assert figures.disbursed_local == listed, figures.month
    # every payment of the month, other currencies through that month's rates
    with db.reading() as s:
        rates = {(r.month, r.currency): r.per_eur for r in s.scalars(select(ExchangeRate))}
        payments = s.execute(
            select(Disbursement.paid_on, Disbursement.amount, Disbursement.currency)
        )
        expected: dict[str, Decimal] = {}
        for paid_on, amount, currency in payments:
            key = month_of(paid_on)
            if key > "2026-05":
                continue
            if currency != "XOF":
                amount = money.convert(amount, rates[(key, currency)], rates[(key, "XOF")], "XOF")
            expected[key] = expected.get(key, Decimal(0)) + amount
    for figures in history:
        paid = expected.get(figures.month, Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP)
        assert figures.disbursed_local == paid, figures.month
        eur = (paid / rates[(figures.month, "XOF")]).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert figures.disbursed_eur == eur, figures.month
    assert any(h.disbursed_local for h in history)
    # June has a payment in GNF and no GNF rate yet: no figure rather than a wrong one
    with db.reading() as s:
        assert ("2026-06", "GNF") not in rates
        june = month_history(s, "2026-06", "XOF")[-1]
    assert june.month == "2026-06" and june.disbursed_local is None and june.disbursed_eur is None
    assert sum(h.registered for h in history) > 0


def test_no_month_before_the_first_registration(db: Database, admin: Actor) -> None:
    with db.reading() as s:
        assert month_history(s, "2026-05", "XOF") == ()  # an empty database has no history
    load_demo(db, admin, cases=40, seed=2, today=TODAY)
    with db.reading() as s:
        first = min(h.month for h in month_history(s, "2026-06", "XOF", months=600))
        assert month_history(s, month_before(first), "XOF") == ()
        assert [h.month for h in month_history(s, first, "XOF")] == [first]


def test_the_window_s_and_the_command_s_return_says_who_submitted_it(
    db: Database, admin: Actor, tmp_path
) -> None:
    load_demo(
        db,
        admin,
        cases=120,
        seed=5,
        today=TODAY,
        user_password="demo-password",
        issue_agreement=demo_issuer(b"k" * 32),
    )
    draft = make_return(db, admin, "2026-05", tmp_path / "draft.xlsx")
    sent = make_return(db, admin, "2026-05", tmp_path / "sent.xlsx", submit=True)
    assert draft.written.data_sha256 == sent.written.data_sha256  # the report is not hashed
    draft_text = _report_text(tmp_path / "draft.xlsx")
    sent_text = _report_text(tmp_path / "sent.xlsx")
    assert "Brouillon : non soumis au siège" in draft_text
    assert "Soumis au siège par admin le " in sent_text and "Brouillon" not in sent_text
    assert sent_text.startswith("Rapport mensuel au siège — mai 2026\n")
    assert "Les douze derniers mois" in sent_text


def _report_text(path) -> str:  # type: ignore[no-untyped-def]
    ws = openpyxl.load_workbook(path)["Rapport"]
    return "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
