"""The demo's people: returnees with names, places and phone numbers of their country, and some
who register twice, typed differently by another team (what the duplicate check is for)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from models.reference import ENGLISH_SPEAKING

_DATA = Path(__file__).resolve().parent.parent.parent / "resources" / "demo" / "names.json"

NATIONALITY_WEIGHTS = {"MLI": 55, "GIN": 14, "CIV": 9, "SEN": 8, "GMB": 6, "SLE": 5, "LBR": 3}


def names() -> dict[str, Any]:
    """Names, places, phone formats, suppliers and rates of the demo (resources/demo)."""
    data: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    return data


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randrange(8, 17), rng.randrange(60), tzinfo=dt.UTC
    )


def person(rng: random.Random, data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """A returnee as a registration form holds them: names of their country, a birth date,
    a phone and a document most of the time, vulnerabilities now and then."""
    nat = pick(rng, NATIONALITY_WEIGHTS)
    sex = "F" if rng.random() < 0.18 else "M"
    pool = ("given_female" if sex == "F" else "given_male") + (
        "_en" if nat in ENGLISH_SPEAKING else ""
    )
    given = rng.choice(data[pool])
    if rng.random() < 0.12:
        given = f"{given} {rng.choice(data[pool])}"
    family = rng.choice(data["family"][nat])
    age_days = int(rng.triangular(16 * 365, 60 * 365, 26 * 365))
    birth = today - dt.timedelta(days=age_days)
    precision = "day"
    if rng.random() < 0.15:
        birth, precision = dt.date(birth.year, 1, 1), "year"
    phone = None
    if rng.random() < 0.8:
        digits = "".join(str(rng.randrange(10)) for _ in range(data["phone_digits"][nat]))
        phone = rng.choice(data["phone_prefix"][nat]) + digits
    doc_type = rng.choices(
        ["national_id", "passport", "consular_card", "laissez_passer", "none"],
        [45, 15, 15, 15, 10],
    )[0]
    doc = None if doc_type == "none" else f"{nat[:2]}{rng.randrange(10**7, 10**8)}"
    arrival = today - dt.timedelta(days=rng.randrange(5, 540))
    vulns = [
        v
        for v, p in (("MED", 0.07), ("PSY", 0.09), ("VOT", 0.03), ("SP", 0.04), ("DIS", 0.02))
        if rng.random() < p
    ]
    if today.year - birth.year < 18 and rng.random() < 0.5:
        vulns.append("UAM")
    return {
        "source_ref": None,
        "family_name": family.upper() if rng.random() < 0.3 else family,
        "given_names": given,
        "sex": sex,
        "birth_date": birth,
        "birth_precision": precision,
        "nationality": nat,
        "country_of_origin": nat,
        "document_type": doc_type,
        "document_number": doc,
        "phone": phone,
        "place_of_origin": rng.choice(data["places"][nat]),
        "returned_from": rng.choice(data["returned_from"]),
        "border_post": rng.choice(data["border_posts"]),
        "arrival_date": arrival,
        "transit_centre": rng.choice(data["transit_centres"]),
        "vulnerabilities": " ".join(sorted(vulns)),
        "household_size": max(1, int(rng.gauss(5, 2.5))),
        "consent_date": arrival + dt.timedelta(days=rng.randrange(0, 4)),
        "notes": None,
    }


def re_registration(
    rng: random.Random, data: dict[str, Any], today: dt.date, p: dict[str, Any]
) -> dict[str, Any]:
    """The same person registering again, as typed by another team: a different spelling,
    names in each other's columns, a dropped middle name, a year-only birth date, no phone."""
    q = dict(p)
    q["arrival_date"] = min(today, p["arrival_date"] + dt.timedelta(days=rng.randrange(20, 200)))
    q["consent_date"] = q["arrival_date"]
    family = p["family_name"]
    for a, b in (("ou", "u"), ("é", "e"), ("ï", "i"), ("Dia", "Ja"), ("ss", "s"), ("C", "S")):
        if a in family and rng.random() < 0.5:
            family = family.replace(a, b, 1)
    q["family_name"] = family.upper() if rng.random() < 0.5 else family
    if " " in p["given_names"] and rng.random() < 0.5:
        q["given_names"] = p["given_names"].split()[0]
    if rng.random() < 0.15:
        q["family_name"], q["given_names"] = q["given_names"], q["family_name"]
    if p["birth_precision"] == "day" and rng.random() < 0.3:
        q["birth_date"], q["birth_precision"] = dt.date(p["birth_date"].year, 1, 1), "year"
    if rng.random() < 0.5:
        q["phone"] = None
    if rng.random() < 0.5:
        q["document_type"], q["document_number"] = "none", None
    q["transit_centre"] = rng.choice(data["transit_centres"])
    return q
