"""Demo data: realistic returnees and cases in every state, deterministic for a seed.

Everything is written in one transaction. The returnees are registered, checked for duplicates
and screened through the real operations in their bulk forms (``register_returnees``, the
import's duplicate check, ``decide_many`` with four eyes), so a rule change shows in the demo;
the later life of a case (grants, payments, visits, holds) is still written with multi-row
inserts. Only an empty database (no returnee yet) is filled.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from models import audit, money
from models.catalogue import package
from models.database import Database
from models.demo.operations import (
    DECISION_REASONS,
    SCREENED,
    check_duplicates,
    checklist,
    decision_for,
    register,
    rescreen,
    screen,
    table,
)
from models.demo.people import at, names, person, pick, re_registration
from models.entities import (
    Case,
    CaseEvent,
    Disbursement,
    ExchangeRate,
    Grant,
    GrantItem,
    Hold,
    Instalment,
    MonitoringVisit,
    Office,
    PackageType,
    Returnee,
    Supplier,
    Suspension,
    User,
    UserRole,
)
from models.entities.base import utcnow
from models.errors import Refused
from models.i18n import N_
from models.permissions import check
from models.screening import DecisionInput
from models.users import Actor, hash_password

# Share of cases per state (the rest of the life of a case follows from its state).
STATE_WEIGHTS = {
    "registered": 14,
    "screening": 8,
    "eligible": 10,
    "ineligible": 5,
    "approved": 9,
    "signed": 8,
    "in_progress": 22,
    "completed": 14,
    "closed": 10,
}
CLOSE_WEIGHTS = {
    "opted_out": 30,
    "re_migrated": 20,
    "moved_away": 15,
    "deceased": 3,
    "not_eligible": 22,
    "duplicate": 10,
}
DEMO_USERS = (
    ("awa", "Awa Keïta", ("registrar",)),
    ("boubacar", "Boubacar Sangaré", ("registrar",)),
    ("mariam", "Mariam Coulibaly", ("approver",)),
    ("oumar", "Oumar Diarra", ("approver", "registrar")),
    ("fatou", "Fatou Sow", ("finance",)),
    ("lecteur", "Ibrahim Touré", ("viewer",)),
)


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    by_state: dict[str, int]
    users: list[str]
    suspension_cases: int


def load_demo(
    db: Database,
    actor: Actor,
    cases: int = 2000,
    seed: int = 1,
    user_password: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with ``cases`` demo cases (admin only)."""
    check(actor, "demo.load")
    if cases < 1 or cases > 1_000_000:
        raise Refused(N_("the number of demo cases must be between 1 and 1,000,000"))
    rng = random.Random(seed)
    data = names()
    today = today or dt.date.today()
    with db.transaction() as s:
        if s.scalar(select(func.count()).select_from(Returnee)):
            raise Refused(
                N_("demo data goes only into an empty database (it already has returnees)")
            )
        office = s.scalars(select(Office)).one()
        builder = _Builder(s, rng, data, today, office, actor, progress)
        summary = builder.run(cases, user_password)
        audit.record(
            s,
            actor,
            "demo.load",
            "office",
            office.id,
            None,
            {"cases": cases, "seed": seed, "by_state": summary.by_state},
        )
        return summary


