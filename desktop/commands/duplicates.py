"""rgm duplicates (full scan) and rgm duplicate decide (an approver's judgement on a pair)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from desktop.app_context import AppContext
from models.duplicate_review import decide, review_queue, scan
from models.duplicates import DEFAULT_THRESHOLD
from models.i18n import _
from reports.xlsx_safe import output_file, write_csv


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("duplicates", help=_("scan every returnee for possible duplicates"))
    p.add_argument("--csv", type=Path, metavar="OUT", help=_("also write the pairs to a CSV file"))
    p.add_argument("--json", action="store_true", help=_("print the pairs as JSON"))
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    p.add_argument("--no-save", action="store_true", help=_("report only; flag nothing for review"))
    p.set_defaults(handler=run_scan)

    d = sub.add_parser("duplicate", help=_("review flagged pairs"))
    dsub = d.add_subparsers(dest="duplicate_command", required=True, metavar=_("action"))
    ls = dsub.add_parser("list", help=_("list flagged pairs"))
    ls.add_argument(
        "--status", choices=("open", "same_person", "different_people", "all"), default="open"
    )
    ls.set_defaults(handler=run_list)
    dec = dsub.add_parser(
        "decide", help=_("mark a flagged pair as the same person or different people")
    )
    dec.add_argument("flag", type=int)
    dec.add_argument("decision", choices=("same", "different"))
    dec.add_argument("--note", default="")
    dec.set_defaults(handler=run_decide)


_HEADERS = ("case_a", "case_b", "source_a", "source_b", "score", "reasons", "flag", "status")


def _row(p) -> list[object]:  # type: ignore[no-untyped-def]
    return [
        p.case_a,
        p.case_b,
        p.source_a or "",
        p.source_b or "",
        f"{p.score:.3f}",
        p.reasons,
        p.flag_id or "",
        p.status,
    ]


def finish_pending(app: AppContext) -> None:
    """Check the registrations an interrupted import left unchecked (and say so)."""
    from models.registrations import finish_pending as finish

    checked, flagged, error = finish(
        app.database(), app.actor(), app.job(_("Checking for duplicates"))
    )
    if error is not None:
        print(
            "rgm: " + _("checking {n} earlier registrations for duplicates failed again: {error}")
            .format(n=checked, error=error),
            file=sys.stderr,
        )  # fmt: skip
    elif checked:
        print(
            _(
                "{n} registrations of an interrupted import checked for duplicates: {flagged} "
                "possible duplicates"
            ).format(n=checked, flagged=flagged),
            file=sys.stderr,
        )


def run_scan(args: argparse.Namespace, app: AppContext) -> int:
    app.notices = args.no_save  # saving, it first finishes what an interrupted import left
    actor = app.actor()
    # A path that cannot be written is refused before the scan, not after it.
    csv_out = output_file(args.csv, "duplicates.csv", (".csv",)) if args.csv else None
    if not args.no_save:
        finish_pending(app)
    result = scan(
        app.database(),
        actor,
        args.threshold,
        save=not args.no_save,
        job=app.job(_("Comparing returnees")),
    )
    if csv_out is not None:
        write_csv(csv_out, _HEADERS, (_row(p) for p in result.pairs))
    if args.json:
        json.dump(
            [dict(zip(_HEADERS, _row(p), strict=True)) for p in result.pairs],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    else:
        for p in result.pairs:
            print("\t".join(str(v) for v in _row(p)[:6]))
        print(
            _(
                "{n} possible duplicate pairs ({new} newly flagged for review), {c} candidate pairs compared in {s:.1f} s"
            ).format(
                n=len(result.pairs),
                new=result.new_flags,
                c=result.candidate_pairs,
                s=result.seconds,
            ),
            file=sys.stderr,
        )
    return 0


def run_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for p in review_queue(app.database(), None if args.status == "all" else args.status):
        print(
            "\t".join(
                str(v)
                for v in [p.flag_id, p.case_a, p.case_b, f"{p.score:.2f}", p.status, p.reasons]
            )
        )
    return 0


def run_decide(args: argparse.Namespace, app: AppContext) -> int:
    d = decide(app.database(), app.actor(), args.flag, args.decision == "same", args.note)
    if d.closed_case:
        print(
            _("Same person: case {closed} closed as a duplicate of {kept}").format(
                closed=d.closed_case, kept=d.kept_case
            )
        )
    elif d.status == "same_person":
        print(_("Same person recorded (no open case to close)"))
    else:
        print(_("Different people: this pair will not be flagged again"))
    return 0
