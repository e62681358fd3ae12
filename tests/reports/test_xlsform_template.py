"""The registration XLSForm (#14): a well-formed XLSForm whose exports import with no mapping."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
from support.cases import register

from reports.registration_fields import REQUIRED
from reports.registration_parse import parse_registrations
from reports.xlsform_template import known_places, write_xlsform

TODAY = dt.date(2026, 11, 30)
PLACES = {"transit_centre": ["Centre de Gao", "Centre de Kayes"],
          "border_post": ["Gogui", "Poste de Diboli", "Gogui!"]}  # fmt: skip
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def _sheets(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        out[ws.title] = [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]
    return out


def test_the_xlsform_is_well_formed(tmp_path):
    form = write_xlsform(tmp_path / "form.xlsx", PLACES)
    sheets = _sheets(form)
    assert set(sheets) == {"survey", "choices", "settings"}
    survey, choices = sheets["survey"], sheets["choices"]
    assert sheets["settings"][0]["form_id"] == "rgm_registration"
    lists: dict[str, set[str]] = {}
    for choice in choices:
        assert choice["label::Français (fr)"] and choice["label::English (en)"]
        names = lists.setdefault(choice["list_name"], set())
        assert choice["name"] not in names  # unique within its list
        names.add(choice["name"])
        if choice["list_name"] in ("vulnerabilites",):  # select_multiple: no space in a name
            assert " " not in choice["name"]
    depth, names = 0, set()
    for question in survey:
        kind = question["type"]
        assert _NAME.fullmatch(question["name"]), question
        if kind == "begin group":
            depth += 1
            continue
        if kind == "end group":
            depth -= 1
            continue
        assert question["name"] not in names
        names.add(question["name"])
        if kind.startswith(("select_one ", "select_multiple ")):
            assert kind.split()[1] in lists, kind  # every list referenced exists
    assert depth == 0
    assert {"border_post", "transit_centre", "pays", "sexe"} <= set(lists)
    assert all(_NAME.fullmatch(n) for n in lists["border_post"])
    assert set(REQUIRED) <= names


def test_an_export_of_the_form_imports_with_no_mapping(tmp_path):
    form = write_xlsform(tmp_path / "form.xlsx", PLACES)
    survey = _sheets(form)["survey"]
    groups, header = [], []
    for q in survey:
        if q["type"] == "begin group":
            groups.append(q["name"])
        elif q["type"] == "end group":
            groups.pop()
        elif q["type"] not in ("start", "end"):
            header.append("/".join([*groups, q["name"]]))
    answers = {
        "family_name": "Traoré", "given_names": "Awa", "sex": "F", "birth_date": "1994-03-12",
        "nationality": "MLI", "document_type": "national_id", "document_number": "123",
        "phone": "76123456", "country_of_origin": "MLI", "place_of_origin": "Kayes",
        "returned_from": "DZA", "border_post": "poste_de_diboli", "arrival_date": "2026-01-05",
        "transit_centre": "centre_de_gao", "vulnerabilities": "VOT MED", "household_size": "3",
        "consent_date": "oui", "notes": "",
    }  # fmt: skip
    row = [answers[h.rsplit("/", 1)[1]] for h in header]
    wb = openpyxl.Workbook()
    wb.active.append(["start", "end", *header, "_id", "_uuid", "_submission_time", "_index"])
    wb.active.append(["2026-01-05T09:00", "2026-01-05T09:09", *row, 7, "u-1", "2026-01-05", 1])
    export = tmp_path / "export.xlsx"
    wb.save(export)
    plain = parse_registrations(export, today=TODAY)
    assert plain.unknown_columns == [] and plain.errors == []
    assert set(plain.columns.values()) == set(answers) | {"source_ref"}
    values = plain.rows[0].values
    assert (values["document_type"], values["returned_from"], values["vulnerabilities"]) == (
        "national_id", "DZA", "VOT MED")  # fmt: skip
    assert values["source_ref"] == "u-1"
    # The places' slugs read as their names through the form.
    with_form = parse_registrations(export, today=TODAY, form=form).rows[0].values
    assert (with_form["border_post"], with_form["transit_centre"]) == (
        "Poste de Diboli", "Centre de Gao")  # fmt: skip
    assert {k: v for k, v in with_form.items() if k not in ("border_post", "transit_centre")} == {
        k: v for k, v in values.items() if k not in ("border_post", "transit_centre")
    }


def test_the_office_places_come_from_its_register(db, users, tmp_path):
    register(db, users["registrar"], 3, transit_centre="Gao")
    with db.reading() as s:
        places = known_places(s)
    assert places["transit_centre"] == ["Gao"]
