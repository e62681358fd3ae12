"""Validating registration rows a chunk at a time, column by column.

Field teams repeat the same few values ("oui", "Malienne", "CNI", the same dates) thousands of
times, so each column is read once per distinct value and the results are looked up for every
cell; only what ties fields together (phone and nationality, arrival after birth, duplicate
references) is checked row by row. This keeps validation well under the time of the read itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from models.i18n import N_, current_language
from models.reference import country_name
from models.text import normalise
from models.text_rules import TYPED, limit
from reports.registration_result import ParsedRow, ParseResult, RowError
from reports.registration_values import (
    BadValue,
    check_not_shortened,
    read_country,
    read_date,
    read_document_type,
    read_household_size,
    read_phone,
    read_sex,
    read_vulnerabilities,
    read_yes_no,
    text_of,
)
from reports.sheet_rows import MAX_CELL_CHARS, Row, Value

# The free-text fields, with their longest text (from the schema, ``models.text_rules``).
TEXT_FIELDS = (
    "source_ref",
    "family_name",
    "given_names",
    "document_number",
    "place_of_origin",
    "border_post",
    "transit_centre",
    "notes",
)
MAX_LENGTHS = {f: limit("returnees", f) or MAX_CELL_CHARS for f in TEXT_FIELDS}
EARLIEST = dt.date(1900, 1, 1)
_MEMO_LIMIT = 100_000
_NO_CELLS: list[Value] = []
_LETTER = re.compile(r"[^\W\d_]")
_IDENTIFIERS = frozenset({"source_ref", "document_number"})


def _text_reader(field: str) -> Callable[[Value], str | None]:
    rule = TYPED[("returnees", field)]
    most = MAX_LENGTHS[field]
    identifier = field in _IDENTIFIERS

    def read(value: Value) -> str | None:
        text = normalise(value, rule.multiline) if isinstance(value, str) else text_of(value)
        if not text:
            if rule.required:  # only spaces, invisible or control characters
                raise BadValue(N_("missing"))
            return None
        if len(text) > most:
            raise BadValue(N_("too long (limit {limit} characters)"), limit=most)
        if rule.required and not _LETTER.search(text):
            raise BadValue(N_("not a name"))
        if identifier:
            check_not_shortened(text)
        return text

    return read


def _birth_reader(today: dt.date) -> Callable[[Value], tuple[dt.date, str]]:
    def read(value: Value) -> tuple[dt.date, str]:
        born, precision = read_date(value, today)
        if born > today:
            raise BadValue(N_("in the future"))
        if born < EARLIEST:
            raise BadValue(N_("before 1900"))
        return born, precision

    return read


def _day_reader(today: dt.date) -> Callable[[Value], dt.date]:
    def read(value: Value) -> dt.date:
        day, _precision = read_date(value, today)
        if day > today:
            raise BadValue(N_("in the future"))
        if day < EARLIEST:
            raise BadValue(N_("before 1900"))
        return day

    return read


def _consent_reader(today: dt.date) -> Callable[[Value], dt.date]:
    def read(value: Value) -> dt.date:
        if isinstance(value, dt.date):
            day, _precision = read_date(value, today)
            if day > today:
                raise BadValue(N_("in the future"))
            if day < EARLIEST:
                raise BadValue(N_("before 1900"))
            return day
        try:
            given = read_yes_no(value)
        except BadValue:
            try:
                day, precision = read_date(value, today)
            except BadValue:
                raise BadValue(N_("not a consent (expected Oui/Non or a date)")) from None
            if precision != "day" or day > today or day < EARLIEST:
                raise BadValue(N_("not a consent (expected Oui/Non or a date)")) from None
            return day
        if not given:
            raise BadValue(N_("consent not given"))
        return today  # consent given, date unknown: the import date (see registration_parse)

    return read


class _Column:
    """One field's reader, remembering its outcome for each distinct typed value."""

    def __init__(self, reader: Callable[[Any], Any], missing: Any) -> None:
        self.reader = reader
        self.missing = missing  # result for an empty cell: a default or a BadValue
        self.cache: dict[Any, Any] = {}
        self.bad: set[Any] = set()
        self.memo = True  # turned off for columns of mostly distinct values (references)

    def read(self, cells: Sequence[Value]) -> tuple[list[Any], list[tuple[int, BadValue]]]:
        """Results for every cell, and (position, problem) for each refused cell."""
        if not self.memo:
            results = list(map(self._safe, cells))
            return results, [(i, r) for i, r in enumerate(results) if r.__class__ is BadValue]
        cache = self.cache
        if len(cache) > _MEMO_LIMIT:
            cache.clear()
            self.bad.clear()
        if None not in cache:
            cache[None] = self.missing
            if isinstance(self.missing, BadValue):
                self.bad.add(None)
        distinct = set(cells)
        if len(cells) >= 500 and len(distinct) > len(cells) // 2:
            self.memo = False
            self.cache.clear()
            self.bad.clear()
            return self.read(cells)
        for value in distinct - cache.keys():
            try:
                cache[value] = self.reader(value)
            except BadValue as exc:
                cache[value] = exc
                self.bad.add(value)
        results = list(map(cache.__getitem__, cells))
        if self.bad.isdisjoint(distinct):
            return results, []
        bad = self.bad
        return results, [(i, cache[v]) for i, v in enumerate(cells) if v in bad]

    def _safe(self, value: Value) -> Any:
        if value is None:
            return self.missing
        try:
            return self.reader(value)
        except BadValue as exc:
            return exc


