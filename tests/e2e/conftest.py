"""The e2e office: set up once per session through ``rgm`` itself (init, users, demo data) and
copied into each test's own data folder, so every test starts from the same office, changes only
its copy, and does not pay for the setup again.

``office_env`` gives the usual one (BKO, ``admin``/``admin-password-1``; rita registrar, abdou
approver, fanta finance, each ``<name>-password-1``). ``offices.copy(Office(...), folder)``
gives another kind (other passwords or users, demo cases) the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.offices import Office, Offices


@pytest.fixture(scope="session")
def offices(tmp_path_factory: pytest.TempPathFactory) -> Offices:
    return Offices(tmp_path_factory.mktemp("offices"))


@pytest.fixture
def office_env(offices: Offices, tmp_path: Path) -> dict[str, str]:
    """This test's own copy of the usual office (signed in as admin)."""
    return offices.copy(Office(), tmp_path)
