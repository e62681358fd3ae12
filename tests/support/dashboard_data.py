"""A small database whose every Dashboard figure is known (see the expectations below).

Today is Monday 30 June 2025. Mali (XOF, rate 655.957 in June 2025) and Guinea (GNF, no rate):
- 12 cases from Mali registered on 24 June at Gogui, never seen before: an unusual week there;
  2 of them on hold by an open suspension that has released a third.
- 3 Malian cases at Kourémalé on 10 June: in progress (ECO 450,000 + EDU 80,000; paid 318,000 and
  adjusted by -18,000), in progress (ECO 300,000; an older superseded version of 999,999), completed
  (ECO 500,000; paid 500,000).
- 2 Guinean cases at Kourémalé on 17 June, approved (ECO 4,000,000; ECO 4,500,000; paid
  2,400,000).
- 1 Senegalese case closed (duplicate), registered on 11 June, no border post.
- Duplicate flags: one open, one decided.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from models.database import Database
from models.entities import (
    Case,
    Disbursement,
    DuplicateFlag,
    ExchangeRate,
    Grant,
    GrantItem,
    Hold,
    Instalment,
    PackageType,
    Returnee,
    Suspension,
)

TODAY = dt.date(2025, 6, 30)
XOF_RATE = Decimal("655.957")


def _at(day: int, month: int = 6) -> dt.datetime:
    return dt.datetime(2025, month, day, 10, 0, tzinfo=dt.UTC)


def build(db: Database) -> None:
    """Fill an empty database with the known dataset."""
    with db.transaction() as s:
        eco_mli = PackageType(
            country="MLI", code="ECO", name_fr="Micro-entreprise", name_en="Micro-business",
            dimension="economic", modality="in_kind", currency="XOF", ceiling=Decimal(500000),
        )  # fmt: skip
        edu_mli = PackageType(
            country="MLI", code="EDU", name_fr="Frais de scolarité", name_en="School fees",
            dimension="social", modality="service", currency="XOF", ceiling=Decimal(100000),
        )  # fmt: skip
        eco_gin = PackageType(
            country="GIN", code="ECO", name_fr="Appui en nature", name_en="In-kind support",
            dimension="economic", modality="in_kind", currency="GNF", ceiling=Decimal(5000000),
        )  # fmt: skip
        s.add_all([eco_mli, edu_mli, eco_gin])
        s.add(ExchangeRate(month="2025-06", currency="XOF", per_eur=XOF_RATE))
        s.add(ExchangeRate(month="2025-05", currency="GNF", per_eur=Decimal("9300")))  # not June
        n = 0

        def case(country: str, post: str | None, at: dt.datetime, state: str, **kw: Any) -> Case:
            nonlocal n
            n += 1
            r = Returnee(
                family_name=f"Diarra{n}", given_names="Awa", sex="F",
                birth_date=dt.date(1990, 1, 1), nationality=country, country_of_origin=country,
                border_post=post,
            )  # fmt: skip
            s.add(r)
            s.flush()
            c = Case(
                number=f"BKO-2025-{n:06d}", returnee_id=r.id, state=state, registered_at=at,
                state_changed_at=at, **kw,
            )  # fmt: skip
            s.add(c)
            s.flush()
            return c

        def grant(c: Case, currency: str, items: list[tuple[PackageType, int]], **kw: Any) -> Grant:
            total = sum(a for _, a in items)
            g = Grant(case_id=c.id, currency=currency, total=Decimal(total), **kw)
            s.add(g)
            s.flush()
            for p, amount in items:
                s.add(GrantItem(grant_id=g.id, package_type_id=p.id, amount=Decimal(amount)))
            s.add(Instalment(grant_id=g.id, number=1, amount=Decimal(total)))
            s.flush()
            return g

        def pay(c: Case, g: Grant, amount: int, ref: str, adjusts: int | None = None) -> int:
            d = Disbursement(
                case_id=c.id,
                instalment_id=s.scalar(select(Instalment.id).where(Instalment.grant_id == g.id)),
                amount=Decimal(amount), currency=g.currency, paid_on=dt.date(2025, 6, 20),
                method="cash", receipt_ref=ref, adjusts_id=adjusts,
            )  # fmt: skip
            s.add(d)
            s.flush()
            return d.id

        gogui = [case("MLI", "Gogui", _at(24), "registered") for _ in range(12)]
        sus = Suspension(scope="transit_centre", scope_value="Gao", reason="Pic à Gogui",
                         case_count=3, opened_at=_at(25))  # fmt: skip
        s.add(sus)
        s.flush()
        for c in gogui[:2]:
            c.on_hold = True
            s.add(Hold(case_id=c.id, reason="suspension", suspension_id=sus.id, placed_at=_at(25)))
        s.add(Hold(case_id=gogui[2].id, reason="suspension", suspension_id=sus.id,
                   placed_at=_at(25), released_at=_at(26)))  # fmt: skip

        a = case("MLI", "Kourémalé", _at(10), "in_progress")
        ga = grant(a, "XOF", [(eco_mli, 450000), (edu_mli, 80000)], state="approved")
        first = pay(a, ga, 318000, "R-1")
        pay(a, ga, -18000, "R-2", adjusts=first)
        b = case("MLI", "Kourémalé", _at(10), "in_progress")
        grant(b, "XOF", [(eco_mli, 999999)], state="superseded", version=1)
        grant(b, "XOF", [(eco_mli, 300000)], state="approved", version=2)
        c3 = case("MLI", "Kourémalé", _at(10), "completed")
        pay(c3, grant(c3, "XOF", [(eco_mli, 500000)], state="approved"), 500000, "R-3")
        g1 = case("GIN", "Kourémalé", _at(17), "approved")
        pay(g1, grant(g1, "GNF", [(eco_gin, 4000000)], state="approved"), 2400000, "R-4")
        g2 = case("GIN", "Kourémalé", _at(17), "approved")
        grant(g2, "GNF", [(eco_gin, 4500000)], state="approved")
        case("SEN", None, _at(11), "closed", closed_reason="duplicate")

        ids = sorted([gogui[3].returnee_id, gogui[4].returnee_id, gogui[5].returnee_id])
        s.add(DuplicateFlag(returnee_a_id=ids[0], returnee_b_id=ids[1], score=0.93))
        s.add(DuplicateFlag(returnee_a_id=ids[0], returnee_b_id=ids[2], score=0.8,
                            status="different_people"))  # fmt: skip
