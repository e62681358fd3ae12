"""Correcting a returnee's identity, refusing an edit made on a stale copy.

The values are checked by the caller with the registration rules (the window uses the import's
reader); this operation enforces who may, the version read, and audits what changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from models import audit
from models.cases import RETURNEE_FIELDS, check_registration_dates, returnee_row
from models.database import Database
from models.duplicate_review import check_registration, snapshot
from models.entities import Returnee
from models.errors import Refused, StaleEdit
from models.i18n import N_
from models.permissions import check
from models.users import Actor

# The fields the duplicate engine compares (``duplicate_review.person``).
_COMPARED = frozenset(
    {"family_name", "given_names", "sex", "birth_date", "birth_precision", "nationality",
     "phone", "document_number", "place_of_origin"}
)  # fmt: skip

STALE = N_(
    "someone else changed this returnee since you opened it; nothing was saved. "
    "Close and open the case again to see their changes."
)


def update_identity(
    db: Database,
    actor: Actor,
    returnee_id: int,
    expected_version: int,
    values: Mapping[str, Any],
) -> int:
    """Save corrected identity fields; returns the new version (registrar; stale edits refused)."""
    check(actor, "case.register")
    check_registration_dates(values)
    # Indexed before the transaction (a short write lock) when a compared field may change.
    indexed = snapshot(db) if values.keys() & _COMPARED else None
    try:
        with db.transaction() as s:
            r = s.get(Returnee, returnee_id, with_for_update=True)
            if r is None:
                raise Refused(N_("no returnee {id}"), id=returnee_id)
            if r.version != expected_version:
                raise StaleEdit(STALE)
            current = {f: getattr(r, f) for f in RETURNEE_FIELDS}
            row = returnee_row({**current, **{k: v for k, v in values.items() if k in current}})
            before, after = {}, {}
            for field, value in row.items():
                if getattr(r, field) != value:
                    if field != "search_key":
                        before[field], after[field] = getattr(r, field), value
                    setattr(r, field, value)
            if not after:
                return r.version
            s.flush()  # the version check (UPDATE ... WHERE version = ?) happens here
            audit.record(s, actor, "returnee.update", "returnees", r.id, before, after)
            if after.keys() & _COMPARED:
                # A corrected identity may now match someone else: checked like a registration.
                check_registration(s, actor, r.id, snap=indexed)
            return r.version
    except StaleDataError as exc:
        raise StaleEdit(STALE) from exc
