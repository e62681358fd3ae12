"""grants.signed_at: the grant version whose agreement the returnee signed

Payments follow an approved grant only once its agreement is signed; a change of the plan after
approval needs a new agreement. Existing approved grants are marked signed when their agreement
was signed, or, for cases past signature that have no agreement at all (bulk or demo data), when
they were approved, so that nothing that could be paid before is blocked by the upgrade.

Revision ID: 0003_money
Revises: 0002_integrity
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.entities.base

revision: str = "0003_money"
down_revision: str | None = "0002_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "grants",
        sa.Column("signed_at", models.entities.base.UtcDateTime(timezone=True), nullable=True),
    )
    op.execute(
        """
        UPDATE grants SET signed_at = (
            SELECT MAX(a.signed_at) FROM agreements a
            WHERE a.grant_id = grants.id AND a.status = 'signed'
        )
        WHERE state = 'approved'
        """
    )
    op.execute(
        """
        UPDATE grants SET signed_at = COALESCE(approved_at, planned_at)
        WHERE state = 'approved' AND signed_at IS NULL
          AND case_id IN (
              SELECT id FROM cases WHERE state IN ('signed', 'in_progress', 'completed')
          )
          AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.case_id = grants.case_id)
        """
    )


def downgrade() -> None:
    op.drop_column("grants", "signed_at")  # SQLite 3.35+ drops a column in place
