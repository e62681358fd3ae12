"""Issuing, reprinting, signing and verifying grant agreements (database side of the PDF).

Only an approved (or signed, or in progress) case that is not on hold gets an agreement, for its
approved grant version. A reprint of the same grant version is marked as a copy and counted; an
agreement for an older version of the grant is voided when a new one is issued. The verification code is a keyed hash over the essential content, which is
kept with the agreement so that ``verify`` can say for whom and for how much it was issued.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import audit
from models.database import Database
from models.entities import (
    Agreement,
    Case,
    Grant,
    Office,
    PackageType,
    Supplier,
)
from models.errors import Refused
from models.i18n import N_
from models.lifecycle import case_refusal, get_case, read_facts
from models.permissions import check
from models.users import Actor
from models.vocabulary import label
from reports.agreement_code import parse_payload, qr_payload, verification_code
from reports.agreement_data import (
    AgreementContent,
    AgreementDocument,
    AgreementInstalment,
    AgreementItem,
    OfficeHeader,
    ReturneeIdentity,
)

# A case in progress gets the agreement of a grant changed after payments began (and copies).

# Where an office without an address signs ("Fait à Bamako"), and the programme's default name.
_TOWNS = {
    "MLI": "Bamako",
    "GIN": "Conakry",
    "CIV": "Abidjan",
    "SEN": "Dakar",
    "GMB": "Banjul",
    "SLE": "Freetown",
    "LBR": "Monrovia",
    "NER": "Niamey",
    "BFA": "Ouagadougou",
    "MRT": "Nouakchott",
}
_DEFAULT_PROGRAMME = {
    "fr": "Aide au retour volontaire et à la réintégration",
    "en": "Assisted Voluntary Return and Reintegration",
}


@dataclass(frozen=True)
class Issued:
    number: str
    case_number: str
    code: str
    copy_number: int
    voided: tuple[str, ...]
    document: AgreementDocument


def _content_json(c: AgreementContent) -> str:
    return json.dumps(
        {
            "agreement_number": c.agreement_number,
            "case_number": c.case_number,
            "returnee_name": c.returnee_name,
            "birth_date": c.birth_date.isoformat() if c.birth_date else None,
            "birth_precision": c.birth_precision,
            "nationality": c.nationality,
            "document_number": c.document_number,
            "currency": c.currency,
            "total": str(c.total),
            "items": [[code, str(a)] for code, a in c.items],
            "instalments": [[n, str(a)] for n, a in c.instalments],
            "grant_version": c.grant_version,
            "issue_date": c.issue_date.isoformat(),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _content_from_json(text: str) -> AgreementContent:
    d = json.loads(text)
    return AgreementContent(
        agreement_number=d["agreement_number"],
        case_number=d["case_number"],
        returnee_name=d["returnee_name"],
        birth_date=dt.date.fromisoformat(d["birth_date"]) if d["birth_date"] else None,
        birth_precision=d["birth_precision"],
        nationality=d["nationality"],
        document_number=d["document_number"],
        currency=d["currency"],
        total=Decimal(d["total"]),
        items=tuple((code, Decimal(a)) for code, a in d["items"]),
        instalments=tuple((int(n), Decimal(a)) for n, a in d["instalments"]),
        grant_version=int(d["grant_version"]),
        issue_date=dt.date.fromisoformat(d["issue_date"]),
    )


def _approved_grant(s: Session, case: Case) -> Grant:
    grant = s.scalars(
        select(Grant)
        .where(Grant.case_id == case.id, Grant.state == "approved")
        .order_by(Grant.version.desc())
    ).first()
    if grant is None:
        raise Refused(N_("case {case} has no approved grant"), case=case.number)
    return grant


def _document(
    s: Session,
    case: Case,
    grant: Grant,
    number: str,
    lang: str,
    issue_date: dt.date,
    officer: str,
    copy_number: int,
) -> AgreementDocument:
    office = s.scalars(select(Office)).one()
    r = case.returnee
    packages = {
        p.id: p
        for p in s.scalars(
            select(PackageType).where(PackageType.id.in_([i.package_type_id for i in grant.items]))
        )
    }
    suppliers = {
        x.id: x.name
        for x in s.scalars(
            select(Supplier).where(
                Supplier.id.in_([i.supplier_id for i in grant.items if i.supplier_id])
            )
        )
    }
    items = tuple(
        AgreementItem(
            description=i.description
            or (
                packages[i.package_type_id].name_fr
                if lang == "fr"
                else packages[i.package_type_id].name_en
            ),
            package_code=packages[i.package_type_id].code,
            modality=packages[i.package_type_id].modality,
            supplier=suppliers.get(i.supplier_id or 0, ""),
            amount=i.amount,
        )
        for i in grant.items
    )
    instalments = tuple(
        AgreementInstalment(i.number, i.amount, i.condition) for i in grant.instalments
    )
    return AgreementDocument(
        office=OfficeHeader(
            name=office.name,
            address=office.address,
            programme=office.programme or _DEFAULT_PROGRAMME[lang],
            place=(office.address.split(",")[0].strip() if office.address else "")
            or _TOWNS.get(office.country, ""),
        ),
        agreement_number=number,
        case_number=case.number,
        grant_version=grant.version,
        issue_date=issue_date,
        language=lang,
        returnee=ReturneeIdentity(
            family_name=r.family_name,
            given_names=r.given_names,
            sex=r.sex,
            birth_date=r.birth_date,
            nationality=r.nationality,
            document_type=r.document_type,
            document_number=r.document_number or "",
            phone=r.phone or "",
            place_of_origin=r.place_of_origin or "",
            birth_precision=r.birth_precision,
        ),
        currency=grant.currency,
        total=grant.total,
        items=items,
        instalments=instalments,
        officer_name=officer,
        copy_number=copy_number,
    )


def _issue_in(
    s: Session,
    actor: Actor,
    case: Case,
    key: bytes,
    lang: str | None,
    today: dt.date,
    at: dt.datetime | None = None,
) -> Issued:
    """Issue (or reprint) the agreement of ``case`` inside the caller's transaction; ``at``:
    the moment it is issued (now when not given)."""
    why = _why_not(s, case)
    if why is not None:
        raise why
    grant = _approved_grant(s, case)
    lang = lang or case.language
    existing = s.scalars(
        select(Agreement).where(Agreement.case_id == case.id, Agreement.status != "void")
    ).all()
    voided = []
    current = None
    for ag in existing:
        if ag.grant_id == grant.id and ag.language == lang:
            current = ag
        elif ag.grant_id != grant.id:
            ag.status, ag.voided_at = "void", dt.datetime.now(dt.UTC)
            ag.void_reason = f"grant version {grant.version}"
            voided.append(ag.number)
            audit.record(
                s,
                actor,
                "agreement.void",
                "agreements",
                ag.id,
                {"status": "issued"},
                {"status": "void"},
            )
    if current is not None:
        current.print_count += 1
        content = _content_from_json(current.content)
        doc = _document(
            s,
            case,
            grant,
            current.number,
            lang,
            content.issue_date,
            actor.full_name or actor.username,
            current.print_count - 1,
        )
        doc = _signed(doc, current.code)
        audit.record(
            s,
            actor,
            "agreement.reprint",
            "agreements",
            current.id,
            None,
            {"copy": current.print_count - 1},
        )
        return Issued(
            current.number, case.number, current.code, current.print_count - 1, tuple(voided), doc
        )
    suffix = "" if lang == case.language else f"-{lang.upper()}"
    number = f"{case.number}-A{grant.version}{suffix}"
    doc = _document(s, case, grant, number, lang, today, actor.full_name or actor.username, 0)
    code = verification_code(key, doc.content())
    doc = _signed(doc, code)
    ag = Agreement(
        number=number,
        case_id=case.id,
        grant_id=grant.id,
        language=lang,
        code=code,
        content=_content_json(doc.content()),
        status="issued",
        print_count=1,
        issued_by=actor.id,
    )
    if at is not None:
        ag.issued_at = at
    s.add(ag)
    s.flush()
    audit.record(
        s,
        actor,
        "agreement.issue",
        "agreements",
        ag.id,
        None,
        {
            "number": number,
            "case": case.number,
            "grant_version": grant.version,
            "total": grant.total,
        },
    )
    return Issued(number, case.number, code, 0, tuple(voided), doc)


def _signed(doc: AgreementDocument, code: str) -> AgreementDocument:
    from dataclasses import replace

    return replace(doc, verification_code=code, qr_payload=qr_payload(code, doc.agreement_number))


def issue(
    db: Database,
    actor: Actor,
    case_number: str,
    key: bytes,
    lang: str | None = None,
    today: dt.date | None = None,
) -> Issued:
    """The agreement of an approved case (a counted copy when it was printed before)."""
    check(actor, "agreement.issue")
    with db.transaction() as s:
        case = get_case(s, case_number, lock=True)
        return _issue_in(s, actor, case, key, lang, today or dt.date.today())


def demo_issuer(key: bytes) -> Callable[[Session, Actor, Case, dt.datetime], None]:
    """How the demo issues the agreement of a case it takes past approval (``models.demo``'s
    ``IssueAgreement``): the real issue, with the office's signing key, dated ``at``."""

    def issue_agreement(s: Session, actor: Actor, case: Case, at: dt.datetime) -> None:
        check(actor, "agreement.issue")
        _issue_in(s, actor, case, key, None, at.date(), at)

    return issue_agreement


