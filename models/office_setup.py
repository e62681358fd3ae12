"""Creating the office of a new database with its first administrator and catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from models import audit, catalogue
from models.database import Database
from models.entities import Office
from models.errors import Refused
from models.i18n import N_
from models.reference import currency_of_country, is_country, lookup_country
from models.users import Actor, create_user


@dataclass(frozen=True)
class OfficeInfo:
    code: str
    name: str
    country: str
    language: str
    currency: str
    programme: str
    address: str


def info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        row.code, row.name, row.country, row.language, row.currency, row.programme, row.address
    )


def current_office(db: Database) -> OfficeInfo | None:
    row = db.office()
    return info(row) if row else None


def initialise(
    db: Database,
    *,
    code: str,
    name: str,
    country: str,
    admin: str,
    password: str,
    language: str = "fr",
    currency: str | None = None,
    programme: str = "",
    address: str = "",
    full_name: str = "",
) -> tuple[OfficeInfo, Actor]:
    """Create the office and its first admin in an empty database; load the default catalogue."""
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,6}", code):
        raise Refused(N_("the office code {code!r} must be 2 to 6 letters"), code=code)
    if not name.strip():
        raise Refused(N_("the office needs a name"))
    alpha3 = country if is_country(country) else lookup_country(country)
    if not alpha3:
        raise Refused(N_("unknown country {country!r}"), country=country)
    if language not in ("fr", "en"):
        raise Refused(N_("language must be fr or en"))
    with db.reading() as s:
        if s.scalars(select(Office)).first() is not None:
            raise Refused(N_("this database already has an office; nothing was changed"))
    actor = create_user(
        db, None, admin, password, ["admin"], full_name=full_name, language=language
    )
    with db.transaction() as s:
        row = Office(
            code=code,
            name=name.strip(),
            country=alpha3,
            language=language,
            currency=currency or currency_of_country(alpha3),
            programme=programme,
            address=address,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "office.create",
            "office",
            row.id,
            None,
            {"code": code, "name": name, "country": alpha3},
        )
        catalogue.load_default(s, actor)
        return info(row), actor
