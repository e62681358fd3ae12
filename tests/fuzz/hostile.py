"""Builders of hostile files for the fuzz tests and the corpus: workbooks whose cells hold what
people (or broken tools) put in them, and files that are not what they claim to be.

``xlsx`` writes any text into a cell, even characters XML cannot hold (control characters,
U+FFFE): they are written the way Excel itself writes them (``_x0001_``), which every reader
decodes back into the character.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

REGISTRATION_HEADER = (
    "N° fiche",
    "Nom",
    "Prénom(s)",
    "Sexe",
    "Date de naissance",
    "Nationalité",
    "Téléphone",
    "Poste d'entrée",
    "Date d'arrivée",
    "Consentement",
    "Observations",
)
GOOD_ROW = ("F-1", "Traoré", "Awa", "F", "12/03/1994", "Malienne", "76 12 34 56", "Gogui",
            "05/01/2026", "Oui", "")  # fmt: skip
DISBURSEMENT_HEADER = (
    "Case number", "Instalment", "Date paid", "Amount", "Currency", "Method", "Receipt reference",
)  # fmt: skip

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape_excel(text: str) -> str:
    """Excel's own escape of characters XML cannot hold (and of a literal ``_xHHHH_``)."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4})_", r"_x005F_\1_", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


@dataclass(frozen=True)
class Formatted:
    """A number stored with a number format (a date or duration format makes the reader turn
    it into a date, a time or a timedelta, which can overflow)."""

    value: float | int
    number_format: str


def xlsx(
    path: Path,
    rows: Iterable[Sequence[Any]],
    *,
    sheets: dict[str, Iterable[Sequence[Any]]] | None = None,
    merged: Sequence[str] = (),
    formulas: bool = True,
) -> Path:
    """A workbook whose first sheet holds ``rows``; any string is stored as it is (a leading
    "=" makes a formula unless ``formulas`` is False)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Feuille1"
    placeholders: dict[str, str] = {}

    def put(sheet: Any, r: int, c: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Formatted):
            sheet.cell(row=r, column=c, value=value.value).number_format = value.number_format
            return
        if isinstance(value, str) and (_NOT_XML.search(value) or "_x" in value):
            key = f"RGMPLACEHOLDER{len(placeholders):06d}Z"
            placeholders[key] = _escape_excel(value)
            value = key
        cell = sheet.cell(row=r, column=c, value=value)
        if isinstance(value, str) and value.startswith("=") and not formulas:
            cell.data_type = "s"

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            put(ws, r, c, value)
    for name, more in (sheets or {}).items():
        other = wb.create_sheet(name[:31])
        for r, row in enumerate(more, start=1):
            for c, value in enumerate(row, start=1):
                put(other, r, c, value)
    for cells in merged:
        ws.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    if not placeholders:
        path.write_bytes(buffer.getvalue())
        return path
    pattern = re.compile("|".join(map(re.escape, placeholders)).encode())
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith(".xml"):
                data = pattern.sub(
                    lambda m: _xml_text(placeholders[m.group().decode()]).encode(), data
                )
            zout.writestr(item, data)
    return path


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def registrations(path: Path, *rows: Sequence[Any], header: Sequence[str] = REGISTRATION_HEADER,
                  **kwargs: Any) -> Path:  # fmt: skip
    """A registration workbook: the usual header, then ``rows``."""
    return xlsx(path, [header, *rows], **kwargs)


# -- files that are not what they claim ----------------------------------------------------------


def random_bytes(path: Path, seed: int, size: int = 2048, head: bytes = b"") -> Path:
    rng = random.Random(seed)
    path.write_bytes(head + bytes(rng.getrandbits(8) for _ in range(size)))
    return path


def truncated(source: Path, path: Path, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep))])
    return path


def zip_bomb(path: Path, megabytes: int = 1100) -> Path:
    """An .xlsx whose sheet unpacks to ``megabytes`` of spaces (a few MB on disk)."""
    base = io.BytesIO()
    openpyxl.Workbook().save(base)
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for item in zin.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(item, zin.read(item.filename))
                continue
            head, tail = zin.read(item.filename).decode().split("<sheetData")
            with zout.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(head.encode())
                block = b" " * (1 << 20)
                for _ in range(megabytes):
                    fh.write(block)
                fh.write(("<sheetData" + tail).encode())
    return path


def not_a_zip_but_named_xlsx(path: Path) -> Path:
    path.write_text("Nom;Prénom\nTraoré;Awa\n", encoding="utf-8")
    return path


def zip_without_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return path


def xlsx_without_sheets(path: Path) -> Path:
    """A zip with the parts of a workbook whose sheet list is empty (found by the long run)."""
    base = io.BytesIO()
    openpyxl.Workbook().save(base)
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
            zout.writestr(item, data)
    return path


def xlsx_with_broken_sheet_xml(path: Path) -> Path:
    base = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(list(REGISTRATION_HEADER))
    wb.active.append(list(GOOD_ROW))
    wb.save(base)
    with (
        zipfile.ZipFile(io.BytesIO(base.getvalue())) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2] + b"<c r=<<"
            zout.writestr(item, data)
    return path


HOSTILE_TEXTS = (
    "\u00a0",
    "\u200b\ufeff",
    " \u3000 ",
    "\x01\x02",
    "Tra\x00oré",
    '=HYPERLINK("http://x","y")',
    "+223 76 12 34 56",
    "-1",
    "@SUM(A1)",
    "\tTab",
    "\u202eevil",
    "x" * 5000,
    "é" * 200,
    "_x0001_",
    "A\ufffeB",
)
HOSTILE_DATES = ("0000", "00/00/0000", "31/02/1990", "0000-01-01", "9999-12-31", "29/02/2023",
                 "01/13/2000", "1/1/1", "vers 0", "99999", "-5", "1e308", "inf", "nan",
                 dt.date(1, 1, 1), dt.datetime(9999, 12, 31), 0, -1, 2958466, 1e300, True)  # fmt: skip
