"""Reading one cell of a registration row as people type it: dates, sex, yes/no, phones...

Each reader takes the cell as calamine typed it and returns the value to store, or raises
``BadValue`` with an English message id (translated when shown) and its parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import phonenumbers

from models.i18n import N_
from models.reference import alpha2, lookup_country
from models.text import fold_words, normalise
from models.vocabulary import VULNERABILITIES


class BadValue(ValueError):
    """A cell that cannot be read as its field requires."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Dates outside these years are typing errors (year 0, 20225, a serial number read as a date),
# refused as "not a date" whatever the field; each field then has its own narrower bounds.
FIRST_YEAR, LAST_YEAR = 1000, 2999
_LAST_SERIAL = (dt.date(LAST_YEAR, 12, 31) - _EXCEL_EPOCH).days + 1
NOT_A_DATE = N_('not a date (expected dd/mm/yyyy, a year, or "vers 1990")')
_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_ABOUT_YEAR = re.compile(
    r"^(?:vers|about|around|approx|approximativement|environ|env|circa|ca|c|en|ne en|nee en"
    r"|born in|born)?\s*(\d{4})\s*(?:environ|approx|about)?$"
)
# "00/00/1990", "xx/xx/1990", "??/??/1990": only the year is known.
_UNKNOWN_DAY = re.compile(
    r"^(?:0{1,2}|[xX?]{1,2})\s*[/\-.]\s*(?:0{1,2}|[xX?]{1,2})\s*[/\-.]\s*(\d{4})$"
)


# A number a spreadsheet shortened to scientific notation ("1,23E+11"), as Excel writes a long
# number typed in a General column to CSV: its digits are lost, so it identifies nothing.
_SHORTENED = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]\d{1,3}")


def check_not_shortened(text: str) -> None:
    """Refuse a reference (fiche, document, receipt) that is a number in scientific notation."""
    if _SHORTENED.fullmatch(text.strip()):
        raise BadValue(
            N_(
                "a number the spreadsheet shortened (its digits are lost): format the column "
                "as Text and type the numbers again"
            )
        )


