"""A registration file's header row read into fields, and the mapping file that says how.

One mapping of columns for the parser (``registration_parse``), the import window's column step
and ``rgm import registrations --mapping``: a header is read as the field the user's mapping
names (by the header as written or by its question name), else as the field an XLSForm names,
else as the field ``registration_fields`` matches. A select_multiple's 0/1 columns are choices,
the servers' meta columns are ignored, and an export's submission id is the reference. A mapping
is ``{"header as written": "field"}`` ("" ignores the column), kept in a JSON mapping file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import Unusable
from models.i18n import N_, translate
from reports.field_exports import (
    FormSpec,
    choice_column,
    is_meta_column,
    last_part,
    path_parts,
    reference_column,
)
from reports.registration_fields import FIELDS, LABELS, header_key, match_header
from reports.registration_values import text_of
from reports.xlsx_read import Value
from reports.xlsx_safe import atomic_output

Keyed = dict[tuple[str, ...], str]  # header_key of a header -> field ("" = ignored)


@dataclass(frozen=True)
class ColumnMap:
    """What each column of a header row is read as."""

    columns: dict[int, str]  # column index -> field (each field once)
    unknown: list[str]  # headers of no field, to warn about
    choices: dict[int, str] = field(default_factory=dict)  # a 0/1 choice column -> its code


class MissingColumns(Unusable):
    """No column for a required field: the header row as read and the columns proposed for it
    come with the refusal, so the user can choose them without the file being read again."""

    def __init__(
        self,
        msgid: str,
        headers: list[str | None],
        columns: dict[int, str],
        unknown: list[str],
        **params: Any,
    ) -> None:
        super().__init__(msgid, **params)
        self.headers = headers
        self.columns = columns
        self.unknown = unknown


def keyed_mapping(mapping: dict[str, str] | None, form: FormSpec | None = None) -> Keyed:
    """``mapping`` keyed for matching, over what ``form`` says (the mapping given wins);
    raises Unusable for a field that does not exist."""
    given: dict[str, str] = {}  # field -> the header the user's mapping reads as it
    for header, target in (mapping or {}).items():
        other = given.setdefault(target, header) if target else header
        if other != header and header_key(other) != header_key(header):
            raise Unusable(
                N_(
                    "The mapping reads both {first} and {second} as {field}: a field is read "
                    'from one column ("" ignores a column).'
                ),
                first=other,
                second=header,
                field=translate(LABELS[target]) if target in LABELS else target,
            )
    keyed: Keyed = {}
    for header, target in {**(form.mapping if form else {}), **(mapping or {})}.items():
        if target and target not in FIELDS:
            raise Unusable(
                N_("The mapping names an unknown field {field} (known fields: {fields})."),
                field=target,
                fields=", ".join(FIELDS),
            )
        keyed[header_key(header)] = target
    return keyed


def mapped(cell: Value, keyed: Keyed) -> str | None:
    """What the mapping says of a header (or of its question name): a field, "" or None."""
    if not isinstance(cell, str):
        return None
    key = header_key(cell)
    if key in keyed:
        return keyed[key]
    name = last_part(cell)
    if name is not None and header_key(name) in keyed:
        return keyed[header_key(name)]
    return None


def field_of(cell: Value, keyed: Keyed) -> str | None:
    """The field a header is read as (the mapping's, else the one it names), or None."""
    if cell is None or not isinstance(cell, str):
        return None
    target = mapped(cell, keyed)
    if target is not None:
        return target or None
    return match_header(cell)


def map_columns(
    cells: Sequence[Value], mapping: dict[str, str] | None = None, form: FormSpec | None = None
) -> ColumnMap:
    """The columns of header row ``cells`` read with the user's ``mapping`` and ``form``."""
    return map_keyed(cells, keyed_mapping(mapping, form), keyed_mapping(mapping))


def map_keyed(cells: Sequence[Value], keyed: Keyed, given: Keyed | None = None) -> ColumnMap:
    """``map_columns`` with the mapping already keyed (``keyed_mapping``); ``given``: the
    user's own mapping, keyed.

    A field goes to the column the user's mapping gives it, else to the one the form gives it,
    else to the first header that names it: a column mapped to a field that another header
    also names (or the form puts elsewhere) wins it, the other is left out and said."""
    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    choices: dict[int, str] = {}
    read: list[tuple[int, int, str]] = []  # (rank, index, field) of the columns naming a field
    for index, cell in enumerate(cells):
        if cell is None or text_of(cell) == "":
            continue
        target = mapped(cell, keyed)
        choice = choice_column(cell, match_header) if target is None else None
        found = field_of(cell, keyed) if choice is None else None
        if choice is not None:  # one 0/1 column of a select_multiple's choices
            choices[index] = choice[1]
        elif found:
            rank = 0 if given and mapped(cell, given) else 1 if target else 2
            read.append((rank, index, found))
        elif target == "" or is_meta_column(cell):  # ignored, no warning
            continue
        else:
            unknown[index] = text_of(cell)
    taken: set[str] = set()
    for _rank, index, found in sorted(read):
        if found in taken:
            unknown[index] = text_of(cells[index])
        else:
            columns[index] = found
            taken.add(found)
    if "source_ref" not in taken:  # a Kobo/ODK export: the submission's id is the reference
        at = reference_column(cells)
        if at is not None and mapped(cells[at], keyed) != "":
            columns[at] = "source_ref"
    return ColumnMap(dict(sorted(columns.items())), [unknown[i] for i in sorted(unknown)], choices)


def refuse_ambiguous(
    cells: Sequence[Value], keyed: Keyed, given: Keyed, file: str, sheet: str
) -> None:
    """Refuse a field that two question paths name by one last part (``enqueteur/nom`` and
    ``identification/nom``, matched by the form's question name or by ours) unless the mapping
    given says which: the first is not guessed."""
    named: dict[str, list[str]] = {}
    for cell in cells:
        if isinstance(cell, str) and mapped(cell, given) is None:
            found = field_of(cell, keyed)
            if found is not None and text_of(cell) not in named.get(found, []):
                named.setdefault(found, []).append(text_of(cell))
    for found, headers in named.items():
        if len(headers) > 1 and any(path_parts(h) for h in headers):
            raise Unusable(
                N_(
                    "{file}, sheet {sheet}: the columns {columns} all name {field}. Say which "
                    'one to import with a mapping file ({{"{column}": ""}} ignores a column).'
                ),
                file=file,
                sheet=sheet,
                columns=", ".join(headers),
                field=translate(LABELS[found]),
                column=headers[0],
            )


def mapping_of(headers: Sequence[str | None], columns: dict[int, str]) -> dict[str, str]:
    """Columns as a mapping: every header as written -> its field or "" (the same header twice:
    the column read wins)."""
    out: dict[str, str] = {}
    for index, header in enumerate(headers):
        if header and (columns.get(index) or header not in out):
            out[header] = columns.get(index, "")
    return out


def read_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file ``{"header as written": "field"}`` (JSON), checked."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise Unusable(N_("{file} is not a readable JSON mapping file."), file=path.name) from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise Unusable(N_("{file} is not a readable JSON mapping file."), file=path.name)
    return {k: (v or "") for k, v in data.items()}


def write_mapping(path: str | Path, mapping: dict[str, str]) -> Path:
    """Write ``mapping`` as a mapping file (``.json`` added to a name ending otherwise); the
    path written."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        path = path.with_name(path.name + ".json")
    with atomic_output(path) as temporary:
        text = json.dumps(mapping, ensure_ascii=False, indent=2) + "\n"
        temporary.write_text(text, encoding="utf-8")
    return path


__all__ = [
    "ColumnMap",
    "MissingColumns",
    "field_of",
    "keyed_mapping",
    "map_columns",
    "map_keyed",
    "mapping_of",
    "read_mapping",
    "refuse_ambiguous",
    "write_mapping",
]
