"""rgm backup, rgm restore: an online encrypted copy of the database, and putting one back."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop import paths, secrets
from desktop.app_context import AppContext
from models import backup as bk
from models.database import Database
from models.errors import Refused, Unusable
from models.i18n import N_, _
from models.permissions import check
from models.users import Actor, authenticate

_YES = ("y", "yes", "o", "oui")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "backup", help=_("make an encrypted copy of the database while it is in use")
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=("list",),
        help=_("list: show the backups in the backup folder"),
    )
    p.add_argument(
        "--out",
        metavar="FILE",
        help=_("the file or folder to write it in (default: the backup folder)"),
    )
    p.set_defaults(handler=run_backup)
    r = sub.add_parser(
        "restore", help=_("put a backup in place of the database (the current one is kept)")
    )
    r.add_argument("file", metavar="FILE")
    r.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    r.add_argument(
        "--other-office",
        action="store_true",
        help=_("restore it even if the backup is of another office"),
    )
    r.set_defaults(handler=run_restore)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def run_backup(args: argparse.Namespace, app: AppContext) -> int:
    if args.action == "list":
        return _list()
    if app.database_url:
        raise Refused(bk.SERVER_BACKUP)
    db = app.database()
    actor = app.actor()
    out = Path(args.out) if args.out else paths.backup_dir()
    if out.is_dir():
        out = out / bk.default_name(db)
    info = bk.backup(db, actor, out, job=app.job(_("Backing up")))
    print(
        _("Backup written: {path} ({size}, {seconds:.1f} s)").format(
            path=info.path, size=_size(info.size), seconds=info.seconds
        )
    )
    return 0


def _list() -> int:
    folder = paths.backup_dir()
    found = bk.list_backups(folder)
    if not found:
        print(_("No backup in {folder}").format(folder=folder))
        return 0
    for b in reversed(found):
        when = b.modified.astimezone().strftime("%Y-%m-%d %H:%M")
        kind = _("automatic") if b.automatic else _("on demand")
        print(f"{when}\t{_size(b.size)}\t{kind}\t{b.path}")
    return 0


def _confirm(backup: Path, target: Path) -> None:
    question = _(
        "Replace the database {path} with the backup {backup}? The current one is kept aside."
    ).format(path=target, backup=backup)
    if not sys.stdin.isatty():
        raise Refused(
            N_("restoring replaces the database {path}: add --yes to confirm"), path=str(target)
        )
    answer = input(f"{question} [{_('y/N')}] ")
    if answer.strip().lower() not in _YES:
        raise Refused(N_("nothing was restored"))


def _signed_in(app: AppContext, target: Path) -> tuple[Database, Actor | bk.SignIn]:
    """The database to restore into and who restores: an administrator signed in on it, or,
    when there is no database yet, on the backup itself."""
    if target.exists() and target.stat().st_size > 0:
        db = app.database()
        actor = app.actor()
        check(actor, "backup.restore")  # before any question or copy
        return db, actor
    if not app.user:
        app.actor()  # the usual refusal: sign in with --user
    key = secrets.database_key(target, app.ask)
    db = Database.sqlite(target, key)
    app.adopt(db)
    password = app.password(_("Password for {user}").format(user=app.user))
    return db, lambda on: authenticate(on, str(app.user), password)


def run_restore(args: argparse.Namespace, app: AppContext) -> int:
    if app.database_url:
        raise Refused(bk.SERVER_BACKUP)
    app.notices = False  # the database is about to be replaced
    backup, target = Path(args.file), app.sqlite_path
    if not backup.is_file():
        raise Unusable(N_("no backup at {path}"), path=str(backup))
    db, actor = _signed_in(app, target)
    if not args.yes:
        _confirm(backup, target)
    backup_key = os.environ.get("RGM_BACKUP_PASSPHRASE")
    while True:
        try:
            info = bk.restore(
                db, actor, backup, other_office=args.other_office, backup_key=backup_key
            )
            break
        except bk.OtherKey as exc:
            if backup_key is not None:
                raise
            if not sys.stdin.isatty():
                raise Unusable(
                    N_("{reason} (a script gives it in RGM_BACKUP_PASSPHRASE)"), reason=str(exc)
                ) from exc
            backup_key = app.ask(_("Passphrase of the backup"), False)
        except bk.OtherOffice as exc:
            raise Refused(
                N_("{reason} (add --other-office to restore it all the same)"), reason=str(exc)
            ) from exc
    print(
        _("Restored {backup} into {path} (schema {before} → {after})").format(
            backup=backup,
            path=info.path,
            before=info.revision_before or _("none"),
            after=info.revision_after,
        )
    )
    if info.kept_aside is not None:
        print(_("The previous database was kept as {path}").format(path=info.kept_aside))
    return 0
