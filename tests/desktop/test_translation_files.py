"""The window's translation: a shipped .qm is used as it is; a clone's .ts is compiled into the
user's cache folder; nothing is ever written beside them (an installed copy is read-only)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop import gui
from ui.main_window import MainWindowView

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "rgm_fr.ts"
FRENCH_TITLE = "Gestion des aides à la réintégration"


@pytest.fixture
def qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rgm_fr.qm compiled from the repository's .ts, as the package build does."""
    out = tmp_path_factory.mktemp("qm") / "rgm_fr.qm"
    tool = gui._lrelease()
    assert tool is not None, "pyside6-lrelease comes with PySide6"
    import subprocess

    subprocess.run([tool, "-silent", str(TS), "-qm", str(out)], check=True)
    return out


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty translations folder of the program, and a cache folder of the user's."""
    folder = tmp_path / "program" / "i18n"
    folder.mkdir(parents=True)
    monkeypatch.setattr(gui, "I18N", folder)
    monkeypatch.setenv("RGM_CACHE_DIR", str(tmp_path / "cache"))
    return folder


@pytest.fixture
def restore_english(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    gui.install_translators(qapp, "en")


def _no_lrelease(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gui, "_lrelease", lambda: None)


def test_a_bundle_s_shipped_qm_gives_a_french_window_without_lrelease(
    program: Path, qm: Path, restore_english: QApplication, qtbot, monkeypatch
) -> None:
    shutil.copy(qm, program / "rgm_fr.qm")  # a bundle ships the .qm, not the .ts
    _no_lrelease(monkeypatch)
    gui.install_translators(restore_english, "fr")
    view = MainWindowView()
    qtbot.addWidget(view)
    assert view.windowTitle() == FRENCH_TITLE
    assert sorted(p.name for p in program.iterdir()) == ["rgm_fr.qm"]


def test_a_shipped_qm_as_new_as_its_ts_is_used_as_it_is(
    program: Path, qm: Path, monkeypatch
) -> None:
    shutil.copy(TS, program / "rgm_fr.ts")
    shutil.copy(qm, program / "rgm_fr.qm")
    _no_lrelease(monkeypatch)
    assert gui.compiled_translation("fr") == program / "rgm_fr.qm"


def test_a_clone_s_ts_is_compiled_into_the_cache_folder_not_beside_it(
    program: Path, tmp_path: Path, restore_english: QApplication, qtbot
) -> None:
    shutil.copy(TS, program / "rgm_fr.ts")
    compiled = gui.compiled_translation("fr")
    assert compiled is not None and compiled.parent == tmp_path / "cache"
    assert sorted(p.name for p in program.iterdir()) == ["rgm_fr.ts"]
    # an older shipped .qm than its .ts is not used either: the edited .ts wins
    (program / "rgm_fr.qm").write_bytes(b"stale")
    os.utime(program / "rgm_fr.qm", (1, 1))
    assert gui.compiled_translation("fr") == compiled
    gui.install_translators(restore_english, "fr")
    view = MainWindowView()
    qtbot.addWidget(view)
    assert view.windowTitle() == FRENCH_TITLE


def test_no_translation_at_all_is_said_not_silently_shown_in_english(
    program: Path, restore_english: QApplication, monkeypatch, capsys
) -> None:
    shutil.copy(TS, program / "rgm_fr.ts")
    _no_lrelease(monkeypatch)
    gui.install_translators(restore_english, "fr")
    assert "(fr)" in capsys.readouterr().err
    assert sorted(p.name for p in program.iterdir()) == ["rgm_fr.ts"]
