"""The command line's words for a refusal's advice (``models.errors.Advice``): its flags and
commands, which core messages do not name."""

from __future__ import annotations

from models.errors import Advice, RgmError
from models.i18n import N_, _

CLI_ADVICE = {
    Advice.SUSPENSION_DATES: N_("give --from and/or --to"),
    Advice.RELEASE_REMAINING: N_("or close it with --release-remaining"),
    Advice.ADD_SUPPLIER: N_("add it with: rgm supplier add"),
    Advice.SET_RATES: N_("set them with: rgm rate set"),
    Advice.SUBMIT_RETURN: N_("the office submits it with: rgm return --submit"),
    Advice.CHECK_DUPLICATES: N_("check them again with: rgm duplicates"),
}


def cli_advice(text: str, advice: str | None) -> str:
    """``text`` followed by the command line's words for the ``advice`` key, if any."""
    words = CLI_ADVICE.get(advice or "")
    return f"{text}; {_(words)}" if words else text


def cli_text(error: RgmError) -> str:
    """The refusal's message, followed by the command line's advice when it has one."""
    return cli_advice(str(error), error.advice)
