"""Money through ``rgm`` as a subprocess: a re-plan after payments, numbers that are not amounts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.money_cli import eligible_case, refused, rgm


@pytest.fixture
def env(office_env: dict[str, str]) -> dict[str, str]:
    return office_env


def _pay(env: dict[str, str], case: str, n: int, amount: str, ref: str) -> list[str]:
    return ["pay", case, "--instalment", str(n), "--amount", amount, "--method", "cash",
            "--ref", ref]  # fmt: skip


def test_a_re_plan_after_payment_cannot_pay_more_than_approved(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Issue #11: EDU 250,000 paid on signature, 200,000 paid; a re-plan giving instalment 1
    50,000 and instalment 2 200,000 would have let 400,000 be paid."""
    case = eligible_case(env, "KAY-1")
    rgm(env, "grant", case, "--item", "EDU:250000", user="rita")
    rgm(env, "grant", "approve", case, user="abdou")
    rgm(env, "agreement", case, "--out", str(tmp_path / "a1.pdf"), user="rita")
    rgm(env, "case", "sign", case, user="rita")
    rgm(env, *_pay(env, case, 1, "200000", "R1"), user="fanta")
    line = refused(
        env, "grant", case, "--item", "EDU:250000", "--instalment", "50000:on_signature",
        "--instalment", "200000:after_monitoring_visit", user="rita",
    )  # fmt: skip
    assert "instalment 1" in line and "less than the 200000 XOF already paid" in line
    rgm(env, "visit", case, "--condition-met", user="abdou")
    assert "has no instalment 2" in refused(env, *_pay(env, case, 2, "200000", "R2"), user="fanta")
    shown = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))
    assert [g["version"] for g in shown["grants"]] == [1]
    assert sum(int(p["amount"]) for p in shown["payments"]) == 200000

    # A change that keeps what was paid: the case stays in progress, and says what it needs.
    rgm(
        env, "grant", case, "--item", "EDU:300000", "--instalment", "200000:on_signature",
        "--instalment", "100000:after_monitoring_visit", user="rita",
    )  # fmt: skip
    out = rgm(env, "case", "show", case, user="fanta")
    assert "State: in progress" in out and "grant version 2 waits for approval" in out
    assert "waits for approval" in refused(env, *_pay(env, case, 2, "100000", "R2"), user="fanta")
    rgm(env, "grant", "approve", case, user="abdou")
    shown = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))
    assert shown["state"] == "in_progress"
    assert shown["next_step"]["action"] == "agreement.issue"
    line = refused(env, *_pay(env, case, 2, "100000", "R2"), user="fanta")
    assert "the agreement of grant version 2 is not signed" in line
    out = rgm(env, "agreement", case, "--out", str(tmp_path / "a2.pdf"), user="rita")
    assert f"{case}-A2" in out
    assert "record the returnee's signature" in rgm(env, "case", "show", case, user="fanta")
    rgm(env, "case", "sign", case, user="rita")
    out = rgm(env, *_pay(env, case, 2, "100000", "R2"), user="fanta")
    assert "case in progress" in out
    shown = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))
    assert shown["next_step"] is None
    assert sum(int(p["amount"]) for p in shown["payments"]) == 300000
    assert [(i["amount"], i["paid"]) for i in shown["grants"][-1]["instalments"]] == [
        ("200000", "200000"),
        ("100000", "100000"),
    ]


# Each was an unexpected error or a wrong amount before (models/test_amounts.py has the rest).
NOT_AMOUNTS = ["1e5", "inf", "NaN", "1" + "0" * 30, "١٢٣"]


def test_numbers_that_are_not_amounts_are_refused_in_one_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    case = eligible_case(env, "KAY-2")
    for text in NOT_AMOUNTS[:2]:
        line = refused(env, "grant", case, "--item", f"EDU:{text}", user="rita")
        assert "is not an amount" in line and text in line, line
    rgm(env, "grant", case, "--item", "EDU:250000", user="rita")
    rgm(env, "grant", "approve", case, user="abdou")
    rgm(env, "agreement", case, "--out", str(tmp_path / "a.pdf"), user="rita")
    rgm(env, "case", "sign", case, user="rita")
    rgm(env, *_pay(env, case, 1, "1000", "R1"), user="fanta")
    for text in NOT_AMOUNTS:
        line = refused(env, *_pay(env, case, 1, text, "R2"), user="fanta")
        assert "is not an amount" in line and text in line, line
    for text in NOT_AMOUNTS[:2]:
        line = refused(env, "adjust", "R1", "--amount", text, "--new-ref", "A1", "--reason",
                       "typo", user="fanta")  # fmt: skip
        assert "is not an amount" in line, line
        line = refused(env, "rate", "set", "2026-10", "XOF", text, user="admin")
        assert "is not a rate" in line, line
        line = refused(env, "catalogue", "set", "MLI", "EDU", "--ceiling", text, user="admin")
        assert "is not an amount" in line, line
    # French, as the office works.
    line = refused(env, "--lang", "fr", *_pay(env, case, 1, "1e5", "R2"), user="fanta")
    assert line == "rgm: '1e5' n'est pas un montant", line
