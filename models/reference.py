"""Reference data: countries (ISO 3166, French and English names) and currencies (ISO 4217).

Country names come from pycountry and its gettext catalogues, currency facts from babel (CLDR).
``lookup_country`` turns what people type (names with or without accents, short forms,
nationality adjectives, ISO codes) into an alpha-3 code.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from babel.numbers import get_territory_currencies

from models.text import fold_compact, fold_words

_DEMONYMS = Path(__file__).resolve().parent.parent / "resources" / "reference" / "demonyms.json"

# Names people use that neither pycountry nor CLDR spell that way (compared compacted).
_ALIASES: dict[str, tuple[str, ...]] = {
    "CIV": ("Ivory Coast", "Cote divoire", "Côte-d'Ivoire", "RCI", "Cote d ivoir"),
    "GIN": ("Guinée Conakry", "Guinea Conakry", "Guinée-Conakry", "Guinee Konakry"),
    "GNB": ("Guinée Bissau", "Guinea Bissau"),
    "GMB": ("The Gambia", "La Gambie", "Gambia"),
    "SLE": ("Sierra Léone", "Sierra Leonne", "Sierra-Léone"),
    "LBR": ("Liberia", "Libéria"),
    "COD": (
        "RDC",
        "DRC",
        "Congo Kinshasa",
        "Congo RDC",
        "République démocratique du Congo",
        "Democratic Republic of the Congo",
        "Zaïre",
    ),
    "COG": (
        "Congo",
        "Congo Brazzaville",
        "Congo-Brazzaville",
        "République du Congo",
        "Republic of the Congo",
    ),
    "CAF": ("RCA", "Centrafrique"),
    "CPV": ("Cap Vert", "Cape Verde", "Cabo Verde"),
    "ESH": ("Sahara occidental", "Western Sahara"),
    "GBR": ("UK", "Grande-Bretagne", "Great Britain", "Angleterre", "England"),
    "USA": ("USA", "Etats-Unis d'Amérique", "United States of America"),
    "ARE": ("UAE", "EAU", "Emirats arabes unis"),
    "NLD": ("Hollande", "Holland"),
    "TUR": ("Turkey", "Turquie"),
    "CZE": ("Czech Republic", "République tchèque"),
}

# Display names chosen over pycountry's (the office's usual short forms).
_DISPLAY: dict[tuple[str, str], str] = {
    ("GMB", "en"): "The Gambia",
    ("COD", "en"): "Democratic Republic of the Congo",
    ("COG", "en"): "Republic of the Congo",
}

# Leading words dropped before a second attempt: "République du Mali", "the Gambia", "la Guinée".
_LEADING_WORDS = (
    "republique democratique du ",
    "republique du ",
    "republique de ",
    "republique d ",
    "republic of the ",
    "republic of ",
    "rep du ",
    "rep de ",
    "rep ",
    "the ",
    "la ",
    "le ",
    "les ",
    "l ",
)


@cache
def _french() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    except OSError:  # catalogue missing from a stripped install: English names, still usable
        return gettext.NullTranslations()


def _base_name(country: object) -> str:
    return str(getattr(country, "common_name", None) or country.name)  # type: ignore[attr-defined]


@cache
def country_name(alpha3: str, lang: str) -> str:
    """The usual name of a country in ``lang`` ("fr" or "en"); the code itself if unknown."""
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    if country is None:
        return alpha3
    code = country.alpha_3
    if (code, lang) in _DISPLAY:
        return _DISPLAY[(code, lang)]
    name = _base_name(country)
    if lang == "fr":
        name = _french().gettext(name)
    if ", " in name:  # "Russie, Fédération de": CLDR has the short form
        short = Locale(lang if lang in ("fr", "en") else "en").territories.get(country.alpha_2)
        if short:
            name = short.replace("\u2019", "'")
    return name


@cache
def all_countries(lang: str) -> list[tuple[str, str]]:
    """Every country as ``(alpha3, name)``, sorted by name ignoring accents and case."""
    pairs = [(c.alpha_3, country_name(c.alpha_3, lang)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: (fold_words(pair[1]), pair[1]))


@cache
def _name_index() -> dict[str, str]:
    """Compacted name, alias or adjective -> alpha-3."""
    index: dict[str, str] = {}
    french = _french()
    fr_territories = Locale("fr").territories
    en_territories = Locale("en").territories
    for country in pycountry.countries:
        code = country.alpha_3
        names = {country.name, _base_name(country), getattr(country, "official_name", "") or ""}
        names |= {french.gettext(n) for n in list(names) if n}
        names |= {fr_territories.get(country.alpha_2, ""), en_territories.get(country.alpha_2, "")}
        names |= {country_name(code, "fr"), country_name(code, "en")}
        for name in names:
            if name:
                index.setdefault(fold_compact(name), code)
                if ", " in name:  # "Iran, Islamic Republic of" -> also "Iran"
                    index.setdefault(fold_compact(name.split(", ")[0]), code)
    for code, aliases in _ALIASES.items():
        for alias in aliases:
            index[fold_compact(alias)] = code
    with _DEMONYMS.open(encoding="utf-8") as fh:
        demonyms: dict[str, list[str] | str] = json.load(fh)
    for code, words in demonyms.items():
        if code.startswith("_") or isinstance(words, str):
            continue
        for word in words:
            index[fold_compact(word)] = code
    return index


@lru_cache(maxsize=8192)
def lookup_country(text: str | None) -> str | None:
    """The alpha-3 code of a country typed as a name (FR/EN), adjective or ISO code, or None."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    letters = raw.replace(".", "").strip()
    if letters.isalpha() and letters.isascii() and len(letters) in (2, 3):
        code = letters.upper()
        found = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
        if found is not None:
            return str(found.alpha_3)
    index = _name_index()
    folded = fold_words(raw)
    for attempt in (folded, *(folded[len(w) :] for w in _LEADING_WORDS if folded.startswith(w))):
        found_code = index.get(attempt.replace(" ", ""))
        if found_code:
            return found_code
    return None


def is_country(alpha3: str | None) -> bool:
    return bool(alpha3) and pycountry.countries.get(alpha_3=str(alpha3).upper()) is not None


@lru_cache(maxsize=1024)
def alpha2(alpha3: str) -> str | None:
    """The ISO alpha-2 code (the phone-number and CLDR region) of an alpha-3 code."""
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    return str(country.alpha_2) if country is not None else None


def currency_of_country(alpha3: str) -> str:
    """The currency in use today in a country (Mali -> XOF, Sierra Leone -> SLE)."""
    region = alpha2(alpha3)
    if region is None:
        raise ValueError(f"unknown country {alpha3!r}")
    currencies = get_territory_currencies(region, dt.date.today())
    if not currencies:
        raise ValueError(f"no currency in use in {alpha3!r}")
    return str(currencies[0])


# Countries whose returnees are served in English (agreements, letters); every other in French.
ENGLISH_SPEAKING = frozenset({"GMB", "SLE", "LBR", "GHA", "NGA"})
LANGUAGES = ("fr", "en")


def case_language(values: Mapping[str, Any]) -> str:
    """The one rule of a case's language: the one chosen for it (``language`` in ``values``),
    otherwise English for a returnee from an English-speaking country (country of origin, or
    nationality), French for every other. The form, imports, the demo and ``rgm`` ask here."""
    chosen = values.get("language")
    if chosen in LANGUAGES:
        return str(chosen)
    origin = values.get("country_of_origin") or values.get("nationality")
    return "en" if origin in ENGLISH_SPEAKING else "fr"
