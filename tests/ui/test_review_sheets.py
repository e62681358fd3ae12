"""Re-screening from the Review page: an approver exports the review sheet of a suspension, fills
it in (openpyxl, as a reviewer would in Excel), imports it; held cases are released or closed and
the refused rows (four eyes, unknown decision) are shown and can be saved."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select
from support.cases import FULL_YES, register

from models.entities import Case
from models.holds import open_suspension
from models.users import Actor, authenticate, create_user
from ui.common import Services
from ui.import_wizard import ImportWizard
from ui.pages import ReviewPage
from ui.review_sheet_dialogs import ReviewSheetDialog

CENTRE = "Centre de transit de Test"


def _user(db, admin, name: str, *roles: str) -> Actor:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", roles)
    return authenticate(db, name, f"{name}-password")


def _page(window, qtbot, actor: Actor) -> ReviewPage:  # type: ignore[no-untyped-def]
    s = window.services
    page = ReviewPage(Services(s.db, actor, s.office, s.jobs, "en"), window)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.pairs_loaded):  # the pairs are read on the worker
        page.set_index(window.index)
    return page


def _fill(path: Path, out: Path, plan: dict[str, tuple[str, str, dict[str, str]]]) -> None:
    wb = load_workbook(path)
    ws = wb["Review"]
    keys = [c.value for c in next(wb["_keys"].iter_rows(max_row=1))]
    col = {k: i + 1 for i, k in enumerate(keys)}
    for r in range(2, ws.max_row + 1):
        choice = plan.get(ws.cell(r, col["case_number"]).value)
        if choice is None:
            continue
        decision, reason, answers = choice
        ws.cell(r, col["decision"]).value = decision
        ws.cell(r, col["reason"]).value = reason
        for k, v in answers.items():
            ws.cell(r, col[k]).value = v
    wb.save(out)


def _state(db, number: str) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        case = s.scalars(select(Case).where(Case.number == number)).one()
        return case.state, case.on_hold


def test_approver_rescreens_a_suspension_through_the_review_sheet(
    window, qtbot, qtmodeltester, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    rita = _user(db, admin, "rita7", "registrar")
    oumar = _user(db, admin, "oumar7", "registrar", "approver")
    keep, drop, odd = register(db, rita, 3, start=7100, transit_centre=CENTRE)
    (own,) = register(db, oumar, 1, start=7200, transit_centre=CENTRE)
    sus = open_suspension(db, admin, "transit_centre", "unusual spike", CENTRE)
    assert sus.held == 4
    page = _page(window, qtbot, oumar)
    assert page.export_sheet.isEnabled() and page.import_decisions.isEnabled()

    page.export_sheet.click()
    export = page.child
    assert isinstance(export, ReviewSheetDialog)
    assert export.by_suspension.isChecked()
    export.suspension.setCurrentIndex(export.suspension.findData(sus.id))
    assert "unusual spike (4 cases still held)" in export.suspension.currentText()
    sheet = tmp_path / "sheet.xlsx"
    export.ask_save_path = lambda suggested: sheet  # type: ignore[method-assign]
    with qtbot.waitSignal(export.sheet_written, timeout=30_000):
        export.export.click()
    assert export.result.text() == f"4 cases written to {sheet}."

    filled = tmp_path / "filled.xlsx"
    _fill(
        sheet,
        filled,
        {
            keep: ("eligible", "", FULL_YES),
            drop: ("ineligible", "not from Mali", FULL_YES | {"nationality_verified": "not verified"}),
            odd: ("peut-être", "", {}),
            own: ("eligible", "", FULL_YES),
        },
    )  # fmt: skip
    page.import_decisions.click()
    dialog = page.child
    assert isinstance(dialog, ImportWizard) and dialog.kind == "decisions"
    assert "oumar7" in dialog.note.text()
    dialog.path.setText(str(filled))
    # Checked first (nothing applied): the refused rows and why, before anything is written.
    with qtbot.waitSignal(dialog.refused_model.modelReset, timeout=30_000):
        dialog.read.click()
    assert _state(db, drop)[0] != "closed"  # the check applied nothing
    shown = {
        dialog.refused_model.index(r, 1).data(): dialog.refused_model.index(r, 4).data()
        for r in range(dialog.refused_model.rowCount())
    }
    assert set(shown) == {odd, own}
    assert "Four eyes: oumar7 registered or planned case" in shown[own]
    assert "Unknown decision 'peut-être'" in shown[odd]
    assert dialog.refused_view.isVisibleTo(dialog) and dialog.save_errors.isEnabled()
    qtmodeltester.check(dialog.refused_model)
    # The error workbook through the one writer.
    refused = tmp_path / "refused.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(refused), ""))
    dialog.save_errors.click()
    rows = list(load_workbook(refused).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {rows[1][0], rows[2][0]} == {odd, own}  # the sheet's columns first
    assert "four eyes" in " ".join(str(r[-1]) for r in rows[1:])  # the reasons, last
    assert "refused.xlsx" in dialog.summary.text()
    # The valid decisions are applied whatever the others (the kind allows no all-or-nothing).
    assert dialog.run_import.isEnabled()
    with qtbot.waitSignal(page.decisions_imported, timeout=30_000) as signal:
        dialog.run_import.click()
    assert signal.args == [2]
    assert dialog.outcome.text().startswith("2 decisions applied")
    assert "2 refused, 0 rows without a decision" in dialog.outcome.text()
    assert _state(db, keep) == ("eligible", False)
    assert _state(db, drop)[0] == "closed"
    assert _state(db, own)[1] and _state(db, odd)[1]  # still held


def test_a_registrar_may_neither_export_nor_import(window, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    page = _page(window, qtbot, _user(db, admin, "rita6", "registrar"))
    assert not page.export_sheet.isEnabled() and not page.import_decisions.isEnabled()
    assert "approver" in page.export_sheet.toolTip().lower()
    assert page.import_decisions.toolTip() == "Approver may do this."
