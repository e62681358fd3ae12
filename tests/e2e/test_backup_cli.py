"""rgm backup and rgm restore run as subprocesses, the way an administrator or a script does."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import pytest
from support.cli import run_rgm
from support.offices import Office, Offices

from models.database import SCHEMA_HEAD


def rgm(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_rgm(env, *args, check=check)


@pytest.fixture
def env(offices: Offices, tmp_path: Path) -> dict[str, str]:
    return offices.copy(Office(admin_password="admin-secret-1", users=(), demo=(300, 2)), tmp_path)


def _users(env: dict[str, str]) -> set[str]:
    listed = rgm(env, "--user", "admin", "user", "list").stdout
    return {line.split("\t")[0] for line in listed.splitlines()}


def test_backup_then_restore_brings_the_database_back(env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = rgm(env, "--user", "admin", "backup")
    files = list((data / "backups").glob("rgm-BKO-*.db"))
    assert len(files) == 1 and str(files[0]) in made.stdout and "MB" in made.stdout
    saved = files[0]
    rgm(env, "--user", "admin", "export", "cases", "--out", str(tmp_path / "c.csv"))
    with (tmp_path / "c.csv").open(encoding="utf-8-sig") as fh:
        family = {r["Family name"].lower() for r in csv.DictReader(fh)}
    assert len(family) > 20
    raw = saved.read_bytes().lower()
    assert not [n for n in family if len(n) >= 6 and n.encode() in raw], "names readable"
    assert saved.name in rgm(env, "backup", "list").stdout

    rgm({**env, "RGM_NEW_PASSWORD": "new-secret-1"}, "--user", "admin", "user", "add", "newcomer",
        "--role", "registrar")  # fmt: skip
    assert "newcomer" in _users(env)

    refused = rgm(env, "--user", "admin", "restore", str(saved), check=False)  # no terminal
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert "newcomer" in _users(env)

    done = rgm(env, "--user", "admin", "restore", str(saved), "--yes")
    assert f"{SCHEMA_HEAD} → {SCHEMA_HEAD}" in done.stdout
    aside = list(data.glob("rgm.db.before-restore-*"))
    assert len(aside) == 1 and str(aside[0]) in done.stdout
    assert "newcomer" not in _users(env)
    assert rgm(env, "--user", "admin", "audit", "verify").returncode == 0
    # the file kept aside is the database as it was, with newcomer
    kept = rgm(env, "--db", str(aside[0]), "--user", "admin", "user", "list").stdout
    assert "newcomer\t" in kept


def test_refusals_one_line_each(env: dict[str, str], tmp_path: Path) -> None:
    rgm({**env, "RGM_NEW_PASSWORD": "vic-secret-1"}, "--user", "admin", "user", "add", "victor",
        "--role", "viewer")  # fmt: skip
    denied = rgm({**env, "RGM_PASSWORD": "vic-secret-1"}, "--user", "victor", "backup", check=False)
    assert denied.returncode == 1 and len(denied.stderr.strip().splitlines()) == 1
    assert "administrator" in denied.stderr
    rgm(env, "--user", "admin", "backup", "--out", str(tmp_path))  # a folder: default name
    (out,) = tmp_path.glob("rgm-BKO-*.db")
    before = (tmp_path / "data" / "rgm.db").read_bytes()
    wrong = rgm({**env, "RGM_DB_PASSPHRASE": "another passphrase"}, "--user", "admin", "restore",
                str(out), "--yes", check=False)  # fmt: skip
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [
        f"rgm: cannot open the database: wrong key or not a database ({tmp_path / 'data' / 'rgm.db'})"
    ]
    fr = rgm(env, "--lang", "fr", "restore", str(tmp_path / "none.db"), "--yes", check=False)
    assert fr.returncode == 2
    assert fr.stderr.strip() == f"rgm: aucune sauvegarde à l'emplacement {tmp_path / 'none.db'}"
    assert (tmp_path / "data" / "rgm.db").read_bytes() == before
    assert not list((tmp_path / "data").glob("*before-restore*"))


@pytest.mark.postgres
def test_on_a_postgresql_server_backups_are_the_servers_job(tmp_path: Path) -> None:
    url = os.environ.get("RGM_TEST_DATABASE_URL")
    if not url:
        if os.environ.get("RGM_REQUIRE_POSTGRES") == "1":
            pytest.fail("RGM_TEST_DATABASE_URL not set")
        pytest.skip("no PostgreSQL server")
    import uuid

    from sqlalchemy import create_engine, make_url, text

    name = f"rgm_bk_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        server = make_url(url).set(database=name).render_as_string(hide_password=False)
        e = {k: v for k, v in os.environ.items() if not k.startswith("RGM_")}
        e.update(
            RGM_DATA_DIR=str(tmp_path / "data"),
            RGM_PASSWORD="admin-secret-1",
            RGM_LANG="en",
            RGM_DATABASE_URL=server,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        )
        rgm(e, "init", "--office", "BKO", "--name", "Bureau de Bamako")
        for args in (("--user", "admin", "backup"), ("restore", str(tmp_path), "--yes")):
            out = rgm(e, *args, check=False)
            assert out.returncode == 1, out.stderr
            assert len(out.stderr.strip().splitlines()) == 1 and "pg_dump" in out.stderr
        assert not (tmp_path / "data" / "backups").exists() or not any(
            (tmp_path / "data" / "backups").iterdir()
        )
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
