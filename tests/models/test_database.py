import secrets
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from models.database import Database, raw_key
from models.entities import Case, Grant, Returnee
from models.errors import Unusable


def test_schema_is_at_head_and_matches_the_entities(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from models.entities import Base

    assert db.revision() == db.head()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_older_database_is_upgraded_when_opened(tmp_path) -> None:
    key = raw_key(secrets.token_hex(32))
    old = Database.sqlite(tmp_path / "old.db", key)
    old.upgrade("base")
    assert old.revision() is None
    old.close()
    reopened = Database.sqlite(tmp_path / "old.db", key).open()
    assert reopened.revision() == reopened.head()
    assert "cases" in inspect(reopened.engine).get_table_names()


def test_the_file_is_encrypted_and_a_wrong_key_is_refused(tmp_path) -> None:
    path = tmp_path / "enc.db"
    db = Database.sqlite(path, "a passphrase").open()
    with db.transaction() as s:
        s.add(_returnee(family_name="Kouyaté"))
    db.close()
    data = path.read_bytes()
    assert b"Kouyat" not in data and b"SQLite format 3" not in data
    before = path.read_bytes()
    with pytest.raises(Unusable, match="wrong key or not a database"):
        Database.sqlite(path, "another passphrase").open()
    assert path.read_bytes() == before


def _returnee(**kw):  # type: ignore[no-untyped-def]
    import datetime as dt

    values = dict(
        family_name="Traoré",
        given_names="Mamadou",
        sex="M",
        birth_date=dt.date(1990, 3, 12),
        nationality="MLI",
        country_of_origin="MLI",
        household_size=1,
    )
    values.update(kw)
    return Returnee(**values)


def test_constraints_hold(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(_returnee(sex="X"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add_all([_returnee(source_ref="K-1"), _returnee(source_ref="K-1")])
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(_returnee(nationality="ML"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        r = _returnee()
        s.add(r)
        s.flush()
        s.add(Case(number="BKO-26-1", returnee_id=r.id))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Case(number="BKO-2026-000001", returnee_id=999_999))  # foreign keys are on
    with db.reading() as s:
        assert s.scalars(select(Returnee)).all() == []


def test_money_is_exact_and_never_a_float(db: Database) -> None:
    with db.transaction() as s:
        r = _returnee()
        s.add(r)
        s.flush()
        c = Case(number="BKO-2026-000001", returnee_id=r.id)
        s.add(c)
        s.flush()
        s.add(
            Grant(
                case_id=c.id,
                currency="XOF",
                total=Decimal("1968000"),
                ceiling=Decimal("1968000.00"),
            )
        )
    with db.reading() as s:
        g = s.scalars(select(Grant)).one()
        assert g.total == Decimal("1968000") and isinstance(g.total, Decimal)
    with pytest.raises(Exception, match="float"), db.transaction() as s:
        s.add(Grant(case_id=c.id, version=2, currency="XOF", total=1.5))


def test_the_known_schema_head_is_the_newest_migration(sqlite_db: Database) -> None:
    from models.database import SCHEMA_HEAD

    assert sqlite_db.head() == SCHEMA_HEAD == sqlite_db.revision()
