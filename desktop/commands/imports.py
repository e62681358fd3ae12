"""rgm import registrations|disbursements|decisions FILE, rgm template KIND.

One handler (``run_import``) over the importers the window's wizard uses
(``reports.imports.kinds``). Every kind of import takes the same options where they make sense
(``--dry-run``, ``--report``, ``--json``, ``--sheet``; ``--skip-invalid`` where refused rows block
the others; ``--mapping`` and ``--form`` for the field teams' registration files) and ends the
same way: the refused rows on stderr in one line shape (row and case, column, value as typed,
reason) or in the one error workbook, then one summary line and one exit rule (``_conclude``): 1
when rows are refused and not left out, a dry run as the real run."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.advice import cli_advice
from desktop.app_context import AppContext
from desktop.commands import group
from desktop.commands.duplicates import finish_pending
from models.errors import Refused, Unusable
from models.i18n import N_, _, current_language
from models.permissions import check
from reports.column_map import read_mapping
from reports.imports.kinds import IMPORTERS, Refusal
from reports.templates import KINDS, write_template
from reports.xlsx_safe import output_file


def _import_parser(
    imp: argparse._SubParsersAction[argparse.ArgumentParser],
    kind: str,
    help_text: str,
    handler: Any,
    skip_invalid: bool = True,
) -> argparse.ArgumentParser:
    """``rgm import KIND FILE`` with the options every import shares."""
    parser = imp.add_parser(kind, help=help_text)
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help=_("check and count; write nothing"))
    if skip_invalid:
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help=_("import the valid rows, skip the refused"),
        )
    parser.add_argument(
        "--report", type=Path, metavar="OUT.xlsx", help=_("write the refused rows to fix")
    )
    parser.add_argument("--json", action="store_true", help=_("print one JSON summary"))
    parser.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first "
                                                           "with a header row)"))  # fmt: skip
    parser.set_defaults(handler=handler)
    return parser


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = group(sub, "import", _("import a workbook"), "import_what")
    reg = _import_parser(
        imp,
        "registrations",
        _("returnees from a field team's workbook or CSV file (KoboToolbox and ODK exports too)"),
        run_import,
    )
    reg.add_argument(
        "--mapping", type=Path, metavar="MAP.json", help='{"header as written": "field"}'
    )
    reg.add_argument(
        "--form",
        type=Path,
        metavar="FORM.xlsx",
        help=_("the XLSForm of a KoboToolbox/ODK export: its questions and choice labels"),
    )
    # A review sheet's valid decisions are applied whatever the others (no --skip-invalid).
    _import_parser(
        imp,
        "decisions",
        _("re-screening decisions from a filled review sheet"),
        run_import,
        skip_invalid=False,
    )
    _import_parser(
        imp,
        "disbursements",
        _("payments from a finance workbook or CSV file"),
        run_import,
    )

    tpl = sub.add_parser("template", help=_("write a blank import template"))
    tpl.add_argument("kind", choices=KINDS)
    tpl.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    tpl.add_argument(
        "--format",
        choices=("workbook", "xlsform"),
        default="workbook",
        help=_("xlsform: the registration form for KoboToolbox/ODK (with the office's lists "
               "of transit centres and border posts when signed in with --user)"),
    )  # fmt: skip
    tpl.set_defaults(handler=run_template)


@dataclass(frozen=True)
class Outcome:
    """What every kind of import ends with, for the one summary and the one exit rule.

    ``valid``: rows accepted (written, or that would be); ``written``: whether the rows were
    written; ``blocking``: refused rows stop the others (registrations, payments: all or
    nothing unless ``--skip-invalid``) or not (decisions: the others are applied);
    ``details``: the kind's own counts, translated ("3 already present")."""

    rows: int
    valid: int
    refused: int
    written: bool
    blocking: bool
    details: tuple[str, ...] = ()


def _conclude(outcome: Outcome, args: argparse.Namespace) -> int:
    """The one ending of ``rgm import KIND``: a summary line (unless ``--json``), then the exit
    status, the same for every kind and for a dry run as for the real run:

    - 0 when no row is refused, or when the refused were left out as asked (``--skip-invalid``);
    - 1 (a one-line refusal on stderr) when rows are refused and were not left out: nothing was
      written for a blocking kind, the other rows were applied for decisions;
    - 2 (raised before, ``Unusable``) when the file itself cannot be read.
    """
    if not args.json:
        counts = (
            _("{rows} rows: {valid} imported, {refused} refused")
            if outcome.written
            else _("{rows} rows: {valid} valid, {refused} refused")
        ).format(rows=outcome.rows, valid=outcome.valid, refused=outcome.refused)
        print(", ".join((counts, *outcome.details)))
        if args.dry_run:
            print(_("Dry run: nothing was written ({n} rows would be imported).").format(
                n=outcome.valid))  # fmt: skip
        if args.report and outcome.refused:
            print(_("Rows to fix written to {path}").format(path=args.report))
    skipped = getattr(args, "skip_invalid", False)
    if not outcome.refused or (outcome.blocking and skipped):
        return 0
    if not outcome.blocking:
        raise Refused(
            N_("{n} decisions would be refused")
            if args.dry_run
            else N_("{n} decisions refused; the others were applied"),
            n=outcome.refused,
        )
    raise Refused(
        N_(
            "{n} rows refused: nothing would be imported. Fix them (--report OUT.xlsx writes "
            "them out) or import the others with --skip-invalid."
        )
        if args.dry_run
        else N_(
            "{n} rows refused: nothing was imported. Fix them (--report OUT.xlsx writes them "
            "out) or import the others with --skip-invalid."
        ),
        n=outcome.refused,
    )


