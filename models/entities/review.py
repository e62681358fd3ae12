"""Office suspensions and duplicate flags: the review side of fraud prevention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.entities.base import Base, UtcDateTime, in_list, utcnow
from models.vocabulary import DUPLICATE_STATUSES, SUSPENSION_SCOPES


class Suspension(Base):
    """Assistance suspended for a scope; every matching open case is held until re-screened."""

    __tablename__ = "suspensions"
    __table_args__ = (CheckConstraint(in_list("scope", SUSPENSION_SCOPES), name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    # Country code or transit centre name, depending on the scope.
    scope_value: Mapped[str | None] = mapped_column(String(120))
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    case_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class DuplicateFlag(Base):
    """Two returnees that may be the same person, and the decision taken on them."""

    __tablename__ = "duplicate_flags"
    __table_args__ = (
        UniqueConstraint("returnee_a_id", "returnee_b_id"),
        CheckConstraint("returnee_a_id < returnee_b_id", name="ordered_pair"),
        CheckConstraint(in_list("status", DUPLICATE_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    returnee_a_id: Mapped[int] = mapped_column(ForeignKey("returnees.id"))
    returnee_b_id: Mapped[int] = mapped_column(ForeignKey("returnees.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    found_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Text)
