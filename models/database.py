"""Opening the database (encrypted SQLite file or PostgreSQL server) and upgrading its schema.

One ``Database`` per process. Operations take it and open one short transaction each with
``db.transaction()``. On SQLite every write transaction starts with ``BEGIN IMMEDIATE`` so two
writers never interleave (the audit chain and the case numbering rely on it); on PostgreSQL the
same guarantee comes from row locks (``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, select
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from models import sqlcipher, text_rules
from models.db_lock import DatabaseLock
from models.entities import Office
from models.errors import Unusable
from models.i18n import N_
from models.sqlcipher import raw_key

if TYPE_CHECKING:
    from models.office_keys import KeyStore

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
        keys: KeyStore | None = None,
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

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def sqlite(
        cls,
        path: str | os.PathLike[str],
        key: str,
        opened: Any = None,
        keys: KeyStore | None = None,
        *,
        lock: bool = True,
    ) -> Database:
        """Open (or create) an encrypted SQLite file; ``key`` is a passphrase or ``raw_key()``.

        ``opened``: a connection already keyed with ``key`` (``sqlcipher.open_keyed``, made on
        another thread during start-up); it becomes the first connection of the pool.
        ``lock``: hold the file's shared lock (``models.db_lock``) while it is open; only a
        private copy that nobody else can see goes without.
        """
        path = Path(path)
        url = URL.create("sqlite+pysqlcipher", password=key, database=str(path))
        spare = [opened] if opened is not None else []
        in_use = DatabaseLock(path) if lock else None
        if in_use is not None:
            in_use.shared()

        def connection() -> Any:
            if in_use is not None:
                in_use.shared()  # again after close(): a window reopens after a restore
            # The dialect keys every new connection; keying one again is a no-op in SQLCipher.
            return spare.pop() if spare else sqlcipher.connect(path)

        # A queue of connections, not SQLAlchemy's default one-per-thread for SQLCipher: two
        # sessions of one thread must not share a connection (and its transaction), and a
        # passphrase costs ~100 ms of key derivation per new connection, so they are kept.
        engine = create_engine(
            url, creator=connection, poolclass=QueuePool, pool_size=4, max_overflow=8
        )
        _sqlite_pragmas(engine)
        return cls(engine, label=str(path), keys=keys, lock=in_use)

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
        from models.office_keys import IN_DATABASE

        # Every workstation shares a server's keys: they live in it, not in one computer's keyring.
        return cls(engine, label=label, keys=IN_DATABASE)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def check_readable(self) -> None:
        """Fail with a clear message when the key is wrong or the file is not a database."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master" if self.dialect == "sqlite" else "SELECT 1"
                )
        except (DatabaseError, OperationalError) as exc:
            self.close()
            if self.dialect == "sqlite":
                raise Unusable(WRONG_KEY, path=self.label) from exc
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
        with self.engine.connect() as conn:
            try:
                return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            except (OperationalError, ProgrammingError):
                return None

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
        from models import office_keys

        self.check_readable()
        revision = self.revision()
        if revision != SCHEMA_HEAD:
            self._upgrade_from(revision)
        office_keys.ensure(self)
        return self

    # -- upgrading an older schema ---------------------------------------------------------------

    def _upgrade_from(self, revision: str | None) -> None:
        from alembic import command
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self._alembic(None))
        if revision is not None and revision not in {s.revision for s in script.walk_revisions()}:
            self.engine.dispose()
            raise Unusable(NEWER_SCHEMA, revision=revision, head=script.get_current_head())
        # On SQLite the transaction starts with BEGIN IMMEDIATE: no other process writes while
        # the file is copied and upgraded, and a failed upgrade rolls back to the copied state.
        with self.engine.begin() as conn:
            if revision is not None and self.dialect == "sqlite":
                self.upgrade_backup = _copy_beside(Path(self.label), revision)
            command.upgrade(self._alembic(conn), "head")

    # -- sessions --------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only: nothing is committed, and the rows read stay usable
        (detached, not expired) after the block."""
        session = self._sessions()
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
        if self.lock is not None:
            self.lock.release()


def _copy_beside(path: Path, revision: str) -> Path:
    """An exact copy of the database file (encrypted as it is) beside it, named for the schema
    it holds: ``rgm.db.schema-0001-20261204-101500.bak``."""
    import datetime as dt
    import shutil

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.schema-{revision}-{stamp}.bak")
    part = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(path, part)
        with part.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as exc:  # a full disk, a read-only folder: no upgrade without the copy
        part.unlink(missing_ok=True)
        raise Unusable(NO_UPGRADE_BACKUP, path=str(target), error=exc.strerror or exc) from exc
    return target


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the driver's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # SQLCipher would print every failed page decryption (a wrong key) on stderr.
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
