"""Which columns hold text people type, and the check every write of them goes through.

Every text column of the schema is listed once: in ``TYPED`` (people type it: normalised by
``models.text.normalise``, refused when blank but required, refused over its length) or in
``GENERATED`` (codes, hashes, JSON the program writes: length checked only). A test keeps the
lists complete, so a new column cannot escape them.

Lengths come from the schema (``String(n)``), so SQLite (which would store anything) and
PostgreSQL (which would fail with a driver error) refuse the same text with the same message.
``Text`` columns have no length in the schema; the longest text they take is given here.

The check runs for every ORM write (a ``before_flush`` hook on every session, installed by
``install()``), so the window and ``rgm`` get it from the operations without asking; bulk writes
that bypass the ORM call ``clean_values`` themselves (registration) or read their cells through
the same ``clean`` (imports, which name the row and column).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from models.entities import Base
from models.errors import Refused
from models.i18n import N_, translate
from models.text import normalise

# A Text column of typed text takes at most this many characters (a page of notes).
LONG_TEXT = 4_000

MISSING = N_("{field} is missing")
TOO_LONG = N_("{field}: too long ({length} characters; the limit is {limit})")


@dataclass(frozen=True)
class TypedText:
    """A column people type into: its name in messages, and how it is checked."""

    label: str  # English message id, translated when shown
    required: bool = False
    multiline: bool = False


TYPED: dict[tuple[str, str], TypedText] = {
    ("office", "name"): TypedText(N_("Office name"), required=True),
    ("office", "programme"): TypedText(N_("Programme")),
    ("office", "address"): TypedText(N_("Address"), multiline=True),
    ("users", "username"): TypedText(N_("User name"), required=True),
    ("users", "full_name"): TypedText(N_("Full name")),
    ("returnees", "source_ref"): TypedText(N_("Source reference")),
    ("returnees", "family_name"): TypedText(N_("Family name"), required=True),
    ("returnees", "given_names"): TypedText(N_("Given names"), required=True),
    ("returnees", "document_number"): TypedText(N_("Document number")),
    ("returnees", "phone"): TypedText(N_("Phone")),
    ("returnees", "place_of_origin"): TypedText(N_("Place of origin")),
    ("returnees", "border_post"): TypedText(N_("Border post")),
    ("returnees", "transit_centre"): TypedText(N_("Transit centre")),
    ("returnees", "notes"): TypedText(N_("Notes"), multiline=True),
    ("case_events", "reason"): TypedText(N_("Reason"), multiline=True),
    ("holds", "reason"): TypedText(N_("Reason"), required=True, multiline=True),
    ("holds", "release_note"): TypedText(N_("Note"), multiline=True),
    ("suspensions", "scope_value"): TypedText(N_("Scope")),
    ("suspensions", "reason"): TypedText(N_("Reason"), required=True, multiline=True),
    ("duplicate_flags", "note"): TypedText(N_("Note"), multiline=True),
    ("screenings", "reason"): TypedText(N_("Reason"), multiline=True),
    ("package_types", "code"): TypedText(N_("Code"), required=True),
    ("package_types", "name_fr"): TypedText(N_("Name (French)"), required=True),
    ("package_types", "name_en"): TypedText(N_("Name (English)"), required=True),
    ("suppliers", "name"): TypedText(N_("Supplier"), required=True),
    ("suppliers", "contact"): TypedText(N_("Contact")),
    ("suppliers", "phone"): TypedText(N_("Phone")),
    ("suppliers", "supplies"): TypedText(N_("Supplies")),
    ("grants", "override_reason"): TypedText(N_("Reason"), multiline=True),
    ("grant_items", "description"): TypedText(N_("Description")),
    ("disbursements", "receipt_ref"): TypedText(N_("Receipt reference"), required=True),
    ("disbursements", "note"): TypedText(N_("Note"), multiline=True),
    ("monitoring_visits", "notes"): TypedText(N_("Notes"), multiline=True),
    ("agreements", "void_reason"): TypedText(N_("Reason"), multiline=True),
}

# Written by the program (codes from a vocabulary, hashes, JSON, generated numbers): only their
# length is checked. The audit chain is left alone entirely: its texts are hashed as written.
GENERATED: frozenset[tuple[str, str]] = frozenset(
    {
        *(("office", c) for c in ("code", "country", "language", "currency", "reporting_currency")),
        *(("package_types", c) for c in ("country", "dimension", "modality", "currency", "plan")),
        *(("audit_anchors", c) for c in ("head", "reason", "month")),
        ("settings", "key"),
        ("settings", "value"),
        ("users", "password_hash"),
        ("users", "language"),
        *(
            ("audit_events", c)
            for c in (
                "username",
                "action",
                "table_name",
                "record_id",
                "before",
                "after",
                "prev_hash",
                "hash",
            )
        ),  # fmt: skip
        ("exchange_rates", "month"),
        ("exchange_rates", "currency"),
        ("monthly_returns", "month"),
        ("monthly_returns", "file_hash"),
        ("monthly_returns", "status"),
        *(
            ("returnees", c)
            for c in (
                "sex",
                "birth_precision",
                "nationality",
                "country_of_origin",
                "document_type",
                "returned_from",
                "vulnerabilities",
                "search_key",
            )
        ),  # fmt: skip
        ("suspensions", "scope"),
        ("user_roles", "role"),
        *(("cases", c) for c in ("number", "state", "closed_reason", "language")),
        ("duplicate_flags", "reasons"),
        ("duplicate_flags", "status"),
        *(("case_events", c) for c in ("kind", "from_state", "to_state")),
        ("grants", "state"),
        ("grants", "currency"),
        ("screenings", "decision"),
        ("screenings", "answers"),
        *(("agreements", c) for c in ("number", "language", "code", "content", "status")),
        ("instalments", "condition"),
        ("disbursements", "currency"),
        ("disbursements", "method"),
    }
)
_UNCHECKED_TABLES = frozenset({"audit_events"})


def limit(table: str, column: str) -> int | None:
    """The longest text ``table.column`` takes: its ``String(n)``, LONG_TEXT for typed Text."""
    col = Base.metadata.tables[table].c[column]
    length = getattr(col.type, "length", None)
    if length is None and (table, column) in TYPED:
        return LONG_TEXT
    return length


def clean(table: str, column: str, value: Any) -> Any:
    """``value`` as ``table.column`` stores it: typed text normalised, blank refused when
    required, else no value (None where the column takes NULL, "" where it cannot: a blank is
    never an empty text that a uniqueness or format CHECK would trip over), over-long refused.
    Raises ``Refused`` naming the field and the limit."""
    if value is not None and not isinstance(value, str):
        return value
    rule = TYPED.get((table, column))
    if rule is not None:
        if value is not None:
            value = normalise(value, rule.multiline)
        if not value:
            if rule.required:
                raise Refused(MISSING, field=translate(rule.label))
            return None if _nullable(table, column) else ""
    if value is not None:
        most = limit(table, column)
        if most is not None and len(value) > most:
            name = translate(rule.label) if rule is not None else column
            raise Refused(TOO_LONG, field=name, length=len(value), limit=most)
    return value


def clean_values(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """``clean`` of every text column of ``table`` present in ``values`` (other keys kept)."""
    columns = _text_columns(table)
    return {k: (clean(table, k, v) if k in columns else v) for k, v in values.items()}


@cache
def _nullable(table: str, column: str) -> bool:
    return bool(Base.metadata.tables[table].c[column].nullable)


@cache
def _text_columns(table: str) -> frozenset[str]:
    if table in _UNCHECKED_TABLES:
        return frozenset()
    return frozenset(
        c.name for c in Base.metadata.tables[table].columns if isinstance(c.type, String)
    )


def _check_instance(obj: Any, new: bool) -> None:
    state = inspect(obj)
    mapper = state.mapper
    table = mapper.local_table.name
    columns = _text_columns(table)
    if not columns:
        return
    for attr in mapper.column_attrs:
        name = attr.columns[0].name
        if name not in columns:
            continue
        if not new and not state.attrs[attr.key].history.has_changes():
            continue  # a value stored before this check existed is not refused on another edit
        value = state.dict.get(attr.key)
        if value is None and not (new and (table, name) in TYPED):
            continue
        if value is None and attr.columns[0].default is not None:
            continue
        cleaned = clean(table, name, value)
        if cleaned != value:
            setattr(obj, attr.key, cleaned)


def _before_flush(session: Session, _context: Any, _instances: Iterable[Any] | None) -> None:
    for obj in list(session.new):
        _check_instance(obj, True)
    for obj in list(session.dirty):
        if session.is_modified(obj, include_collections=False):
            _check_instance(obj, False)


def install() -> None:
    """Check every ORM write of text (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
