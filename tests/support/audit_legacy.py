"""An audit chain as the previous version left it (#11), for the tests of its acceptance."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit, office_keys
from models.entities import AuditEvent, Setting


def as_the_previous_version(s: Session) -> None:
    """What the previous version wrote: a key event that does not say heads are sealed (the
    chain after it hashed again with the key), a start mark without its head mark, an unsealed
    head."""
    mac = audit.Mac(office_keys.key_in(s, office_keys.AUDIT) or b"")
    first = int(s.get(Setting, "audit_keyed_from").value.split(":")[0])
    prev = ""
    for event in s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all():
        if event.id == first:
            content = json.loads(event.after or "{}")
            del content["heads_sealed"]
            event.after = audit.canonical(content)
        if event.id >= first:
            event.prev_hash = prev or event.prev_hash
            event.hash = mac.hexdigest(audit._message(event.prev_hash, event.at, event))
        prev = event.hash
        s.flush()
    head = s.get(Setting, "audit_head")
    length, last_id = head.value.split(":")[:2]
    head.value = f"{length}:{last_id}:{prev}"
    start = s.get(Setting, "audit_keyed_from")
    start.value = start.value.rsplit(":", 1)[0]
