"""Backups of the encrypted SQLite database: online copies, rotation, and restore.

A backup is made with SQLite's backup API on a live connection, so the database may be in use:
the copy holds one read transaction (writers wait a moment, readers don't) and is consistent.
It is encrypted with the same key as the database (never a plain copy), checked, then renamed
into place. A restore keeps the current database aside, never deletes it, and upgrades an older
schema. A PostgreSQL server is backed up by the server's own tools (pg_dump), not here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import select

from models import audit, permissions
from models.database import Database
from models.entities import Office
from models.errors import Refused, Unusable
from models.i18n import N_
from models.users import SYSTEM, Actor

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

AUTO_PREFIX = "rgm-auto-"
# rgm-<office>-20261130-115400.db, rgm-auto-<office>-20261130-115400.db
_STAMP = re.compile(r"-(\d{8}-\d{6})\.db$")
_PAGES_PER_STEP = 1024

NOT_A_BACKUP = N_("cannot open the backup: wrong key or not a backup ({path})")
SERVER_BACKUP = N_(
    "this database is on a PostgreSQL server: it is backed up with the server's own tools "
    "(pg_dump), ask its administrator"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    revision: str | None
    seconds: float


@dataclass(frozen=True)
class RestoreInfo:
    path: Path
    kept_aside: Path | None
    revision_before: str | None
    revision_after: str | None


class _Cancel(Exception):
    pass


def stamp(now: dt.datetime | None = None) -> str:
    """The time in a backup's file name (UTC, sorts as text)."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")


def default_name(db: Database, *, automatic: bool = False, now: dt.datetime | None = None) -> str:
    """``rgm-<office>-<YYYYmmdd-HHMMSS>.db`` (``rgm-auto-...`` for automatic backups)."""
    with db.reading() as s:
        code = s.scalars(select(Office.code)).first() or "db"
    return f"{AUTO_PREFIX if automatic else 'rgm-'}{code}-{stamp(now)}.db"


# -- SQLCipher connections -----------------------------------------------------------------------


def _quote(key: str) -> str:
    return '"' + key.replace('"', '""') + '"'


def _connect(path: Path, key: str) -> Any:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {_quote(key)}")
    return conn


def _sqlite_key(db: Database) -> str:
    if db.dialect != "sqlite":
        raise Refused(SERVER_BACKUP)
    return db.engine.url.password or ""


def _revision(conn: Any) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher3.OperationalError:
        return None
    return str(row[0]) if row else None


def check(path: Path, key: str) -> str | None:
    """Open ``path`` with ``key`` and check every page; the schema revision it holds."""
    try:
        conn = _connect(path, key)
    except sqlcipher3.Error as exc:
        raise Unusable(NOT_A_BACKUP, path=str(path)) from exc
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise Unusable(NOT_A_BACKUP, path=str(path)) from exc
        broken = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        verdict = conn.execute("PRAGMA integrity_check").fetchall()
        if broken or verdict != [("ok",)]:
            raise Unusable(N_("the backup {path} is damaged"), path=str(path))
        return _revision(conn)
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


# -- backup --------------------------------------------------------------------------------------


def _copy(
    db: Database, out: Path, progress: Progress | None, cancelled: Cancelled | None
) -> BackupInfo:
    key = _sqlite_key(db)
    if out.resolve() == Path(db.engine.url.database or "").resolve():
        raise Refused(
            N_("a backup cannot be written over the database itself ({path})"), path=str(out)
        )
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}.{secrets.token_hex(4)}.part")

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise _Cancel
        if progress is not None:
            progress(total - remaining, total)

    pooled = db.engine.raw_connection()
    try:
        source: Any = pooled.driver_connection
        target = _connect(part, key)
        try:
            # One read transaction across every step: no writer can commit in between, so the
            # copy is consistent and never restarts (writers wait, as for any long read).
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            try:
                source.backup(target, pages=_PAGES_PER_STEP, progress=step)
            finally:
                source.execute("ROLLBACK")
        finally:
            target.close()
        revision = check(part, key)
        _fsync(part)
        os.replace(part, out)
    except _Cancel:
        _remove(part)
        raise Refused(N_("backup cancelled; nothing was written")) from None
    except BaseException:
        _remove(part)
        raise
    finally:
        pooled.close()
    return BackupInfo(
        path=out,
        size=out.stat().st_size,
        revision=revision,
        seconds=time.perf_counter() - started,
    )


def _audit(db: Database, actor: Actor, action: str, info: dict[str, Any]) -> None:
    with db.transaction() as s:
        audit.record(s, actor, action, "database", info.get("file", ""), after=info)


