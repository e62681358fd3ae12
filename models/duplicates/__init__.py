"""Duplicate and repeat-claim detection for returnee registers (pure Python, no Qt, no database).

Build a ``DuplicateIndex`` from ``PersonRecord``s, then ``scan()`` it for every likely pair or
ask ``candidates_for()`` about one new registration. Each ``Match`` carries a score in 0..1 and
its ``reasons`` in words (English message ids, French in ``resources/i18n/fr/duplicates.po``).

The score is a logistic curve over summed evidence (log-odds): name tokens compared as a set
through a West African phonetic key and typo tolerance, weighted by their rarity in the indexed
register; dates of birth with their precision; sex, nationality, phone, document, place of
origin. ``DEFAULT_THRESHOLD`` (0.5) was set on labelled registers of 3,000 rows (see
``tests/support/registers.py`` and ``bench/bench_duplicates.py``).
"""

from __future__ import annotations

from models.duplicates.engine import DEFAULT_THRESHOLD, DuplicateIndex
from models.duplicates.phonetic import phonetic_key
from models.duplicates.records import Match, PersonRecord, Reason

__all__ = [
    "DEFAULT_THRESHOLD",
    "DuplicateIndex",
    "Match",
    "PersonRecord",
    "Reason",
    "phonetic_key",
]
