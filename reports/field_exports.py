"""KoboToolbox and ODK exports: group paths, meta columns, choice columns and XLSForms.

An export names a column by the question's path in the form, ``identification/nom_famille``
(Kobo, "/" or "." as group separator) or ``identification-nom_famille`` (ODK Central): such a
header matches on its last part. The server's own columns (``_uuid``, ``_submission_time``,
``start``, ``deviceid``, ``meta/instanceID``, ``KEY``...) are ignored without a warning, but
``_uuid`` (or the instance ID) becomes the source reference of a sheet that has no reference
column, so importing the same export again adds nothing. A select_multiple exported as one 0/1
column per choice (``vulnerabilites/VOT``) fills the field of its question.

With the form itself (``--form FORM.xlsx``, an XLSForm: survey and choices sheets), each
question is matched by its name or label, and answers exported as choice codes are read through
the form's labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from models.errors import Unusable
from models.i18n import N_
from models.text import fold_words, normalise
from models.vocabulary import VULNERABILITIES
from reports.registration_values import BadValue, read_vulnerabilities
from reports.xlsx_read import Row, Value, open_workbook

# Columns the servers add to every submission (compared lower-cased, on the last path part).
META_COLUMNS = frozenset(
    {
        # KoboToolbox
        "_uuid", "_id", "_index", "_submission_time", "_submitted_by", "_validation_status",
        "_notes", "_status", "_tags", "_version_", "__version__", "_xform_id_string",
        "_attachments", "_geolocation", "_parent_index", "_parent_table_name",
        "_submission__id", "_submission__uuid", "_submission__submission_time",
        "_submission__validation_status", "_submission__notes", "_submission__status",
        "_submission__submitted_by", "_submission__tags", "_media_count", "_total_media",
        "_media_all_received", "formhub/uuid", "uuid",
        # the form's metadata questions
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "username", "audit",
        "instanceid", "instancename", "deprecatedid", "rootuuid", "meta",
        # ODK Central
        "key", "submissiondate", "submitterid", "submittername", "attachmentspresent",
        "attachmentsexpected", "reviewstate", "edits", "formversion", "status",
    }
)  # fmt: skip
# The submission's own identifier, in order of preference, as the source reference (ODK
# Central's "KEY" only as it writes it: a "Key" column of a hand-made sheet is not one).
REFERENCE_COLUMNS = ("_uuid", "instanceid", "KEY")
# A header made of XML names joined by a group separator: a question's path.
_XML_PATH = re.compile(r"[A-Za-z_][\w]*(?:[/.\-][A-Za-z_][\w]*)+", re.ASCII)
_SEPARATORS = re.compile(r"[/.\-]")
_LABEL_PATH = re.compile(r"\S/\S")


def header_text(header: object) -> str:
    """A header cell as it shows: through ``models.text.normalise``, so a second byte order
    mark, a zero-width space pasted with it or a bidirectional mark hides no column."""
    return normalise(str(header))


def path_parts(header: object) -> list[str]:
    """The parts of a question path (``grp/sub/name`` -> 3 parts); [] for any other header."""
    if not isinstance(header, str):
        return []
    text = header_text(header)
    if not _XML_PATH.fullmatch(text):
        return []
    return _SEPARATORS.split(text)


def last_part(header: object) -> str | None:
    """The question name at the end of a group path, or None when ``header`` is not one."""
    parts = path_parts(header)
    return parts[-1] if parts else None


def _bare(header: object) -> str:
    text = header_text(header)
    return (last_part(text) or text).lower()


def is_meta_column(header: object) -> bool:
    """Whether ``header`` is a column the server adds (ignored, without a warning)."""
    if not isinstance(header, str):
        return False
    text = header_text(header).lower()
    return text in META_COLUMNS or _bare(text) in META_COLUMNS


def reference_column(headers: Sequence[Value]) -> int | None:
    """The column holding the submission's identifier (``_uuid``, instance ID, ODK ``KEY``)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        if isinstance(header, str):
            found.setdefault("KEY" if header_text(header) == "KEY" else _bare(header), index)
    return next((found[name] for name in REFERENCE_COLUMNS if name in found), None)


def choice_column(header: object, match: Callable[[object], str | None]) -> tuple[str, str] | None:
    """(field, code) of a select_multiple's 0/1 column, or None: ``vulnerabilites/VOT`` (XML
    values) or ``Vulnérabilités/Victime de traite`` (labels, joined by a bare "/")."""
    parts = path_parts(header)
    if not parts and isinstance(header, str) and _LABEL_PATH.search(header):
        parts = [p.strip() for p in header.split("/")]
    if len(parts) < 2 or match(parts[-2]) != "vulnerabilities":
        return None
    if parts[-1].upper() in VULNERABILITIES:
        return "vulnerabilities", parts[-1].upper()
    try:
        code = read_vulnerabilities(parts[-1])
    except BadValue:
        return None
    return ("vulnerabilities", code) if code in VULNERABILITIES else None


_CHOSEN = frozenset({"1", "true", "vrai", "oui", "yes", "x"})


def chosen(value: Value) -> bool:
    """Whether a 0/1 choice cell says the choice was made."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return isinstance(value, str) and fold_words(value) in _CHOSEN


@dataclass
class FormSpec:
    """What an XLSForm says about its export: header -> field, and field -> code -> label."""

    path: Path
    mapping: dict[str, str] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    multiple: set[str] = field(default_factory=set)

    def translate(self, field_name: str, value: Value) -> Value:
        """An answer given as choice codes, read as the choices' labels."""
        labels = self.choices.get(field_name)
        if not labels or not isinstance(value, str):
            return value
        text = value.strip()
        if text in labels:
            return labels[text]
        if field_name in self.multiple:
            codes = text.split()
            if codes and all(c in labels for c in codes):
                return "; ".join(labels[c] for c in codes)
            picked = _split_labels(text, labels.values())
            if picked:  # a "labels" export joins the chosen labels with spaces
                return "; ".join(picked)
        return value


