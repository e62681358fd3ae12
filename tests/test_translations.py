"""Every message that models/, reports/ and desktop/ can show has a French translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from models.i18n import catalogue

ROOT = Path(__file__).resolve().parent.parent


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("models", "reports", "desktop"):
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None},
        ):
            if isinstance(message, str) and message.strip():
                found.setdefault(message, f"{folder}/{filename}")
    return found


def test_every_message_has_a_french_translation() -> None:
    french = catalogue("fr")
    missing = sorted(
        f"{where}: {msgid!r}" for msgid, where in _msgids().items() if msgid not in french
    )
    assert not missing, f"{len(missing)} messages without French:\n" + "\n".join(missing[:60])
