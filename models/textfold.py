"""Folding of typed text for comparisons: case, accents, punctuation and spacing ignored."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# Letters that NFKD does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Prénom(s)"`` -> ``"prenom s"``."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower().translate(_SPECIAL))
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub(" ", ascii_only).strip()


def compact(text: str) -> str:
    """``fold`` without any space: ``"Côte d'Ivoire"`` and ``"cote divoire"`` -> ``"cotedivoire"``."""
    return fold(text).replace(" ", "")


def clean_spaces(text: str) -> str:
    """Trim and collapse every kind of space (non-breaking, thin, tabs) into single spaces."""
    return " ".join(str(text).replace("\u200b", "").split())