class _Builder:
    def __init__(
        self,
        s: Session,
        rng: random.Random,
        data: dict[str, Any],
        today: dt.date,
        office: Office,
        actor: Actor,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.s, self.rng, self.data, self.today = s, rng, data, today
        self.office, self.actor, self.progress = office, actor, progress
        self.catalogue: dict[str, list[Any]] = {}
        for row in s.scalars(select(PackageType).where(PackageType.active.is_(True))):
            self.catalogue.setdefault(row.country, []).append(package(row))

    def _past(self, moment: dt.datetime) -> dt.datetime:
        """Nothing in the demo happens after yesterday evening."""
        latest = dt.datetime.combine(self.today, dt.time(), tzinfo=dt.UTC) - dt.timedelta(hours=6)
        return min(moment, latest)

    # -- people --------------------------------------------------------------------------------

    def _users(self, password: str | None) -> dict[str, int]:
        ids = {"admin": self.actor.id}
        existing = set(self.s.scalars(select(User.username)))
        pw_hash = hash_password(password) if password else None
        for username, full_name, roles in DEMO_USERS:
            if username in existing or pw_hash is None:
                continue
            uid = self.s.scalars(
                insert(User).returning(User.id),
                [
                    {
                        "username": username,
                        "full_name": full_name,
                        "password_hash": pw_hash,
                        "active": True,
                        "failed_logins": 0,
                        "language": None,
                        "created_at": utcnow(),
                    }
                ],
            ).one()
            self.s.execute(insert(UserRole), [{"user_id": uid, "role": r} for r in roles])
            ids[username] = uid
        for username, uid in self.s.execute(select(User.username, User.id)):
            ids.setdefault(username, uid)
        return ids

    # -- the whole thing ------------------------------------------------------------------------

    def run(self, n: int, password: str | None) -> DemoSummary:
        rng, s = self.rng, self.s
        users = self._users(password)
        registrars = [users.get(u, self.actor.id) for u in ("awa", "boubacar", "oumar")]
        approver, approver2 = users.get("mariam", self.actor.id), users.get("oumar", self.actor.id)
        finance = users.get("fatou", self.actor.id)
        self._rates()
        suppliers = list(
            s.scalars(
                insert(Supplier).returning(Supplier.id),
                [
                    {"name": name, "contact": "", "phone": None, "supplies": what, "active": True}
                    for name, what in self.data["suppliers"]
                ],
            )
        )
        originals = [person(rng, self.data, self.today) for _ in range(n - n // 50)]
        copies = [
            re_registration(rng, self.data, self.today, rng.choice(originals))
            for _ in range(n // 50)
        ]
        people = originals + copies
        people.sort(key=lambda p: p["arrival_date"])
        for i, p in enumerate(people, start=1):
            p["source_ref"] = f"DEMO-{i:07d}"
            p["created_at"] = self._past(
                at(p["arrival_date"] + dt.timedelta(days=rng.randrange(0, 6)), rng)
            )
            p["created_by"] = rng.choice(registrars)
        actors = self._actors(users)
        returnee_ids, case_ids, numbers = register(s, actors, people)
        if self.progress:
            self.progress(n // 4, n)
        # The duplicate check of every registration, by the engine and rules of a real one.
        flagged = check_duplicates(s, self.actor, returnee_ids)
        states = [pick(rng, STATE_WEIGHTS) for _ in people]
        for k, rid in enumerate(returnee_ids):
            if rid in flagged:
                states[k] = "registered"  # an open pair holds the case before screening
        case_rows = []
        for p, state, rid in zip(people, states, returnee_ids, strict=True):
            case_rows.append(
                {
                    "returnee_id": rid,
                    "state": state,
                    "closed_reason": pick(rng, CLOSE_WEIGHTS) if state == "closed" else None,
                    "duplicate_of_id": None,
                    "registered_at": p["created_at"],
                    "registered_by": p["created_by"],
                    "planned_by": p["created_by"]
                    if state in ("approved", "signed", "in_progress", "completed")
                    else None,
                }
            )
        if self.progress:
            self.progress(n // 3, n)
        events: list[dict[str, Any]] = []
        decisions: dict[int, list[tuple[int, DecisionInput, dt.datetime]]] = {}
        grants: list[tuple[int, dict[str, Any], list[dict[str, Any]], str]] = []
        for i, (p, row, cid) in enumerate(zip(people, case_rows, case_ids, strict=True)):
            state = row["state"]
            reg_at = row["registered_at"]
            decided = self._past(reg_at + dt.timedelta(days=rng.randrange(1, 15)))
            reviewer = approver if row["registered_by"] != approver else approver2
            decision = decision_for(state, row["closed_reason"])
            screened = "registered"
            if decision is not None:
                item = DecisionInput(numbers[i], decision, DECISION_REASONS[decision],
                                     checklist(decision))  # fmt: skip
                decisions.setdefault(reviewer, []).append((cid, item, decided))
                screened = SCREENED[decision]
            if state != screened:
                events.append(
                    {
                        "case_id": cid,
                        "at": decided,
                        "user_id": reviewer,
                        "kind": "transition",
                        "from_state": screened,
                        "to_state": state,
                        "reason": "demo" if state != "closed" else row["closed_reason"],
                    }
                )
            if state == "closed" and row["closed_reason"] == "duplicate" and i > 0:
                row["duplicate_of_id"] = case_ids[rng.randrange(0, i)]
            if state in ("approved", "signed", "in_progress", "completed"):
                grants.append(
                    (cid, row, self._grant_items(p["country_of_origin"], suppliers), state)
                )
        screen(s, actors, decisions)
        if events:
            s.execute(insert(CaseEvent), events)
        moved = [
            {"b_id": cid, "state": r["state"], "closed_reason": r["closed_reason"],
             "planned_by": r["planned_by"]}
            for cid, r in zip(case_ids, case_rows, strict=True)
            if r["state"] not in ("registered", "eligible", "ineligible", "screening")
        ]  # fmt: skip
        if moved:
            cases = table(Case).c
            s.connection().execute(
                update(table(Case))
                .where(cases.id == bindparam("b_id"))
                .values(closed_reason=bindparam("closed_reason"),
                        planned_by=bindparam("planned_by"), state=bindparam("state")),
                moved,
            )  # fmt: skip
        dup_closed = [
            (cid, r["duplicate_of_id"])
            for cid, r in zip(case_ids, case_rows, strict=True)
            if r["duplicate_of_id"]
        ]
        for cid, dup in dup_closed:
            s.execute(update(Case).where(Case.id == cid).values(duplicate_of_id=dup))
        if self.progress:
            self.progress(2 * n // 3, n)
        self._money(grants, approver, approver2, finance)
        waiting = {cid for cid, rid in zip(case_ids, returnee_ids, strict=True) if rid in flagged}
        held = self._holds_and_suspension(case_ids, case_rows, people, actors[approver], waiting)
        if self.progress:
            self.progress(n, n)
        # As they are now (re-screening may have moved some).
        by_state = dict(
            s.execute(select(Case.state, func.count()).group_by(Case.state)).tuples().all()
        )
        return DemoSummary(n, by_state, sorted(u for u in users if u != "admin"), held)

    def _actors(self, users: dict[str, int]) -> dict[int, Actor]:
        """The users as operations take them (id, name, roles)."""
        roles: dict[int, set[str]] = {}
        for uid, role in self.s.execute(select(UserRole.user_id, UserRole.role)):
            roles.setdefault(uid, set()).add(role)
        actors = {self.actor.id: self.actor}
        for username, uid in users.items():
            if uid not in actors:
                actors[uid] = Actor(uid, username, username, frozenset(roles.get(uid, ())))
        return actors

    def _insert_ids(self, model: Any, rows: list[dict[str, Any]]) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            ids.extend(
                self.s.scalars(
                    insert(model).returning(model.id, sort_by_parameter_order=True), chunk
                )
            )
        return ids

    def _rates(self) -> None:
        months = []
        d = self.today.replace(day=1)
        for _ in range(19):
            months.append(d.strftime("%Y-%m"))
            d = (d - dt.timedelta(days=1)).replace(day=1)
        rows = []
        for currency, base in self.data["rates"].items():
            for k, month in enumerate(months):
                if k == 0 and currency != "XOF":
                    continue  # this month's rates not set yet: shows up as missing
                rate = (
                    Decimal(base)
                    if currency == "XOF"
                    else (Decimal(base) * Decimal(1 + self.rng.uniform(-0.03, 0.03))).quantize(
                        Decimal("0.01")
                    )
                )
                rows.append(
                    {
                        "month": month,
                        "currency": currency,
                        "per_eur": rate,
                        "set_by": None,
                        "set_at": utcnow(),
                    }
                )
        self.s.execute(insert(ExchangeRate), rows)

    def _grant_items(self, country: str, suppliers: list[int]) -> list[dict[str, Any]]:
        packages = self.catalogue.get(country) or self.catalogue.get(self.office.country) or []
        if not packages:
            return []
        main = next((p for p in packages if p.dimension == "economic"), packages[0])
        chosen = [main] + ([self.rng.choice(packages)] if self.rng.random() < 0.3 else [])
        items = []
        for p in {id(p): p for p in chosen}.values():
            share = Decimal(self.rng.uniform(0.55, 1.0))
            places = money.minor_units(p.currency)
            step = Decimal(1000) if places == 0 else Decimal(10)
            amount = ((p.ceiling * share) / step).to_integral_value(ROUND_DOWN) * step
            items.append(
                {
                    "package_type_id": p.id,
                    "description": p.name_fr,
                    "amount": max(amount, step),
                    "supplier_id": self.rng.choice(suppliers) if p.modality == "in_kind" else None,
                    "_plan": p.plan,
                    "_currency": p.currency,
                }
            )
        return items

    def _money(
        self,
        grants: list[tuple[int, dict[str, Any], list[dict[str, Any]], str]],
        approver: int,
        approver2: int,
        finance: int,
    ) -> None:
        rng, s = self.rng, self.s
        grant_rows, plans = [], []
        for cid, row, items, state in grants:
            currency = items[0]["_currency"] if items else self.office.currency
            total = sum((it["amount"] for it in items), Decimal(0))
            planned_at = self._past(row["registered_at"] + dt.timedelta(days=rng.randrange(10, 30)))
            approved_at = self._past(planned_at + dt.timedelta(days=rng.randrange(1, 8)))
            grant_rows.append(
                {
                    "case_id": cid,
                    "version": 1,
                    "state": "approved",
                    "currency": currency,
                    "total": total,
                    "ceiling": total,
                    "override_reason": None,
                    "override_by": None,
                    "planned_by": row["planned_by"],
                    "planned_at": planned_at,
                    "approved_by": approver if row["planned_by"] != approver else approver2,
                    "approved_at": approved_at,
                    # Past signature, the returnee signed this version (payments follow it).
                    "signed_at": approved_at if state != "approved" else None,
                }
            )
            plans.append(items)
        if not grant_rows:
            return
        grant_ids = self._insert_ids(Grant, grant_rows)
        item_rows, inst_rows, inst_meta = [], [], []
        for gid, items, grow in zip(grant_ids, plans, grant_rows, strict=True):
            for it in items:
                item_rows.append(
                    {k: v for k, v in it.items() if not k.startswith("_")} | {"grant_id": gid}
                )
            plan = items[0]["_plan"] if items else ()
            amounts = (
                money.split(grow["total"], [step.percent for step in plan], grow["currency"])
                if plan
                else []
            )
            for k, (step, amount) in enumerate(zip(plan, amounts, strict=True), start=1):
                inst_rows.append(
                    {"grant_id": gid, "number": k, "amount": amount, "condition": step.condition}
                )
                inst_meta.append((gid, k, len(plan)))
        if item_rows:
            s.execute(insert(GrantItem), item_rows)
        inst_ids = self._insert_ids(Instalment, inst_rows) if inst_rows else []
        by_grant: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for iid, irow in zip(inst_ids, inst_rows, strict=True):
            by_grant.setdefault(irow["grant_id"], []).append((iid, irow))
        pays, visits = [], []
        receipt = 0
        for gid, (cid, _row, items, state), grow in zip(grant_ids, grants, grant_rows, strict=True):
            if state not in ("in_progress", "completed"):
                continue
            insts = by_grant.get(gid, [])
            paid_upto = len(insts) if state == "completed" else max(1, len(insts) - 1)
            day = grow["approved_at"].date() + dt.timedelta(days=rng.randrange(5, 20))
            for k, (iid, irow) in enumerate(insts[:paid_upto], start=1):
                if day >= self.today:
                    day = self.today - dt.timedelta(days=1)
                if irow["condition"] == "after_monitoring_visit":
                    visits.append(
                        {
                            "case_id": cid,
                            "visited_on": day - dt.timedelta(days=2),
                            "visitor_id": approver,
                            "business_operating": True,
                            "condition_met": True,
                            "final": False,
                            "notes": "",
                            "recorded_at": at(day, rng),
                        }
                    )
                receipt += 1
                supplier = items[0].get("supplier_id") if items else None
                pays.append(
                    {
                        "case_id": cid,
                        "instalment_id": iid,
                        "amount": irow["amount"],
                        "currency": grow["currency"],
                        "paid_on": day,
                        "method": "supplier_payment"
                        if supplier
                        else rng.choice(["cash", "mobile_money", "bank"]),
                        "receipt_ref": f"RC-{day.year}-{receipt:07d}",
                        "supplier_id": supplier,
                        "adjusts_id": None,
                        "note": "",
                        "paid_by": finance,
                        "recorded_at": at(day, rng),
                    }
                )
                day += dt.timedelta(days=rng.randrange(20, 75))
                del k
            if state == "completed":
                visits.append(
                    {
                        "case_id": cid,
                        "visited_on": min(day, self.today - dt.timedelta(days=1)),
                        "visitor_id": approver,
                        "business_operating": rng.random() < 0.85,
                        "condition_met": True,
                        "final": True,
                        "notes": "",
                        "recorded_at": at(min(day, self.today - dt.timedelta(days=1)), rng),
                    }
                )
        if pays:
            s.execute(insert(Disbursement), pays)
        if visits:
            s.execute(insert(MonitoringVisit), visits)

    def _holds_and_suspension(
        self,
        case_ids: list[int],
        case_rows: list[dict[str, Any]],
        people: list[dict[str, Any]],
        reviewer: Actor,
        waiting: set[int],
    ) -> int:
        """A suspension over one transit centre (some of its cases re-screened since, by the real
        decision, which releases their hold) and a few holds of their own on other cases.
        ``waiting``: cases in an open duplicate pair (not screened while it is open)."""
        rng, s = self.rng, self.s
        approver = reviewer.id
        open_states = ("registered", "screening", "eligible", "approved", "signed")
        centre = self.data["transit_centres"][1]
        opened = at(self.today - dt.timedelta(days=20), rng)
        scope_cases = [
            cid
            for cid, r, p in zip(case_ids, case_rows, people, strict=True)
            if r["state"] in open_states and p["transit_centre"] == centre
        ]
        sid = s.scalars(
            insert(Suspension).returning(Suspension.id),
            [
                {
                    "scope": "transit_centre",
                    "scope_value": centre,
                    "date_from": None,
                    "date_to": None,
                    "reason": "Pic inhabituel d'enregistrements au centre ; re-vérification de l'éligibilité",
                    "case_count": len(scope_cases),
                    "opened_by": self.actor.id,
                    "opened_at": opened,
                    "closed_by": None,
                    "closed_at": None,
                }
            ],
        ).one()
        holds: list[dict[str, Any]] = []
        rescreened = (
            set(rng.sample(scope_cases, k=len(scope_cases) * 2 // 5)) if scope_cases else set()
        )
        rescreen_at: dict[int, dt.datetime] = {}
        for cid in scope_cases:
            if cid in rescreened:
                rescreen_at[cid] = opened + dt.timedelta(days=rng.randrange(1, 18))
            holds.append(
                {
                    "case_id": cid,
                    "reason": "Suspension",
                    "suspension_id": sid,
                    "placed_by": self.actor.id,
                    "placed_at": opened,
                    "released_by": None,
                    "released_at": None,
                    "release_note": None,
                }
            )
        others = [
            cid
            for cid, r in zip(case_ids, case_rows, strict=True)
            if r["state"] in open_states and cid not in set(scope_cases)
        ]
        for cid in (
            rng.sample(others, k=min(len(others), max(1, len(others) // 40))) if others else []
        ):
            holds.append(
                {
                    "case_id": cid,
                    "reason": rng.choice(
                        ["Documents à vérifier", "Adresse introuvable", "Plainte reçue"]
                    ),
                    "suspension_id": None,
                    "placed_by": approver,
                    "placed_at": at(self.today - dt.timedelta(days=rng.randrange(1, 30)), rng),
                    "released_by": None,
                    "released_at": None,
                    "release_note": None,
                }
            )
        if holds:
            s.execute(insert(Hold), holds)
            held: list[int] = sorted({int(h["case_id"]) for h in holds if h["released_at"] is None})
            for start in range(0, len(held), 900):
                s.execute(
                    update(Case).where(Case.id.in_(held[start : start + 900])).values(on_hold=True)
                )
        rescreen(s, reviewer, [(cid, when) for cid, when in sorted(rescreen_at.items())
                               if cid not in waiting])  # fmt: skip
        return len(scope_cases)
