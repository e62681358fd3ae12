"""Reading a field team's registration workbook into typed, validated returnee rows.

Pure: no database. ``parse_registrations`` finds the sheet and header row, maps its columns to
fields (``column_map``, as the import window proposes them; a file with no column for a required
field is refused with ``MissingColumns``, which carries them), reads every value as people type
it (``registration_values``) and validates each row. Refused rows keep their original cells for
the error workbook.

Consent: a date in the consent column is the consent date; "oui"/"yes" means consent was given
but not when, and the import date (``today``) is stored, the first date the office can vouch for
(the arrival date could predate the consent); "non" or nothing refuses the row.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.errors import Unusable
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.registrations import CANCELLED
from reports.column_map import (
    Keyed,
    MissingColumns,
    field_of,
    keyed_mapping,
    map_keyed,
    refuse_ambiguous,
)
from reports.csv_read import ReadNotice
from reports.field_exports import FormSpec, RowAdapter, is_meta_column, read_form
from reports.registration_fields import LABELS, REQUIRED, match_header
from reports.registration_result import ParsedRow, ParseResult, RowError
from reports.registration_rows import ChunkReader
from reports.registration_values import (
    BadValue,
    read_country,
    read_document_type,
    read_sex,
    read_vulnerabilities,
    read_yes_no,
    text_of,
)
from reports.xlsx_read import Row, Value, open_workbook

HEADER_SEARCH_ROWS = 20
MIN_HEADER_FIELDS = 3
CHUNK_ROWS = 2_000


def parse_registrations(
    path: str | Path,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    today: dt.date | None = None,
    form: str | Path | FormSpec | None = None,
    job: Job = NO_JOB,
) -> ParseResult:
    """Read and validate every registration row of a workbook or CSV file (raises Unusable,
    ``models.jobs.Cancelled``). ``form``: the XLSForm of a Kobo/ODK export (its questions and
    choice labels). ``job``: progress and cancellation."""
    # The rows are acyclic dicts and lists: the cyclic collector walking 100,000 of them again
    # and again would double the time, so it rests while they are built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if form is not None and not isinstance(form, FormSpec):
            form = read_form(form, match_header)
        result = _parse(path, mapping, sheet, job, today, form)
        result.form = form.path if form is not None else None
        return result
    finally:
        if collecting:
            gc.enable()


def _parse(
    path: str | Path,
    mapping: dict[str, str] | None,
    sheet: str | None,
    job: Job,
    today: dt.date | None,
    form: FormSpec | None,
) -> ParseResult:
    path = Path(path)
    today = today or dt.date.today()
    # The mapping given wins over what the form says.
    keyed = keyed_mapping(mapping, form)
    with open_workbook(path) as book:
        names = [sheet] if sheet else book.sheet_names
        if sheet and sheet not in book.sheet_names:
            raise Unusable(N_("{file} has no sheet named {sheet}."), file=path.name, sheet=sheet)
        for name in names:
            rows = book.rows(name, cut_long_text=False)
            header = _find_header(rows, keyed)
            if header is None:
                continue
            given = keyed_mapping(mapping)
            found = map_keyed(header.values, keyed, given)
            refuse_ambiguous(header.values, keyed, given, path.name, name)
            columns, unknown, choices = dict(found.columns), found.unknown, found.choices
            headers = [text_of(h) or None for h in header.values]
            adapt = _adapter(columns, choices, form, len(headers))
            if adapt.gathered:
                columns[adapt.extra] = "vulnerabilities"
                headers.append(" + ".join(text_of(header.values[i]) for i in choices))
            missing = [f for f in REQUIRED if f not in columns.values()]
            if missing:
                raise MissingColumns(
                    N_(
                        "{file}, sheet {sheet}: no column for {fields} in the header row "
                        "{row}. Rename the columns or give a mapping file."
                    ),
                    headers,
                    columns,
                    unknown,
                    file=path.name,
                    sheet=name,
                    row=header.number,
                    fields=", ".join(translate(LABELS[f]) for f in missing),
                )
            result = ParseResult(
                path,
                name,
                header.number,
                headers,
                columns,
                unknown,
                [],
                [],
                [],
                list(book.notices)
                + (_other_sheets(book, name, path) if _is_export(header.values) else []),
            )
            total = rows.total
            reader = ChunkReader(result, today)
            chunk: list[Row] = []
            for row in rows:
                chunk.append(adapt(row) if adapt else row)
                if len(chunk) == CHUNK_ROWS:
                    reader.read_chunk(chunk)
                    chunk = []
                    job.check(CANCELLED)
                    job.progress(row.number, total)
            reader.read_chunk(chunk)
            job.progress(total, total)
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


def _adapter(
    columns: dict[int, str], choices: dict[int, str], form: FormSpec | None, width: int
) -> RowAdapter:
    translated = {i: f for i, f in columns.items() if form is not None and f in form.choices}
    gathered = choices if "vulnerabilities" not in columns.values() else {}
    return RowAdapter(translated, form, gathered, width, _readable)


# The fields whose answers are codes the importer may read as they are.
_CODE_READERS: dict[str, Callable[[Any], Any]] = {
    "sex": read_sex,
    "nationality": read_country,
    "country_of_origin": read_country,
    "returned_from": read_country,
    "document_type": read_document_type,
    "vulnerabilities": read_vulnerabilities,
    "consent_date": read_yes_no,
}


def _readable(field: str, value: Value) -> bool:
    """Whether ``value`` reads as it is for ``field`` (then a form's label is not needed)."""
    reader = _CODE_READERS.get(field)
    if reader is None or value is None:
        return False
    try:
        reader(value)
    except BadValue:
        return False
    return True


_REPEAT_MARKERS = frozenset({"_parent_index", "_parent_table_name", "_submission__uuid"})


def _is_export(headers: list[Value]) -> bool:
    """Whether a header row is a KoboToolbox/ODK export's (it has the server's columns)."""
    return any(is_meta_column(h) for h in headers)


def _other_sheets(book: Any, read: str, path: Path) -> list[ReadNotice]:
    """A notice for each sheet of an export holding a repeat group: such sheets are not
    imported (a sheet that cannot be read is not imported either, as before)."""
    notices = []
    for name in book.sheet_names:
        if name == read:
            continue
        try:
            first = next(iter(book.rows(name)), None)
        except Unusable:
            continue
        cells = {str(v).strip().lower() for v in first.values if v} if first else set()
        if cells & _REPEAT_MARKERS:
            notices.append(
                ReadNotice(
                    N_(
                        "{file}: the sheet {sheet} holds a repeat group of the form; it is not "
                        "imported (only the sheet {read} is)."
                    ),
                    {"file": path.name, "sheet": name, "read": read},
                )
            )
    return notices


def _find_header(rows: Any, keyed: Keyed) -> Row | None:
    for row in rows:
        if row.number > HEADER_SEARCH_ROWS:
            return None
        fields = {field_of(cell, keyed) for cell in row.values}
        fields.discard(None)
        if len(fields) >= MIN_HEADER_FIELDS:
            return row  # type: ignore[no-any-return]
    return None


__all__ = [
    "CHUNK_ROWS",
    "HEADER_SEARCH_ROWS",
    "MIN_HEADER_FIELDS",
    "ParseResult",
    "ParsedRow",
    "RowError",
    "MissingColumns",
    "parse_registrations",
]
