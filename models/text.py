"""Folding text for accent- and case-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DROP = str.maketrans({"'": "", "’": "", "`": "", "-": " ", ".": " ", ",": " "})


def fold(text: str | None) -> str:
    """Lower-case, accents removed, apostrophes dropped, spaces collapsed: ``N’Diaye`` → ``ndiaye``."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.lower().translate(_DROP)).strip()


def search_key(
    family_name: str, given_names: str, phone: str | None, document_number: str | None
) -> str:
    """What the case search matches a typed fragment against."""
    names = " ".join(p for p in (fold(family_name), fold(given_names)) if p)
    return search_key_more(names, phone, document_number)


def search_key_more(names: str, phone: str | None, document_number: str | None) -> str:
    """``search_key`` from its (folded) names part: imports fold each distinct name once."""
    parts = [names]
    if phone:
        parts.append(phone.lstrip("+"))
    if document_number:
        if document_number.isascii() and document_number.isalnum():
            parts.append(document_number.lower())  # what fold() gives, much faster
        else:
            parts.append(fold(document_number).replace(" ", ""))
    return " ".join(p for p in parts if p)
