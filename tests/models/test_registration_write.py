"""The import's bulk write (driver cursor) and the duplicate check run after the commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support.workbooks import write_xlsx

import models.cases
import models.duplicate_review
import models.holds
from models import audit
from models.cases import register_returnees, returnee_row
from models.database import Database
from models.duplicate_review import flag_new_returnees, scan
from models.entities import AuditEvent, Case, CaseCounter, CaseEvent, DuplicateFlag, Returnee
from models.errors import Advice
from models.jobs import RecordingJob
from models.registrations import CHECKING, DUPLICATE_CHECK_ADVICE, import_registrations
from models.text import search_key
from models.users import Actor
from reports.registration_parse import parse_registrations

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "field-registrations-kayes.xlsx"
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def registrar(db: Database, new_user) -> Actor:
    return new_user("rita", "registrar")


def _state(db: Database) -> tuple[int, ...]:
    with db.reading() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Returnee, Case, CaseEvent, AuditEvent, DuplicateFlag, CaseCounter)
        )


def _flagged_refs(db: Database) -> set[tuple[str, str]]:
    with db.reading() as s:
        refs = {i: r for i, r in s.execute(select(Returnee.id, Returnee.source_ref))}
        flags = s.execute(select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id))
        return {(refs[a], refs[b]) for a, b in flags}


def test_rows_are_stored_as_the_orm_would_store_them(db: Database, registrar: Actor) -> None:
    result = parse_registrations(SAMPLE, today=TODAY)
    summary = import_registrations(db, registrar, result, skip_invalid=True)
    assert summary.imported == 165 and summary.duplicate_check_error is None
    with db.reading() as s:
        for parsed in result.rows[:40]:
            stored = s.scalars(
                select(Returnee).where(Returnee.source_ref == parsed.values["source_ref"])
            ).one()
            expected = returnee_row(parsed.values)
            for column, value in expected.items():
                assert getattr(stored, column) == value, (parsed.excel_row, column)
            assert stored.version == 1 and stored.created_by == registrar.id
            assert stored.created_at.tzinfo is not None
            case = s.scalars(select(Case).where(Case.returnee_id == stored.id)).one()
            assert (case.state, case.on_hold, case.registered_by) == (
                "registered", False, registrar.id)  # fmt: skip
            event = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)).one()
            assert (event.kind, event.to_state, event.user_id) == (
                "register", "registered", registrar.id)  # fmt: skip
            history = audit.history(s, "cases", case.id)
            assert [e.action for e in history] == ["case.import"]
            assert history[0].after == audit.canonical(
                {"number": case.number, "returnee_id": stored.id,
                 "source_ref": parsed.values["source_ref"]}
            )  # fmt: skip
        assert audit.verify(s) is None
        numbers = s.scalars(select(Case.number).order_by(Case.id)).all()
    assert numbers == summary.case_numbers  # in the order of the file


def test_audit_text_of_awkward_source_references_is_canonical(
    db: Database, registrar: Actor
) -> None:
    people = [
        {"source_ref": ref, "family_name": "Diallo", "given_names": "Awa", "sex": "F",
         "birth_date": dt.date(1990, 5, 6), "nationality": "MLI"}
        for ref in ('a "quoted" ref', "accentué – ü\\ \u2028", None)
    ]  # fmt: skip
    with db.transaction() as s:
        done = register_returnees(s, registrar, people)
    with db.reading() as s:
        for person, reg in zip(people, done, strict=True):
            (event,) = audit.history(s, "cases", reg.case_id)
            assert event.after == audit.canonical(
                {"number": reg.case_number, "returnee_id": reg.returnee_id,
                 "source_ref": person["source_ref"]}
            )  # fmt: skip
        assert audit.verify(s) is None


@pytest.mark.parametrize("where", ["cases", "audit", "holds"])
def test_a_crash_mid_write_leaves_the_database_as_before(
    db: Database, registrar: Actor, monkeypatch: pytest.MonkeyPatch, where: str, tmp_path: Path
) -> None:
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY), skip_invalid=True)
    before = _state(db)
    with db.reading() as s:
        counter = s.get(CaseCounter, dt.datetime.now(dt.UTC).year)
        last_number = counter.last_number if counter else 0

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk unplugged")

    target = {"cases": (models.cases, "next_case_numbers"),
              "audit": (models.cases.audit, "record_texts"),
              "holds": (models.holds, "hold_new_registrations")}[where]  # fmt: skip
    monkeypatch.setattr(*target, crash)
    rows = [["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité",
             "Consentement"]] + [
        [f"C-{i}", "Keita", f"Moussa {i}", "M", dt.date(1990, 1, 1 + i), "Mali", "oui"]
        for i in range(20)
    ]  # fmt: skip
    file = write_xlsx(tmp_path / "crash.xlsx", rows)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        import_registrations(db, registrar, parse_registrations(file, today=TODAY))
    monkeypatch.undo()
    assert _state(db) == before
    with db.reading() as s:
        counter = s.get(CaseCounter, dt.datetime.now(dt.UTC).year)
        assert (counter.last_number if counter else 0) == last_number
        assert audit.verify(s) is None
    # The same file imports afterwards, numbered on from where the register was.
    summary = import_registrations(db, registrar, parse_registrations(file, today=TODAY))
    assert summary.imported == 20
    assert int(summary.case_numbers[0][-6:]) == last_number + 1


def _duplicates_file(tmp_path: Path) -> Path:
    again = ["Traoré", "Oumou", "F", dt.date(1973, 7, 24), "Mali", "85 89 84 19", "oui"]
    other = ["Keita", "Salif", "M", dt.date(1981, 2, 3), "Mali", "", "oui"]
    rows = [["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité",
             "Téléphone", "Consentement"],
            ["N-1", *again], ["N-2", *again], ["N-3", *other], ["N-4", "KEITA", *other[1:]]]  # fmt: skip
    return write_xlsx(tmp_path / "dup.xlsx", rows)


def test_check_after_commit_flags_what_the_check_in_the_transaction_flagged(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY), skip_invalid=True)
    base = _flagged_refs(db)
    new = parse_registrations(_duplicates_file(tmp_path), today=TODAY)

    # The former way: written and checked in one transaction (rolled back here).
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), db.transaction() as s:
        done = register_returnees(s, registrar, [r.values for r in new.rows])
        in_transaction = flag_new_returnees(s, registrar, [r.returnee_id for r in done])
        refs = {i: r for i, r in s.execute(select(Returnee.id, Returnee.source_ref))}
        old_pairs = {
            (refs[a], refs[b])
            for a, b in s.execute(select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id))
        }
        raise Rollback
    summary = import_registrations(db, registrar, new)
    assert summary.duplicate_check_error is None
    assert summary.possible_duplicates == in_transaction >= 3
    assert _flagged_refs(db) == old_pairs
    assert ("BKO-26001", "N-1") in old_pairs and ("N-1", "N-2") in old_pairs - base
    with db.reading() as s:
        assert audit.verify(s) is None


def test_the_duplicate_check_reports_its_progress_to_the_end(
    db: Database, registrar: Actor, tmp_path: Path
) -> None:
    class Checking(RecordingJob):
        """Keeps the progress of the duplicate check's phase only."""

        def phase(self, label: str) -> None:
            super().phase(label)
            self.reports.clear()

    # Into an empty register: every pair is scanned.
    job = Checking()
    import_registrations(db, registrar, parse_registrations(_duplicates_file(tmp_path),
                         today=TODAY), job=job)  # fmt: skip
    calls = job.reports
    assert job.phases == [CHECKING]
    assert calls and calls[-1][0] == calls[-1][1] > 0
    # A few new people against a larger register: each is looked up.
    calls.clear()
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY),
                         skip_invalid=True)  # fmt: skip
    again = write_xlsx(tmp_path / "late.xlsx", [
        ["N° fiche", "Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement"],
        ["L-1", "Diarra", "Awa", "F", dt.date(1990, 5, 6), "Mali", "oui"],
    ])  # fmt: skip
    job = Checking()
    import_registrations(db, registrar, parse_registrations(again, today=TODAY), job=job)
    assert job.reports == [(1, 1)]


