"""Long work of models/ under a cancelled job: ``Cancelled`` is raised, and nothing is written
(the loaders only read; the bulk operations run in the caller's transaction, which rolls back)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support.cases import FULL_YES, person, register
from support.dashboard_data import TODAY, build

from models import audit
from models.case_list import duplicate_lookup, load_index
from models.cases import register_returnees
from models.dashboard import load_dashboard
from models.database import Database
from models.duplicate_review import flag_new_returnees, new_returnee_matches
from models.entities import AuditEvent, Case, DuplicateFlag, Returnee, Screening
from models.jobs import Cancelled, RecordingJob
from models.screening import DecisionInput, decide_many
from models.users import Actor


def cancelled() -> RecordingJob:
    job = RecordingJob()
    job.cancel()
    return job


def _count(db: Database, entity: type) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(entity)) or 0


def test_the_case_index_stops_when_cancelled(db: Database, admin: Actor) -> None:
    register(db, admin, 3)
    with pytest.raises(Cancelled):
        load_index(db, cancelled())
    watched = RecordingJob()
    assert len(load_index(db, watched)) == 3 and watched.reports[-1] == (3, 3)


def test_the_duplicate_lookup_stops_when_cancelled(db: Database, admin: Actor) -> None:
    register(db, admin, 3)
    with pytest.raises(Cancelled):
        duplicate_lookup(db, cancelled())
    assert len(duplicate_lookup(db, RecordingJob()).known) == 3


def test_the_dashboard_stops_when_cancelled(db: Database) -> None:
    build(db)
    job = RecordingJob(cancel_after=1)  # cancelled at its first step
    with pytest.raises(Cancelled):
        load_dashboard(db, TODAY, job)
    assert job.reports == [(1, 4)]
    watched = RecordingJob()
    assert load_dashboard(db, TODAY, watched).total == 18
    assert watched.reports == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_the_audit_check_stops_when_cancelled(db: Database, admin: Actor) -> None:
    register(db, admin, 2)
    with db.reading() as s, pytest.raises(Cancelled):
        audit.verify(s, cancelled())
    with db.reading() as s:
        assert audit.verify(s, RecordingJob()) is None


def test_a_cancelled_registration_writes_nothing(db: Database, admin: Actor) -> None:
    before = _count(db, AuditEvent)
    with pytest.raises(Cancelled), db.transaction() as s:
        register_returnees(s, admin, [person(i) for i in range(3)], job=cancelled())
    assert _count(db, Returnee) == _count(db, Case) == 0
    assert _count(db, AuditEvent) == before


def test_a_cancelled_screening_batch_writes_nothing(db: Database, users: dict[str, Actor]) -> None:
    numbers = register(db, users["registrar"], 3)
    before = _count(db, AuditEvent)
    items = [DecisionInput(n, "eligible", "", FULL_YES) for n in numbers]
    with pytest.raises(Cancelled), db.transaction() as s:
        decide_many(s, users["approver"], items, cancelled())
    assert _count(db, Screening) == 0 and _count(db, AuditEvent) == before
    with db.reading() as s:
        assert set(s.scalars(select(Case.state))) == {"registered"}


def test_a_cancelled_duplicate_check_flags_nothing(db: Database, admin: Actor) -> None:
    register(db, admin, 4, family_name="Traoré", given_names="Moussa")  # alike: flagged
    with db.reading() as s:
        ids = list(s.scalars(select(Returnee.id)))
        assert new_returnee_matches(s, ids)  # the check does find pairs
        with pytest.raises(Cancelled):
            new_returnee_matches(s, ids, job=cancelled())
    with pytest.raises(Cancelled), db.transaction() as s:
        flag_new_returnees(s, admin, ids, job=cancelled())
    assert _count(db, DuplicateFlag) == 0
