"""Money in words and in figures, as printed on grant agreements.

``amount_in_words(Decimal("1968000"), "XOF", "fr")`` gives ``un million neuf cent soixante-huit
mille francs CFA``; the number itself comes from num2words (which knows the French rules for
``quatre-vingts``, ``deux cents`` / ``deux cent mille`` and ``millions``), this module adds the
currency's names, its minor unit and the French ``de`` after a round million (``deux millions de
francs CFA``). ``format_amount`` gives the figures with babel's grouping for the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from num2words import num2words

from models import money


@dataclass(frozen=True)
class CurrencyNames:
    """Singular and plural names of a currency and of its minor unit, in one language."""

    one: str
    many: str
    minor_one: str = ""
    minor_many: str = ""


# Minor units per ISO 4217 code; anything not listed has two.

_NAMES: dict[str, dict[str, CurrencyNames]] = {
    "fr": {
        "XOF": CurrencyNames("franc CFA", "francs CFA"),
        "XAF": CurrencyNames("franc CFA", "francs CFA"),
        "GNF": CurrencyNames("franc guinéen", "francs guinéens"),
        "GMD": CurrencyNames("dalasi", "dalasis", "butut", "butut"),
        "SLE": CurrencyNames("leone", "leones", "cent", "cents"),
        "SLL": CurrencyNames("leone", "leones", "cent", "cents"),
        "LRD": CurrencyNames("dollar libérien", "dollars libériens", "cent", "cents"),
        "EUR": CurrencyNames("euro", "euros", "centime", "centimes"),
        "USD": CurrencyNames("dollar américain", "dollars américains", "cent", "cents"),
        "MRU": CurrencyNames("ouguiya", "ouguiyas", "khoum", "khoums"),
        "NGN": CurrencyNames("naira", "nairas", "kobo", "kobos"),
        "GHS": CurrencyNames("cedi", "cedis", "pesewa", "pesewas"),
    },
    "en": {
        "XOF": CurrencyNames("CFA franc", "CFA francs"),
        "XAF": CurrencyNames("CFA franc", "CFA francs"),
        "GNF": CurrencyNames("Guinean franc", "Guinean francs"),
        "GMD": CurrencyNames("dalasi", "dalasis", "butut", "butut"),
        "SLE": CurrencyNames("leone", "leones", "cent", "cents"),
        "SLL": CurrencyNames("leone", "leones", "cent", "cents"),
        "LRD": CurrencyNames("Liberian dollar", "Liberian dollars", "cent", "cents"),
        "EUR": CurrencyNames("euro", "euros", "cent", "cents"),
        "USD": CurrencyNames("US dollar", "US dollars", "cent", "cents"),
        "MRU": CurrencyNames("ouguiya", "ouguiyas", "khoums", "khoums"),
        "NGN": CurrencyNames("naira", "naira", "kobo", "kobo"),
        "GHS": CurrencyNames("cedi", "cedis", "pesewa", "pesewas"),
    },
}

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _number_words(value: int, lang: str) -> str:
    words = str(num2words(value, lang=lang))
    if lang == "en":
        # num2words writes "one million, nine hundred..."; cheques and agreements do not.
        words = words.replace(",", "")
    return words


def _unit(names: CurrencyNames, value: int, lang: str, minor: bool) -> str:
    one, many = (names.minor_one, names.minor_many) if minor else (names.one, names.many)
    # French: zero and one take the singular ("zéro franc", "un franc"); English: only one.
    singular = value in (0, 1) if lang == "fr" else value == 1
    return one if singular else many


def _with_unit(value: int, names: CurrencyNames, lang: str, minor: bool) -> str:
    words = _number_words(value, lang)
    unit = _unit(names, value, lang, minor)
    if (
        lang == "fr"
        and value
        and words.split()[-1] in ("million", "millions", "milliard", "milliards")
    ):
        # "deux millions de francs CFA", "un million d'euros"
        return f"{words} d’{unit}" if unit[0] in "aeiouyéè" else f"{words} de {unit}"
    return f"{words} {unit}"


def amount_in_words(amount: Decimal, currency: str, lang: str) -> str:
    """The amount spelled out with its currency: ``quatre millions cinq cent mille francs
    guinéens``, ``four thousand dalasis and fifty butut``."""
    if lang not in _NAMES:
        raise ValueError(f"unsupported language {lang!r}")
    code = currency.upper()
    digits = money.minor_units(code, unknown=2)  # a code unknown to ISO 4217: as printed
    value = money.round_to(Decimal(amount), code, unknown=2)
    if value < 0:
        raise ValueError("a negative amount cannot be written in words")
    names = _NAMES[lang].get(code) or CurrencyNames(code, code, "", "")
    major = int(value)
    minor = int((value - major).scaleb(digits))
    text = _with_unit(major, names, lang, minor=False)
    if minor:
        if names.minor_one:
            minor_text = _with_unit(minor, names, lang, minor=True)
        else:
            minor_text = f"{_number_words(minor, lang)} / {10**digits}"
        joiner = " et " if lang == "fr" else " and "
        text = f"{text}{joiner}{minor_text}"
    return text


def format_amount(amount: Decimal, currency: str, lang: str, with_code: bool = True) -> str:
    """The amount in figures with the language's grouping and the currency's minor units:
    ``1 968 000 XOF`` (narrow no-break spaces) in French, ``1,968,000 XOF`` in English."""
    code = currency.upper()
    digits = money.minor_units(code, unknown=2)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    figures = format_decimal(
        money.round_to(Decimal(amount), code, unknown=2),
        format=pattern,
        locale=_LOCALES.get(lang, lang),
    )
    return f"{figures}\u00a0{code}" if with_code else figures
