"""One registration is checked for duplicates like an import, and nobody clears a duplicate pair
naming a case they registered or planned (issue #11)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from support.cases import FULL_YES, person, register

from models import duplicate_review as dr
from models.cases import register_one
from models.database import Database
from models.entities import DuplicateFlag, Returnee
from models.errors import Refused
from models.grants import ItemInput, plan_grant
from models.identity import update_identity
from models.screening import decide
from models.suppliers import add_supplier
from models.users import Actor


def _register_people(db: Database, actor: Actor, n: int = 200) -> list[str]:
    """``n`` people of a realistic register (so that name frequencies are those of a real one)."""
    from support.registers import generate_register

    from models.cases import register_returnees

    reg = generate_register(n, seed=11, repeat_share=0.0, twin_share=0.0)
    rows = [
        dict(
            source_ref=f"BG-{r.id}",
            family_name=r.family_name,
            given_names=r.given_names,
            sex=r.sex or "M",
            birth_date=r.birth_date or dt.date(1990, 1, 1),
            birth_precision=r.birth_precision if r.birth_date else "year",
            nationality=r.nationality or "MLI",
            phone=r.phone if r.phone and r.phone.startswith("+") else None,
            document_number=r.document_number,
            place_of_origin=r.place_of_origin,
            household_size=1,
        )
        for r in reg.records
    ]
    with db.transaction() as s:
        return [r.case_number for r in register_returnees(s, actor, rows)]


def _copy_of(db: Database, number: str, ref: str) -> dict:
    """The identity of the returnee of case ``number``, typed again under another reference."""
    from models.cases import RETURNEE_FIELDS
    from models.entities import Case

    with db.reading() as s:
        rid = s.scalar(select(Case.returnee_id).where(Case.number == number))
        r = s.get(Returnee, rid)
        values = {f: getattr(r, f) for f in RETURNEE_FIELDS}
    values["source_ref"] = ref
    return values


def _open_flags(db: Database) -> list[tuple[int, int]]:
    with db.reading() as s:
        return list(
            s.execute(
                select(DuplicateFlag.returnee_a_id, DuplicateFlag.returnee_b_id).where(
                    DuplicateFlag.status == "open"
                )
            ).tuples()
        )


def test_an_exact_copy_registered_by_hand_is_flagged_and_waits(
    db: Database, users: dict[str, Actor]
) -> None:
    first = _register_people(db, users["registrar"])[7]
    done = register_one(db, users["registrar"], _copy_of(db, first, "COPY-1"))
    (pair,) = done.possible_duplicates
    assert {pair.case_a, pair.case_b} == {first, done.case_number}
    assert pair.flag_id and pair.status == "open" and pair.score > 0.9
    assert "same name" in pair.reasons
    assert len(_open_flags(db)) == 1
    with pytest.raises(Refused, match=f"open flag {pair.flag_id}"):
        decide(db, users["approver"], done.case_number, "eligible", answers=FULL_YES)
    # Someone else altogether: registered without a flag.
    other = register_one(db, users["registrar"], person(500, family_name="Zzyzxa",
                                                        given_names="Quentinette", sex="F"))  # fmt: skip
    assert other.possible_duplicates == () and len(_open_flags(db)) == 1


def test_a_corrected_identity_that_matches_someone_is_flagged(
    db: Database, users: dict[str, Actor]
) -> None:
    numbers = _register_people(db, users["registrar"])
    copy = _copy_of(db, numbers[3], "")
    with db.reading() as s:
        from models.entities import Case

        case = s.scalars(select(Case).where(Case.number == numbers[20])).one()
        rid, version = case.returnee_id, case.returnee.version
    assert _open_flags(db) == []
    fields = ("family_name", "given_names", "birth_date", "birth_precision", "sex", "nationality",
              "phone", "document_number", "place_of_origin")  # fmt: skip
    update_identity(db, users["registrar"], rid, version, {f: copy[f] for f in fields})
    assert len(_open_flags(db)) == 1


def test_nobody_decides_a_pair_naming_a_case_they_registered_or_planned(
    db: Database,
    users: dict[str, Actor],
    new_user,  # type: ignore[no-untyped-def]
) -> None:
    # Someone who registers and decides pairs (two roles), and a planner who also approves.
    both = new_user("binta", "registrar", "approver")
    planner = new_user("paul", "registrar", "approver")
    first = _register_people(db, users["registrar"])[11]
    decide(db, users["approver"], first, "eligible", answers=FULL_YES)
    add_supplier(db, users["finance"], "Atelier")
    plan_grant(db, planner, first, [ItemInput("ECO-IND", "1000", "Atelier")])
    done = register_one(db, both, _copy_of(db, first, "COPY-1"))
    (pair,) = done.possible_duplicates
    assert pair.flag_id is not None
    for who, case in ((both, done.case_number), (planner, first)):
        with pytest.raises(Refused, match=f"four eyes: {who.username} registered or planned case "
                                          f"{case}, so another approver or admin"):  # fmt: skip
            dr.decide(db, who, pair.flag_id, same_person=False, note="not me")
    # The window reads the same rule from the pair it lists.
    (row,) = dr.review_queue(db)
    assert dr.may_decide(both, row.sides)[0] is False
    assert "four eyes" in dr.may_decide(planner, row.sides)[1]
    assert dr.may_decide(users["approver"], row.sides) == (True, "")
    assert dr.may_decide(users["registrar"], row.sides)[0] is False  # not an approver at all
    assert dr.decide(db, users["approver"], pair.flag_id, same_person=False).status == (
        "different_people"
    )
    assert _open_flags(db) == []


def test_birth_year_only_copy_is_still_checked(db: Database, users: dict[str, Actor]) -> None:
    """A registration typed with a year of birth only goes through the same engine."""
    _register_people(db, users["registrar"])
    register(db, users["registrar"], 1, family_name="Keita", given_names="Salif",
             birth_date=dt.date(1981, 1, 1), birth_precision="year")  # fmt: skip
    done = register_one(db, users["registrar"], person(77, family_name="KEITA",
                        given_names="Salif", birth_date=dt.date(1981, 1, 1),
                        birth_precision="year"))  # fmt: skip
    assert len(done.possible_duplicates) >= 1


def test_an_exact_copy_is_found_in_a_register_of_one_person() -> None:
    """A new office: shares cannot be measured over a few people (everyone's name was "held by
    everyone", and the copy of the only person registered scored 0.3)."""
    from models.duplicates import DuplicateIndex, PersonRecord

    keita = PersonRecord(1, "KEITA", "Moussa", "M", dt.date(1994, 3, 12), "day", "MLI")
    index = DuplicateIndex.build([keita])
    (found,) = index.candidates_for(PersonRecord(2, "Keita", "Moussa", "M", dt.date(1994, 3, 12),
                                                 "day", "MLI"))  # fmt: skip
    assert found.score > 0.9
    namesake = PersonRecord(3, "Keita", "Moussa", "M", dt.date(1971, 8, 30), "day", "MLI")
    assert index.candidates_for(namesake) == []


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_the_same_person_registered_twice_at_once_is_flagged(
    db: Database, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two registrars on the office server, the same person, the same moment: each check runs
    in its registration's transaction, so the second must wait for the first (the year's case
    counter is locked until commit) or neither would see the other."""
    import threading
    import time

    numbers = _register_people(db, users["registrar"])
    copy = _copy_of(db, numbers[5], "")
    check = dr.check_registration

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # both registrations are inserted before either is checked
        return check(*args, **kwargs)

    monkeypatch.setattr(dr, "check_registration", slow)
    barrier = threading.Barrier(2)
    done: list[object] = []

    def run(ref: str) -> None:
        barrier.wait()
        done.append(register_one(db, users["registrar"], {**copy, "source_ref": ref}))

    threads = [threading.Thread(target=run, args=(ref,)) for ref in ("A-1", "A-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(done) == 2
    # Each copy with the original, and the two copies with each other.
    assert len(_open_flags(db)) == 3


def test_an_index_built_before_saving_still_sees_who_came_or_changed_since(
    db: Database, users: dict[str, Actor]
) -> None:
    """The window indexes the register when the form opens; saving reads only what changed
    since: a person registered meanwhile, or whose identity was corrected, is still found."""
    from models.entities import Case

    numbers = _register_people(db, users["registrar"])
    held = dr.snapshot(db)
    (later,) = register(db, users["registrar"], start=777, family_name="Sissoko",
                        given_names="Fatoumata Binta", sex="F")  # fmt: skip
    done = register_one(db, users["registrar"], _copy_of(db, later, "COPY-L"), register=held)
    assert [{p.case_a, p.case_b} for p in done.possible_duplicates] == [{later, done.case_number}]
    # Corrected meanwhile: case 40's returnee now has case 3's identity.
    copy = _copy_of(db, numbers[3], "")
    with db.reading() as s:
        case = s.scalars(select(Case).where(Case.number == numbers[40])).one()
        rid, version = case.returnee_id, case.returnee.version
    compared = ("family_name", "given_names", "birth_date", "birth_precision", "sex",
                "nationality", "phone", "document_number", "place_of_origin")  # fmt: skip
    update_identity(db, users["registrar"], rid, version, {f: copy[f] for f in compared})
    again = register_one(db, users["registrar"], _copy_of(db, numbers[3], "COPY-3"), register=held)
    assert {numbers[3], numbers[40]} <= {
        c for p in again.possible_duplicates for c in (p.case_a, p.case_b)
    }
