from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from return_samples import month_data

from models.errors import Refused
from reports.consolidate import BY_ORIGIN_COLUMNS, OFFICES_COLUMNS, consolidate
from reports.monthly_return import write_return


def rows(path: Path, sheet: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    values = list(wb[sheet].iter_rows(values_only=True))
    width = len(values[0])
    return [
        dict(zip(values[0], (*row, *[None] * (width - len(row))), strict=True))
        for row in values[1:]
    ]


@pytest.fixture()
def returns(tmp_path: Path) -> list[Path]:
    paths = []
    for office in ("BKO", "CKY"):
        path = tmp_path / f"{office}-2025-03.xlsx"
        write_return(month_data(office=office), path)
        paths.append(path)
    path = tmp_path / "BKO-2025-04.xlsx"
    write_return(month_data(office="BKO", month="2025-04", rate=None), path)
    paths.append(path)
    return paths


def test_consolidates_by_office_origin_sex_and_age(returns: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "region.xlsx"
    seen: list[tuple[int, int]] = []
    result = consolidate(returns, out, progress=lambda d, t: seen.append((d, t)))
    assert result.offices == (("BKO", "2025-03"), ("CKY", "2025-03"), ("BKO", "2025-04"))
    assert seen[-1] == (4, 4)
    offices = rows(out, "Offices")
    assert list(offices[0]) == list(OFFICES_COLUMNS)
    assert [o["office_code"] for o in offices] == ["BKO", "CKY", "BKO"]
    assert offices[2]["eur_rate"] is None
    summary = rows(out, "Summary")
    assert len(summary) == 12 == result.summary_rows
    origin = rows(out, "By origin")
    assert list(origin[0]) == list(BY_ORIGIN_COLUMNS)
    march = {
        (r["country_of_origin"], r["sex"], r["age_band"]): r
        for r in origin
        if r["month"] == "2025-03"
    }
    gin_m = march[("GIN", "M", "25-34")]
    assert gin_m["completed"] == 2 and gin_m["agreements_signed"] == 2
    assert Decimal(str(gin_m["disbursed_eur"])) == Decimal("2980.00")  # 1,490 EUR per office
    assert sum(r["active_at_month_end"] for r in march.values()) == 6
    april = [r for r in origin if r["month"] == "2025-04"]
    assert april and all(r["disbursed_eur"] is None for r in april)


def test_refuses_a_changed_file(returns: list[Path], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(returns[1])
    wb["Summary"]["D2"] = 7
    wb.save(returns[1])
    with pytest.raises(Refused, match="CKY-2025-03.xlsx"):
        consolidate(returns, tmp_path / "region.xlsx")
    assert not (tmp_path / "region.xlsx").exists()


def test_refuses_an_unknown_schema(returns: list[Path], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(returns[0])
    wb["Cover"]["B3"] = "2"
    wb.save(returns[0])
    with pytest.raises(Refused, match="BKO-2025-03.xlsx"):
        consolidate(returns, tmp_path / "region.xlsx")


def test_refuses_a_repeated_office_and_month(returns: list[Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-bko.xlsx"
    copy.write_bytes(returns[0].read_bytes())
    with pytest.raises(Refused) as err:
        consolidate([*returns, copy], tmp_path / "region.xlsx")
    assert "copy-of-bko.xlsx" in str(err.value) and "BKO" in str(err.value)
    assert "BKO-2025-03.xlsx" in str(err.value)


def test_refuses_nothing_to_consolidate(tmp_path: Path) -> None:
    with pytest.raises(Refused):
        consolidate([], tmp_path / "region.xlsx")
