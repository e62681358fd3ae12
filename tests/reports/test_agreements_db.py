"""Agreements issued from the database: copies, voiding, signing, verification."""

from __future__ import annotations

import subprocess

import pytest
from sqlalchemy import select, update

from models.cases import mark_signed
from models.database import Database
from models.demo import load_demo
from models.entities import Agreement, Case, Grant, GrantItem, Instalment
from models.errors import Refused
from models.users import Actor
from reports import agreements
from reports.agreement_pdf import render_batch

KEY = b"k" * 32


@pytest.fixture
def demo(db: Database, admin: Actor) -> Actor:
    load_demo(db, admin, cases=200, seed=4, user_password="demo-password",
              issue_agreement=agreements.demo_issuer(KEY))  # fmt: skip
    return admin


def _case(db: Database, state: str, on_hold: bool = False) -> str:
    with db.reading() as s:
        return s.scalars(
            select(Case.number)
            .join(Grant, Grant.case_id == Case.id)
            .where(Case.state == state, Case.on_hold.is_(on_hold))
            .order_by(Case.number)
        ).first()


def test_issue_print_copy_and_verify(db: Database, demo: Actor, tmp_path) -> None:
    number = _case(db, "approved")
    first = agreements.issue(db, demo, number, KEY)
    assert first.copy_number == 0 and first.number == f"{number}-A1"
    out = tmp_path / "a.pdf"
    render_batch([first.document], out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert first.document.returnee.full_name in text and first.code in text and "COPIE" not in text
    again = agreements.issue(db, demo, number, KEY)
    assert again.copy_number == 1 and again.code == first.code
    render_batch([again.document], out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "COPIE / COPY 1" in text
    ok = agreements.verify(db, KEY, f"RGM1:{first.number}:{first.code.lower()}")
    assert ok.valid and ok.case_number == number and ok.total == first.document.total
    assert not agreements.verify(db, KEY, "ABCD-EFGH-JKMN").valid
    with db.reading() as s:
        assert (
            s.scalars(select(Agreement.print_count).where(Agreement.number == first.number)).one()
            == 2
        )


def test_an_altered_record_fails_verification(db: Database, demo: Actor) -> None:
    issued = agreements.issue(db, demo, _case(db, "approved"), KEY)
    with db.transaction() as s:
        ag = s.scalars(select(Agreement).where(Agreement.number == issued.number)).one()
        s.execute(
            update(Agreement)
            .where(Agreement.id == ag.id)
            .values(content=ag.content.replace(str(issued.document.total), "9999999"))
        )
    result = agreements.verify(db, KEY, issued.code)
    assert not result.valid and "altered" in result.message


def test_only_approved_cases_not_on_hold(db: Database, demo: Actor) -> None:
    with pytest.raises(Refused, match="approved case"):
        agreements.issue(db, demo, _case(db, "completed"), KEY)
    number = _case(db, "approved")
    with db.transaction() as s:
        s.execute(update(Case).where(Case.number == number).values(on_hold=True))
    with pytest.raises(Refused, match="on hold"):
        agreements.issue(db, demo, number, KEY)


def test_a_new_grant_version_voids_the_earlier_agreement(db: Database, demo: Actor) -> None:
    number = _case(db, "approved")
    first = agreements.issue(db, demo, number, KEY)
    with db.transaction() as s:
        case = s.scalars(select(Case).where(Case.number == number)).one()
        old = s.scalars(select(Grant).where(Grant.case_id == case.id)).one()
        old.state = "superseded"
        new = Grant(
            case_id=case.id,
            version=2,
            state="approved",
            currency=old.currency,
            total=old.total,
            ceiling=old.ceiling,
        )
        s.add(new)
        s.flush()
        for item in old.items:
            s.add(
                GrantItem(
                    grant_id=new.id,
                    package_type_id=item.package_type_id,
                    amount=item.amount,
                    supplier_id=item.supplier_id,
                )
            )
        for inst in old.instalments:
            s.add(
                Instalment(
                    grant_id=new.id,
                    number=inst.number,
                    amount=inst.amount,
                    condition=inst.condition,
                )
            )
    second = agreements.issue(db, demo, number, KEY)
    assert second.number.endswith("-A2") and first.number in second.voided
    result = agreements.verify(db, KEY, first.code)
    assert not result.valid and "voided" in result.message


def test_signing_moves_the_case_to_signed(db: Database, demo: Actor, new_user) -> None:
    rita = new_user("rita", "registrar")
    number = _case(db, "approved")
    with pytest.raises(Refused, match="no printed agreement"):
        mark_signed(db, rita, number)
    agreements.issue(db, demo, number, KEY)
    mark_signed(db, rita, number)
    with db.reading() as s:
        assert s.scalars(select(Case.state).where(Case.number == number)).one() == "signed"


def test_the_batch_plan_is_what_the_batch_prints(db: Database, demo: Actor) -> None:
    held = _case(db, "approved", on_hold=True)
    plan = agreements.batch_plan(db, demo, "approved")
    assert plan.printable and held not in plan.printable
    assert held in {number for number, _why in plan.skipped}
    why = dict(plan.skipped)[held]
    assert "on hold" in str(why)
    batch = agreements.issue_batch(db, demo, KEY, status="approved")
    assert batch.plan.printable == plan.printable
    assert [(n, str(w)) for n, w in batch.plan.skipped] == [(n, str(w)) for n, w in plan.skipped]
    assert [i.document.case_number for i in batch.issued] == list(plan.printable)


def test_a_batch_only_for_the_batch_states(db: Database, demo: Actor) -> None:
    with pytest.raises(Refused, match="in these states only"):
        agreements.batch_plan(db, demo, "completed")
    with pytest.raises(Refused, match="in these states only"):
        agreements.issue_batch(db, demo, KEY, status="completed")
