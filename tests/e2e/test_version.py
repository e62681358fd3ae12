"""``rgm --version``: the one version of the program (pyproject.toml reads the same line)."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from support.cli import ROOT, cli_env, run_rgm

from models.database import SCHEMA_HEAD
from models.version import __version__


def test_rgm_version_prints_the_version_and_the_schema(tmp_path: Path) -> None:
    out = run_rgm(cli_env(tmp_path, "x"), "--version", check=True)
    assert out.stdout.strip() == f"rgm {__version__} (database schema {SCHEMA_HEAD})"
    french = run_rgm({**cli_env(tmp_path, "x"), "RGM_LANG": "fr"}, "--version", check=True)
    assert "schéma" in french.stdout


def test_the_version_is_written_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert metadata.version("reintegration-grant-manager") == __version__
