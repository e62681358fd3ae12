"""The package catalogue per country of origin and the checks on amounts of money."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.entities import PackageType
from models.errors import Refused
from models.i18n import N_
from models.reference import currency_minor_units

DEFAULT_CATALOGUE = (
    Path(__file__).resolve().parent.parent / "resources" / "catalogue" / "default.json"
)


@dataclass(frozen=True)
class PlanStep:
    percent: Decimal
    condition: str


@dataclass(frozen=True)
class Package:
    id: int
    country: str
    code: str
    name_fr: str
    name_en: str
    dimension: str
    modality: str
    currency: str
    ceiling: Decimal
    plan: tuple[PlanStep, ...]
    active: bool

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en


def package(row: PackageType) -> Package:
    steps = tuple(PlanStep(Decimal(p["percent"]), p["condition"]) for p in json.loads(row.plan))
    return Package(
        row.id,
        row.country,
        row.code,
        row.name_fr,
        row.name_en,
        row.dimension,
        row.modality,
        row.currency,
        row.ceiling,
        steps,
        row.active,
    )


def parse_amount(text: str | Decimal | int, currency: str) -> Decimal:
    """An amount as typed ("1 968 000", "150.50", "150,50") checked against the currency's
    minor units (XOF and GNF have none)."""
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise Refused(N_("{value!r} is not an amount"), value=text) from None
    check_amount(value, currency)
    return value


def check_amount(value: Decimal, currency: str) -> None:
    if not value.is_finite():
        raise Refused(N_("{value} is not an amount"), value=value)
    places = currency_minor_units(currency)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise Refused(
            N_("{value} {currency}: this currency has {places} decimal places"),
            value=value,
            currency=currency,
            places=places,
        )


def load_default(session: Session, actor: object) -> int:
    """Load the default catalogue (for every country not yet in the catalogue)."""
    data = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    present = set(session.scalars(select(PackageType.country).distinct()))
    added = 0
    for country, block in data.items():
        if country.startswith("_") or country in present:
            continue
        for p in block["packages"]:
            ceiling = Decimal(p["ceiling"])
            check_amount(ceiling, block["currency"])
            row = PackageType(
                country=country,
                code=p["code"],
                name_fr=p["name_fr"],
                name_en=p["name_en"],
                dimension=p["dimension"],
                modality=p["modality"],
                currency=block["currency"],
                ceiling=ceiling,
                plan=json.dumps(p["plan"]),
            )
            session.add(row)
            added += 1
    session.flush()
    if added:
        audit.record(
            session, actor, "catalogue.load_default", "package_types", "*", None, {"added": added}
        )
    return added


def packages_for(session: Session, country: str, active_only: bool = True) -> list[Package]:
    stmt = select(PackageType).where(PackageType.country == country).order_by(PackageType.code)
    if active_only:
        stmt = stmt.where(PackageType.active.is_(True))
    return [package(p) for p in session.scalars(stmt)]
