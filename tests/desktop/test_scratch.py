"""The private temporary folder: tempfile writes there; another live process's folder is kept,
a dead one's is removed at the next start."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from desktop import scratch


@pytest.fixture(autouse=True)
def _restore_tempdir():  # type: ignore[no-untyped-def]
    before = tempfile.tempdir
    yield
    tempfile.tempdir = before


def test_tempfile_writes_in_the_data_folder_and_only_dead_folders_are_swept(
    tmp_path: Path,
) -> None:
    mine = scratch.use_private_temp(tmp_path)
    assert mine.parent == tmp_path / "tmp"
    with tempfile.NamedTemporaryFile(delete=False) as fh:
        fh.write(b"Traore Oumou")
    assert Path(fh.name).parent == mine
    # Another start while this process lives: its folder stays.
    assert scratch.sweep(tmp_path / "tmp") == []
    assert Path(fh.name).exists()
    # A process killed without cleaning up: a folder whose lock nobody holds.
    dead = tmp_path / "tmp" / "999-dead"
    dead.mkdir()
    (dead / "openpyxl.xml").write_text("<row>Keita</row>")
    Path(f"{dead}.lock").touch()
    assert scratch.sweep(tmp_path / "tmp") == [dead]
    assert not dead.exists() and not Path(f"{dead}.lock").exists()
    assert Path(fh.name).exists()
    scratch._remove(mine, scratch._held.pop())
    assert not mine.exists() and tempfile.tempdir is None
