"""Backups of the encrypted SQLite database: online copies, rotation, and restore.

A backup is made with SQLite's backup API on a live connection, so the database may be in use:
the copy holds one read transaction (the file is in WAL mode: neither writers nor readers wait)
and is the database as it was when the copy started.
It is encrypted with the same key as the database (never a plain copy), checked, then renamed
into place. A restore (administrators only) checks a copy of the backup fully before anything is
replaced, refuses while another window or command has the database open (``models.db_lock``),
keeps the current database aside, never deletes it, and upgrades an older schema. What a killed
backup or restore leaves behind is removed by the next one (and at the next opening of the
database). A PostgreSQL server is backed up by the server's own tools (pg_dump), not here.
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

import portalocker
import sqlcipher3
from sqlalchemy import select

from models import audit, pause_points, permissions
from models.database import Database
from models.db_lock import DatabaseLock, remove_staging
from models.entities import Office
from models.errors import Refused, Unusable
from models.i18n import N_
from models.jobs import NO_JOB, Cancelled, Job
from models.sqlcipher import read_head
from models.users import SYSTEM, Actor

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


def backs_up(db: Database) -> bool:
    """Whether this program backs ``db`` up: an SQLite file, yes; a PostgreSQL server is backed
    up by the server's own tools."""
    return db.dialect == "sqlite"


def _sqlite_key(db: Database) -> str:
    if not backs_up(db):
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


PART_SUFFIX = ".rgm-part"
BUSY = N_("another backup is being written in {folder}; try again when it is done")


@contextlib.contextmanager
def _folder(folder: Path) -> Iterator[bool]:
    """The backup folder's own lock (one backup at a time writes there), held without waiting:
    True when it is ours, and then the parts that interrupted backups left are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".rgm-backups.lock").open("a+b") as fh:
        try:
            portalocker.lock(
                fh, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
            )
        except portalocker.LockException:
            yield False
            return
        try:
            for left in folder.glob(f".*{PART_SUFFIX}"):
                _remove(left)
            yield True
        finally:
            portalocker.unlock(fh)


def _copy(db: Database, out: Path, job: Job) -> BackupInfo:
    key = _sqlite_key(db)
    if out.resolve() == Path(db.engine.url.database or "").resolve():
        raise Refused(
            N_("a backup cannot be written over the database itself ({path})"), path=str(out)
        )
    started = time.perf_counter()
    with _folder(out.parent) as ours:
        if not ours:
            raise Refused(BUSY, folder=str(out.parent))
        return _copy_into(db, key, out, started, job)


def _copy_into(
    db: Database,
    key: str,
    out: Path,
    started: float,
    job: Job,
) -> BackupInfo:
    # Beside the final file (one rename puts it in place), under a name the next backup into
    # this folder recognises and removes if this one is killed.
    part = out.with_name(f".{out.name}.{secrets.token_hex(4)}{PART_SUFFIX}")

    def step(_status: int, remaining: int, total: int) -> None:
        if job.is_cancelled:
            raise _Cancel
        job.progress(total - remaining, total)
        pause_points.reached("backup.copying")

    pooled = db.engine.raw_connection()
    try:
        source: Any = pooled.driver_connection
        target = _connect(part, key)
        try:
            # One read transaction across every step: the copy is the snapshot it started with
            # (WAL: writers commit meanwhile without waiting, and the copy does not restart).
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            try:
                source.backup(target, pages=_PAGES_PER_STEP, progress=step)
            finally:
                source.execute("ROLLBACK")
            # The copy of a WAL database is in WAL mode: a backup is one file, readable on a
            # read-only stick, and re-keyable (SQLCipher cannot re-key a WAL database).
            target.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            target.close()
        revision = check(part, key)
        _fsync(part)
        os.replace(part, out)
    except _Cancel:
        _remove(part)
        raise Cancelled(N_("backup cancelled; nothing was written")) from None
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
    job: Job = NO_JOB,
) -> BackupInfo:
    """An encrypted, checked copy of the database in ``out_path``, made while it is in use."""
    permissions.check_now(db, actor, "backup.make")  # before the copy is written
    info = _copy(db, Path(out_path), job)
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


@dataclass(frozen=True)
class BackupFile:
    path: Path
    size: int
    modified: dt.datetime  # UTC
    automatic: bool


def list_backups(folder: str | os.PathLike[str]) -> list[BackupFile]:
    """The backups in ``folder`` (``rgm-*.db``), newest first."""
    found = []
    for path in Path(folder).glob("rgm-*.db"):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed meanwhile (rotation)
        when = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
        found.append(BackupFile(path, stat.st_size, when, path.name.startswith(AUTO_PREFIX)))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


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
    if not backs_up(db):
        return None
    now = now or dt.datetime.now(dt.UTC)
    existing = automatic_backups(folder)
    if existing and now - _stamp_time(existing[-1]) < min_interval:
        with _folder(Path(folder)):
            pass  # none due; still remove what an interrupted backup left
        return None
    out = Path(folder) / default_name(db, automatic=True, now=now)
    info = _copy(db, out, NO_JOB)
    _audit(db, SYSTEM, "backup", {"file": info.path.name, "size": info.size, "automatic": True})
    rotate(folder, keep)
    return info


# -- restore -------------------------------------------------------------------------------------

EMPTY = N_("the file {path} is empty: it is not a backup")
PLAIN = N_("the file {path} is not encrypted: it is not a backup made by rgm")
DAMAGED = N_("the backup {path} is damaged")
NO_OFFICE = N_("the file {path} holds no office: it is not a backup of an rgm database")
OTHER_KEY = N_(
    "the backup {path} does not open with this database's key: it was made under another "
    "passphrase or on another computer; its own passphrase is needed to restore it"
)
WRONG_BACKUP_KEY = N_("the backup {path} does not open with the passphrase given either")
OTHER_OFFICE = N_(
    "the backup {path} is of office {other} ({name}), not of this database's office {office}: "
    "restore it only after confirming it"
)

_NOT_A_DATABASE = 26  # SQLITE_NOTADB: the first page does not decrypt (another key, or noise)

# Signs someone in on a database: the live one, or the backup when there is no live one yet.
SignIn = Callable[[Database], Actor]


class OtherKey(Unusable):
    """The backup does not open with the database's key; its own passphrase may open it."""


