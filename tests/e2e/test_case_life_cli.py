"""A case's whole life driven through rgm as a subprocess, as a script would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from support.cli import run_rgm


def rgm(env: dict[str, str], *args: str, user: str | None = None, code: int = 0) -> str:
    who = ["--user", user] if user else []
    run_env = dict(env)
    if user:
        run_env["RGM_PASSWORD"] = f"{user}-password-1"
    out = run_rgm(run_env, *who, *args)
    if out.returncode != code:
        raise AssertionError(
            f"rgm {' '.join(args)} -> {out.returncode}\n{out.stdout}\n{out.stderr}"
        )
    return out.stdout + out.stderr


def test_case_from_registration_to_completion(office_env: dict[str, str], tmp_path: Path) -> None:
    env = office_env  # rita, abdou and fanta
    out = rgm(
        env,
        "register",
        "--family-name",
        "KEITA",
        "--given-names",
        "Moussa",
        "--sex",
        "H",
        "--birth-date",
        "vers 1994",
        "--nationality",
        "Malienne",
        "--phone",
        "76 12 34 56",
        "--border-post",
        "Gogui",
        "--transit-centre",
        "Gao",
        "--source-ref",
        "KAY-001",
        user="rita",
    )
    case = out.split()[2]
    assert case.startswith("BKO-")
    answers = [
        "--answer", "nationality_verified=consular interview", "--answer", "voluntary_return=oui",
        "--answer", "not_assisted_before=yes", "--answer", "covered_country_in_period=yes",
        "--answer", "consent=yes",
    ]  # fmt: skip
    out = rgm(env, "case", "screen", case, "--decision", "eligible", *answers, user="abdou")
    assert "registered → eligible" in out
    rgm(env, "supplier", "add", "Quincaillerie Diarra", "--supplies", "tools", user="fanta")
    month = dt.date.today().strftime("%Y-%m")
    rgm(env, "rate", "set", month, "XOF", "655.957", user="admin")
    out = rgm(env, "grant", case, "--item", "ECO-IND:1500000:Quincaillerie Diarra", user="rita")
    assert "instalment 2: 600000 XOF, after a monitoring visit" in out
    rgm(env, "grant", "approve", case, user="abdou")
    # The next actions, as the lifecycle says them: what the user may do, and who may the rest.
    shown = rgm(env, "case", "show", case, user="rita")
    assert (
        "You may: correct the identity, plan the grant, issue the agreement, record a "
        "monitoring visit, close the case" in shown
    )
    assert "Others may: record a screening decision (approver); " in shown
    assert "; put the case on hold (approver or administrator)" in shown
    assert "record a payment" not in shown  # nobody may before the agreement is signed
    shown = rgm(env, "--lang", "fr", "case", "show", case, user="fanta")
    assert "Vous pouvez" not in shown and "D'autres peuvent : " in shown
    assert "émettre la convention (agent d'enregistrement, approbateur ou administrateur)" in shown
    actions = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))["actions"]
    pay = next(a for a in actions if a["action"] == "payment.record")
    assert not pay["allowed"] and "payments start once the agreement is signed" in pay["reason"]
    out = rgm(env, "agreement", case, "--out", str(tmp_path / "agreement.pdf"), user="rita")
    assert "verification code" in out
    rgm(env, "case", "sign", case, user="rita")
    out = rgm(
        env,
        "pay",
        case,
        "--instalment",
        "1",
        "--amount",
        "900000",
        "--method",
        "supplier_payment",
        "--ref",
        "RC-1",
        "--supplier",
        "Quincaillerie Diarra",
        user="fanta",
    )
    assert "1372.04 EUR" in out and "case in progress" in out
    err = rgm(
        env,
        "pay",
        case,
        "--instalment",
        "2",
        "--amount",
        "600000",
        "--method",
        "cash",
        "--ref",
        "RC-2",
        user="fanta",
        code=1,
    )
    assert "needs a monitoring visit" in err
    rgm(env, "visit", case, "--condition-met", "--business", "operating", user="abdou")
    rgm(
        env,
        "pay",
        case,
        "--instalment",
        "2",
        "--amount",
        "600000",
        "--method",
        "cash",
        "--ref",
        "RC-2",
        user="fanta",
    )
    out = rgm(env, "visit", case, "--condition-met", "--final", user="rita")
    assert "case completed" in out
    shown = json.loads(rgm(env, "case", "show", case, "--json", user="fanta"))
    assert shown["state"] == "completed"
    assert [p["receipt_ref"] for p in shown["payments"]] == ["RC-1", "RC-2"]
    assert shown["grants"][0]["instalments"][1]["paid"] == "600000"


def test_a_refusal_gets_the_command_lines_own_advice(office_env: dict[str, str]) -> None:
    env = office_env
    out = run_rgm(
        dict(env, RGM_PASSWORD="admin-password-1"),
        "--user", "admin", "suspend", "--scope", "registration_dates", "--reason", "x",
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert "needs a first or a last registration date; give --from and/or --to" in out.stderr
