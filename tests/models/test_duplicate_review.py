"""Flags in the database: scan, live check, and the approvers' decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models import duplicate_review as dr
from models.cases import register_returnees
from models.database import Database
from models.entities import Case, DuplicateFlag
from models.errors import Refused
from models.jobs import Cancelled, RecordingJob
from models.users import Actor


def _register(db: Database, actor: Actor, *people: dict) -> list[str]:
    with db.transaction() as s:
        return [r.case_number for r in register_returnees(s, actor, people)]


def _p(
    ref: str,
    family: str,
    given: str,
    born: dt.date,
    precision: str = "day",
    phone: str | None = None,
    **kw,
) -> dict:
    return dict(
        source_ref=ref,
        family_name=family,
        given_names=given,
        sex=kw.pop("sex", "M"),
        birth_date=born,
        birth_precision=precision,
        nationality=kw.pop("nationality", "GMB"),
        phone=phone,
        place_of_origin=kw.pop("place", "Brikama"),
        household_size=1,
        **kw,
    )


def _background() -> list[dict]:
    """Three hundred other people, so that name frequencies are those of a real register."""
    from support.registers import generate_register

    reg = generate_register(300, seed=11, repeat_share=0.0, twin_share=0.0)
    return [
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


@pytest.fixture
def register(db: Database, users: dict[str, Actor]) -> list[str]:
    rita = users["registrar"]
    _register(db, rita, *_background())
    return _register(
        db,
        rita,
        _p("K-1", "Diallo", "Mamadou Saliou", dt.date(1990, 3, 12), phone="+2207712345"),
        _p(
            "K-2",
            "Touré",
            "Aminata",
            dt.date(1985, 1, 5),
            sex="F",
            nationality="MLI",
            place="Kayes",
        ),
        # The first one again, typed by another team: English spelling, year only, no phone.
        _p("K-3", "JALLOW", "Mamadou", dt.date(1990, 1, 1), precision="year"),
        # Same common name, different person: another birth date and sex-consistent but far apart.
        _p(
            "K-4",
            "Touré",
            "Aminata",
            dt.date(1999, 11, 30),
            sex="F",
            nationality="MLI",
            place="Gao",
        ),
    )


def test_scan_flags_the_re_registration_once(db: Database, users, register) -> None:
    result = dr.scan(db, users["approver"])
    pairs = {(p.case_a, p.case_b) for p in result.pairs}
    assert (register[0], register[2]) in pairs
    assert (register[1], register[3]) not in pairs
    assert result.new_flags == len(result.pairs) >= 1
    reasons = next(p.reasons for p in result.pairs if p.case_b == register[2])
    assert "Jallow" in reasons or "JALLOW" in reasons
    assert dr.scan(db, users["approver"]).new_flags == 0


def test_a_cancelled_scan_keeps_no_flag(db: Database, users, register) -> None:
    job = RecordingJob()
    job.cancel()
    with pytest.raises(Cancelled):
        dr.scan(db, users["approver"], job=job)
    with db.reading() as s:
        assert s.scalars(select(DuplicateFlag)).all() == []
    assert dr.scan(db, users["approver"]).new_flags >= 1


def test_same_person_closes_the_later_case_and_blocks_nothing_else(
    db: Database, users, register
) -> None:
    dr.scan(db, users["approver"])
    flag = next(p for p in dr.review_queue(db) if p.case_b == register[2])
    with pytest.raises(Refused, match="approver"):
        dr.decide(db, users["registrar"], flag.flag_id, same_person=True)
    decision = dr.decide(db, users["approver"], flag.flag_id, same_person=True, note="same photo")
    assert decision.closed_case == register[2] and decision.kept_case == register[0]
    with db.reading() as s:
        later = s.scalars(select(Case).where(Case.number == register[2])).one()
        earlier = s.scalars(select(Case).where(Case.number == register[0])).one()
        assert later.state == "closed" and later.closed_reason == "duplicate"
        assert later.duplicate_of_id == earlier.id
    with pytest.raises(Refused, match="already decided"):
        dr.decide(db, users["approver"], flag.flag_id, same_person=False)


def test_different_people_are_never_flagged_again(db: Database, users, register) -> None:
    dr.scan(db, users["approver"])
    flag = next(p for p in dr.review_queue(db) if p.case_b == register[2])
    dr.decide(db, users["approver"], flag.flag_id, same_person=False)
    dr.scan(db, users["approver"])
    with db.reading() as s:
        rows = s.scalars(select(DuplicateFlag).where(DuplicateFlag.id == flag.flag_id)).all()
        assert [r.status for r in rows] == ["different_people"]
    assert all(p.flag_id != flag.flag_id for p in dr.review_queue(db))


def test_live_check_shows_likely_matches_before_saving(db: Database, users, register) -> None:
    from models.case_list import duplicate_lookup

    lookup = duplicate_lookup(db)
    assert lookup is not None

    def check(**values):  # type: ignore[no-untyped-def]
        return lookup.index.candidates_for(dr.person(values, record_id=0))

    found = check(family_name="Jallow", given_names="Mamadu", sex="M",
                  birth_date=dt.date(1990, 12, 3), birth_precision="day", nationality="GMB")  # fmt: skip
    first = lookup.known[found[0].b if found[0].a == 0 else found[0].a]
    assert first.case_number == register[0] and found[0].reasons
    assert check(family_name="Kuyateh", given_names="Sona", sex="F",
                 birth_date=dt.date(2001, 6, 1), nationality="GMB") == []  # fmt: skip


def test_a_small_import_is_checked_against_the_register_and_itself(
    db: Database, users, register
) -> None:
    from models.duplicate_review import flag_new_returnees

    with db.transaction() as s:
        new = register_returnees(
            s,
            users["registrar"],
            [
                _p("N-1", "Jalloh", "Mamadou Saliou", dt.date(1990, 3, 12), phone="+2207712345"),
                _p("N-2", "Kuyateh", "Sona", dt.date(2001, 6, 1), sex="F"),
                _p("N-3", "KOUYATE", "Sona", dt.date(2001, 6, 1), sex="F"),
            ],
        )
        flagged = flag_new_returnees(s, users["registrar"], [r.returnee_id for r in new])
    pairs = {(p.case_a, p.case_b) for p in dr.review_queue(db)}
    assert flagged == len(pairs) >= 2
    assert (register[0], new[0].case_number) in pairs  # against the register
    assert (new[1].case_number, new[2].case_number) in pairs  # within the file


def test_flag_reasons_are_said_in_the_reader_s_language(db: Database, users, register) -> None:
    dr.scan(db, users["approver"])
    (en,) = [p for p in dr.review_queue(db, lang="en") if p.case_b == register[2]]
    (fr,) = [p for p in dr.review_queue(db, lang="fr") if p.case_b == register[2]]
    assert "same nationality" in en.reasons and "même nationalité" in fr.reasons


def test_one_review_queue_for_the_window_and_rgm(db: Database, users, register) -> None:
    """The queue both front ends show: open pairs best first with both sides' names, sources and
    owners (four eyes); every status on demand; a limit keeps the best pairs."""
    dr.scan(db, users["approver"])
    queue = dr.review_queue(db)
    assert queue
    assert [p.score for p in queue] == sorted((p.score for p in queue), reverse=True)
    pair = next(p for p in queue if p.case_b == register[2])
    assert pair.case_a == register[0] and pair.source_a == "K-1" and pair.source_b == "K-3"
    assert (pair.name_a, pair.name_b) == ("Diallo Mamadou Saliou", "JALLOW Mamadou")
    assert {side.number for side in pair.sides} == {register[0], register[2]}
    assert dr.review_queue(db, limit=1) == queue[:1]
    dr.decide(db, users["approver"], pair.flag_id, same_person=False)
    assert pair.flag_id not in {p.flag_id for p in dr.review_queue(db)}
    (decided,) = dr.review_queue(db, status="different_people")
    assert decided.flag_id == pair.flag_id
    assert len(dr.review_queue(db, status=None)) == len(queue)


def _case(db: Database, number: str) -> Case:
    with db.reading() as s:
        return s.scalars(select(Case).where(Case.number == number)).one()


def _flag_of(db: Database, users, number: str) -> int:
    dr.scan(db, users["approver"])
    return next(p.flag_id for p in dr.review_queue(db) if number in (p.case_a, p.case_b))


def test_same_person_closes_through_the_one_closing_so_holds_are_released(
    db: Database, users, register
) -> None:
    from models.holds import place_hold

    place_hold(db, users["approver"], register[2], "documents to check")
    assert _case(db, register[2]).on_hold
    flag = _flag_of(db, users, register[2])
    decision = dr.decide(db, users["approver"], flag, same_person=True)
    assert decision.closed_case == register[2]
    later = _case(db, register[2])
    assert later.state == "closed" and not later.on_hold  # a closed case waits for nothing
    from models.entities import Hold

    with db.reading() as s:
        holds = s.scalars(select(Hold).where(Hold.case_id == later.id)).all()
        assert holds and all(h.released_at is not None for h in holds)


def test_same_person_never_closes_a_case_as_duplicate_of_a_closed_one(
    db: Database, users, register
) -> None:
    from models.cases import close_case

    close_case(db, users["registrar"], register[0], "opted_out")
    flag = _flag_of(db, users, register[2])
    decision = dr.decide(db, users["approver"], flag, same_person=True)
    # The earlier case is closed already: the person keeps the later one, nothing else closes.
    assert decision.closed_case is None and decision.kept_case == register[2]
    assert _case(db, register[2]).state == "registered"
    assert _case(db, register[0]).closed_reason == "opted_out"


def test_same_person_keeps_the_case_that_was_completed(db: Database, users, register) -> None:
    from sqlalchemy import update

    with db.transaction() as s:  # the later registration went through to its last payment
        s.execute(update(Case).where(Case.number == register[2]).values(state="completed"))
    flag = _flag_of(db, users, register[2])
    decision = dr.decide(db, users["approver"], flag, same_person=True)
    assert decision.kept_case == register[2] and decision.closed_case == register[0]
    earlier = _case(db, register[0])
    assert earlier.state == "closed" and earlier.duplicate_of_id == _case(db, register[2]).id


def test_the_live_check_reads_the_register_as_the_scan_does(db: Database, users, register) -> None:
    """The registration form's index holds each registered person once, read by the scan's own
    reader (``iter_records``), with their case as the list shows it."""
    from models.case_list import duplicate_lookup

    lookup = duplicate_lookup(db)
    assert lookup is not None
    with db.reading() as s:
        records = {r.id: r for r in dr.iter_records(s)}
    assert len(lookup.index) == len(lookup.known) == len(records)
    third = next(k for k in lookup.known.values() if k.case_number == register[2])
    record = records[third.returnee_id]
    assert third.name == f"{record.family_name} {record.given_names}"
    assert (third.born, third.birth_precision) == (dt.date(1990, 1, 1), "year")
