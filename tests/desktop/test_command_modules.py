"""``rgm COMMAND`` imports only the modules that define COMMAND; the table saying which is true."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys

from desktop import commands


def test_the_table_of_commands_names_every_module_that_defines_each() -> None:
    defined: dict[str, tuple[str, ...]] = {}
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"desktop.commands.{info.name}")
        sub = argparse.ArgumentParser().add_subparsers(dest="command")
        module.register(sub)
        for name in sub.choices:
            defined[name] = (*defined.get(name, ()), info.name)
    assert defined == commands.MODULES


def test_a_command_does_not_import_the_workbooks_and_pdfs_of_the_others() -> None:
    code = (
        "import sys\n"
        "from desktop.cli import build_parser\n"
        "from desktop.commands import MODULES\n"
        "args = build_parser(MODULES['audit']).parse_args(['audit', 'verify'])\n"
        "assert args.command == 'audit'\n"
        "print(sorted(m for m in ('openpyxl', 'reportlab', 'python_calamine', 'segno')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
