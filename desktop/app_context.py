"""What a command (or the window) needs: the opened database, the signed-in user, progress."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import make_url

from desktop import paths, secrets
from models import office_keys
from models.database import Database
from models.errors import Refused, Unusable
from models.i18n import N_, _
from models.jobs import Job, Progress
from models.users import Actor, authenticate

if TYPE_CHECKING:
    from desktop.early_open import EarlyOpen


class AppContext:
    """Lazily opens the database and signs the user in, the same way for every command."""

    def __init__(
        self,
        db_path: str | None = None,
        database_url: str | None = None,
        user: str | None = None,
        ask: secrets.Asker = secrets.prompt_terminal,
        early: EarlyOpen | None = None,
    ) -> None:
        self.database_url = database_url or os.environ.get("RGM_DATABASE_URL") or None
        self.db_path = Path(db_path) if db_path else None
        self.user = user or os.environ.get("RGM_USER") or None
        self.ask = ask
        self.early = early
        # Say on stderr what an interrupted run left to finish (commands that finish it, and the
        # window, which finishes it on its worker, turn this off).
        self.notices = True
        self._db: Database | None = None
        self._actor: Actor | None = None
        # The keys a local database keeps apart from itself go to the keyring when it is secure
        # (every database this process opens, a backup being restored too).
        office_keys.use_key_store(secrets.KEYRING)

    # -- database --------------------------------------------------------------------------------

    @property
    def sqlite_path(self) -> Path:
        return self.db_path or paths.default_database()

    def label(self) -> str:
        """The database as said in messages: the server's URL (no password) or the file."""
        if self._db is not None:
            return self._db.label
        return str(self.sqlite_path) if not self.database_url else ""

    def exists(self) -> bool:
        return bool(self.database_url) or self.sqlite_path.exists()

    def _server(self) -> Database:
        assert self.database_url
        url = make_url(self.database_url)
        password = None
        if url.password is None:
            password = secrets.server_password(url.render_as_string(hide_password=True))
        return Database.server(url, password=password)

    def create_database(self) -> Database:
        """A new, empty database (schema created), for ``rgm init`` and the first start."""
        if self.database_url:
            self._db = self._server().open()
            return self._db
        path = self.sqlite_path
        if path.exists() and path.stat().st_size > 0:
            db = self.database()
            return db
        path.parent.mkdir(parents=True, exist_ok=True)
        key, remember = secrets.new_database_key(path, self.ask)
        db = Database.sqlite(path, key)
        try:
            db.open()
            remember()
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)
            raise
        self._db = db
        return db

    def adopt(self, db: Database) -> None:
        """Use ``db`` (opened elsewhere, e.g. a database about to be restored) and close it at
        the end."""
        self._db = db

    def database(self) -> Database:
        """The existing database, opened and upgraded to this program's schema."""
        if self._db is None:
            if self.database_url:
                self._db = self._server().open()
            else:
                path = self.sqlite_path
                if not path.exists():
                    raise Unusable(
                        N_(
                            "no database at {path}; create one with: rgm init --office CODE --name NAME"
                        ),
                        path=str(path),
                    )
                key = secrets.database_key(path, self.ask)
                opened = self.early.take(path, key) if self.early is not None else None
                db = Database.sqlite(path, key, opened=opened)
                if self.early is not None:
                    self.early.release()  # the database holds the file's lock itself now
                db.open()
                self._db = db
            if self._db.office() is None:
                raise Unusable(
                    N_(
                        "the database {path} has no office yet; run: rgm init --office CODE --name NAME"
                    ),
                    path=self._db.label,
                )
            if self.notices:
                self._say_pending(self._db)
        return self._db

    @staticmethod
    def _say_pending(db: Database) -> None:
        from models.registrations import pending

        _keys, ids = pending(db)
        if ids:
            print(
                "rgm: "
                + _(
                    "{n} imported registrations are not checked for duplicates yet (their import "
                    "is still running, or was interrupted); rgm duplicates checks them"
                ).format(n=len(ids)),
                file=sys.stderr,
            )

    # -- user ------------------------------------------------------------------------------------

    def password(self, prompt: str | None = None) -> str:
        value = os.environ.get("RGM_PASSWORD")
        if value is None:
            value = self.ask(prompt or _("Password"), False)
        return value

    def actor(self) -> Actor:
        """The signed-in user (``--user``; password from RGM_PASSWORD or a prompt)."""
        if self._actor is None:
            if not self.user:
                raise Refused(
                    N_("sign in with --user NAME (password from RGM_PASSWORD or a prompt)")
                )
            db = self.database()
            self._actor = authenticate(
                db, self.user, self.password(_("Password for {user}").format(user=self.user))
            )
        return self._actor

    # -- progress --------------------------------------------------------------------------------

    @staticmethod
    def _bar(description: str) -> Progress:
        """A (done, total) callback drawing a progress bar on stderr when it is a terminal."""
        from tqdm import tqdm

        bar: list[tqdm[None]] = []

        def report(done: int, total: int) -> None:
            if not bar:
                bar.append(
                    tqdm(total=total, desc=description, file=sys.stderr, disable=None, leave=False)
                )
            b = bar[0]
            if b.total != total:
                b.total = total
            b.update(done - b.n)
            if done >= total:
                b.close()

        return report

    def job(self, description: str) -> Job:
        """A job for a long operation: a progress bar on stderr (when it is a terminal) that
        starts again, under the phase's label, at each new phase."""
        current: list[Progress] = [self._bar(description)]

        def phase(label: str) -> None:
            current[0] = self._bar(_(label))

        return Job(progress=lambda done, total: current[0](done, total), phase=phase)

    def close(self) -> None:
        if self.early is not None:
            self.early.close()
        if self._db is not None:
            self._db.close()
            self._db = None