def _refusal_line(refusal: Refusal) -> str:
    """One refused row on stderr, the same for every kind: its row (and the case it names),
    the column, the value as typed and the reason."""
    row = (
        _("row {row} ({case})").format(row=refusal.row, case=refusal.case)
        if refusal.case
        else _("row {row}").format(row=refusal.row)
    )
    return _("{row}, {column}, {value!r}: {reason}").format(
        row=row, column=refusal.field or "-", value=refusal.value[:80], reason=refusal.reason
    )


def run_import(args: argparse.Namespace, app: AppContext) -> int:
    """``rgm import KIND``: the window's importer (``reports.imports.kinds``) checks the file,
    then writes it (or, ``--dry-run``, rehearses the write), then the one ending."""
    importer = IMPORTERS[args.import_what]
    if importer.pending_checks:
        app.notices = False  # what an interrupted import left unchecked is checked below
    actor = app.actor()  # sign in first: a wrong password should not wait for the file
    _prepare(args, app)  # nor a --report that cannot be written
    check(actor, importer.permission)  # nor a user who may not import this kind
    db = app.database()
    if importer.pending_checks and not args.dry_run:
        finish_pending(app)
    mapping = read_mapping(args.mapping) if getattr(args, "mapping", None) else None
    started = time.perf_counter()
    # Only the file's own checks: the write tries every row against the database, once.
    checked = importer.check(db, actor, args.file, args.sheet, mapping,
                             getattr(args, "form", None), app.job(_("Reading")),
                             rehearse=False)  # fmt: skip
    for notice in checked.notices:  # a guessed encoding, a sheet left aside
        print(notice, file=sys.stderr)
    skip = getattr(args, "skip_invalid", False)
    written = importer.write(
        db, actor, checked, skip, app.job(_("Writing")), dry_run=args.dry_run, last=True
    )
    if args.report and checked.refusals:
        importer.save_refusals(checked, args.report, current_language())
    if args.json:
        data = {**written.data, "notices": checked.notices}
        data["seconds"] = round(time.perf_counter() - started, 3)  # reading included
        print(json.dumps(data, ensure_ascii=False))
    else:
        for refusal in checked.refusals:
            print(_refusal_line(refusal), file=sys.stderr)
        if checked.unknown_columns:
            ignored = ", ".join(checked.unknown_columns)
            print(_("Columns ignored: {columns}").format(columns=ignored))
    if written.warning:  # the rows are in; what came after them failed
        print(cli_advice(written.warning, written.advice), file=sys.stderr)
    outcome = Outcome(checked.rows, written.valid, checked.refused_rows, written.written,
                      importer.blocking, written.details)  # fmt: skip
    return _conclude(outcome, args)


def _prepare(args: argparse.Namespace, app: AppContext) -> None:
    """Before any work: a path for ``--report`` that cannot be written is refused first, and so
    is one of the files read (the refused rows would replace the field team's file)."""
    if args.report:
        inputs = (args.file, getattr(args, "form", None), getattr(args, "mapping", None))
        args.report = output_file(
            args.report, args.file.stem + "-refused.xlsx", (".xlsx",), inputs=inputs
        )


def run_template(args: argparse.Namespace, app: AppContext) -> int:
    if args.format == "xlsform":
        return _write_xlsform(args, app)
    path = write_template(args.kind, args.out, current_language())
    print(_("Template written to {path}").format(path=path))
    return 0


def _write_xlsform(args: argparse.Namespace, app: AppContext) -> int:
    from reports.xlsform_template import write_office_xlsform

    if args.kind != "registrations":
        raise Unusable(N_("Only the registrations template exists as an XLSForm."))
    signed_in = app.user and app.exists()  # the office's own lists need its database, a user
    actor = app.actor() if signed_in else None
    db = app.database() if signed_in else None
    path = write_office_xlsform(args.out, db, actor, current_language())
    print(_("XLSForm written to {path}").format(path=path))
    return 0
