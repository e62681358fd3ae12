"""Write a French .po file from a template (.pot) and a dict of translations (developer tool).

    python tools/po_fill.py TEMPLATE.pot translations.py:FR resources/i18n/fr/AREA.po

Existing translations in the target are kept; new ones from the dict are added; entries without
a translation are written empty so that the completeness test names them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main(template: str, source: str, target: str) -> None:
    path, _, name = source.partition(":")
    spec = importlib.util.spec_from_file_location("translations", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    new: dict[str, str] = getattr(module, name or "FR")
    old: dict[str, str] = {}
    if Path(target).exists():
        with open(target, "rb") as fh:
            old = {m.id: m.string for m in read_po(fh) if m.id and m.string}
    with open(template, "rb") as fh:
        pot = read_po(fh)
    out = Catalog(locale="fr", header_comment=f"# French messages ({Path(target).stem}).")
    for m in pot:
        if m.id:
            out.add(m.id, new.get(m.id) or old.get(m.id, ""))
    with open(target, "wb") as fh:
        write_po(fh, out, omit_header=False, no_location=True, width=100)


if __name__ == "__main__":
    main(*sys.argv[1:4])
