"""Verification codes of grant agreements: a keyed hash of the agreement's essential content.

The code is HMAC-SHA256 (key from the keyring) over a canonical serialisation of an
``AgreementContent``, cut to 60 bits and written as 12 Crockford base32 characters in groups of
four (``7K2M-Q9XD-4HVT``): short enough to read over the phone, impossible to forge without the
key. The QR code carries ``RGM1:<agreement number>:<code>``. ``parse_code`` reads the code as a
person types it (any case, spaces or dashes, ``O`` for ``0``, ``I``/``L`` for ``1``) or the QR's
whole content as a scanner types it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal

from models import money
from models.errors import Refused
from models.i18n import N_
from models.text import normalise
from reports.agreement_data import AgreementContent, AgreementDocument

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 12
QR_PREFIX = "RGM1"
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def _text(value: str) -> str:
    """Names compare as printed: Unicode NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _money(amount: Decimal, currency: str) -> str:
    return format(money.round_to(amount, currency, unknown=2), "f")


def canonical(content: AgreementContent) -> bytes:
    """The bytes that are hashed: a fixed-order JSON array, independent of how amounts were
    typed (``1968000`` and ``1968000.00`` XOF are the same)."""
    cur = content.currency.upper()
    birth = ""
    if content.birth_date is not None:
        birth = (
            str(content.birth_date.year)
            if content.birth_precision == "year"
            else content.birth_date.isoformat()
        )
    fields = [
        "v1",
        _text(content.agreement_number),
        _text(content.case_number),
        _text(content.returnee_name),
        birth,
        content.nationality.upper(),
        _text(content.document_number),
        cur,
        _money(content.total, cur),
        [[_text(code), _money(amount, cur)] for code, amount in content.items],
        [[int(number), _money(amount, cur)] for number, amount in content.instalments],
        int(content.grant_version),
        content.issue_date.isoformat(),
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _format(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def verification_code(key: bytes, content: AgreementContent) -> str:
    """The printed code of ``content``, e.g. ``7K2M-Q9XD-4HVT``."""
    if not key:
        raise ValueError("an empty key cannot sign agreements")
    digest = hmac.new(key, canonical(content), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * CODE_LENGTH)
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    return _format("".join(reversed(chars)))


def qr_payload(code: str, agreement_number: str) -> str:
    """What the QR code holds: ``RGM1:<agreement number>:<code>``."""
    return f"{QR_PREFIX}:{agreement_number}:{parse_code(code)}"


def parse_payload(text: str) -> tuple[str | None, str]:
    """(agreement number or None, code) from a scanned QR content or a typed code."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) >= 3 and parts[0].strip().upper() == QR_PREFIX:
        return ":".join(parts[1:-1]).strip(), parse_code(parts[-1])
    return None, parse_code(text)


def parse_code(text: str) -> str:
    """The code in its printed form (``ABCD-EFGH-JKMN``) from what a person or a scanner typed;
    refuses text that cannot be a code."""
    text = text.strip()
    if ":" in text:  # a QR content: the code is its last field
        text = text.rsplit(":", 1)[1]
    raw = _SEPARATORS.sub("", text).upper().translate(_CONFUSIONS)
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        raise Refused(N_("{text} is not a verification code"), text=normalise(text)[:40])
    return _format(raw)


def check(key: bytes, content: AgreementContent, code: str) -> bool:
    """Whether ``code`` (as typed or scanned) is the code of exactly this content."""
    try:
        given = parse_code(code)
    except Refused:
        return False
    return hmac.compare_digest(verification_code(key, content), given)


def sign(key: bytes, document: AgreementDocument) -> AgreementDocument:
    """``document`` with its verification code and QR payload filled in."""
    code = verification_code(key, document.content())
    return replace(
        document, verification_code=code, qr_payload=qr_payload(code, document.agreement_number)
    )
