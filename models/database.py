"""Opening the database (encrypted SQLite file or PostgreSQL server) and upgrading its schema.

One ``Database`` per process. Operations take it and open one short transaction each with
``db.transaction()``. On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so two
writers never interleave (the audit chain and the case numbering rely on it); on PostgreSQL the
same guarantee comes from row locks (``SELECT ... FOR UPDATE``). Reading (``db.reading()``)
starts a deferred transaction, and the file is in WAL mode: a reader sees the last committed
state and never waits for a writer, however long the write. A write that cannot get the lock in
time says the database is busy (exit 2), never that the key is wrong.

The session notices when its file was replaced underneath it (another name for the same file
restored, a copy put in place by hand): its identity (device, inode) is checked at the start and
at the commit of every transaction, and a changed one fails loudly instead of writing into the
old, unlinked file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from models import office_keys, pause_points, sqlcipher, text_rules
from models.db_lock import DatabaseLock, canonical, refuse_hard_links
from models.entities import Office
from models.errors import Unusable
from models.i18n import N_
from models.sqlcipher import raw_key

__all__ = ["SCHEMA_HEAD", "Database", "raw_key"]

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The newest revision in models/migrations/versions (a test checks they agree). Knowing it here
# lets a database at the current schema open without importing Alembic (start-up time).
SCHEMA_HEAD = "0004_search_fold"

WRONG_KEY = N_("cannot open the database: wrong key or not a database ({path})")
NO_UPGRADE_BACKUP = N_(
    "the database needs an upgrade but could not be copied first to {path} ({error}); "
    "nothing was changed"
)
BUSY = N_(
    "the database {path} is busy: another window or command is writing to it (an import, an "
    "upgrade); try again when it has finished"
)
CANNOT_OPEN = N_("cannot open the database {path}: {error}")
REPLACED = N_(
    "the database {path} was replaced by another file while in use (a restore, or a copy put "
    "in its place); nothing more was written: open it again"
)
NEWER_SCHEMA = N_(
    "this database was made by a newer version of the program (schema {revision}; this version "
    "knows up to {head}): install that version or a newer one; nothing was changed"
)


class Database:
    """An opened database: its engine, a session factory and its schema revision."""

    def __init__(
        self,
        engine: Engine,
        *,
        label: str,
        keys: office_keys.KeyStore | None = None,
        lock: DatabaseLock | None = None,
    ) -> None:
        self.engine = engine
        self.label = label
        # Where the database's own keys live apart from it (models.office_keys); None: the
        # process's choice (the OS keyring when desktop/ set one), else inside the database.
        self.keys = keys
        self.lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={"database": self})
        text_rules.install()  # every text people type is normalised and checked on writing
        self.upgrade_backup: Path | None = None  # the copy made before an upgrade, if any
        self._identity: _FileIdentity | None = None
        # Reading sessions and connections: a deferred BEGIN on SQLite (see _sqlite_pragmas).
        self._reader = engine.execution_options(rgm_reading=True)
        self._readers = sessionmaker(self._reader, expire_on_commit=False, info={"database": self})

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def sqlite(
        cls,
        path: str | os.PathLike[str],
        key: str,
        opened: Any = None,
        keys: office_keys.KeyStore | None = None,
        *,
        lock: bool = True,
    ) -> Database:
        """Open (or create) an encrypted SQLite file; ``key`` is a passphrase or ``raw_key()``.

        ``opened``: a connection already keyed with ``key`` (``sqlcipher.open_keyed``, made on
        another thread during start-up); it becomes the first connection of the pool.
        ``lock``: hold the file's shared lock (``models.db_lock``) while it is open; only a
        private copy that nobody else can see goes without.
        """
        # The real file: the same database through a symlink or another spelling of its path
        # is one database (one lock, one identity), never two.
        path = canonical(Path(path))
        url = URL.create("sqlite+pysqlcipher", password=key, database=str(path))
        spare = [opened] if opened is not None else []
        in_use = DatabaseLock(path) if lock else None
        if in_use is not None:
            in_use.shared()
            try:
                refuse_hard_links(path)
            except Unusable:
                in_use.release()
                raise
        identity = _FileIdentity(path)

        def connection() -> Any:
            if in_use is not None:
                in_use.shared()  # again after close(): a window reopens after a restore
            # The dialect keys every new connection; keying one again is a no-op in SQLCipher.
            conn = spare.pop() if spare else sqlcipher.connect(path)
            identity.remember()
            return conn

        # A queue of connections, not SQLAlchemy's default one-per-thread for SQLCipher: two
        # sessions of one thread must not share a connection (and its transaction), and a
        # passphrase costs ~100 ms of key derivation per new connection, so they are kept.
        engine = create_engine(
            url, creator=connection, poolclass=QueuePool, pool_size=4, max_overflow=8
        )
        _sqlite_pragmas(engine, identity)
        db = cls(engine, label=str(path), keys=keys, lock=in_use)
        db._identity = identity
        return db

    @classmethod
    def server(cls, url: str | URL, password: str | None = None) -> Database:
        """Connect to a PostgreSQL server (``postgresql://user@host/db``)."""
        parsed = make_url(url) if isinstance(url, str) else url
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        if password is not None and parsed.password is None:
            parsed = parsed.set(password=password)
        engine = create_engine(parsed, pool_pre_ping=True)
        label = parsed.render_as_string(hide_password=True)
        # Every workstation shares a server's keys: they live in it, not in one computer's keyring.
        return cls(engine, label=label, keys=office_keys.IN_DATABASE)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def check_readable(self) -> None:
        """Fail with a clear message when the key is wrong or the file is not a database."""
        try:
            with self._reader.connect() as conn:
                conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master" if self.dialect == "sqlite" else "SELECT 1"
                )
        except Unusable:
            self.close()
            raise
        except (DatabaseError, OperationalError) as exc:
            self.close()
            if self.dialect == "sqlite":
                code = getattr(exc.orig, "sqlite_errorcode", None)
                if code == _SQLITE_NOTADB:  # the first page does not decrypt
                    raise Unusable(WRONG_KEY, path=self.label) from exc
                raise Unusable(CANNOT_OPEN, path=self.label, error=_first_line(exc)) from exc
            raise Unusable(
                N_("cannot connect to the database server {url}: {error}"),
                url=self.label,
                error=str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc),
            ) from exc

    # -- schema ----------------------------------------------------------------------------------

    def _alembic(self, connection: Any) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = connection
        return cfg

    def revision(self) -> str | None:
        """The schema revision of the database (None when it has no schema yet)."""
        with self._reader.connect() as conn:
            return _read_revision(conn)

    def head(self) -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic(None)).get_current_head()

    def upgrade(self, target: str = "head") -> None:
        """Bring the schema to ``target`` (an older database is upgraded in place)."""
        from alembic import command

        with self.engine.begin() as conn:
            command.upgrade(self._alembic(conn), target)

    def open(self) -> Database:
        """Check the key, then upgrade the schema if it is older than this program's (a file
        is backed up beside itself first; a newer one is refused and left as it was); a new or
        upgraded database gets its identity and audit key here."""
        self.check_readable()
        revision = self.revision()
        if revision != SCHEMA_HEAD:
            self._upgrade_from(revision)
        if self.dialect == "sqlite":
            _use_wal(self.engine)
        office_keys.ensure(self)
        return self

    # -- upgrading an older schema ---------------------------------------------------------------

    def _upgrade_from(self, revision: str | None) -> None:
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self._alembic(None))
        known = {s.revision for s in script.walk_revisions()}
        if revision is not None and revision not in known:
            self.engine.dispose()
            raise Unusable(NEWER_SCHEMA, revision=revision, head=script.get_current_head())
        # On SQLite the transaction starts with BEGIN IMMEDIATE: no other process writes while
        # the file is copied and upgraded, and a killed or failed upgrade leaves the old file
        # (the copy beside it is complete or not there under its final name). On PostgreSQL an
        # advisory lock does the same for two workstations upgrading at once.
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_UPGRADE_LOCK})")
            # Read again under the lock: another process may have upgraded it meanwhile (both
            # saw the old revision); then there is nothing to copy or to do.
            revision = _read_revision(conn)
            if revision == script.get_current_head():
                return
            if revision is not None and revision not in known:
                raise Unusable(NEWER_SCHEMA, revision=revision, head=script.get_current_head())
            if revision is not None and self.dialect == "sqlite":
                self.upgrade_backup = _copy_beside(conn, Path(self.label), revision)
            command.upgrade(self._alembic(conn), "head")
            pause_points.reached("upgrade.migrating")

    # -- sessions --------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session
            if self._identity is not None:
                self._identity.check()  # before the commit: never into a replaced file

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only: nothing is committed, and the rows read stay usable
        (detached, not expired) after the block."""
        session = self._readers()
        try:
            yield session
        finally:
            session.close()

    def office(self) -> Office | None:
        with self.reading() as s:
            return s.scalars(select(Office)).first()

    def close(self) -> None:
        """Close every connection and let go of the file; using it again reopens it."""
        self.engine.dispose()
        if self._identity is not None:
            self._identity.forget()  # reopened later: the file then in place is the database
        if self.lock is not None:
            self.lock.release()


# How long a write waits for another process's write to end before saying the database is busy
# (``RGM_BUSY_SECONDS``, default 30).
BUSY_TIMEOUT_MS = int(float(os.environ.get("RGM_BUSY_SECONDS") or 30) * 1000)
# SQLite's result codes that mean "another connection holds the lock" and "not a database".
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_NOTADB = 5, 6, 26
# pg_advisory_xact_lock's key for upgrades ("rgm" upgrade): any constant shared by every copy.
_UPGRADE_LOCK = 0x72676D_01
_PAGES_PER_STEP = 256


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    return (str(cause).strip().splitlines() or [type(cause).__name__])[0][:160]


def _read_revision(conn: Any) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(value) if value is not None else None


class _FileIdentity:
    """The (device, inode) of the database file the connections opened: a file put in its
    place afterwards is another database, and writing on would silently go to the old one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: tuple[int, int] | None = None

    def _now(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_dev, st.st_ino)

    def remember(self) -> None:
        if self.known is None:
            self.known = self._now()

    def forget(self) -> None:
        self.known = None

    def check(self) -> None:
        if self.known is not None and self._now() != self.known:
            raise Unusable(REPLACED, path=str(self.path))


