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
