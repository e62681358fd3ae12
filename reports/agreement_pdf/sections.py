"""The sections of one agreement, in the order printed: letterhead, parties, identity, items,
instalments, obligations and clauses, then signatures with the verification block."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from reports.agreement_data import AgreementDocument
from reports.agreement_pdf.layout import (
    CELL_LEADING,
    CELL_SIZE,
    FONT,
    FONT_BOLD,
    GREY,
    GRID,
    HEADED_GRID,
    MARGIN,
    PAGE_WIDTH,
    RULE,
    TOTAL_ROW,
    cell,
    para,
    wrap_text,
)
from reports.agreement_pdf.texts import Fields, country_name, fill, label, long_date
from reports.agreement_pdf.verification import VerificationBlock
from reports.amount_words import format_amount


def agreement_body(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    """Every section of ``doc``, from the letterhead to the signatures."""
    parties = texts["parties"]
    story = letterhead(doc, texts, f)
    story += [
        para(escape(parties["heading"]), "heading", shared=True),
        para(fill(parties["text"], f), "body"),
    ]
    story += identity(doc, texts, f)
    story += items_table(doc, texts, f)
    story += instalments_table(doc, texts, f)
    story += clauses(texts["obligations"], f)
    story += clauses(texts["clauses"], f)
    story += signatures(doc, texts, f)
    return story


def letterhead(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    office = doc.office
    left: list[Flowable] = []
    if office.logo_path and Path(office.logo_path).is_file():
        logo = Image(str(office.logo_path))
        ratio = min(60 * mm / logo.imageWidth, 22 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * ratio, logo.imageHeight * ratio
        logo.hAlign = "LEFT"
        left.append(logo)
    left.append(para(escape(office.name), "office"))
    if office.address:
        left.append(para(escape(office.address), "small"))
    d = texts["document"]
    right = [
        para(fill(d["agreement_number"], f), "right"),
        para(fill(d["case_number"], f), "right"),
        para(fill(d["issue_date"], f), "right"),
    ]
    width = PAGE_WIDTH - 2 * MARGIN
    head = Table([[left, right]], colWidths=[width * 0.58, width * 0.42])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("FONT", (0, 0), (-1, -1), FONT, 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            ]
        )
    )
    story: list[Flowable] = [head, para(fill(d["title"], f), "title")]
    if office.programme:
        story.append(para(fill(d["subtitle"], f), "subtitle"))
    return story


def identity(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    t = texts["identity"]
    r = doc.returnee
    lang = doc.language
    unknown = t["unknown"]
    if r.birth_date is None:
        birth = unknown
    elif r.birth_precision == "year":
        birth = fill(t["birth_year"], Fields(year=str(r.birth_date.year)))
    else:
        birth = long_date(r.birth_date, lang)
    document = label(texts, "document", r.document_type)
    if r.document_number:
        number_sign = "n°" if lang == "fr" else "No."
        document = f"{document} {number_sign} {r.document_number}"
    width = PAGE_WIDTH - 2 * MARGIN
    widths = [width * w for w in (0.17, 0.38, 0.17, 0.28)]
    rows = [
        (t["name"], r.full_name, t["case_number"], doc.case_number),
        (t["birth_date"], birth, t["sex"], label(texts, "sex", r.sex)),
        (t["nationality"], country_name(r.nationality, lang), t["phone"], r.phone or unknown),
        (t["document"], document, t["place_of_origin"], r.place_of_origin or unknown),
    ]
    data = [
        [
            cell(a, widths[0], bold=True),
            cell(b, widths[1], bold=index == 0),
            cell(c, widths[2], bold=True),
            cell(d, widths[3]),
        ]
        for index, (a, b, c, d) in enumerate(rows)
    ]
    table = Table(data, colWidths=widths)
    table.setStyle(GRID)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
                ("FONT", (2, 0), (2, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
                ("FONT", (1, 0), (1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            ]
        )
    )
    return [para(escape(t["heading"]), "heading", shared=True), table]


def items_table(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    t = texts["items"]
    lang = doc.language
    width = PAGE_WIDTH - 2 * MARGIN
    w = [width * x for x in (0.06, 0.34, 0.13, 0.14, 0.17, 0.16)]
    header = [
        cell(t["number"], w[0], bold=True),
        cell(t["description"], w[1], bold=True),
        cell(t["code"], w[2], bold=True),
        cell(t["modality"], w[3], bold=True),
        cell(t["supplier"], w[4], bold=True),
        cell(fill(t["amount"], f), w[5], bold=True, right=True),
    ]
    data: list[list[Any]] = [header]
    for number, item in enumerate(doc.items, start=1):
        data.append(
            [
                cell(str(number), w[0]),
                cell(item.description, w[1]),
                cell(item.package_code, w[2]),
                cell(label(texts, "modality", item.modality), w[3]),
                cell(item.supplier, w[4]),
                cell(format_amount(item.amount, doc.currency, lang, False), w[5], right=True),
            ]
        )
    data.append(
        [
            "",
            cell(t["total"], w[1], bold=True),
            "",
            "",
            "",
            cell(format_amount(doc.total, doc.currency, lang, False), w[5], True, right=True),
        ]
    )
    table = Table(data, colWidths=w, repeatRows=1)
    table.setStyle(HEADED_GRID)
    table.setStyle(TOTAL_ROW)
    table.setStyle(TableStyle([("ALIGN", (5, 0), (5, -1), "RIGHT")]))
    return [
        para(escape(t["heading"]), "heading", shared=True),
        para(fill(t["intro"], f), "body", shared=True),
        table,
        Spacer(1, 4),
        para(fill(t["total_text"], f), "body"),
    ]


def instalments_table(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    t = texts["instalments"]
    lang = doc.language
    story: list[Flowable] = [para(escape(t["heading"]), "heading", shared=True)]
    if not doc.instalments:
        return [*story, para(fill(t["none"], f), "body", shared=True)]
    story.append(para(fill(t["intro"], f), "body"))
    width = PAGE_WIDTH - 2 * MARGIN
    w = [width * x for x in (0.12, 0.2, 0.46, 0.22)]
    data: list[list[Any]] = [
        [
            cell(t["number"], w[0], bold=True),
            cell(fill(t["amount"], f), w[1], bold=True, right=True),
            cell(t["condition"], w[2], bold=True),
            cell(t["due"], w[3], bold=True),
        ]
    ]
    for inst in doc.instalments:
        data.append(
            [
                cell(str(inst.number), w[0]),
                cell(format_amount(inst.amount, doc.currency, lang, False), w[1], right=True),
                cell(label(texts, "condition", inst.condition), w[2]),
                cell(long_date(inst.due, lang) if inst.due else t["no_due"], w[3]),
            ]
        )
    table = Table(data, colWidths=w, repeatRows=1)
    table.setStyle(HEADED_GRID)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    story.append(table)
    return story


def clauses(section: dict[str, Any], f: Fields) -> list[Flowable]:
    story: list[Flowable] = [para(escape(section["heading"]), "heading", shared=True)]
    for clause in section["clauses"]:
        text = fill(clause, f)
        story.append(para(text, "bullet", shared=text == clause, bullet="•"))
    return story


class SignatureBlock(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Three framed columns (returnee, officer, witness) with name, signature and date lines,
    and the thumbprint box under the returnee's; drawn directly, it costs a fraction of a table
    of paragraphs."""

    PAD = 4.0
    SIZE, LEADING = 8.5, 10.5

    def __init__(self, texts: dict[str, str], names: tuple[str, str, str]) -> None:
        super().__init__()
        self.t = texts
        self.names = names
        self.columns: list[list[tuple[str, str, float]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = avail_width / 3 - 2 * self.PAD
        t = self.t
        titles = (t["returnee"], t["officer"], t["witness"])
        self.columns = []
        for index, (title, name) in enumerate(zip(titles, self.names, strict=True)):
            lines: list[tuple[str, str, float]] = [(title, FONT_BOLD, self.SIZE)]
            if index == 0:
                lines.append((t["read_approved"], FONT, 7.5))
            for line in wrap_text(f"{t['name']} {name}".rstrip(), FONT, self.SIZE, inner):
                lines.append((line, FONT, self.SIZE))
            self.columns.append(lines)
        text_height = max(len(c) for c in self.columns) * self.LEADING
        # name lines, room to sign, signature and date lines, then the thumbprint box
        self.sign_top = self.PAD + text_height + 14 * mm
        self.height = self.sign_top + 2 * self.LEADING + 3 * mm + 3 * mm + 36 * mm + self.PAD
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        column = self.width / 3
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for index, lines in enumerate(self.columns):
            x = index * column
            c.rect(x, 0, column, self.height)
            y = self.height - self.PAD
            for text, font, size in lines:
                y -= self.LEADING
                c.setFont(font, size)
                c.drawString(x + self.PAD, y + 2, text)
            y = self.height - self.sign_top - self.LEADING
            c.setFont(FONT, self.SIZE)
            c.drawString(x + self.PAD, y + 2, self.t["signature"])
            c.drawString(x + self.PAD, y + 2 - self.LEADING - 3 * mm, self.t["date"])
        box_w, box_h = min(42 * mm, column - 2 * self.PAD), 36 * mm
        c.setLineWidth(0.8)
        c.rect(self.PAD, self.PAD, box_w, box_h)
        c.setFillColor(GREY)
        c.setFont(FONT, 6.5)
        caption = wrap_text(self.t["thumbprint"], FONT, 6.5, box_w - 4 * mm)
        for i, line in enumerate(reversed(caption)):
            c.drawString(self.PAD + 2 * mm, self.PAD + 1.5 * mm + i * 7.5, line)
        c.restoreState()


def signatures(doc: AgreementDocument, texts: dict[str, Any], f: Fields) -> list[Flowable]:
    t = texts["signatures"]
    block: list[Flowable] = [
        para(escape(t["heading"]), "heading", shared=True),
        para(fill(t["done_at"], f), "body"),
        SignatureBlock(t, (doc.returnee.full_name, doc.officer_name, "")),
    ]
    if doc.verification_code:
        text = para(fill(texts["verification"]["text"], f), "body")
        block.append(Spacer(1, 3 * mm))
        block.append(
            VerificationBlock(doc.qr_payload or doc.verification_code, text, doc.verification_code)
        )
    return [KeepTogether(block)]
