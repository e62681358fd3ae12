"""Offices' public key files and headquarters' registry of the keys they trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from return_samples import office_signer

from models.errors import Refused, Unusable
from reports.trusted_keys import read_public_key, trust, trusted_keys, write_public_key


def _pub(tmp_path: Path, office: str, seed: str | None = None) -> Path:
    key = office_signer(seed or office)
    return write_public_key(tmp_path / f"{office}-{seed}.pub", office, f"Bureau {office}",
                            key.public_bytes)  # fmt: skip


def test_a_key_file_round_trips_and_anything_else_is_refused(tmp_path: Path) -> None:
    path = _pub(tmp_path, "BKO")
    key = read_public_key(path)
    assert key.office_code == "BKO" and key.fingerprint == office_signer("BKO").fingerprint
    data = json.loads(path.read_text("utf-8"))
    for change in ({"public_key": "AAAA"}, {"office_code": "bko"}, {"format": "x"},
                   {"algorithm": "RSA"}, {"fingerprint": "0" * 64}):  # fmt: skip
        bad = tmp_path / "bad.pub"
        bad.write_text(json.dumps({**data, **change}), "utf-8")
        with pytest.raises(Unusable, match="bad.pub"):
            read_public_key(bad)
    for junk in (b"", b"\xff\xfe", b"[1, 2]", b"not json"):
        (tmp_path / "junk.pub").write_bytes(junk)
        with pytest.raises(Unusable, match="junk.pub"):
            read_public_key(tmp_path / "junk.pub")


def test_headquarters_register_each_key_once_and_replace_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "trusted"
    assert trusted_keys(folder) == {}
    first = trust(folder, _pub(tmp_path, "BKO"))
    trust(folder, _pub(tmp_path, "BKO"))  # the same key again: nothing changes
    assert list(trusted_keys(folder)) == [first.fingerprint]
    renewed = _pub(tmp_path, "BKO", "renewed")
    with pytest.raises(Refused, match="BKO already has another registered key"):
        trust(folder, renewed)
    trust(folder, renewed, replace=True)
    assert [k.office_code for k in trusted_keys(folder).values()] == ["BKO"]
    assert first.fingerprint not in trusted_keys(folder)
    stolen = tmp_path / "stolen.pub"
    write_public_key(stolen, "CKY", "Conakry", office_signer("renewed").public_bytes)
    with pytest.raises(Refused, match="already registered for office BKO"):
        trust(folder, stolen)
