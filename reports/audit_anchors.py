"""Checking the office's audit trail, alone or against returns it submitted.

Each return carries the audit chain's length and head when it was made, signed with the office's
key: headquarters hold one such anchor per month. ``verify_trail`` checks the chain (every event,
its keys, the anchors the database kept) and, for each return given, that the chain still has
that head at that length: a history rewritten, even by someone holding every key, no longer
holds the anchor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from models import audit, office_keys
from models.database import Database
from models.entities import AuditEvent, Office
from models.errors import Refused
from models.i18n import N_
from models.jobs import NO_JOB, Job
from reports.trusted_keys import BAD_SIGNATURE, OfficePublicKey


@dataclass(frozen=True)
class TrailCheck:
    """The result of ``verify_trail``: events checked, anchors checked, the first problem."""

    events: int
    anchors: int
    problem: audit.AuditProblem | None
    unsealed_head: bool = False  # the head was written by the previous version, without seal


def return_anchor(db: Database, path: Path) -> audit.Anchor:
    """The audit anchor of a return this office made, its signature checked with the office's
    own key; refuses (naming the file) a return of another office, unsigned or changed."""
    from reports.monthly_return import read_return

    content = read_return(path)
    name = path.name
    with db.reading() as s:
        code = s.scalars(select(Office.code)).one()
    if content.office_code != code:
        raise Refused(
            N_("{file} is a return of office {office}, not of this one ({here})"),
            file=name,
            office=content.office_code,
            here=code,
        )
    if content.audit_length is None or not content.audit_head or not content.signature:
        raise Refused(
            N_("{file} carries no signed audit anchor (made by an older version)"), file=name
        )
    key = office_keys.office_public(db)  # the public half: any user may check a return
    if key is None or content.office_key != key.fingerprint:
        raise Refused(
            N_("{file} is signed with another key than this office's ({fingerprint})"),
            file=name,
            fingerprint=content.office_key[:16],
        )
    own = OfficePublicKey(code, "", key.public_bytes)
    if not own.verifies(content.signature, content.signed_message()):
        raise Refused(BAD_SIGNATURE, file=name)
    return audit.Anchor(content.audit_length, content.audit_head, content.month, name)


def verify_trail(
    db: Database,
    against: Iterable[Path] = (),
    job: Job = NO_JOB,
) -> TrailCheck:
    """Check the audit trail, and against the anchors of the returns ``against`` (``job``:
    progress, and a cancel raises ``Cancelled``: it only reads)."""
    anchors = [return_anchor(db, Path(p)) for p in against]
    with db.reading() as s:
        count = s.scalar(select(func.count()).select_from(AuditEvent)) or 0
        problem = audit.verify(s, job, anchors=anchors)
        kept = len(audit.recorded_anchors(s))
        unsealed = audit.unsealed_head(s)
    return TrailCheck(count, kept + len(anchors), problem, unsealed)