# The states a batch of agreements is printed for (the window's choice, ``rgm agreement batch
# --status``): approved cases get their first agreement, signed ones a counted copy.
BATCH_STATES = ("approved", "signed")


@dataclass(frozen=True)
class BatchPlan:
    """Which cases of a state a batch would print, and why the others would not."""

    status: str
    printable: tuple[str, ...]  # case numbers, in order
    skipped: tuple[tuple[str, Refused], ...]  # (case number, why not)


def _why_not(s: Session, case: Case) -> Refused | None:
    """Why ``case`` gets no agreement now, first print or copy (None: it is printable)."""
    facts = read_facts(s, case)
    return case_refusal(facts, "agreement.copy" if facts.in_force else "agreement.issue")


def _plan_in(s: Session, status: str) -> tuple[BatchPlan, list[Case]]:
    if status not in BATCH_STATES:
        raise Refused(
            N_("agreements are printed in a batch for cases in these states only: {states}"),
            states=", ".join(label(x) for x in BATCH_STATES),
        )
    cases = s.scalars(select(Case).where(Case.state == status).order_by(Case.number)).all()
    printable, skipped = [], []
    for case in cases:
        why = _why_not(s, case)
        if why is None:
            printable.append(case)
        else:
            skipped.append((case.number, why))
    plan = BatchPlan(status, tuple(c.number for c in printable), tuple(skipped))
    return plan, printable


