"""rgm consolidate: merge several offices' monthly returns into one workbook (no database).

Each return must be signed with the key registered for its office (``rgm hq trust``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app_context import AppContext
from models.i18n import _
from reports.consolidate import consolidate
from reports.xlsx_safe import output_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "consolidate",
        help=_("merge several offices' monthly returns into one workbook (.xlsx)"),
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("monthly returns (.xlsx)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.set_defaults(handler=run_consolidate)


def run_consolidate(args: argparse.Namespace, app: AppContext) -> int:
    from desktop.commands.keys import trusted_folder
    from reports.trusted_keys import trusted_keys

    out = output_file(args.out, "consolidated.xlsx", (".xlsx",), inputs=args.files)
    result = consolidate(
        args.files,
        out,
        trusted_keys(trusted_folder()),
        job=app.job(_("Consolidating")),
    )
    print(
        _("Consolidated {n} returns ({offices}) into {path}").format(
            n=len(result.offices),
            offices=", ".join(f"{office} {month}" for office, month in result.offices),
            path=out,
        )
    )
    return 0
