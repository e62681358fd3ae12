"""The size limits of every file the program reads, the same whatever its format.

A workbook (.xlsx, .xls, .ods) and later a CSV are held to the same figures, checked while the
file is streamed, before anything is loaded whole: a file over them is refused with one line
naming it (``Unusable``, exit status 2), quickly and without the memory it would take.
"""

from __future__ import annotations

from pathlib import Path

from models.errors import Unusable
from models.i18n import N_

# The file itself (a 100,000-row registration workbook is about 8 MB).
MAX_FILE_BYTES = 256 << 20
# What a zipped format (.xlsx, .ods) unpacks to, all parts together: a zip bomb stops here.
MAX_UNPACKED_BYTES = 1 << 30
# The extent of a sheet's data: its last row and column that hold something.
MAX_ROWS = 300_000
MAX_COLUMNS = 256
# Readers hold a sheet as a dense rectangle of about 32 bytes a cell: at most ~250 MB.
MAX_CELLS = 8_000_000
# A text cell longer than this is refused (its row is reported; Excel itself stops at 32,767).
MAX_CELL_CHARS = 4_000

TOO_BIG = N_(
    "{file} is too large to import: a sheet has data down to row {rows} and column {columns} "
    "(limits: {max_rows} rows, {max_columns} columns). Remove the unused rows and columns or "
    "split the file."
)


def check_file_size(path: Path) -> None:
    """Refuse a file larger than MAX_FILE_BYTES (raises Unusable)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Unusable(
            N_("{file} is too large to import ({size} MB; the limit is {limit} MB)."),
            file=path.name,
            size=size >> 20,
            limit=MAX_FILE_BYTES >> 20,
        )


def check_unpacked_size(path: Path, unpacked: int) -> None:
    """Refuse a zipped file whose parts unpack to more than MAX_UNPACKED_BYTES."""
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unusable(
            N_("{file} is too large to import: it unpacks to {size} MB (limit {limit} MB)."),
            file=path.name,
            size=unpacked >> 20,
            limit=MAX_UNPACKED_BYTES >> 20,
        )


def check_extent(path: Path, rows: int, columns: int) -> None:
    """Refuse a sheet whose data reaches past MAX_ROWS, MAX_COLUMNS or MAX_CELLS."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise Unusable(
            TOO_BIG,
            file=path.name,
            rows=rows,
            columns=columns,
            max_rows=MAX_ROWS,
            max_columns=MAX_COLUMNS,
        )
