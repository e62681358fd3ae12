"""One reading of amounts: what is not a plain number is refused as "not an amount" everywhere
money comes in, never an unexpected error."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from support.cases import backdate, eligible

from models.amounts import MAX_AMOUNT, amount_text, parse_amount, parse_rate
from models.cases import mark_signed
from models.catalogue_edit import set_package
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.payments import PaymentInput, adjust_payment, record_payment, set_rate
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)

NOT_PLAIN = [
    "1e5", "1E5", "1e-2", "2.5e+3", "inf", "Infinity", "-inf", "+Inf", "NaN", "nan", "sNaN",
    "1_000", "0x10", "0b11", "１２３", "١٢٣", "", "   ", "abc", "12.5.3", "1,2,3", "--5", "+-5",
    "5-", "1 000,000.000,5", "1" + "0" * 400, "∞", "½", "5 XOF", "1,968,00", "(500)",
]  # fmt: skip


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_what_is_not_a_plain_number_is_not_an_amount(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_amount(text, "XOF")
    assert refused.value.text() == f"{text.strip()!r} is not an amount"


@pytest.mark.parametrize(
    "value", [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), Decimal("sNaN"), True, 1.5]
)
def test_values_that_are_not_amounts(value: object) -> None:
    with pytest.raises(Refused, match="is not an amount"):
        parse_amount(value, "XOF")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("1 968 000", "XOF", Decimal(1968000)),
        ("1\u202f968\u00a0000", "XOF", Decimal(1968000)),
        (" 250000 ", "XOF", Decimal(250000)),
        ("200000.0", "XOF", Decimal(200000)),
        ("+5", "XOF", Decimal(5)),
        ("150,50", "GMD", Decimal("150.50")),
        ("150.5", "GMD", Decimal("150.5")),
        ("1,968,000", "XOF", Decimal(1968000)),
        ("1968,000", "XOF", Decimal(1968)),
        ("0.50", "EUR", Decimal("0.50")),
        ("1.968.000", "XOF", Decimal(1968000)),
        ("1,968,000.50", "GMD", Decimal("1968000.50")),
        ("1.968.000,50", "GMD", Decimal("1968000.50")),
        ("9 999 999 999 999 999", "XOF", Decimal("9999999999999999")),
        (Decimal("1E+5"), "XOF", Decimal(100000)),
        (250000, "XOF", Decimal(250000)),
    ],
)
def test_plain_numbers_as_people_type_them(text: object, currency: str, expected: Decimal) -> None:
    assert parse_amount(text, currency) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["10000000000000000", "99999999999999999999", "-1" + "0" * 20])
def test_values_that_do_not_fit_the_money_column(text: str) -> None:
    with pytest.raises(Refused, match="is not an amount: it is too large"):
        parse_amount(text, "XOF", negative=True)
    assert Decimal(10) ** 16 > MAX_AMOUNT


@pytest.mark.parametrize("text", ["1.000", "1,000", "1,968", "-2.500", "150.500", "0,250"])
def test_a_single_mark_before_three_digits_is_refused_not_guessed(text: str) -> None:
    """ "1.000" is a thousand in Bamako and one in Banjul: refused, never misread."""
    with pytest.raises(Refused, match="is not an amount: a thousand or one"):
        parse_amount(text, "GMD", negative=True)


def test_decimals_signs_and_currencies() -> None:
    with pytest.raises(Refused, match="150.5 XOF: this currency has 0 decimal places"):
        parse_amount("150.5", "XOF")
    with pytest.raises(Refused, match="this currency has 2 decimal places"):
        parse_amount("150,5055", "GMD")
    with pytest.raises(Refused, match="'-5' is not an amount here: it cannot be negative"):
        parse_amount("-5", "XOF")
    assert parse_amount("-5", "XOF", negative=True) == Decimal(-5)
    with pytest.raises(Refused, match="'ABC' is not a currency code"):
        parse_amount("5", "ABC")


@pytest.mark.parametrize(
    "text", ["1e3", "0", "-1", "inf", "NaN", "1234567890", "0.0000001", "abc", "", "1_0"]
)
def test_rates_are_plain_positive_numbers(text: str) -> None:
    with pytest.raises(Refused, match="is not a rate"):
        parse_rate(text)


def test_rates_as_typed() -> None:
    assert parse_rate("655.957") == parse_rate("655,957") == Decimal("655.957")
    assert parse_rate("0.000001") == Decimal("0.000001")
    assert parse_rate("123456789") == Decimal(123456789)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (200000.0, "200000"),
        (-5.0, "-5"),
        (150.1, "150.1"),
        (1e300, "1e+300"),
        (1e20, "1e+20"),
        (float("inf"), "inf"),
        (7, "7"),
        (None, ""),
    ],  # fmt: skip
)
def test_a_spreadsheet_cell_as_the_text_read(cell: object, text: str) -> None:
    assert amount_text(cell) == text


# -- every door through which money comes in --------------------------------------------------

BAD = ["1e5", "inf", "NaN", "1" + "0" * 40, "١٢٣", "10000000000000000"]


def _signed(db, users):
    (case,) = eligible(db, users)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    backdate(db, case, TODAY - dt.timedelta(days=30))  # signed before the payments below
    return case


def test_every_operation_refuses_what_is_not_an_amount(db, users, new_user):
    case = _signed(db, users)
    fin = users["finance"]
    record_payment(db, fin, PaymentInput(case, 1, "1000", "cash", "R1"), today=TODAY)
    (other,) = eligible(db, users, start=5)
    boss = new_user("boss", "registrar", "admin")
    for text in BAD:
        with pytest.raises(Refused, match="is not an amount"):
            record_payment(db, fin, PaymentInput(case, 1, text, "cash", "R2"), today=TODAY)
        with pytest.raises(Refused, match="is not an amount"):
            adjust_payment(db, fin, "R1", text, "A1", "typo", today=TODAY)
        with pytest.raises(Refused, match="is not an amount"):
            adjust_payment(db, fin, "R1", "-" + text, "A1", "typo", today=TODAY)
        with pytest.raises(Refused, match="is not an amount"):
            plan_grant(db, boss, other, [ItemInput("EDU", text)], override_reason="big family")
        with pytest.raises(Refused, match="is not an amount"):
            plan_grant(
                db, users["registrar"], other, [ItemInput("EDU", "250000")],
                instalments=[(text, "on_signature")],
            )  # fmt: skip
        with pytest.raises(Refused, match="is not an amount"):
            set_package(db, users["admin"], "MLI", "EDU", ceiling=text)
        with pytest.raises(Refused, match="is not a rate"):
            set_rate(db, users["admin"], "2026-10", "XOF", text)


def test_a_sum_of_large_items_that_does_not_fit_is_refused(db, users, new_user):
    (case,) = eligible(db, users)
    boss = new_user("boss", "registrar", "admin")
    big = "9000000000000000"
    with pytest.raises(Refused, match="is not an amount: it is too large"):
        plan_grant(
            db, boss, case, [ItemInput("EDU", big), ItemInput("PSY", big)], override_reason="x"
        )
    with pytest.raises(Refused, match="'ABC' is not a currency code"):
        set_package(db, users["admin"], "MLI", "EDU", currency="ABC")


@pytest.mark.parametrize("text", ["NaN", "sNaN", "1e2", "inf", "0", "-5", "101", "33.333", "", "x"])
def test_plan_percentages_are_plain_numbers(text: str) -> None:
    from models.catalogue_edit import parse_plan

    with pytest.raises(Refused, match="is not a percentage"):
        parse_plan(f"{text}:on_signature,100:none")


def test_plan_percentages_as_typed() -> None:
    from models.catalogue_edit import parse_plan

    assert parse_plan("33.33:on_signature, 66.67:after_monitoring_visit") == [
        {"percent": "33.33", "condition": "on_signature"},
        {"percent": "66.67", "condition": "after_monitoring_visit"},
    ]
