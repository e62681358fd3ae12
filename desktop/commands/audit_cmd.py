"""rgm audit verify: check that no audit event was altered or removed, also against returns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.app_context import AppContext
from models.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help=_("check the audit trail"))
    a = p.add_subparsers(dest="audit_command", required=True, metavar=_("action"))
    v = a.add_parser("verify", help=_("report the first audit event altered or removed"))
    v.add_argument(
        "--against",
        nargs="+",
        type=Path,
        default=[],
        metavar="RETURN.xlsx",
        help=_(
            "also check that the trail still holds the audit anchor of these submitted returns "
            "(headquarters' copies)"
        ),
    )
    v.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace, app: AppContext) -> int:
    from reports.audit_anchors import verify_trail  # workbooks only when returns are given

    app.actor()
    db = app.database()
    result = verify_trail(db, args.against, app.job(_("Checking the audit trail")))
    if result.problem is not None:
        print("rgm: " + result.problem.text(), file=sys.stderr)
        return 1
    print(
        _("Audit trail intact: {n} events, {anchors} anchors of returns held").format(
            n=result.events, anchors=result.anchors
        )
    )
    if result.unsealed_head:
        print(
            _(
                "The chain head was written by a previous version and carries no seal yet; it "
                "will be sealed at the next change"
            )
        )
    return 0
