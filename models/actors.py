"""Who an operation acts for: the signed-in user (``Actor``) or the program itself (``SYSTEM``).

Below everything that records or checks (the audit trail, the office's keys, the permissions),
so that each of them can name an actor without importing the users' module.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The signed-in user an operation acts for."""

    id: int
    username: str
    full_name: str
    roles: frozenset[str]
    language: str | None = None

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


SYSTEM = Actor(id=0, username="system", full_name="", roles=frozenset())
