"""The monthly return and the consolidation as people read them: the report sheet first, labels
in the office's language, number formats, print settings, native charts; and, through
LibreOffice, the report printed on one A4 page with its French labels and charts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader
from return_samples import INJECTIONS, month_data, office_signer, trusted

from reports.consolidate import consolidate
from reports.monthly_return import (
    CASES,
    COLUMNS,
    COVER,
    DISBURSEMENTS,
    SHEETS,
    _cover,
    _rows,
    read_return,
    write_return,
)
from reports.return_data import MonthFigures, ReturnData

FIGURES_FR = {
    "Enregistrés": 2,
    "Déclarés éligibles": 1,
    "Accords signés": 1,
    "Aide commencée": 1,
    "Terminés": 1,
    "Clôturés": 1,
    "Actifs en fin de mois": 3,
}


def with_history(data: ReturnData) -> ReturnData:
    """March 2025 with the eleven months before it (registrations 10..20)."""
    months = [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02"]
    history = tuple(
        MonthFigures(m, 10 + i, Decimal(100_000 * (i + 1)), Decimal(150 * (i + 1)))
        for i, m in enumerate(months)
    )
    return replace(data, history=history)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("return") / "BKO-2025-03.xlsx"
    write_return(with_history(month_data()), out, signer=office_signer("BKO"))
    return out


def cells(ws: Any) -> dict[str, tuple[int, int]]:
    """Where each text of a sheet is: text -> (row, column)."""
    found = {}
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                found.setdefault(c.value, (c.row, c.column))
    return found


def right_of(ws: Any, text: str, offset: int = 1) -> Any:
    row, column = cells(ws)[text]
    return ws.cell(row=row, column=column + offset)


def test_the_report_sheet_comes_first_and_reads_in_french(written: Path) -> None:
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames == ["Rapport", *SHEETS]
    ws = wb["Rapport"]
    texts = cells(ws)
    assert "Rapport mensuel au siège — mars 2025" in texts
    assert "Bureau BKO (BKO)" in texts
    assert "Établi par awa.traore le 2 avril 2025 à 09:30 UTC" in texts
    assert "Soumis au siège par awa.traore le 2 avril 2025" in texts
    for label, value in FIGURES_FR.items():
        assert right_of(ws, label).value == value, label
    approved = right_of(ws, "Approuvé dans le mois")
    assert approved.value == 1311914 and approved.number_format == '#,##0 "XOF"'
    approved_eur = right_of(ws, "Approuvé dans le mois", 3)
    assert approved_eur.value == 2000 and approved_eur.number_format == '#,##0.00 "EUR"'
    disbursed = right_of(ws, "Décaissé dans le mois")
    assert disbursed.value == 977376
    # by country of origin (French names) and by sex and age band, with totals
    for country, active in (("Guinée", 2), ("Mali", 0), ("Côte d'Ivoire", 1)):
        assert right_of(ws, country, 7).value == active, country
    assert right_of(ws, "Hommes, 25-34 ans", 10).value == 977376  # disbursed, XOF
    assert right_of(ws, "Hommes, 25-34 ans", 10).number_format == "#,##0"
    assert right_of(ws, "Hommes, 25-34 ans", 11).value == 1490  # disbursed, EUR
    assert right_of(ws, "Hommes, 25-34 ans", 11).number_format == "#,##0.00"
    # data quality in words
    assert "• Une paire de doublons possibles pas encore tranchée" in texts
    assert "• Un dossier suspendu à la fin du mois" in texts
    # the last twelve months: eleven from the database and the return's own month
    first = cells(ws)["Les douze derniers mois"][0] + 2
    months = [ws.cell(row=first + i, column=1).value for i in range(12)]
    assert months[0] == "avr. 24" and months[-1] == "mars 25"
    assert ws.cell(row=first + 11, column=2).value == 2  # the month's registrations


def test_the_report_holds_no_case_or_person(written: Path) -> None:
    ws = openpyxl.load_workbook(written)["Rapport"]
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert not re.search(r"BKO-\d{4}-\d{6}", texts)  # no case number, so no one to point at


def test_an_english_office_gets_an_english_report(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_return(replace(month_data(), language="en", submitted=True), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Report"
    texts = cells(wb["Report"])
    assert "Monthly return to headquarters — March 2025" in texts
    assert "Submitted to headquarters by awa.traore on 2 April 2025" in texts
    assert right_of(wb["Report"], "Active at month end").value == 3


def test_user_text_never_becomes_a_formula(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_return(replace(month_data(), office_name=INJECTIONS[0], generated_by=INJECTIONS[3]), out)
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
    ws = openpyxl.load_workbook(out)["Rapport"]
    office = ws.cell(row=2, column=1)
    assert office.value == f"{INJECTIONS[0]} (BKO)" and office.data_type == "s"
    assert any(INJECTIONS[3] in str(c.value) for row in ws.iter_rows() for c in row)
    assert read_return(out).office_name == INJECTIONS[0]
    # "&" starts a code in a page footer: the office's name keeps its ampersand
    write_return(replace(month_data(), office_name="Bureau A&B"), out)
    assert openpyxl.load_workbook(out)["Cases"].oddFooter.left.text == "Bureau A&&B (BKO)"


def test_a_missing_rate_shows_dashes_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_return(month_data(rate=None), out)
    ws = openpyxl.load_workbook(out)["Rapport"]
    texts = cells(ws)
    assert any("pas de taux de l’euro pour ce mois" in t for t in texts)
    assert right_of(ws, "Décaissé dans le mois", 3).value == "—"
    assert any(t.startswith("• Taux de l’euro manquant pour XOF") for t in texts)


def test_an_empty_month_still_makes_a_report(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    write_return(replace(month_data(), cases=(), disbursements=(), issues=()), out)
    ws = openpyxl.load_workbook(out)["Rapport"]
    assert right_of(ws, "Enregistrés").value == 0
    assert "Aucun problème de qualité des données ce mois-ci." in "".join(cells(ws))
    with zipfile.ZipFile(out) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    # no chart over an empty range (A21:A20 makes Excel repair the file)
    for xml in charts:
        for first, last in re.findall(r"\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)", xml):
            assert int(first) <= int(last)


def test_machine_sheets_keep_their_values(written: Path) -> None:
    """Styles and print settings only: every machine cell holds what the schema writes."""
    data = with_history(month_data())
    rows = _rows(data)
    wb = openpyxl.load_workbook(written)
    content = read_return(written)
    report = (content.signed_texts["report_sheet"], content.signed_texts["report_sha256"])
    assert report[0] == "Rapport" and len(report[1]) == 64
    expected_cover = _cover(data, rows, content.data_sha256, office_signer("BKO"), report)
    cover = [tuple(r) for r in wb[COVER].iter_rows(values_only=True)]
    assert cover[0] == ("key", "value")
    assert [k for k, _ in cover[1:]] == [k for k, _ in expected_cover]
    for (key, value), (_, expected) in zip(cover[1:], expected_cover, strict=True):
        assert _same(value, expected), key
    for sheet, columns in COLUMNS.items():
        values = list(wb[sheet].iter_rows(values_only=True))
        assert values[0] == columns
        assert len(values) - 1 == len(rows[sheet])
        for got, want in zip(values[1:], rows[sheet], strict=True):
            assert all(_same(g, w) for g, w in zip(got, want, strict=True)), (sheet, got, want)


def _same(got: Any, want: Any) -> bool:
    if want == "":
        return got is None  # an empty text is an empty cell, as it always was
    if isinstance(want, Decimal) or isinstance(got, float):
        return want is not None and Decimal(str(got)) == Decimal(str(want))
    if isinstance(got, datetime) and isinstance(want, date):
        return got.date() == want
    return bool(got == want)


def test_print_layout_of_every_sheet(written: Path) -> None:
    wb = openpyxl.load_workbook(written)
    report = wb["Rapport"]
    assert report.page_setup.paperSize == 9  # A4
    assert report.page_setup.orientation == "portrait"
    assert report.sheet_properties.pageSetUpPr.fitToPage
    assert (report.page_setup.fitToWidth, report.page_setup.fitToHeight) == (1, 1)
    for name in SHEETS:
        ws = wb[name]
        assert ws.page_setup.paperSize == 9, name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.print_title_rows == "$1:$1", name
        assert ws.freeze_panes == "A2", name
        assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F4E79"), name
        assert "Bureau BKO (BKO)" in ws.oddFooter.left.text, name
        assert "mars 2025" in ws.oddFooter.center.text and "&A" in ws.oddFooter.center.text
        assert ws.oddFooter.right.text == "Page &P sur &N", name
    assert wb[CASES].page_setup.orientation == "landscape"  # 18 columns
    # widths fit the content: the case number and the longest key are not cut
    cases = wb[CASES]
    assert cases.column_dimensions["A"].width >= len("BKO-2025-000001")
    assert cases.column_dimensions["M"].width >= len("active_at_month_end") * 0.9
    # money and dates with number formats
    header = [c.value for c in cases[1]]
    row = cases[2]
    assert row[header.index("approved_local")].number_format == "#,##0"
    assert row[header.index("approved_eur")].number_format == "#,##0.00"
    pays = wb[DISBURSEMENTS]
    header = [c.value for c in pays[1]]
    assert pays[2][header.index("paid_on")].number_format == "yyyy-mm-dd"
    assert pays[2][header.index("amount_local")].number_format == "#,##0"


def test_the_report_has_three_native_charts(written: Path) -> None:
    with zipfile.ZipFile(written) as zf:
        names = zf.namelist()
        charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 3
        xml = {n: zf.read(n).decode() for n in charts}
        rels = zf.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "drawing" in rels  # the charts hang on the first sheet, the report
    kinds = sorted(("<lineChart>" in x, '<barDir val="bar"' in x) for x in xml.values())
    assert kinds == [(False, False), (False, True), (True, False)]  # columns, funnel, combo
    # the series point at the report's own cells, so the charts stay live
    assert all("'Rapport'!$" in x or "Rapport!$" in x for x in xml.values())


def test_headquarters_read_a_return_with_the_report_sheet(written: Path, tmp_path: Path) -> None:
    content = read_return(written)
    assert content.total("disbursed_local") == Decimal("977376")
    other = tmp_path / "CKY.xlsx"
    write_return(month_data(office="CKY"), other, signer=office_signer("CKY"))
    out = tmp_path / "region.xlsx"
    result = consolidate([written, other], out, trusted("BKO", "CKY"))
    assert result.offices == (("BKO", "2025-03"), ("CKY", "2025-03"))


# -- the consolidation -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def region(written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("region")
    cky = folder / "CKY-2025-03.xlsx"
    write_return(
        replace(month_data(office="CKY"), currency="GNF", eur_rate=Decimal("9500")),
        cky,
        signer=office_signer("CKY"),
    )
    april = folder / "BKO-2025-04.xlsx"
    write_return(month_data(month="2025-04", rate=None), april, signer=office_signer("BKO"))
    out = folder / "region.xlsx"
    from models.i18n import set_language

    set_language("fr")
    try:
        consolidate([written, cky, april], out, trusted("BKO", "CKY"))
    finally:
        set_language("en")
    return out


def test_the_consolidation_compares_offices_side_by_side(region: Path) -> None:
    wb = openpyxl.load_workbook(region)
    assert wb.sheetnames == ["Comparaison", "Offices", "Summary", "By origin"]
    ws = wb["Comparaison"]
    texts = cells(ws)
    assert "Les bureaux côte à côte" in texts
    header_row, _ = texts["Chiffre"]
    heads = [ws.cell(row=header_row, column=c).value for c in range(2, 6)]
    assert heads == ["BKO\nmars 25", "CKY\nmars 25", "BKO\navr. 25", "Total"]
    registered = [right_of(ws, "Enregistrés", i).value for i in range(1, 5)]
    assert registered == [2, 2, 2, 6]
    eur = [right_of(ws, "Décaissé (EUR)", i).value for i in range(1, 5)]
    assert eur[0] == 1490 and eur[2] == "—" and eur[3] is None  # no total without every rate
    local = [right_of(ws, "Décaissé en monnaie locale", i) for i in (1, 2)]
    assert local[0].number_format == '#,##0 "XOF"' and local[1].number_format == '#,##0 "GNF"'
    with zipfile.ZipFile(region) as zf:
        charts = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 9  # one per figure: seven counts and two EUR amounts
    for name in ("Offices", "Summary", "By origin"):
        sheet = wb[name]
        assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
        assert sheet.oddFooter.right.text == "Page &P sur &N"


# -- printed through LibreOffice -------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, len(PdfReader(pdf).pages) + 1)
    ]


@pytest.fixture(scope="module")
def printed(
    written: Path, region: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """The return and the consolidation converted to PDF by one LibreOffice run."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler-utils are installed by ./dev test")
    folder = tmp_path_factory.mktemp("pdf")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(written),
            str(region),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {
        "return": _pdf_pages(folder / f"{written.stem}.pdf"),
        "region": _pdf_pages(folder / f"{region.stem}.pdf"),
    }


