"""Fuzzing ``rgm`` in the process: free text in the commands that take it (register, hold,
supplier, verify) ends in a result or a one-line refusal with exit status 0, 1 or 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.app_context import AppContext
from desktop.cli import main
from models.office_setup import initialise
from models.users import create_user

# Any character, lone surrogates included (what Python makes of undecodable argument bytes).
typed = st.text(st.characters(blacklist_characters="\x00"), max_size=80) | st.sampled_from(
    ["", " ", "\u200b", "=1+1", "x" * 500, "-", "--", "--help", "\udcff", "\u202e", "0000"]
)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "rgm.db"
    db = AppContext(db_path=str(path)).create_database()
    _office, admin = initialise(db, code="BKO", name="Bamako", country="MLI", admin="admin",
                                password="admin-pw-1")  # fmt: skip
    create_user(db, admin, "rita", "admin-pw-1", ["registrar", "approver", "finance"])
    db.close()
    return path


@given(
    command=st.sampled_from(["register", "hold", "supplier", "verify", "case"]),
    a=typed,
    b=typed,
)
def test_free_text_arguments(db_path: Path, command: str, a: str, b: str, monkeypatch_env) -> None:
    argv = {
        "register": ["register", "--family-name", a, "--given-names", b, "--sex", "F",
                     "--birth-date", b or "1990", "--nationality", "MLI", "--notes", a],
        "hold": ["case", "hold", a or "X", "--reason", b],
        "supplier": ["supplier", "add", a, "--supplies", b],
        "verify": ["verify", a],
        "case": ["case", "close", a or "X", "--reason", "opted_out", "--note", b],
    }[command]  # fmt: skip
    try:
        status = main(["--db", str(db_path), "--user", "rita", *argv])
    except SystemExit as exc:  # argparse: a usage error, exit 2
        status = exc.code
    assert status in (0, 1, 2)


@pytest.fixture
def monkeypatch_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RGM_PASSWORD", "admin-pw-1")
