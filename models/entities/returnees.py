"""A returning migrant as registered by the office."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.entities.base import Base, UtcDateTime, in_list, utcnow
from models.vocabulary import BIRTH_PRECISIONS, DOCUMENT_TYPES, SEXES


class Returnee(Base):
    __tablename__ = "returnees"
    __table_args__ = (
        CheckConstraint(in_list("sex", SEXES), name="sex"),
        CheckConstraint(in_list("birth_precision", BIRTH_PRECISIONS), name="birth_precision"),
        CheckConstraint(in_list("document_type", DOCUMENT_TYPES), name="document_type"),
        CheckConstraint("length(nationality) = 3", name="nationality_alpha3"),
        CheckConstraint("length(country_of_origin) = 3", name="origin_alpha3"),
        CheckConstraint("returned_from IS NULL OR length(returned_from) = 3", name="from_alpha3"),
        CheckConstraint("household_size >= 1", name="household_size"),
        CheckConstraint("phone IS NULL OR phone LIKE '+%'", name="phone_e164"),
        Index("ix_returnees_search", "search_key"),
        Index("ix_returnees_phone", "phone"),
        Index("ix_returnees_document", "document_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    family_name: Mapped[str] = mapped_column(String(120))
    given_names: Mapped[str] = mapped_column(String(160))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    birth_precision: Mapped[str] = mapped_column(String(5), default="day")
    nationality: Mapped[str] = mapped_column(String(3))
    country_of_origin: Mapped[str] = mapped_column(String(3))
    document_type: Mapped[str] = mapped_column(String(20), default="none")
    document_number: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    place_of_origin: Mapped[str | None] = mapped_column(String(120))
    returned_from: Mapped[str | None] = mapped_column(String(3))
    border_post: Mapped[str | None] = mapped_column(String(120))
    arrival_date: Mapped[dt.date | None] = mapped_column(Date)
    transit_centre: Mapped[str | None] = mapped_column(String(120))
    # Space-separated codes of models.vocabulary.VULNERABILITIES, checked by the operations.
    vulnerabilities: Mapped[str] = mapped_column(String(40), default="")
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    # Folded "family given phone document" for accent- and case-insensitive search.
    search_key: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
