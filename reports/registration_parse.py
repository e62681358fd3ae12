"""Reading a field team's registration workbook into typed, validated returnee rows.

Pure: no database. ``parse_registrations`` finds the sheet and header row, maps headers to
fields (``registration_fields``), reads every value as people type it (``registration_values``)
and validates each row. Refused rows keep their original cells for the error workbook.

Consent: a date in the consent column is the consent date; "oui"/"yes" means consent was given
but not when, and the import date (``today``) is stored, the first date the office can vouch for
(the arrival date could predate the consent); "non" or nothing refuses the row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import Refused, Unusable
from models.i18n import N_, current_language, translate
from models.reference import country_name
from reports.registration_fields import FIELDS, LABELS, REQUIRED, header_key, match_header
from reports.registration_values import (
    BadValue,
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
from reports.xlsx_read import MAX_CELL_CHARS, Row, Value, open_workbook

HEADER_SEARCH_ROWS = 20
MIN_HEADER_FIELDS = 3
# Longest text per field (the database columns' sizes).
MAX_LENGTHS = {
    "source_ref": 64,
    "family_name": 120,
    "given_names": 160,
    "document_number": 40,
    "place_of_origin": 120,
    "border_post": 120,
    "transit_centre": 120,
    "notes": 2000,
}
_CHECK_CANCEL_EVERY = 500


class Cancelled(Refused):
    """The user cancelled a long operation; nothing was written."""


@dataclass(frozen=True)
class RowError:
    """Why one cell (or a whole row, when ``header`` is empty) was refused."""

    excel_row: int
    field: str
    header: str  # as written in the file
    value: Value  # as typed
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (default: the current language)."""
        text = translate(self.msgid, lang)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return text


@dataclass
class ParsedRow:
    excel_row: int
    values: dict[str, Any]  # field -> typed value, ready for the returnees table
    raw: list[Value]  # the row's cells from column A, as typed


@dataclass
class ParseResult:
    path: Path
    sheet: str
    header_row: int
    headers: list[str | None]  # header cells from column A, as written
    columns: dict[int, str]  # column index (0 = A) -> field
    unknown_columns: list[str]
    rows: list[ParsedRow]  # accepted rows
    refused: list[ParsedRow]  # refused rows, with whatever could be read
    errors: list[RowError]

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len(self.refused)

    def errors_by_row(self) -> dict[int, list[RowError]]:
        grouped: dict[int, list[RowError]] = {}
        for error in self.errors:
            grouped.setdefault(error.excel_row, []).append(error)
        return grouped


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file ``{"header as written": "field"}`` (JSON), checked."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise Unusable(N_("{file} is not a readable JSON mapping file."), file=path.name) from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise Unusable(N_("{file} is not a readable JSON mapping file."), file=path.name)
    return {k: (v or "") for k, v in data.items()}


def _check_mapping(mapping: dict[str, str]) -> dict[tuple[str, ...], str]:
    keyed: dict[tuple[str, ...], str] = {}
    for header, target in mapping.items():
        if target and target not in FIELDS:
            raise Unusable(
                N_("The mapping names an unknown field {field} (known fields: {fields})."),
                field=target,
                fields=", ".join(FIELDS),
            )
        keyed[header_key(header)] = target
    return keyed


def _field_of(cell: Value, mapping: dict[tuple[str, ...], str]) -> str | None:
    if cell is None or not isinstance(cell, str):
        return None
    key = header_key(cell)
    if key in mapping:
        return mapping[key] or None
    return match_header(cell)


def _map_columns(
    cells: list[Value], mapping: dict[tuple[str, ...], str]
) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        if cell is None or text_of(cell) == "":
            continue
        found = _field_of(cell, mapping)
        if found and found not in taken:
            columns[index] = found
            taken.add(found)
        elif not (found is None and header_key(cell) in mapping):  # mapped to "" = ignored
            unknown.append(text_of(cell))
    return columns, unknown


