"""Hostile files through every importer (registrations, disbursements, decisions): random bytes,
truncated and damaged zips, a zip bomb, and the committed corpus of hostile files. Each is
refused with one line (or read); nothing is written by a refusal."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.checks import chain_intact, counts, refused_or_done
from fuzz.hostile import GOOD_ROW, REGISTRATION_HEADER, random_bytes, truncated, zip_bomb
from models.errors import RgmError, Unusable
from models.registrations import import_registrations
from reports.imports.decisions import import_decisions
from reports.imports.disbursements import import_disbursements
from reports.registration_parse import parse_registrations

CORPUS = Path(__file__).parent / "corpus"
TODAY = dt.date(2026, 11, 30)


def _every_importer(office: dict, path: Path) -> list[object]:
    db = office["db"]
    before = counts(db)
    outcomes = []
    parsed = refused_or_done(lambda: parse_registrations(path, today=TODAY))
    if not isinstance(parsed, RgmError):
        parsed = refused_or_done(
            lambda: import_registrations(
                db, office["registrar"], parsed, skip_invalid=True, dry_run=True
            )  # fmt: skip
        )
    outcomes.append(parsed)
    outcomes.append(refused_or_done(
        lambda: import_disbursements(db, office["finance"], path, dry_run=True, today=TODAY)
    ))  # fmt: skip
    outcomes.append(refused_or_done(
        lambda: import_decisions(db, office["approver"], path, dry_run=True)
    ))  # fmt: skip
    assert counts(db) == before  # dry runs and refusals write nothing
    assert chain_intact(db)
    return outcomes


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(list(REGISTRATION_HEADER))
    wb.active.append(list(GOOD_ROW))
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_the_corpus_of_hostile_files(office, name: str) -> None:
    _every_importer(office, CORPUS / name)


@given(
    head=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<?xml"]),
    seed=st.integers(0, 2**32),
    size=st.integers(0, 4096),
)
def test_random_bytes(office, head: bytes, seed: int, size: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = random_bytes(Path(folder) / "r.xlsx", seed, size, head)
        for outcome in _every_importer(office, path):
            assert isinstance(outcome, Unusable), outcome


@given(keep=st.floats(0.0, 0.999), flip=st.lists(st.integers(0, 10**6), max_size=4))
def test_truncated_and_damaged_workbooks(office, keep: float, flip: list[int]) -> None:
    data = bytearray(_xlsx_bytes())
    for position in flip:  # a few damaged bytes
        data[position % len(data)] ^= 0xFF
    with tempfile.TemporaryDirectory() as folder:
        whole = Path(folder) / "whole.xlsx"
        whole.write_bytes(bytes(data))
        _every_importer(office, truncated(whole, Path(folder) / "cut.xlsx", keep))
        _every_importer(office, whole)


def test_a_zip_bomb_is_refused_quickly(office, tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx", megabytes=1100)
    assert bomb.stat().st_size < 5 << 20
    started = time.perf_counter()
    for outcome in _every_importer(office, bomb):
        assert isinstance(outcome, Unusable) and "unpacks to" in str(outcome), outcome
    assert time.perf_counter() - started < 30
