"""Plain data of one office's monthly return (no database): the lead's operation fills these,
``reports.monthly_return.write_return`` writes them. See ``reports/RETURN_SCHEMA.md``.

Every case in ``ReturnData.cases`` is one row of the ``Cases`` sheet; its flags say what happened
to it during the month (``registered``: registered in the month, ``found_eligible``: screening
decided eligible in the month, ...) and ``active_at_month_end`` whether it was open at the end.
Amounts are ``Decimal`` in the office's local currency; EUR amounts are derived by the writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from models.months import is_month

AGE_BANDS = ("0-17", "18-24", "25-34", "35-44", "45-59", "60+", "unknown")
_BAND_LIMITS = ((17, "0-17"), (24, "18-24"), (34, "25-34"), (44, "35-44"), (59, "45-59"))


def age_band(birth_date: date | None, on: date, precision: str = "day") -> str:
    """The age band of someone born on ``birth_date`` at the date ``on``; with a year-only
    birth date the person is taken as born on 1 July of that year."""
    if birth_date is None:
        return "unknown"
    born = date(birth_date.year, 7, 1) if precision == "year" else birth_date
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for limit, band in _BAND_LIMITS:
        if age <= limit:
            return band
    return "60+"


@dataclass(frozen=True)
class ReturnCase:
    case_number: str
    sex: str  # "M" | "F"
    age_band: str  # one of AGE_BANDS, at month end
    country_of_origin: str  # ISO alpha-3
    state: str  # state at month end (vocabulary STATES)
    package_types: tuple[str, ...] = ()  # package type codes of the approved grant
    on_hold: bool = False  # at month end
    registered: bool = False  # the events of the month
    found_eligible: bool = False
    agreement_signed: bool = False
    assistance_started: bool = False
    completed: bool = False
    closed: bool = False
    active_at_month_end: bool = False
    approved_local: Decimal = Decimal(0)  # grant total approved during the month


@dataclass(frozen=True)
class ReturnDisbursement:
    case_number: str  # must be one of the return's cases
    instalment: int
    paid_on: date
    amount_local: Decimal  # negative for a correction
    method: str  # vocabulary PAYMENT_METHODS
    receipt_reference: str = ""
    adjustment_of: str = ""  # "YYYY-MM" of a submitted month this corrects, else ""


@dataclass(frozen=True)
class DataQualityIssue:
    kind: str  # "duplicate_flag" | "hold" | "missing_rate" | any other short code
    reference: str  # case number(s), month, ...
    detail: str = ""


@dataclass(frozen=True)
class MonthFigures:
    """One month of the office's history, for the report sheet's twelve-month chart."""

    month: str  # "YYYY-MM"
    registered: int
    disbursed_local: Decimal | None  # None: a rate was missing to convert a payment
    disbursed_eur: Decimal | None = None


@dataclass(frozen=True)
class ReturnData:
    office_code: str
    office_name: str
    month: str  # "YYYY-MM"
    currency: str  # local currency (ISO 4217)
    eur_rate: Decimal | None  # local currency per EUR for the month; None: missing
    generated_by: str
    generated_at: datetime
    cases: tuple[ReturnCase, ...]
    disbursements: tuple[ReturnDisbursement, ...] = ()
    issues: tuple[DataQualityIssue, ...] = ()
    # for the report sheet that people read (not part of the machine sheets or their hash)
    language: str = "fr"  # the office's language
    submitted: bool = False  # written to be submitted to headquarters (it locks the month)
    month_locked: bool = False  # the month was submitted (and locked) before this draft
    history: tuple[MonthFigures, ...] = ()  # months up to this one, oldest first
    # The office's audit chain when the return was made: its length and newest hash. Signed with
    # the return, they let headquarters check later that the office's history was not rewritten.
    audit_length: int | None = None
    audit_head: str = ""

    def __post_init__(self) -> None:
        if not is_month(self.month):
            raise ValueError(f"month {self.month!r} is not YYYY-MM")
        if self.eur_rate is not None and self.eur_rate <= 0:
            raise ValueError("the exchange rate must be positive")
