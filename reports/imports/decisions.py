"""Importing a filled review sheet: each decided row applied as the importing user.

The sheet (``reports.review_sheet`` writes it) names its columns in a hidden ``_keys`` sheet, so
the import does not depend on the headers' language; without it, the headers are matched in
both languages. A row is refused when that user registered or planned the case (four eyes),
when the case changed since the sheet was made, or when the checklist does not support the
decision; the valid rows are applied whatever the others.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from models.database import Database
from models.errors import Unusable
from models.i18n import LANGUAGES, N_, translate
from models.jobs import NO_JOB, Job
from models.permissions import check
from models.screening import CHECKLIST, DecisionInput, decide_many
from models.text import fold_words
from models.users import Actor
from models.vocabulary import DECISIONS, label
from reports.csv_read import ReadNotice
from reports.header_match import HeaderNames
from reports.imports.pipeline import RowRefusal
from reports.review_sheet import COLUMNS, KEYS_SHEET, SHEET
from reports.xlsx_read import open_workbook

_DECISIONS = {
    # The labels the sheet's drop-down offers, in both languages ("non éligible"), and others.
    **{fold_words(label(d, lang)): d for d in DECISIONS for lang in LANGUAGES},
    "eligible": "eligible",
    "elig": "eligible",
    "oui": "eligible",
    "ineligible": "ineligible",
    "not eligible": "ineligible",
    "non eligible": "ineligible",
    "needs information": "needs_information",
    "needs info": "needs_information",
    "information requise": "needs_information",
    "informations requises": "needs_information",
    "besoin d informations": "needs_information",
    "a completer": "needs_information",
}


# -- reading it back -----------------------------------------------------------------------------


@dataclass
class DecisionsResult:
    rows: int = 0
    applied: int = 0
    undecided: int = 0
    refused: list[RowRefusal] = field(default_factory=list)
    released: int = 0
    closed: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    headers: list[str] = field(default_factory=list)
    notices: list[ReadNotice] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "notices": [n.text() for n in self.notices],
            "rows": self.rows,
            "applied": self.applied,
            "refused": len(self.refused),
            "undecided": self.undecided,
            "released": self.released,
            "closed": self.closed,
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
        }


@cache
def _header_names() -> HeaderNames:
    """Each column's title in both languages (a sheet without its hidden keys still imports)."""
    return HeaderNames(
        {key: [translate(title, lang) for lang in LANGUAGES] for key, title in COLUMNS}
    )


def _column_keys(book: Any, header: Sequence[Any], file: str) -> dict[int, str]:
    if KEYS_SHEET in book.sheet_names:
        for row in book.rows(KEYS_SHEET):
            return {i: str(k) for i, k in enumerate(row.values) if k}
    return {i: key for key, i in _header_names().columns(header, file).items()}


def read_decisions(
    path: str | Path,
    notices: list[ReadNotice] | None = None,
    sheet: str | None = None,
    columns: dict[str, int] | None = None,
) -> tuple[list[tuple[int, DecisionInput, tuple[Any, ...]]], list[RowRefusal], list[str], int]:
    """The decided rows of a review sheet (row number, decision, original values), the rows
    refused while reading, the headers as written and the number of undecided rows; what the
    reader guessed (a CSV's encoding) is added to ``notices``, the column of each key (a
    checklist item's) to ``columns``."""
    decided: list[tuple[int, DecisionInput, tuple[Any, ...]]] = []
    refused: list[RowRefusal] = []
    undecided = 0
    with open_workbook(path) as book:
        if notices is not None:
            notices.extend(book.notices)
        if not book.sheet_names:  # a damaged file that lists no sheet
            raise Unusable(N_("{file} has no header row"), file=Path(path).name)
        if sheet and sheet not in book.sheet_names:
            raise Unusable(
                N_("{file} has no sheet named {sheet}."), file=Path(path).name, sheet=sheet
            )
        sheet = sheet or (SHEET if SHEET in book.sheet_names else book.sheet_names[0])
        rows = iter(book.rows(sheet))
        header_row = next(rows, None)
        if header_row is None:
            raise Unusable(N_("{file} has no header row"), file=Path(path).name)
        headers = [str(h) if h is not None else "" for h in header_row.values]
        keys = _column_keys(book, header_row.values, Path(path).name)
        if columns is not None:
            columns.update({key: i for i, key in sorted(keys.items(), reverse=True)})
        if "case_number" not in keys.values() or "decision" not in keys.values():
            raise Unusable(
                N_("{file} is not a review sheet: no Case number or Decision column"),
                file=Path(path).name,
            )
        for row in rows:
            cells = {keys[i]: v for i, v in enumerate(row.values) if i in keys}
            number = str(cells.get("case_number") or "").strip()
            if not number:
                continue
            raw = str(cells.get("decision") or "").strip()
            values = tuple(row.values)
            if not raw:
                undecided += 1
                continue
            decision = _DECISIONS.get(fold_words(raw))
            if decision is None:
                refused.append(
                    RowRefusal(
                        row.number,
                        number,
                        translate(N_("unknown decision {value!r}")).format(value=raw),
                        values,
                        next(i for i, k in keys.items() if k == "decision"),
                    )
                )
                continue
            version = cells.get("version")
            try:
                expected = int(version) if version not in (None, "") else None  # type: ignore[arg-type]
            except (TypeError, ValueError, OverflowError):  # "abc", inf
                expected = None
            answers = {
                i.code: cells.get(i.code) for i in CHECKLIST if cells.get(i.code) is not None
            }
            decided.append(
                (
                    row.number,
                    DecisionInput(
                        number,
                        decision,
                        str(cells.get("reason") or "").strip(),
                        answers,
                        expected,
                    ),
                    values,
                )
            )
    return decided, refused, headers, undecided


