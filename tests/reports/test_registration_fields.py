"""Headers as field teams write them, matched to the returnee fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.workbooks import write_xlsx

from reports.registration_fields import FIELDS, SYNONYMS, match_header
from reports.registration_parse import parse_registrations

HEADERS = [
    ("N° FICHE", "source_ref"),
    ("N° fiche", "source_ref"),
    ("Référence terrain", "source_ref"),
    ("Nom", "family_name"),
    ("NOM DE FAMILLE", "family_name"),
    ("Nom de famille", "family_name"),
    ("famille nom", "family_name"),  # word order
    ("Surname", "family_name"),
    ("Last name", "family_name"),
    ("LAST_NAME", "family_name"),
    ("Prénom(s)", "given_names"),
    ("PRENOMS", "given_names"),
    ("Prénom", "given_names"),
    ("First name", "given_names"),
    ("Given names", "given_names"),
    ("Sexe", "sex"),
    ("Genre", "sex"),
    ("M/F", "sex"),
    ("Gender", "sex"),
    ("Date de naissance", "birth_date"),
    ("DATE NAISS.", "birth_date"),
    ("date  de\u00a0naissance", "birth_date"),  # stray and non-breaking spaces
    ("Né(e) le", "birth_date"),
    ("DOB", "birth_date"),
    ("Date of birth", "birth_date"),
    ("Date de naissance (jj/mm/aaaa)", "birth_date"),
    ("Nationalité", "nationality"),
    ("NATIONALITE", "nationality"),
    ("Nationality", "nationality"),
    ("Pays d'origine", "country_of_origin"),
    ("PAYS D’ORIGINE", "country_of_origin"),  # typographic apostrophe
    ("Country of origin", "country_of_origin"),
    ("PIECE", "document_type"),
    ("Type de pièce", "document_type"),
    ("Document type", "document_type"),
    ("N° de pièce", "document_number"),
    ("NUMERO PIECE", "document_number"),
    ("Numéro de pièce", "document_number"),
    ("ID number", "document_number"),
    ("Téléphone", "phone"),
    ("TEL.", "phone"),
    ("CONTACT", "phone"),
    ("Phone number", "phone"),
    ("LOCALITE", "place_of_origin"),
    ("Lieu d'origine", "place_of_origin"),
    ("Place of origin", "place_of_origin"),
    ("VENANT DE", "returned_from"),
    ("Pays de provenance", "returned_from"),
    ("Returned from", "returned_from"),
    ("POSTE D'ENTREE", "border_post"),
    ("Point d'entrée", "border_post"),
    ("Border post", "border_post"),
    ("DATE ARRIVEE", "arrival_date"),
    ("Date d'arrivée", "arrival_date"),
    ("Arrival date", "arrival_date"),
    ("CENTRE", "transit_centre"),
    ("Centre de transit", "transit_centre"),
    ("Transit centre", "transit_centre"),
    ("VULNERABILITE", "vulnerabilities"),
    ("Vulnérabilités", "vulnerabilities"),
    ("Specific needs", "vulnerabilities"),
    ("NB PERS. MENAGE", "household_size"),
    ("Taille du ménage", "household_size"),
    ("Household size", "household_size"),
    ("CONSENTEMENT", "consent_date"),
    ("Date du consentement", "consent_date"),
    ("Consent", "consent_date"),
    ("OBS", "notes"),
    ("Observations", "notes"),
    ("Remarks", "notes"),
    ("Précision date de naissance", "birth_precision"),
    ("Nom / Family name", "family_name"),  # template labels: both halves agree
    ("Date of birth / Date de naissance", "birth_date"),
]


@pytest.mark.parametrize(("header", "field"), HEADERS)
def test_header_matches_field(header: str, field: str) -> None:
    assert match_header(header) == field


@pytest.mark.parametrize(
    "header",
    ["Date", "Pays", "Nom et prénoms", "Motifs du refus / Reasons for refusal", "", "Colonne1"],
)
def test_ambiguous_or_foreign_headers_match_nothing(header: str) -> None:
    assert match_header(header) is None


def test_every_field_has_synonyms_that_match_it() -> None:
    for field in FIELDS:
        assert SYNONYMS[field], field
        for synonym in SYNONYMS[field]:
            assert match_header(synonym) == field, (synonym, field)


def test_headers_in_a_real_file_each_form(tmp_path: Path) -> None:
    """Each header form, in a file written by openpyxl, maps its column to the field."""
    base = {
        "family_name": "Diallo",
        "given_names": "Awa",
        "sex": "F",
        "birth_date": dt.date(1990, 1, 2),
        "nationality": "Mali",
        "consent_date": "oui",
    }
    for header, field in HEADERS:
        headers = [h for f, h in _base_headers().items() if f != field] + [header]
        values = [base.get(f, "x") for f in _base_headers() if f != field] + [base.get(field, "x")]
        path = write_xlsx(tmp_path / "h.xlsx", [headers, values])
        result = parse_registrations(path, today=dt.date(2026, 1, 1))
        assert result.columns[len(headers) - 1] == field, header
        assert result.unknown_columns == []


def _base_headers() -> dict[str, str]:
    return {
        "family_name": "Nom",
        "given_names": "Prénom",
        "sex": "Sexe",
        "birth_date": "Date de naissance",
        "nationality": "Nationalité",
        "consent_date": "Consentement",
    }
