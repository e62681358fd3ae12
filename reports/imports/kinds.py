"""The importers as one shape, for any front end (the window's import wizard first).

An ``Importer`` reads and checks a file (``check``: accepted rows plus one refusal type, nothing
written), then writes what it checked (``write``: one transaction, ``models.jobs.Job`` progress
and cancellation, all or nothing where the kind says so), and saves the refused rows through the
one error-workbook writer. The kinds: registrations (a field team's workbook, CSV, Kobo/ODK
export, with a column mapping and an XLSForm), disbursements (finance's payment lists) and
decisions (a filled review sheet). Each check reads the file once; its write uses that read.

Every text shown is made here (``Checked.summary``, ``Written.text``), so the window holds
no rule; the next importers (handover packages, visits) add one class. The command line
(``rgm import KIND``) goes through the same objects: it checks without the rehearsal against the
database (``rehearse=False``: its write checks every row once, as it writes), writes or rehearses
(``dry_run``) and prints ``Written.data``, the kind's ``--json`` summary.
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
    file, "" when the whole row), the value as typed and the reason, translated (``message``,
    which may name the column too; ``reason``, without it, when it does)."""

    row: int
    field: str
    value: str
    message: str
    case: str = ""  # the case the row is about, when the kind names one
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.reason:
            object.__setattr__(self, "reason", self.message)


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
    """What a write did (or, on a dry run, would do): ``count`` rows written (0 when nothing
    was), its summary and, when something after the write failed, a warning with its advice
    key. For a front end's own summary: ``valid``, the rows accepted (written, or that would
    be), ``details``, the kind's own counts translated ("3 already present"), and ``data``, the
    kind's counts by key (``rgm import KIND --json``)."""

    count: int
    written: bool
    text: str
    warning: str = ""
    advice: str | None = None
    valid: int = 0
    details: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


def _value(value: Any) -> str:
    """A cell as typed: text as it is (invisible spaces too), other cells as text (76123456.0
    -> "76123456")."""
    from reports.registration_values import text_of

    return value if isinstance(value, str) else text_of(value)


def _refusal(r: RowRefusal, headers: Sequence[str]) -> Refusal:
    at = r.column
    known = at is not None and 0 <= at < len(headers)
    header = headers[at] if known and at is not None else ""
    value = _value(r.values[at]) if at is not None and 0 <= at < len(r.values) else ""
    return Refusal(r.row, header or "", value, r.message, r.case, (r.reason if header else ""))


