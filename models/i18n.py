"""Translation of the messages that models/ and reports/ produce (no Qt here).

Messages are written in English in the code, marked with ``_()`` (translate now) or ``N_()``
(mark only), and translated from the gettext catalogues in ``resources/i18n/<lang>/*.po``: one
file per area so that the catalogues stay small and separately owned. The widgets use Qt's own
translation system; this one serves the CLI, the reports and the messages of refused operations.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import cache
from pathlib import Path

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"

_state = threading.local()
_default = {"lang": DEFAULT_LANGUAGE}
_cache: dict[str, Path | None] = {"folder": None}


def set_language(lang: str) -> None:
    """Choose the language for messages of this process (and its threads, unless overridden)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _default["lang"] = lang


def current_language() -> str:
    return getattr(_state, "lang", None) or _default["lang"]


def keep_catalogues_in(folder: Path | None) -> None:
    """Where merged catalogues are kept between runs: the user's cache folder (``desktop/``
    says which, at start-up). ``None``: nowhere, the .po files are parsed by each process."""
    _cache["folder"] = folder
    catalogue.cache_clear()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every translated message of one language, read from its .po files.

    Parsing the .po files costs ~35 ms, paid by every start of ``rgm``: the merged result is
    kept in the cache folder (``keep_catalogues_in``), never beside the .po files (the program's
    folder may be read-only), named by a digest of the .po files' folder, names, sizes and times,
    so any change to them is read again.
    """
    folder = _CATALOGUE_DIR / lang
    if not folder.is_dir():
        return {}
    files = sorted(folder.glob("*.po"))
    kept = _cache["folder"]
    if kept is None:
        return _read_po_files(files, lang)
    # One program folder (a clone, an installed copy) keeps one catalogue per language.
    owner = hashlib.sha256(str(folder).encode()).hexdigest()[:8]
    stamp = hashlib.sha256()
    for po in files:
        info = po.stat()
        stamp.update(f"{po.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    cached = kept / f"catalogue-{lang}-{owner}-{stamp.hexdigest()[:16]}.json"
    try:
        return dict(json.loads(cached.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    messages = _read_po_files(files, lang)
    _keep(cached, messages, f"catalogue-{lang}-{owner}-*.json")
    return messages


def _read_po_files(files: list[Path], lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for po in files:
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    value = message.string if isinstance(message.string, str) else message.string[0]
                    messages[key] = value
    return messages


def _keep(path: Path, messages: dict[str, str], older: str) -> None:
    """Write the merged catalogue (atomically), removing the ``older`` ones it replaces;
    silently skipped when the folder cannot be written."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(messages, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
        for old in path.parent.glob(older):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        temporary.unlink(missing_ok=True)


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
