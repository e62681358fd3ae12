"""Folding of names, phones, document numbers and places before they are compared.

Names are folded to lower-case ASCII letters, split into tokens, with apostrophes and detached
prenasal prefixes joined (``N'Diaye``, ``N Diaye`` -> ``ndiaye``), and titles and particles
(``El Hadji``, ``Alhaji``, ``Mme``, ``de``, ``ould``...) left out of the comparison.
"""

from __future__ import annotations

import re
from functools import lru_cache

from models.text import fold_letters

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u0060\u00b4]")
_NOT_LETTER = re.compile(r"[^a-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Honorifics and titles: never part of who someone is.
TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mme", "mlle", "m", "dr", "pr", "sr", "jr",
        "hadj", "hadji", "hadja", "haja", "hajia", "hajj", "haji", "alhadji", "alhaji", "alhadj",
        "elhadj", "elhadji", "elhaji", "alhajie", "el-hadj",
    }
)  # fmt: skip
# Particles: kept for display, ignored when comparing if other tokens remain.
PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "da", "dos", "di", "el", "al", "ould", "ben", "bin", "ibn", "van", "von"}
)  # fmt: skip
# "El Hadji" and "Al Hadji" are written as two tokens.
_TWO_WORD_TITLES = {
    ("el", "hadj"),
    ("el", "hadji"),
    ("al", "hadji"),
    ("al", "haji"),
    ("el", "haji"),
}


@lru_cache(maxsize=100_000)
def name_words(text: str | None) -> tuple[tuple[str, str], ...]:
    """(as written, folded) words of one name field, apostrophes and ``N Diaye`` joined."""
    if not text:
        return ()
    raw = _APOSTROPHES.sub("", text)
    words: list[tuple[str, str]] = []
    for piece in re.split(r"[\s\-_.,;/()]+", raw):
        folded = _NOT_LETTER.sub("", fold_letters(piece))
        if not folded:
            continue
        words.append((piece, folded))
    # "N Diaye", "M Baye": a detached prenasal consonant belongs to the next word.
    joined: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        shown, folded = words[i]
        if folded in ("n", "m") and i + 1 < len(words) and words[i + 1][1][0] not in "aeiou":
            nxt_shown, nxt = words[i + 1]
            joined.append((shown + nxt_shown, folded + nxt))
            i += 2
            continue
        joined.append((shown, folded))
        i += 1
    return tuple(joined)


def significant(words: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The words that identify a person: titles dropped, particles dropped if others remain."""
    kept: list[tuple[str, str]] = []
    skip = False
    for i, (shown, folded) in enumerate(words):
        if skip:
            skip = False
            continue
        if i + 1 < len(words) and (folded, words[i + 1][1]) in _TWO_WORD_TITLES:
            skip = True
            continue
        if folded in TITLES:
            continue
        kept.append((shown, folded))
    without_particles = [w for w in kept if w[1] not in PARTICLES]
    return without_particles or kept


def phone_digits(phone: str | None) -> str | None:
    """The national digits of a phone number: ``+223 76 12 34 56``, ``0022376123456`` and
    ``76123456`` give ``76123456`` (African and common European calling codes dropped)."""
    if not phone:
        return None
    digits = "".join(c for c in phone if c.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if len(digits) >= 10:
        if digits[0] == "2":
            digits = digits[3:]
        elif digits[:2] in _EUROPE:
            digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) < 6:
        return None
    return digits[-9:]


_EUROPE = frozenset({"30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
                     "47", "48", "49"})  # fmt: skip


def document_key(number: str | None) -> str | None:
    """A document number folded to letters and digits; placeholders give ``None``."""
    if not number:
        return None
    key = _NOT_ALNUM.sub("", fold_letters(number))
    if len(key) < 4 or len(set(key)) < 3 or key in _PLACEHOLDERS:
        return None
    return key


_PLACEHOLDERS = frozenset({"none", "nant", "neant", "nil", "null", "unknown", "inconnu", "aucun"})


@lru_cache(maxsize=50_000)
def place_key(place: str | None) -> str | None:
    """A place of origin folded to letters, words in order (``Kayes`` = ``KAYES``)."""
    if not place:
        return None
    key = " ".join(w for w in _NOT_LETTER.split(fold_letters(place)) if w)
    return key or None
