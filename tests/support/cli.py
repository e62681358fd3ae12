"""Running ``rgm`` as a subprocess, the way a user or a script does (end-to-end tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cli_env(tmp_path: Path, password: str) -> dict[str, str]:
    """A clean environment: its own data folder, no keyring service (so the database is
    encrypted with a passphrase), messages in English, ``password`` for the signed-in user."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RGM_")}
    env.update(
        RGM_DATA_DIR=str(tmp_path / "data"),
        RGM_PASSWORD=password,
        RGM_DB_PASSPHRASE="a long passphrase",
        RGM_LANG="en",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return env


def run_rgm(
    env: dict[str, str], *args: str, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python main.py ARGS``; with ``check``, a non-zero exit fails with its output."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if check and out.returncode != 0:
        raise AssertionError(
            f"rgm {' '.join(args)} -> {out.returncode}\n{out.stdout}\n{out.stderr}"
        )
    return out
