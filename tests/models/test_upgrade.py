"""Opening a database made by an older release upgrades it after a backup beside it; one made
by a newer release is refused and left byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import select
from support.upgrade import assert_rows_kept

from models import audit, database
from models.database import Database
from models.entities import Case, Grant
from models.errors import Unusable

DATA = Path(__file__).resolve().parents[1] / "data"
RELEASE_0_1_0 = DATA / "rgm-0.1.0.db"  # how it was made: tests/data/rgm-0.1.0.md
PASSPHRASE = "rgm 0.1.0 fixture passphrase"

# A revision of tests' own on top of whatever the newest one is, so that an upgrade happens
# whatever the schema of this program (the real ones are tested by opening the fixture).
EXTRA = """
import sqlalchemy as sa
from alembic import op

revision = "9000_upgrade_test"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_test", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("returnees") as batch:
        batch.add_column(sa.Column("upgrade_test_note", sa.String(20), nullable=True))
    {fail}


def downgrade() -> None:
    pass
"""


def row_counts(path: Path, key: str = PASSPHRASE) -> dict[str, int]:
    """Rows per table, read with the SQLCipher driver alone (not the code under test)."""
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{key}"')
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def revision_of(path: Path) -> str:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute(f'PRAGMA key = "{PASSPHRASE}"')
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    copy = tmp_path / "office" / "rgm.db"
    copy.parent.mkdir()
    shutil.copyfile(RELEASE_0_1_0, copy)
    return copy


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The program's migrations plus one more revision (``fail``: it raises at its end)."""

    def add(fail: bool = False) -> None:
        folder = tmp_path / "migrations"
        shutil.copytree(database._MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
        source = EXTRA.format(
            head=database.SCHEMA_HEAD, fail="raise RuntimeError('disk full')" if fail else ""
        )
        (folder / "versions" / "9000_upgrade_test.py").write_text(source, encoding="utf-8")
        monkeypatch.setattr(database, "_MIGRATIONS", folder)
        monkeypatch.setattr(database, "SCHEMA_HEAD", "9000_upgrade_test")

    return add


def test_the_0_1_0_database_opens_at_the_newest_schema_with_every_row(old_file: Path) -> None:
    before = row_counts(old_file)
    assert before["cases"] == 365 and all(n > 0 for n in before.values())
    db = Database.sqlite(old_file, PASSPHRASE).open()
    head = db.head()
    assert db.revision() == head
    with db.reading() as s:
        assert audit.verify(s) is None  # the old unkeyed chain and its keyed continuation
        # what could be paid before the upgrade still can: its agreement counts as signed
        waiting = s.execute(
            select(Case.number)
            .join(Grant, Grant.case_id == Case.id)
            .where(
                Case.state.in_(("signed", "in_progress")),
                Grant.state == "approved",
                Grant.signed_at.is_(None),
            )
        ).all()
        assert waiting == []
    db.close()
    after = row_counts(old_file)
    assert_rows_kept(before, after)
    backups = sorted(old_file.parent.glob("rgm.db.schema-*.bak"))
    if head == "0001":  # nothing to upgrade: nothing copied, nothing changed
        assert backups == [] and old_file.read_bytes() == RELEASE_0_1_0.read_bytes()
    else:
        assert [b.name.split("-")[1] for b in backups] == ["0001"]
        # the old database as it was (a copy made by SQLite: the same rows, not the same bytes)
        assert revision_of(backups[0]) == "0001"
        assert row_counts(backups[0]) == row_counts(RELEASE_0_1_0)


def test_an_upgrade_backs_the_file_up_beside_it_first(old_file: Path, extra_revision) -> None:
    extra_revision()
    before = row_counts(old_file)
    db = Database.sqlite(old_file, PASSPHRASE).open()
    assert db.revision() == "9000_upgrade_test"
    db.close()
    (backup,) = old_file.parent.glob("rgm.db.schema-*.bak")
    assert backup == db.upgrade_backup
    # the old database as it was, in one file (no WAL beside it)
    assert row_counts(backup) == row_counts(RELEASE_0_1_0)
    assert revision_of(backup) == "0001"
    assert not list(old_file.parent.glob("*.bak-*")) and not list(old_file.parent.glob(".*part*"))
    after = row_counts(old_file)
    assert "upgrade_test" in after
    assert_rows_kept(before, after)
    # opened again: already at the newest schema, no second backup
    Database.sqlite(old_file, PASSPHRASE).open().close()
    assert len(list(old_file.parent.glob("*.bak"))) == 1


def test_a_failed_upgrade_leaves_the_database_as_it_was(old_file: Path, extra_revision) -> None:
    extra_revision(fail=True)
    before = row_counts(old_file)
    with pytest.raises(RuntimeError, match="disk full"):
        Database.sqlite(old_file, PASSPHRASE).open()
    assert row_counts(old_file) == before
    assert revision_of(old_file) == "0001"


def test_a_database_of_a_newer_version_is_refused_and_left_as_it_was(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999_newer'")
    path = Path(db.label) if db.dialect == "sqlite" else None
    if path is not None:  # WAL: the committed pages into the file itself, so its bytes say all
        with db.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes() if path else None
    with pytest.raises(Unusable) as refused:
        Database(db.engine, label=db.label).open()
    message = str(refused.value)
    assert "newer version of the program" in message and "0999_newer" in message
    assert "nothing was changed" in message and "\n" not in message
    assert db.revision() == "0999_newer"
    if path is not None:
        assert path.read_bytes() == before
        assert not list(path.parent.glob("*.bak"))


def test_no_upgrade_without_the_backup(old_file: Path, extra_revision, monkeypatch) -> None:
    import errno

    extra_revision()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(database.os, "fsync", full)
    with pytest.raises(Unusable, match="could not be copied first .* nothing was changed"):
        Database.sqlite(old_file, PASSPHRASE).open()
    assert revision_of(old_file) == "0001"
    assert old_file.read_bytes() == RELEASE_0_1_0.read_bytes()
    # nothing beside it but the lock every process that opens it shares (models.db_lock)
    assert sorted(p.name for p in old_file.parent.iterdir()) == ["rgm.db", "rgm.db.lock"]
