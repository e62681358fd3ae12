"""The importers as one shape, for any front end (the window's import wizard first).

An ``Importer`` reads and checks a file (``check``: accepted rows plus one refusal type, nothing
written), then writes what it checked (``write``: one transaction, ``models.jobs.Job`` progress
and cancellation, all or nothing where the kind says so), and saves the refused rows through the
one error-workbook writer. The kinds: registrations (a field team's workbook, CSV, Kobo/ODK
export, with a column mapping and an XLSForm), disbursements (finance's payment lists) and
decisions (a filled review sheet). Each check reads the file once; its write uses that read.

Every text shown is made here (``Checked.summary``, ``Written.summary``), so the window holds
no rule; the next importers (handover packages, visits) add one class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.database import Database
from models.i18n import N_, current_language, translate
from models.jobs import NO_JOB, Job
from models.permissions import check
from models.registrations import DUPLICATE_CHECK_ADVICE, import_registrations
from models.users import Actor
from reports.imports.pipeline import RowRefusal

PREVIEW_ROWS = 200


@dataclass(frozen=True)
class Refusal:
    """One refused row as the window lists it: its row, the field (a column as written in the
    file, "" when the whole row), the value as typed and the reason, translated."""

    row: int
    field: str
    value: str
    message: str
    case: str = ""  # the case the row is about, when the kind names one


@dataclass
class Checked:
    """A file read and checked, nothing written: what the preview shows, and the kind's own
    read (``state``) that ``Importer.write`` writes."""

    kind: str
    path: Path
    sheet: str
    headers: list[str]
    rows: int
    valid: int
    refusals: list[Refusal]
    preview: list[tuple[int, tuple[Any, ...]]]  # the first valid rows (row number, as typed)
    notices: list[str]
    unknown_columns: list[str] = field(default_factory=list)
    state: Any = None

    @property
    def refused_rows(self) -> int:
        return len({r.row for r in self.refusals})

    def summary(self, lang: str | None = None) -> str:
        counts = {"file": self.path.name, "sheet": self.sheet, "rows": self.rows,
                  "valid": self.valid, "refused": self.refused_rows}  # fmt: skip
        text = translate(
            N_("{file}, sheet {sheet}: {rows} rows, {valid} valid, {refused} refused. "
               "Nothing is written yet.")
            if self.sheet
            else N_("{file}: {rows} rows, {valid} valid, {refused} refused. Nothing is written "
                    "yet."),
            lang,
        ).format(**counts)  # fmt: skip
        if self.unknown_columns:
            text += " " + translate(N_("Columns not imported: {columns}."), lang).format(
                columns=", ".join(self.unknown_columns)
            )
        return " ".join([text, *self.notices])


@dataclass(frozen=True)
class Written:
    """What a write did: ``count`` rows written (0 when nothing was), its summary and, when
    something after the write failed, a warning with its advice key."""

    count: int
    written: bool
    text: str
    warning: str = ""
    advice: str | None = None


def _value(value: Any) -> str:
    """A cell as typed, as one line (76123456.0 -> "76123456")."""
    from reports.registration_values import text_of

    return text_of(value)


def _refusal(r: RowRefusal, headers: Sequence[str]) -> Refusal:
    at = r.column
    known = at is not None and 0 <= at < len(headers)
    header = headers[at] if known and at is not None else ""
    value = _value(r.values[at]) if at is not None and 0 <= at < len(r.values) else ""
    return Refusal(r.row, header or "", value, r.message, r.case)


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a workbook (a CSV file: one, named after the file, without reading it:
    the window asks as soon as a file is named)."""
    from reports.csv_read import is_csv
    from reports.xlsx_read import is_packed, open_workbook

    path = Path(path)
    if is_csv(path) and not is_packed(path):
        return [path.stem or path.name]
    with open_workbook(path) as book:
        return list(book.sheet_names)


class Importer:
    """One kind of import. ``skippable``: refused rows may be left out (else they block the
    write, or, for decisions, never block the others); ``mapping``/``form``: the kind reads a
    column mapping and an XLSForm (registrations)."""

    kind = ""
    permission = ""
    skippable = True
    blocking = True
    mapping = False
    form = False

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
    ) -> Checked:
        raise NotImplementedError

    def write(
        self, db: Database, actor: Actor, checked: Checked, skip_invalid: bool, job: Job = NO_JOB
    ) -> Written:
        raise NotImplementedError

    def preview_headers(self, checked: Checked) -> list[str]:
        """The titles of the preview's columns (the file's headers, as written)."""
        return checked.headers

    def save_refusals(self, checked: Checked, out: str | Path, lang: str | None = None) -> Path:
        """The refused rows, through the one error-workbook writer."""
        from reports.imports.error_workbook import write_refusals

        state = checked.state
        return write_refusals(out, checked.headers, state.refusals, checked.path)

    def write_template(self, out: str | Path, lang: str) -> Path:
        from reports.templates import write_template

        return write_template(self.kind, out, lang)


