"""#11 re-check: one registration (the `register` command, the window) took a birth date in
2099: only the import's row readers held dates to the past and to 1900. The model holds them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from support.cases import person

from models.cases import register_one
from models.database import Database
from models.entities import Returnee
from models.errors import Refused
from models.users import Actor

TOMORROW = dt.date.today() + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("field", "day", "words"),
    [
        ("birth_date", dt.date(2099, 1, 1), "birth date 2099-01-01 is in the future"),
        ("birth_date", TOMORROW, "is in the future"),
        ("birth_date", dt.date(1, 1, 1), "birth date 0001-01-01 is before 1900"),
        ("arrival_date", TOMORROW, "arrival date"),
        ("consent_date", TOMORROW, "consent date"),
    ],
)
def test_a_registration_dated_in_the_future_or_before_1900_is_refused(
    db: Database, users: dict[str, Actor], field: str, day: dt.date, words: str
) -> None:
    with pytest.raises(Refused) as err:
        register_one(db, users["registrar"], person(1, **{field: day}))
    assert words in err.value.text("en")
    assert err.value.text("fr") != err.value.text("en")
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Returnee)) == 0


def test_a_corrected_identity_is_held_to_the_same_dates(db: Database, users: dict[str, Actor]):
    """The sibling: correcting a returnee's identity (the case file) took any date too."""
    from models.identity import update_identity

    done = register_one(db, users["registrar"], person(1))
    with db.reading() as s:
        returnee = s.get(Returnee, done.returnee_id)
        assert returnee is not None
        version, born = returnee.version, returnee.birth_date
    with pytest.raises(Refused) as err:
        update_identity(
            db, users["registrar"], done.returnee_id, version, {"birth_date": dt.date(2099, 1, 1)}
        )
    assert "birth date 2099-01-01 is in the future" in err.value.text("en")
    with db.reading() as s:
        assert s.get(Returnee, done.returnee_id).birth_date == born  # type: ignore[union-attr]
