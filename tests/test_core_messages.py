"""Core messages name no command-line command or flag: the window shows them too, and each
front end adds its own advice (``models.errors.Advice``; ``desktop/advice.py`` for ``rgm``,
``ui/failures.py`` for the window)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# "rgm" followed by one of its commands, or an option such as --skip-invalid.
COMMAND = re.compile(r"\brgm (?!database\b|first\b)[a-z]|(^|[\s(\"'])--[a-z]")


def _messages(folder: str) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("N_", "_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return found


def test_the_scan_sees_the_core_messages() -> None:
    messages = _messages("models") + _messages("reports")
    assert len(messages) > 300
    assert any("may be a duplicate" in text for _, _, text in messages)


def test_no_core_message_names_a_command_or_an_option() -> None:
    offending = [
        f"{path}:{line}: {text}"
        for folder in ("models", "reports")
        for path, line, text in _messages(folder)
        if COMMAND.search(text)
    ]
    assert not offending, "\n".join(offending)
