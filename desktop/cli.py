"""The ``rgm`` command: no arguments opens the window; a subcommand runs a batch job.

Every module in ``desktop/commands`` that defines ``register(subparsers)`` adds its subcommands.
A refusal is one translated line on stderr and exit status 1 (input refused) or 2 (unusable
input or environment); any other failure is one line too (exit 2), without the values it was
about; ``--debug`` shows the traceback. Output to a closed pipe (``rgm export cases --out - |
head``) ends quietly with status 141, as a program killed by SIGPIPE does.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import locale
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop import commands, paths
from models.errors import RgmError
from models.i18n import LANGUAGES, _, keep_catalogues_in, set_language, translate
from models.text import normalise


def _language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    env = os.environ.get("RGM_LANG")
    if env:
        return env
    system = (locale.getlocale()[0] or os.environ.get("LANG") or "fr")[:2].lower()
    return system if system in LANGUAGES else "fr"


class _Parser(argparse.ArgumentParser):
    """argparse, except that a mistake in the command line is one line naming the command and
    where its help is, like every other refusal (argparse prints its whole usage block first).
    Its subcommands' parsers are of this class too (``add_subparsers`` uses the parent's)."""

    def error(self, message: str) -> NoReturn:
        hint = _("see {prog} --help").format(prog=self.prog)
        self.exit(2, f"{self.prog}: {message} ({hint})\n")


def _global_parser(add_help: bool = True) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rgm",
        description=_("Reintegration Grant Manager. Without a command, opens the window."),
        add_help=add_help,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", help=_("the SQLite database file to use"))
    where.add_argument(
        "--database-url", metavar="URL", help=_("a PostgreSQL server (also RGM_DATABASE_URL)")
    )
    parser.add_argument(
        "--user", metavar="NAME", help=_("sign in as NAME (password from RGM_PASSWORD)")
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of messages"))
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks"))
    parser.add_argument("--version", action=_Version, help=_("show the version and exit"))
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--screenshots", metavar="DIR", help=_("render every screen to PNG files in DIR")
    )
    return parser


class _Version(argparse.Action):
    """``rgm --version``: the program's version and the database schema it works with."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from models.database import SCHEMA_HEAD
        from models.version import __version__

        print(_("rgm {version} (database schema {revision})").format(
            version=__version__, revision=SCHEMA_HEAD))  # fmt: skip
        parser.exit()


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``rgm`` with the commands of ``modules`` (default: every module)."""
    parser = _global_parser()
    sub = parser.add_subparsers(dest="command", metavar=_("command"))
    if modules is None:
        modules = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    for name in modules:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    _accept_global_options_anywhere(parser)
    return parser


def _accept_global_options_anywhere(parser: argparse.ArgumentParser) -> None:
    """Let ``rgm backup --lang fr`` mean ``rgm --lang fr backup``: every subcommand also takes
    the global options (unless it has its own of that name, like ``agreement --lang``)."""
    globals_ = [
        a
        for a in parser._actions
        if a.option_strings and a.dest not in ("help", "version", "exit_when_ready", "screenshots")
    ]
    pending = [parser]
    while pending:
        for action in pending.pop()._actions:
            if not isinstance(action, argparse._SubParsersAction):
                continue
            for child in set(action.choices.values()):
                taken = set(child._option_string_actions)
                for g in globals_:
                    if not taken.intersection(g.option_strings):
                        kwargs: dict[str, object] = {
                            "dest": g.dest,
                            "default": argparse.SUPPRESS,
                            "help": argparse.SUPPRESS,
                        }
                        if isinstance(g, argparse._StoreTrueAction):
                            kwargs["action"] = "store_true"
                        else:
                            kwargs["metavar"] = g.metavar
                            if g.choices:
                                kwargs["choices"] = g.choices
                        child.add_argument(*g.option_strings, **kwargs)  # type: ignore[arg-type]
                pending.append(child)


EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a program ended by SIGPIPE


def _closed_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.EINVAL)
        and _stdout_closed()
    )  # fmt: skip


def _stdout_closed() -> bool:
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        return True
    return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush has nowhere to fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _one_line(exc: BaseException) -> str:
    """A failure that is not a refusal, in one line: its kind and the first line of its
    message, which for a database error is the driver's and not the statement's values."""
    cause = getattr(exc, "orig", None) or exc
    first = (str(cause).strip().splitlines() or [""])[0][:160]
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__


def _readable_streams() -> None:
    """Text that cannot be encoded (undecodable bytes of an argument, echoed in a message) is
    escaped rather than failing the message that shows it."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _readable_streams()
    try:
        return _main(argv)
    except BrokenPipeError:  # while argparse prints help or usage
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    keep_catalogues_in(paths.cache_dir())  # never beside the .po files: that folder is read-only
    lang = _language(argv)
    set_language(lang if lang in LANGUAGES else "fr")
    # argparse's own messages ("usage:", "the following arguments are required") in French too.
    argparse._ = translate  # type: ignore[attr-defined]
    # The window needs none of the batch commands: don't import them (start-up time).
    window_args, rest = _global_parser(add_help=False).parse_known_args(argv)
    if not rest:
        window_args.command = None
        args = window_args
    else:
        # Only the modules of the command typed (all of them for help or an unknown command).
        word = next((w for w in rest if not w.startswith("-")), None)
        args = build_parser(commands.MODULES.get(word or "")).parse_args(argv)
    _private_temp()
    if args.command is None:
        return _window(args)
    from desktop.app_context import AppContext

    if args.debug:
        logging.basicConfig(level=logging.DEBUG, format="rgm: %(name)s: %(message)s")
    else:  # a library's warning is not the user's business: one line from us says enough
        logging.basicConfig(level=logging.CRITICAL + 1)
    app = AppContext(db_path=args.db, database_url=args.database_url, user=args.user)
    try:
        status = int(args.handler(args, app) or 0)
        sys.stdout.flush()
        return status
    except RgmError as exc:
        if args.debug:
            raise
        from desktop.advice import cli_text

        print(f"rgm: {normalise(cli_text(exc))}", file=sys.stderr)  # one line, whatever it echoes
        return exc.exit_code
    except KeyboardInterrupt:
        print("rgm: " + _("interrupted; nothing more was written"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, details with --debug
        if _closed_pipe(exc):
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        if args.debug:
            raise
        if _busy(exc):  # a lock that never came, outside the engine (a raw SQLite connection)
            from models.database import BUSY

            print("rgm: " + _(BUSY).format(path=app.label()), file=sys.stderr)
            return 2
        print(
            "rgm: "
            + _("unexpected error: {error} (run again with --debug for details)").format(
                error=_one_line(exc)
            ),
            file=sys.stderr,
        )
        return 2
    finally:
        app.close()


def _busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY) or "table is locked" (SQLITE_LOCKED)."""
    cause = getattr(exc, "orig", None) or exc
    return getattr(cause, "sqlite_errorcode", None) in (5, 6)


def _private_temp() -> None:
    """Temporary files (openpyxl's sheets, previews) in the data folder, never the system's."""
    from desktop import paths
    from desktop.scratch import use_private_temp

    use_private_temp(paths.data_dir())


def _window(args: argparse.Namespace) -> int:
    early = None
    if not (args.database_url or os.environ.get("RGM_DATABASE_URL") or args.screenshots):
        from desktop.early_open import EarlyOpen

        # Before Qt and SQLAlchemy are imported, so that the key derivation runs meanwhile.
        early = EarlyOpen.start(Path(args.db) if args.db else paths.default_database())
    from desktop.gui import run_window

    return run_window(args, early)


if __name__ == "__main__":
    sys.exit(main())
