import pytest
from sqlalchemy import select
from support.cases import FULL_YES, register

from models.entities import Case, CaseEvent, Screening
from models.errors import Refused
from models.screening import decide


def test_eligible_needs_every_mandatory_item_answered_and_satisfied(db, users):
    (case,) = register(db, users["registrar"])
    partial = dict(FULL_YES)
    del partial["consent"]
    with pytest.raises(Refused, match="Consent to data processing given not answered"):
        decide(db, users["approver"], case, "eligible", answers=partial)
    with pytest.raises(Refused, match="Not assisted before not satisfied"):
        decide(
            db,
            users["approver"],
            case,
            "eligible",
            answers=FULL_YES | {"not_assisted_before": "no"},
        )
    with pytest.raises(Refused, match="not an answer"):
        decide(db, users["approver"], case, "eligible", answers=FULL_YES | {"consent": "maybe"})
    out = decide(
        db,
        users["approver"],
        case,
        "eligible",
        answers=FULL_YES | {"nationality_verified": "consular interview"},
    )
    assert (out.from_state, out.to_state) == ("registered", "eligible")
    with db.reading() as s:
        c = s.scalars(select(Case).where(Case.number == case)).one()
        assert c.state == "eligible"
        sc = s.scalars(select(Screening).where(Screening.case_id == c.id)).one()
        assert sc.reviewer_id == users["approver"].id
        assert '"consular_interview"' in sc.answers
        kinds = [e.kind for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == c.id))]
        assert kinds == ["register", "screening"]


def test_ineligible_needs_a_reason_and_needs_information_moves_to_screening(db, users):
    a, b = register(db, users["registrar"], 2)
    with pytest.raises(Refused, match="needs a reason"):
        decide(db, users["approver"], a, "ineligible", answers=FULL_YES)
    out = decide(
        db,
        users["approver"],
        a,
        "ineligible",
        "assisted in 2024 under another name",
        FULL_YES | {"not_assisted_before": "no"},
    )
    assert out.to_state == "ineligible"
    out = decide(db, users["approver"], b, "needs_information", "consular interview booked")
    assert out.to_state == "screening"


def test_four_eyes_whatever_the_roles(db, users, new_user):
    both = new_user("oumar", "registrar", "approver")
    (case,) = register(db, both)
    with pytest.raises(Refused, match="four eyes: oumar registered or planned"):
        decide(db, both, case, "eligible", answers=FULL_YES)
    with pytest.raises(Refused, match="needs the role approver"):
        decide(db, users["registrar"], case, "eligible", answers=FULL_YES)
    assert decide(db, users["approver"], case, "eligible", answers=FULL_YES).to_state == "eligible"


def test_stale_version_is_refused(db, users):
    (case,) = register(db, users["registrar"])
    decide(db, users["approver"], case, "needs_information", "waiting", expected_version=1)
    with pytest.raises(Refused, match="changed since the sheet was made"):
        decide(db, users["approver"], case, "eligible", answers=FULL_YES, expected_version=1)
