"""Eligibility screening decisions on a case."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.entities.base import Base, UtcDateTime, in_list, utcnow
from models.vocabulary import DECISIONS


class Screening(Base):
    """A screening decision: the checklist answers, the decision, the reviewer and the reason."""

    __tablename__ = "screenings"
    __table_args__ = (CheckConstraint(in_list("decision", DECISIONS), name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    # JSON object {checklist item code: answer}; the checklist lives in models.screening.
    answers: Mapped[str] = mapped_column(Text, default="{}")
    suspension_id: Mapped[int | None] = mapped_column(ForeignKey("suspensions.id"))
