"""The package catalogue per country of origin (amounts are read by ``models.amounts``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.amounts import check_amount
from models.entities import PackageType

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
