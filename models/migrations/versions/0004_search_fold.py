"""returnees.search_key recomputed with the one letter folding (models.text.fold_letters)

The search key used to keep letters that Unicode does not decompose (ß, æ, œ, ø, ð, þ, ł, đ, ı)
as they were, while header matching and duplicate detection spelled them out. Folding is one
function now, so the stored keys of names holding such a letter are recomputed; a typed
``Søren`` and a stored ``Soren`` find each other. Only non-ASCII rows can change.

Revision ID: 0004_search_fold
Revises: 0003_money
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_search_fold"
down_revision: str | None = "0003_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def upgrade() -> None:
    # the key as the application computes it today (models.text.search_key)
    from models.text import search_key

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, family_name, given_names, phone, document_number, search_key"
            " FROM returnees"
        )
    )
    changed = []
    for rid, family, given, phone, document, old in rows.all():
        if family.isascii() and given.isascii() and (document or "").isascii():
            continue  # folding of ASCII text did not change
        new = search_key(family, given, phone, document)
        if new != old:
            changed.append({"id": rid, "key": new})
    update = sa.text("UPDATE returnees SET search_key = :key WHERE id = :id")
    for start in range(0, len(changed), _BATCH):
        bind.execute(update, changed[start : start + _BATCH])


def downgrade() -> None:
    pass  # the older keys found fewer names; nothing to undo
