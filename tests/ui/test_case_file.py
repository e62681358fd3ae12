"""The case file: what it shows, identity checked as typed, saving, stale edits, permissions."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from models.entities import Case, Returnee
from models.users import authenticate, create_user
from ui.case_file import CaseFileDialog
from ui.common import Services


def services_for(db, actor, window) -> Services:  # type: ignore[no-untyped-def]
    s = window.services
    return Services(db, actor, s.office, s.jobs, "en")


def a_case(db, state: str = "in_progress", country: str = "MLI") -> int:  # type: ignore[no-untyped-def]
    """The first case in ``state``, not on hold, of a returnee from ``country`` (grants in XOF)."""
    with db.reading() as s:
        return s.scalars(
            select(Case.id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(Case.state == state, Case.on_hold.is_(False))
            .where(Returnee.country_of_origin == country)
            .order_by(Case.id)
            .limit(1)
        ).one()


def test_opening_a_case_from_the_table_shows_its_file(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.cases
    case = page.model.case_at(0)
    window.open_case(case.id)
    dialog = window._open_dialog
    qtbot.addWidget(dialog)
    assert case.number in dialog.title.text()
    assert dialog.identity.family_name.text() == case.family_name
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "Identity", "Screening", "Grant and payments", "Visits", "Agreement", "Holds", "History",
    ]  # fmt: skip
    assert dialog.history_model.rowCount() >= 1


def test_grant_and_payments_are_shown_in_the_locale(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    dialog = CaseFileDialog(window.services, a_case(db), window)
    qtbot.addWidget(dialog)
    assert "XOF" in dialog.grant_summary.text()
    assert dialog.instalments_model.rowCount() >= 1
    # Admin is no registrar: identity is read-only and the tooltip says who may.
    assert not dialog.save_identity.isEnabled()
    assert "registrar" in dialog.save_identity.toolTip().lower()
    assert (
        not dialog.approve_grant.isEnabled()
        and "approver" in dialog.approve_grant.toolTip().lower()
    )


def test_registrar_corrects_an_identity_with_checks_as_typed(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    create_user(db, admin, "rita", "rita-password", ["registrar"])
    rita = authenticate(db, "rita", "rita-password")
    case_id = a_case(db, "registered")
    dialog = CaseFileDialog(services_for(db, rita, window), case_id, window)
    qtbot.addWidget(dialog)
    form = dialog.identity
    form.birth_date.clear()
    qtbot.keyClicks(form.birth_date, "31/02/1990")
    qtbot.waitUntil(lambda: not form.errors["birth_date"].isHidden())
    assert "date" in form.errors["birth_date"].text().lower()
    assert not dialog.save_identity.isEnabled()
    form.birth_date.clear()
    qtbot.keyClicks(form.birth_date, "vers 1988")
    form.family_name.clear()
    qtbot.keyClicks(form.family_name, "Konat")
    form.family_name.insert("é")  # QTest types ASCII only
    form.family_name.textEdited.emit(form.family_name.text())
    qtbot.waitUntil(lambda: dialog.save_identity.isEnabled())
    dialog.save_identity.click()
    with db.reading() as s:
        r = s.scalars(
            select(Returnee).join(Case, Case.returnee_id == Returnee.id).where(Case.id == case_id)
        ).one()
        assert r.family_name == "Konaté" and r.birth_date.year == 1988
        assert r.birth_precision == "year" and r.version == 2
        assert "konate" in r.search_key


def test_stale_identity_edit_is_refused_and_nothing_overwritten(
    window, qtbot, demo, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    create_user(db, admin, "rita", "rita-password", ["registrar"])
    rita = authenticate(db, "rita", "rita-password")
    case_id = a_case(db, "registered")
    dialog = CaseFileDialog(services_for(db, rita, window), case_id, window)
    qtbot.addWidget(dialog)
    # Someone else saves a change meanwhile.
    with db.transaction() as s:
        rid = s.scalars(select(Case.returnee_id).where(Case.id == case_id)).one()
        s.execute(
            update(Returnee)
            .where(Returnee.id == rid)
            .values(given_names="Changed Elsewhere", version=Returnee.version + 1)
        )
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dialog.identity.family_name.setText("Mine")
    dialog.identity.check()
    dialog.save_identity.click()
    assert shown and "someone else changed" in shown[0].lower()
    with db.reading() as s:
        r = s.get(Returnee, rid)
        assert r.given_names == "Changed Elsewhere" and r.family_name != "Mine"


def test_approver_puts_a_case_on_hold_and_releases_it(window, qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    db, admin = demo
    case_id = a_case(db, "eligible")
    dialog = CaseFileDialog(window.services, case_id, window)
    qtbot.addWidget(dialog)
    assert dialog.place_hold.isEnabled() and not dialog.release_hold.isEnabled()
    earlier = dialog.holds_model.rowCount()  # a suspension's hold released by re-screening
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("checking papers", True))
    dialog.place_hold.click()
    assert dialog.hold_badge.isVisibleTo(dialog)
    with db.reading() as s:
        assert s.get(Case, case_id).on_hold is True
    assert dialog.release_hold.isEnabled()
    dialog.release_hold.click()
    with db.reading() as s:
        assert s.get(Case, case_id).on_hold is False
    assert dialog.holds_model.rowCount() == earlier + 1


def test_case_file_models_pass_the_model_tester(window, qtbot, qtmodeltester, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    dialog = CaseFileDialog(window.services, a_case(db), window)
    qtbot.addWidget(dialog)
    for model in (dialog.history_model, dialog.instalments_model, dialog.items_model,
                  dialog.holds_model, dialog.screening_model):  # fmt: skip
        qtmodeltester.check(model)


def test_every_button_is_what_the_lifecycle_says(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    """The window decides nothing: each action's button is enabled exactly when
    ``lifecycle.options`` allows it, and a disabled one says the lifecycle's reason and who may."""
    from models import lifecycle

    db, admin = demo
    create_user(db, admin, "fanny", "fanny-password", ["finance"])
    create_user(db, admin, "regis", "regis-password", ["registrar"])
    people = [admin] + [authenticate(db, n, f"{n}-password") for n in ("fanny", "regis")]
    seen = 0
    for state in ("registered", "eligible", "approved", "in_progress", "closed"):
        with db.reading() as s:
            case_id = s.scalars(select(Case.id).where(Case.state == state).limit(1)).first()
        if case_id is None:
            continue
        seen += 1
        for actor in people:
            dialog = CaseFileDialog(services_for(db, actor, window), case_id, window)
            qtbot.addWidget(dialog)
            buttons = dialog._buttons()
            for option in lifecycle.options(db, actor, case_id):
                button = buttons[option.action]
                assert button.isEnabled() == option.allowed, (state, actor.username, option)
                if option.reason is not None:
                    assert option.reason.text("en").rstrip(".")[1:] in button.toolTip()
                    assert option.who_may("en")[1:] in button.toolTip()
            dialog.close()
    assert seen >= 4


