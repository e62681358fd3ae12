"""Scoring one pair of prepared records: evidence weights added as log-odds, with reasons.

Each field gives a weight: positive when the two records agree (more when the agreement is rare:
sharing ``Kuyateh`` says more than sharing ``Traoré``), negative when they clearly disagree (a
different full date of birth, sex, phone or document), zero when one side is missing. The sum is
turned into a score in 0..1 by a logistic curve centred on ``OFFSET``.
"""

from __future__ import annotations

import math

from rapidfuzz.distance import OSA, Indel

from models.duplicates.prepared import MIN_U, Frequencies, Prepared
from models.duplicates.records import Reason

# Total evidence at which the score is 0.5, and the spread of the logistic curve.
OFFSET = 8.0
SCALE = 1.5

# Name tokens.
ONE_SLIP = 0.75  # share of a token's weight kept by a typo
SHORT_SLIP = 0.3  # ... by a typo in a three-letter name
TWO_SLIPS = 0.45  # ... by two typos in a long name
SHORT_FORM = 0.5  # ... by a short form (the start of the other name)
MISSING_TOKEN = -5.0  # a token of the shorter name with no counterpart
EXTRA_TOKEN = -1.0  # each further token of the longer name (dropped middle name)
NO_NAME_MATCH = -8.0
NAME_CAP = 5.5  # name tokens are not independent: a whole rare name is worth about this

# Dates of birth.
SAME_DATE = 6.0
DAY_MONTH_SWAPPED = 4.5
SAME_DAY_MONTH_YEAR_APART = 4.0
SAME_YEAR_MONTH = -2.5
SAME_YEAR_OTHER_DAY = -3.5
YEAR_ONLY_SAME = 2.5
YEAR_ONLY_APART = 0.5
YEAR_ONLY_TWO_APART = -2.0
DIFFERENT_BIRTH = -5.0
DIGIT_TYPO_YEAR = -1.0  # same day and month, years differ by one digit (1990 / 1980)

SAME_SEX = 0.6
DIFFERENT_SEX = -5.0
DIFFERENT_NATIONALITY = -3.5
MAX_NATIONALITY = 1.5
MAX_PHONE = 6.0
DIFFERENT_PHONE = -1.5
SAME_DOCUMENT = 10.0
SIMILAR_DOCUMENT = 2.5
DIFFERENT_DOCUMENT = -2.0
MAX_PLACE = 2.5
SIMILAR_PLACE = 0.8
DIFFERENT_PLACE = -2.2


_similarity_cache: dict[tuple[str, str, str, str], float] = {}


def key_similarity(a: str, b: str, a_folded: str = "", b_folded: str = "") -> float:
    """How much of a name token's weight two different tokens earn (0: they do not match).

    One slip (a letter dropped, added, changed or two swapped) in the spelling or in the
    phonetic key keeps most of the weight; two slips in a long name keep some. The spelling
    matters because a typo can change a key more than the spelling (``Diakité`` / ``Dikité``).
    """
    pair = (a, b, a_folded, b_folded) if a < b else (b, a, b_folded, a_folded)
    factor = _similarity_cache.get(pair)
    if factor is None:
        factor = _slip_factor(OSA.distance(a, b), min(len(a), len(b)))
        if a_folded and b_folded:
            slips = OSA.distance(a_folded, b_folded)
            factor = max(factor, _slip_factor(slips, min(len(a_folded), len(b_folded))))
            short, long_ = sorted((a_folded, b_folded), key=len)
            if len(short) >= 4 and long_.startswith(short):
                factor = max(factor, SHORT_FORM)  # Rokia / Rokiatou, Fatou / Fatoumata
        if len(_similarity_cache) > 500_000:
            _similarity_cache.clear()
        _similarity_cache[pair] = factor
    return factor


def _slip_factor(slips: int, length: int) -> float:
    if slips == 1:
        return ONE_SLIP if length >= 4 else SHORT_SLIP if length == 3 else 0.0
    if slips == 2 and length >= 6:
        return TWO_SLIPS
    return 0.0


def logistic(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-(total - OFFSET) / SCALE))


