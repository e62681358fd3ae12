"""Duplicate and repeat-claim detection for returnee registers (pure Python, no Qt, no database).

Build a ``DuplicateIndex`` from ``PersonRecord``s, then ``scan()`` it for every likely pair or
ask ``candidates_for()`` one new registration. Each ``Match`` carries a score in 0..1 and its
``reasons`` in words (English message ids, French in ``resources/i18n/fr/duplicates.po``).
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