def parse_registrations(
    path: str | Path,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: dt.date | None = None,
) -> ParseResult:
    """Read and validate every registration row of a workbook (raises Unusable, Cancelled)."""
    path = Path(path)
    today = today or dt.date.today()
    keyed = _check_mapping(mapping or {})
    with open_workbook(path) as book:
        names = [sheet] if sheet else book.sheet_names
        if sheet and sheet not in book.sheet_names:
            raise Unusable(N_("{file} has no sheet named {sheet}."), file=path.name, sheet=sheet)
        for name in names:
            rows = book.rows(name)
            header = _find_header(rows, keyed)
            if header is None:
                continue
            columns, unknown = _map_columns(header.values, keyed)
            missing = [f for f in REQUIRED if f not in columns.values()]
            if missing:
                raise Unusable(
                    N_(
                        "{file}, sheet {sheet}: no column for {fields} in the header row "
                        "{row}. Rename the columns or give a mapping file."
                    ),
                    file=path.name,
                    sheet=name,
                    row=header.number,
                    fields=", ".join(translate(LABELS[f]) for f in missing),
                )
            result = ParseResult(
                path, name, header.number, list(header.values), columns, unknown, [], [], []
            )
            total = rows.total
            reader = _RowReader(result, today)
            for count, row in enumerate(rows, start=1):
                if count % _CHECK_CANCEL_EVERY == 0:
                    if cancelled is not None and cancelled():
                        raise Cancelled(N_("Cancelled: nothing was imported."))
                    if progress is not None:
                        progress(row.number, total)
                reader.read(row)
            if progress is not None:
                progress(total, total)
            return result
    raise Unusable(
        N_(
            "{file} has no header row: none of the first {rows} rows of any sheet names at "
            "least {count} known columns (such as Nom, Prénom, Sexe, Date de naissance)."
        ),
        file=path.name,
        rows=HEADER_SEARCH_ROWS,
        count=MIN_HEADER_FIELDS,
    )


def _find_header(rows: Any, keyed: dict[tuple[str, ...], str]) -> Row | None:
    for row in rows:
        if row.number > HEADER_SEARCH_ROWS:
            return None
        fields = {_field_of(cell, keyed) for cell in row.values}
        fields.discard(None)
        if len(fields) >= MIN_HEADER_FIELDS:
            return row  # type: ignore[no-any-return]
    return None


_TEXT_FIELDS = (
    "source_ref",
    "family_name",
    "given_names",
    "document_number",
    "place_of_origin",
    "border_post",
    "transit_centre",
    "notes",
)


