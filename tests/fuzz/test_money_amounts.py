"""Any text, number or cell given as an amount is either a valid amount or refused as one:
never an unexpected error, never a value the Money column cannot hold or the currency cannot
express. ``RGM_FUZZ_EXAMPLES`` scales the number of examples (ten per life of the case fuzz)."""

from __future__ import annotations

import os
import re
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.amounts import MAX_AMOUNT, amount_text, parse_amount, parse_rate
from models.errors import Refused

EXAMPLES = 10 * int(os.environ.get("RGM_FUZZ_EXAMPLES", "20"))
CURRENCIES = st.sampled_from(["XOF", "GNF", "GMD", "SLE", "LRD", "EUR"])
# Text that looks like numbers half of the time: digits, separators, signs, exponents, spaces.
NUMBERISH = st.text(alphabet="0123456789 .,+-eE_\u00a0\u202fxXinfaNIty٣", max_size=45)
ANYTHING = st.one_of(
    NUMBERISH,
    st.text(max_size=60),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True).map(amount_text),
    st.decimals(allow_nan=True, allow_infinity=True),
)


def _check(value: Decimal, currency: str) -> None:
    places = 0 if currency in ("XOF", "GNF") else 2
    assert value.is_finite() and abs(value) <= MAX_AMOUNT
    assert value == value.quantize(Decimal(1).scaleb(-places))


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(text=ANYTHING, currency=CURRENCIES, negative=st.booleans())
def test_an_amount_is_valid_or_refused(text: object, currency: str, negative: bool) -> None:
    try:
        value = parse_amount(text, currency, negative=negative)  # type: ignore[arg-type]
    except Refused as refused:
        assert refused.text()  # a message, in one line
        assert "\n" not in refused.text()
        return
    _check(value, currency)
    assert negative or value >= 0


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(
    value=st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2),
    currency=CURRENCIES,
    style=st.sampled_from(["plain", "comma", "spaces", "grouped_en", "grouped_fr"]),
)
def test_an_amount_as_people_write_it_reads_back(value: Decimal, currency: str, style: str) -> None:
    places = 0 if currency in ("XOF", "GNF") else 2
    value = value.quantize(Decimal(1).scaleb(-places), ROUND_DOWN)
    plain = f"{value:f}"
    whole, _, decimals = plain.lstrip("-").partition(".")
    sign = "-" if value < 0 else ""
    groups = f"{int(whole):,}"
    text = {
        "plain": plain,
        "comma": plain.replace(".", ","),
        "spaces": sign + groups.replace(",", "\u202f") + (f",{decimals}" if decimals else ""),
        "grouped_en": sign + groups + (f".{decimals}" if decimals else ""),
        "grouped_fr": sign + groups.replace(",", ".") + (f",{decimals}" if decimals else ""),
    }[style]
    if re.fullmatch(r"-?[0-9]{1,3}[.,][0-9]{3}", text):
        # One mark before three digits: a thousand or one? Refused rather than guessed.
        with pytest.raises(Refused, match="a thousand or one"):
            parse_amount(text, currency, negative=True)
        return
    assert parse_amount(text, currency, negative=True) == value


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(text=st.one_of(NUMBERISH, st.text(max_size=30), st.decimals(allow_nan=True)))
def test_a_rate_is_valid_or_refused(text: object) -> None:
    try:
        rate = parse_rate(text)  # type: ignore[arg-type]
    except Refused:
        return
    assert rate > 0 and rate.is_finite() and rate == rate.quantize(Decimal("0.000001"))
    assert rate < Decimal(10) ** 9
