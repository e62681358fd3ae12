"""rgm grant, rgm pay, rgm adjust, rgm visit, rgm rate, rgm catalogue, rgm supplier."""

from __future__ import annotations

import argparse
import datetime as dt

from desktop.app_context import AppContext
from desktop.commands import iso_date
from models.catalogue_edit import list_catalogue, parse_plan, set_package
from models.errors import Refused
from models.grants import GrantView, ItemInput, approve_grant, case_grants, plan_grant
from models.i18n import N_, _
from models.monitoring import record_visit
from models.months import month_of
from models.payments import PaymentInput, adjust_payment, list_rates, record_payment, set_rate
from models.suppliers import add_supplier, list_suppliers
from models.vocabulary import CONDITIONS, DIMENSIONS, MODALITIES, PAYMENT_METHODS, label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = sub.add_parser(
        "grant",
        help=_(
            "plan a grant: rgm grant CASE --item CODE:AMOUNT[:SUPPLIER]; rgm grant approve CASE"
        ),
    )
    g.add_argument("target", nargs="+", metavar="[approve|show] CASE")
    g.add_argument("--item", action="append", default=[], metavar="CODE:AMOUNT[:SUPPLIER]")
    g.add_argument(
        "--instalment",
        action="append",
        default=[],
        metavar="AMOUNT:CONDITION",
        help=_("instead of the catalogue's plan; conditions: {c}").format(c=", ".join(CONDITIONS)),
    )
    g.add_argument("--override-reason", help=_("exceed the ceiling (administrator)"))
    g.set_defaults(handler=run_grant)

    p = sub.add_parser("pay", help=_("record a payment against an instalment"))
    p.add_argument("case")
    p.add_argument("--instalment", type=int, required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--method", required=True, choices=PAYMENT_METHODS)
    p.add_argument("--ref", required=True, help=_("receipt reference (unique)"))
    p.add_argument("--date", type=iso_date, help=_("date paid (default today)"))
    p.add_argument("--supplier")
    p.add_argument("--note", default="")
    p.set_defaults(handler=run_pay)

    a = sub.add_parser("adjust", help=_("correct a payment by an adjustment entry"))
    a.add_argument("ref", help=_("receipt reference of the payment corrected"))
    a.add_argument("--amount", required=True, help=_("negative to take back, positive to add"))
    a.add_argument("--new-ref", required=True)
    a.add_argument("--reason", required=True)
    a.add_argument("--date", type=iso_date)
    a.set_defaults(handler=run_adjust)

    v = sub.add_parser("visit", help=_("record a monitoring visit"))
    v.add_argument("case")
    v.add_argument("--date", type=iso_date, help=_("default today"))
    met = v.add_mutually_exclusive_group(required=True)
    met.add_argument("--condition-met", dest="met", action="store_true")
    met.add_argument("--condition-not-met", dest="met", action="store_false")
    v.add_argument("--business", choices=("operating", "not-operating"))
    v.add_argument("--final", action="store_true", help=_("the last monitoring visit"))
    v.add_argument("--notes", default="")
    v.set_defaults(handler=run_visit)

    r = sub.add_parser("rate", help=_("exchange rates: local currency per euro, by month"))
    rs = r.add_subparsers(dest="rate_command", required=True, metavar=_("action"))
    rset = rs.add_parser("set", help=_("rgm rate set 2026-10 XOF 655.957"))
    rset.add_argument("month")
    rset.add_argument("currency")
    rset.add_argument("per_eur")
    rset.set_defaults(handler=run_rate_set)
    rlist = rs.add_parser("list", help=_("the rates set"))
    rlist.add_argument("--month")
    rlist.set_defaults(handler=run_rate_list)

    c = sub.add_parser("catalogue", help=_("package types per country of origin"))
    cs = c.add_subparsers(dest="catalogue_command", required=True, metavar=_("action"))
    clist = cs.add_parser("list")
    clist.add_argument("--country")
    clist.set_defaults(handler=run_catalogue_list)
    cset = cs.add_parser("set", help=_("add or change a package type (administrator)"))
    cset.add_argument("country")
    cset.add_argument("code")
    cset.add_argument("--name-fr")
    cset.add_argument("--name-en")
    cset.add_argument("--dimension", choices=DIMENSIONS)
    cset.add_argument("--modality", choices=MODALITIES)
    cset.add_argument("--currency")
    cset.add_argument("--ceiling")
    cset.add_argument("--plan", metavar="60:on_supplier_invoice,40:after_monitoring_visit")
    active = cset.add_mutually_exclusive_group()
    active.add_argument("--active", dest="active", action="store_true", default=None)
    active.add_argument("--inactive", dest="active", action="store_false")
    cset.set_defaults(handler=run_catalogue_set)

    s = sub.add_parser("supplier", help=_("suppliers paid on a returnee's behalf"))
    ss = s.add_subparsers(dest="supplier_command", required=True, metavar=_("action"))
    sadd = ss.add_parser("add")
    sadd.add_argument("name")
    sadd.add_argument("--contact", default="")
    sadd.add_argument("--phone")
    sadd.add_argument("--supplies", default="")
    sadd.set_defaults(handler=run_supplier_add)
    ss.add_parser("list").set_defaults(handler=run_supplier_list)


def _print_grant(g: GrantView) -> None:
    print(
        _("{case}: grant v{version} {state}, total {total} {currency} (ceiling {ceiling})").format(
            case=g.case_number,
            version=g.version,
            state=label(g.state),
            total=g.total,
            currency=g.currency,
            ceiling=g.ceiling,
        )
    )
    for i in g.instalments:
        print(
            "  "
            + _("instalment {n}: {amount} {currency}, {condition}").format(
                n=i.number, amount=i.amount, currency=g.currency, condition=label(i.condition)
            )
        )


def run_grant(args: argparse.Namespace, app: AppContext) -> int:
    target = args.target
    db = app.database()
    if target[0] in ("approve", "show"):
        if len(target) != 2:
            raise Refused(N_("name one case: rgm grant {action} CASE"), action=target[0])
        if target[0] == "approve":
            _print_grant(approve_grant(db, app.actor(), target[1]))
        else:
            app.actor()
            for g in case_grants(db, target[1]):
                _print_grant(g)
        return 0
    if len(target) != 1:
        raise Refused(N_("name one case: rgm grant CASE --item CODE:AMOUNT[:SUPPLIER]"))
    items = []
    for spec in args.item:
        parts = spec.split(":", 2)
        if len(parts) < 2:
            raise Refused(N_("--item takes CODE:AMOUNT[:SUPPLIER], not {value!r}"), value=spec)
        items.append(ItemInput(parts[0], parts[1], parts[2] if len(parts) > 2 else None))
    plan = []
    for spec in args.instalment:
        amount, sep, condition = spec.partition(":")
        if not sep:
            raise Refused(N_("--instalment takes AMOUNT:CONDITION, not {value!r}"), value=spec)
        plan.append((amount, condition))
    g = plan_grant(db, app.actor(), target[0], items, args.override_reason, plan or None)
    _print_grant(g)
    return 0


def run_pay(args: argparse.Namespace, app: AppContext) -> int:
    p = record_payment(
        app.database(),
        app.actor(),
        PaymentInput(
            args.case,
            args.instalment,
            args.amount,
            args.method,
            args.ref,
            args.date,
            args.supplier,
            note=args.note,
        ),
    )
    eur = (
        _("no exchange rate for {currency} in {month}: set it with rgm rate set").format(
            currency=p.currency, month=month_of(p.paid_on)
        )
        if p.eur is None
        else f"{p.eur} EUR"
    )
    print(
        _("{case}: paid {amount} {currency} on instalment {n} ({eur}); case {state}").format(
            case=p.case_number,
            amount=p.amount,
            currency=p.currency,
            n=p.instalment,
            eur=eur,
            state=label(p.case_state),
        )
    )
    return 0


def run_adjust(args: argparse.Namespace, app: AppContext) -> int:
    p = adjust_payment(
        app.database(), app.actor(), args.ref, args.amount, args.new_ref, args.reason, args.date
    )
    print(
        _("{case}: adjustment {amount} {currency} of {ref} recorded as {new}").format(
            case=p.case_number,
            amount=p.amount,
            currency=p.currency,
            ref=args.ref,
            new=p.receipt_ref,
        )
    )
    return 0


def run_visit(args: argparse.Namespace, app: AppContext) -> int:
    business = None if args.business is None else args.business == "operating"
    v = record_visit(
        app.database(),
        app.actor(),
        args.case,
        args.date or dt.date.today(),
        args.met,
        business,
        args.final,
        args.notes,
    )
    print(
        _("{case}: visit of {date} recorded; case {state}").format(
            case=v.case_number, date=v.visited_on.isoformat(), state=label(v.case_state)
        )
    )
    return 0


def run_rate_set(args: argparse.Namespace, app: AppContext) -> int:
    r = set_rate(app.database(), app.actor(), args.month, args.currency, args.per_eur)
    print(
        _("{month}: 1 EUR = {rate} {currency}").format(
            month=r.month, rate=r.per_eur, currency=r.currency
        )
    )
    return 0


def run_rate_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for r in list_rates(app.database(), args.month):
        print(f"{r.month}\t{r.currency}\t{r.per_eur}")
    return 0


def run_catalogue_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for p in list_catalogue(app.database(), args.country):
        plan = ", ".join(f"{s.percent}% {s.condition}" for s in p.plan)
        state = "" if p.active else _(" (inactive)")
        print(
            f"{p.country}\t{p.code}\t{p.name_fr} / {p.name_en}\t{label(p.modality)}\t"
            f"{p.ceiling} {p.currency}\t{plan}{state}"
        )
    return 0


def run_catalogue_set(args: argparse.Namespace, app: AppContext) -> int:
    p = set_package(
        app.database(),
        app.actor(),
        args.country,
        args.code,
        name_fr=args.name_fr,
        name_en=args.name_en,
        dimension=args.dimension,
        modality=args.modality,
        currency=args.currency,
        ceiling=args.ceiling,
        plan=parse_plan(args.plan) if args.plan else None,
        active=args.active,
    )
    print(
        _("{country} {code}: ceiling {ceiling} {currency}").format(
            country=p.country, code=p.code, ceiling=p.ceiling, currency=p.currency
        )
    )
    return 0


def run_supplier_add(args: argparse.Namespace, app: AppContext) -> int:
    s = add_supplier(
        app.database(), app.actor(), args.name, args.contact, args.phone, args.supplies
    )
    print(_("Added supplier {name}").format(name=s.name))
    return 0


def run_supplier_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for s in list_suppliers(app.database()):
        print(f"{s.name}\t{s.contact}\t{s.phone or ''}\t{s.supplies}")
    return 0
