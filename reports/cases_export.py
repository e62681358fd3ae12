"""The case list as a spreadsheet (.xlsx) or CSV, one row per case."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select

from models import pause_points
from models.database import Database
from models.entities import Case, Returnee
from models.errors import Refused
from models.i18n import N_, _
from models.vocabulary import label

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

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d .]*")


def safe_text(value: Any) -> Any:
    """CSV text that a spreadsheet would take for a formula gets a leading apostrophe (a plain
    number such as an E.164 phone cannot compute anything and is left as it is)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


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


def export_cases(
    db: Database, out: Path, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write every case to ``out`` (.xlsx or .csv); returns the number of rows."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise Refused(N_("the output file must end in .xlsx or .csv: {path}"), path=str(out))
    with db.reading() as s:
        total = s.query(Case).count()
    headers = [_(title) for _key, title in COLUMNS]
    tmp = out.with_name(out.name + ".part")
    try:
        count = _write(db, tmp, suffix, headers, total, progress)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)  # never a partial file beside the user's
        raise
    if progress:
        progress(total, total)
    return count


def _write(
    db: Database,
    tmp: Path,
    suffix: str,
    headers: list[str],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    count = 0
    if suffix == ".csv":
        with tmp.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for row in _rows(db):
                writer.writerow([safe_text("" if v is None else v) for v in row])
                count += 1
                if progress and count % 5000 == 0:
                    progress(count, total)
    else:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Cases"))
        ws.freeze_panes = "A2"
        ws.append(headers)
        for row in _rows(db):
            cells = []
            for v in row:
                cell = WriteOnlyCell(ws, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # text stays text, even "=..." (never a formula)
                elif hasattr(v, "isoformat"):
                    cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            ws.append(cells)
            count += 1
            if progress and count % 5000 == 0:
                progress(count, total)
        pause_points.reached("export.rows_written")
        wb.save(tmp)
    return count
