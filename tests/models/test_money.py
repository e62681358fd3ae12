"""The money rules: one home (models/money.py) and what each gives."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from models import money
from models.errors import Refused

ROOT = Path(__file__).resolve().parents[2]


def test_minor_units() -> None:
    assert money.minor_units("XOF") == 0
    assert money.minor_units("gnf") == 0
    for code in ("GMD", "SLE", "LRD", "EUR"):
        assert money.minor_units(code) == 2
    with pytest.raises(Refused):
        money.minor_units("ZZZ")
    assert money.minor_units("ZZZ", unknown=2) == 2  # a file's cover read as it is


def test_rounding_is_half_up() -> None:
    assert money.round_to(Decimal("1500.5"), "XOF") == Decimal(1501)
    assert money.round_to(Decimal("2.5"), "XOF") == Decimal(3)  # not to even
    assert money.round_eur(Decimal("1.005")) == Decimal("1.01")
    assert money.to_eur(Decimal(656), Decimal("655.957")) == Decimal("1.00")
    assert money.to_eur(Decimal(656), None) is None


def test_conversion_through_eur_rounds_to_the_target_currency() -> None:
    # 100 GMD at 70 GMD/EUR paid by a Malian office at 655.957 XOF/EUR
    assert money.convert(Decimal(100), Decimal(70), Decimal("655.957"), "XOF") == Decimal(937)
    assert money.convert(Decimal(1000), Decimal("655.957"), Decimal(70), "GMD") == Decimal("106.71")


def test_an_amount_in_the_office_s_currency_through_the_month_s_rates() -> None:
    rates = {"XOF": Decimal("655.957"), "GNF": Decimal(10_000), "EUR": Decimal(1)}
    # rounded payment by payment: 3 x 1,000 GNF are 3 x 66 XOF, not 197 XOF
    assert money.in_currency(Decimal(1000), "GNF", "XOF", rates) == Decimal(66)
    assert money.in_currency(Decimal(10), "EUR", "XOF", rates) == Decimal(6560)
    assert money.in_currency(Decimal("12.345"), "XOF", "XOF", rates) == Decimal("12.345")
    assert money.in_currency(Decimal(100), "GMD", "XOF", rates) is None  # no GMD rate
    assert money.in_currency(Decimal(100), "GNF", "SLE", rates) is None  # no office rate


def test_split_never_exceeds_the_total_and_the_last_takes_the_rest() -> None:
    total = Decimal(1000001)
    parts = money.split(total, [Decimal(30), Decimal(30), Decimal(40)], "XOF")
    assert parts == [Decimal(300000), Decimal(300000), Decimal(400001)]
    assert sum(parts) == total
    assert money.split(Decimal("100.01"), [Decimal(50), Decimal(50)], "GMD") == [
        Decimal("50.00"),
        Decimal("50.01"),
    ]
    assert money.split(Decimal(5), [], "XOF") == [Decimal(5)]


def test_no_other_module_defines_the_money_rules() -> None:
    # a second table of minor units or a second rounding mode is how figures came to differ
    offenders = []
    for path in _program_files():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and any(k.arg == "rounding" for k in node.keywords):
                offenders.append(f"{path.name}:{node.lineno}: rounds by itself")
            if isinstance(node, ast.ImportFrom) and node.module == "decimal":
                rounding = [a.name for a in node.names if a.name.startswith("ROUND_")]
                if rounding:
                    offenders.append(f"{path.name}: imports {rounding}")
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "get_currency_precision"
            ):
                offenders.append(f"{path.name}:{node.lineno}: asks babel for minor units")
        if "Decimal(1).scaleb(" in text:
            offenders.append(f"{path.name}: computes a minor unit")
        if '("XOF", "GNF")' in text:
            offenders.append(f"{path.name}: lists the currencies without decimals")
    assert offenders == []


def _program_files() -> list[Path]:
    """The program's modules but the money module itself (and the database migrations)."""
    return [
        path
        for folder in ("models", "reports", "ui", "desktop")
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "models" / "money.py" and "migrations" not in path.parts
    ]


def test_money_functions_are_called_where_they_are_not_renamed() -> None:
    # a function that only returns a money function under another name is how a second
    # "minor_units" or "quantize" came about: callers call models.money (a closure that fixes
    # the currency of one report is not a renaming)
    offenders = []
    for path in _program_files():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            if (
                len(body) == 1
                and isinstance(body[0], ast.Return)
                and isinstance(call := body[0].value, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and getattr(call.func.value, "id", "") == "money"
            ):
                offenders.append(
                    f"{path.name}:{node.lineno}: {node.name} is money.{call.func.attr}"
                )
    assert offenders == []
