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
    for path in [*(ROOT / "models").rglob("*.py"), *(ROOT / "reports").rglob("*.py")]:
        if path.name == "money.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "decimal":
                rounding = [a.name for a in node.names if a.name.startswith("ROUND_")]
                # the demo rounds its amounts down to whole steps
                if rounding and "demo" not in (path.stem, path.parent.name):
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