class OtherOffice(Refused):
    """The backup is of another office; restoring it needs an explicit confirmation."""


@dataclass(frozen=True)
class Candidate:
    """What a checked backup holds."""

    revision: str
    office: str
    office_name: str


def _known(revision: str) -> None:
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


def _plausible(source: Path) -> None:
    """Refuse at once what cannot be a backup: no file, an empty one, a plain SQLite file."""
    if not source.is_file():
        raise Unusable(N_("no backup at {path}"), path=str(source))
    head = read_head(source, 16)  # (the live file itself too: its locks are kept)
    if not head:
        raise Unusable(EMPTY, path=str(source))
    if head == b"SQLite format 3\x00":
        raise Unusable(PLAIN, path=str(source))


def _opened(part: Path, key: str, source: Path, backup_key: str | None) -> Any:
    """A connection to the staged copy with ``key``; a copy made under ``backup_key`` is re-keyed
    to ``key`` first."""
    conn = _connect(part, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlcipher3.Error as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", _NOT_A_DATABASE) != _NOT_A_DATABASE:
            # The first page opened (so the key is right), the schema did not: damaged.
            raise Unusable(DAMAGED, path=str(source)) from exc
    if backup_key is None:
        raise OtherKey(OTHER_KEY, path=str(source))
    conn = _connect(part, backup_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as exc:
        conn.close()
        raise Unusable(WRONG_BACKUP_KEY, path=str(source)) from exc
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()  # SQLCipher re-keys no WAL file
        conn.execute(f"PRAGMA rekey = {_quote(key)}")
    except sqlcipher3.Error as exc:
        conn.close()
        raise Unusable(DAMAGED, path=str(source)) from exc
    return conn


def inspect(part: Path, key: str, source: Path, backup_key: str | None = None) -> Candidate:
    """Check a staged copy of ``source`` fully: it opens with ``key`` (or ``backup_key``, then
    is re-keyed), every page and the structure are sound, its schema is one this program knows,
    and it holds an office. Raises ``Unusable`` (``OtherKey``) otherwise."""
    conn = _opened(part, key, source, backup_key)
    try:
        try:
            broken = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            verdict = conn.execute("PRAGMA integrity_check").fetchall()
        except sqlcipher3.Error as exc:
            raise Unusable(DAMAGED, path=str(source)) from exc
        if broken or verdict != [("ok",)]:
            raise Unusable(DAMAGED, path=str(source))
        revision = _revision(conn)
        try:
            office = conn.execute("SELECT code, name FROM office").fetchall()
        except sqlcipher3.Error:
            office = []
    finally:
        conn.close()
    if revision is None or len(office) != 1:
        raise Unusable(NO_OFFICE, path=str(source))
    _known(revision)
    return Candidate(revision=revision, office=str(office[0][0]), office_name=str(office[0][1]))


def _live_office(db: Database) -> Office | None:
    target = Path(db.engine.url.database or "")
    if not target.is_file() or target.stat().st_size == 0:
        return None
    try:
        return db.office()
    except Exception:  # noqa: BLE001 - no schema yet: nothing to compare with
        return None


def _free(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``... when it is taken (two restores in one second)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _put_aside(target: Path) -> Path | None:
    """Keep the current file (and a journal a crashed writer left) as ``.before-restore-...``."""
    if not target.exists():
        return None
    aside = _free(target.with_name(f"{target.name}.before-restore-{stamp()}"))
    try:
        os.link(target, aside)
    except OSError:
        shutil.copy2(target, aside)
    for suffix in ("-journal", "-wal", "-shm"):
        left = Path(f"{target}{suffix}")
        if left.exists():
            os.replace(left, Path(f"{aside}{suffix}"))
    return aside


def restore(
    db: Database,
    actor: Actor | SignIn,
    backup_path: str | os.PathLike[str],
    *,
    other_office: bool = False,
    backup_key: str | None = None,
    job: Job = NO_JOB,
) -> RestoreInfo:
    """Put a backup in place of the SQLite database ``db`` (administrators only).

    The backup is copied beside the database and checked fully (``inspect``) before anything is
    replaced; a backup of another office is refused (``OtherOffice``) unless ``other_office``,
    one made under another key (``OtherKey``) needs ``backup_key`` and is re-keyed to the
    database's key. An older schema is upgraded. The database must be free: ``db`` is closed
    (using it again reopens the restored file) and the restore is refused while another window
    or command has it open. The current file is kept as ``<name>.before-restore-<time>``.
    ``actor`` may be a sign-in, done on the live database, or on the backup when there is none.
    """
    key = _sqlite_key(db)
    source, target = Path(backup_path), Path(db.engine.url.database or "")
    live = _live_office(db)
    # (callable(), not isinstance(): a reloaded models.users makes another Actor class)
    if live is not None and callable(actor):
        actor = actor(db)
    if not callable(actor):
        permissions.check(actor, "backup.restore")
        if live is not None:  # as the live database holds the user now
            permissions.check_now(db, actor, "backup.restore")
    _plausible(source)
    db.close()
    guard = DatabaseLock(target)
    guard.exclusive()
    try:
        remove_staging(target)
        part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restore")
        try:
            job.phase(N_("Copying the backup"))
            shutil.copyfile(source, part)
            pause_points.reached("restore.copied")
            job.phase(N_("Checking the backup"))
            candidate = inspect(part, key, source, backup_key)
            if live is not None and candidate.office != live.code and not other_office:
                raise OtherOffice(
                    OTHER_OFFICE, path=str(source), other=candidate.office,
                    name=candidate.office_name, office=live.code,
                )  # fmt: skip
            job.phase(N_("Putting the backup in place"))
            after = _prepare(part, key, source, candidate, actor)
            aside = _put_aside(target)
            pause_points.reached("restore.swapping")
            os.replace(part, target)
        except BaseException:
            _remove(part)
            raise
    finally:
        guard.release()
    return RestoreInfo(
        path=target, kept_aside=aside, revision_before=candidate.revision, revision_after=after
    )


def _prepare(
    part: Path, key: str, source: Path, candidate: Candidate, actor: Actor | SignIn
) -> str | None:
    """Upgrade the staged copy, sign in on it when there was no live database, and record the
    restore in its audit trail; its schema revision then."""
    staged = Database.sqlite(part, key, lock=False)
    try:
        staged.open()
        if callable(actor):
            actor = actor(staged)
            permissions.check(actor, "backup.restore")
        after = staged.revision()
        _audit(
            staged, actor, "restore",
            {"file": source.name, "revision_before": candidate.revision, "revision_after": after},
        )  # fmt: skip
    finally:
        staged.close()
    _fsync(part)
    return after
