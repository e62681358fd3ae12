"""Property: whatever is done to a signed return (cells changed, sheets removed, signature
altered, bytes garbled), ``consolidate`` either accepts it or refuses it with one clear message
(Refused or Unusable); it never fails in another way. ``RGM_FUZZ_EXAMPLES`` sets the examples."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from support.returns import month_data, office_signer, trusted

from models.errors import Refused, Unusable
from reports.consolidate import consolidate
from reports.monthly_return import SHEETS, write_return

EXAMPLES = int(os.environ.get("RGM_FUZZ_EXAMPLES", "30"))
HQ = trusted("BKO")


def _signed() -> bytes:
    out = io.BytesIO()
    write_return(month_data(office="BKO"), out, signer=office_signer("BKO"))
    return out.getvalue()


SIGNED = _signed()

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(float),
    st.text(max_size=40),
    st.sampled_from(["=1+1", "-ECO", "BKO", "CKY", "2025-03", "XOF", "", " ", "nan", "1e400"]),
    st.dates(min_value=dt.date(1900, 1, 1)).map(lambda d: dt.datetime(d.year, d.month, d.day)),
)
cell_change = st.tuples(
    st.just("cell"),
    st.sampled_from(SHEETS),
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=1, max_value=22),
    values,
)
sheet_removal = st.tuples(st.just("remove"), st.sampled_from(SHEETS))
signature_change = st.tuples(
    st.just("signature"),
    st.sampled_from(["signature", "office_key", "audit_length", "audit_head", "data_sha256"]),
    values,
)
byte_change = st.tuples(
    st.just("bytes"),
    st.integers(min_value=0, max_value=len(SIGNED) - 1),
    st.binary(min_size=1, max_size=64),
)
mutations = st.lists(
    st.one_of(cell_change, sheet_removal, signature_change, byte_change), min_size=1, max_size=4
)


def _apply(data: bytes, mutation: tuple) -> bytes:  # type: ignore[type-arg]
    kind = mutation[0]
    if kind == "bytes":
        at, junk = mutation[1], mutation[2]
        return data[:at] + junk + data[at + len(junk) :]
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - bytes garbled before: they stay as they are
        return data
    if kind == "remove":
        if mutation[1] in wb.sheetnames and len(wb.sheetnames) > 1:
            del wb[mutation[1]]
    elif kind == "cell":
        _, sheet, row, column, value = mutation
        if sheet in wb.sheetnames:
            with contextlib.suppress(IllegalCharacterError):  # not storable in a workbook
                wb[sheet].cell(row=row, column=column).value = value
    else:
        _, key, value = mutation
        if "Cover" in wb.sheetnames:
            for row in wb["Cover"].iter_rows(min_row=2):
                if row[0].value == key:
                    with contextlib.suppress(IllegalCharacterError):
                        row[1].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutations)
def test_a_mutated_return_is_accepted_or_refused_never_a_crash(changes: list[tuple]) -> None:  # type: ignore[type-arg]
    data = SIGNED
    for change in changes:
        data = _apply(data, change)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "BKO-2025-03.xlsx"
        path.write_bytes(data)
        out = Path(tmp) / "region.xlsx"
        try:
            consolidate([path], out, HQ)
        except (Refused, Unusable) as refusal:
            text = str(refusal)
            assert text and "\n" not in text
            assert not out.exists()


def test_the_unmutated_return_is_accepted() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "BKO-2025-03.xlsx"
        path.write_bytes(SIGNED)
        assert consolidate([path], Path(tmp) / "region.xlsx", HQ).offices == (("BKO", "2025-03"),)
