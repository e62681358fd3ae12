"""The registration form as an XLSForm, for KoboToolbox and ODK field teams.

``rgm template registrations --format xlsform`` writes the survey, choices and settings sheets
of the registration fields, in French and English. Each question is named after its field
(``family_name``, ``birth_date``...) inside groups, so an export's headers
(``identite/family_name``) match on their last part with no mapping; choices are named by the
codes the import reads (ISO country codes, M/F, vulnerability codes, document types, yes/no).
The office's transit centres and border posts, when given, become lists too (their choice names
are short slugs: an "XML values" export of them reads best with ``--form`` or as a "labels"
export); without them those questions are free text. No submission id question is asked: the
server's ``_uuid`` (ODK: ``meta/instanceID``) is the source reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.database import Database
from models.entities import Returnee
from models.permissions import check
from models.reference import all_countries
from models.text import fold_words
from models.users import Actor
from models.vocabulary import DOCUMENT_TYPES, VULNERABILITIES, label
from reports.templates import REGISTRATION_COLUMNS, Column
from reports.xlsx_safe import save_workbook

SURVEY_COLUMNS = ("type", "name", "label::Français (fr)", "label::English (en)", "required",
                  "hint::Français (fr)", "hint::English (en)", "constraint")  # fmt: skip
CHOICES_COLUMNS = ("list_name", "name", "label::Français (fr)", "label::English (en)")
FORM_ID = "rgm_registration"
# Groups of questions, as the field teams' forms are laid out.
GROUPS = (
    ("identite", "Identité", "Identity",
     ("family_name", "given_names", "sex", "birth_date", "nationality", "document_type",
      "document_number", "phone")),
    ("retour", "Retour", "Return",
     ("country_of_origin", "place_of_origin", "returned_from", "border_post", "arrival_date",
      "transit_centre")),
    ("situation", "Situation", "Situation",
     ("vulnerabilities", "household_size", "consent_date", "notes")),
)  # fmt: skip
_DOCUMENT_LABELS = {
    "passport": ("Passeport", "Passport"),
    "national_id": ("CNI", "National ID"),
    "consular_card": ("Carte consulaire", "Consular card"),
    "laissez_passer": ("Laissez-passer", "Laissez-passer"),
    "birth_certificate": ("Acte de naissance", "Birth certificate"),
    "none": ("Aucune", "None"),
    "other": ("Autre", "Other"),
}


def known_places(session: Session) -> dict[str, list[str]]:
    """The office's transit centres and border posts, as registered so far."""
    out: dict[str, list[str]] = {}
    for key, column in (("transit_centre", Returnee.transit_centre),
                        ("border_post", Returnee.border_post)):  # fmt: skip
        values = session.scalars(select(column).where(column.is_not(None)).distinct())
        out[key] = sorted({v.strip() for v in values if v and v.strip()})
    return out


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", fold_words(text)).strip("_") or "choix"
    if not base[0].isalpha():
        base = "c_" + base
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _choices(places: dict[str, Sequence[str]]) -> dict[str, list[tuple[str, str, str]]]:
    english = dict(all_countries("en"))
    lists: dict[str, list[tuple[str, str, str]]] = {
        "sexe": [("M", "Homme", "Male"), ("F", "Femme", "Female")],
        "oui_non": [("oui", "Oui", "Yes"), ("non", "Non", "No")],
        "pays": [(code, fr, english.get(code, fr)) for code, fr in all_countries("fr")],
        "pieces": [(d, *_DOCUMENT_LABELS[d]) for d in DOCUMENT_TYPES],
        "vulnerabilites": [(v, label(v, "fr"), label(v, "en")) for v in VULNERABILITIES],
    }
    for key in ("transit_centre", "border_post"):
        taken: set[str] = set()
        values = list(places.get(key, ()))
        if values:
            lists[key] = [(_slug(v, taken), v, v) for v in values]
    return lists


def _question(column: Column, lists: dict[str, list[tuple[str, str, str]]]) -> list[object]:
    kind = {
        "date": "date",
        "number": "integer",
        "sex": "select_one sexe",
        "countries": "select_one pays",
        "documents": "select_one pieces",
        "vulnerabilities": "select_multiple vulnerabilites",
        "yes_no": "select_one oui_non",
    }.get(column.kind, "text")
    if column.key in lists:
        kind = f"select_one {column.key}"
    constraint = ". >= 1" if column.key == "household_size" else None
    if column.key == "consent_date":
        constraint = ". = 'oui'"
    required = "yes" if column.required else None
    return [kind, column.key, column.fr, column.en, required, column.help_fr, column.help_en,
            constraint]  # fmt: skip


def write_office_xlsform(
    out_path: str | Path, db: Database | None, actor: Actor | None, lang: str = "fr"
) -> Path:
    """The office's registration XLSForm: with its transit centres and border posts when a
    user who may register is signed in to its database (``rgm template registrations --format
    xlsform`` and the window's import wizard)."""
    places: dict[str, Sequence[str]] = {}
    if db is not None and actor is not None:
        check(actor, "case.register")
        with db.reading() as session:
            places = dict(known_places(session))
    return write_xlsform(out_path, places, lang)


def write_xlsform(
    out_path: str | Path, places: dict[str, Sequence[str]] | None = None, lang: str = "fr"
) -> Path:
    """Write the registration XLSForm (survey, choices, settings) to ``out_path``."""
    lists = _choices(places or {})
    by_key = {c.key: c for c in REGISTRATION_COLUMNS}
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    rows: list[Iterable[object]] = [SURVEY_COLUMNS, ["start", "start"], ["end", "end"]]
    for name, fr, en, keys in GROUPS:
        rows.append(["begin group", name, fr, en])
        rows.extend(_question(by_key[key], lists) for key in keys)
        rows.append(["end group", name])
    for row in rows:
        survey.append(list(row))
    choices = wb.create_sheet("choices")
    choices.append(list(CHOICES_COLUMNS))
    for list_name, entries in lists.items():
        for entry in entries:
            choices.append([list_name, *entry])
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    title = "Enregistrement des retournés" if lang == "fr" else "Returnee registration"
    settings.append([title, FORM_ID, "1", "Français (fr)" if lang == "fr" else "English (en)"])
    for sheet in (survey, choices, settings):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    save_workbook(wb, Path(out_path))
    return Path(out_path)
