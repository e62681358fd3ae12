"""Holes found by a hostile tester in the one import wizard's core (reports/imports/kinds.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from models.errors import Refused
from reports.imports.kinds import IMPORTERS


def _xlsform(path: Path) -> Path:
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    for r in [
        ["type", "name", "label::Français (fr)", "required"],
        ["text", "q1", "Nom de famille", "yes"],
        ["text", "q2", "Prénom(s)", "yes"],
        ["select_one sexe", "q3", "Sexe", "yes"],
        ["date", "q4", "Date de naissance", "yes"],
        ["select_one pays", "q5", "Nationalité", "yes"],
        ["select_one oui_non", "q7", "Consentement", "yes"],
    ]:
        survey.append(r)
    choices = wb.create_sheet("choices")
    for r in [["list_name", "name", "label::Français (fr)"], ["sexe", 1, "Homme"],
              ["sexe", 2, "Femme"], ["pays", "ml", "Mali"], ["oui_non", "o", "Oui"]]:  # fmt: skip
        choices.append(r)
    wb.create_sheet("settings").append(["form_title", "form_id"])
    wb.save(path)
    return path


def test_the_window_never_writes_the_error_workbook_over_the_form_it_read(tmp_path):
    """``rgm import registrations --form F --report F`` is refused; the wizard's "Save the error
    workbook" over the same XLSForm replaced the office's form with the refused rows."""
    form = _xlsform(tmp_path / "form.xlsx")
    before = form.read_bytes()
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(
        [["q1", "q2", "q3", "q4", "q5", "q7"], ["Traoré", "Awa", "7", "1994-03-12", "ml", "o"]]
    )
    data = tmp_path / "kobo.csv"
    data.write_text(buffer.getvalue(), encoding="utf-8")
    importer = IMPORTERS["registrations"]
    checked = importer.check(None, None, data, form=form)  # type: ignore[arg-type]
    assert checked.refusals  # the sex code 7 is no choice of the form
    with pytest.raises(Refused, match="is the file being read"):
        importer.save_refusals(checked, form)
    assert form.read_bytes() == before
    assert importer.save_refusals(checked, tmp_path / "errors.xlsx").exists()
