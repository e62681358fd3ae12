"""Holes found by a hostile tester after the #12 refactor (one case lifecycle)."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from support.cases import backdate, eligible, register

from models import lifecycle
from models.case_file import load_case_file
from models.cases import close_case, mark_signed
from models.entities import Case
from models.errors import Refused
from models.grants import ItemInput, approve_grant, plan_grant
from models.monitoring import record_visit
from models.payments import PaymentInput, adjust_payment, record_payment
from models.suppliers import add_supplier
from reports.agreements import issue

TODAY = dt.date(2026, 11, 20)


def _completed(db, users, before_final=None):
    (case,) = eligible(db, users)
    fin = users["finance"]
    add_supplier(db, fin, "Atelier")
    plan_grant(db, users["registrar"], case, [ItemInput("ECO-IND", "1000000", "Atelier")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    backdate(db, case, dt.date(2026, 10, 1))
    for n, amount, ref, day in ((1, "600000", "R1", 5), (2, "400000", "R2", 12)):
        if n == 2:
            record_visit(db, users["approver"], case, dt.date(2026, 11, 8), True, True, today=TODAY)
        record_payment(
            db,
            fin,
            PaymentInput(
                case, n, amount, "supplier_payment", ref, dt.date(2026, 11, day), "Atelier"
            ),
            today=TODAY,
        )
    if before_final is not None:
        before_final(case)
    record_visit(db, users["approver"], case, dt.date(2026, 11, 15), True, True, True, today=TODAY)
    if before_final is None:
        assert _state(db, case) == "completed"
    return case


def _state(db, number):
    with db.reading() as s:
        return s.scalar(select(Case.state).where(Case.number == number))


def test_a_completed_case_takes_back_a_mistaken_adjustment(db, users):
    """A finance officer takes 1000 back from a completed case by mistake: the lifecycle says
    they may correct the payment, so the correction that puts the 1000 back is accepted (it
    was refused as 'payments start once the agreement is signed')."""
    case = _completed(db, users)
    fin = users["finance"]
    adjust_payment(db, fin, "R2", "-1000", "ADJ1", "typo", dt.date(2026, 11, 16), TODAY)
    (adjust,) = [o for o in lifecycle.options(db, fin, case) if o.action == "payment.adjust"]
    assert adjust.allowed
    back = adjust_payment(db, fin, "ADJ1", "1000", "ADJ2", "undo", dt.date(2026, 11, 17), TODAY)
    assert back.amount == Decimal(1000)
    assert sum(p.amount for p in load_case_file(db, case).payments) == Decimal(1000000)
    # Still never beyond the plan, and a completed case takes no new payment.
    with pytest.raises(Refused, match="would be paid 400001 of 400000"):
        adjust_payment(db, fin, "R2", "1", "ADJ3", "more", dt.date(2026, 11, 17), TODAY)
    with pytest.raises(Refused, match="completed"):
        record_payment(
            db,
            fin,
            PaymentInput(case, 2, "1", "cash", "R9", dt.date(2026, 11, 17), None),
            today=TODAY,
        )


def test_a_case_is_closed_as_a_duplicate_only_of_a_case_kept(db, users):
    """Two cases closed as duplicates of each other left the person with no case at all; a
    duplicate of a closed case (deceased, or itself a duplicate) keeps nothing either."""
    a, b, c = register(db, users["registrar"], 3, start=40)
    admin = users["admin"]
    close_case(db, admin, a, "duplicate", "same person", duplicate_of=b)
    with pytest.raises(Refused, match=f"case {b} cannot be closed as a duplicate of {a}: {a} "):
        close_case(db, admin, b, "duplicate", "same person", duplicate_of=a)
    with pytest.raises(Refused, match=f"of {a}: {a} is closed"):
        close_case(db, admin, c, "duplicate", duplicate_of=a)
    with db.reading() as s:
        rows = s.execute(select(Case.number, Case.state).where(Case.number.in_([b, c])))
        states = {n: st for n, st in rows}
    assert states == {b: "registered", c: "registered"}
    close_case(db, admin, c, "duplicate", duplicate_of=b)  # b is kept: it is open


def test_screening_refusals_name_the_checklist_as_the_sheet_does_in_french_too(db, users):
    """A review sheet's refusals named the checklist by its internal codes
    (``nationality_verified``), untranslated in French, and offered answers in codes the
    French office does not type; each named answer reads back."""
    from models.i18n import current_language, set_language
    from models.screening import DecisionInput, decide_many

    (case,) = register(db, users["registrar"], 1, start=60)
    items = [
        DecisionInput(case, "eligible", answers={"nationality_verified": "oui"}),
        DecisionInput(case, "ineligible", "x", answers={"consent": "yes"}),
    ]

    def refused(item, lang):
        set_language(lang)  # the process's language, as rgm --lang or the window set it
        try:
            with db.transaction() as s:
                (refusal,) = decide_many(s, users["approver"], [item]).refusals
            return refusal.error.text()
        finally:
            set_language(before)

    before = current_language()
    for item in items:
        fr, en = refused(item, "fr"), refused(item, "en")
        assert "_" not in fr and "_" not in en, (fr, en)
        if item.decision == "eligible":
            assert "Nationalité vérifiée, et comment" in fr
            assert "pièce d'identité, entretien consulaire, non vérifiée" in fr
            assert "identity document, consular interview, not verified" in en
        else:
            assert "Retour volontaire déclaré" in fr and "Voluntary return declared" in en
    # Every answer named in either language is read back as its code.
    from models.i18n import translate
    from models.screening import ANSWER_WORDS, normalise_answers

    for code, words in ANSWER_WORDS.items():
        item = "consent" if code in ("yes", "no") else "nationality_verified"
        for lang in ("en", "fr"):
            assert normalise_answers({item: translate(words, lang)}) == {item: code}


def test_a_case_on_hold_is_not_completed_until_released(db, users):
    """A final visit on a case paid in full but on hold (a complaint being looked into)
    completed it: the hold then lay over a finished case, which nothing can act on."""
    from models.holds import place_hold, release_hold

    admin = users["admin"]
    case = _completed(db, users, lambda c: place_hold(db, admin, c, "complaint"))
    assert _state(db, case) == "in_progress"
    (close,) = [o for o in lifecycle.options(db, admin, case) if o.action == "case.release"]
    assert close.allowed
    release_hold(db, admin, case, "cleared")
    assert _state(db, case) == "completed"  # paid in full, final visit done, no hold left


def test_a_case_held_by_a_suspension_completes_at_its_fresh_screening(db, users):
    from support.cases import FULL_YES

    from models.holds import open_suspension
    from models.screening import decide

    admin = users["admin"]
    case = _completed(db, users, lambda c: open_suspension(db, admin, "office", "audit"))
    assert _state(db, case) == "in_progress"
    decide(db, users["approver"], case, "eligible", "checked again", answers=FULL_YES)
    assert _state(db, case) == "completed"
