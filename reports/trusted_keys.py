"""Offices' public keys: the file an office exports, the keys headquarters trust, and the check
of a monthly return's signature against them.

An office exports its public key once (``rgm office key --out BKO.pub``, or the window's
Settings) and sends it to headquarters by a channel they trust (handed over, or read out and
compared by its fingerprint). Headquarters register it once (``rgm hq trust BKO.pub``): the
file is checked and kept in a folder of the user's data folder, one file per key, named
``<office>-<fingerprint>.pub``. ``rgm consolidate`` accepts a return only when it is signed with
the key registered for the office it names.

The file is UTF-8 JSON: ``{"format": "rgm-office-public-key", "version": 1, "office_code":
"BKO", "office_name": "...", "algorithm": "Ed25519", "public_key": "<base64 of 32 bytes>",
"fingerprint": "<SHA-256 of those bytes, hex>"}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import Refused, Unusable
from models.i18n import N_
from reports.xlsx_safe import output_file

if TYPE_CHECKING:  # the workbook reader (openpyxl) only where returns are read
    from reports.monthly_return import ReturnContent

FORMAT = "rgm-office-public-key"
VERSION = 1
ALGORITHM = "Ed25519"
_CODE = re.compile(r"[A-Z]{2,6}")
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class OfficePublicKey:
    office_code: str
    office_name: str
    public_key: bytes  # Ed25519, 32 bytes
    path: Path | None = None

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.public_key).hexdigest()

    def verifies(self, signature_b64: str, message: bytes) -> bool:
        """Whether ``signature_b64`` is this key's signature of ``message``."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            signature = base64.b64decode(signature_b64.encode("ascii"), validate=True)
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError, binascii.Error, UnicodeEncodeError):
            return False
        return True


def public_key_text(office_code: str, office_name: str, public_key: bytes) -> str:
    """The content of an office's public key file."""
    key = OfficePublicKey(office_code, office_name, public_key)
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "office_code": office_code,
            "office_name": office_name,
            "algorithm": ALGORITHM,
            "public_key": base64.b64encode(public_key).decode("ascii"),
            "fingerprint": key.fingerprint,
        },
        ensure_ascii=False,
        indent=2,
    )


def write_public_key(path: Path, office_code: str, office_name: str, public_key: bytes) -> Path:
    """Write the office's public key file (replaced whole, never half-written); returns its
    path (``<office>.pub`` inside ``path`` when it is a folder)."""
    path = output_file(path, f"{office_code}.pub", (".pub",))
    part = path.with_name(path.name + ".part")
    part.write_text(public_key_text(office_code, office_name, public_key) + "\n", "utf-8")
    os.replace(part, path)
    return path


def read_public_key(path: Path) -> OfficePublicKey:
    """An office's public key file, checked; refuses (naming the file) anything else."""
    try:
        data: Any = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise Unusable(N_("no file at {path}"), path=str(path)) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Unusable(N_("{file} is not an office's public key"), file=path.name) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Unusable(N_("{file} is not an office's public key"), file=path.name)
    if data.get("version") != VERSION or data.get("algorithm") != ALGORITHM:
        raise Unusable(N_("{file}: an office key of another version or algorithm"), file=path.name)
    code, name = data.get("office_code"), data.get("office_name", "")
    try:
        public = base64.b64decode(str(data.get("public_key", "")).encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        public = b""
    if not isinstance(code, str) or not _CODE.fullmatch(code) or len(public) != 32:
        raise Unusable(N_("{file} is not an office's public key"), file=path.name)
    key = OfficePublicKey(code, name if isinstance(name, str) else "", public, path)
    if data.get("fingerprint") not in (None, key.fingerprint):
        raise Unusable(
            N_("{file}: its fingerprint is not that of its key (the file was changed)"),
            file=path.name,
        )
    return key


# -- headquarters' registry -------------------------------------------------------------------


def trusted_keys(folder: Path) -> dict[str, OfficePublicKey]:
    """The keys headquarters registered, by fingerprint (an empty folder: none)."""
    keys: dict[str, OfficePublicKey] = {}
    if not folder.is_dir():
        return keys
    for path in sorted(folder.glob("*.pub")):
        key = read_public_key(path)
        keys[key.fingerprint] = key
    return keys


def trust(folder: Path, public_key_file: Path, replace: bool = False) -> OfficePublicKey:
    """Register an office's public key. Another key already registered for the office is kept
    unless ``replace`` (a key renewed after a lost computer, say): then it is removed."""
    key = read_public_key(public_key_file)
    known = trusted_keys(folder)
    same = known.get(key.fingerprint)
    if same is not None and same.office_code != key.office_code:
        raise Refused(
            N_("this key is already registered for office {office}"), office=same.office_code
        )
    others = [k for k in known.values() if k.office_code == key.office_code and k != same]
    if others and not replace:
        raise Refused(
            N_(
                "office {office} already has another registered key ({fingerprint}); replacing "
                "it must be asked for explicitly"
            ),
            office=key.office_code,
            fingerprint=others[0].fingerprint[:16],
        )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key.office_code}-{key.fingerprint[:16]}.pub"
    write_public_key(target, key.office_code, key.office_name, key.public_key)
    for other in others:
        if other.path is not None:
            other.path.unlink(missing_ok=True)
    return OfficePublicKey(key.office_code, key.office_name, key.public_key, target)


# -- checking a return ------------------------------------------------------------------------

UNSIGNED = N_("{file} is not signed by its office; an unsigned return cannot be consolidated")
UNKNOWN_KEY = N_(
    "{file} is signed with a key that is not registered ({fingerprint}); register office "
    "{office}'s public key first"
)
OTHER_OFFICE = N_(
    "{file} says it is from office {office}, but it is signed with the key of office {signer}"
)
BAD_SIGNATURE = N_("{file}: its signature does not check out; it was changed after it was signed")


def check_signature(content: ReturnContent, trusted: Mapping[str, OfficePublicKey]) -> None:
    """Refuse a return that is unsigned, signed with an unknown key or another office's key, or
    whose signature does not cover exactly its data and audit anchor."""
    name = Path(content.path).name
    if not content.signature or not content.office_key:
        raise Refused(UNSIGNED, file=name)
    key = trusted.get(content.office_key) if _FINGERPRINT.fullmatch(content.office_key) else None
    if key is None:
        raise Refused(
            UNKNOWN_KEY, file=name, fingerprint=content.office_key[:16], office=content.office_code
        )
    if key.office_code != content.office_code:
        raise Refused(OTHER_OFFICE, file=name, office=content.office_code, signer=key.office_code)
    if not key.verifies(content.signature, content.signed_message()):
        raise Refused(BAD_SIGNATURE, file=name)
