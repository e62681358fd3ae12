"""Text that comes in, and folding it for search.

``normalise`` is the one door of every typed or imported text (imports, ``rgm`` options, the
window's forms, through ``models.text_rules`` at the operation layer): Unicode NFC; every kind of
space (non-breaking, thin, ideographic, zero-width, byte order mark) trimmed at both ends and
collapsed inside; control characters, bidirectional overrides, lone surrogates and
non-characters removed, so that what is stored is always something XML 1.0 (a workbook) can
hold.

Text folding lives here, once, for every comparison that ignores case and accents:
``fold_letters`` (letters only: lower case, accents dropped, special letters spelled out) is
the base of the two foldings, which differ on purpose: ``fold`` for the case search (its keys are
stored: ``search_key``), ``fold_words`` (and ``fold_compact``) for labels read from files and
forms: headers, choices, country names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Spaces a person cannot see: Unicode White_Space plus the zero-width ones Python's
# str.isspace() does not know (zero-width space, word joiner, BOM, Mongolian vowel separator).
_INVISIBLE = "\u200b\u2060\ufeff\u180e"
# Removed wherever they are: C0/C1 controls (those Python counts as spaces become spaces),
# bidirectional embeddings, overrides and isolates (they can disguise text), lone surrogates
# (undecodable bytes of a command line), and the 66 Unicode non-characters.
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    "\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(p) + chr(p + 1) for p in range(0x1FFFE, 0x110000, 0x10000))
    + "]"
)
_INVISIBLE_RUN = re.compile("[" + _INVISIBLE + "]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029\x0b\x0c]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str, multiline: bool = False) -> str:
    """``text`` as it is stored: NFC, no control or invisible character, spaces trimmed and
    collapsed; ``multiline`` keeps line breaks (notes, reasons), at most one blank line."""
    if (
        text.isascii()
        and text.isprintable()
        and text[:1] != " "
        and text[-1:] != " "
        and "  " not in text
    ):
        return text  # the usual case, 20x faster
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    else:
        text = text.replace("\r\n", " ")
    text = _INVISIBLE_RUN.sub("", _REMOVED.sub("", text))
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if multiline:
        lines = (" ".join(line.split()) for line in text.split("\n"))
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
    return " ".join(text.split())


_SPACES = re.compile(r"\s+")
_DROP = str.maketrans({"'": "", "’": "", "`": "", "-": " ", ".": " ", ",": " "})


# Letters that NFKD does not decompose into a base letter and a mark.
_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i"}
)


@lru_cache(maxsize=100_000)
def fold_letters(text: str | None) -> str:
    """The one folding of letters: lower case, accents dropped, special letters spelled out
    (``Søren Ødegård`` -> ``soren odegard``); everything else as it is. Search keys, header
    matching and duplicate detection all start from it."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).lower().translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str | None) -> str:
    """Search folding: ``fold_letters``, apostrophes dropped, hyphens, dots and commas made
    spaces, spaces collapsed: ``N’Diaye-Koné`` → ``ndiaye kone``. The search keys stored in the
    database are made of it (changing it needs a migration, as 0004_search_fold)."""
    if not text:
        return ""
    return _SPACES.sub(" ", fold_letters(text).translate(_DROP)).strip()


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold_words(text: str) -> str:
    """Label folding, to recognise a column header, a choice or a country name however it is
    typed: ``fold_letters``, then every character but a letter or a digit a separator, so only
    lower-case ASCII words separated by single spaces remain: ``Prénom(s)`` → ``prenom s``,
    ``N’Diaye`` → ``n diaye`` (search folding would give ``ndiaye``)."""
    return _NOT_ALNUM.sub(" ", fold_letters(str(text))).strip()


def fold_compact(text: str) -> str:
    """``fold_words`` without any space: ``Côte d'Ivoire`` and ``cote divoire`` →
    ``cotedivoire``."""
    return fold_words(text).replace(" ", "")


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
