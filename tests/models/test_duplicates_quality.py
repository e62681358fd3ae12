"""Precision and recall of the duplicate engine on labelled registers (see support.registers)."""

from __future__ import annotations

import pytest
from support.registers import evaluate, generate_register

from models.duplicates import DEFAULT_THRESHOLD, DuplicateIndex


@pytest.mark.parametrize("seed", [101, 202])
def test_quality_on_a_3000_row_register(seed: int) -> None:
    register = generate_register(3000, seed=seed)
    assert 0.06 < len({p for pair in register.duplicate_pairs for p in pair}) / 3000 < 0.25
    assert len(register.hard_negative_pairs) > 100
    index = DuplicateIndex.build(register.records)
    flagged = {(m.a, m.b) for m in index.scan(DEFAULT_THRESHOLD)}
    precision, recall, _f1, hard_share = evaluate(flagged, register)
    assert precision >= 0.95, f"precision {precision:.3f}"
    assert recall >= 0.95, f"recall {recall:.3f}"
    assert hard_share <= 0.02, f"hard negatives flagged {hard_share:.3f}"


def test_generator_is_deterministic_and_labelled() -> None:
    a = generate_register(500, seed=9)
    b = generate_register(500, seed=9)
    assert a.records == b.records and a.duplicate_pairs == b.duplicate_pairs
    assert a.records != generate_register(500, seed=10).records
    for x, y in a.duplicate_pairs:
        assert x < y and a.person_of[x] == a.person_of[y]
    for x, y in a.hard_negative_pairs:
        rx, ry = a.records[x - 1], a.records[y - 1]
        assert a.person_of[x] != a.person_of[y] and rx.nationality == ry.nationality
