"""The agreement's words: the template texts of a language (``resources/agreements/<lang>.toml``
or an admin's copy), the placeholders filled from an ``AgreementDocument``, labels of codes,
countries and dates in the agreement's language."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pycountry
from babel import Locale
from babel.dates import format_date

from models.errors import Unusable
from models.i18n import N_
from reports.agreement_data import AgreementDocument
from reports.agreement_pdf.layout import RESOURCES
from reports.amount_words import amount_in_words, format_amount


def template_text(lang: str, folder: Path | None = None) -> dict[str, Any]:
    """The agreement texts of one language: ``<folder>/<lang>.toml`` if an admin put one there,
    else the shipped ``resources/agreements/<lang>.toml``. Refuses (``Unusable``) a file that
    is not valid TOML or lacks a text that the shipped one has."""
    path = RESOURCES / "agreements" / f"{lang}.toml"
    if folder is not None and (Path(folder) / f"{lang}.toml").is_file():
        path = Path(folder) / f"{lang}.toml"
    stamp = path.stat().st_mtime_ns if path.is_file() else 0
    return _load_texts(path, stamp)


@lru_cache(maxsize=16)
def _load_texts(path: Path, stamp: int) -> dict[str, Any]:
    """Read once per version of the file (``stamp``): an edited template is seen at once."""
    try:
        with path.open("rb") as fh:
            texts = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise Unusable(
            N_("{file}: the agreement text cannot be read: {error}"), file=str(path), error=str(exc)
        ) from exc
    with (RESOURCES / "agreements" / "en.toml").open("rb") as fh:
        reference = tomllib.load(fh)
    for section, keys in reference.items():
        for key in keys:
            if key not in texts.get(section, {}):
                raise Unusable(
                    N_("{file}: the agreement text has no {key} in [{section}]"),
                    file=str(path),
                    key=key,
                    section=section,
                )
    return texts


class Fields(dict[str, str]):
    """Placeholder values; an unknown placeholder stays visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, fields: Fields) -> str:
    return template.format_map(fields)


def plain(markup: str) -> str:
    """Text of a template line drawn straight on the canvas (no markup there)."""
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        markup = markup.replace(tag, "")
    return markup.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def fields(doc: AgreementDocument, texts: dict[str, Any]) -> Fields:
    lang = doc.language
    office = doc.office
    place = office.place or (office.address.split(",")[0].strip() if office.address else "")
    values = {
        "office_name": office.name,
        "office_address": office.address,
        # ", <address>" or nothing, so that a template reads well without an address
        "office_address_suffix": f", {office.address}" if office.address else "",
        "programme": office.programme,
        "place": place,
        "agreement_number": doc.agreement_number,
        "case_number": doc.case_number,
        "issue_date": long_date(doc.issue_date, lang),
        "returnee_name": doc.returnee.full_name,
        # reportlab breaks lines at a narrow no-break space; a no-break space keeps "1 968 000" whole
        "total_figures": format_amount(doc.total, doc.currency, lang).replace("\u202f", "\u00a0"),
        "total_words": amount_in_words(doc.total, doc.currency, lang),
        "currency": doc.currency,
        "instalment_count": str(len(doc.instalments)),
        "officer_name": doc.officer_name,
        "code": doc.verification_code or "—",
        "copy_number": str(doc.copy_number),
    }
    values.update(doc.extra)
    return Fields({k: escape(v) for k, v in values.items()})


def label(texts: dict[str, Any], group: str, code: str) -> str:
    """The template's label of a code (plain text), or the code itself."""
    return str(texts.get("labels", {}).get(group, {}).get(code, code))


def country_name(alpha3: str, lang: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha3.upper()) if alpha3 else None
    if country is None:
        return alpha3
    return str(Locale.parse(lang).territories.get(country.alpha_2, country.name))


def long_date(value: date, lang: str) -> str:
    return format_date(value, format="long", locale="fr_FR" if lang == "fr" else "en_GB")
