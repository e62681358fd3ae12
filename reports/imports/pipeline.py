"""What every importer shares: the one row refusal (row, case, message naming its column, the
row's values as typed, the faulty cell's index and the reason alone), written out by
``error_workbook``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowRefusal:
    row: int
    case: str
    message: str
    values: tuple[Any, ...] = ()
    column: int | None = None  # index of the faulty cell in ``values``, when known
    reason: str = ""  # ``message`` without the column it names ("" when it names none)
