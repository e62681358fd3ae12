"""The one reading of an amount of money (and of an exchange rate) from what a user typed.

Every door through which money comes in (``rgm pay``, ``adjust``, ``grant --item`` and
``--instalment``, catalogue ceilings, the disbursement import, the window's forms) reads it here,
so that a value that is not a plain number is refused the same way everywhere: exponents
(``1e5``), infinities, NaN, digits of other scripts, underscores, hexadecimal, values too large
for the ``Money`` column, more decimals than the currency has, and a sign where none is allowed.
Spaces (also non-breaking and thin ones) may group thousands; one comma or point marks the
decimals ("150,50", "150.50"); a thousands separator that repeats or precedes the other mark is
read as grouping ("1,968,000", "1.968.000,50"). One mark before exactly three digits ("1.000",
"1,968") is refused: it is a thousand in one office and one in another, and no currency here
has three decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal

from models import money
from models.errors import Refused
from models.i18n import N_
from models.money import minor_units

# The Money column is NUMERIC(18, 2) on PostgreSQL: sixteen digits before the decimal point.
MAX_AMOUNT = Decimal(10) ** 16 - Decimal("0.01")
# Exchange rates (local currency per euro): at most nine digits before and six after the point.
MAX_RATE_DIGITS, RATE_PLACES = 9, 6
# Longer text is not read at all (a grouped sixteen-digit amount with its decimals fits).
_MAX_TEXT = 40

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_PLAIN = re.compile(r"([+-]?)([0-9]+)(?:[.,]([0-9]+))?")
_GROUPED_POINTS = re.compile(r"([+-]?)([0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]+))?")  # 1,968,000.50
_GROUPED_COMMAS = re.compile(r"([+-]?)([0-9]{1,3}(?:\.[0-9]{3})+)(?:,([0-9]+))?")  # 1.968.000,50
_AMBIGUOUS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")  # 1.000: a thousand, or one?

NOT_AN_AMOUNT = N_("{value!r} is not an amount")
TOO_LARGE = N_("{value!r} is not an amount: it is too large")
AMBIGUOUS = N_(
    "{value!r} is not an amount: a thousand or one? Write thousands with a space (1 000) or "
    "none (1000)"
)
NEGATIVE = N_("{value!r} is not an amount here: it cannot be negative")
TOO_PRECISE = N_("{value} {currency}: this currency has {places} decimal places")
NOT_A_RATE = N_("{value!r} is not a rate")
NOT_A_PERCENTAGE = N_("{value!r} is not a percentage")


def _plain_number(text: str) -> tuple[str, str, str] | None:
    """(sign, whole digits, decimal digits) of a plain number as typed, or None."""
    compact = _SPACES.sub("", text)
    for pattern in (_PLAIN, _GROUPED_POINTS, _GROUPED_COMMAS):
        match = pattern.fullmatch(compact)
        if match:
            sign, whole, decimals = match.groups()
            return sign, whole.replace(",", "").replace(".", ""), decimals or ""
    return None


def _number(text: object, refusal: str) -> Decimal:
    """The exact value of a plain number given as text, an int or a Decimal."""
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise Refused(refusal, value=text)
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise Refused(refusal, value=str(text))
        return text
    shown = text.strip()
    parts = _plain_number(shown) if len(shown) <= _MAX_TEXT else None
    if parts is None:
        raise Refused(refusal, value=shown)
    sign, whole, decimals = parts
    return Decimal(f"{sign}{whole}.{decimals or '0'}")


def parse_amount(text: str | Decimal | int, currency: str, *, negative: bool = False) -> Decimal:
    """An amount as typed ("1 968 000", "150.50", "150,50") in ``currency``, refused unless it is
    a plain number with at most the currency's decimals that fits the Money column; negative
    only where ``negative`` allows it (adjustments)."""
    if isinstance(text, str) and _AMBIGUOUS.fullmatch(_SPACES.sub("", text)):
        raise Refused(AMBIGUOUS, value=text.strip())
    value = _number(text, NOT_AN_AMOUNT)
    shown = text.strip() if isinstance(text, str) else str(text)
    if value < 0 and not negative:
        raise Refused(NEGATIVE, value=shown)
    check_amount(value, currency, shown)
    return value


def check_amount(value: Decimal, currency: str, shown: str | None = None) -> None:
    """Refuse a value that is not finite, too large for the Money column, or more precise than
    ``currency`` (a sum of amounts, a ceiling read from a file)."""
    shown = str(value) if shown is None else shown
    if not isinstance(value, Decimal) or not value.is_finite():
        raise Refused(NOT_AN_AMOUNT, value=shown)
    if abs(value) > MAX_AMOUNT:
        raise Refused(TOO_LARGE, value=shown)
    places = minor_units(currency)
    if value != value.quantize(money.unit(currency)):
        raise Refused(TOO_PRECISE, value=shown, currency=currency, places=places)


def parse_rate(text: str | Decimal | int) -> Decimal:
    """An exchange rate (units of a local currency for one euro): a plain positive number with
    at most nine digits before the point and six after it ("655.957", "655,957")."""
    value = _number(text, NOT_A_RATE)
    shown = text.strip() if isinstance(text, str) else str(text)
    if (
        value <= 0
        or value.adjusted() >= MAX_RATE_DIGITS
        or value != value.quantize(Decimal(10) ** -RATE_PLACES)
    ):
        raise Refused(NOT_A_RATE, value=shown)
    return value


def parse_percent(text: str | Decimal | int) -> Decimal:
    """A share of a plan in percent: a plain number above 0 and at most 100, two decimals at
    most ("60", "33.33", "33,33")."""
    value = _number(text, NOT_A_PERCENTAGE)
    if not 0 < value <= 100 or value != value.quantize(Decimal("0.01")):
        raise Refused(NOT_A_PERCENTAGE, value=text.strip() if isinstance(text, str) else text)
    return value


def amount_text(cell: object) -> str:
    """What a spreadsheet cell holds, as the text ``parse_amount`` reads: a number cell as the
    figure it shows (200000.0 -> "200000", 150.1 -> "150.1"; 1e+20 stays "1e+20", refused)."""
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) <= float(MAX_AMOUNT):
            return str(int(cell))
        return repr(cell)
    return "" if cell is None else str(cell).strip()