@pytest.mark.slow
def test_the_report_prints_on_one_page_with_its_labels_and_charts(
    printed: dict[str, list[str]],
) -> None:
    pages = printed["return"]
    first = pages[0]
    for text in (
        "Rapport mensuel au siège — mars 2025",
        "Les chiffres du mois",
        "Actifs en fin de mois",
        "Par pays d’origine",
        "Par sexe et tranche d’âge",
        "Qualité des données",
        "Page 1 sur",
    ):
        assert text in first, text
    # the charts are drawn: their titles are on the page
    for title in ("Le parcours du mois", "Décaissé par pays d’origine", "Enregistrements et"):
        assert title in first, title
    # one page: the next one is the machine Cover sheet
    assert "schema_version" not in first and "schema_version" in pages[1]
    # the data sheets print their header row on every page
    assert len(pages) == 1 + len(SHEETS)


@pytest.mark.slow
def test_the_comparison_prints_on_one_page(printed: dict[str, list[str]]) -> None:
    pages = printed["region"]
    assert "Rapports mensuels consolidés" in pages[0] and "Les bureaux côte à côte" in pages[0]
    assert "Actifs en fin de mois" in pages[0] and "Décaissé (EUR)" in pages[0]
    assert "office_code" not in pages[0] and "office_code" in pages[1]
