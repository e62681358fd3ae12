"""rgm export review-sheet (its import: ``rgm import decisions``, desktop/commands/imports.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app_context import AppContext
from desktop.commands import group
from models.i18n import _
from models.vocabulary import STATES
from reports.review_sheet import Scope, write_review_sheet
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


def run_review_sheet(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    out = output_file(args.out, "review-sheet.xlsx", (".xlsx",))
    n = write_review_sheet(
        app.database(),
        actor,
        Scope(args.suspension, args.centre, args.state),
        out,
        app.job(_("Review sheet")),
    )
    print(_("Wrote {n} cases to {path}").format(n=n, path=out))
    return 0
