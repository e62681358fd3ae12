"""Writes the corpus of hostile files (tests/fuzz/corpus): ``python tests/fuzz/make_corpus.py``.
The files are committed; the fuzz tests replay every one of them on each run."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.hostile import (  # noqa: E402
    DISBURSEMENT_HEADER,
    GOOD_ROW,
    HOSTILE_DATES,
    HOSTILE_TEXTS,
    REGISTRATION_HEADER,
    Formatted,
    not_a_zip_but_named_xlsx,
    random_bytes,
    registrations,
    truncated,
    xlsx,
    xlsx_with_broken_sheet_xml,
    xlsx_without_sheets,
    zip_without_workbook,
)

OUT = Path(__file__).resolve().parent / "corpus"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    texts = [t[:300] for t in HOSTILE_TEXTS]
    rows = []
    for i, text in enumerate(texts):
        row = list(GOOD_ROW)
        row[0], row[1 + i % 2], row[10] = f"C-{i}", text, text
        rows.append(row)
    registrations(OUT / "registrations-hostile-text.xlsx", *rows)
    dates = []
    for i, value in enumerate(HOSTILE_DATES):
        row = list(GOOD_ROW)
        row[0], row[4], row[8] = f"D-{i}", value, value
        dates.append(row)
    registrations(OUT / "registrations-impossible-dates.xlsx", *dates)
    durations = []
    for i, value in enumerate([1e10, -1e15, 1e300, -1, 2958466, 1e15 + 0.5]):
        row = list(GOOD_ROW)
        row[0], row[4], row[8] = f"T-{i}", Formatted(value, "[h]:mm"), Formatted(value, "hh:mm")
        durations.append(row)
    registrations(OUT / "registrations-overflowing-durations.xlsx", *durations)
    registrations(OUT / "registrations-formulas.xlsx",
                  ["=1+1", "=A1", "=HYPERLINK(\"x\")", "F", "=DATE(0,1,1)", "Malienne", "", "",
                   "", "Oui", "=1/0"], merged=["B2:C2"])  # fmt: skip
    xlsx(OUT / "disbursements-hostile.xlsx", [
        DISBURSEMENT_HEADER,
        ["BKO-2026-000001", "inf", dt.date(1, 1, 1), "1e400", "XOF\x00", "cash", "=R1"],
        ["\u200b", 1e300, "0000", -1, "", "\x01", ""],
        ["BKO-2026-000001", "nan", 2958466, "12,34,56", "EUR", "banque", "R" * 500],
    ])  # fmt: skip
    xlsx(OUT / "decisions-hostile.xlsx", [
        ["Case number", "Case version", "Decision", "Reason"],
        ["BKO-2026-000001", "inf", "eligible", "\x00"],
        ["\u200b", 1e300, "ineligible", "r" * 6000],
        ["=A1", "", "\u202eeligible", ""],
    ])  # fmt: skip
    not_a_zip_but_named_xlsx(OUT / "csv-named-xlsx.xlsx")
    zip_without_workbook(OUT / "zip-without-workbook.xlsx")
    xlsx_with_broken_sheet_xml(OUT / "broken-sheet-xml.xlsx")
    xlsx_without_sheets(OUT / "no-sheet-listed.xlsx")
    random_bytes(OUT / "random-bytes.xlsx", 1)
    random_bytes(OUT / "random-after-zip-magic.xlsx", 2, head=b"PK\x03\x04")
    random_bytes(OUT / "random-after-ole-magic.xls", 3, head=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    truncated(OUT / "registrations-formulas.xlsx", OUT / "truncated.xlsx", 0.5)
    (OUT / "empty.xlsx").write_bytes(b"")
    # CSV (#14): broken quoting, separators mixed, NUL bytes, a UTF-16 file cut in a character.
    header = ";".join(REGISTRATION_HEADER)
    good = ";".join(GOOD_ROW)
    (OUT / "csv-unbalanced-quotes.csv").write_text(
        f'{header}\n{good}\n"F-2;Koné;"Séré;M\n{good.replace("F-1", "F-3")}\n', "utf-8"
    )
    (OUT / "csv-mixed-separators.csv").write_text(
        f"{header}\n{good}\n{good.replace(';', ',').replace('F-1', 'F-4')}\n"
        f"{good.replace(';', chr(9)).replace('F-1', 'F-5')}\n",
        "cp1252",
    )
    (OUT / "csv-nul-bytes.csv").write_bytes(f"{header}\n{good}\x00\x00\n".encode())
    (OUT / "csv-utf16-cut.csv").write_bytes(f"{header}\n{good}\n".encode("utf-16")[:-3])
    (OUT / "csv-empty.csv").write_bytes(b"")


if __name__ == "__main__":
    main()