def _dry_run_text(n: int) -> str:
    return translate(N_("Dry run: nothing was written ({n} rows would be imported).")).format(n=n)


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
    column mapping and an XLSForm (registrations); ``pending_checks``: its write checks the new
    rows for duplicates after the commit, so a front end first finishes the checks an
    interrupted import left (``models.registrations.finish_pending``).

    ``check(..., rehearse=False)``: only what the file itself shows is checked (the rows are not
    tried against the database); the write then checks every row and updates ``Checked``'s
    refusals and counts, for a front end that writes at once (``rgm import``).
    ``write(..., dry_run=True)``: everything checked and counted, nothing written.
    ``write(..., last=True)``: the check is written once only, so its rows may be freed as they
    are written (the memory of a 100,000-row file)."""

    kind = ""
    permission = ""
    skippable = True
    blocking = True
    mapping = False
    form = False
    pending_checks = False

    def blocks(self, refused: int, skip_invalid: bool) -> bool:
        """Whether ``refused`` rows stop the others from being written: for a blocking kind,
        unless they are left out (``skip_invalid``); a kind that is not blocking (decisions)
        applies the others whatever is refused."""
        return bool(refused) and self.blocking and not skip_invalid

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
        rehearse: bool = True,
    ) -> Checked:
        raise NotImplementedError

    def write(
        self,
        db: Database,
        actor: Actor,
        checked: Checked,
        skip_invalid: bool,
        job: Job = NO_JOB,
        dry_run: bool = False,
        last: bool = False,
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
    pending_checks = True

    def check(
        self,
        db: Database,
        actor: Actor,
        path: Path,
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        form: Path | None = None,
        job: Job = NO_JOB,
        rehearse: bool = True,
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
        self,
        db: Database,
        actor: Actor,
        checked: Checked,
        skip_invalid: bool,
        job: Job = NO_JOB,
        dry_run: bool = False,
        last: bool = False,
    ) -> Written:
        # Handed over (``last``), the rows are freed once written, before the duplicate check;
        # ``state`` keeps the rest (refusals, columns). No local name may hold them.
        summary = import_registrations(
            db, actor, checked.state.hand_over() if last else checked.state, skip_invalid,
            dry_run, job,
        )  # fmt: skip
        valid = summary.rows - summary.refused - summary.already_present
        details = (
            translate(N_("{n} already present")).format(n=summary.already_present),
            translate(N_("{n} possible duplicates")).format(
                n=summary.possible_duplicates if summary.written else 0
            ),
        )
        data = summary.as_json()
        if not summary.written:
            text = (
                _dry_run_text(valid)
                if dry_run
                else translate(N_("Nothing was imported: some rows are refused."))
            )
            return Written(0, False, text, valid=valid, details=details, data=data)
        text = translate(
            N_("{imported} registrations imported, {present} already present, {refused} refused "
               "rows left out, {duplicates} possible duplicates to review."),
        ).format(imported=summary.imported, present=summary.already_present,
                 refused=summary.refused, duplicates=summary.possible_duplicates)  # fmt: skip
        warning = summary.duplicate_check_warning()
        return Written(summary.imported, True, text, warning,
                       DUPLICATE_CHECK_ADVICE if warning else None, valid, details,
                       data)  # fmt: skip

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
        rehearse: bool = True,
    ) -> Checked:
        from reports.imports.disbursements import read_disbursements, write_disbursements

        check(actor, self.permission)
        read = read_disbursements(path, sheet)
        if not rehearse:
            preview = [(n, tuple(values)) for n, _c, values in read.rows[:PREVIEW_ROWS]]
            return Checked(
                self.kind, read.path, sheet or "", list(read.headers), len(read.rows),
                len(read.rows), [], preview, [n.text() for n in read.notices], [],
                _PaymentState(read, []),
            )  # fmt: skip
        result = write_disbursements(db, actor, read, dry_run=True, job=job)
        valid = {number for number, _cells in result.accepted}
        preview = [(n, tuple(values)) for n, _c, values in read.rows if n in valid]
        return Checked(
            self.kind, read.path, sheet or "", list(read.headers), result.rows, result.imported,
            [_refusal(r, read.headers) for r in result.refused], preview[:PREVIEW_ROWS],
            [n.text() for n in result.notices], [], _PaymentState(read, result.refused),
        )  # fmt: skip

    def write(
        self,
        db: Database,
        actor: Actor,
        checked: Checked,
        skip_invalid: bool,
        job: Job = NO_JOB,
        dry_run: bool = False,
        last: bool = False,
    ) -> Written:
        from reports.imports.disbursements import write_disbursements

        state: _PaymentState = checked.state
        result = write_disbursements(
            db, actor, state.read, dry_run=dry_run, skip_invalid=skip_invalid, job=job
        )
        # The refusals as they are now (something may have changed since the check).
        state.refusals = result.refused
        checked.refusals = [_refusal(r, checked.headers) for r in result.refused]
        checked.valid = result.imported
        data = result.summary()
        if not result.written:
            text = (
                _dry_run_text(result.imported)
                if dry_run
                else translate(N_("Nothing was recorded: some rows are refused."))
            )
            return Written(0, False, text, valid=result.imported, data=data)
        text = translate(N_("{n} payments recorded, {refused} refused rows left out.")).format(
            n=result.imported, refused=len(result.refused)
        )
        return Written(result.imported, True, text, valid=result.imported, data=data)


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
        rehearse: bool = True,
    ) -> Checked:
        from reports.imports.decisions import DecisionsResult, read_sheet, write_decisions

        check(actor, self.permission)
        read = read_sheet(path, sheet)
        result = (
            write_decisions(db, actor, read, dry_run=True, job=job)
            if rehearse
            else DecisionsResult(applied=len(read.decided), refused=list(read.refused))
        )
        refused = {r.row for r in result.refused}
        preview = [(n, values) for n, _d, values in read.decided if n not in refused]
        return Checked(
            self.kind, read.path, sheet or "", list(read.headers), read.rows, result.applied,
            [_refusal(r, read.headers) for r in result.refused], preview[:PREVIEW_ROWS],
            [n.text() for n in read.notices], [], _DecisionState(read, result.refused),
        )  # fmt: skip

    def write(
        self,
        db: Database,
        actor: Actor,
        checked: Checked,
        skip_invalid: bool,
        job: Job = NO_JOB,
        dry_run: bool = False,
        last: bool = False,
    ) -> Written:
        from reports.imports.decisions import write_decisions

        state: _DecisionState = checked.state
        result = write_decisions(db, actor, state.read, dry_run, job)
        state.refusals = result.refused
        checked.refusals = [_refusal(r, checked.headers) for r in result.refused]
        checked.valid = result.applied
        details = (
            translate(N_("{n} undecided")).format(n=result.undecided),
            translate(N_("{n} cases released")).format(n=result.released),
            translate(N_("{n} closed")).format(n=result.closed),
        )
        data = result.summary()
        if dry_run:
            return Written(0, False, _dry_run_text(result.applied), valid=result.applied,
                           details=details, data=data)  # fmt: skip
        text = translate(
            N_("{applied} decisions applied ({released} cases released, {closed} closed), "
               "{refused} refused, {undecided} rows without a decision."),
        ).format(applied=result.applied, released=result.released, closed=result.closed,
                 refused=len(result.refused), undecided=result.undecided)  # fmt: skip
        return Written(result.applied, result.applied > 0, text, valid=result.applied,
                       details=details, data=data)  # fmt: skip


@dataclass
class _DecisionState:
    read: Any
    refusals: list[RowRefusal]


IMPORTERS: dict[str, Importer] = {
    i.kind: i for i in (Registrations(), Disbursements(), Decisions())
}