def test_a_failed_duplicate_check_keeps_the_import_and_says_how_to_check_again(
    db: Database, registrar: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_registrations(db, registrar, parse_registrations(SAMPLE, today=TODAY), skip_invalid=True)
    flagged_before = _flagged_refs(db)

    def broken(*args: object, **kwargs: object) -> int:
        raise MemoryError("out of memory")

    monkeypatch.setattr(models.duplicate_review, "new_returnee_matches", broken)
    summary = import_registrations(db, registrar, parse_registrations(_duplicates_file(tmp_path),
                                                                      today=TODAY))  # fmt: skip
    monkeypatch.undo()
    assert summary.written and summary.imported == 4
    # The kind of failure, never its text (a database error's text can hold personal values).
    assert summary.duplicate_check_error == "MemoryError"
    # The core message names no command: each front end adds its advice for this key.
    assert "rgm" not in summary.duplicate_check_warning("en")
    assert "doublons" in summary.duplicate_check_warning("fr")
    assert DUPLICATE_CHECK_ADVICE == Advice.CHECK_DUPLICATES
    assert summary.as_json()["duplicate_check_error"] == "MemoryError"
    assert _flagged_refs(db) == flagged_before  # nothing flagged, the rows imported
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 165 + 4
        assert audit.verify(s) is None
    # The full scan finds what the check would have flagged.
    scan(db, registrar)
    assert {("BKO-26001", "N-1"), ("N-1", "N-2"), ("N-3", "N-4")} <= _flagged_refs(db)


@pytest.mark.parametrize(
    ("family", "given", "phone", "document"),
    [
        ("N’Diaye", "Awa-Marie", "+22376123456", "M1234567"),
        ("TRAORÉ", "", None, "AB 12-34"),
        ("", "Oumou", "+", "é12"),
        ("Keïta", "Salif  Jr.", None, None),
    ],
)
def test_search_key_from_folded_names_is_the_same(
    family: str, given: str, phone: str | None, document: str | None
) -> None:
    from models.text import fold, search_key_more

    names = " ".join(p for p in (fold(family), fold(given)) if p)
    assert search_key_more(names, phone, document) == search_key(family, given, phone, document)
