"""rgm init, rgm user ...: creating the database, its office and its users."""

from __future__ import annotations

import argparse
import os

from desktop.app_context import AppContext
from models.errors import Refused
from models.i18n import N_, _
from models.office_setup import initialise
from models.users import change_password, create_user, list_users, set_active, set_roles
from models.vocabulary import ROLES, label


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help=_("create the database, its office and first administrator"))
    p.add_argument("--office", required=True, metavar="CODE", help=_("office code, 2 to 6 letters"))
    p.add_argument("--name", required=True, help=_("office name"))
    p.add_argument("--country", default="MLI", help=_("country of the office (default MLI)"))
    p.add_argument("--language", choices=("fr", "en"), default="fr")
    p.add_argument("--currency", help=_("local currency (default: the country's)"))
    p.add_argument("--programme", default="", help=_("programme name printed on agreements"))
    p.add_argument("--address", default="", help=_("office address printed on agreements"))
    p.add_argument("--admin", default="admin", metavar="USER", help=_("first administrator"))
    p.add_argument("--full-name", default="", help=_("the administrator's full name"))
    p.set_defaults(handler=run_init)

    user = sub.add_parser("user", help=_("manage users"))
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar=_("action"))
    add = user_sub.add_parser(
        "add", help=_("add a user (password from RGM_NEW_PASSWORD or a prompt)")
    )
    add.add_argument("name")
    add.add_argument(
        "--role", action="append", required=True, choices=ROLES, help=_("repeat for several roles")
    )
    add.add_argument("--full-name", default="")
    add.add_argument("--language", choices=("fr", "en"))
    add.set_defaults(handler=run_user_add)
    roles = user_sub.add_parser("roles", help=_("set the roles of a user"))
    roles.add_argument("name")
    roles.add_argument("--role", action="append", required=True, choices=ROLES)
    roles.set_defaults(handler=run_user_roles)
    for name, active in (("disable", False), ("enable", True)):
        q = user_sub.add_parser(
            name, help=_("deactivate a user") if not active else _("reactivate a user")
        )
        q.add_argument("name")
        q.set_defaults(handler=run_user_active, active=active)
    pw = user_sub.add_parser("password", help=_("change a password (RGM_NEW_PASSWORD or a prompt)"))
    pw.add_argument("name")
    pw.set_defaults(handler=run_user_password)
    ls = user_sub.add_parser("list", help=_("list users and their roles"))
    ls.set_defaults(handler=run_user_list)


def _new_password(app: AppContext, env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value is None:
        value = app.ask(prompt, True)
    return value


def run_init(args: argparse.Namespace, app: AppContext) -> int:
    if app.exists() and not app.database_url:
        raise Refused(
            N_("a database already exists at {path}; nothing was changed"),
            path=str(app.sqlite_path),
        )
    password = _new_password(app, "RGM_PASSWORD", _("Password for {user}").format(user=args.admin))
    created_here = not app.database_url
    db = app.create_database()
    try:
        office, actor = initialise(
            db,
            code=args.office,
            name=args.name,
            country=args.country,
            admin=args.admin,
            password=password,
            language=args.language,
            currency=args.currency,
            programme=args.programme,
            address=args.address,
            full_name=args.full_name,
        )
    except BaseException:
        if created_here:
            app.close()
            app.sqlite_path.unlink(missing_ok=True)
        raise
    from desktop.signing import ensure_signing_key

    ensure_signing_key(db)
    print(
        _(
            "Created office {code} ({name}, {country}, {currency}) with administrator {user} in {db}"
        ).format(
            code=office.code,
            name=office.name,
            country=office.country,
            currency=office.currency,
            user=actor.username,
            db=db.label,
        )
    )
    return 0


def run_user_add(args: argparse.Namespace, app: AppContext) -> int:
    actor = app.actor()
    password = _new_password(
        app, "RGM_NEW_PASSWORD", _("Password for {user}").format(user=args.name)
    )
    user = create_user(
        app.database(), actor, args.name, password, args.role, args.full_name, args.language
    )
    print(
        _("Added user {user} ({roles})").format(
            user=user.username, roles=", ".join(label(r) for r in sorted(user.roles))
        )
    )
    return 0


def run_user_roles(args: argparse.Namespace, app: AppContext) -> int:
    user = set_roles(app.database(), app.actor(), args.name, args.role)
    print(
        _("{user} now has the roles {roles}").format(
            user=user.username, roles=", ".join(label(r) for r in sorted(user.roles))
        )
    )
    return 0


def run_user_active(args: argparse.Namespace, app: AppContext) -> int:
    set_active(app.database(), app.actor(), args.name, args.active)
    done = _("{user} can sign in again") if args.active else _("{user} can no longer sign in")
    print(done.format(user=args.name))
    return 0


def run_user_password(args: argparse.Namespace, app: AppContext) -> int:
    password = _new_password(
        app, "RGM_NEW_PASSWORD", _("New password for {user}").format(user=args.name)
    )
    change_password(app.database(), app.actor(), args.name, password)
    print(_("Password changed for {user}").format(user=args.name))
    return 0


def run_user_list(args: argparse.Namespace, app: AppContext) -> int:
    app.actor()
    for actor, active, locked in list_users(app.database()):
        state = _("active") if active else _("deactivated")
        if locked:
            state += " " + _("locked until {time}").format(time=locked.strftime("%H:%M UTC"))
        print(f"{actor.username}\t{', '.join(sorted(actor.roles))}\t{state}\t{actor.full_name}")
    return 0
