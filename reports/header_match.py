"""Which field a header cell names, for the imports that read fixed columns (payments, decisions).

A header matches whatever its case, accents, spacing, punctuation, abbreviations and word order
(``header_key``, the registration import's own folding), and a template's bilingual label
("N° de dossier / Case number") matches through either half. Each import lists its fields'
names, including the labels its own template writes, so what the application writes it reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from models.errors import Unusable
from models.i18n import N_
from reports.field_exports import path_parts
from reports.registration_fields import header_key, match_in


class HeaderNames:
    """The names each field's column goes by; ``match`` says which field a header names."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self._index: dict[tuple[str, ...], str] = {}
        for field, synonyms in names.items():
            for name in (field, *synonyms):
                key = header_key(name)
                if key:
                    self._index.setdefault(key, field)

    def match(self, header: object) -> str | None:
        """The field ``header`` names, or None (the registration import's rules: halves that
        agree, group paths by their last part, meta columns none)."""
        if header is None or not str(header).strip():
            return None
        return match_in(self._index, header)

    def columns(self, header_row: Sequence[object], file: str | None = None) -> dict[str, int]:
        """Field -> index of the first column that names it. Given the ``file``, two question
        paths that name one field by their last part (``visite/date`` and ``paiement/date``)
        are refused: which one is meant is not guessed."""
        found: dict[str, int] = {}
        named: dict[str, list[str]] = {}
        for index, header in enumerate(header_row):
            field = self.match(header)
            if field is None:
                continue
            found.setdefault(field, index)
            text = str(header).strip()
            if text not in named.setdefault(field, []):
                named[field].append(text)
        for field, headers in named.items():
            if file is not None and len(headers) > 1 and any(map(path_parts, headers)):
                raise Unusable(
                    N_(
                        "{file}: the columns {columns} all name {field}. Keep the one to import "
                        "(or rename the others) and try again."
                    ),
                    file=file,
                    columns=", ".join(headers),
                    field=field,
                )
        return found
