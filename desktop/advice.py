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
    Advice.DECIDE_PAIR: N_("decide it with: rgm duplicate decide {flag} same|different"),
}


def cli_advice(text: str, advice: str | None, **params: object) -> str:
    """``text`` followed by the command line's words for the ``advice`` key, if any (filled
    with the refusal's ``params``: the flag to decide)."""
    words = CLI_ADVICE.get(advice or "")
    if not words:
        return text
    try:
        said = _(words).format(**params)
    except (KeyError, IndexError, ValueError):
        said = _(words)
    return f"{text}; {said}"


def cli_text(error: RgmError) -> str:
    """The refusal's message, followed by the command line's advice when it has one."""
    return cli_advice(str(error), error.advice, **error.params)
