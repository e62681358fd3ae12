"""A private temporary folder inside the data folder for whatever is written through ``tempfile``.

Libraries write temporary files through ``tempfile``: openpyxl keeps every row of a write-only
sheet in plain XML until the workbook is saved (a cases export: names, phones, documents), and
the window previews agreements from a PDF file. In the system's temp folder such files would
outlive a crash with personal data in plain text. Each process gets ``<data>/tmp/<id>/`` and
holds the lock ``<data>/tmp/<id>.lock`` while it lives; each start removes the folders whose
process is gone (killed, or crashed before removing its own).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import IO

import portalocker

_LOCKED = portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
_held: list[IO[bytes]] = []


def use_private_temp(data: Path) -> Path:
    """Make ``tempfile`` write into a folder of this process under ``data/tmp`` (removed at
    exit, or by the next start after a kill); returns it."""
    root = data / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    sweep(root)
    name = f"{os.getpid()}-{secrets.token_hex(4)}"
    lock = (root / f"{name}.lock").open("a+b")
    portalocker.lock(lock, _LOCKED)  # a name of our own: nobody else holds it
    _held.append(lock)
    mine = root / name
    mine.mkdir(mode=0o700)
    tempfile.tempdir = str(mine)
    atexit.register(_remove, mine, lock)
    return mine


def sweep(root: Path) -> list[Path]:
    """Remove the folders under ``root`` whose process is gone; the folders removed."""
    removed = []
    for lock_path in root.glob("*.lock"):
        folder = lock_path.with_suffix("")
        try:
            fh = lock_path.open("a+b")
        except OSError:
            continue
        try:
            portalocker.lock(fh, _LOCKED)
        except portalocker.LockException:
            fh.close()  # its process is alive
            continue
        try:
            if not folder.is_dir():
                continue  # its process is about to create it, or died before: left alone
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            portalocker.unlock(fh)
            fh.close()
        if folder in removed:
            with contextlib.suppress(OSError):
                lock_path.unlink()
    return removed


def _remove(folder: Path, lock: IO[bytes]) -> None:
    if tempfile.tempdir == str(folder):
        tempfile.tempdir = None
    shutil.rmtree(folder, ignore_errors=True)
    if lock.closed:
        return  # removed already
    with contextlib.suppress(OSError, ValueError):
        portalocker.unlock(lock)
        lock.close()
        Path(f"{folder}.lock").unlink()
