"""Blank import templates: registrations, disbursements, re-screening decisions.

Each has a frozen header row labelled in both languages ("Nom / Family name", the user's language
first) that the import recognises without a mapping, drop-down lists (data validation) fed from a
hidden "Listes" sheet, date columns formatted as dates, and a "Lisez-moi / Read me" sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from models.errors import Unusable
from models.i18n import N_, translate
from models.reference import all_countries
from models.vocabulary import DECISIONS, PAYMENT_METHODS, VULNERABILITIES, label
from reports.xlsx_safe import output_file, save_workbook

KINDS = ("registrations", "disbursements", "decisions")
FORMATTED_ROWS = 1_000  # rows given date formats and drop-downs
LISTS_SHEET = "Listes"
README_TITLE = "Lisez-moi - Read me"  # "/" is not allowed in sheet names
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


@dataclass(frozen=True)
class Column:
    key: str
    fr: str
    en: str
    help_fr: str
    help_en: str
    required: bool = False
    kind: str = "text"  # text, date, number, or the name of a drop-down list
    strict: bool = True  # refuse values outside the drop-down


REGISTRATION_COLUMNS: tuple[Column, ...] = (
    Column("source_ref", "N° fiche", "Field reference",
           "Numéro de la fiche de terrain ; une fiche déjà importée n'est pas importée deux fois.",
           "The field team's record number; a record already imported is not imported twice."),
    Column("family_name", "Nom", "Family name", "Nom de famille, tel qu'écrit.",
           "Family name, as written.", required=True),
    Column("given_names", "Prénom(s)", "Given names", "Prénoms.", "Given names.", required=True),
    Column("sex", "Sexe", "Sex", "M ou F (H, Homme, Femme acceptés).",
           "M or F (Male, Female accepted).", required=True, kind="sex"),
    Column("birth_date", "Date de naissance", "Date of birth",
           "jj/mm/aaaa, ou l'année seule, ou « vers 1990 ».",
           "dd/mm/yyyy, or the year alone, or \"about 1990\".", required=True, kind="date"),
    Column("nationality", "Nationalité", "Nationality",
           "Pays (nom, nationalité comme « Malienne », ou code ISO).",
           "Country (name, adjective such as \"Malian\", or ISO code).", required=True,
           kind="countries", strict=False),
    Column("country_of_origin", "Pays d'origine", "Country of origin",
           "Pays de réintégration ; vide = la nationalité.",
           "Country of reintegration; empty = the nationality.", kind="countries", strict=False),
    Column("document_type", "Type de pièce", "Document type",
           "CNI, passeport, carte consulaire, laissez-passer, acte de naissance, aucun.",
           "National ID, passport, consular card, laissez-passer, birth certificate, none.",
           kind="documents", strict=False),
    Column("document_number", "N° de pièce", "Document number", "Numéro de la pièce.",
           "Number of the document."),
    Column("phone", "Téléphone", "Phone",
           "Avec ou sans indicatif ; sans indicatif, celui de la nationalité.",
           "With or without the country code; without it, the nationality's."),
    Column("place_of_origin", "Localité d'origine", "Place of origin", "Ville ou village.",
           "Town or village."),
    Column("returned_from", "Venant de", "Returned from", "Pays d'où la personne revient.",
           "Country the person returned from.", kind="countries", strict=False),
    Column("border_post", "Poste d'entrée", "Border post", "Poste frontière ou aéroport.",
           "Border post or airport."),
    Column("arrival_date", "Date d'arrivée", "Arrival date", "jj/mm/aaaa.", "dd/mm/yyyy.",
           kind="date"),
    Column("transit_centre", "Centre de transit", "Transit centre", "Centre d'accueil.",
           "Reception centre."),
    Column("vulnerabilities", "Vulnérabilités", "Vulnerabilities",
           "Codes séparés par ; : " + ", ".join(VULNERABILITIES) + ".",
           "Codes separated by ; : " + ", ".join(VULNERABILITIES) + ".",
           kind="vulnerabilities", strict=False),
    Column("household_size", "Taille du ménage", "Household size",
           "Nombre entier, 1 au moins (vide = 1).", "Whole number, at least 1 (empty = 1).",
           kind="number"),
    Column("consent_date", "Consentement", "Consent",
           "Oui, ou la date du consentement. Non = la ligne est refusée.",
           "Yes, or the date of consent. No = the row is refused.", required=True, kind="yes_no",
           strict=False),
    Column("notes", "Observations", "Notes", "Texte libre.", "Free text."),
)  # fmt: skip

DISBURSEMENT_COLUMNS: tuple[Column, ...] = (
    Column("case_number", "N° de dossier", "Case number", "Ex. BKO-2026-000123.",
           "E.g. BKO-2026-000123.", required=True),
    Column("instalment", "N° de tranche", "Instalment number", "1, 2, 3...", "1, 2, 3...",
           required=True, kind="number"),
    Column("paid_on", "Date de paiement", "Date paid", "jj/mm/aaaa.", "dd/mm/yyyy.",
           required=True, kind="date"),
    Column("amount", "Montant", "Amount", "Dans la monnaie de la subvention.",
           "In the grant's currency.", required=True, kind="number"),
    Column("currency", "Monnaie", "Currency", "Code ISO : XOF, GNF, GMD, SLE, LRD...",
           "ISO code: XOF, GNF, GMD, SLE, LRD...", required=True, kind="currencies",
           strict=False),
    Column("method", "Mode de paiement", "Method",
           "Espèces, mobile money, banque, paiement fournisseur.",
           "Cash, mobile money, bank, supplier payment.", required=True, kind="methods"),
    Column("receipt_ref", "Référence du reçu", "Receipt reference",
           "Unique : un reçu ne sert qu'une fois.", "Unique: a receipt is used once.",
           required=True),
    Column("supplier", "Fournisseur", "Supplier", "Pour un paiement fournisseur.",
           "For a supplier payment."),
)  # fmt: skip

_LIST_VALUES: dict[str, Callable[[str], list[str]]] = {
    "sex": lambda lang: ["M", "F"],
    "yes_no": lambda lang: ["Oui", "Non"] if lang == "fr" else ["Yes", "No"],
    "documents": lambda lang: (
        [
            "CNI",
            "Passeport",
            "Carte consulaire",
            "Laissez-passer",
            "Acte de naissance",
            "Aucun",
            "Autre",
        ]
        if lang == "fr"
        else [
            "National ID",
            "Passport",
            "Consular card",
            "Laissez-passer",
            "Birth certificate",
            "None",
            "Other",
        ]
    ),  # fmt: skip
    "vulnerabilities": lambda lang: list(VULNERABILITIES),
    "methods": lambda lang: [label(m, lang) for m in PAYMENT_METHODS],
    "decisions": lambda lang: [label(d, lang) for d in DECISIONS],
    "currencies": lambda lang: ["XOF", "GNF", "GMD", "SLE", "LRD", "EUR"],
    "countries": lambda lang: [name for _code, name in all_countries(lang)],
}


def header_label(column: Column, lang: str) -> str:
    """Both languages, the user's first: "Nom / Family name"."""
    return f"{column.fr} / {column.en}" if lang == "fr" else f"{column.en} / {column.fr}"


