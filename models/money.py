"""Money: a currency's minor units, rounding, instalment split and conversion to EUR.

The one home of these rules; models/ and reports/ ask here (tests/models/test_money.py checks
that no other module defines them again).

Rounding is half up (1.005 EUR -> 1.01), the one mode: it is what people, Excel's ROUND and the
donors' own sheets do, so a figure recomputed by a reader from a return matches ours. The
instalment split is not a rounding of one figure: every instalment but the last is cut down to the
minor unit so that the instalments never exceed the total, and the last takes the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pycountry
from babel.numbers import get_currency_precision

from models.errors import Refused
from models.i18n import N_

ROUNDING = ROUND_HALF_UP
CENT = Decimal("0.01")  # EUR's minor unit
UNKNOWN_CURRENCY = N_("{currency!r} is not a currency code")


def minor_units(currency: str, *, unknown: int | None = None) -> int:
    """Digits after the decimal point of ``currency``: XOF and GNF 0; GMD, SLE, LRD, EUR 2.
    An unknown code is refused, or gives ``unknown`` when the caller reads or prints foreign
    text (a file's cover) and has a fallback."""
    upper = currency.upper() if isinstance(currency, str) else ""
    if upper and pycountry.currencies.get(alpha_3=upper) is not None:
        return int(get_currency_precision(upper))
    if unknown is not None:
        return unknown
    raise Refused(UNKNOWN_CURRENCY, currency=currency)


def unit(currency: str, *, unknown: int | None = None) -> Decimal:
    """The smallest amount of ``currency``: 1 for XOF, 0.01 for EUR."""
    return Decimal(1).scaleb(-minor_units(currency, unknown=unknown))


def round_to(amount: Decimal, currency: str, *, unknown: int | None = None) -> Decimal:
    """``amount`` rounded (half up) to the minor unit of ``currency``."""
    return Decimal(amount).quantize(unit(currency, unknown=unknown), rounding=ROUNDING)


def round_eur(amount: Decimal) -> Decimal:
    """``amount`` rounded (half up) to the cent."""
    return Decimal(amount).quantize(CENT, rounding=ROUNDING)


def to_eur(amount: Decimal, per_eur: Decimal | None) -> Decimal | None:
    """``amount`` in EUR at ``per_eur`` units for one EUR, to the cent; None without a rate."""
    if per_eur is None:
        return None
    return round_eur(amount / per_eur)


def convert(amount: Decimal, from_per_eur: Decimal, to_per_eur: Decimal, currency: str) -> Decimal:
    """``amount`` converted through EUR into ``currency`` (given both rates), rounded to it."""
    return round_to(amount / from_per_eur * to_per_eur, currency)


def in_currency(
    amount: Decimal, paid_in: str, currency: str, per_eur: Mapping[str, Decimal]
) -> Decimal | None:
    """``amount`` of ``paid_in`` in ``currency`` through one month's euro rates ``per_eur``
    (currency -> units for one EUR), rounded to ``currency`` payment by payment; the amount as it
    is when it is in ``currency`` already; None when either rate is missing."""
    if paid_in == currency:
        return amount
    if paid_in not in per_eur or currency not in per_eur:
        return None
    return convert(amount, per_eur[paid_in], per_eur[currency], currency)


def split(total: Decimal, percents: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Instalments of ``total`` by percentage: each cut down to the minor unit, the last takes
    the rest (an empty plan is one instalment of the whole)."""
    step = unit(currency)
    shares = list(percents) or [Decimal(100)]
    out: list[Decimal] = []
    remaining = total
    for k, percent in enumerate(shares, start=1):
        amount = (
            remaining if k == len(shares) else (total * percent / 100).quantize(step, ROUND_DOWN)
        )
        remaining -= amount
        out.append(amount)
    return out
