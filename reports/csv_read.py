"""Reading a CSV file as a one-sheet workbook, with the same limits and refusals.

Field teams' CSV comes from KoboToolbox, ODK Central or Excel: UTF-8 with or without a byte order
mark, UTF-16 with one (Excel's "Unicode text"), or Windows-1252 when someone re-saved it in a
French Excel; separated by commas, semicolons (French Excel) or tabs, with quoted fields that may
hold separators and line breaks. ``CsvBook`` offers the interface of ``xlsx_read.Workbook`` (one
sheet named after the file, rows of text cells, empty cells as None), so every importer reads a
CSV through the same checks as a workbook. A guessed encoding is stated in ``notices``.

Refused with ``Unusable`` (exit 2), one line naming the file and, where it helps, the line: a
file over ``reports.input_limits``, binary content (NUL bytes, control characters), a quote
left open, text after a closing quote.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from models.errors import Unusable
from models.i18n import N_, translate
from reports.input_limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, TOO_BIG, check_file_size
from reports.sheet_rows import (
    MAX_CELL_CHARS,
    Row,
    SheetRows,
    Value,
    cut_long_cells,
    not_a_file,
    unusable,
)

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
DELIMITERS = (",", ";", "\t")
# A field longer than this is not a cell someone typed: the file is refused (a text cell over
# MAX_CELL_CHARS but under this is cut and its row refused, as in a workbook).
MAX_FIELD_CHARS = 1 << 20
# A line (between line breaks) longer than this is refused before it is split into cells: the
# widest record the limits let through (one field at MAX_FIELD_CHARS, every other column at
# MAX_CELL_CHARS) is shorter, and a 200 MB line of separators would be 200 million cells.
MAX_LINE_CHARS = MAX_FIELD_CHARS + MAX_COLUMNS * MAX_CELL_CHARS
_SAMPLE_CHARS = 64 << 10
_CHUNK = 1 << 20
_SAMPLE_ROWS = 50
# Characters no text file holds (tab, line feed, carriage return and form feed are fine).
_CONTROL = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"sep=(.)\r?\n", re.IGNORECASE)
# The csv module's limit is for the whole process: raised once, never lowered.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))


@dataclass(frozen=True)
class ReadNotice:
    """Something the reader guessed that the user should know (shown with the import's result)."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return translate(self.msgid, lang).format(**self.params)


_BINARY = N_(
    "{file} is not a text file (it holds binary data). Save it as CSV (UTF-8) or as an Excel "
    "workbook and try again."
)
_GUESSED = N_(
    "{file} is not UTF-8: it was read as {encoding}. Check accented letters in the names "
    "(saving it as 'CSV UTF-8' avoids the guess)."
)


def _decodes(path: Path, codec: str) -> tuple[bool, int, int]:
    """Whether the whole file decodes as ``codec`` (streamed), where it stops if not, and its
    line feeds (an estimate of its rows, for progress)."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset = lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if codec in ("utf-8", "cp1252") and b"\x00" in chunk:
                raise unusable(_BINARY, path)
            lines += chunk.count(b"\n")
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return False, offset + exc.start, lines
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, offset, lines
    return True, offset, lines


def _refuse_mixed(path: Path, offset: int) -> None:
    """Refuse a file that is UTF-8 (accented letters read as such) up to ``offset`` and not
    from there, as when rows are added by a program that writes Windows-1252: read whole as
    Windows-1252, its UTF-8 names would be stored garbled ("TraorÃ©")."""
    line, utf8_letters, done = 1, False, 0
    with path.open("rb") as fh:
        while done < offset and (chunk := fh.read(min(_CHUNK, offset - done))):
            line += chunk.count(b"\n")
            utf8_letters = utf8_letters or not chunk.isascii()
            done += len(chunk)
    if utf8_letters:
        raise unusable(
            N_(
                "{file} mixes two encodings: line {line} is not UTF-8, as the lines before it "
                "are. Save the file again as 'CSV UTF-8' from the spreadsheet program."
            ),
            path,
            line=line,
        )


def _detect(path: Path) -> tuple[str, str, list[ReadNotice], int]:
    """The codec that reads the file, its name, what was guessed and a row estimate."""
    with path.open("rb") as fh:
        head = fh.read(4)
    for bom, codec, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if head.startswith(bom):
            whole, offset, lines = _decodes(path, codec)
            if not whole:
                raise unusable(
                    N_("{file} is damaged: its text is not valid {encoding} (byte {offset})."),
                    path,
                    encoding=name,
                    offset=offset,
                )
            return codec, name, [], lines
    whole, offset, lines = _decodes(path, "utf-8")
    if whole:
        return "utf-8", "UTF-8", [], lines
    _refuse_mixed(path, offset)
    codec, name = "cp1252", "Windows-1252"
    if not _decodes(path, codec)[0]:  # bytes cp1252 leaves undefined: Latin-1 reads them all
        codec, name = "latin-1", "Latin-1"
    return codec, name, [ReadNotice(_GUESSED, {"file": path.name, "encoding": name})], lines


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first rows into the most rows of one same width (>1)."""
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS:  # do not judge on a row cut in the middle
        sample = sample[: sample.rfind("\n") + 1] or sample
    best = (0, 0, ",")
    for delimiter in DELIMITERS:
        widths: dict[int, int] = {}
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            for number, row in enumerate(reader):
                if number >= _SAMPLE_ROWS:
                    break
                if any(cell.strip() for cell in row):
                    widths[len(row)] = widths.get(len(row), 0) + 1
        except csv.Error:
            continue
        candidates = [(count, width) for width, count in widths.items() if width > 1]
        if not candidates:
            continue
        count, width = max(candidates)
        if (count, width) > best[:2]:
            best = (count, width, delimiter)
    return best[2]


def _check_text(path: Path, text: str) -> None:
    """Refuse binary content: control characters no text file holds, in the file's head."""
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 200):
        raise unusable(_BINARY, path)


