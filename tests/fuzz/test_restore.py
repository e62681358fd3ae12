"""Restore fed random and mutated files: truncated, bit-flipped, empty, noise, another key.

Whatever the file, ``restore`` either puts a sound database in place or refuses with one
``Refused``/``Unusable`` line, never another exception, and then the live database is
byte-identical. ``RGM_FUZZ_EXAMPLES`` sets how many files are tried (default 30).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import backup as bk
from models.database import Database, raw_key
from models.errors import Refused, Unusable
from models.office_setup import initialise
from models.users import Actor, create_user, list_users

EXAMPLES = int(os.environ.get("RGM_FUZZ_EXAMPLES", "30"))
PAGE = 4096


@dataclass
class World:
    db: Database
    admin: Actor
    good: bytes  # a sound backup of the live database
    other_key: bytes  # a sound backup of another database, under another key
    folder: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("fuzz")
    key = raw_key(secrets.token_hex(32))
    db = Database.sqlite(root / "live" / "rgm.db", key).open()
    _office, admin = initialise(
        db, code="BKO", name="Bureau", country="MLI", admin="admin", password="pw-admin-1"
    )
    for n in range(40):
        create_user(db, admin, f"user{n}", "a-password-1", ["viewer"])
    good = bk.backup(db, admin, root / "good.db").path.read_bytes()
    other = Database.sqlite(root / "other" / "rgm.db", "another passphrase").open()
    _o, other_admin = initialise(
        other, code="BKO", name="Bureau", country="MLI", admin="admin", password="pw-admin-1"
    )
    other_key = bk.backup(other, other_admin, root / "other.db").path.read_bytes()
    other.close()
    yield World(db, admin, good, other_key, root)
    db.close()


def _truncate(data: bytes, at: float) -> bytes:
    return data[: int(len(data) * at)]


def _flip(data: bytes, spots: list[tuple[float, int]]) -> bytes:
    out = bytearray(data)
    for where, bit in spots:
        i = min(int(where * len(out)), len(out) - 1)
        out[i] ^= 1 << bit
    return bytes(out)


def _zero_page(data: bytes, which: float) -> bytes:
    pages = max(len(data) // PAGE, 1)
    n = min(int(which * pages), pages - 1)
    return data[: n * PAGE] + b"\x00" * PAGE + data[(n + 1) * PAGE :]


fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
mutations = st.one_of(
    st.just(("empty", None)),
    st.binary(min_size=1, max_size=3 * PAGE).map(lambda b: ("noise", b)),
    st.just(("other key", None)),
    fractions.map(lambda f: ("truncated", f)),
    st.lists(st.tuples(fractions, st.integers(0, 7)), min_size=1, max_size=8).map(
        lambda s: ("flipped", s)
    ),
    fractions.map(lambda f: ("zero page", f)),
    st.binary(min_size=1, max_size=PAGE).map(lambda b: ("appended", b)),
)


def _make(world: World, kind: str, arg: object) -> bytes:
    if kind == "empty":
        return b""
    if kind == "noise":
        return bytes(arg)  # type: ignore[arg-type]
    if kind == "other key":
        return world.other_key
    if kind == "truncated":
        return _truncate(world.good, float(arg))  # type: ignore[arg-type]
    if kind == "flipped":
        return _flip(world.good, arg)  # type: ignore[arg-type]
    if kind == "zero page":
        return _zero_page(world.good, float(arg))  # type: ignore[arg-type]
    return world.good + bytes(arg)  # type: ignore[arg-type]


def _content(db: Database) -> str:
    """A digest of every row of every table (what a restore must leave alone when it refuses)."""
    from sqlalchemy import select

    from models.entities import Base

    digest = hashlib.sha256()
    with db.reading() as s:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            for row in s.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations)
def test_restore_refuses_in_one_line_or_restores_a_sound_database(
    world: World, mutation: tuple[str, object]
) -> None:
    kind, arg = mutation
    candidate = world.folder / "candidate.db"
    candidate.write_bytes(_make(world, kind, arg))
    live = Path(world.db.label)
    before = _content(world.db)
    try:
        bk.restore(world.db, world.admin, candidate)
    except (Refused, Unusable) as refusal:
        text = str(refusal)
        assert text and "\n" not in text, text
        # Its content, not its bytes: in WAL mode a checkpoint may rewrite pages of the same rows.
        assert _content(world.db) == before, f"{kind}: the live database changed"
        left = {p.name for p in live.parent.iterdir()} - {"rgm.db-wal", "rgm.db-shm"}
        assert sorted(left) == ["rgm.db", "rgm.db.lock"]
    else:
        # Only a file that is still a sound database of this office gets in.
        assert bk.check(live, world.db.engine.url.password or "") is not None
        assert len(list_users(world.db)) == 41
        for aside in live.parent.glob("rgm.db.before-restore-*"):
            aside.unlink()