def _copy_beside(conn: Any, path: Path, revision: str) -> Path:
    """A copy of the database, as it is in ``conn``'s write transaction, beside it, named for
    the schema it holds: ``rgm.db.schema-0001-20261204-101500.bak``.

    Made with SQLite's backup API while ``conn`` holds the write lock (never a copy of
    the file by Python: closing a descriptor of the file would drop this process's locks on it,
    and a WAL database is not in one file). It is written under a name of its own (two
    processes, or a killed one, never share a part file), checked, made self-contained (no
    WAL), synced, then renamed into place; what a killed copy left is removed here first."""
    import datetime as dt
    import secrets

    import sqlcipher3

    for left in path.parent.glob(f".{path.name}.schema-*.part*"):
        left.unlink(missing_ok=True)  # under the write lock: nobody is copying now
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.schema-{revision}-{stamp}.bak")
    n = 1
    while target.exists():  # two upgrades of one revision in one second: keep both
        n += 1
        target = path.with_name(f"{path.name}.schema-{revision}-{stamp}-{n}.bak")
    part = path.with_name(f".{path.name}.schema-{revision}-{secrets.token_hex(6)}.part")
    key = conn.engine.url.password or ""

    def step(_status: int, _remaining: int, _total: int) -> None:
        pause_points.reached("upgrade.copying")

    try:
        copy = sqlcipher.connect(part)
        try:
            copy.isolation_level = None
            copy.execute("PRAGMA cipher_log_level = NONE")
            copy.execute(f"PRAGMA key = {sqlcipher.quoted(key)}")
            # A connection of its own reads (SQLite refuses to back up from the connection that
            # holds the write lock); it sees the committed state that nobody else can change.
            source = sqlcipher.open_keyed(path, key)
            try:
                source.backup(copy, pages=_PAGES_PER_STEP, progress=step)
            finally:
                source.close()
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, readable anywhere
            if copy.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                raise OSError(0, "the copy does not read back")
        finally:
            copy.close()
        with part.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except (OSError, sqlcipher3.Error) as exc:  # a full disk, a read-only folder: no upgrade
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{part}{suffix}").unlink(missing_ok=True)
        error = getattr(exc, "strerror", None) or _first_line(exc)
        raise Unusable(NO_UPGRADE_BACKUP, path=str(target), error=error) from exc
    return target


def _use_wal(engine: Engine) -> None:
    """Put the file in WAL mode (kept in the file): readers then never wait for a writer. Not
    possible while another connection reads in the old mode: tried again at the next opening."""
    import sqlcipher3

    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        raw.execute("PRAGMA busy_timeout = 0")  # never wait for it: it is tried again later
        try:
            raw.execute("PRAGMA journal_mode = WAL").fetchall()
        except sqlcipher3.Error:
            pass
        finally:
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _busy(context: Any) -> None:
    """A lock that did not come within the busy timeout: the database is busy, said so."""
    code = getattr(context.original_exception, "sqlite_errorcode", None)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        path = context.engine.url.database if context.engine is not None else ""
        raise Unusable(BUSY, path=path or "") from context.original_exception


def _sqlite_pragmas(engine: Engine, identity: _FileIdentity | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the driver's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLCipher would print every failed page decryption (a wrong key) on stderr.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if identity is not None:
            identity.check()
        # Reading needs no lock until it reads (WAL: a snapshot, never waiting for a writer).
        reading = conn.get_execution_options().get("rgm_reading", False)
        conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")

    event.listen(engine, "handle_error", _busy)
