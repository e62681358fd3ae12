"""Suppliers the office pays on a returnee's behalf (in-kind packages)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import audit
from models.database import Database
from models.entities import Supplier
from models.errors import Advice, Refused
from models.i18n import N_
from models.permissions import check
from models.text import normalise
from models.users import Actor


@dataclass(frozen=True)
class SupplierView:
    id: int
    name: str
    contact: str
    phone: str | None
    supplies: str
    active: bool


def _view(row: Supplier) -> SupplierView:
    return SupplierView(row.id, row.name, row.contact, row.phone, row.supplies, row.active)


def add_supplier(
    db: Database,
    actor: Actor,
    name: str,
    contact: str = "",
    phone: str | None = None,
    supplies: str = "",
) -> SupplierView:
    """Add a supplier (finance or admin); names are unique whatever their case."""
    check(actor, "supplier.edit")
    name = normalise(name)
    if not name:
        raise Refused(N_("a supplier needs a name"))
    if phone and not phone.startswith("+"):
        raise Refused(N_("write the phone number with its country code, e.g. +223..."))
    with db.transaction() as s:
        if s.scalars(select(Supplier).where(func.lower(Supplier.name) == name.lower())).first():
            raise Refused(N_("the supplier {name} already exists"), name=name)
        row = Supplier(name=name, contact=contact, phone=phone or None, supplies=supplies)
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "supplier.add",
            "suppliers",
            row.id,
            None,
            {"name": name, "supplies": supplies},
        )
        return _view(row)


def list_suppliers(db: Database) -> list[SupplierView]:
    with db.reading() as s:
        return [_view(r) for r in s.scalars(select(Supplier).order_by(Supplier.name))]


def find_supplier(session: Session, name: str) -> Supplier:
    """An active supplier by name (any case), or a refusal naming it."""
    row = session.scalars(
        select(Supplier).where(func.lower(Supplier.name) == " ".join(name.split()).lower())
    ).first()
    if row is None or not row.active:
        raise Refused(N_("no active supplier named {name}"), advice=Advice.ADD_SUPPLIER, name=name)
    return row
