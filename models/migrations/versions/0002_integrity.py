"""integrity: the database's identity, a keyed audit chain with its length, anchors

Revision ID: 0002_integrity
Revises: 0001

- ``settings.database_id``: a random identity that names the database's keys in the keyring
  (a path never does).
- ``settings.audit_head`` keeps the chain's length: ``<length>:<id>:<hash>`` (was ``<id>:<hash>``).
- ``settings.audit_keyed_from = "pending"``: the chain gets its HMAC key when the database is
  next opened (``models.office_keys.ensure``: the keyring cannot be reached from here); the events
  before that stay unkeyed and are verified as they were made.
- ``audit_anchors``: the chain's length and head handed out with each submitted return.
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.entities.base

revision: str = "0002_integrity"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    op.create_table(
        "audit_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("head", sa.String(length=64), nullable=False),
        sa.Column("made_at", models.entities.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_anchors")),
    )
    conn = op.get_bind()
    existing = dict(conn.execute(sa.select(settings.c.key, settings.c.value)).all())
    rows = []
    if "database_id" not in existing:
        rows.append({"key": "database_id", "value": secrets.token_hex(16)})
    if "audit_keyed_from" not in existing:
        rows.append({"key": "audit_keyed_from", "value": "pending"})
    if rows:
        op.bulk_insert(settings, rows)
    head = existing.get("audit_head")
    if head is not None and head.count(":") == 1:
        count = conn.execute(sa.text("SELECT count(*) FROM audit_events")).scalar() or 0
        conn.execute(
            settings.update()
            .where(settings.c.key == "audit_head")
            .values(value=f"{count}:{head}")
        )


def downgrade() -> None:
    conn = op.get_bind()
    head = conn.execute(
        sa.select(settings.c.value).where(settings.c.key == "audit_head")
    ).scalar()
    if head is not None and head.count(":") == 2:
        conn.execute(
            settings.update()
            .where(settings.c.key == "audit_head")
            .values(value=head.split(":", 1)[1])
        )
    op.drop_table("audit_anchors")
