"""Catalogue, grants, instalments, payments, suppliers, exchange rates and monitoring visits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.entities.base import Base, DecimalText, Money, UtcDateTime, in_list, utcnow
from models.vocabulary import CONDITIONS, DIMENSIONS, GRANT_STATES, MODALITIES, PAYMENT_METHODS


class PackageType(Base):
    """A kind of assistance offered in one country of origin, with its ceiling and default plan."""

    __tablename__ = "package_types"
    __table_args__ = (
        UniqueConstraint("country", "code"),
        CheckConstraint(in_list("dimension", DIMENSIONS), name="dimension"),
        CheckConstraint(in_list("modality", MODALITIES), name="modality"),
        CheckConstraint("length(country) = 3", name="country_alpha3"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
        CheckConstraint("ceiling > 0", name="ceiling_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    code: Mapped[str] = mapped_column(String(20))
    name_fr: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    dimension: Mapped[str] = mapped_column(String(12))
    modality: Mapped[str] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    ceiling: Mapped[Decimal] = mapped_column(Money)
    # JSON list of {"percent": "60", "condition": "on_signature"}; percents add up to 100.
    plan: Mapped[str] = mapped_column(Text, default="[]")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    supplies: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Grant(Base):
    """One version of a case's plan; a change after approval makes a new version."""

    __tablename__ = "grants"
    __table_args__ = (
        UniqueConstraint("case_id", "version"),
        CheckConstraint(in_list("state", GRANT_STATES), name="state"),
        CheckConstraint("total >= 0", name="total_positive"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    ceiling: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    planned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    planned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # When the returnee signed the agreement of this version: payments follow a signed version.
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    items: Mapped[list[GrantItem]] = relationship(order_by="GrantItem.id", lazy="selectin")
    instalments: Mapped[list[Instalment]] = relationship(
        order_by="Instalment.number", lazy="selectin"
    )


class GrantItem(Base):
    __tablename__ = "grant_items"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"), index=True)
    package_type_id: Mapped[int] = mapped_column(ForeignKey("package_types.id"))
    description: Mapped[str] = mapped_column(String(400), default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))


class Instalment(Base):
    __tablename__ = "instalments"
    __table_args__ = (
        UniqueConstraint("grant_id", "number"),
        CheckConstraint(in_list("condition", CONDITIONS), name="condition"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"))
    number: Mapped[int] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Money)
    condition: Mapped[str] = mapped_column(String(24), default="none")


class Disbursement(Base):
    """A payment against an instalment; a negative amount is an adjustment of an earlier one."""

    __tablename__ = "disbursements"
    __table_args__ = (
        CheckConstraint(in_list("method", PAYMENT_METHODS), name="method"),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint("amount > 0 OR adjusts_id IS NOT NULL", name="negative_only_adjusts"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[dt.date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(20))
    receipt_ref: Mapped[str] = mapped_column(String(64), unique=True)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    adjusts_id: Mapped[int | None] = mapped_column(ForeignKey("disbursements.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    paid_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ExchangeRate(Base):
    """How many units of a local currency make one euro in a month."""

    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("month LIKE '____-__'", name="month_format"),)

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    per_eur: Mapped[Decimal] = mapped_column(DecimalText)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class MonitoringVisit(Base):
    __tablename__ = "monitoring_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    visitor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    business_operating: Mapped[bool | None] = mapped_column(Boolean)
    condition_met: Mapped[bool] = mapped_column(Boolean, default=True)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
