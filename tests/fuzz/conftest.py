"""Fuzz tests: hypothesis settings (RGM_FUZZ_EXAMPLES examples per test; the long run is
``RGM_FUZZ_EXAMPLES=10000 ./dev test tests/fuzz``) and what every importer must guarantee."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from models.database import Database

EXAMPLES = int(os.environ.get("RGM_FUZZ_EXAMPLES", "15"))
settings.register_profile(
    "rgm",
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],  # fmt: skip
)
settings.load_profile("rgm")


@pytest.fixture
def corpus() -> list[Path]:
    return sorted((Path(__file__).parent / "corpus").iterdir())


@pytest.fixture
def office(sqlite_db: Database) -> dict[str, Any]:
    """SQLite database with its office and one user per role (the fuzz runs on SQLite: the
    refusals come before anything reaches the database, the same on both)."""
    from models.office_setup import initialise
    from models.users import create_user

    def make_user(db: Database, name: str, role: str, by: Any) -> Any:
        return create_user(db, by, name, f"{name}-password", [role])

    _office, admin = initialise(sqlite_db, code="BKO", name="Bureau de Bamako", country="MLI",
                                admin="admin", password="admin-password")  # fmt: skip
    return {
        "db": sqlite_db,
        "admin": admin,
        "registrar": make_user(sqlite_db, "rita", "registrar", by=admin),
        "approver": make_user(sqlite_db, "abdou", "approver", by=admin),
        "finance": make_user(sqlite_db, "fanta", "finance", by=admin),
    }
