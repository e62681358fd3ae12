"""#11: the office's signing key is used only by who may sign for the office (finance and
administrators), at every entry point of the program: returns, making the key, exporting it."""

from __future__ import annotations

import pytest

from models import office_keys
from models.database import Database
from models.errors import Refused
from reports.monthly_return import read_return
from reports.return_build import make_return


def test_only_finance_and_administrators_get_the_signing_key(db: Database, users: dict) -> None:  # type: ignore[type-arg]
    assert office_keys.office_public(db) is None  # not made yet
    for role in ("registrar", "approver", "viewer"):
        with pytest.raises(Refused, match="needs the role"):
            office_keys.office_key(db, users[role])
    assert office_keys.office_public(db) is None  # and no one of them made it
    key = office_keys.office_key(db, users["finance"])
    assert office_keys.office_key(db, users["admin"]).fingerprint == key.fingerprint
    public = office_keys.office_public(db)
    assert public is not None and public.fingerprint == key.fingerprint


def test_a_draft_is_signed_only_by_who_may_sign(db: Database, users: dict, tmp_path) -> None:  # type: ignore[no-untyped-def, type-arg]
    by_registrar = make_return(db, users["registrar"], "2026-10", tmp_path / "r.xlsx")
    content = read_return(by_registrar.path)
    assert not content.signature and not content.office_key and by_registrar.office_key == ""
    by_finance = make_return(db, users["finance"], "2026-10", tmp_path / "f.xlsx")
    assert read_return(by_finance.path).signature and by_finance.office_key
    with pytest.raises(Refused, match="needs the role"):
        make_return(db, users["registrar"], "2026-10", tmp_path / "s.xlsx", submit=True)
