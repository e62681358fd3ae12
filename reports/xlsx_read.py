"""Reading workbooks fast and safely: python-calamine, typed values, bounded memory.

Accepted: Excel 2007+ (``.xlsx``/``.xlsm``), old Excel ``.xls`` and OpenDocument ``.ods``
(calamine reads both). Refused with ``Unusable`` (exit 2) and a message naming the file: not a
workbook, a damaged zip, a password-protected file, a file over the limits of
``reports.input_limits`` (size, unpacked size, rows, columns), which are checked for every format
by streaming the file before it is loaded (an .ods whose column is filled down to the last row
is refused in a second, not expanded into gigabytes). Formulas are never evaluated: calamine
returns the value the spreadsheet program cached when it saved the file (empty if it never
computed one).
"""

from __future__ import annotations

import contextlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

import python_calamine as calamine

from models.errors import Unusable
from models.i18n import N_
from reports.csv_read import CsvBook, is_csv
from reports.input_limits import (
    MAX_CELLS,
    check_extent,
    check_file_size,
    check_unpacked_size,
)
from reports.sheet_rows import (
    MAX_CELL_CHARS,
    Row,
    SheetRows,
    SheetSource,
    Value,
    cut_long_cells,
    not_a_file,
    unusable,
)

# What ``open_workbook`` reads, by name: workbooks here, CSV through ``reports.csv_read``.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
READABLE_SUFFIXES = WORKBOOK_SUFFIXES | {".csv", ".tsv", ".txt"}

# MAX_CELL_CHARS: a text cell longer is cut there and its column reported in Row.oversized.
__all__ = [
    "MAX_CELL_CHARS",
    "MAX_CELLS",
    "Row",
    "SheetRows",
    "SheetSource",
    "Value",
    "Workbook",
    "cut_long_cells",
    "open_workbook",
    "unusable",
]
# Empty rows cost nothing to skip: calamine keeps no cell for a formatted but empty one, so a
# million of them below the data never reach Python, and the pre-check bounds the sheet's
# extent. Rows after a long empty run are therefore still read (no silent loss) unless a
# caller passes ``max_empty_run``.
MAX_EMPTY_RUN: int | None = None

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# A cell that holds something: an opening <c r="..."> tag that is not self-closing.
_VALUE_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>')
# Only cells beyond column Z are looked at one by one for the sheet's width.
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d{1,7}"[^>/]*>')
_CHUNK = 4 << 20


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _sheet_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The last row and column that hold a value in a sheet's XML, read as a stream."""
    last_row = 0
    last_col = 0
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            # Rows come in order and only a cell holding something has a closing tag: the last
            # "</c>" of the data read so far gives the highest row with a value.
            close = data.rfind(b"</c>")
            opening = data.rfind(b'<c r="', 0, close) if close >= 0 else -1
            if opening >= 0:
                match = _VALUE_CELL.match(data, opening)
                if match:
                    last_row = max(last_row, int(match.group(2)))
            for match in _WIDE_CELL.finditer(data):
                last_col = max(last_col, _column_number(match.group(1)))
            tail = data[-256:]
    return last_row, max(last_col, 26)


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    return [n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_ROW, _ODS_SHEET = _ODS_TABLE + "table-row", _ODS_TABLE + "table"
_ODS_CELLS = (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell")
_ODS_ROWS_REPEATED = _ODS_TABLE + "number-rows-repeated"
_ODS_COLUMNS_REPEATED = _ODS_TABLE + "number-columns-repeated"
_ODS_VALUE_TYPE = _ODS_OFFICE + "value-type"


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, 1)))
    except ValueError:
        return 1