def test_closing_as_a_duplicate_asks_for_the_case_kept(window, qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The case file asks for the case kept only for the reason that names one
    (``lifecycle.names_kept_case``), and the case is closed as its duplicate."""
    from PySide6.QtWidgets import QInputDialog

    from models.vocabulary import label

    db, admin = demo
    with db.reading() as s:
        first, second, third = s.execute(
            select(Case.id, Case.number)
            .where(Case.state == "eligible", Case.on_hold.is_(False))
            .order_by(Case.id)
            .limit(3)
        ).all()
    asked: list[str] = []

    def kept(*args, **_kw):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return (second.number, True)

    def close(case_id: int, reason: str) -> None:
        dialog = CaseFileDialog(window.services, case_id, window)
        qtbot.addWidget(dialog)
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (label(reason, "en"), True))
        dialog.close_case.click()

    monkeypatch.setattr(QInputDialog, "getText", kept)
    close(third.id, "opted_out")
    assert asked == []  # no other case named
    close(first.id, "duplicate")
    assert asked == ["Number of the case it duplicates"]
    with db.reading() as s:
        rows = {c.id: c for c in s.scalars(select(Case).where(Case.id.in_([first.id, third.id])))}
        assert (rows[third.id].state, rows[third.id].duplicate_of_id) == ("closed", None)
        closed = rows[first.id]
        assert (closed.state, closed.closed_reason, closed.duplicate_of_id) == (
            "closed",
            "duplicate",
            second.id,
        )