def backup(
    db: Database,
    actor: Actor,
    out_path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> BackupInfo:
    """An encrypted, checked copy of the database in ``out_path``, made while it is in use."""
    permissions.check(actor, "backup.make")
    info = _copy(db, Path(out_path), progress, cancelled)
    _audit(db, actor, "backup", {"file": info.path.name, "size": info.size})
    return info


# -- automatic backups ---------------------------------------------------------------------------


def automatic_backups(folder: str | os.PathLike[str]) -> list[Path]:
    """The automatic backups in ``folder``, oldest first."""
    found = []
    for path in Path(folder).glob(f"{AUTO_PREFIX}*.db"):
        match = _STAMP.search(path.name)
        if match:
            found.append((match.group(1), path.name, path))
    return [p for _s, _n, p in sorted(found)]


def rotate(folder: str | os.PathLike[str], keep: int = 7) -> list[Path]:
    """Delete all but the ``keep`` newest automatic backups; the deleted files."""
    old = automatic_backups(folder)
    doomed = old[: max(0, len(old) - max(keep, 1))]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def _stamp_time(path: Path) -> dt.datetime:
    match = _STAMP.search(path.name)
    assert match
    return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)


def auto_backup(
    db: Database,
    folder: str | os.PathLike[str],
    keep: int = 7,
    min_interval: dt.timedelta = dt.timedelta(days=1),
    now: dt.datetime | None = None,
) -> BackupInfo | None:
    """Back up when the newest automatic backup is older than ``min_interval`` (then keep the
    ``keep`` newest); None when none was due, or on a PostgreSQL server."""
    if db.dialect != "sqlite":
        return None
    now = now or dt.datetime.now(dt.UTC)
    existing = automatic_backups(folder)
    if existing and now - _stamp_time(existing[-1]) < min_interval:
        return None
    out = Path(folder) / default_name(db, automatic=True, now=now)
    info = _copy(db, out, None, None)
    _audit(db, SYSTEM, "backup", {"file": info.path.name, "size": info.size, "automatic": True})
    rotate(folder, keep)
    return info


# -- restore -------------------------------------------------------------------------------------


def _known(revision: str | None) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from models.database import _MIGRATIONS

    script = ScriptDirectory(str(_MIGRATIONS))
    try:
        script.get_revision(revision)
    except CommandError as exc:
        raise Unusable(
            N_("the backup has schema {revision}, newer than this program's: update rgm first"),
            revision=revision,
        ) from exc


@contextlib.contextmanager
def _not_in_use(path: Path, key: str) -> Iterator[None]:
    """Refuse while another program (the window) has the database open in a transaction."""
    if not path.exists():
        yield
        return
    conn = _connect(path, key)
    try:
        conn.execute("PRAGMA busy_timeout = 2000")
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlcipher3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise Refused(
                    N_("the database {path} is in use: close the window first, then restore"),
                    path=str(path),
                ) from exc
        except sqlcipher3.DatabaseError:
            pass  # damaged or another key: the very case for a restore
        else:
            conn.execute("ROLLBACK")
    finally:
        conn.close()
    yield


def _free(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``... when it is taken (two restores in one second)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def restore(
    backup_path: str | os.PathLike[str],
    target_path: str | os.PathLike[str],
    key: str,
    actor: Actor = SYSTEM,
) -> RestoreInfo:
    """Put a backup in place of the database at ``target_path``, keeping the current one as
    ``<name>.before-restore-<time>``; an older schema is upgraded. Nothing changes on refusal."""
    source, target = Path(backup_path), Path(target_path)
    if not source.is_file():
        raise Unusable(N_("no backup at {path}"), path=str(source))
    before = check(source, key)
    _known(before)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restore")
    try:
        shutil.copyfile(source, part)
        # Upgraded before it takes the database's place: a failed upgrade changes nothing.
        staged = Database.sqlite(part, key)
        try:
            staged.open()
            after = staged.revision()
            _audit(
                staged,
                actor,
                "restore",
                {"file": source.name, "revision_before": before, "revision_after": after},
            )
        finally:
            staged.close()
        _fsync(part)
        aside: Path | None = None
        with _not_in_use(target, key):
            if target.exists():
                aside = _free(target.with_name(f"{target.name}.before-restore-{stamp()}"))
                try:
                    os.link(target, aside)
                except OSError:
                    shutil.copy2(target, aside)
                for suffix in ("-journal", "-wal", "-shm"):
                    left = Path(f"{target}{suffix}")
                    if left.exists():
                        os.replace(left, Path(f"{aside}{suffix}"))
            os.replace(part, target)
    except BaseException:
        _remove(part)
        raise
    restored = Database.sqlite(target, key)
    try:
        restored.open()
        after = restored.revision()
    finally:
        restored.close()
    return RestoreInfo(path=target, kept_aside=aside, revision_before=before, revision_after=after)
