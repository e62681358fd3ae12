"""Office templates for the end-to-end tests: an office set up through ``rgm`` itself (init,
demo cases, users) once per session, then copied into each test's own data folder
(fixtures ``offices`` and ``office_env`` in tests/e2e/conftest.py)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from support.cli import cli_env, run_rgm

USERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rita", ("registrar",)),
    ("abdou", ("approver",)),
    ("fanta", ("finance",)),
)


@dataclass(frozen=True)
class Office:
    """What an office template holds; built in this order: init, demo cases, users."""

    admin_password: str = "admin-password-1"
    users: tuple[tuple[str, tuple[str, ...]], ...] = USERS
    user_password: str = "{name}-password-1"  # each user's password, from their name
    demo: tuple[int, int] | None = None  # (cases, seed)


# An office whose one user is rita, a registrar; passwords admin-secret-1 and rita-secret-1.
REGISTRAR_ONLY = Office(
    admin_password="admin-secret-1",
    users=(("rita", ("registrar",)),),
    user_password="{name}-secret-1",
)


class Offices:
    """Office templates built on first use, each once per session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.built: dict[Office, Path] = {}

    def _build(self, spec: Office) -> Path:
        folder = self.root / f"office{len(self.built)}"
        env = cli_env(folder, spec.admin_password)
        run_rgm(env, "init", "--office", "BKO", "--name", "Bureau de Bamako", "--admin", "admin",
                check=True)  # fmt: skip
        if spec.demo is not None:
            cases, seed = spec.demo
            run_rgm(env, "--user", "admin", "demo", "--cases", str(cases), "--seed", str(seed),
                    check=True)  # fmt: skip
        for name, roles in spec.users:
            flags = [x for role in roles for x in ("--role", role)]
            new = dict(env, RGM_NEW_PASSWORD=spec.user_password.format(name=name))
            run_rgm(new, "--user", "admin", "user", "add", name, *flags, check=True)
        return folder / "data"

    def copy(self, spec: Office, folder: Path) -> dict[str, str]:
        """A fresh copy of the ``spec`` office in ``folder``/data; its environment (admin)."""
        if spec not in self.built:
            self.built[spec] = self._build(spec)
        shutil.copytree(self.built[spec], folder / "data")
        return cli_env(folder, spec.admin_password)
