"""Core messages name no command-line flag: a refusal carries an advice key that the command
line words with its flags and the window with its own words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from PySide6.QtWidgets import QLabel

from desktop.advice import CLI_ADVICE, cli_text
from models.errors import Advice, Refused
from ui.failures import advice_text, show_failure

ROOT = Path(__file__).resolve().parents[2]
FLAG = re.compile(r"(^|[\s(])--[a-z]")
# The importers' messages are the imports part's (issue #12), reworded there.
SKIP = ("reports/imports", "registration_", "disbursement_import", "models/registrations.py")


def _messages(folder: str) -> list[tuple[str, str]]:
    found = []
    for path in (ROOT / folder).rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if any(s in rel for s in SKIP):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "N_" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((rel, arg.value))
    return found


def test_core_messages_name_no_command_line_flag() -> None:
    flagged = [(f, m) for f in ("models", "reports") for f, m in _messages(f) if FLAG.search(m)]
    assert flagged == []


def test_every_advice_has_words_for_both_front_ends(qtbot) -> None:  # type: ignore[no-untyped-def]
    keys = {v for k, v in vars(Advice).items() if not k.startswith("_")}
    assert keys == set(CLI_ADVICE)
    assert all(advice_text(k) for k in keys)


def test_the_cli_and_the_window_word_the_advice_their_own_way(qtbot) -> None:  # type: ignore[no-untyped-def]
    error = Refused(N_MSG, advice=Advice.SUSPENSION_DATES)
    assert str(error) == N_MSG
    assert cli_text(error).endswith("give --from and/or --to")
    line = QLabel()
    qtbot.addWidget(line)
    show_failure(None, error, line=line)
    assert "--" not in line.text() and "registration date" in line.text()


N_MSG = "a suspension over registration dates needs a first or a last registration date"
