"""The window's own settings (per user of this computer), declared once with type and default.

Stored through ``QSettings``: the platform's native store normally, an ini file when a path is
given (tests, portable installs). Office-wide settings live in the database, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from desktop import paths

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T


LANGUAGE: Setting[str] = Setting("ui/language", str, "")
CASE_COLUMNS: Setting[list[str]] = Setting("cases/columns", list, [])
CASE_SORT: Setting[str] = Setting("cases/sort", str, "registered_at")
CASE_SORT_DESCENDING: Setting[bool] = Setting("cases/sort_descending", bool, True)
LAST_USER: Setting[str] = Setting("signin/last_user", str, "")
WINDOW_GEOMETRY: Setting[bytes] = Setting("window/geometry", bytes, b"")


class Settings:
    """Typed access to the declared settings."""

    def __init__(self, ini_path: str | Path | None = None) -> None:
        if ini_path is None:
            ini_path = paths.config_dir() / "window.ini"
        self._q = QSettings(str(ini_path), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        raw: Any = self._q.value(setting.key, None)
        if raw is None:
            return setting.default
        if setting.type is bool:
            value: Any = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
        elif setting.type is list:
            if isinstance(raw, str):
                value = [raw] if raw else []
            else:
                value = [str(v) for v in raw]
        elif setting.type is bytes:
            value = bytes(raw.data()) if isinstance(raw, QByteArray) else bytes(raw)
        else:
            value = setting.type(raw)
        return value  # type: ignore[no-any-return]

    def set(self, setting: Setting[T], value: T) -> None:
        if setting.type is bytes:
            self._q.setValue(setting.key, QByteArray(value))  # type: ignore[arg-type]
        else:
            self._q.setValue(setting.key, value)

    def sync(self) -> None:
        self._q.sync()

    @property
    def path(self) -> str:
        return self._q.fileName()
