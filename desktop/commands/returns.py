"""rgm return: the monthly return to headquarters (and --submit to lock the month)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.app_context import AppContext
from models.i18n import _
from reports.return_build import make_return


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("return", help=_("write the monthly return to headquarters (.xlsx)"))
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument(
        "--out",
        type=Path,
        help=_("file or folder to write to (default name: RETURN-<office>-<month>.xlsx)"),
    )
    p.add_argument(
        "--submit", action="store_true", help=_("record the return as sent and lock the month")
    )
    p.set_defaults(handler=run_return)


def run_return(args: argparse.Namespace, app: AppContext) -> int:
    actor, db = app.actor(), app.database()
    result = make_return(
        db,
        actor,
        args.month,
        args.out,  # a file, a folder (the usual name in it) or nothing (the usual name here)
        submit=args.submit,
        job=app.job(_("Writing the return")),
    )
    print(
        _(
            "Wrote the return of {month} to {path}: {cases} cases, {pays} payments, data SHA-256 {sha}"
        ).format(
            month=args.month,
            path=result.path,
            cases=result.cases,
            pays=result.disbursements,
            sha=result.written.data_sha256[:16],
        )
    )
    if not result.office_key:
        print(_("Not signed: only finance and administrators sign for the office (a draft)"))
    elif result.anchor is not None:
        from models.office_keys import short_fingerprint

        print(
            _(
                "Signed with the office key {fingerprint}; audit anchor: {length} events, head {head}"
            ).format(
                fingerprint=short_fingerprint(result.office_key),
                length=result.anchor.length,
                head=result.anchor.head[:16],
            )
        )
    if result.written.missing_rate:
        print(
            _(
                "Warning: the exchange rate of {month} is missing; EUR amounts are empty and the return cannot be submitted"
            ).format(month=args.month)
        )
    if result.submitted:
        print(_("Submitted: the month {month} is now locked").format(month=args.month))
    return 0
