"""Every text people type is normalised and checked once, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import String, func, select
from support.cases import person, register

from models.cases import register_one
from models.entities import Base, Hold, Returnee, Supplier
from models.errors import Refused
from models.holds import place_hold
from models.suppliers import add_supplier
from models.text import normalise
from models.text_rules import GENERATED, TYPED, clean, limit
from models.users import authenticate, create_user

XML_LEGAL = (
    set("\t\n\r") | {chr(c) for c in range(0x20, 0xD800)} | {chr(c) for c in range(0xE000, 0xFFFE)}
)


def test_every_text_column_is_classified_once() -> None:
    columns = {
        (t.name, c.name)
        for t in Base.metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, String)
    }
    assert not set(TYPED) & GENERATED
    assert columns - set(TYPED) - GENERATED == set(), "a new text column: add it to text_rules"
    assert set(TYPED) | GENERATED <= columns


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Awa\u00a0 Traoré ", "Awa Traoré"),
        ("\ufeffDiallo\u200b", "Diallo"),
        ("Tra\u200boré", "Traoré"),
        ("Traore\u0301", "Traoré"),  # NFC: one character per accented letter
        ("a\x00b\x07c\x1bd\x7f\x9fe", "abcde"),
        ("\u202egnp.exe", "gnp.exe"),
        ("x\udcffy", "xy"),
        ("A\ufffeB\U0010ffffC", "ABC"),
        ("line\r\nbreak\tand\x0btab", "line break and tab"),
        ("\u2003\u3000\u2028\u200b", ""),
    ],
)
def test_normalise(typed: str, stored: str) -> None:
    assert normalise(typed) == stored
    assert set(normalise(typed)) <= XML_LEGAL


def test_normalise_multiline_keeps_lines() -> None:
    assert normalise(" first\r\n\r\n\r\n\u00a0second \u2028third\x00 ", multiline=True) == (
        "first\n\nsecond\nthird"
    )


def test_limits_come_from_the_schema() -> None:
    assert limit("returnees", "family_name") == Returnee.__table__.c.family_name.type.length
    assert limit("suppliers", "name") == 200
    with pytest.raises(Refused, match="Family name: too long \\(121 characters; the limit is 120"):
        clean("returnees", "family_name", "x" * 121)
    with pytest.raises(Refused, match="Family name is missing"):
        clean("returnees", "family_name", "\u00a0\u200b\ufeff")
    assert clean("returnees", "notes", " a \n\n\n b ") == "a\n\nb"


def test_blank_mandatory_text_is_missing_not_a_database_error(db, users) -> None:
    (case,) = register(db, users["registrar"])
    with pytest.raises(Refused, match="Reason is missing"):
        place_hold(db, users["approver"], case, "\u200b\u00a0\u3000")
    values = person(1, family_name="\u00a0\u200b")
    with pytest.raises(Refused, match="Family name is missing"):
        register_one(db, users["registrar"], values)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Hold)) == 0
        assert s.scalar(select(func.count()).select_from(Returnee)) == 1


def test_over_long_text_is_refused_alike_on_both_databases(db, users) -> None:
    with pytest.raises(Refused, match="Family name: too long \\(500 characters"):
        register_one(db, users["registrar"], person(2, family_name="N" * 500))
    with pytest.raises(Refused, match="Supplier: too long \\(201 characters; the limit is 200"):
        add_supplier(db, users["finance"], "S" * 201)
    (case,) = register(db, users["registrar"])
    with pytest.raises(Refused, match="Reason: too long"):
        place_hold(db, users["approver"], case, "r" * 5000)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Supplier)) == 0


def test_typed_text_is_stored_normalised_whatever_the_door(db, users) -> None:
    done = register_one(
        db,
        users["registrar"],
        person(3, family_name=" Ke\u0301ita\u200b", given_names="Awa\x07", notes="a\r\nb"),
    )
    (case,) = register(db, users["registrar"], start=9)
    place_hold(db, users["approver"], case, "  documents\u00a0 to check\x00 ")
    add_supplier(db, users["finance"], "Quincaillerie\u200b  Diallo")
    with db.reading() as s:
        r = s.get(Returnee, done.returnee_id)
        assert (r.family_name, r.given_names, r.notes) == ("Kéita", "Awa", "a\nb")
        assert s.scalars(select(Hold.reason)).one() == "documents to check"
        assert s.scalars(select(Supplier.name)).one() == "Quincaillerie Diallo"
    # The same name typed with an invisible space is the same supplier, not a database error.
    with pytest.raises(Refused, match="already exists"):
        add_supplier(db, users["finance"], "\u200bQuincaillerie Diallo")


def test_user_names_are_normalised_at_creation_and_sign_in(db, admin) -> None:
    create_user(db, admin, "\u200bawa\u00a0", "a-long-password", ["registrar"])
    assert authenticate(db, "awa", "a-long-password").username == "awa"
    assert authenticate(db, "awa\ufeff", "a-long-password").username == "awa"
    with pytest.raises(Refused, match="already exists"):
        create_user(db, admin, "awa\u200b", "a-long-password", ["registrar"])


def test_a_value_stored_before_is_not_refused_on_another_edit(db, users) -> None:
    (case,) = register(db, users["registrar"], family_name="Legacy\x01name")
    with db.transaction() as s:  # what an import before the check could have stored
        s.execute(Returnee.__table__.update().values(family_name="Legacy\x01name"))
    place_hold(db, users["approver"], case, "check")
    with db.reading() as s:
        assert s.scalars(select(Returnee.family_name)).one() == "Legacy\x01name"


def test_blank_optional_text_is_no_value_not_an_empty_one(db, users) -> None:
    """Optional text of only spaces is stored as nothing: two returnees whose reference is
    blank are not the same reference, and a blank phone is no phone (its CHECK holds)."""
    for n, blank in enumerate(("\u00a0", "\u200b ", "\ufeff")):
        register_one(
            db,
            users["registrar"],
            person(20 + n, source_ref=blank, phone=blank, document_number=blank, notes=blank),
        )
    with db.reading() as s:
        rows = s.execute(select(Returnee.source_ref, Returnee.phone, Returnee.notes)).all()
    assert [tuple(r) for r in rows] == [(None, None, None)] * 3
    assert clean("returnees", "source_ref", " \u2003") is None
    assert clean("returnees", "vulnerabilities", "") == ""  # program-written text is left alone
