"""A case's language: one rule (models.reference.case_language) for the form, imports, the demo
and ``rgm case register``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from support.cases import person

from models.cases import register_one
from models.entities import Case
from models.reference import case_language

ROOT = Path(__file__).resolve().parents[2]


def test_the_rule() -> None:
    assert case_language({"country_of_origin": "SLE", "nationality": "MLI"}) == "en"
    assert case_language({"nationality": "GHA"}) == "en"
    assert case_language({"country_of_origin": "GIN"}) == "fr"
    assert case_language({"country_of_origin": "SLE", "language": "fr"}) == "fr"  # chosen
    assert case_language({"country_of_origin": "MLI", "language": None}) == "fr"


def test_a_case_registered_one_by_one_follows_the_rule(db, users) -> None:
    # before: a case registered without a language was French whatever its origin
    register_one(db, users["registrar"], person(1, nationality="SLE", country_of_origin="SLE"))
    register_one(db, users["registrar"], person(2, nationality="MLI", country_of_origin="MLI"))
    register_one(db, users["registrar"], person(3, country_of_origin="LBR", language="fr"))
    with db.reading() as s:
        languages = s.scalars(select(Case.language).order_by(Case.id)).all()
    assert languages == ["en", "fr", "fr"]


def test_the_demo_and_the_import_use_the_same_rule() -> None:
    # no module of models/ but reference.py decides it
    offenders = [
        path.name
        for path in (ROOT / "models").rglob("*.py")
        if path.name != "reference.py"
        and (
            '"en" if' in (text := path.read_text(encoding="utf-8")) or "ENGLISH_SPEAKING = " in text
        )
    ]
    assert offenders == []
