"""What an upgrade of an older database must keep."""

from __future__ import annotations


def assert_rows_kept(before: dict[str, int], after: dict[str, int]) -> None:
    """Every row is kept; only the upgrade's own bookkeeping adds some (the database's identity
    and keys in settings, the one audit event that starts the keyed chain)."""
    assert all(after.get(t, 0) >= n for t, n in before.items())
    grown = {t for t, n in before.items() if after[t] != n and t != "alembic_version"}
    assert grown <= {"settings", "audit_events"}, grown
    assert after["audit_events"] - before["audit_events"] <= 1
