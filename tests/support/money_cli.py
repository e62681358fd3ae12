"""An office with one user per role and eligible cases, set up through ``rgm`` (end to end)."""

from __future__ import annotations

import zlib

from support.cli import run_rgm

USERS = (("rita", "registrar"), ("abdou", "approver"), ("fanta", "finance"))
ANSWERS = (
    "--answer", "nationality_verified=document", "--answer", "voluntary_return=yes",
    "--answer", "not_assisted_before=yes", "--answer", "covered_country_in_period=yes",
    "--answer", "consent=yes",
)  # fmt: skip


def rgm(env: dict[str, str], *args: str, user: str | None = None, code: int = 0) -> str:
    """``rgm [--user USER] ARGS`` (USER's password is ``USER-password-1``); its stdout and
    stderr; fails unless it exits with ``code``."""
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


def refused(env: dict[str, str], *args: str, user: str) -> str:
    """Run a command that must be refused: exit 1, one line on stderr, no traceback."""
    who = ["--user", user]
    out = run_rgm(dict(env, RGM_PASSWORD=f"{user}-password-1"), *who, *args)
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def office(env: dict[str, str]) -> None:
    """The BKO office, its admin (``admin-password-1``) and rita, abdou and fanta."""
    rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako", "--admin", "admin")
    for name, role in USERS:
        rgm(
            dict(env, RGM_NEW_PASSWORD=f"{name}-password-1"),
            "--user", "admin", "user", "add", name, "--role", role,
        )  # fmt: skip


_GIVEN = ("Moussa", "Aminata", "Seydou", "Kadiatou", "Bakary", "Fatoumata", "Oumar", "Mariam",
          "Souleymane", "Hawa", "Ibrahima", "Rokia", "Modibo", "Assitan", "Cheick", "Djeneba")  # fmt: skip


def eligible_case(env: dict[str, str], ref: str, family_name: str = "KEITA") -> str:
    """Register a Malian returnee (source reference ``ref``; another person for each reference,
    or the duplicate check would hold the case) and screen them eligible."""
    n = zlib.crc32(ref.encode())
    out = rgm(
        env, "register", "--family-name", family_name, "--given-names", _GIVEN[n % len(_GIVEN)],
        "--sex", "H", "--birth-date", f"{1960 + n // len(_GIVEN) % 45}", "--nationality",
        "Malienne", "--source-ref", ref, user="rita",
    )  # fmt: skip
    case = out.split()[2]
    assert case.startswith("BKO-"), out
    rgm(env, "case", "screen", case, "--decision", "eligible", *ANSWERS, user="abdou")
    return case
