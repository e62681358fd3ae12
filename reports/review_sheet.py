"""The re-screening review sheet: written for a scope, filled in offline, imported as decisions.

The sheet lists the facts a reviewer needs (no phone, no document number), the case version,
the checklist columns and Decision / Reason. A hidden sheet ``_keys`` names each column so that
the import does not depend on the language of the headers. Importing (``reports.imports.decisions``) applies each decision as the
importing user; a row is refused when that user registered or planned the case (four eyes), when
the case changed since the sheet was made, or when the checklist does not support the decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import func, select

from models.database import Database
from models.entities import Case, Hold, Returnee, Screening
from models.i18n import N_, translate
from models.jobs import NO_JOB, Job
from models.permissions import check_now
from models.screening import ANSWER_WORDS, CHECKLIST
from models.users import Actor
from models.vocabulary import label
from reports.xlsx_safe import output_file, safe_row, save_workbook, write_only_workbook

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
    job: Job = NO_JOB,
) -> int:
    """Write the review sheet of a scope (a suspension's held cases, a centre, a state, or every
    case on hold); returns the number of cases. ``job``: progress; a cancel (``Cancelled``)
    stops before the file is written."""
    check_now(db, actor, "review.export")
    out = output_file(out, "review-sheet.xlsx", (".xlsx",))
    with write_only_workbook() as wb:
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
                select(Hold.case_id, Hold.reason, Hold.suspension_id).where(
                    Hold.released_at.is_(None)
                )
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
                if count % 500 == 0:
                    job.progress(count, total)
                    job.check()
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
        job.check()
        save_workbook(wb, out)
    job.progress(count, count)
    return count


def _choices(key: str) -> list[str]:
    if key == "decision":
        return ["eligible", "ineligible", "needs information"]
    item = next((i for i in CHECKLIST if i.code == key), None)
    # In the sheet's language, as the refusals name them; the import reads each one back.
    return [translate(ANSWER_WORDS.get(a, a)) for a in item.answers] if item else []


def _letter(index: int) -> str:
    return str(get_column_letter(index))
