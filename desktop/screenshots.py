"""Rendering every screen to PNG files, so anyone can look at them (``rgm --screenshots DIR``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.screenshots_dialogs import render_dialogs, wait_until
from models.database import Database
from models.users import Actor
from ui.case_file import CaseFileDialog
from ui.first_start import FirstStartDialog
from ui.main_window import MainWindow
from ui.registration import RegistrationDialog
from ui.signin import SignInDialog


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))


def render(
    window: MainWindow, db: Database, actor: Actor, lang: str, out: Path, scratch: bool = False
) -> list[Path]:
    """Every page of ``window`` (already loading its cases) and every dialog, in ``lang``.
    ``scratch``: a throw-away demo database, where an agreement may be issued for its preview."""

    saved: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        path = out / f"{lang}-{len(saved) + 1:02d}-{name}.png"
        _save(widget, path)
        saved.append(path)

    window.resize(1280, 800)
    window.show()
    wait_until(lambda: window.index is not None)
    for name in window.PAGES:
        window.show_page(name)
        if name == "dashboard":  # its figures load on the worker thread once shown
            wait_until(
                lambda: window.dashboard.figures is not None and not window.dashboard._loading
            )
        shot(window, name)
    window.show_page("dashboard")
    body = window.dashboard.body  # the whole page, beyond what the window shows
    body.resize(body.width(), body.sizeHint().height())
    shot(body, "dashboard-full")
    window.dashboard.widget().adjustSize()
    window.show_page("cases")
    window.cases.search.setText("diarra")
    shot(window, "cases-search")
    case = window.cases.model.case_at(0)
    window.cases.search.clear()
    rich = _case_with_a_grant(window)
    dialog = CaseFileDialog(window.services, rich or (case.id if case else 1), window)
    dialog.show()
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        shot(dialog, f"case-{i + 1}")
    dialog.close()
    registration = RegistrationDialog(window.services, window.index, window)
    registration.show()
    wait_until(lambda: registration._lookup is not None)
    if case is not None:
        form = registration.form
        form.family_name.setText(case.family_name)
        form.given_names.setText(case.given_names)
        form.sex.setCurrentIndex(form.sex.findData(case.sex))
        form.birth_date.setText(case.birth_date.strftime("%d/%m/%Y"))
        form.phone.setText("12")
        form.nationality.setCurrentIndex(form.nationality.findData(case.country_of_origin))
        form.check()
    shot(registration, "registration")
    registration.close()
    signin = SignInDialog(db, f"{window.services.office.name} ({window.services.office.code})")
    signin.username.setText(actor.username)
    signin.show()
    shot(signin, "sign-in")
    signin.password.setText("wrong password")
    signin.buttons.accepted.emit()
    shot(signin, "sign-in-refused")
    signin.close()
    first = FirstStartDialog(lang, True, lambda choice: None)
    first.show()
    shot(first, "first-start")
    first.close()
    render_dialogs(window, shot, scratch)
    return saved


def _case_with_a_grant(window: MainWindow) -> int | None:
    index = window.index
    if index is None:
        return None
    for i in index.order("registered_at", True):
        row = index.rows[i]
        if row.state == "in_progress":
            return row.id
    return None