def text_of(value: object) -> str:
    """A cell as one line of text (``models.text.normalise``): 76123456.0 -> "76123456"."""
    if isinstance(value, str):
        # Fast path: isprintable() is False for controls, line breaks and invisible spaces.
        if value.isprintable() and value[:1] != " " and value[-1:] != " " and "  " not in value:
            return value if value.isascii() else normalise(value)
        return normalise(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return normalise(str(value))


def read_date(value: object, today: dt.date) -> tuple[dt.date, str]:
    """A date and its precision ("day" or "year") from an Excel date or typed text."""
    if isinstance(value, dt.datetime):
        return _plausible(value.date()), "day"
    if isinstance(value, dt.date):
        return _plausible(value), "day"
    if isinstance(value, bool):
        raise BadValue(N_("not a date"))
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and 1000 <= number <= 2999:
            return _year(int(number)), "year"
        if 1 <= number < _LAST_SERIAL:  # an Excel serial day number shown as a number
            return _EXCEL_EPOCH + dt.timedelta(days=int(number)), "day"
        raise BadValue(N_("not a date"))
    text = text_of(value)
    if not text:
        raise BadValue(N_("missing"))
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        return _real_date(year, month, day), "day"
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _real_date(year, month, day), "day"
    match = _UNKNOWN_DAY.match(text) or _ABOUT_YEAR.match(fold_words(text))
    if match:
        return _year(int(match.group(1))), "year"
    raise BadValue(NOT_A_DATE)


def _year(year: int) -> dt.date:
    # Year-only dates are stored as 1 January of that year, with precision "year".
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadValue(NOT_A_DATE)
    return dt.date(year, 1, 1)


def _real_date(year: int, month: int, day: int) -> dt.date:
    try:
        day_ = dt.date(year, month, day)
    except ValueError:  # 31/02, month 13, year 0
        raise BadValue(N_("no such date")) from None
    return _plausible(day_)


def _plausible(day: dt.date) -> dt.date:
    """``day`` if it could be a date of this programme's records (a year of four digits)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadValue(NOT_A_DATE)
    return day


_SEXES = {
    "m": "M", "h": "M", "homme": "M", "masculin": "M", "masc": "M", "male": "M", "man": "M",
    "garcon": "M", "f": "F", "femme": "F", "feminin": "F", "fem": "F", "female": "F",
    "woman": "F", "fille": "F", "girl": "F", "boy": "M",
}  # fmt: skip


def read_sex(value: object) -> str:
    code = _SEXES.get(fold_words(text_of(value)))
    if code is None:
        raise BadValue(N_("not a sex (expected M/F, H/F, Homme/Femme, Male/Female)"))
    return code


_YES = frozenset({"oui", "o", "yes", "y", "1", "x", "true", "vrai", "ok", "d accord", "accord"})
_NO = frozenset({"non", "n", "no", "0", "false", "faux", "refus", "refuse"})


def read_yes_no(value: object) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold_words(text_of(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise BadValue(N_("not yes or no (expected Oui/Non, O/N, Yes/No)"))


def read_country(value: object) -> str:
    code = lookup_country(text_of(value))
    if code is None:
        raise BadValue(N_("unknown country"))
    return code


_DOCUMENTS = {
    "cni": "national_id", "carte d identite": "national_id", "carte identite": "national_id",
    "carte nationale d identite": "national_id", "carte nationale": "national_id",
    "nina": "national_id", "national id": "national_id", "national identity card": "national_id",
    "id card": "national_id", "identity card": "national_id", "national id card": "national_id",
    "passeport": "passport", "passport": "passport", "pp": "passport",
    "carte consulaire": "consular_card", "consular card": "consular_card", "cc": "consular_card",
    "laissez passer": "laissez_passer", "laisser passer": "laissez_passer", "lp": "laissez_passer",
    "laissez passer consulaire": "laissez_passer", "travel document": "laissez_passer",
    "titre de voyage": "laissez_passer", "emergency travel document": "laissez_passer",
    "etd": "laissez_passer",
    "acte de naissance": "birth_certificate", "extrait de naissance": "birth_certificate",
    "extrait d acte de naissance": "birth_certificate", "birth certificate": "birth_certificate",
    "aucun": "none", "aucune": "none", "none": "none", "neant": "none", "sans": "none",
    "sans piece": "none", "pas de piece": "none", "nil": "none", "no document": "none",
    "autre": "other", "autres": "other", "other": "other", "permis de conduire": "other",
    "driving licence": "other", "driver s license": "other", "carte d electeur": "other",
    "voter card": "other",
}  # fmt: skip


def read_document_type(value: object) -> str:
    folded = fold_words(text_of(value))
    code = _DOCUMENTS.get(folded) or _DOCUMENTS.get(folded.replace("_", " "))
    if code is None:
        if folded.replace(" ", "_") in _DOCUMENTS.values():
            return folded.replace(" ", "_")
        raise BadValue(
            N_("unknown document type (expected CNI, passeport, carte consulaire, laissez-passer, "
               "acte de naissance, aucun)")
        )  # fmt: skip
    return code


_VULNERABILITY_WORDS = {
    "mna": "UAM", "mineur non accompagne": "UAM", "enfant non accompagne": "UAM",
    "unaccompanied minor": "UAM", "uasc": "UAM", "enfant seul": "UAM", "mineur isole": "UAM",
    "victime de traite": "VOT", "traite": "VOT", "victim of trafficking": "VOT",
    "trafficking": "VOT", "vdt": "VOT",
    "medical": "MED", "sante": "MED", "maladie": "MED", "malade": "MED", "health": "MED",
    "medical needs": "MED", "besoins medicaux": "MED", "medicale": "MED",
    "handicap": "DIS", "handicape": "DIS", "handicapee": "DIS", "disability": "DIS",
    "disabled": "DIS", "personne handicapee": "DIS", "personne en situation de handicap": "DIS",
    "age": "ELD", "agee": "ELD", "personne agee": "ELD", "elderly": "ELD", "older person": "ELD",
    "parent seul": "SP", "parent isole": "SP", "mere seule": "SP", "pere seul": "SP",
    "single parent": "SP", "famille monoparentale": "SP", "monoparental": "SP",
    "monoparentale": "SP",
    "psy": "PSY", "psychosocial": "PSY", "psychologique": "PSY", "soutien psychosocial": "PSY",
    "mental health": "PSY", "sante mentale": "PSY", "trauma": "PSY",
}  # fmt: skip
_NO_VULNERABILITY = frozenset({"", "aucun", "aucune", "none", "neant", "ras", "nil", "non", "no"})
_VULNERABILITY_SPLIT = re.compile(r"[;,/+\n]+")


def read_vulnerabilities(value: object) -> str:
    """Known codes, space-separated in the vocabulary's order ("MED PSY"); "" for none."""
    found: set[str] = set()
    for part in _VULNERABILITY_SPLIT.split(text_of(value)):
        folded = fold_words(part)
        if folded in _NO_VULNERABILITY:
            continue
        code = _VULNERABILITY_WORDS.get(folded)
        if code:
            found.add(code)
            continue
        for word in folded.split():
            code = (
                word.upper() if word.upper() in VULNERABILITIES else _VULNERABILITY_WORDS.get(word)
            )
            if code is None:
                raise BadValue(
                    N_("unknown vulnerability {word} (known codes: {codes})"),
                    word=word.upper(),
                    codes=", ".join(VULNERABILITIES),
                )
            found.add(code)
    return " ".join(code for code in VULNERABILITIES if code in found)


def read_household_size(value: object) -> int:
    if isinstance(value, bool):
        raise BadValue(N_("not a whole number of at least 1"))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = text_of(value).replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise BadValue(N_("not a whole number of at least 1")) from None
    if not number.is_integer() or number < 1:
        raise BadValue(N_("not a whole number of at least 1"))
    if number > 99:
        raise BadValue(N_("more than 99 people in one household"))
    return int(number)


_PHONE_SEPARATORS = re.compile(r"\s*(?:/|;|,|\bou\b|\bor\b|&)\s*")
_PHONE_CHARS = re.compile(r"[\s.\-()]")


@cache
def _possible_lengths(country_code: int) -> frozenset[int]:
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if metadata is None or metadata.general_desc is None:
        return frozenset()
    return frozenset(metadata.general_desc.possible_length or ())


@cache
def _region_plan(region: str) -> tuple[int, str, frozenset[int]]:
    """Country calling code, national (trunk) prefix and possible national lengths of a region."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.country_code is None:
        return 0, "", frozenset()
    return (
        metadata.country_code,
        metadata.national_prefix or "",
        _possible_lengths(metadata.country_code),
    )


def _national(digits: str, region: str) -> str | None:
    """E.164 of a number typed in the national format of ``region`` (digits only), if possible."""
    code, trunk, lengths = _region_plan(region)
    if not code:
        return None
    if trunk and digits.startswith(trunk) and len(digits) - len(trunk) in lengths:
        return f"+{code}{digits[len(trunk) :]}"
    if not trunk and len(digits) in lengths:
        return f"+{code}{digits}"
    return None  # let the library decide (prefixes, carrier codes...)


def _international(digits: str) -> str | None:
    """E.164 of digits typed after "+" or "00": a known country code and a plausible length.

    A length the country's current plan does not allow is still kept when it lies within 6 to
    12 digits: old numbers (Côte d'Ivoire went from 8 to 10 digits in 2021) stay in use among
    people who have been away for years, and the phone is only a contact, not an identifier.
    """
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            national = len(digits) - size
            if national in _possible_lengths(code) or 6 <= national <= 12:
                return "+" + digits
            return None
    return None


def read_phone(value: object, nationality: str | None) -> tuple[str, str]:
    """The first phone number of a cell in E.164, and the other numbers typed in it (or "")."""
    text = text_of(value)
    if _PHONE_SEPARATORS.search(text):
        parts = [p for p in _PHONE_SEPARATORS.split(text) if p.strip()]
    else:
        parts = [text]
    if not parts or not parts[0]:
        raise BadValue(N_("missing"))
    first = _PHONE_CHARS.sub("", parts[0])
    if first.startswith("00"):
        first = "+" + first[2:]
    others = " ; ".join(parts[1:])
    if first.startswith("+"):
        if first[1:].isdigit():
            international = _international(first[1:])
            if international:
                return international, others
        raise BadValue(N_("not a phone number"))
    region = alpha2(nationality) if nationality else None
    if region and first.isdigit():
        national = _national(first, region)
        if national:
            return national, others
    try:
        number = phonenumbers.parse(first, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and not phonenumbers.is_possible_number(number) and first.isdigit():
        # Typed without "+" but with the country code, e.g. 22376123456 read from a number cell.
        try:
            number = phonenumbers.parse("+" + first, None)
        except phonenumbers.NumberParseException:
            number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise BadValue(N_("not a phone number of {country}"), country=nationality or "?")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), others
