"""rgm run as a subprocess, the way a user or a script does."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from support.cli import cli_env, run_rgm


def rgm(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args, check=check)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path, "admin-secret-1")


def test_init_demo_export_and_the_file_holds_no_readable_name(
    env: dict[str, str], tmp_path: Path
) -> None:
    out = rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako", "--admin", "admin")
    assert "BKO" in out.stdout
    rgm(env, "--user", "admin", "demo", "--cases", "2000", "--seed", "5")
    rgm(env, "--user", "admin", "export", "cases", "--out", str(tmp_path / "cases.csv"))
    with (tmp_path / "cases.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2000
    names = {r["Family name"] for r in rows}
    assert len(names) > 20
    db_file = tmp_path / "data" / "rgm.db"
    # grep, as an outsider would, for any family name of the demo in the database file
    for name in sorted(n for n in names if len(n) >= 6)[:40]:
        found = subprocess.run(
            ["grep", "-c", "-a", "-i", name.lower(), str(db_file)], capture_output=True, text=True
        )
        assert found.stdout.strip() == "0", f"{name} readable in the database file"
    assert rgm(env, "--user", "admin", "audit", "verify").returncode == 0


def test_refusals_are_one_translated_line_with_the_right_status(env: dict[str, str]) -> None:
    rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako")
    again = rgm(env, "init", "--office", "BKO", "--name", "X", check=False)
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1
    wrong = rgm(
        {**env, "RGM_DB_PASSPHRASE": "not the key"},
        "--user",
        "admin",
        "audit",
        "verify",
        check=False,
    )
    assert wrong.returncode == 2
    assert wrong.stderr.strip().startswith(
        "rgm: cannot open the database: wrong key or not a database"
    )
    assert "Traceback" not in wrong.stderr
    fr = rgm(
        {**env, "RGM_PASSWORD": "bad"},
        "--lang",
        "fr",
        "--user",
        "admin",
        "audit",
        "verify",
        check=False,
    )
    assert fr.returncode == 1
    assert fr.stderr.strip() == "rgm: nom d'utilisateur ou mot de passe incorrect"
    missing = rgm(
        {**env, "RGM_DATA_DIR": env["RGM_DATA_DIR"] + "-none"},
        "--user",
        "admin",
        "audit",
        "verify",
        check=False,
    )
    assert missing.returncode == 2 and "rgm init" in missing.stderr


def test_user_add_roles_and_lockout(env: dict[str, str]) -> None:
    rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako")
    rgm(
        {**env, "RGM_NEW_PASSWORD": "awa-secret-1"},
        "--user",
        "admin",
        "user",
        "add",
        "awa",
        "--role",
        "registrar",
        "--role",
        "approver",
    )
    listed = rgm(env, "--user", "admin", "user", "list").stdout
    assert "awa\tapprover, registrar" in listed
    denied = rgm(
        {**env, "RGM_PASSWORD": "awa-secret-1", "RGM_NEW_PASSWORD": "x-secret-12"},
        "--user",
        "awa",
        "user",
        "add",
        "x",
        "--role",
        "admin",
        check=False,
    )
    assert denied.returncode == 1 and "administrator" in denied.stderr
    for _ in range(5):
        rgm({**env, "RGM_PASSWORD": "wrong"}, "--user", "awa", "user", "list", check=False)
    locked = rgm(
        {**env, "RGM_PASSWORD": "awa-secret-1"}, "--user", "awa", "user", "list", check=False
    )
    assert locked.returncode == 1 and "locked" in locked.stderr


@pytest.mark.postgres
def test_the_same_commands_on_a_postgresql_server(env: dict[str, str]) -> None:
    url = os.environ.get("RGM_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("RGM_REQUIRE_POSTGRES") == "1":
            pytest.fail("RGM_TEST_DATABASE_URL not set")
        pytest.skip("no PostgreSQL server")
    import uuid

    from sqlalchemy import create_engine, make_url, text

    name = f"rgm_cli_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        server = make_url(url).set(database=name).render_as_string(hide_password=False)
        e = {**env, "RGM_DATABASE_URL": server}
        rgm(e, "init", "--office", "BKO", "--name", "Bureau de Bamako")
        rgm(e, "--user", "admin", "demo", "--cases", "300")
        assert "events" in rgm(e, "--user", "admin", "audit", "verify").stdout
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_mistyped_option_is_one_line_naming_the_command_and_its_help(
    env: dict[str, str],
) -> None:
    """Not argparse's usage block: one line, in the user's language, exit status 2."""
    for lang, words in (("en", "is not a date"), ("fr", "n'est pas une date")):
        for args in (
            ("pay", "BKO-2026-00001", "--date", "2026-13-40"),
            ("visit", "BKO-2026-00001", "--date", "31/12/2026"),
            ("suspend", "--scope", "office", "--reason", "x", "--from", "hier"),
        ):
            bad = rgm(env, "--lang", lang, *args, check=False)
            lines = bad.stderr.strip().splitlines()
            assert bad.returncode == 2 and len(lines) == 1, bad.stderr
            assert words in lines[0] and "--help" in lines[0], lines[0]
    missing = rgm(env, "pay", check=False)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "rgm pay" in missing.stderr and "--amount" in missing.stderr


def test_deactivating_and_reactivating_a_user_says_so(env: dict[str, str]) -> None:
    rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako")
    rgm(
        {**env, "RGM_NEW_PASSWORD": "clerk-secret-1"},
        *("--user", "admin", "user", "add", "clerk", "--role", "registrar"),
    )
    off = rgm(env, "--user", "admin", "--lang", "fr", "user", "disable", "clerk")
    assert off.stdout.strip() == "clerk ne peut plus se connecter"
    on = rgm(env, "--user", "admin", "user", "enable", "clerk")
    assert on.stdout.strip() == "clerk can sign in again"
