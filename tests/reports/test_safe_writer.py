"""Every workbook and CSV the application writes goes through one safe writer (reports.xlsx_safe):
no formula from user text, nothing XML cannot hold (even in data stored before the normaliser
existed), and an atomic write."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from fuzz.hostile import GOOD_ROW, registrations
from support.cases import register

from models.entities import Returnee
from reports.cases_export import export_cases
from reports.imports.error_workbook import write_error_workbook, write_refusals
from reports.imports.pipeline import RowRefusal
from reports.registration_parse import parse_registrations
from reports.review_sheet import Scope, write_review_sheet
from reports.xlsx_safe import atomic_output, csv_value, save_workbook, write_csv

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("desktop", "ui", "models", "reports")
SAFE_WRITER = ROOT / "reports" / "xlsx_safe.py"
# What an import made before the normaliser could have stored: controls, U+FFFE, formulas.
LEGACY = {
    "family_name": '=HYPERLINK("http://evil","x")\x01',
    "given_names": "Awa\x0b\ufffe",
    "place_of_origin": "@SUM(1)",
    "border_post": "-2+3",
    "transit_centre": "\tGao",
}


def _writer_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses_openpyxl = any(
        isinstance(node, ast.ImportFrom | ast.Import)
        and any("openpyxl" in (getattr(node, "module", None) or a.name) for a in node.names)
        for node in ast.walk(tree)
    )
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        receiver = node.func.value
        if node.func.attr in ("writer", "DictWriter") and getattr(receiver, "id", "") == "csv":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} csv.{node.func.attr}")
        if node.func.attr == "save" and uses_openpyxl:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .save()")
    return found


def test_no_workbook_or_csv_writer_bypasses_the_safe_writer() -> None:
    bypasses = [
        call
        for folder in PRODUCT
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != SAFE_WRITER
        for call in _writer_calls(path)
    ]
    assert bypasses == [], "write through reports.xlsx_safe (save_workbook, write_csv)"


def test_the_scan_finds_a_bypass(tmp_path: Path) -> None:
    sneaky = ROOT / "reports" / "_sneaky_test_writer.py"
    sneaky.write_text("import csv\nfrom openpyxl import Workbook\n\ndef w(f):\n"
                      "    Workbook().save(f)\n    csv.writer(f)\n")  # fmt: skip
    try:
        assert len(_writer_calls(sneaky)) == 2
    finally:
        sneaky.unlink()


def _legacy_register(db, users) -> None:
    register(db, users["registrar"], 2)
    with db.transaction() as s:  # stored raw, as an import before the normaliser did
        s.execute(Returnee.__table__.update().where(Returnee.id == 1).values(**LEGACY))


def _assert_readable(path: Path) -> None:
    """Every XML part parses, openpyxl loads it, and no cell holds a formula."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(z.read(name))
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_exports_stay_readable_with_legacy_text(db, users, tmp_path: Path) -> None:
    _legacy_register(db, users)
    out = tmp_path / "cases.xlsx"
    assert export_cases(db, out) == 2
    _assert_readable(out)
    names = [c.value for c in openpyxl.load_workbook(out).active["D"]][1:]
    assert '=HYPERLINK("http://evil","x")' in names
    assert export_cases(db, tmp_path / "c.csv") == 2
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as fh:
        texts = [v for row in csv.reader(fh) for v in row]
    assert '\'=HYPERLINK("http://evil","x")' in texts and "'@SUM(1)" in texts
    assert not any(ch in v for v in texts for ch in "\x01\x0b\ufffe")

    sheet = tmp_path / "review.xlsx"
    write_review_sheet(db, users["approver"], Scope(state="registered"), sheet)
    _assert_readable(sheet)


def test_error_workbooks_stay_readable_with_hostile_cells(tmp_path: Path) -> None:
    bad = list(GOOD_ROW)
    bad[1], bad[2], bad[4] = "=1+1\x01", "\x02", "31/02/1990"
    path = registrations(tmp_path / "in.xlsx", bad, formulas=False)
    result = parse_registrations(path, today=dt.date(2026, 11, 30))
    assert result.refused
    out = write_error_workbook(result, tmp_path / "fix.xlsx", "fr")
    _assert_readable(out)
    refusals = tmp_path / "refused.xlsx"
    write_refusals(refusals, ["=head\x01", "ok"], [RowRefusal(2, "X", "=why\x02", ("=v\x03", 1))])
    _assert_readable(refusals)


def test_csv_values() -> None:
    assert csv_value(None) == ""
    assert csv_value("=1+1") == "'=1+1"
    assert csv_value("+22376123456") == "+22376123456"  # a phone computes nothing
    assert csv_value("a\x00b") == "ab"
    assert csv_value(3) == 3


def test_writes_are_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous", encoding="utf-8")

    def rows():
        yield ["a"]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_csv(target, ["h"], rows())
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]

    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    save_workbook(wb, tmp_path / "sub" / "w.xlsx")
    assert openpyxl.load_workbook(tmp_path / "sub" / "w.xlsx").active["A1"].value == "x"
    with pytest.raises(RuntimeError), atomic_output(tmp_path / "w2.xlsx") as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError
    assert not (tmp_path / "w2.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "sub"]


def test_a_killed_write_leaves_nothing_after_the_next_write_of_the_same_file(
    tmp_path: Path,
) -> None:
    """A kill during a save leaves its hidden part beside the target; the next write of that
    file removes it (and only its own: another file's part stays)."""
    (tmp_path / ".cases.xlsx.k1ll3d.part").write_bytes(b"half of a workbook")
    (tmp_path / ".other.xlsx.k1ll3d.part").write_bytes(b"not ours")
    wb = openpyxl.Workbook()
    save_workbook(wb, tmp_path / "cases.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.xlsx.k1ll3d.part", "cases.xlsx"]
