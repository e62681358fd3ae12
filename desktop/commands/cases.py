"""rgm register, rgm case ..., rgm suspend, rgm suspension ..., rgm intake."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desktop.app_context import AppContext
from desktop.commands import iso_date
from models.case_file import load_case_file
from models.cases import close_case, mark_signed, register_one
from models.errors import Refused
from models.holds import (
    close_suspension,
    get_suspension,
    held_case_numbers,
    list_suspensions,
    open_suspension,
    place_hold,
    release_hold,
)
from models.i18n import N_, _
from models.intake import HISTORY_WEEKS, MIN_COUNT, P_THRESHOLD, RULE, weekly_intake
from models.lifecycle import options_for, possible
from models.screening import CHECKLIST, decide
from models.vocabulary import CLOSE_REASONS, DECISIONS, SUSPENSION_SCOPES, label, roles_text
from reports.imports.registration_check import check_registration
from reports.registration_fields import FIELDS

# A field's option when the option is not the field's name with dashes.
_OPTION = {"vulnerabilities": "vulnerability"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = sub.add_parser("register", help=_("register one returnee and open their case"))
    for flag, required in (
        ("--family-name", True),
        ("--given-names", True),
        ("--sex", True),
        ("--birth-date", True),
        ("--nationality", True),
        ("--country-of-origin", False),
        ("--document-type", False),
        ("--document-number", False),
        ("--phone", False),
        ("--place-of-origin", False),
        ("--returned-from", False),
        ("--border-post", False),
        ("--arrival-date", False),
        ("--transit-centre", False),
        ("--household-size", False),
        ("--consent-date", False),
        ("--source-ref", False),
        ("--notes", False),
    ):
        r.add_argument(flag, required=required)
    r.add_argument("--vulnerability", action="append", default=[])
    r.add_argument("--language", choices=("fr", "en"), default=None)
    r.set_defaults(handler=run_register)

    case = sub.add_parser("case", help=_("show, screen, hold, release, sign or close a case"))
    cs = case.add_subparsers(dest="case_command", required=True, metavar=_("action"))
    show = cs.add_parser("show", help=_("a case: state, holds, grant, payments, visits"))
    show.add_argument("case")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    screen = cs.add_parser(
        "screen",
        help=_("decide eligibility; checklist items: {items}").format(
            items=", ".join(i.code for i in CHECKLIST)
        ),
    )
    screen.add_argument("case")
    screen.add_argument("--decision", required=True, choices=DECISIONS)
    screen.add_argument("--reason", default="")
    screen.add_argument(
        "--answer", action="append", default=[], metavar="ITEM=VALUE", help=_("repeat per item")
    )
    screen.add_argument("--version", type=int, help=_("refuse if the case changed since"))
    screen.set_defaults(handler=run_screen)
    hold = cs.add_parser("hold", help=_("put a case on hold"))
    hold.add_argument("case")
    hold.add_argument("--reason", required=True)
    hold.set_defaults(handler=run_hold)
    rel = cs.add_parser("release", help=_("release the holds placed by hand on a case"))
    rel.add_argument("case")
    rel.add_argument("--note", required=True)
    rel.set_defaults(handler=run_release)
    sign = cs.add_parser("sign", help=_("record that the returnee signed the agreement"))
    sign.add_argument("case")
    sign.add_argument("--note", default="")
    sign.set_defaults(handler=run_sign)
    close = cs.add_parser("close", help=_("close a case with a reason"))
    close.add_argument("case")
    close.add_argument("--reason", required=True, choices=CLOSE_REASONS)
    close.add_argument("--note", default="")
    close.add_argument("--duplicate-of", metavar="CASE")
    close.set_defaults(handler=run_close)

    sus = sub.add_parser("suspend", help=_("suspend assistance for a scope (admin)"))
    sus.add_argument("--scope", required=True, choices=SUSPENSION_SCOPES)
    sus.add_argument("--value", help=_("country code or transit centre"))
    sus.add_argument("--from", dest="date_from", type=iso_date)
    sus.add_argument("--to", dest="date_to", type=iso_date)
    sus.add_argument("--reason", required=True)
    sus.set_defaults(handler=run_suspend)
    sl = sub.add_parser("suspension", help=_("list, show or close suspensions"))
    ss = sl.add_subparsers(dest="suspension_command", required=True, metavar=_("action"))
    ss.add_parser("list", help=_("every suspension and its progress")).set_defaults(
        handler=run_suspension_list
    )
    sshow = ss.add_parser("show", help=_("one suspension and the cases it still holds"))
    sshow.add_argument("id", type=int)
    sshow.set_defaults(handler=run_suspension_show)
    sclose = ss.add_parser("close", help=_("close a suspension (admin)"))
    sclose.add_argument("id", type=int)
    sclose.add_argument("--release-remaining", action="store_true")
    sclose.add_argument("--note", default="")
    sclose.set_defaults(handler=run_suspension_close)

    intake = sub.add_parser("intake", help=_("weekly registrations with unusual weeks flagged"))
    intake.add_argument("--weeks", type=int, default=8)
    intake.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    intake.add_argument("--flagged", action="store_true", help=_("only the flagged weeks"))
    intake.add_argument("--json", action="store_true")
    intake.set_defaults(handler=run_intake)


def run_register(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    today = dt.date.today()
    cells: dict[str, Any] = {
        field: getattr(args, field, None) for field in FIELDS if field != "vulnerabilities"
    }
    cells["vulnerabilities"] = " ".join(args.vulnerability) or None
    cells["consent_date"] = args.consent_date or today.isoformat()  # registered today: consent
    checked = check_registration(cells, today)  # the import's rules, one row
    if checked.errors:  # the first refusal, named by its option
        field, problem = next(iter(checked.errors.items()))
        option = _OPTION.get(field, field.replace("_", "-"))
        raise Refused(N_("--{field}: {problem}"), field=option, problem=problem)
    values = {**checked.values, "language": args.language}
    done = register_one(app.database(), actor, values)
    view = load_case_file(app.database(), done.case_number)
    held = _(" (held on arrival: an open suspension covers it)") if view.on_hold else ""
    print(_("Registered case {case}").format(case=done.case_number) + held)
    for pair in done.possible_duplicates:
        other = pair.case_b if pair.case_a == done.case_number else pair.case_a
        print(
            _("Possible duplicate of case {other} (flag {flag}, score {score}): {reasons}").format(
                other=other, flag=pair.flag_id, score=f"{pair.score:.2f}", reasons=pair.reasons
            )
        )
    if done.possible_duplicates:
        print(
            _(
                "The case waits until these pairs are decided (an approver or an administrator "
                'who did not register either case: "rgm duplicate decide FLAG same|different")'
            )
        )
    return 0


def _money(amount: Any, currency: str) -> str:
    return f"{amount} {currency}"


def run_show(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    f = load_case_file(app.database(), args.case)
    step = f.next_step
    opts = options_for(actor, f.facts)
    mine = [o for o in opts if o.allowed]
    others = [o for o in possible(opts) if not o.allowed]
    if args.json:
        data = {
            "case": f.number,
            "state": f.state,
            "closed_reason": f.closed_reason,
            "duplicate_of": f.duplicate_of,
            "on_hold": f.on_hold,
            "version": f.version,
            "next_step": None if step is None else {"action": step.action, "text": step.text()},
            "actions": [
                {
                    "action": o.action,
                    "allowed": o.allowed,
                    "reason": None if o.reason is None else o.reason.text(),
                    "roles": list(o.roles),
                }
                for o in opts
            ],
            "grants": [
                {
                    "version": g.version,
                    "state": g.state,
                    "total": str(g.total),
                    "currency": g.currency,
                    "instalments": [
                        {
                            "number": i.number,
                            "amount": str(i.amount),
                            "condition": i.condition,
                            "paid": str(i.paid),
                        }
                        for i in g.instalments
                    ],
                }
                for g in f.grants
            ],
            "payments": [
                {
                    "receipt_ref": p.receipt_ref,
                    "instalment": p.instalment,
                    "amount": str(p.amount),
                    "paid_on": p.paid_on.isoformat(),
                    "eur": None if p.eur is None else str(p.eur),
                }
                for p in f.payments
            ],
            "visits": [
                {"on": v.visited_on.isoformat(), "condition_met": v.condition_met, "final": v.final}
                for v in f.visits
            ],
        }
        print(json.dumps(data, ensure_ascii=False))
        return 0
    v = f.identity.values
    state = f.state_text()
    print(f"{f.number}  {v['family_name']} {v['given_names']}  {v['country_of_origin']}")
    print(_("State: {state}").format(state=state) + (_(", on hold") if f.on_hold else ""))
    if step is not None:
        print(_("Next: {step}").format(step=step.text()))
    if mine:
        print(_("You may: {actions}").format(actions=", ".join(o.label() for o in mine)))
    if others:
        print(
            _("Others may: {actions}").format(
                actions="; ".join(f"{o.label()} ({roles_text(o.roles)})" for o in others)
            )
        )
    for g in f.grants:
        print(
            _("Grant v{version} ({state}): {total}").format(
                version=g.version, state=label(g.state), total=_money(g.total, g.currency)
            )
        )
        for i in g.instalments:
            print(
                "  "
                + _("instalment {n}: {amount}, {condition}, paid {paid}").format(
                    n=i.number,
                    amount=_money(i.amount, g.currency),
                    condition=label(i.condition),
                    paid=_money(i.paid, g.currency),
                )
            )
    for p in f.payments:
        eur = _("no exchange rate") if p.eur is None else f"{p.eur} EUR"
        print(
            "  "
            + _("paid {amount} on {date} ({method}, {ref}; {eur})").format(
                amount=_money(p.amount, p.currency),
                date=p.paid_on.isoformat(),
                method=label(p.method),
                ref=p.receipt_ref,
                eur=eur,
            )
        )
    for visit in f.visits:
        print(
            "  "
            + _("visit on {date}: condition {met}{final}").format(
                date=visit.visited_on.isoformat(),
                met=_("met") if visit.condition_met else _("not met"),
                final=_(", final") if visit.final else "",
            )
        )
    return 0


def _answers(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise Refused(N_("--answer takes ITEM=VALUE, not {value!r}"), value=pair)
        out[key.strip()] = value.strip()
    return out


def run_screen(args: argparse.Namespace, app: AppContext) -> int:
    out = decide(
        app.database(),
        app.actor(),
        args.case,
        args.decision,
        args.reason,
        _answers(args.answer),
        args.version,
    )
    print(
        _("{case}: {decision}, {from_state} → {to_state}").format(
            case=out.case_number,
            decision=label(out.decision),
            from_state=label(out.from_state),
            to_state=label(out.to_state),
        )
        + (_(" (still on hold)") if out.still_on_hold else "")
    )
    return 0


def run_hold(args: argparse.Namespace, app: AppContext) -> int:
    h = place_hold(app.database(), app.actor(), args.case, args.reason)
    print(_("{case} is on hold: {reason}").format(case=h.case_number, reason=h.reason))
    return 0


def run_release(args: argparse.Namespace, app: AppContext) -> int:
    released = release_hold(app.database(), app.actor(), args.case, args.note)
    print(_("{case}: {n} hold(s) released").format(case=released[0].case_number, n=len(released)))
    return 0


def run_sign(args: argparse.Namespace, app: AppContext) -> int:
    view = mark_signed(app.database(), app.actor(), args.case, args.note)
    print(_("{case} is signed").format(case=view.number))
    return 0


def run_close(args: argparse.Namespace, app: AppContext) -> int:
    view = close_case(
        app.database(), app.actor(), args.case, args.reason, args.note, args.duplicate_of
    )
    print(_("{case} is closed ({reason})").format(case=view.number, reason=label(args.reason)))
    return 0


def _progress(v: Any) -> str:
    return _("{done} of {total} re-screened").format(done=f"{v.released:,}", total=f"{v.held:,}")


def _scope(v: Any) -> str:
    parts = [label(v.scope)] + ([v.scope_value] if v.scope_value else [])
    if v.date_from or v.date_to:
        parts.append(
            f"{v.date_from.isoformat() if v.date_from else '…'}–"
            f"{v.date_to.isoformat() if v.date_to else '…'}"
        )
    return " ".join(parts)


def run_suspend(args: argparse.Namespace, app: AppContext) -> int:
    v = open_suspension(
        app.database(),
        app.actor(),
        args.scope,
        args.reason,
        args.value,
        args.date_from,
        args.date_to,
    )
    print(
        _("Suspension {id} opened ({scope}): {n} cases put on hold").format(
            id=v.id, scope=_scope(v), n=f"{v.held:,}"
        )
    )
    return 0


def run_suspension_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for v in list_suspensions(app.database()):
        status = _("open") if v.open else _("closed")
        print(f"{v.id}\t{status}\t{_scope(v)}\t{_progress(v)}\t{v.reason}")
    return 0


def run_suspension_show(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    db = app.database()
    v = get_suspension(db, args.id)
    status = _("open") if v.open else _("closed")
    print(_("Suspension {id} ({status}): {scope}").format(id=v.id, status=status, scope=_scope(v)))
    print(v.reason)
    print(_progress(v))
    for number in held_case_numbers(db, v.id):
        print(number)
    return 0


def run_suspension_close(args: argparse.Namespace, app: AppContext) -> int:
    v = close_suspension(app.database(), app.actor(), args.id, args.release_remaining, args.note)
    print(_("Suspension {id} closed; {progress}").format(id=v.id, progress=_progress(v)))
    return 0


def run_intake(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    rows = weekly_intake(app.database(), args.weeks, args.today)
    rule = _(RULE).format(min=MIN_COUNT, p=P_THRESHOLD, weeks=HISTORY_WEEKS)
    if args.flagged:
        rows = [r for r in rows if r.flagged]
    if args.json:
        print(
            json.dumps(
                {
                    "rule": rule,
                    "weeks": [
                        {
                            "dimension": r.dimension,
                            "value": r.value,
                            "week": r.week.isoformat(),
                            "count": r.count,
                            "baseline": round(r.baseline, 2),
                            "p_value": r.p_value,
                            "flagged": r.flagged,
                        }
                        for r in rows
                    ],
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(rule)
    header = (_("by"), _("value"), _("week of"), _("count"), _("12-week mean"), _("p"), "")
    print("\t".join(header))
    for r in rows:
        by = _("border post") if r.dimension == "border_post" else _("nationality")
        print(
            "\t".join(
                (
                    by,
                    r.value,
                    r.week.isoformat(),
                    str(r.count),
                    f"{r.baseline:.1f}",
                    f"{r.p_value:.2g}",
                    _("UNUSUAL") if r.flagged else "",
                )
            )
        )
    return 0
