"""The duplicate index: blocking of candidate pairs, then scoring of each candidate pair.

Blocking never compares all pairs. A record enters a few dozen blocks, and only records sharing
a block are compared. Name blocks carry the birth year and also meet the next year's block, so
±1 year and year-only dates still meet:

- ``n``: each pair of the phonetic keys of its name tokens (swapped columns and a dropped middle
  name keep a shared pair);
- ``f``: the key of one token with the start, the end or the set of letters of another (a typo
  in one token);
- ``s``: a single key, used only while the block is small (``SINGLE_CAP``: a rare name shared by
  records whose other names differ);
- ``d``: the start or the letters of one token with the full date of birth, day and month sorted
  (typos in every other token, a day/month swap);
- ``p`` / ``i``: the phone digits, the document number and its sorted characters.

Blocks bigger than ``BLOCK_CAP`` carry little information (a placeholder phone, the most common
name in a huge register); in those, each record is only compared with its ``WINDOW`` neighbours
in name order. A cheap upper bound of the evidence (everything but the names at their best)
discards most candidate pairs before names are compared.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from array import array
from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain, combinations
from struct import Struct
from typing import Union

from models.duplicates.compare import OFFSET, SCALE, logistic, score_pair, upper_bound
from models.duplicates.prepared import Frequencies, Prepared
from models.duplicates.records import Match, PersonRecord, Reason
from models.jobs import NO_JOB, Job

DEFAULT_THRESHOLD = 0.5
BLOCK_CAP = 400
_PARTS = 16  # sets the candidate pairs are sorted into (see _candidate_pairs)
SINGLE_CAP = 12  # a single name token (with the year) is a block only when this rare
WINDOW = 30


def _letters(word: str) -> str:
    return "".join(sorted(set(word)))


@lru_cache(maxsize=100_000)
def _name_stems(keys: tuple[str, ...], folded: tuple[str, ...]) -> tuple[str, ...]:
    """The name blocks of a name, without their year (the same names recur a lot)."""
    ordered = sorted(keys)
    stems = [f"n|{ordered[0]}|"] if len(ordered) == 1 else []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            stems.append(f"n|{a}|{b}")
    # A typo in one token: the key of another token with the start or the end of the damaged
    # one's key, or the set of letters of its spelling (a swap of two letters keeps the set).
    if len(keys) <= 4:
        fragments = []
        for key, word in zip(keys, folded, strict=True):
            cut = 3 if len(key) < 7 else 4
            parts = [key[:cut] + "-"]
            if len(key) > 3:
                parts.append("-" + key[-cut:])
            if len(word) > 3:
                parts.append(_letters(word))
            fragments.append(parts)
        for i, a in enumerate(keys):
            for j, parts in enumerate(fragments):
                if i != j:
                    stems.extend(f"f|{a}|{part}" for part in parts)
    # Each single token: only its small blocks are used (rare names, see SINGLE_CAP).
    stems.extend(f"s|{key}" for key in ordered)
    return tuple(stems)


@lru_cache(maxsize=100_000)
def _date_stems(keys: tuple[str, ...], folded: tuple[str, ...]) -> tuple[str, ...]:
    """The start and the letters of each name token, for the blocks with a full date."""
    stems: list[str] = []
    for key, word in zip(keys, folded, strict=True):
        stems.append(f"d|{key[:4]}|")
        stems.append(f"d|{_letters(word)}|")
    return tuple(stems)


def _blocks_of(p: Prepared) -> list[str]:
    """The keys of the blocks a record belongs to.

    Name blocks end with the birth year (``|0000`` when unknown) and meet the next year's block.
    """
    year = f"|{p.year:04d}"
    blocks = [stem + year for stem in _name_stems(p.keys, p.folded)]
    if p.precise:
        lo, hi = sorted((p.day, p.month))
        date = f"{p.year}-{lo}-{hi}"
        blocks.extend(stem + date for stem in _date_stems(p.keys, p.folded))
    if p.phone:
        blocks.append(f"p|{p.phone}")
    if p.document:
        blocks.append(f"i|{p.document}")
        blocks.append(f"i|{''.join(sorted(p.document))}")  # two digits swapped
    return blocks


_INT = array("i").itemsize
# A block being built: its only member, or its members in increasing order.
_Staged = Union[int, "array[int]", bytes]
_pack_int = Struct("i").pack


def _packed(members: _Staged) -> bytes:
    if type(members) is int:
        return _pack_int(members)
    return members if isinstance(members, bytes) else members.tobytes()  # type: ignore[union-attr]


def _members(data: bytes) -> memoryview:
    """The internal indexes packed in a block."""
    return memoryview(data).cast("i")


def _year_based(key: str) -> bool:
    return key[0] in "nfs"


class DuplicateIndex:
    """Prepared records, their blocks and the frequencies of their names, phones, places."""

    def __init__(self) -> None:
        self._records: list[Prepared] = []
        self._by_id: dict[int, int] = {}
        self._freq = Frequencies()
        # block key -> internal indexes in increasing order, packed as C ints
        self._blocks: dict[str, bytes] = {}
        self._replaced: set[int] = set()  # earlier versions of records added again
        self.last_scan_pairs = 0
        self.last_scan_complete = True
        self._released = False  # after a last-use scan

    @classmethod
    def build(
        cls,
        records: Iterable[PersonRecord],
        job: Job = NO_JOB,
    ) -> DuplicateIndex:
        """An index of ``records`` (progress reported every 5,000 records).

        ``records`` may be an iterator (records read from the database as they come): each one
        is kept only as its prepared form. Its progress total is then the count so far.
        """
        index = cls()
        total = len(records) if isinstance(records, Sized) else 0
        staging: dict[str, _Staged] = {}
        with _no_gc():
            for n, record in enumerate(records, 1):
                index._index(record, staging)
                if n % 5000 == 0:
                    job.progress(n, max(total, n))
                    if job.is_cancelled:
                        break
            # Blocks are kept as packed bytes: compact, and not tracked by the garbage collector.
            # Converted in place, so the arrays are freed as the bytes are made (memory peak).
            for key, members in staging.items():
                staging[key] = _packed(members)
            index._blocks = staging  # type: ignore[assignment]
            del staging
        job.progress(len(index), max(total, len(index)))
        return index

    def __len__(self) -> int:
        return len(self._records)

    def add(self, record: PersonRecord) -> None:
        """Index one more record (a new registration, or a new version of an indexed one)."""
        staging: dict[str, _Staged] = {}
        self._index(record, staging)
        blocks = self._blocks
        for key, members in staging.items():
            blocks[key] = blocks.get(key, b"") + _packed(members)

    def _index(self, record: PersonRecord, staging: dict[str, _Staged]) -> None:
        p = Prepared(record)
        idx = len(self._records)
        self._records.append(p)
        previous = self._by_id.get(record.id)
        if previous is not None:  # an edited record replaces its earlier version
            self._replaced.add(previous)
        self._by_id[record.id] = idx
        self._freq.add(p)
        for block in _blocks_of(p):
            members = staging.get(block)
            if members is None:
                # Most blocks keep a single member: a plain int until a second one comes.
                staging[block] = idx
            elif type(members) is int:
                if members != idx:  # a record enters a block once
                    staging[block] = array("i", (members, idx))
            elif members[-1] != idx:  # type: ignore[index]
                members.append(idx)  # type: ignore[union-attr]

    # -- scan ----------------------------------------------------------------------------------

    def _candidate_pairs(self, release: bool = False) -> list[set[int]]:
        """Encoded pairs ``i * n + j`` (i < j) of records sharing a block, each once, in a few
        sets (each pair in one): gathered as packed codes first, then sorted out in parts, so
        that no set of a million pairs doubles its table at the memory peak.

        ``release``: blocks that no other block looks up (all but the name blocks, which meet
        the next year's) are dropped as they are read, their memory reused by the pairs.
        """
        n = len(self._records)
        codes = array("q")
        blocks = self._blocks
        records = self._records
        add = codes.append
        update = codes.extend
        # Records without a birth year meet their name blocks of every year (first: this
        # looks up every kind of block).
        undated = [i for i, p in enumerate(records) if not p.year]
        for i in undated:
            for j in self._neighbours(records[i], all_years=True):
                if j != i:
                    add(i * n + j if i < j else j * n + i)
        for key in list(blocks) if release else blocks:
            data = blocks.pop(key) if release and not _year_based(key) else blocks[key]
            nxt_data = b""
            if _year_based(key) and not key.endswith("|0000"):
                nxt_data = blocks.get(f"{key[:-4]}{int(key[-4:]) + 1:04d}", b"")
            size = (len(data) + len(nxt_data)) // _INT
            if size < 2:
                continue
            if key[0] == "s" and size > SINGLE_CAP:
                continue
            members = _members(data)
            nxt = _members(nxt_data) if nxt_data else None
            if size > BLOCK_CAP:
                _windowed([*members, *(nxt or ())], records, n, add)
                continue
            # Members are in index order (records are appended), so i < j within a block.
            if len(members) > 1:
                update(i * n + j for i, j in combinations(members, 2))
            if nxt:
                for i in members:
                    for j in nxt:
                        add(i * n + j if i < j else j * n + i)
        if release:
            self._blocks = {}
            self._released = True
        parts: list[set[int]] = [set() for _ in range(_PARTS)]
        adds = [part.add for part in parts]
        for code in codes:
            adds[code % _PARTS](code)
        return parts

    def scan(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        job: Job = NO_JOB,
        last_use: bool = False,
    ) -> list[Match]:
        """Every pair of indexed records scoring at least ``threshold``, best first.

        If ``job`` is cancelled, stops and returns what was found so far
        (``last_scan_complete`` is then false). ``last_use``: the index is dropped after this
        scan, so its blocks are freed while the pairs are gathered (a lower memory peak); it
        cannot be scanned or asked again.
        """
        if self._released:
            raise RuntimeError("this duplicate index was released by a last-use scan")
        parts = self._candidate_pairs(release=last_use)
        self.last_scan_pairs = sum(map(len, parts))
        self.last_scan_complete = True
        records = self._records
        freq = self._freq
        n = len(records)
        total = self.last_scan_pairs
        step = 20_000
        # Compare the raw evidence with the threshold, not the score: no exp() per pair.
        if threshold <= 0:
            floor = -math.inf
        elif threshold >= 1:
            floor = math.inf
        else:
            floor = OFFSET - SCALE * math.log(1 / threshold - 1)
        replaced = self._replaced
        hits: list[tuple[int, int]] = []
        for done, code in enumerate(chain.from_iterable(parts)):
            if done % step == 0:
                job.progress(done, total)
                if job.is_cancelled:
                    self.last_scan_complete = False
                    break
            i, j = divmod(code, n)
            if replaced and (i in replaced or j in replaced):
                continue
            p, q = records[i], records[j]
            # Most pairs of a block are namesakes with clearly different dates: skip the names.
            if upper_bound(p, q) >= floor and score_pair(p, q, freq) >= floor:
                hits.append((i, j))
        job.progress(total, total)
        matches = [self._match(records[i], records[j]) for i, j in hits]
        matches.sort(key=lambda m: (-m.score, m.a, m.b))
        return matches

    def _match(self, p: Prepared, q: Prepared) -> Match:
        reasons: list[Reason] = []
        total = score_pair(p, q, self._freq, reasons)
        a, b = (p, q) if p.id <= q.id else (q, p)
        if a is not p:
            reasons = []
            total = score_pair(a, b, self._freq, reasons)
        return Match(a.id, b.id, round(logistic(total), 4), tuple(_ordered(reasons)))

    # -- live check ----------------------------------------------------------------------------

    def _neighbours(self, p: Prepared, all_years: bool = False) -> set[int]:
        """Internal indexes sharing a block with ``p`` (in adjacent years for name blocks)."""
        if self._released:
            raise RuntimeError("this duplicate index was released by a last-use scan")
        found: set[int] = set()
        blocks = self._blocks
        for key in _blocks_of(p):
            if not _year_based(key):
                lookups: Iterable[str] = (key,)
            else:
                base, year = key[:-4], int(key[-4:])
                if year and not all_years:
                    years: Iterable[int] = (0, year - 1, year, year + 1)
                else:
                    years = (0, *range(1900, dt.date.today().year + 1))
                lookups = [f"{base}{y:04d}" for y in years]
            for lookup in lookups:
                data = blocks.get(lookup)
                if data and (key[0] != "s" or len(data) <= SINGLE_CAP * _INT):
                    found.update(_members(data)[: BLOCK_CAP * 5])
        return found

    def candidates_for(
        self, record: PersonRecord, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """The indexed records most likely to be the same person as ``record``, best first.

        ``record`` need not be indexed (an unsaved registration: its id may be 0 or negative);
        an indexed record is not matched with itself.
        """
        p = Prepared(record)
        own = self._by_id.get(record.id)
        records = self._records
        freq = self._freq
        scored: list[tuple[float, int]] = []
        for idx in self._neighbours(p):
            if idx == own or idx in self._replaced:
                continue
            score = logistic(score_pair(p, records[idx], freq))
            if score >= threshold:
                scored.append((score, idx))
        scored.sort(key=lambda item: (-item[0], records[item[1]].id))
        return [self._match(p, records[idx]) for _, idx in scored[:limit]]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building millions of small objects (no cycles)
    otherwise triggers it over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _windowed(
    group: list[int], records: list[Prepared], n: int, add: Callable[[int], None]
) -> None:
    """Pairs of near neighbours (by sorted name keys, then date) in an oversized block."""
    ordered = sorted(
        set(group), key=lambda i: (" ".join(sorted(records[i].keyset)), records[i].year)
    )
    for x, i in enumerate(ordered):
        for j in ordered[x + 1 : x + 1 + WINDOW]:
            add(i * n + j if i < j else j * n + i)


_ORDER = {
    "same_document": 0,
    "same_phone": 1,
    "same_name": 2,
    "names_similar": 3,
    "names_swapped": 4,
    "name_missing": 5,
    "names_different": 6,
}


def _ordered(reasons: list[Reason]) -> list[Reason]:
    """Strongest evidence first: documents and phones, then names, then the rest as found."""
    return sorted(reasons, key=lambda r: _ORDER.get(r.code, 10))
