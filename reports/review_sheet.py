"""The re-screening review sheet: written for a scope, filled in offline, imported as decisions.

The sheet lists the facts a reviewer needs (no phone, no document number), the case version,
the checklist columns and Decision / Reason. A hidden sheet ``_keys`` names each column so that
the import does not depend on the language of the headers. Importing applies each decision as the
importing user; a row is refused when that user registered or planned the case (four eyes), when
the case changed since the sheet was made, or when the checklist does not support the decision.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, select

from models.database import Database
from models.entities import Case, Hold, Returnee, Screening
from models.errors import Refused, Unusable
from models.i18n import LANGUAGES, N_, translate
from models.permissions import check, check_now
from models.screening import CHECKLIST, DecisionInput, decide_many
from models.textfold import fold
from models.users import Actor
from models.vocabulary import DECISIONS, label
from reports.csv_read import ReadNotice
from reports.header_match import HeaderNames
from reports.xlsx_read import open_workbook
from reports.xlsx_safe import output_file, safe_row, save_workbook

SHEET = "Review"
KEYS_SHEET = "_keys"
FACTS: tuple[tuple[str, str], ...] = (
    ("case_number", N_("Case number")),
    ("version", N_("Case version")),
    ("state", N_("State")),
    ("family_name", N_("Family name")),
    ("given_names", N_("Given names")),
    ("sex", N_("Sex")),
    ("birth_year", N_("Birth year")),
    ("nationality", N_("Nationality")),
    ("country_of_origin", N_("Country of origin")),
    ("returned_from", N_("Returned from")),
    ("border_post", N_("Border post")),
    ("arrival_date", N_("Arrival date")),
    ("transit_centre", N_("Transit centre")),
    ("registered_on", N_("Registered on")),
    ("document_type", N_("Identity document")),
    ("previous_decision", N_("Previous decision")),
    ("hold", N_("Hold")),
)
DECISION_COLUMNS: tuple[tuple[str, str], ...] = (
    *((i.code, i.text) for i in CHECKLIST),
    ("decision", N_("Decision")),
    ("reason", N_("Reason")),
)
COLUMNS = FACTS + DECISION_COLUMNS
_DECISIONS = {
    # The labels the sheet's drop-down offers, in both languages ("non éligible"), and others.
    **{fold(label(d, lang)): d for d in DECISIONS for lang in LANGUAGES},
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


@dataclass(frozen=True)
class Scope:
    suspension_id: int | None = None
    centre: str | None = None
    state: str | None = None


def _query(scope: Scope) -> Any:
    stmt = (
        select(Case, Returnee).join(Returnee, Returnee.id == Case.returnee_id).order_by(Case.number)
    )
    if scope.suspension_id is not None:
        held = select(Hold.case_id).where(
            Hold.suspension_id == scope.suspension_id, Hold.released_at.is_(None)
        )
        stmt = stmt.where(Case.id.in_(held))
    if scope.centre:
        stmt = stmt.where(func.lower(Returnee.transit_centre) == scope.centre.strip().lower())
    if scope.state:
        stmt = stmt.where(Case.state == scope.state)
    if scope == Scope():
        stmt = stmt.where(Case.on_hold.is_(True))
    return stmt


def write_review_sheet(
    db: Database,
    actor: Actor,
    scope: Scope,
    out: str | Path,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the review sheet of a scope (a suspension's held cases, a centre, a state, or every
    case on hold); returns the number of cases."""
    check_now(db, actor, "review.export")
    out = output_file(out, "review-sheet.xlsx", (".xlsx",))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    keys = wb.create_sheet(KEYS_SHEET)
    keys.sheet_state = "hidden"
    bold = Font(bold=True)
    decided_fill = PatternFill("solid", fgColor="FFF2CC")
    decision_keys = {k for k, _t in DECISION_COLUMNS}
    header = []
    for key, title in COLUMNS:
        cell = WriteOnlyCell(ws, value=translate(title))
        cell.font = bold
        if key in decision_keys:
            cell.fill = decided_fill
        header.append(cell)
    ws.append(header)
    keys.append([k for k, _t in COLUMNS])
    keys.append(["generated_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")])
    count = 0
    with db.reading() as s:
        last: dict[int, str] = {}
        for cid, decision in s.execute(
            select(Screening.case_id, Screening.decision).order_by(Screening.id)
        ):
            last[cid] = decision
        holds: dict[int, str] = {}
        for cid, reason, sid in s.execute(
            select(Hold.case_id, Hold.reason, Hold.suspension_id).where(Hold.released_at.is_(None))
        ):
            holds[cid] = f"#{sid} {reason}" if sid else reason
        rows = s.execute(_query(scope)).all()
        total = len(rows)
        for case, r in rows:
            values = [
                case.number,
                case.version,
                label(case.state),
                r.family_name,
                r.given_names,
                r.sex,
                r.birth_date.year,
                r.nationality,
                r.country_of_origin,
                r.returned_from,
                r.border_post,
                r.arrival_date,
                r.transit_centre,
                case.registered_at.date(),
                label(r.document_type),
                label(last[case.id]) if case.id in last else None,
                holds.get(case.id),
            ] + [None] * len(DECISION_COLUMNS)
            ws.append(safe_row(ws, values))
            count += 1
            if progress and count % 500 == 0:
                progress(count, total)
    last_row = count + 1
    for index, (key, _t) in enumerate(COLUMNS, start=1):
        choices = _choices(key)
        if choices and last_row > 1:
            dv = DataValidation(
                type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
            )
            letter = _letter(index)
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(dv)
    save_workbook(wb, out)
    if progress:
        progress(count, count)
    return count


