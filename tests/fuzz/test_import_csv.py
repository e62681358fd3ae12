"""CSV files through every importer (#14): any cells in any encoding and separator read back
exactly; damaged, mixed or binary CSV is read or refused with one line, nothing written."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzz.hostile import GOOD_ROW, REGISTRATION_HEADER
from fuzz.test_import_files import _every_importer
from reports.csv_read import CsvBook

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
# Letters field teams type, quotes, spaces and line breaks; the separator is added per file.
_LETTERS = "aAzZ09 éèçàÔïœ’«»'\"\r\n-_/().°"


def _cells(delimiter: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=_LETTERS + delimiter, max_size=12)


def _write(path: Path, rows: list[list[str]], encoding: str, delimiter: str) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@given(
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ";", "\t"]),
    data=st.data(),
)
def test_any_cells_read_back_exactly(encoding: str, delimiter: str, data: st.DataObject) -> None:
    body = data.draw(st.lists(st.lists(_cells(delimiter), min_size=3, max_size=3), max_size=8))
    rows = [["Nom", "Prénom", "Note"], *body]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "f.csv", rows, encoding, delimiter)
        with CsvBook(path) as book:
            assert book.delimiter == delimiter
            read = [(r.number, r.values) for r in book.rows(book.sheet_names[0])]
    expected = [
        (number, [c if c != "" else None for c in row])
        for number, row in enumerate(rows, start=1)
        if any(c != "" for c in row)
    ]
    assert read == expected


@given(
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from([",", ";", "\t"]),
    cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=3)), max_size=4),
)
def test_damaged_csv_through_every_importer(
    office, encoding: str, delimiter: str, cuts: list[tuple[int, bytes]]
) -> None:
    rows = [list(REGISTRATION_HEADER), list(GOOD_ROW), ["F-2", 'Koné "le grand"', "Séré\nB"]]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = bytearray(buffer.getvalue().encode(encoding))
    for position, junk in cuts:  # bytes replaced: a quote lost, a NUL, a broken character
        at = position % len(data)
        data[at : at + len(junk)] = junk
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fiches.csv"
        path.write_bytes(bytes(data))
        _every_importer(office, path)


@given(size=st.integers(1, 5000), seed=st.integers(0, 2**32))
def test_random_bytes_named_csv(office, size: int, seed: int) -> None:
    import random

    blob = random.Random(seed).randbytes(size)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.csv"
        path.write_bytes(blob)
        _every_importer(office, path)


CORPUS = Path(__file__).parent / "corpus"


def test_the_hostile_csv_corpus_says_what_is_wrong() -> None:
    import datetime as dt

    import pytest

    from models.errors import Unusable
    from reports.registration_parse import parse_registrations

    today = dt.date(2026, 11, 30)
    for name, words in [
        ("csv-unbalanced-quotes.csv", "line 3: the quotes are not balanced"),
        ("csv-nul-bytes.csv", "not a text file"),
        ("csv-utf16-cut.csv", "not valid UTF-16"),
        ("csv-empty.csv", "no header row"),
    ]:
        with pytest.raises(Unusable) as caught:
            parse_registrations(CORPUS / name, today=today)
        assert words in caught.value.text("en") and name in caught.value.text("en")
    # Rows whose separator differs from the header's: each refused, none half read.
    mixed = parse_registrations(CORPUS / "csv-mixed-separators.csv", today=today)
    assert [r.excel_row for r in mixed.rows] == [2]
    assert [r.excel_row for r in mixed.refused] == [3, 4]
