from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from models.errors import Refused
from reports.agreement_code import (
    ALPHABET,
    check,
    parse_code,
    parse_payload,
    qr_payload,
    verification_code,
)
from reports.agreement_data import AgreementContent

KEY = b"k" * 32


def content(**changes: object) -> AgreementContent:
    base = AgreementContent(
        agreement_number="BKO-AGR-2025-000123",
        case_number="BKO-2025-000123",
        returnee_name="KEÏTA Aminata",
        birth_date=date(1994, 3, 7),
        birth_precision="day",
        nationality="MLI",
        document_number="AA123456",
        currency="XOF",
        total=Decimal("1968000"),
        items=(("ECO-SHOP", Decimal("1500000")), ("SOC-SCHOOL", Decimal("468000"))),
        instalments=((1, Decimal("1180800")), (2, Decimal("787200"))),
        grant_version=2,
        issue_date=date(2025, 3, 14),
    )
    return dataclasses.replace(base, **changes)


def test_code_shape_and_stability() -> None:
    code = verification_code(KEY, content())
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert all(c in ALPHABET for c in code.replace("-", ""))
    assert verification_code(KEY, content()) == code
    # the way an amount was typed does not matter, its value does
    assert verification_code(KEY, content(total=Decimal("1968000.00"))) == code


@pytest.mark.parametrize(
    "change",
    [
        {"agreement_number": "BKO-AGR-2025-000124"},
        {"case_number": "BKO-2025-000124"},
        {"returnee_name": "KEITA Aminata"},
        {"birth_date": date(1994, 3, 8)},
        {"birth_precision": "year"},
        {"nationality": "GIN"},
        {"document_number": "AA123457"},
        {"currency": "GNF"},
        {"total": Decimal("1968001")},
        {"items": (("ECO-SHOP", Decimal("1500001")), ("SOC-SCHOOL", Decimal("468000")))},
        {"items": (("ECO-SHOQ", Decimal("1500000")), ("SOC-SCHOOL", Decimal("468000")))},
        {"instalments": ((1, Decimal("1180801")), (2, Decimal("787200")))},
        {"instalments": ((1, Decimal("1180800")), (3, Decimal("787200")))},
        {"grant_version": 3},
        {"issue_date": date(2025, 3, 15)},
    ],
)
def test_any_altered_field_fails(change: dict[str, object]) -> None:
    code = verification_code(KEY, content())
    assert check(KEY, content(), code)
    assert not check(KEY, content(**change), code)


def test_other_key_fails() -> None:
    code = verification_code(KEY, content())
    assert not check(b"other key", content(), code)


def test_parse_code_as_typed() -> None:
    code = verification_code(KEY, content())
    raw = code.replace("-", "")
    assert parse_code(raw.lower()) == code
    assert parse_code(" " + " ".join(raw[i : i + 4] for i in (0, 4, 8)) + " ") == code
    confused = raw.replace("0", "o").replace("1", "l")
    assert parse_code(confused) == code
    assert check(KEY, content(), confused.replace("l", "I"))


def test_qr_payload_round_trip() -> None:
    code = verification_code(KEY, content())
    payload = qr_payload(code, "BKO-AGR-2025-000123")
    assert payload == f"RGM1:BKO-AGR-2025-000123:{code}"
    assert parse_code(payload) == code
    assert parse_code(payload + "\r\n") == code
    assert parse_payload(payload) == ("BKO-AGR-2025-000123", code)
    assert parse_payload(code.lower()) == (None, code)
    assert check(KEY, content(), payload)


@pytest.mark.parametrize("text", ["", "ABCD-EFGH", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKMU", "RGM1:x:"])
def test_not_a_code(text: str) -> None:
    with pytest.raises(Refused):
        parse_code(text)
    assert not check(KEY, content(), text)