def _split_labels(text: str, labels: Iterable[str]) -> list[str] | None:
    """``text`` cut into the labels it is made of, longest first ("A b C" -> ["A b", "C"])."""
    ordered = sorted({label for label in labels if label}, key=len, reverse=True)
    found: list[str] = []
    rest = text.strip()
    while rest:
        label = next((x for x in ordered if rest == x or rest.startswith(x + " ")), None)
        if label is None:
            return None
        found.append(label)
        rest = rest[len(label) :].lstrip()
    return found


def _header_index(row: Sequence[Value]) -> dict[str, int]:
    return {str(v).strip().lower(): i for i, v in enumerate(row) if isinstance(v, str)}


def _sheet(names: list[str], wanted: str) -> str | None:
    return next((n for n in names if n.strip().lower() == wanted), None)


def read_form(path: str | Path, match: Callable[[object], str | None]) -> FormSpec:
    """The questions of an XLSForm matched to fields by ``match`` (name first, then label)."""
    path = Path(path)
    form = FormSpec(path)
    lists: dict[str, dict[str, str]] = {}
    wanted: dict[str, tuple[str, bool]] = {}  # field -> (list name, select_multiple)
    with open_workbook(path) as book:
        survey = _sheet(book.sheet_names, "survey")
        if survey is None:
            raise Unusable(
                N_("{file} is not an XLSForm: it has no sheet named survey."), file=path.name
            )
        rows = iter(book.rows(survey))
        header = next(rows, None)
        columns = _header_index(header.values) if header else {}
        if "type" not in columns or "name" not in columns:
            raise Unusable(
                N_("{file} is not an XLSForm: its survey sheet has no type and name columns."),
                file=path.name,
            )
        labels = [i for h, i in columns.items() if h == "label" or h.startswith("label:")]
        for row in rows:
            cells = row.values

            def cell(index: int, cells: list[Value] = cells) -> str:
                value = cells[index] if index < len(cells) else None
                return str(value).strip() if value is not None else ""

            kind, name = cell(columns["type"]).split(), cell(columns["name"])
            if (
                not kind
                or not name
                or kind[0].split("_")[0] in ("begin", "end", "note", "calculate")
            ):
                continue
            texts = [t for t in (cell(i) for i in labels) if t]
            found = next((f for f in map(match, [name, *texts]) if f), None)
            if found is None or found in form.mapping.values():
                continue
            for text in (name, *texts):
                form.mapping.setdefault(text, found)
            if kind[0] in ("select_one", "select_multiple") and len(kind) > 1:
                wanted[found] = (kind[1], kind[0] == "select_multiple")
        choices = _sheet(book.sheet_names, "choices")
        if choices is not None:
            rows = iter(book.rows(choices))
            header = next(rows, None)
            columns = _header_index(header.values) if header else {}
            labels = [i for h, i in columns.items() if h == "label" or h.startswith("label:")]
            if "list_name" in columns and "name" in columns and labels:
                for row in rows:
                    cells = row.values + [None] * len(columns)
                    list_name, code = cells[columns["list_name"]], cells[columns["name"]]
                    label = next((cells[i] for i in labels if cells[i] not in (None, "")), None)
                    if list_name is None or code is None or label is None:
                        continue
                    lists.setdefault(str(list_name).strip(), {})[_code(code)] = str(label).strip()
    for field_name, (list_name, multiple) in wanted.items():
        if list_name in lists:
            form.choices[field_name] = lists[list_name]
            if multiple:
                form.multiple.add(field_name)
    return form


def _code(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowAdapter:
    """Turns an export's rows into rows the importer reads: choice codes through the form's
    labels, and 0/1 choice columns gathered into one cell appended at ``extra``."""

    def __init__(
        self,
        translated: dict[int, str],
        form: FormSpec | None,
        gathered: dict[int, str],
        extra: int,
        readable: Callable[[str, Value], bool] | None = None,
    ) -> None:
        self.translated = translated  # column -> field whose codes the form labels
        self.form = form
        self.gathered = gathered  # column -> choice code, for the field at ``extra``
        self.extra = extra
        # An answer the importer reads as it is ("VOT", "MLI") is kept: a form's label may be
        # wordier than the readers know ("Victime de traite des êtres humains").
        self.readable = readable
        self._seen: dict[tuple[str, Value], Value] = {}

    def _translate(self, name: str, value: Value) -> Value:
        assert self.form is not None
        key = (name, value)
        if key not in self._seen:
            if len(self._seen) > 100_000:
                self._seen.clear()
            keep = self.readable is not None and self.readable(name, value)
            self._seen[key] = value if keep else self.form.translate(name, value)
        return self._seen[key]

    def __bool__(self) -> bool:
        return bool(self.translated or self.gathered)

    def __call__(self, row: Row) -> Row:
        values = row.values
        if self.translated and self.form is not None:
            values = list(values)
            for index, name in self.translated.items():
                if index < len(values):
                    values[index] = self._translate(name, values[index])
        if self.gathered:
            codes = [
                code
                for index, code in self.gathered.items()
                if index < len(values) and chosen(values[index])
            ]
            values = list(values) + [None] * (self.extra - len(values))
            values = values[: self.extra] + [" ".join(codes) or None]
        return Row(row.number, values, row.oversized)
