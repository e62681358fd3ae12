"""The reintegration case of a returnee, its history and its holds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.entities.base import Base, UtcDateTime, in_list, utcnow
from models.entities.returnees import Returnee
from models.vocabulary import CLOSE_REASONS, STATES


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(in_list("state", STATES), name="state"),
        CheckConstraint(
            "closed_reason IS NULL OR " + in_list("closed_reason", CLOSE_REASONS),
            name="closed_reason",
        ),
        CheckConstraint(
            "(state = 'closed') = (closed_reason IS NOT NULL)", name="closed_has_reason"
        ),
        # <OFFICE>-<YEAR>-<6 digits>: the office code is 2 to 6 characters.
        CheckConstraint("number LIKE '%-____-______'", name="number_format"),
        CheckConstraint(in_list("language", ("fr", "en")), name="language"),
        Index("ix_cases_state", "state"),
        Index("ix_cases_registered_at", "registered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnees.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="registered")
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # Denormalised from the open holds so that the case list filters on it in SQL.
    on_hold: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    language: Mapped[str] = mapped_column(String(2), default="fr")
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    registered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    planned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state_changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    returnee: Mapped[Returnee] = relationship(lazy="joined")
    holds: Mapped[list[Hold]] = relationship(back_populates="case", order_by="Hold.id")

    __mapper_args__ = {"version_id_col": version}


class CaseEvent(Base):
    """One step in a case's life: a transition, a hold or a release, with who, when and why."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str | None] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")


class Hold(Base):
    """A hold lies over an open case without changing its state; it may come from a suspension."""

    __tablename__ = "holds"
    __table_args__ = (Index("ix_holds_open", "case_id", "released_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    reason: Mapped[str] = mapped_column(Text)
    suspension_id: Mapped[int | None] = mapped_column(ForeignKey("suspensions.id"), index=True)
    placed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    release_note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="holds")
