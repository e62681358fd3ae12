"""rgm export review-sheet, rgm import decisions, rgm import disbursements."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.app_context import AppContext
from desktop.commands import group
from models.errors import Refused
from models.i18n import N_, _
from models.vocabulary import STATES
from reports.disbursement_import import import_disbursements
from reports.imports.error_workbook import write_refusals
from reports.review_sheet import Scope, import_decisions, write_review_sheet
from reports.xlsx_safe import output_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = group(sub, "export", _("export data to a file"), "export_what")
    rs = export.add_parser("review-sheet", help=_("the re-screening sheet of a scope"))
    scope = rs.add_mutually_exclusive_group()
    scope.add_argument("--suspension", type=int, metavar="ID")
    scope.add_argument("--centre", metavar="NAME")
    scope.add_argument("--state", choices=STATES)
    rs.add_argument("--out", required=True, type=Path)
    rs.set_defaults(handler=run_review_sheet)

    imp = group(sub, "import", _("import a workbook"), "import_what")
    dec = imp.add_parser("decisions", help=_("re-screening decisions from a filled review sheet"))
    dec.add_argument("file", type=Path)
    dec.add_argument("--dry-run", action="store_true")
    dec.add_argument("--report", type=Path, metavar="OUT.xlsx")
    dec.add_argument("--json", action="store_true")
    dec.set_defaults(handler=run_import_decisions)
    dis = imp.add_parser("disbursements", help=_("payments from a finance workbook or CSV file"))
    dis.add_argument("file", type=Path)
    dis.add_argument("--dry-run", action="store_true")
    dis.add_argument("--skip-invalid", action="store_true")
    dis.add_argument("--report", type=Path, metavar="OUT.xlsx")
    dis.add_argument("--json", action="store_true")
    dis.set_defaults(handler=run_import_disbursements)


def run_review_sheet(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    out = output_file(args.out, "review-sheet.xlsx", (".xlsx",))
    n = write_review_sheet(
        app.database(),
        actor,
        Scope(args.suspension, args.centre, args.state),
        out,
        app.progress(_("Review sheet")),
    )
    print(_("Wrote {n} cases to {path}").format(n=n, path=out))
    return 0


def _finish(
    summary: dict[str, Any], refused: list[Any], args: argparse.Namespace, headers: list[str]
) -> None:
    for notice in summary.get("notices", []):  # a guessed encoding
        print(notice, file=sys.stderr)
    if args.report and refused:
        write_refusals(args.report, headers, refused)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return
    for r in refused:
        print(_("row {row} {case}: {message}").format(row=r.row, case=r.case, message=r.message))


def _report_path(args: argparse.Namespace) -> None:
    """Check ``--report`` before any work: a path that cannot be written is refused first."""
    if args.report:
        args.report = output_file(args.report, args.file.stem + "-refused.xlsx", (".xlsx",))


def run_import_decisions(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    _report_path(args)
    result = import_decisions(
        app.database(), actor, args.file, args.dry_run, app.progress(_("Decisions"))
    )
    _finish(result.summary(), result.refused, args, result.headers)
    if not args.json:
        text = (
            _(
                "{applied} decisions valid (dry run: nothing written), {refused} refused, {undecided} undecided"
            )
            if args.dry_run
            else _("{applied} decisions applied, {refused} refused, {undecided} undecided")
        )
        print(
            text.format(
                applied=result.applied, refused=len(result.refused), undecided=result.undecided
            )
        )
    if result.refused:
        raise Refused(
            N_("{n} decisions refused; the others were applied")
            if not args.dry_run
            else N_("{n} decisions would be refused"),
            n=len(result.refused),
        )
    return 0


def run_import_disbursements(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    _report_path(args)
    result = import_disbursements(
        app.database(),
        actor,
        args.file,
        args.dry_run,
        args.skip_invalid,
        progress=app.progress(_("Payments")),
    )
    _finish(result.summary(), result.refused, args, result.headers)
    if not args.json:
        if result.written:
            print(_("{n} payments recorded").format(n=result.imported))
        else:
            print(
                _("Nothing written: {valid} valid, {refused} refused").format(
                    valid=result.imported, refused=len(result.refused)
                )
            )
    if result.refused and not args.skip_invalid:
        raise Refused(N_("{n} rows refused; nothing was written"), n=len(result.refused))
    return 0
