"""The same size limits for every workbook format, checked while streaming: an .ods whose column
is filled down to the last row is refused in seconds and without the memory it would take."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.workbooks import soffice_convert, write_xlsx

from models.errors import Unusable
from reports import input_limits
from reports.xlsx_read import open_workbook

ROOT = Path(__file__).resolve().parents[2]
FILLED_ROW = (
    '<table:table-row table:number-rows-repeated="{n}"><table:table-cell '
    'office:value-type="string" calcext:value-type="string"><text:p>Oui</text:p>'
    "</table:table-cell></table:table-row>"
)


def _filled_down_ods(tmp_path: Path, rows: int = 1_048_570) -> Path:
    """A LibreOffice .ods of a registration list whose last column is filled down to the last
    row: LibreOffice stores the filled rows as one row repeated, the way it saves them."""
    source = tmp_path / "liste.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Nom", "Prénom", "Sexe", "Date de naissance", "Nationalité", "Consentement"])
        for i in range(20):
            w.writerow([f"Traoré{i}", "Awa", "F", "12/03/1994", "Malienne", "Oui"])
    made = soffice_convert(source, "ods", tmp_path / "lo")
    out = tmp_path / "liste-remplie.ods"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":
                text = data.decode("utf-8")
                head, tail = text.rsplit("</table:table>", 1)
                data = (head + FILLED_ROW.format(n=rows) + "</table:table>" + tail).encode()
            zout.writestr(item, data, compress_type=item.compress_type)
    return out


def _peak(path: Path, bypass: bool) -> dict:
    """Open ``path`` in a fresh interpreter: its peak memory (MB), and how it ended."""
    code = f"""
import json, time
started = time.perf_counter()
outcome = "read"
try:
    if {bypass!r}:  # what the reader did before: calamine loads the sheet whole
        import python_calamine as c
        book = c.CalamineWorkbook.from_path({str(path)!r})
        sheet = book.get_sheet_by_name(book.sheet_names[0])
        rows = sum(1 for _ in sheet.iter_rows())
    else:
        from reports.xlsx_read import open_workbook
        with open_workbook({str(path)!r}) as book:
            rows = sum(1 for _ in book.rows(book.sheet_names[0]))
except Exception as exc:
    outcome = type(exc).__name__
# VmHWM: this process's own peak (ru_maxrss would carry the forking test runner's over exec).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"mb": peak // 1024,
                  "outcome": outcome, "seconds": time.perf_counter() - started}}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=600, check=True)  # fmt: skip
    return json.loads(out.stdout)


def test_an_ods_filled_down_to_the_last_row_is_refused_quickly_and_small(tmp_path: Path) -> None:
    path = _filled_down_ods(tmp_path)
    assert path.stat().st_size < 100_000  # a small file...
    with pytest.raises(Unusable, match="data down to row 1048591"):
        open_workbook(path)
    after = _peak(path, bypass=False)
    assert after["outcome"] == "Unusable"
    assert after["mb"] < 200 and after["seconds"] < 10, after


def test_the_same_ods_within_the_limits_reads(tmp_path: Path) -> None:
    path = _filled_down_ods(tmp_path, rows=1_000)
    with open_workbook(path) as book:
        rows = list(book.rows(book.sheet_names[0]))
    assert rows[-1].number == 1_021 and rows[-1].values[0] == "Oui"


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_one_set_of_limits_for_every_format(tmp_path: Path, monkeypatch, fmt: str) -> None:
    rows = [["Nom", "Prénom", "Sexe"]] + [[f"N{i}", "A", "F"] for i in range(60)]
    path = write_xlsx(tmp_path / "l.xlsx", rows)
    if fmt == "ods":
        path = soffice_convert(path, "ods", tmp_path / "lo")
    monkeypatch.setattr(input_limits, "MAX_ROWS", 50)
    with pytest.raises(Unusable, match="limits: 50 rows"):  # .ods: said as soon as passed
        open_workbook(path)
    monkeypatch.setattr(input_limits, "MAX_ROWS", 500)
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", 100)
    with pytest.raises(Unusable, match="too large to import"):
        open_workbook(path)
