"""Hypothesis strategies of what people and broken tools put in spreadsheet cells."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from fuzz.hostile import HOSTILE_DATES, HOSTILE_TEXTS, Formatted

# Any character but lone surrogates (a workbook cannot hold them; the CLI fuzz covers those).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
hostile_text = st.sampled_from(HOSTILE_TEXTS)
formula = st.builds(lambda t: "=" + t, st.text(max_size=20))
huge_text = st.integers(4_000, 40_000).map(lambda n: "é" * n)
numbers = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -1, 1e300, -1e-300, 2958466, 1e15 + 0.5]),
)
dates = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
)
# Numbers under a date, time or duration format (calamine converts them, and could overflow).
formatted = st.builds(
    Formatted,
    numbers,
    st.sampled_from(["[h]:mm", "yyyy-mm-dd", "hh:mm:ss", "dd/mm/yyyy hh:mm", "[mm]:ss.0"]),
)
cell = st.one_of(
    st.none(),
    formatted,
    any_text,
    hostile_text,
    formula,
    numbers,
    dates,
    st.booleans(),
    st.sampled_from(HOSTILE_DATES),
    huge_text,
)