class CsvBook:
    """A CSV file read as a workbook of one sheet (named after the file), streamed: the file
    is decoded once to choose its encoding, then read record by record."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise not_a_file(self.path)
        check_file_size(self.path)
        try:
            self._codec, self.encoding, self.notices, self._lines = _detect(self.path)
            with self._open() as stream:
                head = stream.read(_SAMPLE_CHARS + 1)  # one more: is the sample cut?
        except OSError as exc:
            raise unusable(N_("{file} does not exist."), self.path) from exc
        _check_text(self.path, head)
        match = _SEP_LINE.match(head)  # Excel's own hint on the first line: "sep=;"
        if match and match.group(1) in DELIMITERS:
            self.delimiter = match.group(1)
            self._skip = 1
        else:
            self.delimiter = sniff_delimiter(head)
            self._skip = 0
        self.sheet_names: list[str] = [self.path.stem or self.path.name]

    def _open(self) -> io.TextIOWrapper:
        return self.path.open(encoding=self._codec, newline="")

    def __enter__(self) -> CsvBook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Nothing stays open between reads."""

    def rows(
        self, sheet: str, max_empty_run: int | None = None, cut_long_text: bool = True
    ) -> SheetRows:
        """Rows from row 1 (a record, whatever its line breaks) that hold something."""
        if sheet not in self.sheet_names:
            raise unusable(N_("{file} has no sheet named {sheet}."), self.path, sheet=sheet)
        return SheetRows(self._iterate(cut_long_text), self._lines + 1)

    def _iterate(self, cut_long_text: bool) -> Iterator[Row]:
        with self._open() as stream:
            if self._skip:
                stream.readline()
            lines = self._lines_of(stream)
            yield from self._records(csv.reader(lines, delimiter=self.delimiter, strict=True),
                                     cut_long_text)  # fmt: skip

    def _lines_of(self, stream: io.TextIOWrapper) -> Iterator[str]:
        """The file's lines, each refused once longer than MAX_LINE_CHARS (never held whole)."""
        number = self._skip
        while line := stream.readline(MAX_LINE_CHARS + 1):
            number += 1
            if len(line) > MAX_LINE_CHARS:
                raise unusable(
                    N_("{file}, line {line}: the line is longer than {limit} characters."),
                    self.path,
                    line=number,
                    limit=MAX_LINE_CHARS,
                )
            yield line

    def _records(self, reader: Any, cut_long_text: bool) -> Iterator[Row]:
        path = self.path
        widest = 0
        number = 0
        start = 1  # the line where the record being read starts (a quoted field spans lines)
        try:
            for cells in reader:
                number += 1
                start = reader.line_num + 1
                values: list[Value] = [cell if cell != "" else None for cell in cells]
                width = len(values)
                while width and values[width - 1] is None:
                    width -= 1
                if not width:  # empty records, even a million, are not data (as in a workbook)
                    continue
                if width > widest:
                    widest = width
                # The limits hold the sheet's data, down to its last row and column that hold
                # something, as a workbook's extent does.
                if number > MAX_ROWS or widest > MAX_COLUMNS or number * widest > MAX_CELLS:
                    raise Unusable(
                        TOO_BIG,
                        file=path.name,
                        rows=number,
                        columns=widest,
                        max_rows=MAX_ROWS,
                        max_columns=MAX_COLUMNS,
                    )
                if cut_long_text and max(map(len, cells)) > MAX_CELL_CHARS:
                    yield Row(number, *cut_long_cells(values))
                else:
                    yield Row(number, values)
        except UnicodeDecodeError as exc:  # the file changed since it was checked
            raise unusable(
                N_("{file} is damaged: its text is not valid {encoding} (byte {offset})."),
                path,
                encoding=self.encoding,
                offset=exc.start,
            ) from exc
        except csv.Error as exc:
            line = start + self._skip
            if "field larger" in str(exc):
                raise unusable(
                    N_("{file}, line {line}: a field is longer than {limit} characters."),
                    path,
                    line=line,
                    limit=MAX_FIELD_CHARS,
                ) from exc
            raise unusable(
                N_(
                    "{file}, line {line}: the quotes are not balanced (a quoted field is not "
                    "closed, or text follows its closing quote). Fix that line or save the file "
                    "again from the spreadsheet program."
                ),
                path,
                line=line,
            ) from exc


def is_csv(path: str | Path) -> bool:
    """Whether ``path`` is read as CSV (by its name: .csv, .tsv, .txt)."""
    return Path(path).suffix.lower() in CSV_SUFFIXES
