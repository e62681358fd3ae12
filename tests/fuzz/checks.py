"""What every fuzzed importer must guarantee: a result or a one-line refusal, nothing half
written, the audit chain intact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from models import audit
from models.database import Database
from models.entities import AuditEvent, Case, Disbursement, Returnee, Screening
from models.errors import RgmError


def counts(db: Database) -> tuple[int, ...]:
    """What an import could write: returnees, cases, payments, screenings, audit events."""
    with db.reading() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) or 0
            for m in (Returnee, Case, Disbursement, Screening, AuditEvent)
        )


def chain_intact(db: Database) -> bool:
    with db.reading() as s:
        return audit.verify(s) is None


def refused_or_done(call: Callable[[], Any]) -> Any:
    """Run ``call``: a result, or a refusal (RgmError). Anything else fails the test."""
    try:
        return call()
    except RgmError as exc:
        text = str(exc)
        assert text and "\n" not in text.strip(), repr(text)
        return exc
