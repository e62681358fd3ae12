"""Long work of reports/ under a cancelled job: ``Cancelled`` is raised and no file is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cases import register

from models.database import Database
from models.jobs import Cancelled, RecordingJob
from models.users import Actor
from reports.audit_anchors import verify_trail
from reports.review_sheet import Scope, write_review_sheet


def cancelled() -> RecordingJob:
    job = RecordingJob()
    job.cancel()
    return job


def test_a_cancelled_review_sheet_writes_no_file(
    db: Database, users: dict[str, Actor], tmp_path: Path
) -> None:
    register(db, users["registrar"], 3)
    out = tmp_path / "out"
    out.mkdir()
    sheet = out / "review.xlsx"
    with pytest.raises(Cancelled):
        write_review_sheet(db, users["approver"], Scope(state="registered"), sheet, cancelled())
    assert list(out.iterdir()) == []  # not even a partial file
    watched = RecordingJob()
    assert write_review_sheet(db, users["approver"], Scope(state="registered"), sheet, watched) == 3
    assert sheet.exists() and watched.reports[-1] == (3, 3)


def test_a_cancelled_trail_check_stops(db: Database, admin: Actor) -> None:
    register(db, admin, 2)
    with pytest.raises(Cancelled):
        verify_trail(db, (), cancelled())
    assert verify_trail(db, (), RecordingJob()).problem is None