def _names(p: Prepared, q: Prepared, freq: Frequencies, reasons: list[Reason] | None) -> float:
    """Evidence from the two sets of name tokens (order and columns ignored)."""
    if not p.keys or not q.keys:
        return 0.0
    if p.keyset == q.keyset:
        total = 0.0
        for i, key in enumerate(p.keys):
            total += freq.name_weight(key)
            if reasons is not None:
                _name_reason(reasons, p.shown[i], q.shown[q.keys.index(key)])
        if reasons is not None:
            _swap_reason(reasons, p, q)
        return min(total - freq.size_term(), NAME_CAP)
    short, long_ = (p, q) if len(p.keys) <= len(q.keys) else (q, p)
    flip = short is not p
    agree = 0.0  # positive evidence, capped below
    disagree = EXTRA_TOKEN * (len(long_.keys) - len(short.keys))
    matched = 0
    left: list[int] = []
    right = [j for j, key in enumerate(long_.keys) if key not in short.keyset]
    for i, key in enumerate(short.keys):
        if key in long_.keyset:
            agree += freq.name_weight(key)
            matched += 1
            if reasons is not None:
                _name_reason(reasons, short.shown[i], long_.shown[long_.keys.index(key)], flip)
        else:
            left.append(i)
    if left and len(right) >= 2:
        agree += _compound(short, long_, left, right, freq, reasons, flip)
        matched = len(short.keys) - len(left)
    if left and right:
        # Greedy alignment of the rest by similarity of their keys (typos, vowel changes).
        scored = sorted(
            (
                (
                    key_similarity(short.keys[i], long_.keys[j], short.folded[i], long_.folded[j]),
                    i,
                    j,
                )
                for i in left
                for j in right
            ),
            reverse=True,
        )
        used_i: set[int] = set()
        used_j: set[int] = set()
        for factor, i, j in scored:
            if factor <= 0:
                break
            if i in used_i or j in used_j:
                continue
            used_i.add(i)
            used_j.add(j)
            a, b = short.keys[i], long_.keys[j]
            agree += min(freq.name_weight(a), freq.name_weight(b)) * factor
            matched += 1
            if reasons is not None:
                _name_reason(reasons, short.shown[i], long_.shown[j], flip)
        left = [i for i in left if i not in used_i]
        right = [j for j in right if j not in used_j]
    if matched == 0:
        if reasons is not None:
            reasons.append(
                Reason("names_different", {"a": " ".join(p.shown), "b": " ".join(q.shown)})
            )
        return NO_NAME_MATCH
    disagree += MISSING_TOKEN * len(left)
    if reasons is not None:
        if left:
            a_shown = " ".join(short.shown[i] for i in left)
            b_shown = " ".join(long_.shown[j] for j in right) or "-"
            if flip:
                a_shown, b_shown = b_shown, a_shown
            reasons.append(Reason("names_different", {"a": a_shown, "b": b_shown}))
        else:
            for j in right:
                reasons.append(Reason("name_missing", {"name": long_.shown[j]}))
        _swap_reason(reasons, p, q)
    return max(min(agree - freq.size_term(), NAME_CAP) + disagree, NO_NAME_MATCH)


def _compound(
    short: Prepared,
    long_: Prepared,
    left: list[int],
    right: list[int],
    freq: Frequencies,
    reasons: list[Reason] | None,
    flip: bool,
) -> float:
    """``Abdoulaziz`` against ``Abdoul Aziz``: one token matching two joined ones."""
    total = 0.0
    for i in list(left):
        best = (0.0, -1, -1)
        for j in right:
            for k in right:
                if j != k:
                    sim = OSA.normalized_similarity(short.keys[i], long_.keys[j] + long_.keys[k])
                    if sim > best[0]:
                        best = (sim, j, k)
        sim, j, k = best
        if sim >= 0.85:
            left.remove(i)
            right.remove(j)
            right.remove(k)
            total += freq.name_weight(short.keys[i]) * 0.8
            if reasons is not None:
                joined = long_.shown[j] + " " + long_.shown[k]
                _name_reason(reasons, short.shown[i], joined, flip)
            if len(right) < 2:
                break
    return total


def _name_reason(reasons: list[Reason], a: str, b: str, flip: bool = False) -> None:
    if flip:
        a, b = b, a
    if a.casefold() == b.casefold():
        reasons.append(Reason("same_name", {"name": a}))
    else:
        reasons.append(Reason("names_similar", {"a": a, "b": b}))


def _swap_reason(reasons: list[Reason], p: Prepared, q: Prepared) -> None:
    if (
        p.family
        and q.family
        and not set(p.family) & set(q.family)
        and set(p.family) <= set(q.keyset)
    ):
        reasons.append(Reason("names_swapped"))


def _birth(p: Prepared, q: Prepared, reasons: list[Reason] | None) -> float:
    """Evidence from the dates of birth, knowing their precision."""
    if not p.year or not q.year:
        return 0.0
    gap = abs(p.year - q.year)
    if p.precise and q.precise:
        if gap == 0 and p.month == q.month and p.day == q.day:
            weight, code = SAME_DATE, "same_birth_date"
        elif gap == 0 and p.month == q.day and p.day == q.month:
            weight, code = DAY_MONTH_SWAPPED, "birth_day_month_swapped"
        elif p.month == q.month and p.day == q.day:
            if gap == 1:
                weight, code = SAME_DAY_MONTH_YEAR_APART, "birth_year_apart"
            elif _one_digit_apart(p.year, q.year):
                weight, code = DIGIT_TYPO_YEAR, "birth_close"
            else:
                weight, code = DIFFERENT_BIRTH, "birth_different"
        elif gap == 0 and p.month == q.month:
            weight, code = SAME_YEAR_MONTH, "birth_close"
        elif gap == 0:
            weight, code = SAME_YEAR_OTHER_DAY, "birth_different"
        else:
            weight, code = DIFFERENT_BIRTH, "birth_different"
    elif gap == 0:
        weight, code = YEAR_ONLY_SAME, "birth_compatible"
    elif gap == 1:
        weight, code = YEAR_ONLY_APART, "birth_year_apart"
    elif gap == 2:
        weight, code = YEAR_ONLY_TWO_APART, "birth_different"
    else:
        weight, code = DIFFERENT_BIRTH, "birth_different"
    if reasons is not None:
        if code == "same_birth_date":
            reasons.append(Reason(code, {"date": p.birth_text()}))
        else:
            reasons.append(Reason(code, {"a": p.birth_text(), "b": q.birth_text()}))
    return weight


