"""Benchmark of batch agreement printing: ``render_batch`` vs raw reportlab drawing.

Run: ``python -m bench.bench_agreements [--count 1000] [--keep DIR]``. Builds ``count`` agreements
(3 items, 2 instalments, names with accents) and times, in the same run: the raw baseline (a
reportlab canvas drawing the same texts wrapped with ``simpleSplit``, the same tables as lines and
the same QR code as one segno path, same embedded fonts, one PDF) and ``render_batch`` (platypus,
one PDF). Runs ``--rounds`` alternating rounds and keeps each side's best time (other work on
the machine only ever adds time). Prints both times and the ratio (target <= 1.5x).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from reports.agreement_code import sign
from reports.agreement_data import (
    AgreementDocument,
    AgreementInstalment,
    AgreementItem,
    OfficeHeader,
    ReturneeIdentity,
)
from reports.agreement_pdf import render_batch
from reports.agreement_pdf.layout import FONT, FONT_BOLD, register_fonts
from reports.agreement_pdf.texts import fields, plain, template_text
from reports.agreement_pdf.verification import draw_qr
from reports.amount_words import format_amount

KEY = b"bench-key"
FAMILY = ["Keïta", "Traoré", "Diallo", "Ouédraogo", "Camara", "Sissoko", "N’Diaye", "Barry"]
GIVEN = ["Aminata", "Françoise", "Mamadou Aliou", "Aïssatou", "Ibrahima", "Fatoumata Binta"]


def make_docs(count: int) -> list[AgreementDocument]:
    office = OfficeHeader(
        name="Bureau de pays – Mali",
        address="Bamako, ACI 2000, rue 340, porte 12",
        programme="Programme d’aide au retour volontaire et à la réintégration",
        place="Bamako",
    )
    docs = []
    for n in range(count):
        amounts = [Decimal(900000 + 1000 * (n % 50)), Decimal(300000), Decimal(150000)]
        total = sum(amounts, Decimal(0))
        first = (total * Decimal("0.6")).quantize(Decimal(1))
        doc = AgreementDocument(
            office=office,
            agreement_number=f"BKO-AGR-2025-{n:06d}",
            case_number=f"BKO-2025-{n:06d}",
            grant_version=1,
            issue_date=date(2025, 3, 14),
            language="fr" if n % 4 else "en",
            returnee=ReturneeIdentity(
                family_name=FAMILY[n % len(FAMILY)],
                given_names=GIVEN[n % len(GIVEN)],
                sex="MF"[n % 2],
                birth_date=date(1980 + n % 25, 1 + n % 12, 1 + n % 28),
                nationality="MLI",
                document_type="passport",
                document_number=f"AA{n:07d}",
                phone=f"+2237{n:07d}",
                place_of_origin="Kayes, cercle de Nioro du Sahel",
            ),
            currency="XOF",
            total=total,
            items=(
                AgreementItem(
                    "Stock initial pour une boutique d’alimentation générale (riz, huile, sucre)",
                    "ECO-SHOP",
                    "in_kind",
                    "Établissements Sidibé & Fils",
                    amounts[0],
                ),
                AgreementItem("Frais de scolarité 2025–2026", "SOC-SCHOOL", "cash", "", amounts[1]),
                AgreementItem(
                    "Accompagnement psychosocial", "PSY-SUPPORT", "service", "", amounts[2]
                ),
            ),
            instalments=(
                AgreementInstalment(1, first, "on_signature"),
                AgreementInstalment(2, total - first, "after_monitoring_visit", date(2025, 6, 1)),
            ),
            officer_name="Ousmane Diabaté",
        )
        docs.append(sign(KEY, doc))
    return docs


class _Raw:
    """Straight canvas drawing of one agreement: wrapped lines, table grids, QR path."""

    W, H = A4
    LEFT, RIGHT, TOP, BOTTOM = 18 * mm, A4[0] - 18 * mm, A4[1] - 16 * mm, 20 * mm

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self.y = self.TOP
        self.page = 1

    def new_page(self, footer: str) -> None:
        self.c.setFont(FONT, 7.5)
        self.c.drawString(self.LEFT, self.BOTTOM - 9 * mm, footer)
        self.c.drawRightString(self.RIGHT, self.BOTTOM - 9 * mm, f"Page {self.page}")
        self.c.showPage()
        self.page += 1
        self.y = self.TOP

    def text(self, text: str, footer: str, font: str = FONT, size: float = 9, indent: float = 0):
        width = self.RIGHT - self.LEFT - indent
        for line in simpleSplit(plain(re.sub(r"<[^>]+>", "", text)), font, size, width):
            if self.y < self.BOTTOM + 12:
                self.new_page(footer)
            self.y -= size * 1.28
            self.c.setFont(font, size)
            self.c.drawString(self.LEFT + indent, self.y, line)
        self.y -= 3

    def table(self, rows: list[list[str]], fractions: list[float], footer: str) -> None:
        width = self.RIGHT - self.LEFT
        widths = [width * f for f in fractions]
        for row in rows:
            cells = [
                simpleSplit(cell, FONT, 8.5, w - 6) for cell, w in zip(row, widths, strict=True)
            ]
            height = max(len(c) for c in cells) * 10.5 + 5
            if self.y - height < self.BOTTOM:
                self.new_page(footer)
            x = self.LEFT
            self.c.setFont(FONT, 8.5)
            for lines, w in zip(cells, widths, strict=True):
                self.c.rect(x, self.y - height, w, height)
                for i, line in enumerate(lines):
                    self.c.drawString(x + 3, self.y - 10.5 * (i + 1), line)
                x += w
            self.y -= height
        self.y -= 4


def raw_batch(docs: list[AgreementDocument], out: Path) -> None:
    register_fonts()
    canvas = Canvas(str(out), pagesize=A4, invariant=1, initialFontName=FONT)
    for doc in docs:
        texts = template_text(doc.language)
        f = fields(doc, texts)
        footer = plain(texts["document"]["footer"].format_map(f))
        raw = _Raw(canvas)
        r = doc.returnee
        raw.text(doc.office.name, footer, FONT_BOLD, 11)
        raw.text(doc.office.address, footer, size=7.5)
        raw.text(texts["document"]["agreement_number"].format_map(f), footer)
        raw.text(texts["document"]["title"], footer, FONT_BOLD, 13.5)
        raw.text(texts["parties"]["heading"], footer, FONT_BOLD, 10)
        raw.text(texts["parties"]["text"].format_map(f), footer)
        t = texts["identity"]
        raw.text(t["heading"], footer, FONT_BOLD, 10)
        raw.table(
            [
                [t["name"], r.full_name, t["case_number"], doc.case_number],
                [t["birth_date"], str(r.birth_date), t["sex"], r.sex],
                [t["nationality"], r.nationality, t["phone"], r.phone],
                [t["document"], r.document_number, t["place_of_origin"], r.place_of_origin],
            ],
            [0.17, 0.38, 0.17, 0.28],
            footer,
        )
        t = texts["items"]
        raw.text(t["heading"], footer, FONT_BOLD, 10)
        raw.text(t["intro"], footer)
        rows = [[t["number"], t["description"], t["code"], t["modality"], t["supplier"], "XOF"]]
        for i, item in enumerate(doc.items, 1):
            rows.append(
                [
                    str(i),
                    item.description,
                    item.package_code,
                    item.modality,
                    item.supplier,
                    format_amount(item.amount, doc.currency, doc.language, with_code=False),
                ]
            )
        raw.table(rows, [0.06, 0.34, 0.13, 0.14, 0.17, 0.16], footer)
        raw.text(t["total_text"].format_map(f), footer)
        t = texts["instalments"]
        raw.text(t["heading"], footer, FONT_BOLD, 10)
        raw.table(
            [
                [str(i.number), str(i.amount), i.condition, str(i.due or "")]
                for i in doc.instalments
            ],
            [0.12, 0.2, 0.46, 0.22],
            footer,
        )
        for section in (texts["obligations"], texts["clauses"]):
            raw.text(section["heading"], footer, FONT_BOLD, 10)
            for clause in section["clauses"]:
                raw.text("• " + clause.format_map(f), footer, indent=10)
        t = texts["signatures"]
        raw.text(t["done_at"].format_map(f), footer)
        if raw.y < raw.BOTTOM + 95 * mm:
            raw.new_page(footer)
        raw.table(
            [[t["returnee"], t["officer"], t["witness"]], [t["signature"]] * 3], [1 / 3] * 3, footer
        )
        canvas.rect(raw.LEFT + 2 * mm, raw.y - 36 * mm, 42 * mm, 36 * mm)
        raw.y -= 40 * mm
        draw_qr(canvas, doc.qr_payload, raw.LEFT, raw.y - 26 * mm, 26 * mm)
        raw.text(texts["verification"]["text"].format_map(f), footer, indent=30 * mm)
        raw.text(doc.verification_code, footer, FONT_BOLD, 11, indent=30 * mm)
        raw.new_page(footer)
    canvas.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="folder to keep both PDFs in")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; best kept")
    args = parser.parse_args()
    docs = make_docs(args.count)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="rgm-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    register_fonts()
    render_batch(docs[:2], folder / "warmup.pdf")  # font loading and caches, for both sides

    raw_times, our_times = [], []
    for _ in range(args.rounds):  # alternate, keep the best of each: the machine is shared
        start = time.perf_counter()
        raw_batch(docs, folder / "raw.pdf")
        raw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_batch(docs, folder / "agreements.pdf")
        our_times.append(time.perf_counter() - start)
    raw_time, ours = min(raw_times), min(our_times)

    print(f"agreements:        {args.count}")
    print(f"rounds:            {args.rounds} (best of each side)")
    print(f"raw reportlab:     {raw_time:.2f} s ({raw_time / args.count * 1000:.1f} ms each)")
    print(f"render_batch:      {ours:.2f} s ({ours / args.count * 1000:.1f} ms each)")
    print(f"ratio:             {ours / raw_time:.2f}x (target <= 1.5x)")
    for name in ("raw.pdf", "agreements.pdf"):
        print(f"{name:18} {(folder / name).stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
