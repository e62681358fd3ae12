from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from return_samples import month_data, office_signer, rehash, resign, trusted

from models.errors import Refused
from models.jobs import Job
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
        write_return(month_data(office=office), path, signer=office_signer(office))
        paths.append(path)
    path = tmp_path / "BKO-2025-04.xlsx"
    write_return(month_data(office="BKO", month="2025-04", rate=None), path, signer=office_signer())
    paths.append(path)
    return paths


HQ = trusted("BKO", "CKY")


def test_consolidates_by_office_origin_sex_and_age(returns: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "region.xlsx"
    seen: list[tuple[int, int]] = []
    result = consolidate(returns, out, HQ, job=Job(progress=lambda d, t: seen.append((d, t))))
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
        consolidate(returns, tmp_path / "region.xlsx", HQ)
    assert not (tmp_path / "region.xlsx").exists()


def test_refuses_an_unknown_schema(returns: list[Path], tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(returns[0])
    wb["Cover"]["B3"] = "4"
    wb.save(returns[0])
    with pytest.raises(Refused, match="BKO-2025-03.xlsx"):
        consolidate(returns, tmp_path / "region.xlsx", HQ)


def test_refuses_a_repeated_office_and_month(returns: list[Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy-of-bko.xlsx"
    copy.write_bytes(returns[0].read_bytes())
    with pytest.raises(Refused) as err:
        consolidate([*returns, copy], tmp_path / "region.xlsx", HQ)
    assert "copy-of-bko.xlsx" in str(err.value) and "BKO" in str(err.value)
    assert "BKO-2025-03.xlsx" in str(err.value)


def test_refuses_nothing_to_consolidate(tmp_path: Path) -> None:
    with pytest.raises(Refused):
        consolidate([], tmp_path / "region.xlsx", HQ)


# -- forged returns (issue #11): the hash alone is public, so it proves nothing --------------


def _cell(path: Path, sheet: str, key_or_cell: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    if sheet == "Cover":
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == key_or_cell)
        row[1].value = value
    else:
        ws[key_or_cell] = value
    wb.save(path)


def _refused(paths: list[Path], tmp_path: Path, *words: str) -> str:
    out = tmp_path / "region.xlsx"
    with pytest.raises(Refused) as err:
        consolidate(paths, out, HQ)
    assert not out.exists()
    text = str(err.value)
    for word in words:
        assert word in text, text
    return text


def test_refuses_a_return_whose_office_and_totals_were_changed_and_hash_recomputed(
    returns: list[Path], tmp_path: Path
) -> None:
    forged = returns[0]
    _cell(forged, "Cover", "office_code", "CKY")
    _cell(forged, "Cover", "total_registered", 200)
    _cell(forged, "Summary", "D2", 7)
    rehash(forged)
    _refused([forged], tmp_path, forged.name, "office CKY", "office BKO")


def test_refuses_changed_totals_with_the_hash_recomputed(
    returns: list[Path], tmp_path: Path
) -> None:
    _cell(returns[1], "Disbursements", "J2", 10)
    rehash(returns[1])
    _refused(returns, tmp_path, returns[1].name, "signature")


def test_refuses_unsigned_returns_and_unknown_keys(returns: list[Path], tmp_path: Path) -> None:
    unsigned = tmp_path / "unsigned.xlsx"
    write_return(month_data(office="DKR"), unsigned)
    _refused([returns[0], unsigned], tmp_path, "unsigned.xlsx", "not signed")
    stranger = tmp_path / "stranger.xlsx"
    write_return(month_data(office="DKR"), stranger, signer=office_signer("DKR"))
    _refused([stranger], tmp_path, "stranger.xlsx", "not registered", "DKR")


def test_a_version_1_return_reads_but_is_refused_as_too_old(
    returns: list[Path], tmp_path: Path
) -> None:
    from reports.monthly_return import read_return

    old = returns[0]
    wb = openpyxl.load_workbook(old)
    ws = wb["Cover"]
    for row in reversed(list(ws.iter_rows(min_row=2))):
        if row[0].value in ("audit_length", "audit_head", "office_key", "signature"):
            ws.delete_rows(row[0].row)
        elif row[0].value == "schema_version":
            row[1].value = "1"
    wb.save(old)
    rehash(old)  # as the previous version wrote it
    assert read_return(old).schema_version == "1"
    _refused([old], tmp_path, old.name, "schema version 1", "office BKO must make it again")


def test_refuses_cover_totals_that_are_not_the_sums_of_the_rows(
    returns: list[Path], tmp_path: Path
) -> None:
    """Even signed by its office, a return whose figures do not add up is refused."""
    path = returns[0]
    _cell(path, "Cover", "total_disbursed_local", 977377)
    resign(path)
    _refused([path], tmp_path, path.name, "total_disbursed_local", "977376")
    write_return(month_data(), path, signer=office_signer())
    _cell(path, "Summary", "E2", 5)  # a Summary count that its cases do not give
    _cell(path, "Cover", "total_registered", 6)
    resign(path)
    text = _refused([path], tmp_path, path.name)
    assert "registered" in text
    write_return(month_data(), path, signer=office_signer())
    _cell(path, "Cases", "R3", 1)  # a case's disbursed_local its payments do not give
    resign(path)
    _refused([path], tmp_path, path.name)


def test_a_legitimately_signed_return_passes_every_check(
    returns: list[Path], tmp_path: Path
) -> None:
    from reports.monthly_return import check_totals, read_return
    from reports.trusted_keys import check_signature

    for path in returns:
        content = read_return(path)
        check_signature(content, HQ)
        check_totals(content)
    resign(returns[0])  # signing again with the same key changes nothing that matters
    consolidate(returns, tmp_path / "region.xlsx", HQ)


# -- #11: the signature covers everything a reader trusts, not only the machine sheets ---------


def _report_hash(path: Path) -> str:
    """report_sha256 recomputed as anyone can (the algorithm is public)."""
    from reports.monthly_return import report_digest

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb[wb.sheetnames[0]]
    cells = [
        (r, c, v)
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1)
        for c, v in enumerate(row, start=1)
    ]
    wb.close()
    return report_digest(cells, written=False)


def test_a_draft_is_refused_even_signed(tmp_path: Path) -> None:
    draft = tmp_path / "BKO-draft.xlsx"
    write_return(month_data(submitted=False), draft, signer=office_signer())
    _refused([draft], tmp_path, draft.name, "draft", "only a submitted return")


def test_a_draft_edited_to_say_submitted_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "BKO-draft.xlsx"
    write_return(month_data(submitted=False), draft, signer=office_signer())
    _cell(draft, "Cover", "status", "submitted")
    _cell(draft, "Cover", "submitted_by", "awa.traore")
    _cell(draft, "Cover", "month_locked", 1)
    rehash(draft)
    _refused([draft], tmp_path, draft.name, "signature")


@pytest.mark.parametrize(
    ("key", "value"),
    [("generated_by", "someone.else"), ("generated_at", "2025-04-30T09:30:12"),
     ("submitted_by", "someone.else"), ("month_locked", 0), ("report_sheet", "Report")],
)  # fmt: skip
def test_who_when_and_the_lock_are_signed(
    returns: list[Path], tmp_path: Path, key: str, value: object
) -> None:
    _cell(returns[0], "Cover", key, value)
    rehash(returns[0])
    text = _refused([returns[0]], tmp_path, returns[0].name)
    assert "signature" in text or "Rapport" in text  # report_sheet: no longer its sheet


def test_an_edited_report_cell_is_refused(returns: list[Path], tmp_path: Path) -> None:
    path = returns[0]
    wb = openpyxl.load_workbook(path)
    ws = wb["Rapport"]
    target = next(c for row in ws.iter_rows() for c in row if c.value == 977376)
    target.value = 97737
    wb.save(path)
    _refused([path], tmp_path, path.name, "report sheet Rapport was changed")
    _cell(path, "Cover", "report_sha256", _report_hash(path))  # recomputed: the key signs it
    _refused([path], tmp_path, path.name, "signature")


@pytest.mark.parametrize("hidden", [False, True])
def test_an_added_sheet_is_refused(returns: list[Path], tmp_path: Path, hidden: bool) -> None:
    path = returns[1]
    wb = openpyxl.load_workbook(path)
    extra = wb.create_sheet("Notes", 1)
    extra["A1"] = "Montant corrigé : 2 000 000 XOF"
    if hidden:
        extra.sheet_state = "hidden"
    wb.save(path)
    _refused([path], tmp_path, path.name, "Notes", "not part of a monthly return")


def test_a_version_2_return_is_refused_with_a_clear_message(
    returns: list[Path], tmp_path: Path
) -> None:
    """As the previous version wrote it: signed, but not over its status nor its report."""
    from reports import monthly_return as mr

    old = returns[0]
    wb = openpyxl.load_workbook(old)
    ws = wb["Cover"]
    for row in reversed(list(ws.iter_rows(min_row=2))):
        if row[0].value in mr.RETURN_KEYS:
            ws.delete_rows(row[0].row)
        elif row[0].value == "schema_version":
            row[1].value = "2"
    wb.save(old)
    resign(old)  # signed by the office itself, the version 2 way
    content = mr.read_return(old)
    assert content.schema_version == "2"
    from reports.trusted_keys import check_signature

    check_signature(content, HQ)  # a genuine version 2 signature...
    text = _refused([old], tmp_path, old.name, "schema version 2", "current version (3)")
    assert "office BKO must make it again" in text  # ...refused, saying what to do


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_a_return_re_saved_by_libreoffice_still_checks_out(tmp_path: Path) -> None:
    """The signature covers values, not bytes: a spreadsheet program's re-save (shared
    strings, its own number texts) keeps the data, report and signature checks passing."""
    import subprocess

    path = tmp_path / "BKO-2025-03.xlsx"
    write_return(month_data(), path, signer=office_signer())
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "saved"), str(path)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    resaved = tmp_path / "saved" / path.name
    assert resaved.read_bytes() != path.read_bytes()
    consolidate([resaved], tmp_path / "region.xlsx", HQ)