def _one_digit_apart(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(str(a), str(b), strict=False)) == 1


def upper_bound(p: Prepared, q: Prepared) -> float:
    """The most evidence ``score_pair`` could give (names at their best): a cheap filter."""
    total = NAME_CAP + _birth(p, q, None)
    if p.sex and q.sex:
        total += SAME_SEX if p.sex == q.sex else DIFFERENT_SEX
    if p.phone and q.phone:
        total += MAX_PHONE if p.phone == q.phone else DIFFERENT_PHONE
    if p.document and q.document:
        total += SAME_DOCUMENT if p.document == q.document else SIMILAR_DOCUMENT
    if p.nationality and q.nationality:
        total += MAX_NATIONALITY if p.nationality == q.nationality else DIFFERENT_NATIONALITY
    if p.place and q.place:
        total += MAX_PLACE if p.place == q.place else SIMILAR_PLACE
    return total


def score_pair(
    p: Prepared, q: Prepared, freq: Frequencies, reasons: list[Reason] | None = None
) -> float:
    """Total log-odds evidence that ``p`` and ``q`` are the same person (reasons if a list)."""
    total = _names(p, q, freq, reasons)
    total += _birth(p, q, reasons)
    if p.sex and q.sex:
        if p.sex == q.sex:
            total += SAME_SEX
        else:
            total += DIFFERENT_SEX
            if reasons is not None:
                reasons.append(Reason("different_sex"))
    if p.phone and q.phone:
        if p.phone == q.phone:
            total += min(math.log(0.95 / freq.u(freq.phones, p.phone)), MAX_PHONE)
            if reasons is not None:
                reasons.append(Reason("same_phone"))
        else:
            total += DIFFERENT_PHONE
            if reasons is not None:
                reasons.append(Reason("different_phone"))
    if p.document and q.document:
        if p.document == q.document:
            total += min(math.log(0.95 / freq.u(freq.documents, p.document)), SAME_DOCUMENT)
            if reasons is not None:
                reasons.append(Reason("same_document"))
        elif min(len(p.document), len(q.document)) >= 6 and (
            Indel.normalized_similarity(p.document, q.document) >= 0.8
        ):
            total += SIMILAR_DOCUMENT
            if reasons is not None:
                reasons.append(
                    Reason(
                        "similar_document",
                        {"a": p.document_shown, "b": q.document_shown},
                    )
                )
        else:
            total += DIFFERENT_DOCUMENT
            if reasons is not None:
                reasons.append(Reason("different_document"))
    if p.nationality and q.nationality:
        if p.nationality == q.nationality:
            u = freq.u(freq.nationalities, p.nationality)
            total += min(math.log(0.97 / u), MAX_NATIONALITY)
            if reasons is not None:
                reasons.append(Reason("same_nationality", {"a": p.nationality}))
        else:
            total += DIFFERENT_NATIONALITY
            if reasons is not None:
                reasons.append(
                    Reason("different_nationality", {"a": p.nationality, "b": q.nationality})
                )
    if p.place and q.place:
        total += _place(p, q, freq, reasons)
    return total


def _place(p: Prepared, q: Prepared, freq: Frequencies, reasons: list[Reason] | None) -> float:
    assert p.place and q.place
    shown_a = p.place_shown
    shown_b = q.place_shown
    if p.place == q.place:
        if reasons is not None:
            reasons.append(Reason("same_place", {"place": shown_a}))
        # Share of the place among people of the same nationality when both share one:
        # namesakes of one country are born in its few towns.
        if p.nationality and p.nationality == q.nationality:
            count = freq.places.get(f"{p.nationality} {p.place}", 0)
            share = max(count, 1) / max(freq.nationalities.get(p.nationality, 1), 1)
            u = min(max(share, MIN_U), 0.9)
        else:
            u = freq.u(freq.places, p.place)
        return min(math.log(0.7 / u), MAX_PLACE)
    if Indel.normalized_similarity(p.place, q.place) >= 0.85:
        if reasons is not None:
            reasons.append(Reason("similar_place", {"a": shown_a, "b": shown_b}))
        return SIMILAR_PLACE
    if reasons is not None:
        reasons.append(Reason("different_place", {"a": shown_a, "b": shown_b}))
    return DIFFERENT_PLACE
