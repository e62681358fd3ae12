"""Real workbook files for the import tests: openpyxl, LibreOffice, hand-made XML parts."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[Any]],
    title: str = "Feuille1",
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """A workbook written by openpyxl, one list per row from row 1 (None = empty cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    wb.save(path)
    return path


def soffice_convert(source: Path, fmt: str, out_dir: Path) -> Path:
    """Convert with LibreOffice (``soffice --headless --convert-to``); skip if absent."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot write a LibreOffice file")
    profile = out_dir / f"lo-profile-{os.getpid()}"
    out_dir.mkdir(parents=True, exist_ok=True)
    args = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to"]
    if source.suffix == ".csv":
        # CSV filter options: comma separator, double quotes, UTF-8 (76), first line 1.
        args += [f"{fmt}:Calc MS Excel 2007 XML" if fmt == "xlsx" else fmt,
                 "--infilter=CSV:44,34,76,1"]  # fmt: skip
    else:
        args += [fmt]
    args += ["--outdir", str(out_dir), str(source)]
    subprocess.run(args, check=True, capture_output=True, timeout=180)
    out = out_dir / f"{source.stem}.{fmt}"
    assert out.exists(), f"LibreOffice wrote no {out.name}"
    return out


def replace_sheet_xml(path: Path, out: Path, transform: Any) -> Path:
    """Copy an .xlsx, passing its first sheet's XML (str) through ``transform``."""
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = transform(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return out


def stream_sheet_rows(path: Path, out: Path, rows_xml: Iterable[str]) -> Path:
    """Copy an .xlsx, appending generated <row> elements to its first sheet (streamed)."""
    with (
        zipfile.ZipFile(path) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>")
            with zout.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                buffer: list[str] = []
                for row in rows_xml:
                    buffer.append(row)
                    if len(buffer) >= 10_000:
                        fh.write("".join(buffer).encode("utf-8"))
                        buffer.clear()
                fh.write("".join(buffer).encode("utf-8"))
                fh.write(("</sheetData>" + tail).encode("utf-8"))
    return out
