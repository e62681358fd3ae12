"""An import records, in its own transaction, the duplicate check it still owes; the check clears
it. A process killed in between leaves the record, and the next run finishes the check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from support.workbooks import write_xlsx

from models import registrations
from models.database import Database
from models.entities import DuplicateFlag, Returnee, Setting
from models.registrations import finish_pending, import_registrations, pending
from models.users import Actor
from reports.registration_parse import parse_registrations

TODAY = dt.date(2026, 11, 30)
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "field-registrations-kayes.xlsx"


class Killed(BaseException):
    """What a SIGKILL does to the rest of the import: nothing more runs."""


def _file(tmp_path: Path, name: str = "dup.xlsx") -> Path:
    again = ["Traoré", "Oumou", "F", dt.date(1973, 7, 24), "Mali", "85 89 84 19", "oui"]
    other = ["Keita", "Salif", "M", dt.date(1981, 2, 3), "Mali", "", "oui"]
    rows = [["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité",
             "Téléphone", "Consentement"],
            ["N-1", *again], ["N-2", *again], ["N-3", *other], ["N-4", "KEITA", *other[1:]]]  # fmt: skip
    return write_xlsx(tmp_path / name, rows)


def _flagged(db: Database) -> set[tuple[str, str]]:
    with db.reading() as s:
        refs = dict(s.execute(select(Returnee.id, Returnee.source_ref)).all())
        pairs = s.execute(select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id))
        return {(refs[a], refs[b]) for a, b in pairs}


@pytest.fixture
def registrar(db: Database, new_user) -> Actor:  # type: ignore[no-untyped-def]
    return new_user("rita", "registrar")


def test_a_check_that_never_ran_is_known_and_finished_later(
    db: Database, registrar: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY), skip_invalid=True)
    assert pending(db) == ([], []), "a finished check leaves nothing pending"

    def killed(*args: object, **kwargs: object) -> None:
        raise Killed

    monkeypatch.setattr(registrations, "check_new_returnees", killed)
    with pytest.raises(Killed):
        import_registrations(db, registrar, parse_registrations(_file(tmp_path), today=TODAY))
    monkeypatch.undo()
    keys, ids = pending(db)
    with db.reading() as s:
        new = set(s.scalars(select(Returnee.id).where(Returnee.source_ref.like("N-%"))))
    assert len(keys) == 1 and set(ids) == new and len(new) == 4
    assert not {p for p in _flagged(db) if "N-1" in p}, "the pairs were never flagged"

    checked, flagged, error = finish_pending(db, registrar)
    assert (checked, error) == (4, None) and flagged >= 3
    assert {("BKO-26001", "N-1"), ("N-1", "N-2"), ("N-3", "N-4")} <= _flagged(db)
    assert pending(db) == ([], [])
    assert finish_pending(db, registrar) == (0, 0, None)


def test_a_check_that_fails_again_stays_pending(
    db: Database, registrar: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.duplicate_review

    def broken(*args: object, **kwargs: object) -> int:
        raise MemoryError("out of memory")

    monkeypatch.setattr(models.duplicate_review, "new_returnee_matches", broken)
    summary = import_registrations(db, registrar, parse_registrations(_file(tmp_path),
                                                                      today=TODAY))  # fmt: skip
    assert summary.duplicate_check_error == "MemoryError"
    assert len(pending(db)[1]) == 4
    assert finish_pending(db, registrar) == (4, 0, "MemoryError")
    monkeypatch.undo()
    assert finish_pending(db, registrar)[2] is None and pending(db) == ([], [])


def test_a_dry_run_or_a_refused_file_owes_nothing(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    import_registrations(db, registrar, parse_registrations(_file(tmp_path), today=TODAY),
                         dry_run=True)  # fmt: skip
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY))  # refused rows
    with db.reading() as s:
        assert not s.scalars(select(Setting).where(Setting.key.like("pending.%"))).all()


def test_scattered_ids_are_kept_as_ranges_or_one_span() -> None:
    assert registrations._ranges([5, 1, 2, 3, 9, 10]) == [[1, 3], [5, 5], [9, 10]]

    class Session:
        added: list[Setting] = []

        def add(self, row: Setting) -> None:
            self.added.append(row)

    session = Session()
    registrations._record_pending(session, list(range(1, 4000, 2)))
    (row,) = session.added
    assert row.key == "pending.duplicate_check.1" and row.value == "[[1, 3999]]"
