"""Settings: an admin suspends assistance (the banner shows re-screening progress) and closes the
suspension; manages users and exchange rates; a non-admin sees why the buttons are disabled."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from support.cases import FULL_YES

from models.entities import Case, ExchangeRate, Hold, Suspension
from models.errors import Refused
from models.holds import list_suspensions
from models.screening import decide
from models.users import authenticate, create_user
from ui.common import Services
from ui.settings_dialogs import RateDialog, SuspensionDialog, UserDialog
from ui.settings_page import SettingsPage


def settings_page(window) -> SettingsPage:  # type: ignore[no-untyped-def]
    window.show_page("settings")
    return window.settings


def select_row(view, predicate) -> None:  # type: ignore[no-untyped-def]
    model = view.model()
    for r in range(model.rowCount()):
        if predicate(model.row_at(r)):
            view.setCurrentIndex(model.index(r, 0))
            return
    raise AssertionError("no such row")


def close_open_suspensions(db, admin) -> None:  # type: ignore[no-untyped-def]
    from models.holds import close_suspension

    for s in list_suspensions(db):
        if s.open:
            close_suspension(db, admin, s.id, release_remaining=True)


def test_admin_suspends_a_country_and_the_banner_shows_progress(
    window, qtbot, demo, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    close_open_suspensions(db, admin)
    with qtbot.waitSignal(window.cases_loaded, timeout=20_000):
        window.reload()
    assert window.banner.isHidden()
    page = settings_page(window)
    page.tabs.setCurrentIndex(2)
    assert page.open_suspension.isEnabled(), page.open_suspension.toolTip()
    page.open_suspension.click()
    form = page.child
    assert isinstance(form, SuspensionDialog)
    form.scope.setCurrentIndex(form.scope.findData("country_of_origin"))
    assert form.country.isEnabled() and not form.centre.isEnabled()
    form.country.setCurrentIndex(form.country.findData("GIN"))
    form.buttons.accepted.emit()
    assert "reason" in form.error.text().lower() and form.isVisible()  # refused: no reason
    qtbot.keyClicks(form.reason, "unusual intake from Guinea")
    with qtbot.waitSignal(window.cases_loaded, timeout=20_000):
        form.buttons.accepted.emit()
    with db.reading() as s:
        sus = s.scalars(select(Suspension).where(Suspension.closed_at.is_(None))).one()
        held = s.scalars(
            select(Case.number)
            .join(Hold, Hold.case_id == Case.id)
            .where(Hold.suspension_id == sus.id)
        ).all()
    assert held and sus.case_count == len(held)
    assert window.banner.isVisibleTo(window)
    text = window.banner.text()
    assert "unusual intake from Guinea" in text and "Guinea" in text
    assert f"0 of {len(held):,} re-screened" in text
    assert page.suspensions_model.rowCount() >= 1
    # One case re-screened by an approver: the banner says so.
    create_user(db, admin, "mariam9", "mariam9-password", ["approver"])
    approver = authenticate(db, "mariam9", "mariam9-password")
    done = 0
    for number in held:
        try:
            decide(db, approver, number, "eligible", "re-screened", FULL_YES)
        except Refused:
            continue  # e.g. registered by this approver: four eyes
        done += 1
        break
    assert done == 1
    with qtbot.waitSignal(window.cases_loaded, timeout=20_000):
        window.reload()
    assert f"1 of {len(held):,} re-screened" in window.banner.text()
    # Closing with cases still held asks first, then releases them.
    select_row(page.suspensions, lambda s: s.open)
    assert page.close_suspension.isEnabled()
    asked: list[str] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.waitSignal(window.cases_loaded, timeout=20_000):
        page.close_suspension.click()
    assert asked and f"{len(held) - 1:,} cases are still held" in asked[0]
    assert window.banner.isHidden()
    with db.reading() as s:
        # Released, but a case held for a reason of its own (a hold of the demo's) stays held.
        still = s.scalars(
            select(Case.number)
            .where(Case.number.in_(held), Case.on_hold)
            .where(~Case.holds.any(Hold.released_at.is_(None)))
        ).all()
        assert still == []
        assert (
            s.scalars(
                select(Hold).where(Hold.suspension_id == sus.id, Hold.released_at.is_(None))
            ).all()
            == []
        )


def test_admin_adds_a_user_changes_roles_and_deactivates(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = settings_page(window)
    page.add_user.click()
    form = page.child
    assert isinstance(form, UserDialog)
    qtbot.keyClicks(form.username, "kadi")
    form.full_name.setText("Kadiatou Traoré")
    qtbot.keyClicks(form.password, "short")
    form.roles["finance"].setChecked(True)
    form.buttons.accepted.emit()
    assert form.isVisible() and "password" in form.error.text().lower()
    form.password.setText("kadi-password")
    form.buttons.accepted.emit()
    assert not form.isVisible()
    assert authenticate(db, "kadi", "kadi-password").roles == frozenset({"finance"})
    select_row(page.users, lambda u: u[0].username == "kadi")
    assert "finance" in page.users_model.index(page.users.currentIndex().row(), 2).data()
    page.edit_roles.click()
    roles = page.child
    assert roles.username.isReadOnly()
    roles.roles["approver"].setChecked(True)
    roles.buttons.accepted.emit()
    assert authenticate(db, "kadi", "kadi-password").roles == frozenset({"finance", "approver"})
    select_row(page.users, lambda u: u[0].username == "kadi")
    assert page.toggle_active.text() == "Deactivate"
    page.toggle_active.click()
    with pytest.raises(Refused, match="deactivated"):
        authenticate(db, "kadi", "kadi-password")
    select_row(page.users, lambda u: u[0].username == "kadi")
    assert page.toggle_active.text() == "Reactivate"


def test_admin_sets_an_exchange_rate(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = settings_page(window)
    page.tabs.setCurrentIndex(1)
    page.set_rate.click()
    form = page.child
    assert isinstance(form, RateDialog)
    form.month.setText("2031-02")
    qtbot.keyClicks(form.per_eur, "abc")
    form.buttons.accepted.emit()
    assert form.isVisible() and "not a rate" in form.error.text()
    form.per_eur.setText("655.957")
    form.buttons.accepted.emit()
    with db.reading() as s:
        assert s.get(ExchangeRate, ("2031-02", "XOF")).per_eur == Decimal("655.957")
    assert page.rates_model.index(0, 0).data() == "2031-02"
    assert page.rates_model.index(0, 2).data() == "655.957"


def test_a_registrar_sees_who_may(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    create_user(db, admin, "rita7", "rita7-password", ["registrar"])
    rita = authenticate(db, "rita7", "rita7-password")
    s = window.services
    page = SettingsPage(Services(db, rita, s.office, s.jobs, "en"), "en")
    qtbot.addWidget(page)
    page.refresh()
    for button in (page.add_user, page.set_rate, page.open_suspension):
        assert not button.isEnabled()
        assert "administrator" in button.toolTip().lower()
    select_row(page.users, lambda u: u[0].username == "rita7")
    assert page.reset_password.isEnabled()  # her own password
    assert page.reset_password.toolTip() == ""
    select_row(page.users, lambda u: u[0].username == "admin")
    assert not page.reset_password.isEnabled()  # not another's
    assert "administrator" in page.reset_password.toolTip().lower()


def test_settings_models_pass_the_model_tester(window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page = settings_page(window)
    for model in (page.users_model, page.rates_model, page.suspensions_model, page.suppliers_model):
        qtmodeltester.check(model)


def test_finance_adds_a_supplier_offered_in_the_grant_form(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    from models.suppliers import list_suppliers
    from ui.settings_dialogs import SupplierDialog

    db, admin = demo
    create_user(db, admin, "fatou7", "fatou7-password", ["finance"])
    fatou = authenticate(db, "fatou7", "fatou7-password")
    s = window.services
    page = SettingsPage(Services(db, fatou, s.office, s.jobs, "en"), "en")
    qtbot.addWidget(page)
    page.refresh()
    assert page.add_supplier.isEnabled() and not page.set_rate.isEnabled()
    page.add_supplier.click()
    form = page.child
    assert isinstance(form, SupplierDialog)
    qtbot.keyClicks(form.name, "Menuiserie Kone")
    qtbot.keyClicks(form.phone, "76000000")
    form.buttons.accepted.emit()
    assert form.isVisible() and "country code" in form.error.text()
    form.phone.setText("+22376000000")
    form.buttons.accepted.emit()
    assert not form.isVisible()
    assert "Menuiserie Kone" in {x.name for x in list_suppliers(db)}
    names = [
        page.suppliers_model.index(r, 0).data() for r in range(page.suppliers_model.rowCount())
    ]
    assert "Menuiserie Kone" in names
