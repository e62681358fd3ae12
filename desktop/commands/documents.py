"""rgm agreement, rgm agreements, rgm verify: printing and checking grant agreements."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import paths
from desktop.app_context import AppContext
from desktop.signing import ensure_signing_key
from models.i18n import _, translate
from reports import agreements
from reports.agreement_pdf import render_batch
from reports.amount_words import format_amount
from reports.xlsx_safe import output_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = sub.add_parser("agreement", help=_("print the grant agreement of a case (PDF)"))
    a.add_argument("case")
    a.add_argument(
        "--lang",
        dest="agreement_lang",
        choices=("fr", "en"),
        help=_("language of the agreement (default: the case's)"),
    )
    a.add_argument("--out", type=Path, help=_("PDF file to write"))
    a.set_defaults(handler=run_agreement)

    b = sub.add_parser(
        "agreements", help=_("print the agreements of every case in a state, as one PDF")
    )
    b.add_argument("--status", default="approved", choices=agreements.BATCH_STATES)
    b.add_argument("--out", type=Path, required=True)
    b.set_defaults(handler=run_batch)

    v = sub.add_parser(
        "verify", help=_("check an agreement's verification code (as printed, or the QR content)")
    )
    v.add_argument("code")
    v.set_defaults(handler=run_verify)


def _templates() -> Path | None:
    """An admin's adapted agreement texts (``<data folder>/agreements/fr.toml``, ``en.toml``)."""
    folder = paths.data_dir() / "agreements"
    return folder if folder.is_dir() else None


def run_agreement(args: argparse.Namespace, app: AppContext) -> int:
    actor, db = app.actor(), app.database()
    if args.out is None:
        from models.errors import Refused
        from models.i18n import N_

        raise Refused(N_("say where to write the PDF with --out FILE.pdf"))
    out = output_file(args.out, None, (".pdf",))  # before anything is issued
    issued = agreements.issue(
        db, actor, args.case, ensure_signing_key(db), lang=args.agreement_lang
    )
    render_batch([issued.document], out, templates=_templates())
    what = _("copy {n} of").format(n=issued.copy_number) + " " if issued.copy_number else ""
    print(
        _("Printed {what}agreement {number} to {path}; verification code {code}").format(
            what=what, number=issued.number, path=out, code=issued.code
        )
    )
    for number in issued.voided:
        print(_("Agreement {number} is void (the grant changed)").format(number=number))
    return 0


def run_batch(args: argparse.Namespace, app: AppContext) -> int:
    actor, db = app.actor(), app.database()
    out = output_file(args.out, None, (".pdf",))  # before anything is issued
    batch = agreements.issue_batch(db, actor, ensure_signing_key(db), status=args.status)
    issued = batch.issued
    for _number, why in batch.plan.skipped:
        print(_("Not printed: {why}").format(why=why), file=sys.stderr)
    render_batch(
        [i.document for i in issued],
        out,
        job=app.job(_("Printing agreements")),
        templates=_templates(),
    )
    print(_("Printed {n} agreements to {path}").format(n=len(issued), path=out))
    return 0


def run_verify(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    db = app.database()
    result = agreements.verify(db, ensure_signing_key(db), args.code)
    lines = [translate(result.message)]
    if result.agreement_number:
        lines.append(
            _("Agreement {number}, case {case}").format(
                number=result.agreement_number, case=result.case_number
            )
        )
    if result.returnee_name and result.total is not None and result.currency:
        lang = "fr" if _("yes") == "oui" else "en"
        lines.append(
            _("Issued to {name} for {amount}").format(
                name=result.returnee_name, amount=format_amount(result.total, result.currency, lang)
            )
        )
    print("\n".join(lines))
    return 0 if result.valid else 1
