"""What the duplicate engine reads (``PersonRecord``) and what it returns (``Match``, ``Reason``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.i18n import N_, translate


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """The identity fields of one registered (or about to be registered) returnee."""

    id: int
    family_name: str
    given_names: str
    sex: str | None = None  # "M" / "F"
    birth_date: dt.date | None = None
    birth_precision: str = "day"  # "day" or "year" (year only: birth_date is 1 January)
    nationality: str | None = None  # ISO 3166 alpha-3
    phone: str | None = None  # E.164
    document_number: str | None = None
    place_of_origin: str | None = None


# English message of each reason code; French in resources/i18n/fr/duplicates.po.
MESSAGES: dict[str, str] = {
    "same_name": N_("same name {name}"),
    "names_similar": N_("names {a} ~ {b}"),
    "names_swapped": N_("family and given names swapped"),
    "name_missing": N_("{name} only on one side"),
    "names_different": N_("different names {a} / {b}"),
    "same_birth_date": N_("same date of birth {date}"),
    "birth_compatible": N_("born {a} / {b}"),
    "birth_day_month_swapped": N_("day and month swapped {a} / {b}"),
    "birth_year_apart": N_("born a year apart {a} / {b}"),
    "birth_close": N_("dates of birth close {a} / {b}"),
    "birth_different": N_("different dates of birth {a} / {b}"),
    "same_sex": N_("same sex"),
    "different_sex": N_("different sex"),
    "same_nationality": N_("same nationality {a}"),
    "different_nationality": N_("different nationalities {a} / {b}"),
    "same_phone": N_("same phone"),
    "different_phone": N_("different phones"),
    "same_document": N_("same document number"),
    "similar_document": N_("similar document numbers {a} / {b}"),
    "different_document": N_("different document numbers"),
    "same_place": N_("same place of origin {place}"),
    "similar_place": N_("places of origin {a} ~ {b}"),
    "different_place": N_("different places of origin {a} / {b}"),
}


@dataclass(frozen=True)
class Reason:
    """One piece of evidence for or against a match, as a code with its parameters."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        """The reason in words, e.g. ``names Jallow ~ Diallo`` (``noms Jallow ~ Diallo``)."""
        template = translate(MESSAGES.get(self.code, self.code), lang)
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.params.items()))))


@dataclass(frozen=True)
class Match:
    """A possible duplicate pair: ``a`` < ``b`` (record ids), a score in 0..1 and its reasons."""

    a: int
    b: int
    score: float
    reasons: tuple[Reason, ...] = ()

    def explain(self, lang: str | None = None) -> str:
        """The reasons in words, joined by ``"; "``."""
        return "; ".join(reason.text(lang) for reason in self.reasons)
