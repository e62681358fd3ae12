"""Where the application keeps its files on this computer."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_dirs = PlatformDirs(appname="ReintegrationGrantManager", appauthor=False)


def data_dir() -> Path:
    """The user's data folder (``RGM_DATA_DIR`` overrides it, for scripts and tests)."""
    override = os.environ.get("RGM_DATA_DIR")
    path = Path(override) if override else Path(_dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "rgm.db"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """The user's cache folder (``RGM_CACHE_DIR`` overrides it): merged message catalogues and
    translations compiled from a clone. Never the program's own folder, which may be read-only.
    Not created here: whoever writes into it does."""
    override = os.environ.get("RGM_CACHE_DIR")
    return Path(override) if override else Path(_dirs.user_cache_dir)


def config_dir() -> Path:
    override = os.environ.get("RGM_CONFIG_DIR")
    path = Path(override) if override else Path(_dirs.user_config_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path
