"""The closed lists of the domain (codes stored in the database) and their labels.

Labels are English message ids translated by ``models.i18n``; the codes never change.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.i18n import N_, translate

ROLES = ("registrar", "approver", "finance", "admin", "viewer")

# Case states, in their usual order.
STATES = (
    "registered",
    "screening",
    "eligible",
    "ineligible",
    "approved",
    "signed",
    "in_progress",
    "completed",
    "closed",
)
OPEN_STATES = (
    "registered",
    "screening",
    "eligible",
    "ineligible",
    "approved",
    "signed",
    "in_progress",
)

CLOSE_REASONS = ("opted_out", "re_migrated", "moved_away", "deceased", "not_eligible", "duplicate")

SEXES = ("M", "F")
BIRTH_PRECISIONS = ("day", "year")

VULNERABILITIES = ("UAM", "VOT", "MED", "DIS", "ELD", "SP", "PSY")

DOCUMENT_TYPES = (
    "passport",
    "national_id",
    "consular_card",
    "laissez_passer",
    "birth_certificate",
    "none",
    "other",
)

DIMENSIONS = ("economic", "social", "psychosocial")
MODALITIES = ("cash", "in_kind", "service")
PAYMENT_METHODS = ("cash", "mobile_money", "bank", "supplier_payment")
CONDITIONS = ("on_signature", "after_monitoring_visit", "on_supplier_invoice", "none")
GRANT_STATES = ("draft", "approved", "superseded")
AGREEMENT_STATUSES = ("issued", "signed", "void")
DECISIONS = ("eligible", "ineligible", "needs_information")
# The demo's size when none is asked (``rgm demo``, the first start's offer): every case goes
# through the real operations (bench/bench_demo.py).
DEMO_CASES = 500
SUSPENSION_SCOPES = ("office", "country_of_origin", "transit_centre", "registration_dates")
DUPLICATE_STATUSES = ("open", "same_person", "different_people")
RETURN_STATUSES = ("draft", "submitted")

LABELS: dict[str, str] = {
    # roles
    "registrar": N_("registrar"),
    "approver": N_("approver"),
    "finance": N_("finance"),
    "admin": N_("administrator"),
    "viewer": N_("viewer"),
    # states
    "registered": N_("registered"),
    "screening": N_("screening"),
    "eligible": N_("eligible"),
    "ineligible": N_("ineligible"),
    "approved": N_("approved"),
    "signed": N_("signed"),
    "in_progress": N_("in progress"),
    "completed": N_("completed"),
    "closed": N_("closed"),
    # grant versions ("approved" above)
    "draft": N_("draft"),
    "superseded": N_("superseded"),
    # close reasons
    "opted_out": N_("opted out"),
    "re_migrated": N_("re-migrated"),
    "moved_away": N_("moved away"),
    "deceased": N_("deceased"),
    "not_eligible": N_("not eligible"),
    "duplicate": N_("duplicate of another case"),
    # vulnerabilities
    "UAM": N_("unaccompanied minor"),
    "VOT": N_("victim of trafficking"),
    "MED": N_("medical needs"),
    "DIS": N_("disability"),
    "ELD": N_("elderly"),
    "SP": N_("single parent"),
    "PSY": N_("psychosocial needs"),
    # documents
    "passport": N_("passport"),
    "national_id": N_("national identity card"),
    "consular_card": N_("consular card"),
    "laissez_passer": N_("laissez-passer"),
    "birth_certificate": N_("birth certificate"),
    "none": N_("none"),
    "other": N_("other"),
    # package dimensions and modalities
    "economic": N_("economic"),
    "social": N_("social"),
    "psychosocial": N_("psychosocial"),
    "cash": N_("cash"),
    "in_kind": N_("in kind (supplier)"),
    "service": N_("service"),
    # payment methods
    "mobile_money": N_("mobile money"),
    "bank": N_("bank transfer"),
    "supplier_payment": N_("supplier payment"),
    # instalment conditions
    "on_signature": N_("on signature of the agreement"),
    "after_monitoring_visit": N_("after a monitoring visit"),
    "on_supplier_invoice": N_("on the supplier's invoice"),
    # decisions
    "needs_information": N_("needs information"),
    # sexes
    "M": N_("male"),
    "F": N_("female"),
}


def label(code: str, lang: str | None = None) -> str:
    """The user-facing name of a code, in ``lang`` (default: the current language)."""
    return translate(LABELS.get(code, code), lang)


def roles_text(roles: Iterable[str], lang: str | None = None) -> str:
    """Role names as a list ending with "or" ("agent d'enregistrement, approbateur ou
    administrateur")."""
    names = [label(r, lang) for r in roles]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + translate(N_(" or "), lang) + names[-1]
