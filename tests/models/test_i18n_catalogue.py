"""The merged catalogue kept beside the .po files is used, and read again when they change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models import i18n

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Cases"
msgstr "{text}"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(i18n, "_CATALOGUE_DIR", tmp_path)
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "window.po").write_text(PO.format(text="Dossiers"), encoding="utf-8")
    i18n.catalogue.cache_clear()
    yield tmp_path / "fr"
    i18n.catalogue.cache_clear()


def test_the_merged_catalogue_is_kept_and_used(folder: Path, monkeypatch) -> None:
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}
    (kept,) = folder.glob(".catalogue-*.json")
    i18n.catalogue.cache_clear()
    monkeypatch.setattr(i18n, "_read_po_files", lambda *a: pytest.fail("the .po were parsed"))
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}


def test_a_changed_po_file_is_read_again(folder: Path) -> None:
    assert i18n.catalogue("fr")["Cases"] == "Dossiers"
    po = folder / "window.po"
    po.write_text(PO.format(text="Les dossiers"), encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 1_000_000_000))
    i18n.catalogue.cache_clear()
    assert i18n.catalogue("fr")["Cases"] == "Les dossiers"
    assert len(list(folder.glob(".catalogue-*.json"))) == 1  # the older one removed


def test_a_folder_that_cannot_be_written_still_translates(folder: Path, monkeypatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(i18n.os, "replace", refuse)
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}
    assert not list(folder.glob(".catalogue-*"))
