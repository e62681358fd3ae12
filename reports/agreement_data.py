"""Plain data that a grant agreement is printed from and verified against (no database).

The operations in ``models/`` gather these from the database; ``reports.agreement_code`` hashes
an ``AgreementContent`` and ``reports.agreement_pdf`` prints an ``AgreementDocument``.
Codes are the vocabulary's (sex ``M``/``F``, document types, modalities, instalment conditions);
countries are ISO 3166 alpha-3; money is ``Decimal`` in the agreement's currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class OfficeHeader:
    """The letterhead: who issues the agreement."""

    name: str
    address: str = ""
    programme: str = ""
    place: str = ""  # town printed in "Done at ..."; the address's first line if empty
    logo_path: Path | None = None  # PNG or JPEG; drawn at most 25 mm high


@dataclass(frozen=True)
class ReturneeIdentity:
    family_name: str
    given_names: str
    sex: str  # "M" | "F"
    birth_date: date | None
    nationality: str  # ISO alpha-3
    document_type: str = "none"  # vocabulary DOCUMENT_TYPES code
    document_number: str = ""
    phone: str = ""  # E.164
    place_of_origin: str = ""
    birth_precision: str = "day"  # "day" | "year" ("vers 1990")

    @property
    def full_name(self) -> str:
        """Family name in capitals first, as on identity documents: ``KEÏTA Aminata``."""
        return " ".join(p for p in (self.family_name.upper(), self.given_names) if p)


@dataclass(frozen=True)
class AgreementItem:
    description: str
    package_code: str
    modality: str  # "cash" | "in_kind" | "service" (or any text, printed as is)
    supplier: str
    amount: Decimal


@dataclass(frozen=True)
class AgreementInstalment:
    number: int
    amount: Decimal
    condition: str  # vocabulary CONDITIONS code, or a free text printed as is
    due: date | None = None


@dataclass(frozen=True)
class AgreementContent:
    """The essential content that the verification code covers; any change breaks the code."""

    agreement_number: str
    case_number: str
    returnee_name: str
    birth_date: date | None
    birth_precision: str
    nationality: str
    document_number: str
    currency: str
    total: Decimal
    items: tuple[tuple[str, Decimal], ...]  # (package code, amount)
    instalments: tuple[tuple[int, Decimal], ...]  # (number, amount)
    grant_version: int
    issue_date: date


@dataclass(frozen=True)
class AgreementDocument:
    """Everything printed on one agreement. ``copy_number`` 0 is the original; a reprint has
    1, 2, ... and is marked "COPIE / COPY n"."""

    office: OfficeHeader
    agreement_number: str
    case_number: str
    grant_version: int
    issue_date: date
    language: str  # "fr" | "en"
    returnee: ReturneeIdentity
    currency: str
    total: Decimal
    items: tuple[AgreementItem, ...]
    instalments: tuple[AgreementInstalment, ...] = ()
    officer_name: str = ""
    verification_code: str = ""
    qr_payload: str = ""
    copy_number: int = 0
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        if sum((i.amount for i in self.items), Decimal(0)) != self.total:
            raise ValueError(f"{self.agreement_number}: items do not add up to the total")
        if self.instalments and sum((i.amount for i in self.instalments), Decimal(0)) != self.total:
            raise ValueError(f"{self.agreement_number}: instalments do not add up to the total")

    @property
    def is_copy(self) -> bool:
        return self.copy_number > 0

    def content(self) -> AgreementContent:
        """The part of this document that the verification code covers."""
        r = self.returnee
        return AgreementContent(
            agreement_number=self.agreement_number,
            case_number=self.case_number,
            returnee_name=r.full_name,
            birth_date=r.birth_date,
            birth_precision=r.birth_precision,
            nationality=r.nationality,
            document_number=r.document_number,
            currency=self.currency,
            total=self.total,
            items=tuple((i.package_code, i.amount) for i in self.items),
            instalments=tuple((i.number, i.amount) for i in self.instalments),
            grant_version=self.grant_version,
            issue_date=self.issue_date,
        )
