"""The French window: no string a user sees is left in English, and Qt's own dialogs speak French."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTabWidget,
    QWidget,
)

from desktop.gui import build_main_window, install_translators
from models.screening import CHECKLIST
from models.vocabulary import LABELS
from ui.case_file import CaseFileDialog
from ui.first_start import FirstStartDialog
from ui.registration import RegistrationDialog
from ui.signin import SignInDialog

ROOT = Path(__file__).resolve().parents[2]
# Words that are the same in both languages.
SAME = {"laissez-passer", "service", "mobile money", "Code", "Description", "Date", "Notes",
        "Note", "Score", "Condition", "Ctrl+{n}", "(suspension)", "Version"}  # fmt: skip


def english_texts() -> tuple[set[str], list[str]]:
    """Whole English strings, and the fixed beginnings of English templates."""
    texts: set[str] = set()
    prefixes: list[str] = []

    def add(source: str, french: str) -> None:
        if source != french:
            texts.add(source)
            head = source.split("{")[0]
            if "{" in source and len(head) >= 8 and not french.startswith(head):
                prefixes.append(head)

    for message in ET.parse(ROOT / "resources/i18n/rgm_fr.ts").iter("message"):
        add(
            (message.findtext("source") or "").replace("&", ""),
            (message.findtext("translation") or "").replace("&", ""),
        )
    for po in (ROOT / "resources/i18n/fr").glob("*.po"):
        with po.open("rb") as fh:
            for m in read_po(fh, locale="fr"):
                if m.id and isinstance(m.id, str) and isinstance(m.string, str):
                    add(m.id, m.string)
    texts.update(LABELS.values())
    texts.update(item.text for item in CHECKLIST)
    texts -= SAME
    return texts, prefixes


def visible_texts(widget: QWidget) -> list[str]:
    found: list[str] = []
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if isinstance(w, QMainWindow | QWidget) and w.isWindow():
            found.append(w.windowTitle())
        if isinstance(w, QLabel):
            found.append(w.text())
        elif isinstance(w, QAbstractButton):
            found.append(w.text().replace("&", ""))
        elif isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            found.append(w.title())
        elif isinstance(w, QTabWidget):
            found.extend(w.tabText(i) for i in range(w.count()))
        elif isinstance(w, QComboBox):
            found.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QListWidget):
            found.extend(w.item(i).text() for i in range(w.count()))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            found.extend(
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount())
            )
            for r in range(min(model.rowCount(), 30)):
                found.extend(
                    str(model.index(r, c).data() or "") for c in range(model.columnCount())
                )
        if isinstance(w, QWidget) and w.toolTip():
            found.append(w.toolTip())
    if isinstance(widget, QMainWindow):
        for menu_action in widget.menuBar().actions():
            found.append(menu_action.text().replace("&", ""))
            if menu_action.menu() is not None:
                found.extend(a.text().replace("&", "") for a in menu_action.menu().actions())
    return [t for t in found if t]


def english_left(texts: list[str]) -> list[str]:
    whole, prefixes = english_texts()
    bad = []
    for text in texts:
        for line in re.split(r"\n", text):
            line = line.strip()
            if line in whole or any(line.startswith(p) for p in prefixes):
                bad.append(line)
    return sorted(set(bad))


@pytest.fixture
def french(qapp):  # type: ignore[no-untyped-def]
    install_translators(qapp, "fr")
    yield
    install_translators(qapp, "en")


def test_the_detector_finds_english(qapp, english) -> None:  # type: ignore[no-untyped-def]
    label = QLabel(QCoreApplication.translate("MainWindow", "Dashboard"))
    assert english_left(visible_texts(label)) == ["Dashboard"]


def test_no_english_in_the_french_window(qtbot, demo, settings, french) -> None:  # type: ignore[no-untyped-def]
    db, actor = demo
    win = build_main_window(db, actor, "fr", settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.cases_loaded, timeout=20_000):
        win.load()
    texts: list[str] = []
    for name in win.PAGES:
        win.show_page(name)
        texts += visible_texts(win)
    assert "Tableau de bord" in texts and "Dossiers" in texts
    case = win.cases.model.case_at(0)
    dialog = CaseFileDialog(win.services, case.id, win)
    qtbot.addWidget(dialog)
    texts += visible_texts(dialog)
    registration = RegistrationDialog(win.services, win.index, win)
    qtbot.addWidget(registration)
    qtbot.waitUntil(lambda: registration._lookup is not None, timeout=20_000)
    registration.form.birth_date.setText("32/13/1990")
    registration.form.check()
    texts += visible_texts(registration)
    signin = SignInDialog(db, "Bureau de Bamako (BKO)", "admin")
    qtbot.addWidget(signin)
    signin.password.setText("wrong")
    signin.buttons.accepted.emit()
    texts += visible_texts(signin)
    first = FirstStartDialog("fr", False, lambda c: None)
    qtbot.addWidget(first)
    texts += visible_texts(first)
    win.jobs.wait(5000)
    assert "mot de passe incorrect" in signin.error.text().lower()
    assert english_left(texts) == []


def test_qt_standard_dialogs_speak_french(qtbot, french) -> None:  # type: ignore[no-untyped-def]
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Annuler", "Fermer"}


def test_no_english_in_the_french_dialogs_of_part_two(
    qtbot, demo, settings, french, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Grant, payment, visit, agreement preview and verification, settings and import dialogs."""
    import dataclasses
    import datetime as dt

    from sqlalchemy import select
    from support.workbooks import write_xlsx

    from models.case_file import load_case_file, plan_choices
    from models.entities import Agreement, Case
    from reports.agreement_pdf import render_batch
    from reports.agreements import issue
    from ui.agreement_dialogs import AgreementPreviewDialog, VerifyDialog
    from ui.follow_up import AdjustmentDialog, PaymentDialog, VisitDialog
    from ui.grant_dialog import PlanGrantDialog
    from ui.import_wizard import ImportWizard
    from ui.settings_dialogs import (
        PasswordDialog,
        RateDialog,
        SupplierDialog,
        SuspensionDialog,
        UserDialog,
    )

    db, actor = demo
    win = build_main_window(db, actor, "fr", settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.cases_loaded, timeout=20_000):
        win.load()
    services = win.services
    texts: list[str] = []
    with db.reading() as s:
        paying = s.scalars(select(Case.id).where(Case.state == "in_progress").limit(1)).one()
        approved = s.scalars(
            select(Case.number).where(Case.state == "approved", Case.on_hold.is_(False)).limit(1)
        ).one()
    case = load_case_file(db, paying)
    for dialog in (
        PlanGrantDialog(services, case, plan_choices(db, paying), win),
        PaymentDialog(services, case, ("Quincaillerie Kayes",), win),
        VisitDialog(services, case, win),
        AdjustmentDialog(services, case, win),
        UserDialog("fr", lambda *a: None, None, win),
        UserDialog("fr", lambda *a: None, actor, win),
        PasswordDialog("admin", lambda *a: None, win),
        RateDialog("XOF", lambda *a: None, win),
        SuspensionDialog("fr", ["MLI", "GIN"], ["Gao"], lambda *a: None, win),
        SupplierDialog(lambda *a: None, win),
    ):
        qtbot.addWidget(dialog)
        dialog.error.setText("")
        texts += visible_texts(dialog)
    plan = PlanGrantDialog(services, case, plan_choices(db, paying), win)
    qtbot.addWidget(plan)
    plan.rows[0].amount.setText("999999999")
    plan.buttons.accepted.emit()  # refused (an admin does not plan), said in French
    texts += visible_texts(plan)
    assert "rôle" in plan.error.text()
    done = issue(db, actor, approved, services.signing_key())
    pdf = tmp_path / "a.pdf"
    render_batch([done.document], pdf)
    preview = AgreementPreviewDialog(pdf, "Convention", "Code", win)
    qtbot.addWidget(preview)
    texts += visible_texts(preview)
    check = VerifyDialog(services, win)
    qtbot.addWidget(check)
    check.code.setText(done.code)
    check.check.click()
    assert check.result.text() == "Convention valide."
    texts += visible_texts(check)
    for tab in range(win.settings.tabs.count()):
        win.show_page("settings")
        win.settings.tabs.setCurrentIndex(tab)
        texts += visible_texts(win.settings)
    with db.reading() as s:
        assert s.scalars(select(Agreement).where(Agreement.code == done.code)).one()
    source = write_xlsx(
        tmp_path / "f.xlsx",
        [["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement", "Tel. port"],
         ["Diallo", "Awa", "F", dt.date(1990, 1, 2), "Mali", "oui", "76123456"],
         ["Keita", "Sira", "X?", dt.date(1990, 1, 2), "Mali", "oui", "76123457"]],
    )  # fmt: skip
    wizard = ImportWizard(dataclasses.replace(services, data_folder=tmp_path), "registrations", win)
    qtbot.addWidget(wizard)
    texts += visible_texts(wizard)
    wizard.path.setText(str(source))
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    texts += visible_texts(wizard)
    assert "1 refusées" in wizard.summary.text()
    # The column step: the unknown column read as the phone, then the same headers again.
    assert wizard.columns_view.unrecognised() == ["Tel. port"]
    wizard.columns_view.choose("Tel. port", "phone")
    assert wizard.columns_view.combo("Tel. port").currentText() == "Téléphone"
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read_again.click()
    texts += visible_texts(wizard)
    assert "mêmes en-têtes" in wizard.applied_note.text()
    with qtbot.waitSignal(wizard.accepted_model.modelReset, timeout=30_000):
        wizard.read.click()
    texts += visible_texts(wizard)
    assert "ont été appliqués" in wizard.applied_note.text()
    win.jobs.wait(5000)
    assert {"Enregistrer le paiement", "Suspendre l'assistance", "Vérifier"} <= set(texts)
    assert english_left(texts) == []


