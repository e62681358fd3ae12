"""The case list as a spreadsheet (.xlsx) or CSV, one row per case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select

from models import pause_points
from models.database import Database
from models.entities import Case, Returnee
from models.i18n import N_, _
from models.jobs import NO_JOB, Job
from models.permissions import check_now
from models.vocabulary import label
from reports.xlsx_safe import output_file, safe_value, save_workbook, write_csv, write_only_workbook

COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_number", N_("Case number")),
    ("state", N_("State")),
    ("on_hold", N_("On hold")),
    ("family_name", N_("Family name")),
    ("given_names", N_("Given names")),
    ("sex", N_("Sex")),
    ("birth_date", N_("Birth date")),
    ("nationality", N_("Nationality")),
    ("country_of_origin", N_("Country of origin")),
    ("phone", N_("Phone")),
    ("document_number", N_("Document number")),
    ("place_of_origin", N_("Place of origin")),
    ("border_post", N_("Border post")),
    ("transit_centre", N_("Transit centre")),
    ("arrival_date", N_("Arrival date")),
    ("registered_at", N_("Registered on")),
    ("source_ref", N_("Source reference")),
)


def _rows(db: Database) -> Iterator[list[Any]]:
    stmt = (
        select(
            Case.number,
            Case.state,
            Case.on_hold,
            Returnee.family_name,
            Returnee.given_names,
            Returnee.sex,
            Returnee.birth_date,
            Returnee.birth_precision,
            Returnee.nationality,
            Returnee.country_of_origin,
            Returnee.phone,
            Returnee.document_number,
            Returnee.place_of_origin,
            Returnee.border_post,
            Returnee.transit_centre,
            Returnee.arrival_date,
            Case.registered_at,
            Returnee.source_ref,
        )
        .join(Returnee, Case.returnee_id == Returnee.id)
        .order_by(Case.number)
    )
    yes, no = _("yes"), _("no")
    with db.reading() as s:
        for r in s.execute(stmt).yield_per(5000):
            birth = r.birth_date.year if r.birth_precision == "year" else r.birth_date
            yield [
                r.number,
                label(r.state),
                yes if r.on_hold else no,
                r.family_name,
                r.given_names,
                r.sex,
                birth,
                r.nationality,
                r.country_of_origin,
                r.phone,
                r.document_number,
                r.place_of_origin,
                r.border_post,
                r.transit_centre,
                r.arrival_date,
                r.registered_at.date(),
                r.source_ref,
            ]


DEFAULT_NAME = "cases.xlsx"


def export_cases(
    db: Database,
    out: Path | IO[str],
    job: Job = NO_JOB,
    actor: Any | None = None,
) -> int:
    """Write every case to ``out`` (.xlsx or .csv, or CSV to a text stream); returns the number
    of rows. ``actor``: the signed-in user, checked as the database holds them now."""
    if actor is not None:
        check_now(db, actor, "case.read")
    if isinstance(out, str | Path):
        out = output_file(out, DEFAULT_NAME, (".xlsx", ".csv"))
    suffix = out.suffix.lower() if isinstance(out, Path) else ".csv"
    with db.reading() as s:
        total = s.query(Case).count()
    headers = [_(title) for _key, title in COLUMNS]
    count = 0
    if suffix == ".csv":

        def counted() -> Iterator[list[Any]]:
            nonlocal count
            for row in _rows(db):
                yield row
                count += 1
                if count % 5000 == 0:
                    job.progress(count, total)
                    job.check()

        write_csv(out, headers, counted())
    else:
        assert isinstance(out, Path)  # a text stream is always written as CSV
        with write_only_workbook() as wb:
            ws = wb.create_sheet(_("Cases"))
            ws.freeze_panes = "A2"
            ws.append(headers)
            for row in _rows(db):
                cells = []
                for v in row:
                    if isinstance(v, str):
                        cells.append(safe_value(ws, v))  # never a formula, nothing XML cannot hold
                        continue
                    cell = WriteOnlyCell(ws, value=v)
                    if hasattr(v, "isoformat"):
                        cell.number_format = "DD/MM/YYYY"
                    cells.append(cell)
                ws.append(cells)
                count += 1
                if count % 5000 == 0:
                    job.progress(count, total)
                    job.check()
            pause_points.reached("export.rows_written")
            save_workbook(wb, out)
    job.progress(total, total)
    return count
