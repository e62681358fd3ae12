"""Subcommands of ``rgm``: each module's ``register(subparsers)`` adds its own.

Several modules add to the same group (``rgm import ...``, ``rgm export ...``): they get it with
``group()``, which creates it the first time and returns the same one afterwards.

``MODULES`` says which modules define each command, so that ``rgm audit verify`` imports the
audit module alone and not the workbooks and PDFs of every other command (a test keeps it true).
"""

from __future__ import annotations

import argparse
import datetime as dt

from models.i18n import _

MODULES: dict[str, tuple[str, ...]] = {
    "adjust": ("money",),
    "agreement": ("documents",),
    "agreements": ("documents",),
    "audit": ("audit_cmd",),
    "backup": ("backup",),
    "case": ("cases",),
    "catalogue": ("money",),
    "consolidate": ("consolidate",),
    "demo": ("data",),
    "duplicate": ("duplicates",),
    "duplicates": ("duplicates",),
    "export": ("data", "review"),
    "grant": ("money",),
    "hq": ("keys",),
    "import": ("imports",),
    "init": ("setup",),
    "intake": ("cases",),
    "office": ("keys",),
    "pay": ("money",),
    "rate": ("money",),
    "register": ("cases",),
    "restore": ("backup",),
    "return": ("returns",),
    "supplier": ("money",),
    "suspend": ("cases",),
    "suspension": ("cases",),
    "template": ("imports",),
    "user": ("setup",),
    "verify": ("documents",),
    "visit": ("money",),
}


def group(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str, dest: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The subcommands of ``rgm NAME``, created here or by another module loaded before."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=dest, required=True, metavar=_("what"))


def iso_date(text: str) -> dt.date:
    """An option's date, written YYYY-MM-DD; anything else is one translated line naming it."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value!r} is not a date: write it YYYY-MM-DD, e.g. 2026-03-31").format(value=text)
        ) from None
