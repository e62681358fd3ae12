"""What people type and send: each hole of issue #11 reproduced on a real workbook and a real
database (SQLite and PostgreSQL), then its siblings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fuzz.hostile import GOOD_ROW, registrations
from sqlalchemy import func, select

from models.database import Database
from models.entities import AuditEvent, Case, Returnee
from models.registrations import import_registrations
from models.users import Actor
from reports.registration_parse import parse_registrations
from reports.registration_values import BadValue, read_date

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def registrar(db: Database, new_user) -> Actor:
    return new_user("rita", "registrar")


def _row(ref: str, **over: object) -> list[object]:
    row = list(GOOD_ROW)
    names = ("ref", "family", "given", "sex", "born", "nationality", "phone", "post", "arrived",
             "consent", "notes")  # fmt: skip
    row[0] = ref
    for key, value in over.items():
        row[names.index(key)] = value
    return row


def _counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0 for m in (Returnee, Case, AuditEvent)
        )


@pytest.mark.parametrize("blank", [" ", "\u00a0", "\u200b", "\ufeff\u200b", "\u3000\u2003", "\x01"])
@pytest.mark.parametrize("dry_run", [False, True])
def test_a_mandatory_name_of_spaces_is_missing_not_a_crash(
    db: Database, registrar: Actor, tmp_path: Path, blank: str, dry_run: bool
) -> None:
    path = registrations(tmp_path / "f.xlsx", _row("F-1"), _row("F-2", family=blank),
                         _row("F-3", given=blank))  # fmt: skip
    result = parse_registrations(path, today=TODAY)
    assert [(e.excel_row, e.field, e.reason()) for e in result.errors] == [
        (3, "family_name", "missing"),
        (4, "given_names", "missing"),
    ]
    before = _counts(db)
    summary = import_registrations(db, registrar, result, skip_invalid=True, dry_run=dry_run)
    assert (summary.imported, summary.refused) == (1, 2)
    assert (_counts(db) == before) is dry_run


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0000", "not a date"),
        ("vers 0", "not a date"),
        ("00/00/0000", "no such date"),
        ("0000-01-01", "no such date"),
        ("31/02/1990", "no such date"),
        ("01/01/0001", "not a date"),
        ("12/12/20225", "not a date"),
        (dt.datetime(1, 1, 1), "not a date"),
        (3_000_000, "not a date"),  # an Excel serial past year 9999
        (-3, "not a date"),
    ],
)
def test_impossible_dates_are_refused_naming_row_and_column(
    db: Database, registrar: Actor, tmp_path: Path, typed: object, reason: str
) -> None:
    path = registrations(tmp_path / "f.xlsx", _row("F-1", born=typed), _row("F-2", arrived=typed))
    result = parse_registrations(path, today=TODAY)
    found = [(e.excel_row, e.header, e.reason()) for e in result.errors]
    assert [(r, h) for r, h, _ in found] == [(2, "Date de naissance"), (3, "Date d'arrivée")]
    assert all(text.startswith(reason) for _r, _h, text in found), found
    summary = import_registrations(db, registrar, result, skip_invalid=True)
    assert summary.refused == 2


@pytest.mark.parametrize("typed", ["0", "0000", "1/1/0", "0000-00-00", "9999-12-31"])
def test_read_date_never_escapes_with_another_error(typed: str) -> None:
    with pytest.raises(BadValue):
        read_date(typed, TODAY)


def test_text_that_xml_cannot_hold_is_stored_without_it(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    path = registrations(
        tmp_path / "f.xlsx",
        _row("F-1", family="Tra\x00or\x1be\u0301", given="\u202eAwa\x7f", notes="a\x01\r\n\x02b"),
    )
    result = parse_registrations(path, today=TODAY)
    assert result.errors == []
    import_registrations(db, registrar, result)
    with db.reading() as s:
        stored = s.execute(select(Returnee.family_name, Returnee.given_names, Returnee.notes)).one()
    assert tuple(stored) == ("Traoré", "Awa", "a\nb")


def test_over_long_text_is_refused_with_the_schema_limit(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    path = registrations(tmp_path / "f.xlsx", _row("F-1", post="P" * 121), _row("R" * 65))
    result = parse_registrations(path, today=TODAY)
    assert [(e.excel_row, e.header, e.reason()) for e in result.errors] == [
        (2, "Poste d'entrée", "too long (limit 120 characters)"),
        (3, "N° fiche", "too long (limit 64 characters)"),
    ]
