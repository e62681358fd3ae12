"""The case list read model: every case loaded once, filtered and sorted without SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, update

from models.case_list import (
    CaseFilter,
    case_count,
    first_rows,
    load_index,
)
from models.cases import register_returnees
from models.database import Database
from models.duplicate_review import review_queue
from models.entities import Case, DuplicateFlag
from models.jobs import Cancelled, RecordingJob
from models.users import Actor

PEOPLE = [
    ("N'Diaye", "Aminata", "F", "+22376000001", "A123"),
    ("Traoré", "Moussa", "M", "+22376000002", None),
    ("TRAORE", "Fatoumata", "F", None, "PASS-99"),
    ("Keïta", "Seydou", "M", "+22465000003", None),
    ("Diallo", "Mariam", "F", None, None),
]


@pytest.fixture
def cases(db: Database, admin: Actor) -> list[int]:
    rows = [
        {
            "family_name": family,
            "given_names": given,
            "sex": sex,
            "birth_date": dt.date(1990, 1, n + 1),
            "nationality": "GIN" if family == "Keïta" else "MLI",
            "phone": phone,
            "document_number": doc,
            "transit_centre": "Gao" if n % 2 else None,
            "consent_date": dt.date(2025, 1, 1),
        }
        for n, (family, given, sex, phone, doc) in enumerate(PEOPLE)
    ]
    with db.transaction() as s:
        registered = register_returnees(s, admin, rows)
        s.execute(update(Case).where(Case.id == registered[1].case_id).values(on_hold=True))
        s.execute(
            insert(DuplicateFlag).values(
                returnee_a_id=registered[1].returnee_id,
                returnee_b_id=registered[2].returnee_id,
                score=0.8,
                reasons="same family name",
                status="open",
            )
        )
    return [r.case_id for r in registered]


def names(index, positions):  # type: ignore[no-untyped-def]
    return [index.rows[i].family_name for i in positions]


def test_search_folds_accents_case_and_apostrophes(db: Database, cases: list[int]) -> None:
    index = load_index(db)
    assert index is not None and len(index) == 5
    assert sorted(names(index, index.filter(CaseFilter(text="traore")))) == ["TRAORE", "Traoré"]
    assert names(index, index.filter(CaseFilter(text="ndiaye"))) == ["N'Diaye"]
    assert names(index, index.filter(CaseFilter(text="KEITA sey"))) == ["Keïta"]
    assert names(index, index.filter(CaseFilter(text="keita moussa"))) == []


def test_search_by_phone_document_and_case_number(db: Database, cases: list[int]) -> None:
    index = load_index(db)
    assert index is not None
    assert names(index, index.filter(CaseFilter(text="+224 65"))) == ["Keïta"]
    assert names(index, index.filter(CaseFilter(text="pass99"))) == ["TRAORE"]
    number = next(r.number for r in index.rows if r.id == cases[4])
    assert names(index, index.filter(CaseFilter(text=number))) == ["Diallo"]
    assert names(index, index.filter(CaseFilter(text=number.lower()))) == ["Diallo"]


def test_narrowing_gives_the_same_result_as_a_fresh_search(db: Database, cases: list[int]) -> None:
    index = load_index(db)
    assert index is not None
    index.filter(CaseFilter(text="t"))
    narrowed = index.filter(CaseFilter(text="tra"))
    index._last = None
    assert narrowed == index.filter(CaseFilter(text="tra"))
    # Deleting letters widens again.
    assert len(index.filter(CaseFilter(text="a"))) == 5


def test_filters_and_sorting(db: Database, cases: list[int]) -> None:
    index = load_index(db)
    assert index is not None
    assert names(index, index.filter(CaseFilter(on_hold=True))) == ["Traoré"]
    assert sorted(names(index, index.filter(CaseFilter(duplicate_open=True)))) == [
        "TRAORE",
        "Traoré",
    ]
    assert names(index, index.filter(CaseFilter(country_of_origin="GIN"))) == ["Keïta"]
    assert len(index.filter(CaseFilter(transit_centre="Gao"))) == 2
    assert index.filter(CaseFilter(state="closed")) == []
    ordered = names(index, index.filter(CaseFilter(), "family_name", False))
    assert ordered[0] == "Diallo" and ordered[1] == "Keïta" and ordered[2] == "N'Diaye"
    assert names(index, index.filter(CaseFilter(), "family_name", True)) == ordered[::-1]
    assert index.countries() == ["GIN", "MLI"]
    assert index.transit_centres() == ["Gao"]


def test_first_rows_count_index_and_pairs(db: Database, cases: list[int]) -> None:
    assert case_count(db) == 5
    first = first_rows(db, limit=3)
    assert len(first) == 3
    index = load_index(db)
    assert index is not None
    assert {r.state for r in index.rows} == {"registered"} and len(index.rows) == 5
    assert sum(r.on_hold for r in index.rows) == 1
    assert sum(r.duplicate_open for r in index.rows) == 2
    pairs = review_queue(db)
    assert len(pairs) == 1 and pairs[0].reasons == "same family name"
    assert {pairs[0].name_a, pairs[0].name_b} == {"Traoré Moussa", "TRAORE Fatoumata"}


def test_cancelled_load_raises_cancelled(db: Database, cases: list[int]) -> None:
    job = RecordingJob()
    job.cancel()
    with pytest.raises(Cancelled):
        load_index(db, job)
