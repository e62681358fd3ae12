"""Documents the office issues: grant agreements and monthly returns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.entities.base import Base, UtcDateTime, in_list, utcnow
from models.vocabulary import AGREEMENT_STATUSES, RETURN_STATUSES


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint(in_list("status", AGREEMENT_STATUSES), name="status"),
        CheckConstraint(in_list("language", ("fr", "en")), name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"))
    language: Mapped[str] = mapped_column(String(2))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # The canonical essential content the code was computed over (JSON), kept for `rgm verify`.
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="issued")
    print_count: Mapped[int] = mapped_column(Integer, default=1)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    void_reason: Mapped[str | None] = mapped_column(Text)


class MonthlyReturn(Base):
    __tablename__ = "monthly_returns"
    __table_args__ = (
        CheckConstraint(in_list("status", RETURN_STATUSES), name="status"),
        CheckConstraint("month LIKE '____-__'", name="month_format"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), unique=True)
    file_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    generated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
