"""What people type and send, through ``rgm`` as a script runs it: refusals are one line with
exit 1 or 2, never a traceback; exports stay readable; a closed pipe ends quietly."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from fuzz.hostile import GOOD_ROW, registrations
from support.cli import ROOT, cli_env, run_rgm


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("hostile")
    env = cli_env(tmp, "admin-secret-1")
    run_rgm(env, "init", "--office", "BKO", "--name", "Bureau", "--admin", "admin", check=True)
    run_rgm(env, "--user", "admin", "user", "roles", "admin", "--role", "admin", "--role",
            "registrar", check=True)  # fmt: skip
    return env


def _row(ref: str, **cells: object) -> list[object]:
    row = list(GOOD_ROW)
    row[0] = ref
    for index, value in cells.items():
        row[int(index[1:])] = value
    return row


def _no_traceback(out: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in out.stderr and "unexpected error" not in out.stderr, out.stderr


def test_blank_names_and_impossible_dates_are_refusals(env, tmp_path: Path) -> None:
    path = registrations(
        tmp_path / "terrain.xlsx",
        _row("H-1", c1="\u00a0\u200b"),  # family name: only invisible spaces
        _row("H-2", c2=" "),
        _row("H-3", c4="0000"),  # year 0
        _row("H-4", c8="0000-01-01"),
        _row("H-5", c1="Tra\x01oré\u202e"),
    )
    for extra in ((), ("--dry-run",)):
        out = run_rgm(env, "--user", "admin", "import", "registrations", str(path), *extra)
        _no_traceback(out)
        # One exit rule for every import: a dry run ends as the real run would (rows refused
        # and not left out: 1), so a script can check a file before importing it.
        assert out.returncode == 1, out.stderr
        assert "row 2, Nom, '\\xa0\\u200b': missing" in out.stderr
        assert "row 4, Date de naissance, '0000': not a date" in out.stderr
    out = run_rgm(env, "--user", "admin", "import", "registrations", str(path), "--skip-invalid",
                  "--json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    export = tmp_path / "cases.xlsx"
    run_rgm(env, "--user", "admin", "export", "cases", "--out", str(export), check=True)
    names = [c.value for c in openpyxl.load_workbook(export).active["D"]]
    assert "Traoré" in names


def test_over_long_and_blank_typed_text_is_one_line(env) -> None:
    base = ("--user", "admin", "register", "--sex", "F", "--birth-date", "1990",
            "--nationality", "MLI", "--given-names", "Awa")  # fmt: skip
    out = run_rgm(env, *base, "--family-name", "N" * 300)
    _no_traceback(out)
    assert out.returncode == 1
    # Checked as the import checks a row (one registration check): the option is named.
    assert out.stderr.strip() == "rgm: --family-name: too long (limit 120 characters)"
    out = run_rgm(env, *base, "--family-name", "\u200b\u00a0")
    assert (out.returncode, out.stderr.strip()) == (1, "rgm: --family-name: missing")
    out = run_rgm(env, *base, "--family-name", "Diallo", "--birth-date", "0000")
    assert out.returncode == 1 and out.stderr.startswith("rgm: --birth-date: not a date")


def test_undecodable_argument_bytes_are_no_crash(env) -> None:
    # A name typed in a terminal that is not UTF-8: Python keeps the bytes as surrogates.
    out = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--user", "adm\udcffin", "case", "show", "X"],
        env=env, capture_output=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert len(out.stderr.decode("utf-8", "replace").strip().splitlines()) == 1


def test_duplicates_csv_escapes_formulas(env, tmp_path: Path) -> None:
    twin = dict(c1="Sissoko", c2="Fanta", c4="01/02/1990", c6="")
    path = registrations(tmp_path / "twins.xlsx", _row("=SUM(1;2)", **twin),
                         _row("@cmd", **twin), formulas=False)  # fmt: skip
    run_rgm(env, "--user", "admin", "import", "registrations", str(path), check=True)
    out_csv = tmp_path / "pairs.csv"
    out = run_rgm(env, "--user", "admin", "duplicates", "--csv", str(out_csv), "--no-save",
                  "--threshold", "0.05")  # fmt: skip
    assert out.returncode == 0, out.stderr
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        cells = {v for row in csv.reader(fh) for v in row}
    assert {"'=SUM(1;2)", "'@cmd"} <= cells, (cells, out.stdout, out.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "cases", "--out", "-"),
        ("duplicates", "--json", "--no-save"),
        ("user", "list"),
        ("--help",),
    ],
)
def test_a_closed_pipe_ends_quietly(env, args: tuple[str, ...]) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--user", "admin", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head -0`: the reader is gone before anything is written
    stderr = process.stderr.read().decode()
    status = process.wait(timeout=120)
    assert stderr == "" and status in (0, 141), (status, stderr)
    if args != ("--help",):
        assert status == 141


def test_a_birth_date_in_the_future_is_one_refusal_and_nothing_registered(env) -> None:
    """#11 re-check: `rgm register --birth-date 2099-01-01` registered a case."""
    base = ("--user", "admin", "register", "--sex", "F", "--nationality", "MLI",
            "--given-names", "Awa", "--family-name", "Futura")  # fmt: skip
    for lang, words in (("en", "the birth date 2099-01-01 is in the future"),
                        ("fr", "la date de naissance 2099-01-01 est dans le futur")):  # fmt: skip
        out = run_rgm(env, "--lang", lang, *base, "--birth-date", "2099-01-01")
        _no_traceback(out)
        # one line naming the date: the command's own check names its option first
        assert out.returncode == 1 and out.stderr.count("\n") == 1
        assert words in out.stderr or (
            "--birth-date" in out.stderr and words.split()[-1] in out.stderr
        )
    out = run_rgm(env, *base, "--birth-date", "1990", "--arrival-date", "01/01/2099")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "future" in out.stderr
    export = run_rgm(env, "--user", "admin", "export", "cases", "--out", "-", check=True)
    assert "Futura" not in export.stdout
