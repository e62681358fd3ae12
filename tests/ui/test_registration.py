"""A new registration typed in the window: the import's checks, likely duplicates, saving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from models.entities import Case, Returnee
from models.users import authenticate, create_user
from ui.common import Services
from ui.registration import _LOOKUP, RegistrationDialog


def registrar_services(window, demo):  # type: ignore[no-untyped-def]
    db, admin = demo
    create_user(db, admin, "rita", "rita-password", ["registrar"])
    rita = authenticate(db, "rita", "rita-password")
    s = window.services
    return Services(db, rita, s.office, s.jobs, "en")


def type_into(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text``; QTest aborts on letters outside ASCII, so those are inserted as typed."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(field, ch)
        else:
            field.insert(ch)
            field.textEdited.emit(field.text())


def fill(qtbot, form, family: str, given: str, born: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(form.family_name, family)
    qtbot.keyClicks(form.given_names, given)
    form.sex.setCurrentIndex(form.sex.findData("F"))
    qtbot.keyClicks(form.birth_date, born)
    form.nationality.setCurrentIndex(form.nationality.findData("MLI"))
    qtbot.keyClicks(form.phone, "76 12 34 56")
    qtbot.keyClicks(form.consent_date, "oui")


def test_registering_a_new_returnee(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    _LOOKUP.clear()
    services = registrar_services(window, demo)
    dialog = RegistrationDialog(services, window.index, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._lookup is not None, timeout=20_000)
    assert not dialog.save.isEnabled()
    form = dialog.form
    fill(qtbot, form, "Zzyzxa", "Quentinette", "12/03/1991")
    qtbot.keyClick(form.birth_date, Qt.Key.Key_Backspace)  # 12/03/199: not a date
    qtbot.waitUntil(lambda: not form.errors["birth_date"].isHidden())
    assert not dialog.save.isEnabled()
    qtbot.keyClicks(form.birth_date, "1")
    qtbot.waitUntil(lambda: dialog.save.isEnabled())
    with qtbot.waitSignal(dialog.case_saved) as saved:
        dialog.save.click()
    db = services.db
    with db.reading() as s:
        case = s.get(Case, saved.args[0])
        r = s.get(Returnee, case.returnee_id)
        assert (r.family_name, r.given_names, r.sex) == ("Zzyzxa", "Quentinette", "F")
        assert r.phone == "+22376123456" and r.nationality == "MLI"
        assert case.state == "registered" and case.registered_by == services.actor.id


def test_likely_duplicates_are_shown_with_reasons(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, _admin = demo
    services = registrar_services(window, demo)
    with db.reading() as s:
        known = s.scalars(select(Returnee).where(Returnee.birth_precision == "day").limit(1)).one()
        s.expunge(known)
    dialog = RegistrationDialog(services, window.index, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._lookup is not None, timeout=20_000)
    form = dialog.form
    type_into(qtbot, form.family_name, known.family_name)
    type_into(qtbot, form.given_names, known.given_names)
    form.sex.setCurrentIndex(form.sex.findData(known.sex))
    qtbot.keyClicks(form.birth_date, known.birth_date.strftime("%d/%m/%Y"))
    form.nationality.setCurrentIndex(form.nationality.findData(known.nationality))
    qtbot.waitUntil(lambda: dialog.duplicates.count() > 0)
    texts = [dialog.duplicates.item(i).text() for i in range(dialog.duplicates.count())]
    assert any(known.family_name in t and "same date of birth" in t for t in texts)


def test_a_viewer_cannot_register_and_is_told_who_may(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    dialog = RegistrationDialog(window.services, window.index, window)  # admin: no registrar
    qtbot.addWidget(dialog)
    assert not dialog.save.isEnabled()
    assert "registrar" in dialog.save.toolTip().lower()
    qtbot.waitUntil(lambda: dialog._lookup is not None, timeout=20_000)


def test_a_cancelled_duplicate_lookup_says_so(window, qtbot, demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from ui import failures

    _LOOKUP.clear()
    services = registrar_services(window, demo)
    release = threading.Event()
    window.jobs.run(lambda _job: release.wait(10), on_finished=lambda _r: None)  # worker busy
    dialog = RegistrationDialog(services, window.index, window)
    qtbot.addWidget(dialog)
    dialog._job.cancel()  # the user pressed Cancel on the progress dialog
    release.set()
    qtbot.waitUntil(lambda: dialog.duplicates_status.text() == "Duplicate check cancelled.")
    assert dialog._lookup is None and not failures._shown
    window.jobs.wait(5000)