@dataclass
class DecisionsRead:
    """A review sheet read (nothing checked against the database yet): the decided rows (row
    number, decision, original values), the rows refused while reading, the headers and the
    number of undecided rows. ``write_decisions`` applies it, so a preview reads the file once."""

    path: Path
    decided: list[tuple[int, DecisionInput, tuple[Any, ...]]]
    refused: list[RowRefusal]
    headers: list[str]
    undecided: int
    notices: list[ReadNotice] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # a key (checklist item) -> its column

    @property
    def rows(self) -> int:
        return len(self.decided) + len(self.refused) + self.undecided


def read_sheet(path: str | Path, sheet: str | None = None) -> DecisionsRead:
    """Read a filled review sheet (``read_decisions``) into a ``DecisionsRead``."""
    notices: list[ReadNotice] = []
    columns: dict[str, int] = {}
    decided, refused, headers, undecided = read_decisions(path, notices, sheet, columns)
    return DecisionsRead(Path(path), decided, refused, headers, undecided, notices, columns)


def import_decisions(
    db: Database,
    actor: Actor,
    path: str | Path,
    dry_run: bool = False,
    job: Job = NO_JOB,
    sheet: str | None = None,
) -> DecisionsResult:
    """Read a filled review sheet, then apply it (``write_decisions``)."""
    start = time.perf_counter()
    check(actor, "case.screen")
    read = read_sheet(path, sheet)
    result = write_decisions(db, actor, read, dry_run, job)
    result.seconds = time.perf_counter() - start  # reading included
    return result


def write_decisions(
    db: Database, actor: Actor, read: DecisionsRead, dry_run: bool = False, job: Job = NO_JOB
) -> DecisionsResult:
    """Apply the decisions of ``read`` as ``actor`` in one transaction; refused rows are
    reported, the valid ones applied whatever the others. ``job``: progress, and a cancel rolls
    every decision back (``Cancelled``)."""
    start = time.perf_counter()
    check(actor, "case.screen")
    decided = read.decided
    result = DecisionsResult(
        notices=list(read.notices),
        rows=read.rows,
        undecided=read.undecided,
        refused=list(read.refused),
        dry_run=dry_run,
        headers=read.headers,
    )

    class _DryRun(Exception):
        pass

    try:
        with db.transaction() as s:
            job.check()
            batch = decide_many(s, actor, [d for _n, d, _v in decided], job)
            job.check()  # a cancel during the bulk writes rolls them back too
            for refusal in batch.refusals:
                number, item, values = decided[refusal.index]
                # the answer refused, when it is one: its column and value, as typed
                column = read.columns.get(refusal.error.params.get("checklist_item", ""))
                text = refusal.error.text()
                result.refused.append(RowRefusal(number, item.case, text, values, column))
            result.applied = len(batch.outcomes)
            result.released = sum(1 for o in batch.outcomes if o.released_holds)
            result.closed = sum(1 for o in batch.outcomes if o.to_state == "closed")
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    result.refused.sort(key=lambda r: r.row)
    result.seconds = time.perf_counter() - start
    return result