def write_template(kind: str, out_path: str | Path, lang: str) -> Path:
    """Write the blank template of ``kind`` (registrations, disbursements, decisions)."""
    if kind not in KINDS:
        raise Unusable(N_("Unknown template {kind} (expected: {kinds})."), kind=kind,
                       kinds=", ".join(KINDS))  # fmt: skip
    out_path = output_file(out_path, f"template-{kind}.xlsx", (".xlsx",))
    if kind == "registrations":
        columns = REGISTRATION_COLUMNS
        title = N_("Registrations")
    elif kind == "disbursements":
        columns = DISBURSEMENT_COLUMNS
        title = N_("Disbursements")
    else:
        return _write_decisions(out_path, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = translate(title, lang)[:31]
    lists = _write_lists(wb, lang)
    _write_header(ws, columns, lang)
    _add_validations(ws, columns, lists, lang)
    _write_readme(wb, columns, lang)
    save_workbook(wb, out_path)
    return out_path


def _write_header(ws: object, columns: tuple[Column, ...], lang: str) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=header_label(column, lang))  # type: ignore[attr-defined]
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(14, min(32, len(cell.value) + 2))  # type: ignore[attr-defined]
        if column.kind == "date":
            for row in range(2, FORMATTED_ROWS + 2):
                ws.cell(row=row, column=index).number_format = "DD/MM/YYYY"  # type: ignore[attr-defined]
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]


