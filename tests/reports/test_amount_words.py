from __future__ import annotations

from decimal import Decimal

import pytest

from models.money import minor_units
from reports.amount_words import amount_in_words, format_amount

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "words"),
    [
        ("1968000", "XOF", "fr", "un million neuf cent soixante-huit mille francs CFA"),
        ("4500000", "GNF", "fr", "quatre millions cinq cent mille francs guinéens"),
        ("4500000", "GNF", "en", "four million five hundred thousand Guinean francs"),
        ("1968000", "XOF", "en", "one million nine hundred and sixty-eight thousand CFA francs"),
        ("80", "XOF", "fr", "quatre-vingts francs CFA"),
        ("80000", "XOF", "fr", "quatre-vingt mille francs CFA"),
        ("200", "XOF", "fr", "deux cents francs CFA"),
        ("200000", "XOF", "fr", "deux cent mille francs CFA"),
        ("1", "XOF", "fr", "un franc CFA"),
        ("0", "XOF", "fr", "zéro franc CFA"),
        ("0", "LRD", "en", "zero Liberian dollars"),
        ("2000000", "XOF", "fr", "deux millions de francs CFA"),
        ("1000000", "EUR", "fr", "un million d’euros"),
        ("200000000", "GNF", "fr", "deux cents millions de francs guinéens"),
        ("4000.50", "GMD", "en", "four thousand dalasis and fifty butut"),
        ("4000.50", "GMD", "fr", "quatre mille dalasis et cinquante butut"),
        ("1.01", "GMD", "en", "one dalasi and one butut"),
        ("12500.25", "SLE", "en", "twelve thousand five hundred leones and twenty-five cents"),
        ("300.01", "LRD", "en", "three hundred Liberian dollars and one cent"),
        ("300.01", "LRD", "fr", "trois cents dollars libériens et un cent"),
        ("1234.56", "EUR", "fr", "mille deux cent trente-quatre euros et cinquante-six centimes"),
        (
            "1234.56",
            "EUR",
            "en",
            "one thousand two hundred and thirty-four euros and fifty-six cents",
        ),
        ("21.00", "EUR", "fr", "vingt et un euros"),
    ],
)
def test_amount_in_words(amount: str, currency: str, lang: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), currency, lang) == words


def test_no_decimals_for_franc_currencies() -> None:
    assert minor_units("XOF") == 0 and minor_units("GNF") == 0 and minor_units("GMD") == 2
    assert amount_in_words(Decimal("1968000.00"), "XOF", "fr").endswith("mille francs CFA")


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1"), "XOF", "fr")


@pytest.mark.parametrize(
    ("amount", "currency", "lang", "text"),
    [
        ("1968000", "XOF", "fr", f"1{NNBSP}968{NNBSP}000{NBSP}XOF"),
        ("1968000", "XOF", "en", f"1,968,000{NBSP}XOF"),
        ("1234.5", "EUR", "fr", f"1{NNBSP}234,50{NBSP}EUR"),
        ("1234.5", "GMD", "en", f"1,234.50{NBSP}GMD"),
        ("4500000", "GNF", "en", f"4,500,000{NBSP}GNF"),
    ],
)
def test_format_amount(amount: str, currency: str, lang: str, text: str) -> None:
    assert format_amount(Decimal(amount), currency, lang) == text
