"""Every ``--out`` of ``rgm`` means the same (#11): a folder takes the usual name inside it
(refused where it is ambiguous: agreements), the extension decides the format and an unsupported
one is refused, ``-`` is standard output only where that is supported. Nothing is written and
nothing is done when the path is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.money_cli import eligible_case, refused, rgm
from support.offices import Office, Offices

XLSX_MAGIC = b"PK\x03\x04"


@pytest.fixture(scope="module")
def setup(
    offices: Offices, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], str, Path]:
    tmp = tmp_path_factory.mktemp("outputs")
    env = offices.copy(Office(), tmp)
    case = eligible_case(env, "OUT-1")
    rgm(env, "grant", case, "--item", "EDU:250000", user="rita")
    rgm(env, "grant", "approve", case, user="abdou")
    return env, case, tmp


def _folder(tmp: Path, name: str) -> Path:
    folder = tmp / name
    folder.mkdir()
    return folder


def _refused_here(env: dict[str, str], folder: Path, *args: str, user: str = "admin") -> str:
    """A refused command run with paths in ``folder``, which it leaves empty."""
    line = refused(env, *args, user=user)
    assert list(folder.iterdir()) == [], list(folder.iterdir())
    assert not Path("-").exists()
    return line


def _last_month() -> str:
    return (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def test_workbooks_go_into_a_folder_under_their_usual_name(setup) -> None:  # type: ignore[no-untyped-def]
    env, _case, tmp = setup
    out = _folder(tmp, "books")
    month = _last_month()
    for args, name in (
        (("template", "registrations"), "template-registrations.xlsx"),
        (("export", "cases"), "cases.xlsx"),
        (("return", "--month", month), f"RETURN-BKO-{month}.xlsx"),
        (("export", "review-sheet", "--state", "approved"), "review-sheet.xlsx"),
    ):
        printed = rgm(env, *args, "--out", str(out), user="admin")
        written = out / name
        assert written.is_file() and written.read_bytes()[:4] == XLSX_MAGIC, (args, printed)
        assert str(written) in printed
    key = rgm(env, "office", "key", "--out", str(out), user="admin")
    assert (out / "BKO.pub").is_file() and str(out / "BKO.pub") in key
    rgm(env, "duplicates", "--no-save", "--csv", str(out), user="admin")
    assert (out / "duplicates.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "args",
    [
        ("template", "registrations"),
        ("export", "review-sheet", "--state", "approved"),
        ("return", "--month", "2026-01"),
        ("consolidate", "NO-SUCH-RETURN.xlsx"),
    ],
)
def test_a_workbook_is_never_written_under_another_extension(setup, args) -> None:  # type: ignore[no-untyped-def]
    env, _case, tmp = setup
    out = _folder(tmp, "wrong-" + args[0] + args[1].replace("-", ""))
    for name in ("x.csv", "x.pdf", "x"):
        line = _refused_here(env, out, *args, "--out", str(out / name))
        assert "is written as .xlsx; name the file with its extension" in line
    line = _refused_here(env, out, *args, "--out", "-")
    assert "cannot go to standard output (-)" in line


def test_the_case_export_writes_what_its_extension_says(setup) -> None:  # type: ignore[no-untyped-def]
    env, case, tmp = setup
    out = _folder(tmp, "export")
    rgm(env, "export", "cases", "--out", str(out / "cases.csv"), user="admin")
    assert case in (out / "cases.csv").read_text("utf-8-sig")
    assert case in rgm(env, "export", "cases", "--out", "-", user="admin")
    assert not Path("-").exists()
    line = _refused_here(env, _folder(tmp, "export2"), "export", "cases", "--out", "x.pdf")
    assert "is written as .xlsx, .csv" in line


def test_an_agreement_needs_a_pdf_file_name_and_nothing_is_issued_otherwise(setup) -> None:  # type: ignore[no-untyped-def]
    env, case, tmp = setup
    out = _folder(tmp, "pdf")
    for args in (("agreement", case), ("agreements", "--status", "approved")):
        line = _refused_here(env, out, *args, "--out", str(out), user="rita")
        assert "is a folder: name the file to write in it (.pdf)" in line
        line = _refused_here(env, out, *args, "--out", str(out / "a.xlsx"), user="rita")
        assert "is written as .pdf" in line
        line = _refused_here(env, out, *args, "--out", "-", user="rita")
        assert "cannot go to standard output" in line
    shown = rgm(env, "case", "show", case, user="rita")
    assert "print it" in shown  # still no agreement issued
    rgm(env, "agreement", case, "--out", str(out / "a.pdf"), user="rita")
    assert (out / "a.pdf").read_bytes()[:4] == b"%PDF"


def test_other_outputs_refuse_a_wrong_extension_before_any_work(setup) -> None:  # type: ignore[no-untyped-def]
    env, _case, tmp = setup
    out = _folder(tmp, "others")
    assert "is written as .pub" in _refused_here(
        env, out, "office", "key", "--out", str(out / "k.txt")
    )
    assert "is written as .csv" in _refused_here(
        env, out, "duplicates", "--no-save", "--csv", str(out / "d.xlsx")
    )
    missing = tmp / "no-such-file.xlsx"
    for kind, user in (("disbursements", "fanta"), ("decisions", "admin")):
        line = _refused_here(
            env, out, "import", kind, str(missing), "--report", str(out / "r.csv"), user=user
        )
        assert "is written as .xlsx" in line


def test_the_current_month_is_not_submitted_but_may_be_drafted(setup) -> None:  # type: ignore[no-untyped-def]
    env, _case, tmp = setup
    out = _folder(tmp, "current")
    month = dt.date.today().strftime("%Y-%m")
    line = _refused_here(env, out, "return", "--month", month, "--submit", "--out", str(out))
    assert f"the month {month} is not over" in line
    rgm(env, "return", "--month", month, "--out", str(out), user="admin")
    assert (out / f"RETURN-BKO-{month}.xlsx").is_file()
    rgm(env, "rate", "set", _last_month(), "XOF", "655.957", user="admin")
    done = rgm(env, "return", "--month", _last_month(), "--submit", "--out", str(out), user="admin")
    assert "is now locked" in done