class ChunkReader:
    """Reads chunks of data rows into ``result.rows`` / ``result.refused`` / ``result.errors``."""

    def __init__(self, result: ParseResult, today: dt.date) -> None:
        self.result = result
        self.today = today
        self.lang = current_language()
        columns = sorted(result.columns.items())
        self.fields = tuple(f for _, f in columns)
        self.column_of = {f: i for i, f in columns}
        self.width = max(result.columns) + 1
        getter = itemgetter(*(i for i, _ in columns))
        self.pick: Callable[[list[Value]], tuple[Value, ...]] = (
            getter if len(columns) > 1 else (lambda cells: (getter(cells),))
        )
        self.headers = [text_of(h) for h in result.headers]
        self.seen_refs: dict[str, int] = {}
        missing = BadValue(N_("missing"))
        readers: dict[str, _Column] = {
            "sex": _Column(read_sex, missing),
            "birth_date": _Column(_birth_reader(today), missing),
            "birth_precision": _Column(lambda v: text_of(v).lower(), None),
            "nationality": _Column(read_country, missing),
            "country_of_origin": _Column(read_country, None),
            "returned_from": _Column(read_country, None),
            "document_type": _Column(read_document_type, None),
            "phone": _Column(text_of, None),  # read with the nationality, row by row
            "arrival_date": _Column(_day_reader(today), None),
            "vulnerabilities": _Column(read_vulnerabilities, ""),
            "household_size": _Column(read_household_size, 1),
            "consent_date": _Column(_consent_reader(today), BadValue(N_("consent missing"))),
        }
        for name in TEXT_FIELDS:
            required = TYPED[("returnees", name)].required
            readers[name] = _Column(_text_reader(name), missing if required else None)
        self.readers = [readers[f] for f in self.fields]

    def read_chunk(self, rows: list[Row]) -> None:
        width = self.width
        count = len(self.fields)
        kept: list[Row] = []
        picked: list[tuple[Value, ...]] = []
        for row in rows:
            cells = row.values
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            values = self.pick(cells)
            if values.count(None) < count:  # else nothing in the known columns: skip
                kept.append(row)
                picked.append(values)
        if not kept:
            return
        columns = list(zip(*picked, strict=True))
        results: list[list[Any]] = []
        problems: dict[int, list[tuple[str, BadValue]]] = {}
        for name, reader, column in zip(self.fields, self.readers, columns, strict=True):
            out, bad = reader.read(column)
            results.append(out)
            for position, exc in bad:
                problems.setdefault(position, []).append((name, exc))
        fields = self.fields
        for position, values in enumerate(zip(*results, strict=True)):
            row = kept[position]
            typed = _Typed(fields, picked[position])
            record = dict(zip(fields, values, strict=True))
            found = problems.get(position, [])
            errors = [(name, exc.msgid, exc.params) for name, exc in found]
            for name, _exc in found:
                record.pop(name, None)
            self._combine(row, typed, record, errors)
            self._finish(row, typed, record, errors)

    def _combine(
        self,
        row: Row,
        typed: _Typed,
        record: dict[str, Any],
        errors: list[tuple[str, str, dict[str, Any]]],
    ) -> None:
        """Checks and defaults that tie fields together."""
        born = record.pop("birth_date", None)
        if born is not None:
            record["birth_date"], record["birth_precision"] = born
            if typed.get("birth_precision") is not None and fold_year(typed.get("birth_precision")):
                record["birth_precision"] = "year"
                record["birth_date"] = record["birth_date"].replace(month=1, day=1)
        else:
            record.pop("birth_precision", None)
        arrived = record.get("arrival_date")
        if arrived is not None and born is not None and arrived < record["birth_date"]:
            errors.append(("arrival_date", N_("before the date of birth"), {}))
            del record["arrival_date"]
        nationality = record.get("nationality")
        if record.get("country_of_origin") is None and nationality:
            record["country_of_origin"] = nationality
        if record.get("document_type") is None and "document_type" not in {e[0] for e in errors}:
            record["document_type"] = "other" if record.get("document_number") else "none"
        phone = record.get("phone")
        if phone:
            try:
                record["phone"], others = read_phone(phone, nationality)
            except BadValue as exc:
                del record["phone"]
                # Without a usable nationality the row is refused anyway, and a number typed
                # without its country code cannot be judged: one reason is enough.
                if nationality:
                    country = country_name(nationality, self.lang)
                    errors.append(("phone", exc.msgid, {**exc.params, "country": country}))
            else:
                if others:  # several numbers in one cell: the first is kept, the others noted
                    note = record.get("notes")
                    record["notes"] = f"{note}\n{others}" if note else others
        ref = record.get("source_ref")
        if ref:
            first = self.seen_refs.setdefault(ref, row.number)
            if first != row.number:
                errors.append(("source_ref", N_("already used on row {row} of this file"),
                               {"row": first}))  # fmt: skip

    def _finish(
        self,
        row: Row,
        typed: _Typed,
        record: dict[str, Any],
        errors: list[tuple[str, str, dict[str, Any]]],
    ) -> None:
        result = self.result
        for column, length in row.oversized.items():
            name = result.columns.get(column, "")
            header = self.headers[column] if column < len(self.headers) else ""
            if name:
                errors = [e for e in errors if e[0] != name]
            result.errors.append(
                RowError(row.number, name, header, row.values[column],
                         N_("text of {length} characters is too long (limit {limit})"),
                         {"length": length, "limit": MAX_CELL_CHARS})
            )  # fmt: skip
        if not errors and not row.oversized:
            # Accepted rows drop their original cells (a third of the memory of a big file).
            result.rows.append(ParsedRow(row.number, record, _NO_CELLS))
            return
        result.refused.append(ParsedRow(row.number, record, row.values))
        for name, msgid, params in errors:
            position = self.column_of.get(name)
            header = self.headers[position] if position is not None else ""
            result.errors.append(RowError(row.number, name, header, typed.get(name), msgid, params))


class _Typed:
    """The cells of a row by field, as typed (looked up only when needed)."""

    __slots__ = ("fields", "cells")

    def __init__(self, fields: tuple[str, ...], cells: tuple[Value, ...]) -> None:
        self.fields = fields
        self.cells = cells

    def get(self, name: str) -> Value:
        try:
            return self.cells[self.fields.index(name)]
        except ValueError:
            return None


def fold_year(value: Value) -> bool:
    """True when a birth-precision cell says "year" (année, an, year, y, a)."""
    return text_of(value).strip().lower() in ("year", "annee", "année", "an", "y", "a", "yyyy")
