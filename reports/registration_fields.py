"""The returnee fields of a registration workbook and the headers field teams give them.

A header matches a field whatever its case, accents, spacing, punctuation and word order, in
French or English: "NOM DE FAMILLE", "Nom de famille", "famille nom" and "Surname" all name
``family_name``. A template label "Nom / Family name" matches through either of its halves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from models.cases import RETURNEE_FIELDS
from models.i18n import N_
from models.text import fold_words
from reports.field_exports import header_text, is_meta_column, last_part

# The keys are the database column names of models.entities.returnees.Returnee.
FIELDS: tuple[str, ...] = RETURNEE_FIELDS

# A row is refused unless these hold a usable value; their columns must be present.
REQUIRED: tuple[str, ...] = (
    "family_name",
    "given_names",
    "sex",
    "birth_date",
    "nationality",
    "consent_date",
)

# English label of each field (message ids, translated for reports and the template).
LABELS: dict[str, str] = {
    "source_ref": N_("Field reference"),
    "family_name": N_("Family name"),
    "given_names": N_("Given names"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birth_precision": N_("Birth date precision"),
    "nationality": N_("Nationality"),
    "country_of_origin": N_("Country of origin"),
    "document_type": N_("Document type"),
    "document_number": N_("Document number"),
    "phone": N_("Phone"),
    "place_of_origin": N_("Place of origin"),
    "returned_from": N_("Returned from"),
    "border_post": N_("Border post"),
    "arrival_date": N_("Arrival date"),
    "transit_centre": N_("Transit centre"),
    "vulnerabilities": N_("Vulnerabilities"),
    "household_size": N_("Household size"),
    "consent_date": N_("Consent"),
    "notes": N_("Notes"),
}

# Headers as field teams write them (French and English). Compared through ``header_key``.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "source_ref": (
        "N° fiche", "Numéro de fiche", "Fiche", "N°", "No", "Numéro", "Réf", "Référence",
        "Référence terrain", "Réf. terrain", "N° enregistrement", "Numéro d'enregistrement",
        "Code", "ID", "Identifiant", "Source ref", "Source reference", "Field reference",
        "Reference", "Ref", "Record ID", "Registration number", "Serial number", "S/N",
    ),
    "family_name": (
        "Nom", "Nom de famille", "Noms", "Nom patronymique", "Surname", "Last name",
        "Family name", "Lastname",
    ),
    "given_names": (
        "Prénom", "Prénoms", "Prénom(s)", "First name", "First names", "Given name",
        "Given names", "Given name(s)", "Forename", "Forenames", "Other names", "Firstname",
    ),
    "sex": ("Sexe", "Genre", "Sex", "Gender", "M/F", "H/F", "Sexe (M/F)", "Sexe (H/F)"),
    "birth_date": (
        "Date de naissance", "Date naiss.", "Date naissance", "Naissance", "Né le", "Née le",
        "Né(e) le", "DDN", "DOB", "Date of birth", "Birth date", "Birthdate", "Born",
        "Date de naissance (jj/mm/aaaa)",
    ),
    "birth_precision": (
        "Précision date de naissance", "Précision de la date de naissance", "Précision naissance",
        "Birth date precision", "Date of birth precision", "DOB precision",
    ),
    "nationality": ("Nationalité", "Nationality", "Nat.", "Citoyenneté", "Citizenship"),
    "country_of_origin": (
        "Pays d'origine", "Pays origine", "Pays de retour", "Pays de réintégration", "Origine",
        "Country of origin", "Origin country", "Origin", "Country of return",
    ),
    "document_type": (
        "Pièce", "Type de pièce", "Pièce d'identité", "Type pièce d'identité", "Document",
        "Type de document", "Document type", "Type of document", "ID type", "Identity document",
    ),
    "document_number": (
        "N° de pièce", "Numéro pièce", "Numéro de pièce", "N° pièce d'identité",
        "Numéro de la pièce", "N° document", "Numéro de document", "Document number",
        "Document no", "ID number", "ID no", "Passport number", "Numéro d'identification",
    ),
    "phone": (
        "Téléphone", "Tél.", "Tel", "Contact", "Contact téléphonique", "N° de téléphone",
        "Numéro de téléphone", "Portable", "Mobile", "Cellulaire", "Phone", "Phone number",
        "Telephone", "Telephone number", "Cell", "Cell phone",
    ),
    "place_of_origin": (
        "Localité", "Localité d'origine", "Lieu d'origine", "Ville d'origine", "Village",
        "Village d'origine", "Commune", "Commune d'origine", "Adresse", "Lieu de résidence",
        "Place of origin", "Hometown", "Home town", "Locality", "Address", "Town", "Town of origin",
    ),
    "returned_from": (
        "Venant de", "En provenance de", "Provenance", "Pays de provenance", "Retour de",
        "Pays de départ", "Pays d'accueil", "Pays de transit", "Returned from",
        "Country returned from", "Coming from", "Host country", "Country of departure",
    ),
    "border_post": (
        "Poste d'entrée", "Point d'entrée", "Poste frontière", "Poste frontalier", "Frontière",
        "Border post", "Point of entry", "Entry point", "Port of entry", "Border crossing", "POE",
    ),
    "arrival_date": (
        "Date arrivée", "Date d'arrivée", "Arrivée", "Date de retour", "Date retour",
        "Arrival date", "Date of arrival", "Arrival", "Return date", "Date of return",
    ),
    "transit_centre": (
        "Centre", "Centre de transit", "Centre d'accueil", "Site", "Lieu d'hébergement",
        "Transit centre", "Transit center", "Centre", "Reception centre", "Reception center",
    ),
    "vulnerabilities": (
        "Vulnérabilité", "Vulnérabilités", "Besoins spécifiques", "Profil de vulnérabilité",
        "Code vulnérabilité", "Codes vulnérabilité", "Vulnerability", "Vulnerabilities",
        "Specific needs", "Vulnerability codes",
    ),
    "household_size": (
        "Nb pers. ménage", "Nombre de personnes dans le ménage", "Nombre de personnes du ménage",
        "Taille du ménage", "Taille ménage", "Ménage", "Nb personnes", "Nombre de personnes",
        "Taille de la famille", "Household size", "Household", "Household members",
        "Size of household", "Family size",
    ),
    "consent_date": (
        "Consentement", "Date de consentement", "Date du consentement", "Consentement donné",
        "Consentement éclairé", "Accord", "Consent", "Consent date", "Date of consent",
        "Consent given", "Informed consent",
    ),
    "notes": (
        "Obs", "Obs.", "Observation", "Observations", "Remarque", "Remarques", "Commentaire",
        "Commentaires", "Notes", "Note", "Comments", "Comment", "Remarks",
    ),
}  # fmt: skip

_STOP_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "l", "les", "the", "of", "a", "dans",
                         "en", "in", "et", "and", "au", "aux", "e"})  # fmt: skip
# Abbreviations and language pairs folded onto one word, so word sets compare.
_WORDS = {
    "n": "numero", "no": "numero", "num": "numero", "nr": "numero", "number": "numero",
    "nb": "nombre", "nbre": "nombre", "naiss": "naissance", "nais": "naissance",
    "pers": "personne", "tel": "telephone", "ref": "reference", "dte": "date",
    "vulnerab": "vulnerabilite", "vuln": "vulnerabilite", "nat": "nationalite",
    "pce": "piece", "jj": "", "mm": "", "aaaa": "", "yyyy": "", "dd": "",
}  # fmt: skip


def header_key(header: object) -> tuple[str, ...]:
    """Words of a header, folded, abbreviations expanded, singular, sorted, without stop words."""
    text = header_text(header).replace("(s)", "s").replace("(e)", "")
    words = []
    for word in fold_words(text).split():
        word = _WORDS.get(word, word)
        if not word or word in _STOP_WORDS:
            continue
        if len(word) > 3 and word.endswith("s"):
            word = word[:-1]
        words.append(word)
    return tuple(sorted(set(words)))


@cache
def _synonym_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for field in FIELDS:
        for header in (field, LABELS[field], *SYNONYMS[field]):
            key = header_key(header)
            if key:
                index.setdefault(key, field)
    return index


_SPLIT = re.compile(r"\s*[/|\n]\s*")
_LABEL_PATH = re.compile(r"\S/\S")


def match_header(header: object) -> str | None:
    """The registration field a header names, or None (see ``match_in``)."""
    return match_in(_synonym_index(), header)


def match_in(index: Mapping[tuple[str, ...], str], header: object) -> str | None:
    """The field ``header`` names in ``index`` (``header_key`` -> field), or None.

    "Nom / Family name" matches through its halves when they agree; a Kobo/ODK group path
    (``identification/nom_famille``, ``grp.nom``, ``grp-nom``) through its last part, and so
    does a "labels" export's ``Retour/Pays d'origine`` (a bare "/"), while "Nom / Prénom",
    spaced as people write two things in one column, names none. The servers' meta columns
    (``_id``, ``_uuid``, ``start``...) name none.
    """
    if header is None or is_meta_column(header):
        return None
    field = index.get(header_key(header))
    if field:
        return field
    name = last_part(header)
    if name is not None:
        return index.get(header_key(name))
    parts = [p for p in _SPLIT.split(str(header)) if p.strip()]
    if len(parts) > 1:
        found = {index.get(header_key(part)) for part in parts}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if found and _LABEL_PATH.search(str(header)):
            return index.get(header_key(parts[-1]))
    return None
