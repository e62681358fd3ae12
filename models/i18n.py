"""Translation of the messages that models/ and reports/ produce (no Qt here).

Messages are written in English in the code, marked with ``_()`` (translate now) or ``N_()``
(mark only), and translated from the gettext catalogues in ``resources/i18n/<lang>/*.po``: one
file per area so that the catalogues stay small and separately owned. The widgets use Qt's own
translation system; this one serves the CLI, the reports and the messages of refused operations.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"

_state = threading.local()
_default = {"lang": DEFAULT_LANGUAGE}


def set_language(lang: str) -> None:
    """Choose the language for messages of this process (and its threads, unless overridden)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _default["lang"] = lang


def current_language() -> str:
    return getattr(_state, "lang", None) or _default["lang"]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every translated message of one language, read from its .po files."""
    messages: dict[str, str] = {}
    folder = _CATALOGUE_DIR / lang
    if not folder.is_dir():
        return messages
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    value = message.string if isinstance(message.string, str) else message.string[0]
                    messages[key] = value
    return messages


def translate(msgid: str, lang: str | None = None) -> str:
    lang = lang or current_language()
    if lang == "en":
        return msgid
    return catalogue(lang).get(msgid, msgid)


def _(msgid: str) -> str:
    """Translate ``msgid`` into the current language."""
    return translate(msgid)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for translation without translating it yet."""
    return msgid
