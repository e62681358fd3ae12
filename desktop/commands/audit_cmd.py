"""rgm audit verify: check that no audit event was altered or removed."""

from __future__ import annotations

import argparse
import sys

from desktop.app_context import AppContext
from models import audit
from models.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("audit", help=_("check the audit trail"))
    a = p.add_subparsers(dest="audit_command", required=True, metavar=_("action"))
    v = a.add_parser("verify", help=_("report the first audit event altered or removed"))
    v.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    db = app.database()
    with db.reading() as s:
        count = s.query(audit.AuditEvent).count()
        problem = audit.verify(s, app.progress(_("Checking the audit trail")))
    if problem is not None:
        print("rgm: " + problem.text(), file=sys.stderr)
        return 1
    print(_("Audit trail intact: {n} events").format(n=count))
    return 0
