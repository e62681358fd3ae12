"""Reading workbooks: typed values, positions, bad files refused with a clear message."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pytest
from support.workbooks import replace_sheet_xml, soffice_convert, stream_sheet_rows, write_xlsx

from models.errors import Unusable
from models.i18n import set_language
from reports.xlsx_read import MAX_CELL_CHARS, open_workbook


def _rows(path: Path, **kwargs: object) -> list[tuple[int, list[object]]]:
    with open_workbook(path) as book:
        return [(r.number, r.values) for r in book.rows(book.sheet_names[0], **kwargs)]


def test_typed_values_and_excel_positions(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        [
            [],
            [],
            [None, None, "Nom", "Né le", "Ménage", "Présent", "Tél"],
            [None, None, "Diallo", dt.date(1990, 2, 1), 3, True, 76123456],
            [],
            [None, None, "Keita", dt.datetime(1985, 7, 4, 10, 30), 2.5, False, "76 12 34 56"],
        ],
    )
    rows = _rows(path)
    assert [number for number, _ in rows] == [3, 4, 6]  # Excel row numbers, empty rows skipped
    assert rows[0][1] == [None, None, "Nom", "Né le", "Ménage", "Présent", "Tél"]  # from column A
    assert rows[1][1] == [None, None, "Diallo", dt.date(1990, 2, 1), 3, True, 76123456]
    number = rows[1][1][4]
    assert isinstance(number, float | int)
    assert rows[2][1][3] == dt.datetime(1985, 7, 4, 10, 30)
    assert rows[2][1][6] == "76 12 34 56"


def test_formulas_give_their_cached_value_never_evaluated(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "f.xlsx", [["Nom", "Total"], ["A", 1]])
    # A formula 1+1 whose cached value says 5: reading must give 5 (nothing is computed).
    path = replace_sheet_xml(
        source,
        tmp_path / "cached.xlsx",
        lambda xml: xml.replace('<c r="B2" t="n"><v>1</v></c>', '<c r="B2"><f>1+1</f><v>5</v></c>'),
    )
    assert _rows(path)[1][1] == ["A", 5]
    # openpyxl writes formulas without a cached value: empty, not evaluated.
    no_cache = write_xlsx(tmp_path / "nocache.xlsx", [["Nom", "Total"], ["A", "=1+1"]])
    assert _rows(no_cache)[1][1] == ["A", None]


def test_libreoffice_file_with_a_computed_formula(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "calc.xlsx", [["Nom", "Total"], ["A", "=2*21"]])
    converted = soffice_convert(source, "xlsx", tmp_path / "lo")
    assert _rows(converted)[1][1] == ["A", 42]  # LibreOffice computed and cached it on save


def test_old_xls_written_by_libreoffice_is_read(tmp_path: Path) -> None:
    csv = tmp_path / "old.csv"
    csv.write_text("Nom,Prénom,Age\nDiallo,Awa,30\n", encoding="utf-8")
    xls = soffice_convert(csv, "xls", tmp_path / "lo")
    assert xls.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    rows = _rows(xls)
    assert rows[0][1] == ["Nom", "Prénom", "Age"]
    assert rows[1][1] == ["Diallo", "Awa", 30]


def _unusable(path: Path) -> str:
    with pytest.raises(Unusable) as caught:
        open_workbook(path)
    assert caught.value.exit_code == 2
    text = str(caught.value)
    assert path.name in text
    return text


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("Nom;Prénom\nDiallo;Awa\n", encoding="utf-8")
    assert "not a workbook" in _unusable(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in _unusable(tmp_path / "absent.xlsx")


def test_corrupt_zip(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", [["Nom"], ["Diallo"]]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "damaged" in _unusable(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a sheet")
    assert "not an Excel workbook" in _unusable(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", [["Nom"], ["Diallo"]])
    encrypted = tmp_path / "secret.xlsx"
    with plain.open("rb") as source, encrypted.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("motdepasse", out)
    assert "password" in _unusable(encrypted)


def test_refusal_in_french(tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("pas un classeur", encoding="utf-8")
    set_language("fr")
    try:
        with pytest.raises(Unusable) as caught:
            open_workbook(path)
        assert str(caught.value) == (
            "liste.xlsx n'est pas un classeur. Enregistrez-le au format classeur Excel (.xlsx) "
            "et réessayez."
        )
    finally:
        set_language("en")


def _million_character_file(tmp_path: Path) -> Path:
    # openpyxl (like Excel) stops at 32,767 characters: write the cell's XML by hand.
    source = write_xlsx(tmp_path / "base.xlsx", [["Nom", "Notes"], ["Diallo", "ok"]])
    row = (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Keita</t></is></c>'
        f'<c r="B3" t="inlineStr"><is><t>{"x" * 1_000_000}</t></is></c></row>'
    )
    return stream_sheet_rows(source, tmp_path / "long.xlsx", [row])


def test_million_character_cell_is_cut_and_reported(tmp_path: Path) -> None:
    path = _million_character_file(tmp_path)
    with open_workbook(path) as book:
        rows = list(book.rows(book.sheet_names[0]))
    assert rows[2].number == 3
    assert rows[2].oversized == {1: 1_000_000}
    assert len(rows[2].values[1]) == MAX_CELL_CHARS
    assert rows[1].oversized == {}


def test_million_empty_formatted_rows_are_skipped_cheaply(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "base.xlsx", [["Nom", "Prénom"], ["Diallo", "Awa"]])
    rows = (
        f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>'
        for n in range(3, 1_000_003)
    )
    path = stream_sheet_rows(source, tmp_path / "formatted.xlsx", rows)
    assert _rows(path) == [(1, ["Nom", "Prénom"]), (2, ["Diallo", "Awa"])]


def test_value_far_below_the_data_is_refused_before_loading(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "base.xlsx", [["Nom", "Prénom"], ["Diallo", "Awa"]])
    # One stray value at XFD1048576 would make a dense sheet of 17 billion cells.
    stray = ['<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>']
    path = stream_sheet_rows(source, tmp_path / "stray.xlsx", stray)
    assert "too large" in _unusable(path)


def test_unknown_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "one.xlsx", [["Nom"]])
    with open_workbook(path) as book, pytest.raises(Unusable, match="no sheet named Autre"):
        book.rows("Autre")


@pytest.mark.parametrize("value", [1e10, -1e15, 1e300])
def test_a_duration_that_is_no_time_names_its_row(tmp_path: Path, value: float) -> None:
    """calamine turns a duration-formatted cell into a timedelta: out of range it raised
    OverflowError or a Rust panic (a BaseException) out of the reader. Refused, naming the row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "arrival"])
    sheet.append(["Awa", 1])
    sheet.append(["Bakary", value])
    sheet["B3"].number_format = "[h]:mm"
    path = tmp_path / "durations.xlsx"
    book.save(path)
    with (
        open_workbook(path) as wb,
        pytest.raises(Unusable, match="durations.xlsx, sheet Sheet, row 3: a cell formatted"),
    ):
        list(wb.rows("Sheet"))
