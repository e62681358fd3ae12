from __future__ import annotations

import csv
import os
import re
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from return_samples import INJECTIONS, RATE, changed, month_data

from models.errors import Refused, Unusable
from reports.monthly_return import (
    AMOUNTS,
    CASES_COLUMNS,
    COUNTS,
    SCHEMA_VERSION,
    SHEETS,
    read_return,
    write_return,
)
from reports.return_data import AGE_BANDS, age_band

EXPECTED_TOTALS = {
    "registered": 2,
    "found_eligible": 1,
    "agreements_signed": 1,
    "assistance_started": 1,
    "completed": 1,
    "closed": 1,
    "active_at_month_end": 3,
    "approved_local": Decimal("1311914"),
    "approved_eur": Decimal("2000.00"),
    "disbursed_local": Decimal("977376"),  # 655,957 + 327,979 - 6,560
    "disbursed_eur": Decimal("1490.00"),  # 1,000 + 500 - 10
}


@pytest.fixture()
def written(tmp_path: Path) -> Path:
    out = tmp_path / "BKO-2025-03.xlsx"
    write_return(month_data(), out)
    return out


def test_every_total_of_a_known_month(written: Path) -> None:
    content = read_return(written)
    assert content.office_code == "BKO" and content.month == "2025-03"
    assert content.schema_version == SCHEMA_VERSION and content.eur_rate == RATE
    for column, expected in EXPECTED_TOTALS.items():
        assert content.total(column) == expected, column
    assert content.cover["cases"] == 5 and content.cover["data_quality_issues"] == 2
    rows = {(r["country_of_origin"], r["sex"], r["age_band"]): r for r in content.summary}
    assert set(rows) == {
        ("GIN", "F", "18-24"),
        ("GIN", "M", "25-34"),
        ("MLI", "F", "0-17"),
        ("CIV", "M", "60+"),
    }
    gin_m = rows[("GIN", "M", "25-34")]
    assert (gin_m["agreements_signed"], gin_m["assistance_started"], gin_m["completed"]) == (
        1,
        1,
        1,
    )
    assert gin_m["active_at_month_end"] == 1 and gin_m["registered"] == 0
    assert gin_m["approved_local"] == Decimal("1311914") and gin_m["approved_eur"] == Decimal(
        "2000"
    )
    assert gin_m["disbursed_local"] == Decimal("977376")
    assert gin_m["disbursed_eur"] == Decimal("1490")
    assert rows[("MLI", "F", "0-17")]["closed"] == 1
    assert rows[("CIV", "M", "60+")]["registered"] == 1


def test_summary_equals_sums_of_cases_and_disbursements(written: Path) -> None:
    content = read_return(written)
    flags = dict(
        zip(
            COUNTS,
            (
                "registered",
                "found_eligible",
                "agreement_signed",
                "assistance_started",
                "completed",
                "closed",
                "active_at_month_end",
            ),
            strict=True,
        )
    )
    for column, case_column in flags.items():
        assert sum(r[column] for r in content.summary) == sum(c[case_column] for c in content.cases)
        assert sum(r[column] for r in content.summary) == content.total(column)
    for column in AMOUNTS:
        summary = sum(r[column] for r in content.summary)
        assert summary == sum(c[column] for c in content.cases) == content.total(column)
    assert sum(d["amount_local"] for d in content.disbursements) == content.total("disbursed_local")
    assert sum(d["amount_eur"] for d in content.disbursements) == content.total("disbursed_eur")
    case3 = next(c for c in content.cases if c["case_number"] == "BKO-2025-000003")
    assert case3["disbursed_local"] == Decimal("321419")


def test_same_month_twice_gives_the_same_hash(tmp_path: Path) -> None:
    first = write_return(month_data(), tmp_path / "a.xlsx")
    later = changed(month_data(shuffle=True), generated_at=datetime(2025, 5, 1), generated_by="x")
    second = write_return(later, tmp_path / "b.xlsx")
    assert first.data_sha256 == second.data_sha256
    assert first.totals == second.totals
    data = month_data()
    other = changed(data, disbursements=(*data.disbursements[:2],))
    assert write_return(other, tmp_path / "c.xlsx").data_sha256 != first.data_sha256
    assert read_return(tmp_path / "b.xlsx").data_sha256 == first.data_sha256


