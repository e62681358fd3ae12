"""rgm register checks one registration for duplicates like an import; the case waits for the
pair, which nobody who registered either case may decide (issue #11)."""

from __future__ import annotations

import re
from pathlib import Path

from support.cli import run_rgm
from support.offices import Office, Offices

PERSON = ("--family-name", "KEITA", "--given-names", "Moussa", "--sex", "H", "--birth-date",
          "12/03/1994", "--nationality", "Malienne", "--phone", "76 12 34 56")  # fmt: skip
ANSWERS = ("--answer", "nationality_verified=document", "--answer", "voluntary_return=yes",
           "--answer", "not_assisted_before=yes", "--answer", "covered_country_in_period=yes",
           "--answer", "consent=yes")  # fmt: skip


def rgm(env: dict[str, str], *args: str, user: str, code: int = 0) -> tuple[str, str]:
    out = run_rgm(dict(env, RGM_PASSWORD=f"{user}-password-1"), "--user", user, *args)
    assert out.returncode == code, (
        f"rgm {' '.join(args)} -> {out.returncode}\n{out.stdout}\n{out.stderr}"
    )
    return out.stdout, out.stderr


def test_a_copy_registered_by_hand_is_flagged_and_waits_for_another_approver(
    offices: Offices, tmp_path: Path
) -> None:
    users = (
        ("rita", ("registrar",)),
        ("abdou", ("approver",)),
        ("oumar", ("registrar", "approver")),
    )
    env = offices.copy(Office(users=users), tmp_path)
    first, _ = rgm(env, "register", *PERSON, "--source-ref", "KAY-001", user="rita")
    assert "Possible duplicate" not in first
    out, _ = rgm(env, "register", *PERSON, "--source-ref", "KAY-002", user="oumar")
    kept, new = first.split()[2], out.split()[2]
    found = re.search(
        rf"Possible duplicate of case {kept} \(flag (\d+), score ([\d.]+)\): (.*)", out
    )
    assert found, out
    flag = found.group(1)
    assert float(found.group(2)) > 0.9 and "same name" in found.group(3)
    assert "rgm duplicate decide FLAG" in out
    # The new case waits: no screening while the pair is open.
    _, err = rgm(env, "case", "screen", new, "--decision", "eligible", *ANSWERS, user="abdou",
                 code=1)  # fmt: skip
    assert f"open flag {flag}" in err and f"rgm duplicate decide {flag} same|different" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    # Four eyes: the registrar of the copy, approver too, may not clear it.
    _, err = rgm(env, "duplicate", "decide", flag, "different", user="oumar", code=1)
    assert f"four eyes: oumar registered or planned case {new}" in err
    rgm(env, "duplicate", "decide", flag, "different", user="abdou")
    out, _ = rgm(env, "case", "screen", new, "--decision", "eligible", *ANSWERS, user="abdou")
    assert "registered → eligible" in out
