"""Agreement documents used by the agreement tests and the benchmark."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reports.agreement_code import sign
from reports.agreement_data import (
    AgreementDocument,
    AgreementInstalment,
    AgreementItem,
    OfficeHeader,
    ReturneeIdentity,
)

KEY = b"test-signing-key-0123456789abcdef"

OFFICE = OfficeHeader(
    name="Bureau de pays – Mali",
    address="Bamako, ACI 2000, rue 340, porte 12",
    programme="Programme d’aide au retour volontaire et à la réintégration",
    place="Bamako",
)


def sample(
    number: int = 123,
    lang: str = "fr",
    currency: str = "XOF",
    items: int = 2,
    instalments: int = 2,
    long_name: bool = False,
    copy_number: int = 0,
    amounts: list[Decimal] | None = None,
) -> AgreementDocument:
    family, given = ("Kéïta", "Aminata Françoise N’Diaye")
    if long_name:
        family = "Diarra-Traoré-Kouyaté-Coulibaly-Ouédraogo-Sissoko"
        given = "Marie-Thérèse Aïssatou Ramatoulaye Fatoumata Bintou Kadiatou Ç’est-Noël"
    if amounts is None:
        amounts = (
            [Decimal(1500000), Decimal(468000)]
            if items == 2
            else [Decimal(100000 + 10000 * i) for i in range(items)]
        )
    total = sum(amounts, Decimal(0))
    item_rows = tuple(
        AgreementItem(
            description=(
                "Stock initial de marchandises pour une boutique d’alimentation générale "
                f"(riz, huile, sucre, savon) – lot {i + 1}"
                if i % 2 == 0
                else f"Frais de scolarité année 2025–2026, élève n° {i + 1}"
            ),
            package_code="ECO-SHOP" if i % 2 == 0 else "SOC-SCHOOL",
            modality="in_kind" if i % 2 == 0 else "cash",
            supplier="Établissements Sidibé & Fils, Marché de Médine" if i % 2 == 0 else "",
            amount=amount,
        )
        for i, amount in enumerate(amounts)
    )
    if instalments == 2:
        parts = [total * Decimal("0.6"), total - total * Decimal("0.6")]
    else:
        share = (total / instalments).quantize(Decimal(1))
        parts = [share] * (instalments - 1) + [total - share * (instalments - 1)]
    conditions = ["on_signature", "after_monitoring_visit", "on_supplier_invoice"]
    inst_rows = tuple(
        AgreementInstalment(
            number=i + 1,
            amount=part.quantize(Decimal(1)) if currency in ("XOF", "GNF") else part,
            condition=conditions[min(i, 2)],
            due=date(2025, 4 + i, 1) if i else None,
        )
        for i, part in enumerate(parts)
    )
    doc = AgreementDocument(
        office=OFFICE,
        agreement_number=f"BKO-AGR-2025-{number:06d}",
        case_number=f"BKO-2025-{number:06d}",
        grant_version=1,
        issue_date=date(2025, 3, 14),
        language=lang,
        returnee=ReturneeIdentity(
            family_name=family,
            given_names=given,
            sex="F",
            birth_date=date(1994, 3, 7),
            nationality="MLI",
            document_type="passport",
            document_number="AA0123456",
            phone="+22376123456",
            place_of_origin="Kayes, cercle de Nioro du Sahel",
        ),
        currency=currency,
        total=total,
        items=item_rows,
        instalments=inst_rows,
        officer_name="Ousmane Diabaté",
        copy_number=copy_number,
    )
    return sign(KEY, doc)