def test_no_english_in_the_french_payment_and_review_sheet_dialogs(
    qtbot, demo, settings, french, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The payment list import (with a refused row), the review sheet export and the decisions
    import (with a refused decision)."""
    import dataclasses

    from openpyxl import load_workbook
    from support.workbooks import write_xlsx

    from models.users import authenticate, create_user
    from ui.import_wizard import ImportWizard
    from ui.review_sheet_dialogs import ReviewSheetDialog

    db, admin = demo
    win = build_main_window(db, admin, "fr", settings)
    qtbot.addWidget(win)
    texts: list[str] = []
    for name, role in (("fanta5", "finance"), ("abdou5", "approver")):
        create_user(db, admin, name, f"{name}-password", [role])
    finance = dataclasses.replace(win.services, actor=authenticate(db, "fanta5", "fanta5-password"))
    approver = dataclasses.replace(
        win.services, actor=authenticate(db, "abdou5", "abdou5-password")
    )
    payments = write_xlsx(
        tmp_path / "p.xlsx",
        [["N° dossier", "Tranche", "Date de paiement", "Montant", "Devise", "Mode de paiement",
          "Référence reçu"],
         ["BKO-2025-999999", 1, "03/06/2025", 1000, "XOF", "espèces", "FR-1"]],
    )  # fmt: skip
    pay = ImportWizard(finance, "disbursements", win)
    qtbot.addWidget(pay)
    texts += visible_texts(pay)
    pay.path.setText(str(payments))
    with qtbot.waitSignal(pay.refused_model.modelReset, timeout=30_000):
        pay.read.click()
    assert "1 refusées" in pay.summary.text()
    texts += visible_texts(pay)
    pay.preview_tabs.setCurrentIndex(0)
    texts += visible_texts(pay)

    export = ReviewSheetDialog(approver, ["Gao"], win)
    qtbot.addWidget(export)
    texts += visible_texts(export)
    export.by_state.setChecked(True)
    export.state.setCurrentIndex(export.state.findData("registered"))
    sheet = tmp_path / "sheet.xlsx"
    export.ask_save_path = lambda suggested: sheet  # type: ignore[method-assign]
    with qtbot.waitSignal(export.sheet_written, timeout=30_000):
        export.export.click()
    texts += visible_texts(export)
    wb = load_workbook(sheet)
    keys = [c.value for c in next(wb["_keys"].iter_rows(max_row=1))]
    wb["Review"].cell(2, keys.index("decision") + 1).value = "peut-être"
    wb.save(sheet)
    decisions = ImportWizard(approver, "decisions", win)
    qtbot.addWidget(decisions)
    texts += visible_texts(decisions)
    decisions.path.setText(str(sheet))
    with qtbot.waitSignal(decisions.refused_model.modelReset, timeout=30_000):
        decisions.read.click()
    # The file's own sheet names ("Review") are its data, not the window's words.
    texts += [t for t in visible_texts(decisions) if t not in wb.sheetnames]
    assert "1 refusées" in decisions.summary.text()
    win.jobs.wait(5000)
    assert english_left(texts) == []
