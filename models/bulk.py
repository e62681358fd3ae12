"""Bulk inserts through the database driver's own cursor, inside the session's transaction.

Imports write hundreds of thousands of rows; SQLAlchemy's executemany builds a parameter dict
and runs the type processors for every value, which costs several times the database's own
work. Here the caller gives plain tuples, converting the few typed values (dates, timestamps,
booleans) with ``binder()``, memoised because they repeat. The rows go through the driver on
the session's own connection, so they commit or roll back with everything else.

SQLite: one ``executemany``; ids are reserved as ``max(id) + 1 ...`` (the write transaction
holds the database's only write lock, ``BEGIN IMMEDIATE``). PostgreSQL: ``COPY ... FROM
STDIN``; ids come from the table's sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session


def _same(value: Any) -> Any:
    return value


def driver_connection(session: Session) -> Any:
    """The DB-API connection under the session's transaction (begun if needed)."""
    session.flush()
    return session.connection().connection.driver_connection


def binder(session: Session, table: Table, column: str) -> Callable[[Any], Any]:
    """A function turning a Python value of ``column`` into what the driver is given, as
    SQLAlchemy would (memoised: dates and timestamps of an import repeat a lot)."""
    dialect = session.get_bind().dialect
    process = table.c[column].type._cached_bind_processor(dialect)
    if process is None:
        return _same
    memo: dict[Any, Any] = {None: None}

    def bind(value: Any) -> Any:
        try:
            return memo[value]
        except KeyError:
            out = memo[value] = process(value)
            return out

    return bind


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` new primary keys of ``table``, in increasing order."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "sqlite":
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        return list(range(first, first + count))
    rows = session.scalars(
        text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
        {"t": table.name, "n": count},
    )
    return sorted(int(i) for i in rows)


def insert_rows(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``, values already bound) into
    ``table`` in the session's transaction."""
    for name in columns:
        table.c[name]  # noqa: B018 - a misspelt column fails here, not in the SQL
    raw = driver_connection(session)
    names = ", ".join(f'"{name}"' for name in columns)
    if session.get_bind().dialect.name == "sqlite":
        marks = ", ".join("?" * len(columns))
        raw.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
        return
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        write = copy.write_row
        for row in rows:
            write(row)