def _write_lists(wb: Workbook, lang: str) -> dict[str, str]:
    """A hidden sheet with one list per column; returns list name -> range formula."""
    sheet = wb.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(_LIST_VALUES.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values(lang), start=2):
            sheet.cell(row=row, column=index, value=value)
        last = len(values(lang)) + 1
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _add_validations(
    ws: object, columns: tuple[Column, ...], lists: dict[str, str], lang: str
) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{FORMATTED_ROWS + 1}"
        if column.kind in lists:
            validation = DataValidation(type="list", formula1=lists[column.kind], allow_blank=True)
            # Lenient lists accept other spellings ("Malienne", "MED;PSY"); strict ones refuse.
            validation.showErrorMessage = column.strict
            validation.error = translate(N_("Choose a value from the list."), lang)
        elif column.kind == "date":
            validation = DataValidation(type="date", operator="greaterThan", formula1="1",
                                        allow_blank=True)  # fmt: skip
            validation.showErrorMessage = False  # "vers 1990" is allowed
        elif column.kind == "number":
            validation = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                        formula1="0", allow_blank=True)  # fmt: skip
            validation.showErrorMessage = True
            validation.error = translate(N_("Enter a number."), lang)
        else:
            continue
        validation.add(cells)
        ws.add_data_validation(validation)  # type: ignore[attr-defined]


def _write_readme(wb: Workbook, columns: tuple[Column, ...], lang: str) -> None:
    sheet = wb.create_sheet(README_TITLE)
    sheet.append(["Colonne / Column", "Obligatoire / Required", "Explication", "Explanation"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        required = "Oui / Yes" if column.required else ""
        sheet.append([header_label(column, lang), required, column.help_fr, column.help_en])
    sheet.append([])
    sheet.append([
        "Remplissez une ligne par personne sous la ligne d'en-tête, sans changer les en-têtes. "
        "Les lignes refusées à l'import sont renvoyées dans un classeur d'erreurs à corriger "
        "puis à réimporter.",
    ])  # fmt: skip
    sheet.append([
        "Fill one row per person below the header row, without changing the headers. Rows "
        "refused on import come back in an error workbook to fix and import again.",
    ])  # fmt: skip
    for letter, width in zip("ABCD", (34, 20, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_decisions(out_path: Path, lang: str) -> Path:
    """A blank review sheet: the same columns and hidden keys as ``rgm export review-sheet``."""
    from reports.review_sheet import COLUMNS, DECISION_COLUMNS, KEYS_SHEET, SHEET

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    lists = _write_lists(wb, lang)
    decision_keys = {k for k, _t in DECISION_COLUMNS}
    for index, (key, title) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=translate(title, lang))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if key in decision_keys else HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = 16
        if key == "decision":
            validation = DataValidation(type="list", formula1=lists["decisions"], allow_blank=True)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}"
                           f"{FORMATTED_ROWS + 1}")  # fmt: skip
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    keys = wb.create_sheet(KEYS_SHEET)
    keys.sheet_state = "hidden"
    keys.append([k for k, _t in COLUMNS])
    readme = wb.create_sheet(README_TITLE)
    readme.append(["Une ligne par dossier : N° de dossier, puis Décision (éligible, non éligible, "
                   "besoin d'informations) et Motif. La décision est appliquée au nom de la "
                   "personne qui importe ; elle ne peut pas décider d'un dossier qu'elle a "
                   "enregistré."])  # fmt: skip
    readme.append(["One row per case: Case number, then Decision (eligible, ineligible, needs "
                   "information) and Reason. The decision is applied as the importing user, who "
                   "cannot decide on a case they registered."])  # fmt: skip
    readme.column_dimensions["A"].width = 120
    save_workbook(wb, out_path)
    return out_path