def test_cases_are_pseudonymised(written: Path) -> None:
    wb = openpyxl.load_workbook(written, read_only=True)
    assert wb.sheetnames == ["Rapport", *SHEETS]  # the report for people first
    header = next(wb["Cases"].iter_rows(values_only=True))
    assert header == CASES_COLUMNS
    assert not {"name", "family_name", "given_names", "phone", "document_number"} & set(header)


def test_no_cell_is_a_formula(written: Path) -> None:
    with zipfile.ZipFile(written) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        for name in sheets:
            assert "<f>" not in zf.read(name).decode() and "<f " not in zf.read(name).decode()
    content = read_return(written)
    receipts = {d["receipt_reference"] for d in content.disbursements}
    assert INJECTIONS[0] in receipts and INJECTIONS[1] in receipts
    assert any(c["package_types"] == INJECTIONS[2] for c in content.cases)
    assert any(i["detail"] == INJECTIONS[3] for i in content.issues)


def test_missing_rate_is_listed_and_leaves_eur_empty(tmp_path: Path) -> None:
    out = tmp_path / "norate.xlsx"
    result = write_return(month_data(rate=None), out)
    assert result.missing_rate and result.totals["approved_eur"] is None
    content = read_return(out)
    assert content.eur_rate is None
    assert [i["kind"] for i in content.issues].count("missing_rate") == 1
    assert all(r["approved_eur"] is None for r in content.summary)
    assert content.total("disbursed_local") == EXPECTED_TOTALS["disbursed_local"]


def test_changed_file_is_refused(written: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(written)
    ws = wb["Disbursements"]
    ws.cell(row=2, column=10).value = 755957
    tampered = tmp_path / "tampered.xlsx"
    wb.save(tampered)
    with pytest.raises(Refused) as err:
        read_return(tampered)
    assert "tampered.xlsx" in str(err.value) and "data_sha256" in str(err.value)


def test_unknown_schema_and_not_a_workbook(written: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(written)
    wb["Cover"]["B3"] = "99"
    future = tmp_path / "future.xlsx"
    wb.save(future)
    with pytest.raises(Refused, match="future.xlsx.*99"):
        read_return(future)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook")
    with pytest.raises(Unusable, match="junk.xlsx"):
        read_return(junk)


def test_age_bands() -> None:
    on = date(2025, 3, 31)
    assert age_band(date(2008, 4, 1), on) == "0-17"
    assert age_band(date(2007, 3, 31), on) == "18-24"
    assert age_band(date(2000, 3, 31), on) == "25-34"
    assert age_band(date(1965, 1, 1), on) == "60+"
    assert age_band(date(1990, 1, 1), on, "year") == "25-34"  # taken as born 1 July 1990
    assert age_band(date(1980, 12, 31), on, "year") == "35-44"
    assert age_band(None, on) == "unknown"
    assert set(AGE_BANDS) >= {"0-17", "18-24", "25-34", "35-44", "45-59", "60+"}


def _soffice(args: list[str], cwd: Path) -> None:
    profile = f"file:///tmp/lo-profile-{os.getpid()}"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=180,
    )


def test_libreoffice_reads_the_same_figures(written: Path, tmp_path: Path) -> None:
    # every sheet as CSV (the sheet index -1 exports each sheet to <name>-<Sheet>.csv)
    _soffice(
        [
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path / "csv"),
            str(written),
        ],
        tmp_path,
    )
    files = {p.stem.split("-")[-1]: p for p in (tmp_path / "csv").glob("*.csv")}
    with files["Summary"].open(encoding="utf-8") as fh:
        summary = list(csv.DictReader(fh))
    assert len(summary) == 4
    assert sum(Decimal(r["disbursed_local"]) for r in summary) == EXPECTED_TOTALS["disbursed_local"]
    assert sum(Decimal(r["disbursed_eur"]) for r in summary) == EXPECTED_TOTALS["disbursed_eur"]
    assert sum(int(r["active_at_month_end"]) for r in summary) == 3
    with files["Disbursements"].open(encoding="utf-8") as fh:
        receipts = [r["receipt_reference"] for r in csv.DictReader(fh)]
    assert INJECTIONS[0] in receipts and INJECTIONS[1] in receipts  # text, not evaluated
    # saved again by LibreOffice as xlsx, the file still checks out with the same figures
    _soffice(["--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(written)], tmp_path)
    again = read_return(tmp_path / "lo" / written.name)
    for column, expected in EXPECTED_TOTALS.items():
        assert again.total(column) == expected
    assert re.fullmatch(r"[0-9a-f]{64}", again.data_sha256)
