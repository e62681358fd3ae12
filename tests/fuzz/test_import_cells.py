"""Fuzzing the payment-list and review-sheet importers and the agreement code parser with
hostile values: a result or a one-line refusal, never a traceback, nothing half written."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fuzz.checks import chain_intact, counts, refused_or_done
from fuzz.hostile import DISBURSEMENT_HEADER, xlsx
from fuzz.strategies import any_text, cell
from models.errors import Refused
from reports.agreement_code import parse_payload
from reports.imports.decisions import import_decisions
from reports.imports.disbursements import import_disbursements

TODAY = dt.date(2026, 11, 30)
rows = st.lists(st.lists(cell, min_size=7, max_size=8), min_size=1, max_size=5)


@given(rows=rows, dry_run=st.booleans(), skip_invalid=st.booleans())
def test_payment_lists(office, rows: list, dry_run: bool, skip_invalid: bool) -> None:
    db = office["db"]
    before = counts(db)
    with tempfile.TemporaryDirectory() as folder:
        path = xlsx(Path(folder) / "p.xlsx", [DISBURSEMENT_HEADER, *rows], formulas=False)
        result = refused_or_done(lambda: import_disbursements(
            db, office["finance"], path, dry_run=dry_run, skip_invalid=skip_invalid, today=TODAY
        ))  # fmt: skip
    if not getattr(result, "written", False):
        assert counts(db) == before
    assert chain_intact(db)


@given(rows=st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=5))
def test_review_sheets(office, rows: list) -> None:
    db = office["db"]
    before = counts(db)
    header = ["Case number", "Case version", "Decision", "Reason"]
    with tempfile.TemporaryDirectory() as folder:
        path = xlsx(Path(folder) / "d.xlsx", [header, *rows], formulas=False)
        refused_or_done(lambda: import_decisions(db, office["approver"], path, dry_run=True))
    assert counts(db) == before and chain_intact(db)


@given(text=st.one_of(any_text, st.text(st.sampled_from("ABCDEFGHJKMNPQRSTVWXYZ23456789-: "))))
def test_verification_codes(text: str) -> None:
    try:
        number, code = parse_payload(text)
    except Refused as exc:
        assert "\n" not in str(exc)
        return
    assert len(code) == 14 and (number is None or isinstance(number, str))
