"""The read model behind the case table: every case as a compact tuple, filtered and sorted fast.

``load_index(db)`` reads one compact row per case (one SQL query, ~100,000 rows in well under a
second) into a ``CaseIndex``. Filtering and sorting then run over plain Python lists: typing a
name fragment filters 100,000 cases in a few milliseconds, which SQL ``LIKE '%...%'`` over an
encrypted file cannot do. ``first_rows`` gives the newest cases straight from SQL so that the
window can show the list before the whole index is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.database import Database
from models.entities import Case, DuplicateFlag, Returnee
from models.jobs import NO_JOB, Job
from models.text import fold


class CaseRow(NamedTuple):
    """One line of the case table (no live ORM object)."""

    id: int
    number: str
    family_name: str
    given_names: str
    sex: str
    birth_date: dt.date
    birth_precision: str
    country_of_origin: str
    transit_centre: str | None
    state: str
    on_hold: bool
    registered_at: dt.datetime
    phone: str | None
    document_number: str | None
    returnee_id: int
    duplicate_open: bool


# Columns a table may show, in their default order; the UI gives them titles.
COLUMNS: tuple[str, ...] = (
    "number",
    "family_name",
    "given_names",
    "sex",
    "birth_date",
    "country_of_origin",
    "transit_centre",
    "state",
    "on_hold",
    "duplicate_open",
    "registered_at",
    "phone",
    "document_number",
)
DEFAULT_COLUMNS: tuple[str, ...] = (
    "number",
    "family_name",
    "given_names",
    "sex",
    "birth_date",
    "country_of_origin",
    "state",
    "on_hold",
    "registered_at",
)


@dataclass(frozen=True)
class CaseFilter:
    """What the user asked to see: a typed fragment and the filter choices (None = any)."""

    text: str = ""
    state: str | None = None
    country_of_origin: str | None = None
    transit_centre: str | None = None
    on_hold: bool | None = None
    duplicate_open: bool | None = None

    def tokens(self) -> list[str]:
        """The folded words of ``text``; a phone's leading ``+`` is dropped."""
        return [t.lstrip("+") for t in fold(self.text).split() if t.lstrip("+")]


_FIELD = {name: i for i, name in enumerate(CaseRow._fields)}


def _sort_key(column: str) -> Callable[[CaseRow], Any]:
    i = _FIELD[column]
    if column in ("family_name", "given_names", "transit_centre"):
        return lambda r: (fold(str(r[i])) if r[i] else "\uffff", r.id)
    if column in ("phone", "document_number"):
        return lambda r: (r[i] or "\uffff", r.id)
    return lambda r: (r[i], r.id)


