"""Folding of typed text for comparisons: case, accents, punctuation and spacing ignored."""

from __future__ import annotations

import re
from functools import lru_cache

from models.text import fold_letters

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Prénom(s)"`` -> ``"prenom s"``
    (``models.text.fold_letters``, then every other character a separator)."""
    return _NOT_ALNUM.sub(" ", fold_letters(str(text))).strip()


def compact(text: str) -> str:
    """``fold`` without any space: ``"Côte d'Ivoire"`` and ``"cote divoire"`` -> ``"cotedivoire"``."""
    return fold(text).replace(" ", "")
