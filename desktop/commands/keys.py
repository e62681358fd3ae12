"""rgm office key: the office's public key, for headquarters; rgm hq trust / hq keys: the
offices' keys headquarters register once, so that rgm consolidate accepts their returns."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop import paths
from desktop.app_context import AppContext
from desktop.commands import group
from models.i18n import _


def trusted_folder() -> Path:
    """Where headquarters keep the offices' public keys they registered."""
    return paths.data_dir() / "trusted-offices"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    office = group(sub, "office", _("the office's signing key"), "office_command")
    k = office.add_parser(
        "key",
        help=_(
            "show the fingerprint of the office's signing key and write its public key for "
            "headquarters"
        ),
    )
    k.add_argument("--out", type=Path, metavar="OFFICE.pub", help=_("file to write"))
    k.set_defaults(handler=run_office_key)

    hq = group(sub, "hq", _("headquarters: the offices' keys they trust"), "hq_command")
    t = hq.add_parser(
        "trust", help=_("register an office's public key (once) to accept its signed returns")
    )
    t.add_argument("file", type=Path, metavar="OFFICE.pub")
    t.add_argument(
        "--replace",
        action="store_true",
        help=_("replace the key already registered for that office (a renewed key)"),
    )
    t.set_defaults(handler=run_trust)
    ls = hq.add_parser("keys", help=_("list the offices' keys registered here"))
    ls.set_defaults(handler=run_keys)


def run_office_key(args: argparse.Namespace, app: AppContext) -> int:
    from models import office_keys
    from models.office_setup import current_office
    from reports.trusted_keys import write_public_key

    actor, db = app.actor(), app.database()
    office = current_office(db)
    assert office is not None
    key = office_keys.office_key(db, actor)
    print(
        _("Office {office}: signing key {fingerprint}").format(
            office=office.code, fingerprint=office_keys.short_fingerprint(key.fingerprint)
        )
    )
    if args.out:
        path = write_public_key(args.out, office.code, office.name, key.public_bytes)
        print(_("Public key written to {path}: send it to headquarters").format(path=path))
    return 0


def run_trust(args: argparse.Namespace, app: AppContext) -> int:
    from models.office_keys import short_fingerprint
    from reports.trusted_keys import trust

    key = trust(trusted_folder(), args.file, replace=args.replace)
    print(
        _("Registered the key of office {office} ({name}): {fingerprint}").format(
            office=key.office_code,
            name=key.office_name,
            fingerprint=short_fingerprint(key.fingerprint),
        )
    )
    return 0


def run_keys(args: argparse.Namespace, app: AppContext) -> int:
    from models.office_keys import short_fingerprint
    from reports.trusted_keys import trusted_keys

    keys = sorted(trusted_keys(trusted_folder()).values(), key=lambda k: k.office_code)
    if not keys:
        print(_("No office key is registered yet"))
    for key in keys:
        print(f"{key.office_code}\t{short_fingerprint(key.fingerprint)}\t{key.office_name}")
    return 0
