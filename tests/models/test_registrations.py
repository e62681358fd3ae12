"""Importing parsed registrations: all or nothing, already present, dry run, duplicates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support.workbooks import write_xlsx

from models.database import Database
from models.entities import Case, Returnee
from models.errors import Refused
from models.jobs import Cancelled, RecordingJob
from models.registrations import import_registrations
from models.users import Actor
from reports.registration_parse import parse_registrations

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "field-registrations-kayes.xlsx"
TODAY = dt.date(2026, 11, 30)
HEADER = ["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Téléphone",
          "Consentement"]  # fmt: skip


def _counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        return (s.scalar(select(func.count()).select_from(Returnee)) or 0,
                s.scalar(select(func.count()).select_from(Case)) or 0)  # fmt: skip


@pytest.fixture
def registrar(db: Database, new_user) -> Actor:
    return new_user("rita", "registrar")


def test_refused_rows_block_the_whole_file(db: Database, registrar: Actor) -> None:
    result = parse_registrations(SAMPLE, today=TODAY)
    summary = import_registrations(db, registrar, result)
    assert (summary.rows, summary.refused, summary.imported, summary.written) == (173, 8, 0, False)
    assert _counts(db) == (0, 0)


def test_skip_invalid_imports_the_rest_then_nothing_twice(db: Database, registrar: Actor) -> None:
    result = parse_registrations(SAMPLE, today=TODAY)
    summary = import_registrations(db, registrar, result, skip_invalid=True)
    assert (summary.imported, summary.refused, summary.already_present) == (165, 8, 0)
    assert summary.written and len(summary.case_numbers) == 165
    assert summary.case_numbers[0].startswith("BKO-")
    assert _counts(db) == (165, 165)
    with db.reading() as s:
        traore = s.scalars(select(Returnee).where(Returnee.source_ref == "BKO-26001")).one()
        assert (traore.family_name, traore.nationality, traore.phone) == (
            "TRAORE", "MLI", "+22385898419")  # fmt: skip
        case = s.scalars(select(Case).where(Case.returnee_id == traore.id)).one()
        assert case.state == "registered" and case.registered_by == registrar.id
    again = import_registrations(db, registrar, result, skip_invalid=True)
    assert (again.imported, again.already_present) == (0, 165)
    assert "BKO-26001" in again.already_present_refs
    assert _counts(db) == (165, 165)


def test_dry_run_counts_but_writes_nothing(db: Database, registrar: Actor) -> None:
    result = parse_registrations(SAMPLE, today=TODAY)
    summary = import_registrations(db, registrar, result, dry_run=True)
    assert (summary.imported, summary.refused, summary.written, summary.dry_run) == (
        165, 8, False, True)  # fmt: skip
    assert _counts(db) == (0, 0)
    data = summary.as_json()
    assert set(data) >= {"rows", "imported", "refused", "already_present", "possible_duplicates",
                         "unknown_columns", "seconds"}  # fmt: skip


def test_possible_duplicates_are_flagged(db: Database, registrar: Actor, tmp_path: Path) -> None:
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY), skip_invalid=True)
    # BKO-26001 (TRAORE Oumou, 24/07/1973, +223 85 89 84 19) registered again under a new
    # reference, and twice in the same file.
    again = ["Traoré", "Oumou", "F", dt.date(1973, 7, 24), "Mali", "85 89 84 19", "oui"]
    rows = [HEADER, ["N-1", *again], ["N-2", *again]]
    result = parse_registrations(write_xlsx(tmp_path / "dup.xlsx", rows), today=TODAY)
    summary = import_registrations(db, registrar, result)
    assert summary.imported == 2
    assert summary.possible_duplicates >= 2  # against the register and within the file


def test_english_speaking_origin_gets_english_cases(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    rows = [HEADER, ["G-1", "Jallow", "Lamin", "M", dt.date(1995, 3, 3), "The Gambia", "", "yes"]]
    result = parse_registrations(write_xlsx(tmp_path / "gm.xlsx", rows), today=TODAY)
    import_registrations(db, registrar, result)
    with db.reading() as s:
        assert s.scalars(select(Case.language)).one() == "en"


def test_only_registrars_import(db: Database, new_user) -> None:
    viewer = new_user("victor", "viewer")
    result = parse_registrations(SAMPLE, today=TODAY)
    with pytest.raises(Refused):
        import_registrations(db, viewer, result, skip_invalid=True)
    assert _counts(db) == (0, 0)


def test_cancelled_import_writes_nothing(db: Database, registrar: Actor) -> None:
    result = parse_registrations(SAMPLE, today=TODAY)
    with pytest.raises(Cancelled):
        import_registrations(db, registrar, result, skip_invalid=True, job=RecordingJob(1))
    assert _counts(db) == (0, 0)
