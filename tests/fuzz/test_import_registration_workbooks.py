"""Fuzzing the registration import: generated workbooks with hostile cells, through parsing and
writing. Never a traceback; a refusal or a dry run writes nothing; the audit chain holds."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzz.checks import chain_intact, counts, refused_or_done
from fuzz.hostile import GOOD_ROW, REGISTRATION_HEADER, xlsx
from fuzz.strategies import cell
from models.errors import RgmError, Unusable
from models.registrations import import_registrations
from reports.registration_parse import ParseResult, parse_registrations
from reports.xlsx_read import open_workbook

WIDTH = len(REGISTRATION_HEADER)
TODAY = dt.date(2026, 11, 30)


@st.composite
def hostile_row(draw: st.DrawFn) -> list[object]:
    row = list(GOOD_ROW)
    for index in draw(st.sets(st.integers(0, WIDTH - 1), max_size=WIDTH)):
        row[index] = draw(cell)
    return row


workbooks = st.fixed_dictionaries(
    {
        "rows": st.lists(hostile_row(), min_size=1, max_size=6),
        "sheets": st.dictionaries(
            st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12),
            st.lists(st.lists(cell, max_size=4), max_size=3),
            max_size=3,
        ),
        "merged": st.lists(
            st.sampled_from(["A2:B2", "C3:C5", "E2:F4", "A1:K1"]), max_size=2, unique=True
        ),  # fmt: skip
        "formulas": st.booleans(),
        "title_rows": st.integers(0, 2),
    }
)


def _build(folder: Path, spec: dict) -> Path:
    rows = [["Liste des retours"]] * spec["title_rows"] + [list(REGISTRATION_HEADER), *spec["rows"]]
    merged = [] if spec["title_rows"] else spec["merged"]
    return xlsx(folder / "fuzz.xlsx", rows, sheets=spec["sheets"], merged=merged,
                formulas=spec["formulas"])  # fmt: skip


@given(spec=workbooks, skip_invalid=st.booleans(), dry_run=st.booleans())
def test_registration_import_never_crashes_nor_half_writes(
    office, spec: dict, skip_invalid: bool, dry_run: bool
) -> None:
    sqlite_db, registrar = office["db"], office["registrar"]
    with tempfile.TemporaryDirectory() as folder:
        path = _build(Path(folder), spec)
        parsed = refused_or_done(lambda: parse_registrations(path, today=TODAY))
        if isinstance(parsed, RgmError):
            return
        assert isinstance(parsed, ParseResult)
        for error in parsed.errors:
            assert error.excel_row >= 2 and error.reason()
        before = counts(sqlite_db)
        summary = refused_or_done(
            lambda: import_registrations(
                sqlite_db, registrar, parsed, skip_invalid=skip_invalid, dry_run=dry_run
            )  # fmt: skip
        )
        after = counts(sqlite_db)
        if isinstance(summary, RgmError) or not summary.written:
            assert after == before
        else:
            assert after[0] - before[0] == summary.imported
            assert summary.duplicate_check_error is None
        assert chain_intact(sqlite_db)


@given(spec=workbooks)
def test_every_cell_reads_as_a_plain_value(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _build(Path(folder), spec)
        try:
            _read_every_cell(path)
        except Unusable as exc:  # only a date or duration that is no date, naming its row
            assert "formatted as a date or a duration" in str(exc) and ", row " in str(exc)


def _read_every_cell(path: Path) -> None:
    with open_workbook(path) as book:
        for sheet in book.sheet_names:
            for row in book.rows(sheet):
                assert row.number >= 1
                assert all(
                    v is None or isinstance(v, str | int | float | bool | dt.date | dt.time
                                            | dt.timedelta)
                    for v in row.values
                )  # fmt: skip
