"""The sample month of the return tests (kept in tests/support/returns.py, shared with e2e and
fuzz tests)."""

from support.returns import (  # noqa: F401
    INJECTIONS,
    RATE,
    changed,
    month_data,
    office_signer,
    rehash,
    resign,
    trusted,
)
