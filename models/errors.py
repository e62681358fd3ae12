"""Errors that an operation raises to refuse something, with a translatable message.

``Refused`` is a refusal of the input or the action (exit status 1 on the command line);
``Unusable`` means the input or environment cannot be used at all (exit status 2). Both carry an
English message id and named parameters; ``str()`` translates them into the current language.
"""

from __future__ import annotations

from typing import Any

from models.i18n import translate


class Advice:
    """What the user can do about a refusal, as a key: the command line words it with its own
    flags and commands (``desktop.cli``), the window with its own buttons (``ui.failures``).
    Core messages name no command-line flag."""

    SUSPENSION_DATES = "suspension.dates"
    RELEASE_REMAINING = "suspension.release_remaining"
    ADD_SUPPLIER = "supplier.add"
    SET_RATES = "rates.set"
    SUBMIT_RETURN = "return.submit"
    CHECK_DUPLICATES = "duplicates.check"  # an import's duplicate check failed: run it again
    DECIDE_PAIR = "duplicates.decide"  # a pair ({flag}) waits for a decision


class RgmError(Exception):
    exit_code = 1

    def __init__(self, msgid: str, advice: str | None = None, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
        self.advice = advice  # an ``Advice`` key, or None

    def text(self, lang: str | None = None) -> str:
        template = translate(self.msgid, lang)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        return self.text()


class Refused(RgmError):
    """The input or action is refused (validation, permission, locked month, four eyes)."""

    exit_code = 1


class Unusable(RgmError):
    """The input or environment cannot be used (not a workbook, wrong key, no header row)."""

    exit_code = 2


class SignedOut(Refused):
    """The signed-in user was deactivated, or lost a role, since signing in: the operation is
    refused and the window signs them out (``models.permissions.current``)."""


class StaleEdit(Refused):
    """Someone else changed the record since it was read; nothing was overwritten."""
