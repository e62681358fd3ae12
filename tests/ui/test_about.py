"""Help > About: the version, the database's schema revision and where the data lives."""

from __future__ import annotations

from pathlib import Path

from test_french import english_left, visible_texts

from desktop.gui import build_main_window, install_translators
from models.version import __version__
from ui.about import AboutDialog


def _about(window, qtbot) -> AboutDialog:  # type: ignore[no-untyped-def]
    window.about_action.trigger()
    dialog = window._open_dialog
    assert isinstance(dialog, AboutDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def test_about_shows_the_version_schema_and_data_folder(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    (help_menu,) = [a for a in window.menuBar().actions() if a.text() == "&Help"]
    assert window.about_action in help_menu.menu().actions()
    dialog = _about(window, qtbot)
    db = window.services.db
    assert dialog.version.text() == __version__
    assert dialog.schema.text() == db.revision() and dialog.schema.text()
    assert dialog.database.text() == db.label and Path(db.label).exists()
    assert dialog.data_folder.text() == str(window.services.data_folder)


def test_about_in_french(qtbot, qapp, demo, settings) -> None:  # type: ignore[no-untyped-def]
    install_translators(qapp, "fr")
    try:
        db, actor = demo
        win = build_main_window(db, actor, "fr", settings)
        qtbot.addWidget(win)
        menus = [a.text() for a in win.menuBar().actions()]
        assert "&Aide" in menus
        dialog = _about(win, qtbot)
        texts = visible_texts(dialog)
        assert "Schéma de la base de données" in texts and __version__ in texts
        assert english_left(texts) == []
    finally:
        install_translators(qapp, "en")
