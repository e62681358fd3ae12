"""rgm demo, rgm export cases: demo data and the case list as a file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.app_context import AppContext
from desktop.commands import group
from desktop.signing import ensure_signing_key
from models.demo import load_demo
from models.i18n import _
from models.vocabulary import DEMO_CASES, label
from reports.agreements import demo_issuer
from reports.cases_export import DEFAULT_NAME, export_cases
from reports.xlsx_safe import output_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help=_("fill an empty database with realistic demo data"))
    p.add_argument("--cases", type=int, default=DEMO_CASES)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=run_demo)

    what = group(sub, "export", _("export data to a file"), "export_what")
    c = what.add_parser("cases", help=_("every case, one row each (.xlsx or .csv)"))
    c.add_argument(
        "--out", required=True, type=Path, help=_("FILE.xlsx, FILE.csv, or - for CSV on stdout")
    )
    c.set_defaults(handler=run_export_cases)


def run_demo(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    password = os.environ.get("RGM_PASSWORD")
    summary = load_demo(
        app.database(),
        actor,
        cases=args.cases,
        seed=args.seed,
        user_password=password,
        job=app.job(_("Demo data")),
        issue_agreement=demo_issuer(ensure_signing_key(app.database())),
    )
    states = ", ".join(f"{label(k)} {v}" for k, v in sorted(summary.by_state.items()))
    print(_("Loaded {n} demo cases ({states}).").format(n=summary.cases, states=states))
    if summary.users:
        print(
            _("Demo users (same password as yours): {users}").format(users=", ".join(summary.users))
        )
    return 0


def run_export_cases(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    out = output_path(args.out, DEFAULT_NAME, (".xlsx", ".csv"), stdout=True)
    if out is None:  # "-": CSV on standard output
        export_cases(app.database(), sys.stdout, actor=actor)
        return 0
    n = export_cases(app.database(), out, app.job(_("Exporting")), actor=actor)
    print(_("Exported {n} cases to {path}").format(n=n, path=out))
    return 0
