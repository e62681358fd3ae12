"""The one import wizard, for each kind: a real file on disk, the real SQLite database and the real
widgets. The refused rows are listed (row, column, value, reason), a cancelled write leaves nothing
written, the write succeeds, the blank templates (and the registration XLSForm) are saved, and the
window speaks French."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select
from support.cases import eligible
from support.workbooks import write_xlsx

from models.cases import mark_signed
from models.entities import Case, Disbursement, Returnee
from models.grants import ItemInput, approve_grant, plan_grant
from models.users import Actor, authenticate, create_user
from reports.agreements import issue
from ui.import_wizard import ImportWizard

REG_HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Réf"]
PAY_HEADER = ["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise",
              "Mode de paiement", "Référence reçu"]  # fmt: skip


def _user(db, admin, name: str, *roles: str) -> Actor:  # type: ignore[no-untyped-def]
    create_user(db, admin, name, f"{name}-password", roles)
    return authenticate(db, name, f"{name}-password")


def _wizard(window, qtbot, actor: Actor, kind: str, tmp_path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    services = dataclasses.replace(window.services, actor=actor, data_folder=tmp_path / "data")
    wizard = ImportWizard(services, kind, window)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _check(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard.path.setText(str(path))
    with qtbot.waitSignal(wizard.refused_model.modelReset, timeout=30_000):
        wizard.read.click()
    assert wizard.pages.currentIndex() == 1, wizard.error.text()


def _refusals(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.refused_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _cancel_the_write(qtbot, wizard: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    """Click the write and cancel it before it starts (the worker is held by another job, as
    when the user cancels at once): the write raises Cancelled and rolls back."""
    gate = threading.Event()
    wizard._services.jobs.run(lambda job: gate.wait(20), on_finished=lambda _r: None)
    wizard.run_import.click()
    assert wizard.running is not None and not wizard.run_import.isEnabled()
    wizard.running.cancel()
    gate.set()
    qtbot.waitUntil(lambda: wizard.running is None, timeout=30_000)
    assert "cancelled" in wizard.error.text().lower(), wizard.error.text()
    assert wizard.pages.currentIndex() == 1  # still on the check: write again, or go back


def _count(db, entity) -> int:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(entity)) or 0)


def test_registrations_refused_shown_cancel_writes_nothing_then_the_valid_rows(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    rita = _user(db, admin, "rita31", "registrar")
    source = write_xlsx(
        tmp_path / "kayes.xlsx",
        [REG_HEADER,
         ["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "WZ-1"],
         ["Camara", "Fanta", "F", dt.date(1990, 5, 6), "Guinée", "oui", "WZ-2"],
         ["Traoré", "Adama", "X?", dt.date(1991, 1, 1), "Mali", "oui", "WZ-3"]],
    )  # fmt: skip
    wizard = _wizard(window, qtbot, rita, "registrations", tmp_path)
    assert wizard.form_path.isVisibleTo(wizard) and wizard.save_form.isVisibleTo(wizard)
    _check(qtbot, wizard, source)
    assert "3 rows, 2 valid, 1 refused" in wizard.summary.text()
    assert _refusals(wizard) == [["4", "Sexe", "X?", _refusals(wizard)[0][3]]]
    assert "not a sex" in _refusals(wizard)[0][3].lower()
    assert wizard.accepted_model.rowCount() == 2
    assert not wizard.run_import.isEnabled()  # all or nothing: the refused row blocks
    wizard.skip_invalid.setChecked(True)
    before = _count(db, Returnee)
    _cancel_the_write(qtbot, wizard)
    assert _count(db, Returnee) == before
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as signal:
        wizard.run_import.click()
    assert signal.args == [2]
    assert wizard.pages.currentIndex() == 2
    assert "2 registrations imported" in wizard.outcome.text()
    assert _count(db, Returnee) == before + 2


def test_the_registration_template_and_its_xlsform_are_saved_from_the_wizard(
    window, qtbot, demo, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    wizard = _wizard(window, qtbot, _user(db, admin, "rita32", "registrar"), "registrations",
                     tmp_path)  # fmt: skip
    targets = iter([tmp_path / "modele", tmp_path / "formulaire.xlsx", tmp_path / "x.csv"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    wizard.save_template.click()
    assert (tmp_path / "modele.xlsx").is_file(), wizard.error.text()  # the extension added
    wizard.save_form.click()
    form = openpyxl.load_workbook(tmp_path / "formulaire.xlsx")
    assert {"survey", "choices", "settings"} <= set(form.sheetnames)
    choices = {row[0] for row in form["choices"].iter_rows(min_row=2, values_only=True)}
    assert "transit_centre" in choices  # the office's own places (as rgm template --format xlsform)
    wizard.save_template.click()  # another extension: refused by the writer, no x.csv.xlsx
    assert not list(tmp_path.glob("x.csv*")) and ".xlsx" in wizard.error.text()


def _signed(db, users, start: int) -> str:  # type: ignore[no-untyped-def]
    (case,) = eligible(db, users, start=start)
    plan_grant(db, users["registrar"], case, [ItemInput("EDU", "300000")])
    approve_grant(db, users["approver"], case)
    issue(db, users["registrar"], case, b"k" * 32)
    mark_signed(db, users["registrar"], case)
    return case


def test_payments_refused_shown_cancel_writes_nothing_then_recorded(
    window, qtbot, demo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    users = {"registrar": _user(db, admin, "rita33", "registrar"),
             "approver": _user(db, admin, "abdou33", "approver")}  # fmt: skip
    case = _signed(db, users, 9500)
    today = dt.datetime.combine(dt.date.today(), dt.time())
    source = tmp_path / "paiements.csv"
    day = today.strftime("%d/%m/%Y")
    lines = [";".join(PAY_HEADER), f"{case};1;{day};100 000;XOF;Espèces;WZ-P1",
             f"{case};1;{day};1000;XOF;chèque;WZ-P2"]  # fmt: skip
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    wizard = _wizard(window, qtbot, _user(db, admin, "fanta33", "finance"), "disbursements",
                     tmp_path)  # fmt: skip
    assert not wizard.form_path.isVisibleTo(wizard)
    _check(qtbot, wizard, source)
    # No sheet was chosen: the summary names none (never "sheet :").
    assert wizard.summary.text().startswith("paiements.csv: 2 rows, 1 valid, 1 refused")
    assert "read as Windows-1252" in wizard.summary.text()  # the encoding, stated
    (refused,) = _refusals(wizard)
    assert refused[:4] == ["3", case, "Mode de paiement", "chèque"]
    assert "unknown payment method" in refused[4]
    assert wizard.accepted_model.index(0, 1).data() == case  # the file's own columns
    assert not wizard.run_import.isEnabled()
    wizard.skip_invalid.setChecked(True)
    _cancel_the_write(qtbot, wizard)
    with db.reading() as s:
        assert not s.scalars(select(Disbursement).where(Disbursement.receipt_ref == "WZ-P1")).all()
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as signal:
        wizard.run_import.click()
    assert signal.args == [1]
    assert "1 payments recorded, 1 refused rows left out" in wizard.outcome.text()
    with db.reading() as s:
        assert s.scalars(select(Disbursement).where(Disbursement.receipt_ref == "WZ-P1")).one()


def test_decisions_checked_first_cancel_applies_nothing_then_applied(
    window, qtbot, demo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from support.cases import FULL_YES, register

    from reports.review_sheet import Scope, write_review_sheet

    db, admin = demo
    rita = _user(db, admin, "rita34", "registrar")
    abdou = _user(db, admin, "abdou34", "approver")
    case, other = register(db, rita, 2, start=9600, transit_centre="Centre WZ")
    sheet = tmp_path / "review.xlsx"
    write_review_sheet(db, abdou, Scope(centre="Centre WZ"), sheet)
    wb = openpyxl.load_workbook(sheet)
    keys = [c.value for c in next(wb["_keys"].iter_rows(max_row=1))]
    ws = wb["Review"]
    column = {k: i + 1 for i, k in enumerate(keys)}
    rows = {ws.cell(r, column["case_number"]).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(rows[case], column["decision"]).value = "ineligible"
    ws.cell(rows[case], column["reason"]).value = "not from Mali"
    for k, v in FULL_YES.items():
        ws.cell(rows[case], column[k]).value = v
    ws.cell(rows[other], column["decision"]).value = "peut-être"
    wb.save(sheet)

    def state() -> str:
        with db.reading() as s:
            return str(s.scalars(select(Case.state).where(Case.number == case)).one())

    before = state()
    wizard = _wizard(window, qtbot, abdou, "decisions", tmp_path)
    assert not wizard.skip_invalid.isVisibleTo(wizard)  # the valid decisions never wait
    _check(qtbot, wizard, sheet)
    assert [(r[0], r[1]) for r in _refusals(wizard)] == [(str(rows[other]), other)]
    assert state() == before  # the check applied nothing
    _cancel_the_write(qtbot, wizard)
    assert state() == before
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as signal:
        wizard.run_import.click()
    assert signal.args == [1]
    assert wizard.outcome.text().startswith("1 decisions applied")
    assert state() == "ineligible"


@pytest.fixture
def french(qapp):  # type: ignore[no-untyped-def]
    from desktop.gui import install_translators

    install_translators(qapp, "fr")
    yield
    install_translators(qapp, "en")


@pytest.mark.parametrize("kind", ["registrations", "disbursements", "decisions"])
def test_the_wizard_speaks_french(qtbot, demo, settings, french, kind) -> None:  # type: ignore[no-untyped-def]
    from desktop.gui import build_main_window

    db, admin = demo
    win = build_main_window(db, admin, "fr", settings)
    qtbot.addWidget(win)
    wizard = ImportWizard(win.services, kind, win)
    qtbot.addWidget(wizard)
    assert wizard.read.text() == "Vérifier le fichier"
    assert wizard.browse.text() == "Choisir…"
    assert wizard.save_template.text() == "Enregistrer le modèle vierge…"
    assert wizard.preview_tabs.tabText(wizard.preview_tabs.count() - 1) == "Refusées"
    assert wizard.windowTitle().startswith("Importer")


def test_the_sheets_of_the_file_named_are_offered(window, qtbot, demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    wizard = _wizard(window, qtbot, _user(db, admin, "rita35", "registrar"), "registrations",
                     tmp_path)  # fmt: skip
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(REG_HEADER)  # read by default: the first sheet with a header row
    for ref in ("WZ-N1", "WZ-N2"):
        wb.active.append(["Diarra", "Awa", "F", dt.date(1990, 5, 6), "Mali", "oui", ref])
    wb.create_sheet("Kayes").append(REG_HEADER)
    wb["Kayes"].append(["Sangaré", "Issa", "M", dt.date(1994, 3, 2), "Mali", "oui", "WZ-S"])
    wb.save(tmp_path / "deux.xlsx")
    wizard.path.setText(str(tmp_path / "deux.xlsx"))
    names = [wizard.sheet.itemText(i) for i in range(wizard.sheet.count())]
    assert names[1:] == ["Notes", "Kayes"]
    wizard.sheet.setCurrentIndex(2)
    _check(qtbot, wizard, tmp_path / "deux.xlsx")
    assert "sheet Kayes: 1 rows, 1 valid, 0 refused" in wizard.summary.text()
    (tmp_path / "liste.csv").write_text("Nom;Prénom\n", encoding="utf-8")
    wizard.path.setText(str(tmp_path / "liste.csv"))
    assert [wizard.sheet.itemText(i) for i in range(wizard.sheet.count())][1:] == ["liste"]


@pytest.mark.parametrize("kind", ["registrations", "disbursements", "decisions"])
def test_a_file_no_reader_can_use_is_said_on_the_error_line(
    window, qtbot, demo, tmp_path, kind
) -> None:  # type: ignore[no-untyped-def]
    db, admin = demo
    roles = {"registrations": "registrar", "disbursements": "finance", "decisions": "approver"}
    wizard = _wizard(window, qtbot, _user(db, admin, f"u36{kind[:3]}", roles[kind]), kind,
                     tmp_path)  # fmt: skip
    bad = tmp_path / "liste.xlsx"
    bad.write_bytes(b"not a workbook at all")
    wizard.path.setText(str(bad))
    wizard.read.click()
    qtbot.waitUntil(lambda: wizard.error.isVisible(), timeout=30_000)
    assert "liste.xlsx" in wizard.error.text() and "workbook" in wizard.error.text()
    assert wizard.pages.currentIndex() == 0 and wizard.read.isEnabled()
    assert wizard.checked is None
