"""Duplicates in the window (issue #11): a registration typed by hand is checked and its flagged
pairs are said; nobody decides a pair naming a case they registered; a case whose pair is open
cannot be screened or approved, and the buttons say what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from models.cases import RETURNEE_FIELDS, register_one
from models.entities import Case, DuplicateFlag, Returnee
from models.users import authenticate, create_user
from ui.case_file import CaseFileDialog
from ui.common import Services
from ui.pages import ReviewPage
from ui.registration import _LOOKUP, RegistrationDialog


def _services(window, db, admin, name: str, *roles: str) -> Services:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", list(roles))
    s = window.services
    return Services(db, authenticate(db, name, f"{name}-password"), s.office, s.jobs, "en")


def _known(db) -> Returnee:  # type: ignore[no-untyped-def]
    """A registered person with a full date of birth and nobody flagged with them."""
    with db.reading() as s:
        flagged = set(s.scalars(select(DuplicateFlag.returnee_a_id))) | set(
            s.scalars(select(DuplicateFlag.returnee_b_id))
        )
        for r in s.scalars(select(Returnee).where(Returnee.birth_precision == "day")):
            if r.id not in flagged:
                s.expunge(r)
                return r
    raise AssertionError("no unflagged returnee")


def test_a_copy_typed_in_the_form_is_flagged_and_the_user_is_told(
    window,
    qtbot,
    demo,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    db, admin = demo
    _LOOKUP.clear()
    services = _services(window, db, admin, "rita", "registrar")
    known = _known(db)
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, text: told.append((title, text))
    )
    dialog = RegistrationDialog(services, window.index, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._lookup is not None, timeout=20_000)
    form = dialog.form
    for field, text in (("family_name", known.family_name), ("given_names", known.given_names)):
        widget = getattr(form, field)
        for ch in text:
            if ch.isascii():
                qtbot.keyClicks(widget, ch)
            else:
                widget.insert(ch)
                widget.textEdited.emit(widget.text())
    form.sex.setCurrentIndex(form.sex.findData(known.sex))
    qtbot.keyClicks(form.birth_date, known.birth_date.strftime("%d/%m/%Y"))
    form.nationality.setCurrentIndex(form.nationality.findData(known.nationality))
    qtbot.keyClicks(form.consent_date, "oui")
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    with qtbot.waitSignal(dialog.duplicates_flagged):
        dialog.save.click()
    with db.reading() as s:
        case = s.get(Case, dialog.case_id)
        flags = s.scalars(
            select(DuplicateFlag).where(DuplicateFlag.returnee_b_id == case.returnee_id)
        ).all()
        kept = s.scalar(select(Case.number).where(Case.returnee_id == known.id))
    assert [f.returnee_a_id for f in flags if f.status == "open"] == [known.id]
    ((title, text),) = told
    assert title == "Possible duplicates flagged"
    assert case.number in text and kept in text and "Review page" in text


def _copy(db, number: str, actor) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """``actor`` registers the person of case ``number`` again: (new case, flag id)."""
    with db.reading() as s:
        rid = s.scalar(select(Case.returnee_id).where(Case.number == number))
        r = s.get(Returnee, rid)
        values = {f: getattr(r, f) for f in RETURNEE_FIELDS}
    values["source_ref"] = "COPY-" + number
    done = register_one(db, actor, values)
    flag = next(p.flag_id for p in done.possible_duplicates if number in (p.case_a, p.case_b))
    return done.case_number, flag


def _select_pair(page: ReviewPage, flag: int) -> None:
    for row in range(page.pairs_model.rowCount()):
        if page.pairs_model.row_at(row).flag_id == flag:
            page.pairs.setCurrentIndex(page.pairs_model.index(row, 0))
            return
    raise AssertionError(f"flag {flag} not listed")


def test_review_page_refuses_a_pair_naming_the_user_s_own_registration(
    window,
    qtbot,
    demo,  # type: ignore[no-untyped-def]
) -> None:
    db, admin = demo
    both = _services(window, db, admin, "bintou", "registrar", "approver")
    other = _services(window, db, admin, "zeinab", "approver")
    with db.reading() as s:
        number = s.scalar(
            select(Case.number).join(Returnee, Returnee.id == Case.returnee_id)
            .where(Returnee.id == _known(db).id)
        )  # fmt: skip
    new_case, flag = _copy(db, number, both.actor)
    page = ReviewPage(both)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.pairs_loaded):  # read on the worker
        page.set_index(window.index)
    _select_pair(page, flag)
    assert not page.same_person.isEnabled() and not page.different_people.isEnabled()
    tip = page.different_people.toolTip()
    assert f"bintou registered or planned case {new_case}" in tip and "approver" in tip.lower()
    mine = ReviewPage(other)
    qtbot.addWidget(mine)
    with qtbot.waitSignal(mine.pairs_loaded):
        mine.set_index(window.index)
    _select_pair(mine, flag)
    assert mine.same_person.isEnabled() and mine.different_people.isEnabled()
    # The new case waits for the pair: the case file says so on its buttons.
    with db.reading() as s:
        case_id = s.scalar(select(Case.id).where(Case.number == new_case))
    dialog = CaseFileDialog(other, case_id, window)
    qtbot.addWidget(dialog)
    assert not dialog.decide.isEnabled()
    assert f"open flag {flag}" in dialog.decide.toolTip()
    assert "decided first" in dialog.decide.toolTip()