class Registrations(Importer):
    kind = "registrations"
    permission = "case.register"
    mapping = True
    form = True

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
    ) -> Checked:
        from reports.registration_parse import parse_registrations

        # Reading checks no permission (the window previews a file for anyone who opens it);
        # the write does.
        result = parse_registrations(path, mapping=mapping, sheet=sheet, form=form, job=job)
        headers = [h or "" for h in result.headers]
        refusals = [
            Refusal(e.excel_row, e.header or "", _value(e.value), e.reason()) for e in result.errors
        ]
        preview = [(r.excel_row, tuple(r.values.get(f) for f in result.columns.values()))
                   for r in result.rows[:PREVIEW_ROWS]]  # fmt: skip
        return Checked(
            self.kind, result.path, result.sheet, headers, result.total_rows, len(result.rows),
            refusals, preview, [n.text() for n in result.notices], list(result.unknown_columns),
            result,
        )  # fmt: skip

    def preview_headers(self, checked: Checked) -> list[str]:
        headers = checked.headers
        return [headers[i] if i < len(headers) else "" for i in checked.state.columns]

    def write(
        self, db: Database, actor: Actor, checked: Checked, skip_invalid: bool, job: Job = NO_JOB
    ) -> Written:
        summary = import_registrations(db, actor, checked.state, skip_invalid=skip_invalid, job=job)
        if not summary.written:
            return Written(0, False, translate(N_("Nothing was imported: some rows are refused.")))
        text = translate(
            N_("{imported} registrations imported, {present} already present, {refused} refused "
               "rows left out, {duplicates} possible duplicates to review."),
        ).format(imported=summary.imported, present=summary.already_present,
                 refused=summary.refused, duplicates=summary.possible_duplicates)  # fmt: skip
        warning = summary.duplicate_check_warning()
        return Written(summary.imported, True, text, warning,
                       DUPLICATE_CHECK_ADVICE if warning else None)  # fmt: skip

    def save_refusals(self, checked: Checked, out: str | Path, lang: str | None = None) -> Path:
        from reports.imports.error_workbook import write_error_workbook

        return write_error_workbook(checked.state, out, lang or current_language())

    def write_form(self, db: Database, actor: Actor, out: str | Path, lang: str) -> Path:
        """The registration XLSForm for KoboToolbox/ODK, with the office's places (as ``rgm
        template registrations --format xlsform``)."""
        from reports.xlsform_template import write_office_xlsform

        return write_office_xlsform(out, db, actor, lang)


class Disbursements(Importer):
    kind = "disbursements"
    permission = "payment.record"

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
    ) -> Checked:
        from reports.imports.disbursements import read_disbursements, write_disbursements

        check(actor, self.permission)
        read = read_disbursements(path, sheet)
        result = write_disbursements(db, actor, read, dry_run=True, job=job)
        valid = {number for number, _cells in result.accepted}
        preview = [(n, tuple(values)) for n, _c, values in read.rows if n in valid]
        return Checked(
            self.kind, read.path, sheet or "", list(read.headers), result.rows, result.imported,
            [_refusal(r, read.headers) for r in result.refused], preview[:PREVIEW_ROWS],
            [n.text() for n in result.notices], [], _PaymentState(read, result.refused),
        )  # fmt: skip

    def write(
        self, db: Database, actor: Actor, checked: Checked, skip_invalid: bool, job: Job = NO_JOB
    ) -> Written:
        from reports.imports.disbursements import write_disbursements

        state: _PaymentState = checked.state
        result = write_disbursements(db, actor, state.read, skip_invalid=skip_invalid, job=job)
        if not result.written:
            # Something changed since the check: the refusals as they are now.
            state.refusals = result.refused
            checked.refusals = [_refusal(r, checked.headers) for r in result.refused]
            checked.valid = result.imported
            return Written(0, False, translate(N_("Nothing was recorded: some rows are refused.")))
        text = translate(N_("{n} payments recorded, {refused} refused rows left out.")).format(
            n=result.imported, refused=len(result.refused)
        )
        return Written(result.imported, True, text)


@dataclass
class _PaymentState:
    read: Any
    refusals: list[RowRefusal]


class Decisions(Importer):
    kind = "decisions"
    permission = "case.screen"
    skippable = False  # the valid decisions are applied whatever the others
    blocking = False

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
    ) -> Checked:
        from reports.imports.decisions import read_sheet, write_decisions

        check(actor, self.permission)
        read = read_sheet(path, sheet)
        result = write_decisions(db, actor, read, dry_run=True, job=job)
        refused = {r.row for r in result.refused}
        preview = [(n, values) for n, _d, values in read.decided if n not in refused]
        return Checked(
            self.kind, read.path, sheet or "", list(read.headers), read.rows, result.applied,
            [_refusal(r, read.headers) for r in result.refused], preview[:PREVIEW_ROWS],
            [n.text() for n in read.notices], [], _DecisionState(read, result.refused),
        )  # fmt: skip

    def write(
        self, db: Database, actor: Actor, checked: Checked, skip_invalid: bool, job: Job = NO_JOB
    ) -> Written:
        from reports.imports.decisions import write_decisions

        state: _DecisionState = checked.state
        result = write_decisions(db, actor, state.read, job=job)
        state.refusals = result.refused
        checked.refusals = [_refusal(r, checked.headers) for r in result.refused]
        text = translate(
            N_("{applied} decisions applied ({released} cases released, {closed} closed), "
               "{refused} refused, {undecided} rows without a decision."),
        ).format(applied=result.applied, released=result.released, closed=result.closed,
                 refused=len(result.refused), undecided=result.undecided)  # fmt: skip
        return Written(result.applied, result.applied > 0, text)


@dataclass
class _DecisionState:
    read: Any
    refusals: list[RowRefusal]


IMPORTERS: dict[str, Importer] = {
    i.kind: i for i in (Registrations(), Disbursements(), Decisions())
}
