"""Demo data: realistic returnees and cases in every state, deterministic for a seed.

Everything is written in one transaction, through the real operations, so a rule change shows in
the demo and the demo never shows what the operations would refuse:

- registered, checked for duplicates and screened in the operations' bulk forms
  (``register_returnees``, the import's duplicate check, ``decide_many`` with four eyes);
- re-registrations of one person (``people.re_registration``) that the check paired are mostly
  judged one person by the review (``duplicate_review.decide_in``: the person keeps the earlier
  case, the later one is closed as its duplicate), the rest wait in open pairs; one the check
  missed is closed by hand as a duplicate of the case kept (``lifecycle.close``, as
  ``cases.close_case`` does); other closed cases with other reasons;
- the later life case by case (``demo.life``): grant planned and approved, agreement issued and
  signed, instalments paid in order after the visits they need, a final visit; holds placed by
  hand (``place_hold_in``); each step dated at its own moment (the operations' ``at``).

Agreements need the office's signing key and their document (``reports``), which ``models``
does not import: the front ends pass ``issue_agreement`` (``reports.agreements.demo_issuer``).
Without it no case goes past approval (no case is signed without an agreement). Without the
team's password there is no team: the administrator alone may neither screen nor plan (four
eyes), so the cases stay registered. The suspension over a transit centre is still written as
rows (its re-screenings are real decisions). Only an empty database (no returnee yet) is filled.
``job``: progress, and a cancel between phases (one transaction: a cancel writes nothing).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from models import audit, money
from models.catalogue import package
from models.database import Database
from models.demo.life import IssueAgreement, Life, Plan, Team
from models.demo.operations import (
    DECISION_REASONS,
    check_duplicates,
    checklist,
    decision_for,
    register,
    rescreen,
    same_person,
    screen,
)
from models.demo.people import at, names, person, pick, re_registration
from models.entities import (
    Case,
    ExchangeRate,
    Hold,
    Office,
    PackageType,
    Returnee,
    Supplier,
    User,
    UserRole,
)
from models.entities.base import utcnow
from models.errors import Refused
from models.grants import ItemInput
from models.holds import open_suspension_in
from models.i18n import N_
from models.jobs import NO_JOB, Job
from models.months import month_of
from models.permissions import check
from models.screening import DecisionInput
from models.users import Actor, hash_password
from models.vocabulary import DEMO_CASES

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
# Why the other closed cases were closed; "duplicate" goes to re-registrations of a person whose
# own case is kept (``people.re_registration``), closed by hand when the check did not pair them.
OTHER_CLOSE_WEIGHTS = {
    "opted_out": 30,
    "re_migrated": 20,
    "moved_away": 15,
    "deceased": 3,
    "not_eligible": 22,
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
    cases: int = DEMO_CASES,
    seed: int = 1,
    user_password: str | None = None,
    today: dt.date | None = None,
    job: Job = NO_JOB,
    issue_agreement: IssueAgreement | None = None,
) -> DemoSummary:
    """Fill an empty database with ``cases`` demo cases (admin only). ``issue_agreement``
    issues an agreement (``reports.agreements.demo_issuer``); without it no case goes past
    approval. ``job``: progress; a cancel (checked between phases) raises ``Cancelled`` and the
    transaction rolls back, so nothing is written."""
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
        builder = _Builder(s, rng, data, today, office, actor, job, issue_agreement)
        with audit.appended_at_end(s):  # thousands of small operations: one chain insert
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
        job: Job,
        issue: IssueAgreement | None,
    ) -> None:
        self.s, self.rng, self.data, self.today = s, rng, data, today
        self.office, self.actor, self.job, self.issue = office, actor, job, issue
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
        copies, original_of = [], {}  # a re-registration -> the person it repeats
        for _ in range(n // 50):
            source = rng.choice(originals)
            copies.append(re_registration(rng, self.data, self.today, source))
            original_of[id(copies[-1])] = source
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
        self._step(n // 4, n)
        # The duplicate check of every registration, by the engine and rules of a real one.
        pairs = check_duplicates(s, self.actor, returnee_ids)
        index = {id(p): k for k, p in enumerate(people)}
        k_of = {rid: k for k, rid in enumerate(returnee_ids)}
        states = [pick(rng, STATE_WEIGHTS) for _ in people]
        reasons = [pick(rng, OTHER_CLOSE_WEIGHTS) if st == "closed" else None for st in states]
        has_team = all(actors[u].has("approver") for u in (approver, approver2))
        approvers = (actors[approver], actors[approver2])
        # Most re-registrations the check paired are judged one person by the review (the
        # later case closed as a duplicate of the earlier); the other pairs wait, open.
        by_review: set[int] = set()
        flagged: set[int] = set()
        for a, b in pairs:
            first, later = sorted((k_of[a], k_of[b]))
            if (
                has_team
                and original_of.get(id(people[later])) is people[first]
                and (rng.random() < 0.7)
            ):
                moment = max(people[first]["created_at"], people[later]["created_at"])
                same_person(s, approvers, (a, b), self._past(moment + dt.timedelta(days=2)))
                by_review.add(later)
                states[later], reasons[later] = "closed", "duplicate"
                if states[first] == "closed":
                    states[first], reasons[first] = "eligible", None  # the case kept
            else:
                flagged |= {a, b}
        kept: dict[int, int] = {}  # a re-registration closed as a duplicate -> the original
        for k, rid in enumerate(returnee_ids):
            if k in by_review:
                continue
            if not has_team or rid in flagged:
                # The administrator alone may neither screen nor plan (four eyes); an open
                # pair holds a case unscreened.
                states[k], reasons[k] = "registered", None
                continue
            original = original_of.get(id(people[k]))
            if original is not None and rng.random() < 0.6:
                # The check missed it; a registrar who knows the person closes it by hand.
                states[k], reasons[k] = "closed", "duplicate"
                kept[k] = index[id(original)]
        for k, o in list(kept.items()):
            if states[o] in ("closed", "completed") or o > k:
                states[k], reasons[k] = "closed", "re_migrated"  # no case of theirs is kept
                del kept[k]
        for k, reason in enumerate(reasons):
            if reason == "duplicate" and k not in kept and k not in by_review:
                reasons[k] = "opted_out"
        self._step(n // 3, n)
        decisions: dict[int, list[tuple[int, DecisionInput, dt.datetime]]] = {}
        screened_at: list[dt.datetime] = []
        for i, (p, state, cid) in enumerate(zip(people, states, case_ids, strict=True)):
            decided = self._past(p["created_at"] + dt.timedelta(days=rng.randrange(1, 15)))
            screened_at.append(decided)
            reviewer = approver if p["created_by"] != approver else approver2
            decision = decision_for(state, reasons[i])
            if decision is not None:
                item = DecisionInput(numbers[i], decision, DECISION_REASONS[decision],
                                     checklist(decision))  # fmt: skip
                decisions.setdefault(reviewer, []).append((cid, item, decided))
        screen(s, actors, decisions)
        self._step(n // 2, n)
        team = Team((actors[approver], actors[approver2]), actors[finance], actors[approver])
        life = Life(s, rng, self.today, self._past, team, self.issue)
        supplier_names = dict(zip(suppliers, (name for name, _ in self.data["suppliers"]),
                                  strict=True))  # fmt: skip
        cases = self._cases(case_ids)
        for k, (p, state, cid) in enumerate(zip(people, states, case_ids, strict=True)):
            if state not in ("approved", "signed", "in_progress", "completed"):
                continue
            items = self._grant_items(p["country_of_origin"], suppliers, supplier_names)
            if not items:
                continue  # nothing in the catalogue of their country: the case stays eligible
            supplier = next((i.supplier for i in items if i.supplier), None)
            life.money(Plan(cases[cid], state, screened_at[k], actors[p["created_by"]],
                            tuple(items), supplier))  # fmt: skip
            if k % 50 == 0:
                self._step(n // 2 + (n // 3) * k // n, n)
        for k, (state, cid) in enumerate(zip(states, case_ids, strict=True)):
            if state == "closed" and k not in by_review:
                moment = self._past(screened_at[k] + dt.timedelta(days=rng.randrange(1, 30)))
                closer = actors[approver if people[k]["created_by"] != approver else approver2]
                reason = reasons[k] or "opted_out"
                life.close(cases[cid], closer, reason, moment,
                           cases[case_ids[kept[k]]] if k in kept else None)  # fmt: skip
        self._step(5 * n // 6, n)
        waiting = {cid for cid, rid in zip(case_ids, returnee_ids, strict=True) if rid in flagged}
        held = self._holds_and_suspension(case_ids, cases, people, actors[approver], waiting, life)
        self._step(n, n)
        # As they are now (re-screening may have moved some).
        by_state = dict(
            s.execute(select(Case.state, func.count()).group_by(Case.state)).tuples().all()
        )
        return DemoSummary(n, by_state, sorted(u for u in users if u != "admin"), held)

    def _step(self, done: int, total: int) -> None:
        """Progress, and the place to stop when the user cancels (the transaction rolls back)."""
        self.job.progress(done, total)
        self.job.check()

    def _cases(self, case_ids: list[int]) -> dict[int, Case]:
        """The demo's cases as entities of the session, by id."""
        found: dict[int, Case] = {}
        for start in range(0, len(case_ids), 900):
            chunk = case_ids[start : start + 900]
            found.update((c.id, c) for c in self.s.scalars(select(Case).where(Case.id.in_(chunk))))
        return found

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

    def _rates(self) -> None:
        months = []
        d = self.today.replace(day=1)
        for _ in range(19):
            months.append(month_of(d))
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

    def _grant_items(
        self, country: str, suppliers: list[int], names: dict[int, str]
    ) -> list[ItemInput]:
        """A plan as a registrar would type it: the main (economic) package of the returnee's
        country, sometimes a second one, each within its ceiling (in whole steps)."""
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
            amount = int(p.ceiling * share / step) * step  # whole steps, below the ceiling
            supplier = names[self.rng.choice(suppliers)] if p.modality == "in_kind" else None
            items.append(ItemInput(p.code, max(amount, step), supplier))
        return items

    def _holds_and_suspension(
        self,
        case_ids: list[int],
        cases: dict[int, Case],
        people: list[dict[str, Any]],
        reviewer: Actor,
        waiting: set[int],
        life: Life,
    ) -> int:
        """A suspension over one transit centre (some of its cases re-screened since, by the real
        decision, which releases their hold) and a few holds of their own on other cases.
        ``waiting``: cases in an open duplicate pair (not screened while it is open)."""
        rng, s = self.rng, self.s
        open_states = ("registered", "screening", "eligible", "approved", "signed")
        centre = self.data["transit_centres"][1]
        opened = at(self.today - dt.timedelta(days=20), rng)
        # The real suspension: every open case of the centre held, dated back to its opening.
        sus = open_suspension_in(
            s,
            self.actor,
            "transit_centre",
            "Pic inhabituel d'enregistrements au centre ; re-vérification de l'éligibilité",
            centre,
            at=opened,
        )
        scope_cases = sorted(s.scalars(select(Hold.case_id).where(Hold.suspension_id == sus.id)))
        rescreened = (
            set(rng.sample(scope_cases, k=len(scope_cases) * 2 // 5)) if scope_cases else set()
        )
        rescreen_at = {
            cid: opened + dt.timedelta(days=rng.randrange(1, 18))
            for cid in scope_cases
            if cid in rescreened
        }
        in_scope = set(scope_cases)
        others = [
            cid for cid in case_ids if cases[cid].state in open_states and cid not in in_scope
        ]
        for cid in (
            rng.sample(others, k=min(len(others), max(1, len(others) // 40))) if others else []
        ):
            reason = rng.choice(["Documents à vérifier", "Adresse introuvable", "Plainte reçue"])
            life.hold(cases[cid], reviewer, reason,
                      at(self.today - dt.timedelta(days=rng.randrange(1, 30)), rng))  # fmt: skip
        if reviewer.has("approver"):  # without the team nobody may screen them again
            rescreen(s, reviewer, [(cid, when) for cid, when in sorted(rescreen_at.items())
                                   if cid not in waiting])  # fmt: skip
        return len(scope_cases)