class _RowReader:
    def __init__(self, result: ParseResult, today: dt.date) -> None:
        self.result = result
        self.today = today
        self.columns = sorted(result.columns.items())
        self.column_of = {f: i for i, f in result.columns.items()}
        self.headers = result.headers
        self.seen_refs: dict[str, int] = {}
        self.lang = current_language()

    def read(self, row: Row) -> None:
        cells = row.values
        width = len(cells)
        typed = {f: (cells[i] if i < width else None) for i, f in self.columns}
        if all(v is None for v in typed.values()):
            return  # a row with nothing in the known columns (a note beside the table)
        errors: list[RowError] = []
        values: dict[str, Any] = {}

        def fail(name: str, msgid: str, **params: Any) -> None:
            column = self.column_of.get(name)
            header = text_of(self.headers[column]) if column is not None else ""
            errors.append(RowError(row.number, name, header, typed.get(name), msgid, params))

        for column, length in row.oversized.items():
            name = self.result.columns.get(column, "")
            header = text_of(self.headers[column]) if column < len(self.headers) else ""
            errors.append(
                RowError(
                    row.number, name, header, cells[column],
                    N_("text of {length} characters is too long (limit {limit})"),
                    {"length": length, "limit": MAX_CELL_CHARS},
                )
            )  # fmt: skip
        for name in _TEXT_FIELDS:
            if name in typed:
                text = text_of(typed[name])
                if len(text) > MAX_LENGTHS[name]:
                    fail(name, N_("too long (limit {limit} characters)"), limit=MAX_LENGTHS[name])
                values[name] = text or None
        for name in ("family_name", "given_names"):
            if not values.get(name):
                fail(name, N_("missing"))
            elif not any(ch.isalpha() for ch in values[name]):
                fail(name, N_("not a name"))
        self._read_identity(typed, values, fail)
        self._read_return(typed, values, fail)
        ref = values.get("source_ref")
        if ref:
            first = self.seen_refs.setdefault(ref, row.number)
            if first != row.number:
                fail("source_ref", N_("already used on row {row} of this file"), row=first)
        parsed = ParsedRow(row.number, values, cells)
        if errors:
            self.result.refused.append(parsed)
            self.result.errors.extend(errors)
        else:
            self.result.rows.append(parsed)

    def _read_identity(self, typed: dict[str, Value], values: dict[str, Any], fail: Any) -> None:
        try:
            values["sex"] = read_sex(typed.get("sex"))
        except BadValue as exc:
            fail("sex", N_("missing") if typed.get("sex") is None else exc.msgid, **exc.params)
        raw_birth = typed.get("birth_date")
        if raw_birth is None:
            fail("birth_date", N_("missing"))
        else:
            try:
                born, precision = read_date(raw_birth, self.today)
                if born > self.today:
                    fail("birth_date", N_("in the future"))
                elif born.year < 1900:
                    fail("birth_date", N_("before 1900"))
                else:
                    values["birth_date"] = born
                    values["birth_precision"] = precision
            except BadValue as exc:
                fail("birth_date", exc.msgid, **exc.params)
        if typed.get("birth_precision") is not None and "birth_precision" in values:
            folded = text_of(typed["birth_precision"]).lower()
            if folded in ("year", "annee", "année", "an", "y", "a"):
                values["birth_precision"] = "year"
                values["birth_date"] = values["birth_date"].replace(month=1, day=1)
        for name in ("nationality", "country_of_origin", "returned_from"):
            if typed.get(name) is None:
                if name == "nationality":
                    fail(name, N_("missing"))
                continue
            try:
                values[name] = read_country(typed[name])
            except BadValue as exc:
                fail(name, exc.msgid, **exc.params)
        if typed.get("country_of_origin") is None and values.get("nationality"):
            values["country_of_origin"] = values["nationality"]
        document = typed.get("document_type")
        if document is None:
            values["document_type"] = "other" if values.get("document_number") else "none"
        else:
            try:
                values["document_type"] = read_document_type(document)
            except BadValue as exc:
                fail("document_type", exc.msgid, **exc.params)
        if typed.get("phone") is not None:
            try:
                values["phone"], others = read_phone(typed["phone"], values.get("nationality"))
            except BadValue as exc:
                nationality = values.get("nationality")
                country = country_name(nationality, self.lang) if nationality else "?"
                fail("phone", exc.msgid, **{**exc.params, "country": country})
            else:
                if others:  # several numbers in one cell: the first is kept, the rest noted
                    note = values.get("notes")
                    values["notes"] = f"{note}\n{others}" if note else others

    def _read_return(self, typed: dict[str, Value], values: dict[str, Any], fail: Any) -> None:
        if typed.get("arrival_date") is not None:
            try:
                arrived, _precision = read_date(typed["arrival_date"], self.today)
                if arrived > self.today:
                    fail("arrival_date", N_("in the future"))
                elif "birth_date" in values and arrived < values["birth_date"]:
                    fail("arrival_date", N_("before the date of birth"))
                values["arrival_date"] = arrived
            except BadValue as exc:
                fail("arrival_date", exc.msgid, **exc.params)
        try:
            values["vulnerabilities"] = read_vulnerabilities(typed.get("vulnerabilities"))
        except BadValue as exc:
            fail("vulnerabilities", exc.msgid, **exc.params)
        if typed.get("household_size") is None:
            values["household_size"] = 1
        else:
            try:
                values["household_size"] = read_household_size(typed["household_size"])
            except BadValue as exc:
                fail("household_size", exc.msgid, **exc.params)
        consent = typed.get("consent_date")
        if consent is None:
            fail("consent_date", N_("consent missing"))
        elif isinstance(consent, dt.date):
            day = consent.date() if isinstance(consent, dt.datetime) else consent
            if day > self.today:
                fail("consent_date", N_("in the future"))
            values["consent_date"] = day
        else:
            try:
                if read_yes_no(consent):
                    values["consent_date"] = self.today
                else:
                    fail("consent_date", N_("consent not given"))
            except BadValue:
                try:
                    day, _precision = read_date(consent, self.today)
                    if _precision != "day" or day > self.today:
                        raise BadValue(N_("not a date")) from None
                    values["consent_date"] = day
                except BadValue:
                    fail("consent_date", N_("not a consent (expected Oui/Non or a date)"))
