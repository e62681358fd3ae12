"""A last-use scan (blocks freed while pairs are gathered) finds exactly what a scan finds."""

from __future__ import annotations

import pytest
from support.registers import generate_register

from models.duplicates import DuplicateIndex


def test_last_use_scan_finds_the_same_pairs_then_refuses_reuse() -> None:
    register = generate_register(3000, seed=101)
    records = register.records
    kept = DuplicateIndex.build(records)
    expected = kept.scan()
    throwaway = DuplicateIndex.build(iter(records))  # streamed, as from the database
    found = throwaway.scan(last_use=True)
    assert len(expected) > 100
    assert found == expected
    assert throwaway.last_scan_pairs == kept.last_scan_pairs
    with pytest.raises(RuntimeError):
        throwaway.scan()
    with pytest.raises(RuntimeError):
        throwaway.candidates_for(records[0])
    # The kept index still answers.
    assert kept.scan() == expected
