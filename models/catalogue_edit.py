"""The admin's edits of the package catalogue of a country of origin."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select

from models import audit
from models.amounts import parse_amount, parse_percent
from models.catalogue import Package, package, packages_for
from models.database import Database
from models.entities import PackageType
from models.errors import Refused
from models.i18n import N_
from models.money import minor_units
from models.permissions import check
from models.text import normalise
from models.users import Actor
from models.vocabulary import CONDITIONS, DIMENSIONS, MODALITIES


def parse_plan(text: str) -> list[dict[str, str]]:
    """``"60:on_supplier_invoice,40:after_monitoring_visit"`` as a plan; percents add up to 100."""
    steps = []
    for part in text.split(","):
        percent, _, condition = part.strip().partition(":")
        value = parse_percent(percent)
        condition = condition.strip() or "none"
        if condition not in CONDITIONS:
            raise Refused(
                N_("unknown condition {condition}; conditions are {conditions}"),
                condition=condition,
                conditions=", ".join(CONDITIONS),
            )
        steps.append({"percent": str(value), "condition": condition})
    if sum(Decimal(s["percent"]) for s in steps) != 100:
        raise Refused(N_("the instalment plan must add up to 100 %"))
    return steps


def set_package(
    db: Database,
    actor: Actor,
    country: str,
    code: str,
    *,
    name_fr: str | None = None,
    name_en: str | None = None,
    dimension: str | None = None,
    modality: str | None = None,
    currency: str | None = None,
    ceiling: Decimal | str | None = None,
    plan: Sequence[dict[str, str]] | None = None,
    active: bool | None = None,
) -> Package:
    """Add a package type to a country's catalogue or change one (admin)."""
    check(actor, "catalogue.edit")
    country, code = normalise(country).upper(), normalise(code).upper()
    if dimension is not None and dimension not in DIMENSIONS:
        raise Refused(N_("unknown dimension {value}"), value=dimension)
    if modality is not None and modality not in MODALITIES:
        raise Refused(N_("unknown modality {value}"), value=modality)
    if currency is not None:
        currency = currency.strip().upper()
        minor_units(currency)  # an unknown code is refused
    with db.transaction() as s:
        row = s.scalars(
            select(PackageType).where(PackageType.country == country, PackageType.code == code)
        ).first()
        before = None
        if row is None:
            existing = packages_for(s, country, active_only=False)
            currency = currency or (existing[0].currency if existing else None)
            missing = [
                n
                for n, v in (
                    ("name_fr", name_fr),
                    ("name_en", name_en),
                    ("dimension", dimension),
                    ("modality", modality),
                    ("currency", currency),
                    ("ceiling", ceiling),
                    ("plan", plan),
                )
                if v is None
            ]
            if missing:
                raise Refused(N_("a new package type needs: {fields}"), fields=", ".join(missing))
            row = PackageType(country=country, code=code, plan="[]")
            s.add(row)
        else:
            before = _snapshot(row)
        for attr, value in (
            ("name_fr", name_fr),
            ("name_en", name_en),
            ("dimension", dimension),
            ("modality", modality),
            ("currency", currency),
            ("active", active),
        ):
            if value is not None:
                setattr(row, attr, value)
        if ceiling is not None:
            amount = parse_amount(ceiling, row.currency)
            if amount <= 0:
                raise Refused(N_("the ceiling must be more than zero"))
            row.ceiling = amount
        if plan is not None:
            row.plan = json.dumps(list(plan))
        s.flush()
        audit.record(s, actor, "catalogue.set", "package_types", row.id, before, _snapshot(row))
        return package(row)


def _snapshot(row: PackageType) -> dict[str, object]:
    return {
        "country": row.country,
        "code": row.code,
        "name_fr": row.name_fr,
        "name_en": row.name_en,
        "dimension": row.dimension,
        "modality": row.modality,
        "currency": row.currency,
        "ceiling": row.ceiling,
        "plan": row.plan,
        "active": row.active,
    }


def list_catalogue(db: Database, country: str | None = None) -> list[Package]:
    with db.reading() as s:
        stmt = select(PackageType).order_by(PackageType.country, PackageType.code)
        if country:
            stmt = stmt.where(PackageType.country == country.upper())
        return [package(r) for r in s.scalars(stmt)]
