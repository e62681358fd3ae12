"""Records prepared for comparison, and the frequencies of their values in the register.

A ``Prepared`` record holds the folded fields of a ``PersonRecord`` (name tokens with their
phonetic keys, date parts, phone and document digits, place); ``Frequencies`` counts how often
each value occurs among the indexed records, for the rarity weights of ``compare``.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from models.duplicates.normalise import (
    document_key,
    name_words,
    phone_digits,
    place_key,
    significant,
)
from models.duplicates.phonetic import phonetic_key
from models.duplicates.records import PersonRecord

NAME_M = 0.9  # probability that a true duplicate agrees on a name token
MIN_U = 1.0 / 2000  # rarest frequency we trust (keeps weights stable across register sizes)
REFERENCE_SIZE = 3000  # register size the weights are set for (see Frequencies.size_term)
# Shares are not measurable in a register of a few people (a new office): there, each value
# counts as a share of this many records, else an exact copy of the only person registered
# scored 0.3 (every name, phone and date "held by everyone") and was never flagged.
SMALL_REGISTER = 100


@lru_cache(maxsize=100_000)
def _name_parts(
    family_name: str, given_names: str
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(as written, folded, phonetic key) of each distinct name token, the keys sorted (a set
    of at most a few keys), and the keys of the family name."""
    family = significant(name_words(family_name))
    given = significant(name_words(given_names))
    shown: list[str] = []
    folded_words: list[str] = []
    keys: list[str] = []
    for word_shown, folded in family + given:
        key = phonetic_key(folded)
        if key in keys:
            continue
        keys.append(key)
        shown.append(word_shown)
        folded_words.append(folded)
    family_keys = tuple(sorted({phonetic_key(folded) for _, folded in family}))
    return tuple(shown), tuple(folded_words), tuple(keys), tuple(sorted(keys)), family_keys


class Prepared:
    """The folded fields of one record, computed once when it enters the index."""

    __slots__ = (
        "id",
        "shown",
        "folded",
        "keys",
        "keyset",
        "document_shown",
        "place_shown",
        "family",
        "sex",
        "year",
        "month",
        "day",
        "precise",
        "nationality",
        "phone",
        "document",
        "place",
    )

    def __init__(self, record: PersonRecord) -> None:
        self.id = record.id
        # Plain tuples and strings: a big index adds few objects for the garbage collector.
        self.shown, self.folded, self.keys, self.keyset, self.family = _name_parts(
            record.family_name, record.given_names
        )
        self.document_shown = record.document_number or ""
        self.place_shown = record.place_of_origin or ""
        self.sex = record.sex or None
        birth = record.birth_date
        self.year = birth.year if birth else 0
        # 1 January is the usual filler for an unknown day: it says no more than the year.
        self.precise = (
            birth is not None
            and record.birth_precision != "year"
            and (birth.month, birth.day) != (1, 1)
        )
        self.month = birth.month if birth and self.precise else 0
        self.day = birth.day if birth and self.precise else 0
        self.nationality = record.nationality or None
        self.phone = phone_digits(record.phone)
        self.document = document_key(record.document_number)
        self.place = place_key(record.place_of_origin)

    def birth_text(self) -> str:
        if not self.year:
            return "?"
        if not self.precise:
            return str(self.year)
        return f"{self.day:02d}-{self.month:02d}-{self.year}"


@dataclass
class Frequencies:
    """How often each value occurs among the indexed records (for rarity weights)."""

    total: int = 0
    names: Counter[str] = field(default_factory=Counter)
    phones: Counter[str] = field(default_factory=Counter)
    documents: Counter[str] = field(default_factory=Counter)
    nationalities: Counter[str] = field(default_factory=Counter)
    places: Counter[str] = field(default_factory=Counter)

    _weights: dict[str, float] = field(default_factory=dict)

    def add(self, p: Prepared) -> None:
        self.total += 1
        if self._weights:
            self._weights.clear()
        self.names.update(p.keys)
        if p.phone:
            self.phones[p.phone] += 1
        if p.document:
            self.documents[p.document] += 1
        if p.nationality:
            self.nationalities[p.nationality] += 1
        if p.place:
            self.places[p.place] += 1
            if p.nationality:
                self.places[f"{p.nationality} {p.place}"] += 1

    def u(self, counter: Counter[str], value: str) -> float:
        """Share of records holding ``value``, within [MIN_U, 0.9]."""
        share = max(counter.get(value, 0), 1) / max(self.total, SMALL_REGISTER)
        return MIN_U if share < MIN_U else 0.9 if share > 0.9 else share

    def size_term(self) -> float:
        """How much more a name agreement must weigh in a register bigger than REFERENCE_SIZE.

        Token weights measure rarity as a share of the register; the number of namesakes a
        person has grows with the register, so the same shares are weaker evidence there.
        """
        return math.log(self.total / REFERENCE_SIZE) if self.total > REFERENCE_SIZE else 0.0

    def name_weight(self, key: str) -> float:
        """Log-odds weight of agreeing on one name token: rare names weigh more."""
        weight = self._weights.get(key)
        if weight is None:
            weight = self._weights[key] = math.log(NAME_M / self.u(self.names, key))
        return weight
