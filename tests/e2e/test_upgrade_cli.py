"""A laptop's database of release 0.1.0 opened by this version of rgm (the batch command and
the window); one of a newer release refused in one line, the file untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3
from support.cli import cli_env, run_rgm

DATA = Path(__file__).resolve().parents[1] / "data"
PASSPHRASE = "rgm 0.1.0 fixture passphrase"  # tests/data/rgm-0.1.0.md


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**cli_env(tmp_path, "release-0.1.0-admin"), "RGM_DB_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    copy = tmp_path / "rgm.db"
    shutil.copyfile(DATA / "rgm-0.1.0.db", copy)
    return copy


def test_the_0_1_0_database_opens_and_its_audit_trail_is_intact(
    env: dict[str, str], old_file: Path
) -> None:
    out = run_rgm(env, "--db", str(old_file), "--user", "admin", "audit", "verify", check=True)
    # the 212 events made by 0.1.0, then the one that starts the keyed chain
    assert "Audit trail intact: 213 events" in out.stdout


def test_a_database_of_a_newer_release_is_refused_in_one_line(
    env: dict[str, str], old_file: Path
) -> None:
    conn = sqlcipher3.connect(str(old_file))
    conn.execute(f'PRAGMA key = "{PASSPHRASE}"')
    conn.execute("UPDATE alembic_version SET version_num = '0999_newer'")
    conn.commit()
    conn.close()
    before = old_file.read_bytes()
    for args in (("audit", "verify"), ("--exit-when-ready",)):
        out = run_rgm({**env, "QT_QPA_PLATFORM": "offscreen"}, "--db", str(old_file),
                      "--user", "admin", *args)  # fmt: skip
        assert out.returncode == 2, out.stderr
        (line,) = out.stderr.strip().splitlines()
        assert line.startswith("rgm: this database was made by a newer version of the program")
    assert old_file.read_bytes() == before
    assert sorted(
        p.name
        for p in old_file.parent.iterdir()
        if p.name.startswith("rgm.db") and p.name != "rgm.db.lock"
    ) == ["rgm.db"]
