from decimal import Decimal

import pytest
from sqlalchemy import insert, select
from support.cases import eligible

from models.case_file import plan_figures
from models.catalogue import Package
from models.catalogue_edit import list_catalogue, parse_plan, set_package
from models.entities import Case, DuplicateFlag, Grant
from models.errors import Refused
from models.grants import ItemInput, approve_grant, case_grants, plan_grant
from models.holds import place_hold, release_hold
from models.suppliers import add_supplier


def _state(db, number):
    with db.reading() as s:
        return s.scalar(select(Case.state).where(Case.number == number))


def test_plan_within_ceiling_supplier_for_in_kind_and_default_instalments(db, users):
    (case,) = eligible(db, users)
    reg = users["registrar"]
    with pytest.raises(Refused, match="given in kind: name its supplier"):
        plan_grant(db, reg, case, [ItemInput("ECO-IND", "1 500 000")])
    add_supplier(db, users["finance"], "Quincaillerie Diarra", supplies="tools")
    with pytest.raises(Refused, match="no package XYZ in the catalogue of MLI"):
        plan_grant(db, reg, case, [ItemInput("XYZ", "10")])
    with pytest.raises(Refused, match="has 0 decimal places"):
        plan_grant(db, reg, case, [ItemInput("EDU", "100.50")])
    g = plan_grant(
        db,
        reg,
        case,
        [ItemInput("ECO-IND", "1 500 000", "quincaillerie diarra"), ItemInput("EDU", "200000")],
    )
    assert (g.version, g.state, g.total, g.currency) == (1, "draft", Decimal(1700000), "XOF")
    assert g.ceiling == Decimal(1968000 + 328000)
    # The main item's plan: 60 % on supplier invoice, 40 % after a monitoring visit.
    assert [(i.amount, i.condition) for i in g.instalments] == [
        (Decimal(1020000), "on_supplier_invoice"),
        (Decimal(680000), "after_monitoring_visit"),
    ]
    assert g.items[0].supplier == "Quincaillerie Diarra"
    # Re-planning a draft replaces it (same version).
    g2 = plan_grant(db, reg, case, [ItemInput("EDU", "300000")])
    assert (g2.version, g2.total, len(g2.items)) == (1, Decimal(300000), 1)


def test_ceiling_override_needs_admin_and_reason(db, users, new_user):
    (case,) = eligible(db, users)
    with pytest.raises(Refused, match="exceeds the ceiling 328000 XOF"):
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "400000")])
    with pytest.raises(Refused, match="needs the role administrator"):
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "400000")], "two children")
    boss = new_user("boss", "registrar", "admin")
    g = plan_grant(db, boss, case, [ItemInput("EDU", "400000")], "two children at school")
    assert g.override_reason == "two children at school"


def test_approval_four_eyes_hold_duplicate_flag_and_new_version(db, users, new_user):
    (case,) = eligible(db, users)
    both = new_user("oumar", "registrar", "approver")
    plan_grant(db, both, case, [ItemInput("EDU", "300000")])
    with pytest.raises(Refused, match="four eyes: oumar"):
        approve_grant(db, both, case)
    with pytest.raises(Refused, match="needs the role approver"):
        approve_grant(db, users["finance"], case)
    place_hold(db, users["admin"], case, "complaint")
    with pytest.raises(Refused, match="is on hold"):
        approve_grant(db, users["approver"], case)
    release_hold(db, users["admin"], case, "complaint unfounded")
    (other,) = eligible(db, users, start=50)
    with db.transaction() as s:
        ids = sorted(s.scalars(select(Case.returnee_id).where(Case.number.in_([case, other]))))
        s.execute(
            insert(DuplicateFlag),
            [{"returnee_a_id": ids[0], "returnee_b_id": ids[1], "score": 0.9, "status": "open"}],
        )
    with pytest.raises(Refused, match="may be a duplicate"):
        approve_grant(db, users["approver"], case)
    with db.transaction() as s:
        s.execute(DuplicateFlag.__table__.update().values(status="different_people"))
    g = approve_grant(db, users["approver"], case)
    assert (g.state, g.approved_by) == ("approved", users["approver"].id)
    assert _state(db, case) == "approved"
    with pytest.raises(Refused, match="no grant waiting for approval"):
        approve_grant(db, users["approver"], case)
    # A change after approval: a new version, the case back to eligible, approval again.
    g2 = plan_grant(db, users["registrar"], case, [ItemInput("EDU", "250000")])
    assert (g2.version, g2.state) == (2, "draft")
    assert _state(db, case) == "eligible"
    # The registrar who re-planned is now a planner too; the approver still may approve.
    approve_grant(db, users["approver"], case)
    states = [(v.version, v.state) for v in case_grants(db, case)]
    assert states == [(1, "superseded"), (2, "approved")]
    with db.reading() as s:
        assert s.scalar(select(Grant.total).where(Grant.state == "approved")) == Decimal(250000)


def test_catalogue_edit_by_admin(db, users):
    with pytest.raises(Refused, match="needs the role administrator"):
        set_package(db, users["registrar"], "MLI", "EDU", ceiling=Decimal(1))
    with pytest.raises(Refused, match="add up to 100"):
        parse_plan("60:on_signature,30:none")
    p = set_package(
        db,
        users["admin"],
        "MLI",
        "AGRI",
        name_fr="Kit agricole",
        name_en="Farming kit",
        dimension="economic",
        modality="in_kind",
        ceiling=Decimal(900000),
        plan=parse_plan("50:on_supplier_invoice,50:after_monitoring_visit"),
    )
    assert (p.currency, p.ceiling, len(p.plan)) == ("XOF", Decimal(900000), 2)
    set_package(db, users["admin"], "MLI", "EDU", ceiling=Decimal(350000))
    edu = next(x for x in list_catalogue(db, "MLI") if x.code == "EDU")
    assert edu.ceiling == Decimal(350000)


def _package(code: str, ceiling: int) -> Package:
    return Package(0, "MLI", code, f"{code} fr", f"{code} en", "eco", "cash", "XOF",
                   Decimal(ceiling), (), True)  # fmt: skip


def test_the_form_figures_say_what_plan_grant_decides(db, users) -> None:
    """The grant form's total, ceiling and 'over' come from the model, with plan_grant's rule:
    each package type's ceiling counted once, over only beyond it."""
    packages = (_package("ECO-IND", 1968000), _package("EDU", 328000))
    two = plan_figures(packages, ["ECO-IND", "ECO-IND"], [Decimal(1000000), Decimal(968000)])
    assert (two.total, two.ceiling, two.over) == (Decimal(1968000), Decimal(1968000), False)
    over = plan_figures(packages, ["ECO-IND", "EDU"], [Decimal(1968000), Decimal(328001)])
    assert (over.ceiling, over.over) == (Decimal(1968000 + 328000), True)
    assert not plan_figures(packages, [], [Decimal(5)]).over  # no package chosen yet
    # plan_grant refuses exactly what the form shows as over.
    (case,) = eligible(db, users)
    with pytest.raises(Refused, match="exceeds the ceiling"):
        plan_grant(db, users["registrar"], case, [ItemInput("EDU", "328001")])
    g = plan_grant(db, users["registrar"], case, [ItemInput("EDU", "328000")])
    assert g.ceiling == plan_figures(packages, ["EDU"], [g.total]).ceiling
    (item,) = g.items
    assert (item.name("en"), item.name("fr")) == (
        "School or training fees",
        "Frais de scolarité ou formation",
    )