def _choices(key: str) -> list[str]:
    if key == "decision":
        return ["eligible", "ineligible", "needs information"]
    item = next((i for i in CHECKLIST if i.code == key), None)
    return [a.replace("_", " ") for a in item.answers] if item else []


def _letter(index: int) -> str:
    return get_column_letter(index)


# -- reading it back -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowRefusal:
    row: int
    case: str
    message: str
    values: tuple[Any, ...] = ()
    column: int | None = None  # index of the faulty cell in ``values``, when known


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


def _column_keys(book: Any, header: Sequence[Any]) -> dict[int, str]:
    if KEYS_SHEET in book.sheet_names:
        for row in book.rows(KEYS_SHEET):
            return {i: str(k) for i, k in enumerate(row.values) if k}
    return {i: key for key, i in _header_names().columns(header).items()}


def read_decisions(
    path: str | Path, notices: list[ReadNotice] | None = None
) -> tuple[list[tuple[int, DecisionInput, tuple[Any, ...]]], list[RowRefusal], list[str], int]:
    """The decided rows of a review sheet (row number, decision, original values), the rows
    refused while reading, the headers as written and the number of undecided rows; what the
    reader guessed (a CSV's encoding) is added to ``notices``."""
    decided: list[tuple[int, DecisionInput, tuple[Any, ...]]] = []
    refused: list[RowRefusal] = []
    undecided = 0
    with open_workbook(path) as book:
        if notices is not None:
            notices.extend(book.notices)
        if not book.sheet_names:  # a damaged file that lists no sheet
            raise Unusable(N_("{file} has no header row"), file=Path(path).name)
        sheet = SHEET if SHEET in book.sheet_names else book.sheet_names[0]
        rows = iter(book.rows(sheet))
        header_row = next(rows, None)
        if header_row is None:
            raise Unusable(N_("{file} has no header row"), file=Path(path).name)
        headers = [str(h) if h is not None else "" for h in header_row.values]
        keys = _column_keys(book, header_row.values)
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
            decision = _DECISIONS.get(fold(raw))
            if decision is None:
                refused.append(
                    RowRefusal(
                        row.number,
                        number,
                        translate(N_("unknown decision {value!r}")).format(value=raw),
                        values,
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


def import_decisions(
    db: Database,
    actor: Actor,
    path: str | Path,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DecisionsResult:
    """Apply the decisions of a filled review sheet as ``actor``; refused rows are reported."""
    start = time.perf_counter()
    check(actor, "case.screen")
    notices: list[ReadNotice] = []
    decided, refused, headers, undecided = read_decisions(path, notices)
    result = DecisionsResult(
        notices=notices,
        rows=len(decided) + len(refused) + undecided,
        undecided=undecided,
        refused=list(refused),
        dry_run=dry_run,
        headers=headers,
    )

    class _DryRun(Exception):
        pass

    try:
        with db.transaction() as s:
            batch = decide_many(s, actor, [d for _n, d, _v in decided], progress)
            for refusal in batch.refusals:
                number, item, values = decided[refusal.index]
                result.refused.append(RowRefusal(number, item.case, refusal.error.text(), values))
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


def decisions_refused(result: DecisionsResult) -> Refused | None:
    if not result.refused:
        return None
    return Refused(
        N_("{n} decisions refused (first: row {row}, {case}: {message})"),
        n=len(result.refused),
        row=result.refused[0].row,
        case=result.refused[0].case,
        message=result.refused[0].message,
    )
