"""The one handler of ``rgm``: a failure that is not a refusal is still one line, without a
traceback or the personal values it was about."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz.hostile import GOOD_ROW, registrations

import models.duplicate_review
from desktop.app_context import AppContext
from desktop.cli import main
from models.office_setup import initialise
from models.users import create_user

SECRET = "Traoré Awa +22376123456"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "rgm.db"
    db = AppContext(db_path=str(path)).create_database()
    _office, admin = initialise(db, code="BKO", name="Bamako", country="MLI", admin="admin",
                       password="admin-pw-1")  # fmt: skip
    create_user(db, admin, "rita", "rita-pw-1234", ["registrar"])
    db.close()
    monkeypatch.setenv("RGM_PASSWORD", "rita-pw-1234")
    return path


def test_a_failed_duplicate_check_is_one_line_without_personal_data(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def failing(*_args, **_kwargs):
        raise RuntimeError(f"index broke on {SECRET}")

    monkeypatch.setattr(models.duplicate_review, "new_returnee_matches", failing)
    path = registrations(tmp_path / "f.xlsx", GOOD_ROW)
    status = main(["--db", str(db_path), "--user", "rita", "import", "registrations", str(path)])
    out, err = capsys.readouterr()
    assert status == 0  # the rows are imported; the check runs again with rgm duplicates
    assert err.strip().count("\n") == 0, err
    assert "duplicates failed (RuntimeError)" in err and "rgm duplicates" in err
    assert "Traceback" not in err and "Traoré" not in err and "22376" not in err


def test_an_unexpected_error_is_one_line_without_the_values(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from sqlalchemy.exc import IntegrityError

    def failing(*_args, **_kwargs):
        raise IntegrityError(
            "INSERT INTO returnees (family_name) VALUES (?)", (SECRET,), Exception("NOT NULL")
        )

    import models.cases

    monkeypatch.setattr(models.cases, "register_returnees", failing)
    status = main(["--db", str(db_path), "--user", "rita", "register", "--family-name", "Traoré",
                   "--given-names", "Awa", "--sex", "F", "--birth-date", "1990",
                   "--nationality", "MLI"])  # fmt: skip
    _out, err = capsys.readouterr()
    assert status == 2
    assert err.strip().splitlines() == [
        "rgm: unexpected error: Exception: NOT NULL (run again with --debug for details)"
    ]


def test_a_lock_that_never_came_outside_the_engine_says_busy(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import sqlcipher3

    def locked(*_args, **_kwargs):
        exc = sqlcipher3.OperationalError("database is locked")
        exc.sqlite_errorcode = 5
        raise exc

    import models.registrations

    monkeypatch.setattr(models.registrations, "register_returnees", locked)
    path = registrations(db_path.with_name("f.xlsx"), GOOD_ROW)
    status = main(["--db", str(db_path), "--user", "rita", "import", "registrations", str(path)])
    _out, err = capsys.readouterr()
    assert status == 2
    assert err.strip() == (
        f"rgm: the database {db_path} is busy: another window or command is writing to it (an "
        "import, an upgrade); try again when it has finished"
    )
