"""The merged catalogue is kept in the cache folder, used, and read again when the .po change;
nothing is ever written beside the .po files (an installed program's folder may be read-only)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from models import i18n

ROOT = Path(__file__).resolve().parents[2]

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Cases"
msgstr "{text}"
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(i18n, "_CATALOGUE_DIR", tmp_path / "program")
    (tmp_path / "program" / "fr").mkdir(parents=True)
    (tmp_path / "program" / "fr" / "window.po").write_text(
        PO.format(text="Dossiers"), encoding="utf-8"
    )
    i18n.keep_catalogues_in(tmp_path / "cache")
    yield tmp_path / "program" / "fr"
    i18n.keep_catalogues_in(None)


def test_the_merged_catalogue_is_kept_in_the_cache_and_used(
    folder: Path, tmp_path: Path, monkeypatch
) -> None:
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}
    assert [p.name for p in folder.iterdir()] == ["window.po"]  # nothing beside the .po
    (kept,) = (tmp_path / "cache").glob("catalogue-fr-*.json")
    i18n.catalogue.cache_clear()
    monkeypatch.setattr(i18n, "_read_po_files", lambda *a: pytest.fail("the .po were parsed"))
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}


def test_a_changed_po_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    assert i18n.catalogue("fr")["Cases"] == "Dossiers"
    po = folder / "window.po"
    po.write_text(PO.format(text="Les dossiers"), encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 1_000_000_000))
    i18n.catalogue.cache_clear()
    assert i18n.catalogue("fr")["Cases"] == "Les dossiers"
    assert len(list((tmp_path / "cache").glob("catalogue-fr-*.json"))) == 1  # the older removed


def test_a_cache_that_cannot_be_written_still_translates(folder: Path, monkeypatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(i18n.os, "replace", refuse)
    assert i18n.catalogue("fr") == {"Cases": "Dossiers"}
    assert [p.name for p in folder.iterdir()] == ["window.po"]


def test_rgm_writes_its_catalogue_into_the_cache_folder_only(tmp_path: Path) -> None:
    """The real program, as a user starts it: the cache folder gets the catalogue, the
    program's own translations folder gets nothing."""
    i18n_dir = ROOT / "resources" / "i18n"
    before = sorted(p.name for p in i18n_dir.rglob("*"))
    env = {**os.environ, "RGM_CACHE_DIR": str(tmp_path / "cache"), "RGM_LANG": "fr"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and "Sans commande" in done.stdout
    assert list((tmp_path / "cache").glob("catalogue-fr-*.json"))
    assert sorted(p.name for p in i18n_dir.rglob("*")) == before
