"""One mapping of a header row's columns (reports.column_map): the parser reads what it maps,
its refusal carries the columns it proposes, and the mapping file round-trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.workbooks import write_xlsx

from models.errors import Unusable
from reports.column_map import (
    MissingColumns,
    map_columns,
    mapping_of,
    read_mapping,
    write_mapping,
)
from reports.field_exports import read_form
from reports.registration_fields import match_header
from reports.registration_parse import parse_registrations
from tests.reports.test_field_formats import KOBO_HEADER, KOBO_ROWS, _csv, _xlsform

TODAY = dt.date(2026, 11, 30)


def test_the_parser_reads_the_columns_map_columns_gives(tmp_path: Path) -> None:
    header = [h for h in KOBO_HEADER if h != "vulnerabilites"]  # choices as 0/1 columns
    rows = [[c for h, c in zip(KOBO_HEADER, r, strict=True) if h != "vulnerabilites"]
            for r in KOBO_ROWS]  # fmt: skip
    path = _csv(tmp_path / "kobo.csv", [header, *rows], "utf-8", ",")
    mapping = {"deviceid": "notes"}
    result = parse_registrations(path, mapping=mapping, today=TODAY)
    mapped = map_columns(header, mapping)
    assert mapped.choices == {9: "VOT", 10: "MED"}
    assert mapped.columns[header.index("_uuid")] == "source_ref"
    # The choice columns are read as one more column, the vulnerabilities.
    assert result.columns == {**mapped.columns, len(header): "vulnerabilities"}
    assert result.unknown_columns == mapped.unknown == []


def test_missing_columns_carry_the_header_row_and_its_columns(tmp_path: Path) -> None:
    form_path = _xlsform(tmp_path / "form.xlsx")
    header = ["q/q9", "q/q2", "q/q3", "q/q4", "q/q5", "q/q7", "Tél", "_uuid"]
    row = ["Traoré", "Awa", "2", "1994-03-12", "ml", "o", "76123456", "u-1"]
    path = write_xlsx(tmp_path / "codes.xlsx", [["Titre"], header, row])
    with pytest.raises(MissingColumns) as refused:
        parse_registrations(path, form=form_path, today=TODAY)
    exc = refused.value
    assert isinstance(exc, Unusable) and exc.params["row"] == 2
    assert "no column for Family name" in str(exc)
    mapped = map_columns(header, None, read_form(form_path, match_header))
    assert exc.headers == header
    assert exc.columns == mapped.columns and exc.unknown == mapped.unknown == ["q/q9"]
    assert mapping_of(exc.headers, exc.columns)["q/q2"] == "given_names"
    # The user's choice read with the form: the file reads.
    chosen = parse_registrations(path, mapping={"q/q9": "family_name"}, form=form_path)
    assert chosen.rows[0].values["family_name"] == "Traoré"


def test_a_mapping_file_round_trips(tmp_path: Path) -> None:
    mapping = {"Tel. portable": "phone", "Nom du père": "", "Nom": "family_name"}
    written = write_mapping(tmp_path / "kayes-map", mapping)
    assert written == tmp_path / "kayes-map.json"
    assert read_mapping(written) == mapping
    assert [p.name for p in tmp_path.iterdir()] == ["kayes-map.json"]  # no temporary left
    with pytest.raises(Unusable, match="unknown field surname"):
        map_columns(["Nom"], {"Nom": "surname"})


def test_mapping_of_keeps_the_column_read_for_a_header_written_twice() -> None:
    headers = ["Nom", None, "Nom", "Prénom"]
    assert mapping_of(headers, {2: "family_name", 3: "given_names"}) == {
        "Nom": "family_name",
        "Prénom": "given_names",
    }