class CaseIndex:
    """Every case as a ``CaseRow``, with what filtering needs precomputed."""

    def __init__(self, rows: Sequence[CaseRow]) -> None:
        self.rows: list[CaseRow] = list(rows)
        # What a typed fragment is matched against: the folded search key and the case number.
        self._hay: list[str] = []
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._last: tuple[CaseFilter, tuple[str, bool], list[int]] | None = None

    @classmethod
    def from_rows(cls, rows: Sequence[CaseRow], search_keys: Sequence[str]) -> CaseIndex:
        index = cls(rows)
        index._hay = [
            f"{key} {r.number.lower()}" for key, r in zip(search_keys, index.rows, strict=True)
        ]
        return index

    def __len__(self) -> int:
        return len(self.rows)

    def order(self, column: str = "registered_at", descending: bool = True) -> list[int]:
        """Positions of every row sorted by ``column`` (cached)."""
        key = (column, descending)
        if key not in self._orders:
            rows = self.rows
            if column == "family_name" and self._hay:
                hay = self._hay  # starts with the folded family and given names
                self._orders[key] = sorted(
                    range(len(rows)), key=lambda i: (hay[i], rows[i].id), reverse=descending
                )
            else:
                sort = _sort_key(column)
                self._orders[key] = sorted(
                    range(len(rows)), key=lambda i: sort(rows[i]), reverse=descending
                )
        return self._orders[key]

    def filter(
        self, wanted: CaseFilter, column: str = "registered_at", descending: bool = True
    ) -> list[int]:
        """Positions of the rows matching ``wanted``, sorted by ``column``.

        When the user only typed more letters, the previous result is narrowed instead of
        scanning every case again.
        """
        sort = (column, descending)
        tokens = wanted.tokens()
        base = self.order(column, descending)
        if self._last is not None:
            last_filter, last_sort, last_result = self._last
            if last_sort == sort and _narrows(last_filter, wanted):
                base = last_result
        rows, hay = self.rows, self._hay
        result = base
        if wanted.state is not None:
            result = [i for i in result if rows[i].state == wanted.state]
        if wanted.country_of_origin is not None:
            result = [i for i in result if rows[i].country_of_origin == wanted.country_of_origin]
        if wanted.transit_centre is not None:
            result = [i for i in result if rows[i].transit_centre == wanted.transit_centre]
        if wanted.on_hold is not None:
            result = [i for i in result if rows[i].on_hold == wanted.on_hold]
        if wanted.duplicate_open is not None:
            result = [i for i in result if rows[i].duplicate_open == wanted.duplicate_open]
        for token in sorted(tokens, key=len, reverse=True):
            result = [i for i in result if token in hay[i]]
        if result is base:
            result = list(base)
        self._last = (wanted, sort, result)
        return result

    def countries(self) -> list[str]:
        return sorted({r.country_of_origin for r in self.rows})

    def transit_centres(self) -> list[str]:
        return sorted({r.transit_centre for r in self.rows if r.transit_centre})


def _narrows(before: CaseFilter, after: CaseFilter) -> bool:
    """True when every row matching ``after`` also matched ``before``."""
    same_filters = (
        before.state == after.state
        and before.country_of_origin == after.country_of_origin
        and before.transit_centre == after.transit_centre
        and before.on_hold == after.on_hold
        and before.duplicate_open == after.duplicate_open
    )
    if not same_filters:
        return False
    old, new = before.tokens(), after.tokens()
    # Each old token must be contained in some new token (typing more letters, or more words).
    return all(any(o in n for n in new) for o in old)


def _select() -> Any:
    return select(
        Case.id,
        Case.number,
        Returnee.family_name,
        Returnee.given_names,
        Returnee.sex,
        Returnee.birth_date,
        Returnee.birth_precision,
        Returnee.country_of_origin,
        Returnee.transit_centre,
        Case.state,
        Case.on_hold,
        Case.registered_at,
        Returnee.phone,
        Returnee.document_number,
        Returnee.id,
        Returnee.search_key,
    ).join(Returnee, Returnee.id == Case.returnee_id)


def _flagged(s: Session) -> set[int]:
    flagged: set[int] = set()
    for a, b in s.execute(
        select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id).where(
            DuplicateFlag.status == "open"
        )
    ):
        flagged.add(a)
        flagged.add(b)
    return flagged


def _row(values: Sequence[Any], flagged: set[int]) -> CaseRow:
    return CaseRow(*values[:15], values[14] in flagged)  # type: ignore[call-arg]


_INDEX_SQL = (
    "SELECT c.id, c.number, r.family_name, r.given_names, r.sex, r.birth_date,"
    " r.birth_precision, r.country_of_origin, r.transit_centre, c.state, c.on_hold,"
    " c.registered_at, r.phone, r.document_number, r.id, r.search_key"
    " FROM cases c JOIN returnees r ON r.id = c.returnee_id ORDER BY c.id"
)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _as_utc(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(value)
    moment: dt.datetime = value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def load_index(db: Database, job: Job = NO_JOB) -> CaseIndex:
    """Every case of the database, ready to filter (a cancelled ``job`` raises ``Cancelled``).

    Read through the driver's own cursor: SQLAlchemy's per-row type processing would triple
    the time of this one big read.
    """
    rows: list[CaseRow] = []
    keys: list[str] = []
    with db.reading() as s:
        flagged = _flagged(s)
        total = (s.scalar(select(func.count()).select_from(Case)) or 0) if job is not NO_JOB else 0
        cursor = s.connection().connection.cursor()
        try:
            cursor.execute(_INDEX_SQL)
            while True:
                chunk = cursor.fetchmany(10_000)
                if not chunk:
                    break
                for v in chunk:
                    rows.append(
                        CaseRow(
                            v[0], v[1], v[2], v[3], v[4], _as_date(v[5]), v[6], v[7], v[8],
                            v[9], bool(v[10]), _as_utc(v[11]), v[12], v[13], v[14],
                            v[14] in flagged,
                        )
                    )  # fmt: skip
                    keys.append(v[15])
                job.check()
                job.progress(len(rows), total)
        finally:
            cursor.close()
    return CaseIndex.from_rows(rows, keys)


def first_rows(db: Database, limit: int = 200) -> list[CaseRow]:
    """The most recently registered cases, straight from SQL (for an instant first screen)."""
    with db.reading() as s:
        flagged = _flagged(s)
        stmt = _select().order_by(Case.registered_at.desc(), Case.id.desc()).limit(limit)
        return [_row(values, flagged) for values in s.execute(stmt)]


def case_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Case)) or 0