def _ods_extent(path: Path, archive: zipfile.ZipFile) -> None:
    """Check every sheet of an OpenDocument file, streaming content.xml: rows and cells that a
    repeat count stands for are counted, never expanded (LibreOffice writes a column filled
    down to the last row as one row "repeated 1,048,575 times", which a reader expands)."""
    stack: list[Any] = []
    last_row = last_col = row = 0
    row_cols = col = 0
    with archive.open("content.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == _ODS_SHEET:
                    last_row = last_col = row = 0
                elif element.tag == _ODS_ROW:
                    col = row_cols = 0
                continue
            stack.pop()
            tag = element.tag
            if tag in _ODS_CELLS:
                col += _repeat(element, _ODS_COLUMNS_REPEATED)
                if element.get(_ODS_VALUE_TYPE) is not None or len(element):
                    row_cols = col
            elif tag == _ODS_ROW:
                row += _repeat(element, _ODS_ROWS_REPEATED)
                if row_cols:
                    last_row, last_col = row, max(last_col, row_cols)
                    check_extent(path, last_row, max(last_col, 26))
            elif tag == _ODS_SHEET:
                check_extent(path, last_row, max(last_col, 26))
            else:
                continue
            if stack:  # done with it: keep memory flat however long the sheet
                stack[-1].remove(element)


def _check_xlsx(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_unpacked_size(path, sum(i.file_size for i in infos))
            names = {i.filename for i in infos}
            if "content.xml" in names and "mimetype" in names:
                _ods_extent(path, archive)
                return
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                raise unusable(N_("{file} is not an Excel workbook."), path)
            for part in _sheet_parts(archive):
                rows, cols = _sheet_extent(archive, part)
                check_extent(path, rows, cols)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        ParseError,
        NotImplementedError,  # a compression method zipfile cannot read
        zlib.error,  # damaged compressed data
    ) as exc:
        if isinstance(exc, OSError) and not path.exists():
            raise unusable(N_("{file} does not exist."), path) from exc
        raise unusable(N_("{file} is damaged: it cannot be opened as a workbook."), path) from exc


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise not_a_file(path)
    check_file_size(path)
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(_OLE_MAGIC):
            # An encrypted .xlsx is an OLE container holding an "EncryptedPackage" stream.
            fh.seek(0)
            blob = fh.read(1 << 20)
            if any(marker in blob for marker in _ENCRYPTED_MARKERS):
                raise unusable(
                    N_(
                        "{file} is protected by a password. Open it in Excel, remove the "
                        "password (File > Info > Protect workbook) and save it again."
                    ),
                    path,
                )
            return
    if head.startswith(_ZIP_MAGIC):
        _check_xlsx(path)
        return
    raise unusable(
        N_("{file} is not a workbook. Save it as an Excel workbook (.xlsx) and try again."), path
    )


class Workbook:
    """An open workbook: its sheet names and, for each sheet, its rows as typed values."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        _check_file(self.path)
        try:
            self._book = calamine.CalamineWorkbook.from_path(str(self.path))
        except calamine.PasswordError as exc:
            raise unusable(N_("{file} is protected by a password."), self.path) from exc
        except (calamine.CalamineError, OSError, ValueError) as exc:
            raise unusable(
                N_("{file} is damaged: it cannot be opened as a workbook."), self.path
            ) from exc
        self.sheet_names: list[str] = list(self._book.sheet_names)
        self.notices: list[Any] = []  # what a reader guessed (a CSV's encoding); none here

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(calamine.CalamineError):
            self._book.close()

    def rows(
        self, sheet: str, max_empty_run: int | None = MAX_EMPTY_RUN, cut_long_text: bool = True
    ) -> SheetRows:
        """Rows of ``sheet`` from row 1 that hold something, empty cells as None.

        With ``cut_long_text``, texts over MAX_CELL_CHARS are cut and reported in
        ``Row.oversized``; a caller that checks lengths itself passes False (faster).
        """
        try:
            data = self._book.get_sheet_by_name(sheet)
        except calamine.WorksheetNotFound as exc:
            raise unusable(
                N_("{file} has no sheet named {sheet}."), self.path, sheet=sheet
            ) from exc
        except (calamine.CalamineError, ValueError) as exc:
            raise unusable(
                N_("{file} is damaged: the sheet {sheet} cannot be read."), self.path, sheet=sheet
            ) from exc
        end = data.end
        total = end[0] + 1 if end else 0
        if end:  # .xls and .xlsb are checked here, once loaded (their formats bound them)
            check_extent(self.path, total, end[1] + 1)
        return SheetRows(self._iterate(data, sheet, max_empty_run, cut_long_text), total)

    def _iterate(
        self,
        data: calamine.CalamineSheet,
        sheet: str,
        max_empty_run: int | None,
        cut_long_text: bool,
    ) -> Iterator[Row]:
        start = data.start
        first_col = start[1] if start else 0
        pad: list[Value] = [None] * first_col
        empty_run = 0
        limit = MAX_CELL_CHARS
        rows = data.iter_rows()
        index = -1
        try:
            while True:
                index += 1
                try:
                    raw = next(rows)
                except StopIteration:
                    return
                except (OverflowError, ValueError) as exc:
                    raise self._out_of_range(sheet, index + 1) from exc
                except BaseException as exc:  # a Rust panic in calamine's conversion of the cell
                    if type(exc).__name__ != "PanicException":
                        raise
                    raise self._out_of_range(sheet, index + 1) from None
                values: list[Value] = [None if cell == "" else cell for cell in raw]
                if values.count(None) == len(values):
                    empty_run += 1
                    if max_empty_run is not None and empty_run >= max_empty_run:
                        return
                    continue
                empty_run = 0
                if pad:
                    values = pad + values
                if (
                    cut_long_text
                    and max(
                        [len(c) for c in values if isinstance(c, str)],
                        default=0,
                    )
                    > limit
                ):
                    yield Row(index + 1, *cut_long_cells(values))
                else:
                    yield Row(index + 1, values)
        except calamine.CalamineError as exc:
            raise unusable(
                N_("{file} is damaged: the sheet {sheet} cannot be read."), self.path, sheet=sheet
            ) from exc

    def _out_of_range(self, sheet: str, row: int) -> Unusable:
        return unusable(
            N_(
                "{file}, sheet {sheet}, row {row}: a cell formatted as a date or a duration holds"
                " a number that is no date. Correct the cell or format it as a number, then try"
                " again."
            ),
            self.path,
            sheet=sheet,
            row=row,
        )


def open_workbook(path: str | Path) -> SheetSource:
    """Open ``path`` for reading after checking it is a usable workbook (raises Unusable).

    A CSV file (.csv, .tsv, .txt) opens as a workbook of one sheet (``reports.csv_read``), so
    every importer reads it through the same door, checks and limits.
    """
    if is_csv(path) and not is_packed(Path(path)):  # a workbook renamed .csv still opens
        return CsvBook(path)
    return Workbook(path)


def is_packed(path: Path) -> bool:
    """Whether ``path`` begins as a workbook does (zip or OLE), whatever its extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((_ZIP_MAGIC, _OLE_MAGIC))
