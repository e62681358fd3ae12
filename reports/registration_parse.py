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
import gc
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from models.errors import Unusable
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.registrations import CANCELLED
from reports.csv_read import ReadNotice
from reports.field_exports import (
    FormSpec,
    RowAdapter,
    choice_column,
    is_meta_column,
    last_part,
    path_parts,
    read_form,
    reference_column,
)
from reports.registration_fields import FIELDS, LABELS, REQUIRED, header_key, match_header
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


@dataclass(frozen=True)
class RowError:
    """Why one cell (or a whole row, when ``header`` is empty) was refused."""

    excel_row: int
    field: str
    header: str  # as written in the file
    value: Value  # as typed
    msgid: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def reason(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (default: the current language)."""
        text = translate(self.msgid, lang)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return text


@dataclass(slots=True)
class ParsedRow:
    excel_row: int
    values: dict[str, Any]  # field -> typed value, ready for the returnees table
    raw: list[Value]  # refused rows: the row's cells from column A, as typed (else empty)


@dataclass
class ParseResult:
    path: Path
    sheet: str
    header_row: int
    headers: list[str | None]  # header cells from column A, as written (as text)
    columns: dict[int, str]  # column index (0 = A) -> field
    unknown_columns: list[str]
    rows: list[ParsedRow]  # accepted rows
    refused: list[ParsedRow]  # refused rows, with whatever could be read
    errors: list[RowError]
    notices: list[ReadNotice] = dataclass_field(default_factory=list)  # what was guessed
    form: Path | None = None  # the XLSForm read with the file (never written over either)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """Every file read: no error workbook may replace one of them."""
        return (self.path,) if self.form is None else (self.path, self.form)

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len(self.refused)

    def hand_over(self) -> ParseResult:
        """A result holding the accepted rows, taken away from this one (left with none).

        Given to ``import_registrations`` as the only holder of the rows, they are freed once
        written, before the duplicate check builds its index (memory of a 100,000-row file).
        This one keeps the rest (refusals, errors, columns) for the report.
        """
        moved = replace(self)
        self.rows = []
        return moved

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


def _mapped(cell: Value, mapping: dict[tuple[str, ...], str]) -> str | None:
    """What the mapping says of a header (or of its question name): a field, "" or None."""
    if not isinstance(cell, str):
        return None
    key = header_key(cell)
    if key in mapping:
        return mapping[key]
    name = last_part(cell)
    if name is not None and header_key(name) in mapping:
        return mapping[header_key(name)]
    return None


def _field_of(cell: Value, mapping: dict[tuple[str, ...], str]) -> str | None:
    if cell is None or not isinstance(cell, str):
        return None
    target = _mapped(cell, mapping)
    if target is not None:
        return target or None
    return match_header(cell)


def _map_columns(
    cells: list[Value], mapping: dict[tuple[str, ...], str]
) -> tuple[dict[int, str], list[str], dict[int, str]]:
    """Column -> field, the headers of no field, and the 0/1 choice columns (column -> code)."""
    columns: dict[int, str] = {}
    unknown: list[str] = []
    choices: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        if cell is None or text_of(cell) == "":
            continue
        target = _mapped(cell, mapping)
        choice = choice_column(cell, match_header) if target is None else None
        found = _field_of(cell, mapping) if choice is None else None
        if choice is not None:  # one 0/1 column of a select_multiple's choices
            choices[index] = choice[1]
        elif found and found not in taken:
            columns[index] = found
            taken.add(found)
        elif target == "" or is_meta_column(cell):  # ignored, no warning
            continue
        else:
            unknown.append(text_of(cell))
    if "source_ref" not in taken:  # a Kobo/ODK export: the submission's id is the reference
        at = reference_column(cells)
        if at is not None and _mapped(cells[at], mapping) != "":
            columns[at] = "source_ref"
    return columns, unknown, choices


def _refuse_ambiguous(
    cells: list[Value],
    keyed: dict[tuple[str, ...], str],
    given: dict[tuple[str, ...], str],
    path: Path,
    sheet: str,
) -> None:
    """Refuse a field that two question paths name by one last part (``enqueteur/nom`` and
    ``identification/nom``, matched by the form's question name or by ours) unless the mapping
    given says which: the first is not guessed."""
    named: dict[str, list[str]] = {}
    for cell in cells:
        if isinstance(cell, str) and _mapped(cell, given) is None:
            found = _field_of(cell, keyed)
            if found is not None and text_of(cell) not in named.get(found, []):
                named.setdefault(found, []).append(text_of(cell))
    for found, headers in named.items():
        if len(headers) > 1 and any(path_parts(h) for h in headers):
            raise Unusable(
                N_(
                    "{file}, sheet {sheet}: the columns {columns} all name {field}. Say which "
                    'one to import with a mapping file ({{"{column}": ""}} ignores a column).'
                ),
                file=path.name,
                sheet=sheet,
                columns=", ".join(headers),
                field=translate(LABELS[found]),
                column=headers[0],
            )


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
    keyed = _check_mapping({**(form.mapping if form else {}), **(mapping or {})})
    with open_workbook(path) as book:
        names = [sheet] if sheet else book.sheet_names
        if sheet and sheet not in book.sheet_names:
            raise Unusable(N_("{file} has no sheet named {sheet}."), file=path.name, sheet=sheet)
        for name in names:
            rows = book.rows(name, cut_long_text=False)
            header = _find_header(rows, keyed)
            if header is None:
                continue
            columns, unknown, choices = _map_columns(header.values, keyed)
            _refuse_ambiguous(header.values, keyed, _check_mapping(mapping or {}), path, name)
            headers = [text_of(h) or None for h in header.values]
            adapt = _adapter(columns, choices, form, len(headers))
            if adapt.gathered:
                columns[adapt.extra] = "vulnerabilities"
                headers.append(" + ".join(text_of(header.values[i]) for i in choices))
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


def _find_header(rows: Any, keyed: dict[tuple[str, ...], str]) -> Row | None:
    for row in rows:
        if row.number > HEADER_SEARCH_ROWS:
            return None
        fields = {_field_of(cell, keyed) for cell in row.values}
        fields.discard(None)
        if len(fields) >= MIN_HEADER_FIELDS:
            return row  # type: ignore[no-any-return]
    return None
