"""The one safe writer of every workbook and CSV file the program produces.

Cells: openpyxl stores any string that starts with ``=`` as a formula, and a spreadsheet may
also take ``+``, ``-``, ``@``, a leading tab or carriage return as the start of one (formula
injection). ``safe_row`` / ``safe_value`` (write-only sheets) and ``put`` (ordinary sheets) turn
such a string into a text cell with Excel's "quote prefix" flag: read back, it is exactly the
text written, shown as text, never evaluated. Characters XML 1.0 cannot hold (control
characters, U+FFFE...) are dropped, so a value stored before they were refused at the door
cannot make a workbook unreadable. CSV cells get the same treatment (``csv_value``: an
apostrophe before a formula start, as spreadsheets expect).

Files: ``save_workbook`` and ``write_csv`` write to a temporary file beside the target and
rename it over the target once complete, so a crash, a full disk or a cancel never leaves a
half-written file under the name the user asked for. ``output_path`` is where every writer
decides what a requested path means (a folder, an extension, ``-``), for ``rgm`` and the window
alike. A test keeps every writer of the application going through this module.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.workbook import Workbook

from models.errors import Refused
from models.i18n import N_

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (and openpyxl refuses): C0 controls but tab and line breaks,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A plain number (an E.164 phone, a negative amount) computes nothing: left as it is in CSV.
_NUMBER = re.compile(r"[+-]?\d[\d .]*")
EXCEL_MAX_TEXT = 32_767


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold, at most Excel's cell length."""
    if not text.isprintable():  # fast: every character to drop is non-printable
        text = _NOT_XML.sub("", text)
    return text[:EXCEL_MAX_TEXT] if len(text) > EXCEL_MAX_TEXT else text


def text_cell(ws: Any, value: str) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as plain text whatever its first character."""
    cell = WriteOnlyCell(ws, value=xml_text(value))
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_value(ws: Any, value: Any) -> Any:
    """``value`` ready for a write-only ``ws.append``: text cleaned, risky strings as text."""
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            return text_cell(ws, value)
        return xml_text(value)
    if isinstance(value, Cell) and isinstance(value.value, str):
        value.value = xml_text(value.value)
        if value.value.startswith(FORMULA_STARTS):
            value.data_type = "s"
            value.quotePrefix = True
    return value


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for a write-only ``ws.append`` in which no string can start a formula."""
    return [safe_value(ws, v) if isinstance(v, str | Cell) else v for v in values]


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Set a cell of an ordinary (not write-only) sheet the safe way; returns the cell."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = xml_text(value)
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # typed text, never a formula
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def csv_value(value: Any) -> Any:
    """A CSV cell: "" for None, text cleaned, a formula start behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = xml_text(value)
        if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
            return "'" + value
    return value


STDOUT = "-"


def output_path(
    requested: str | os.PathLike[str] | None,
    default_name: str | None,
    allowed_suffixes: Sequence[str],
    *,
    stdout: bool = False,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path | None:
    """Where a writer writes what the user asked for (``--out``, a save dialog's path).

    Nothing asked: ``default_name`` in the current folder. A folder (an existing one, or a path
    ending with a separator): ``default_name`` inside it, refused when there is no default name
    (it would be ambiguous). The file's extension decides the format: one not in
    ``allowed_suffixes`` is refused, and so is anything that is not a plain file (a device, a
    pipe). ``-`` is standard output, returned as None, only where ``stdout`` is supported.
    A path that is one of the ``inputs`` (the file being imported) is refused: the error
    workbook written over a field team's file would replace its accepted rows.
    """
    allowed = tuple(s.lower() for s in allowed_suffixes)
    formats = ", ".join(allowed)
    if requested is None or str(requested) == "":
        if default_name is None:
            raise Refused(N_("say where to write it: name a file ({formats})"), formats=formats)
        requested = default_name
    text = os.fspath(requested)
    if text == STDOUT:
        if stdout:
            return None
        raise Refused(
            N_("this output cannot go to standard output (-): name a file ({formats})"),
            formats=formats,
        )
    path = Path(text).expanduser()
    folder = text.endswith(("/", os.sep)) or path.is_dir()
    if folder:
        if default_name is None:
            raise Refused(
                N_("{path} is a folder: name the file to write in it ({formats})"),
                path=text,
                formats=formats,
            )
        path = path / default_name
    if path.suffix.lower() not in allowed:
        raise Refused(
            N_("{path}: this output is written as {formats}; name the file with its extension"),
            path=str(path),
            formats=formats,
        )
    if path.exists() and not path.is_file():
        raise Refused(N_("{path} is not a plain file: name a file ({formats})"), path=str(path),
                      formats=formats)  # fmt: skip
    if path.exists() and any(_same_file(path, source) for source in inputs if source):
        raise Refused(
            N_("{path} is the file being read: writing there would replace it. Name another file."),
            path=str(path),
        )
    return path


def _same_file(path: Path, other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def output_file(
    requested: str | os.PathLike[str] | None,
    default_name: str | None,
    allowed_suffixes: Sequence[str],
    *,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path:
    """``output_path`` for a writer that cannot write to standard output (nor over one of the
    ``inputs``)."""
    path = output_path(requested, default_name, allowed_suffixes, inputs=inputs)
    assert path is not None  # stdout refused above
    return path


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it when the block ends without error
    (removed otherwise)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # What an interrupted (killed) earlier write of the same file left behind.
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        stale.unlink(missing_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def write_only_workbook() -> Iterator[Workbook]:
    """A write-only workbook whose sheets' rows (kept by openpyxl in plain XML files under
    ``tempfile``'s folder until the save) are removed when the block fails or is cancelled,
    not left there, names and phones in clear, until the window closes."""
    wb = Workbook(write_only=True)
    try:
        yield wb
    except BaseException:
        discard_workbook(wb)
        raise


def discard_workbook(wb: Workbook) -> None:
    """Close a write-only workbook that will not be saved and remove its sheets' files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for generator in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            with contextlib.suppress(Exception):
                if generator is not None:
                    generator.close()
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.unlink(out)


def save_workbook(wb: Workbook, out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Save ``wb`` to ``out`` (a path: atomically; a binary stream: as it is)."""
    if isinstance(out, str | os.PathLike):
        with atomic_output(out) as temporary:
            wb.save(str(temporary))
    else:
        wb.save(out)


def write_csv(
    out: str | os.PathLike[str] | IO[str], header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> int:
    """Write a CSV file (UTF-8 with BOM, as spreadsheets expect) atomically, or CSV to a text
    stream (standard output); returns the number of rows."""
    if not isinstance(out, str | os.PathLike):
        return _write_csv_rows(out, header, rows)
    with (
        atomic_output(out) as temporary,
        temporary.open("w", newline="", encoding="utf-8-sig") as fh,
    ):
        return _write_csv_rows(fh, header, rows)


def _write_csv_rows(fh: IO[str], header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> int:
    count = 0
    writer = csv.writer(fh)
    writer.writerow([csv_value(v) for v in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
        count += 1
    return count