# -- summaries and the other lists of the window ---------------------------------------------------


def missing_rate_months(db: Database) -> list[tuple[str, str]]:
    """(month, currency) of payments without an exchange rate: the EUR amounts wait for them."""
    from models.payments import missing_rates

    with db.reading() as s:
        return missing_rates(s)


# -- likely duplicates of a registration being typed -------------------------------------------


@dataclass(frozen=True)
class Known:
    """A registered returnee as the duplicate list shows it."""

    returnee_id: int
    case_id: int
    case_number: str
    name: str
    born: dt.date | None  # as the engine reads it (PersonRecord); never None in the register
    birth_precision: str


@dataclass
class DuplicateLookup:
    """Every registered person indexed for ``candidates_for`` (built once, on a worker)."""

    index: Any  # models.duplicates.DuplicateIndex
    known: dict[int, Known]
    versions: dict[int, int] = field(default_factory=dict)  # returnee id -> version indexed

    def snapshot(self) -> Any:
        """The index as a ``duplicate_review.Snapshot``: saving a registration then reads only
        what changed since it was built (``models.cases.register_one``)."""
        from models.duplicate_review import Snapshot

        return Snapshot(self.index, self.versions)

    def candidates(self, values: dict[str, Any]) -> list[tuple[Known, Any]] | None:
        """The registered people a registration being typed (``values``) may duplicate, best
        first, each with its match (score, reasons); None until both names are typed."""
        from models.duplicate_review import person

        if not values.get("family_name") or not values.get("given_names"):
            return None
        out = []
        for m in self.index.candidates_for(person(values, record_id=0)):
            known = self.known.get(m.b if m.a == 0 else m.a)
            if known is not None:
                out.append((known, m))
        return out


def duplicate_lookup(db: Database, job: Job = NO_JOB) -> DuplicateLookup:
    """Every registered person, indexed for the duplicate list of a registration being typed
    (a cancelled ``job`` raises ``Cancelled``)."""
    from models.duplicate_review import iter_records
    from models.duplicates import DuplicateIndex, PersonRecord

    records: list[PersonRecord] = []
    known: dict[int, Known] = {}
    versions: dict[int, int] = {}
    cases: dict[int, tuple[int, str]] = {}  # returnee id -> its (latest) case: id, number
    with db.reading() as s:
        # Versions first: whoever changes after this line is read again when saving.
        for rid, version, cid, number in s.execute(
            select(Returnee.id, Returnee.version, Case.id, Case.number)
            .join(Case, Case.returnee_id == Returnee.id)
            .order_by(Case.id)
        ):
            versions[rid], cases[rid] = version, (cid, number)
        # The people as the engine reads them everywhere (the scan's one reader).
        for r in iter_records(s):
            if (case := cases.get(r.id)) is not None:
                records.append(r)
                name = f"{r.family_name} {r.given_names}"
                known[r.id] = Known(r.id, *case, name, r.birth_date, r.birth_precision)
    job.check()
    index = DuplicateIndex.build(records, job=job)  # stops early when cancelled
    job.check()
    return DuplicateLookup(index, known, versions)