def batch_plan(db: Database, actor: Actor, status: str = "approved") -> BatchPlan:
    """The cases in ``status`` a batch of agreements would print, and why not the others (the
    window and ``rgm agreement batch`` ask the same)."""
    check(actor, "agreement.issue")
    with db.reading() as s:
        return _plan_in(s, status)[0]


@dataclass(frozen=True)
class BatchIssued:
    plan: BatchPlan  # what was printable, and why the others were not
    issued: list[Issued]


def issue_batch(
    db: Database, actor: Actor, key: bytes, status: str = "approved", today: dt.date | None = None
) -> BatchIssued:
    """Agreements for every printable case in ``status`` (``batch_plan``; one transaction);
    refused when there is none."""
    check(actor, "agreement.issue")
    with db.transaction() as s:
        plan, cases = _plan_in(s, status)
        out = []
        for case in cases:
            try:
                out.append(_issue_in(s, actor, case, key, None, today or dt.date.today()))
            except Refused:
                continue  # as before: a case the plan let through but its document refuses
        if not out:
            raise Refused(N_("no printable case in state {state}"), state=label(status))
        return BatchIssued(plan, out)


@dataclass(frozen=True)
class Verification:
    valid: bool
    message: str
    agreement_number: str | None = None
    case_number: str | None = None
    returnee_name: str | None = None
    total: Decimal | None = None
    currency: str | None = None
    status: str | None = None
    issued_at: dt.datetime | None = None


def verify(db: Database, key: bytes, text: str) -> Verification:
    """Whether an agreement with exactly this code was issued: for whom, how much, and whether
    it is still valid. Accepts the code as printed or the QR code's whole content."""
    number, code = parse_payload(text)
    with db.reading() as s:
        ag = s.scalars(select(Agreement).where(Agreement.code == code)).first()
        if ag is None or (number is not None and ag.number != number):
            return Verification(False, N_("no agreement was issued with this code"))
        content = _content_from_json(ag.content)
        if verification_code(key, content) != ag.code:
            return Verification(
                False,
                N_("the agreement record was altered: the code does not match its content"),
                ag.number,
            )
        base: dict[str, Any] = dict(
            agreement_number=ag.number,
            case_number=content.case_number,
            returnee_name=content.returnee_name,
            total=content.total,
            currency=content.currency,
            status=ag.status,
            issued_at=ag.issued_at,
        )
        if ag.status == "void":
            return Verification(False, N_("this agreement was voided (the grant changed)"), **base)
        return Verification(True, N_("valid agreement"), **base)
