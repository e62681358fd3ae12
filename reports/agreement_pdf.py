"""Grant agreements as PDF (A4, reportlab platypus), one or a whole batch in one file.

Texts come from ``resources/agreements/<lang>.toml`` (an admin may adapt them); data from
``reports.agreement_data.AgreementDocument``. Fonts are DejaVu Sans, embedded, so that every name
prints (accents, ``ï``, ``ç``, ``’``). Each agreement starts on a new page and numbers its own
pages ("Page 1 / 2"): the page count is a form XObject drawn on every page and defined once the
agreement's last page is known, so nothing is laid out twice. The QR code is drawn from segno's
matrix as one vector path (a run of dark modules is one rectangle).
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import pycountry
import segno
from babel import Locale
from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from models.errors import Unusable
from models.i18n import N_
from models.jobs import NO_JOB, Job
from reports.agreement_data import AgreementDocument
from reports.amount_words import amount_in_words, format_amount
from reports.xlsx_safe import output_file

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT, FONT_BOLD = "RGMSans", "RGMSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP, BOTTOM = 16 * mm, 20 * mm
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
COPY_RED = colors.Color(0.75, 0.1, 0.1)


@cache
def register_fonts() -> None:
    """Register the embedded DejaVu fonts with reportlab (once per process)."""
    folder = RESOURCES / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


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


class _Fields(dict[str, str]):
    """Placeholder values; an unknown placeholder stays visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, fields: _Fields) -> str:
    return template.format_map(fields)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=9,
        leading=11.5,
        spaceAfter=3,
        embeddedHyphenation=1,  # long compound names break after a hyphen
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, spaceAfter=0),
        "caption": ParagraphStyle(
            "caption", parent=body, fontSize=6.5, leading=7.5, spaceAfter=0, textColor=GREY
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head", parent=body, fontName=FONT_BOLD, fontSize=8.5, leading=10.5, spaceAfter=0
        ),
        "head_right": ParagraphStyle(
            "head_right",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=10.5,
            spaceAfter=0,
            alignment=TA_RIGHT,
        ),
        "office": ParagraphStyle(
            "office", parent=body, fontName=FONT_BOLD, fontSize=11, leading=13.5
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13.5,
            leading=17,
            alignment=TA_CENTER,
            spaceBefore=4,
            spaceAfter=1,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, alignment=TA_CENTER, textColor=GREY, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=12.5,
            spaceBefore=7,
            spaceAfter=3,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=13, bulletIndent=3, spaceAfter=2
        ),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT, spaceAfter=0),
    }


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A Paragraph that breaks its lines once per width: tables, KeepTogether and frames ask
    for the same wrap two or three times, and line breaking is most of platypus' cost.

    A paragraph shared by every agreement of a batch (``form_key`` set) is drawn once into a
    PDF form XObject and then placed by reference: the clauses cost one ``Do`` per agreement
    and the batch file stays small."""

    _wrapped_width = -1.0
    form_key: tuple[str, str, str | None] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth == self._wrapped_width and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def draw(self) -> None:
        forms: dict[Any, str] | None = getattr(_batch, "forms", None)
        if self.form_key is None or forms is None:
            super().draw()
            return
        canvas = self.canv
        key = (self.form_key, self.width, self.height)
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"rgmText{len(forms)}"
            margin = 20  # bullets and descenders may pass the paragraph's box a little
            canvas.beginForm(name, -margin, -margin, self.width + margin, self.height + margin)
            super().draw()
            canvas.endForm()
        canvas.doForm(name)


_batch = threading.local()  # the Paragraphs shared by the agreements of the batch being drawn


def _para(text: str, style_name: str, shared: bool = False, bullet: str | None = None) -> Paragraph:
    """A paragraph of the agreement. ``shared`` ones (headings, clauses: the same text in every
    agreement of a language) are one object per batch, so their lines are broken only once."""
    style = _styles()[style_name]
    cache: dict[tuple[str, str, str | None], _Paragraph] | None = getattr(_batch, "shared", None)
    if not shared or cache is None:
        return _Paragraph(text, style, bullet)
    key = (text, style_name, bullet)
    para = cache.get(key)
    if para is None:
        para = cache[key] = _Paragraph(text, style, bullet)
        para.form_key = key
    # platypus marks a flowable it moved to the next page; that mark belongs to one agreement
    para.__dict__.pop("_postponed", None)
    return para


def _country_name(alpha3: str, lang: str) -> str:
    country = pycountry.countries.get(alpha_3=alpha3.upper()) if alpha3 else None
    if country is None:
        return alpha3
    return str(Locale.parse(lang).territories.get(country.alpha_2, country.name))


def _date(value: date, lang: str) -> str:
    return format_date(value, format="long", locale="fr_FR" if lang == "fr" else "en_GB")


class QRCode(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A QR code drawn as a single filled path: one rectangle per horizontal run of dark
    modules (segno's matrix), with a quiet zone of ``border`` modules."""

    def __init__(self, payload: str, size: float = 26 * mm, border: int = 2) -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.border = border
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.payload, 0, 0, self.size, self.border)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float, border: int = 2) -> None:
    """Draw the QR code of ``payload`` with its lower left corner at (x, y)."""
    matrix = segno.make(payload, error="m", micro=False).matrix
    count = len(matrix)
    module = size / (count + 2 * border)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (border + row_index + 1) * module
        col = 0
        while col < count:
            if row[col]:
                start = col
                while col < count and row[col]:
                    col += 1
                path.rect(x + (border + start) * module, top, (col - start) * module, module)
            else:
                col += 1
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class _AgreementStart(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Zero-size marker: the agreement that the following pages belong to."""

    def __init__(self, owner: _BatchTemplate, index: int, doc: AgreementDocument) -> None:
        super().__init__()
        self.owner, self.index, self.doc = owner, index, doc
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.owner.begin_agreement(self.index, self.doc)


class _AgreementEnd(_AgreementStart):
    def draw(self) -> None:
        self.owner.end_agreement(self.canv)


class _LazyAgreement:
    """Stands for an agreement's flowables until the layout reaches it (low memory, and progress
    and cancelling happen as the batch is drawn)."""

    def __init__(self, index: int, doc: AgreementDocument) -> None:
        self.index, self.doc = index, doc


class _BatchTemplate(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(
        self,
        out: str | IO[bytes],
        total: int | None,
        job: Job,
        templates: Path | None = None,
    ) -> None:
        self.templates = templates
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title="Agreements",
            creator="Reintegration Grant Manager",
            invariant=1,
            initialFontName=FONT,  # otherwise every page names Helvetica, a font not embedded
            initialFontSize=9,
        )
        frame = Frame(
            MARGIN,
            BOTTOM,
            PAGE_WIDTH - 2 * MARGIN,
            PAGE_HEIGHT - TOP - BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._page_end)])
        self.total = total
        self.job = job
        self.done = 0
        self.current: AgreementDocument | None = None
        self.current_index = 0
        self.first_page = 1

    # -- lazy expansion, progress and cancelling
    def filterFlowables(self, flowables: list[Any]) -> None:  # noqa: N802 (reportlab's name)
        head = flowables[0] if flowables else None
        if isinstance(head, _LazyAgreement):
            self.job.check(N_("Printing was cancelled"))
            flowables[0:1] = _story(self, head.index, head.doc)

    def begin_agreement(self, index: int, doc: AgreementDocument) -> None:
        self.current, self.current_index = doc, index
        self.first_page = self.canv.getPageNumber()

    def end_agreement(self, canvas: Canvas) -> None:
        pages = canvas.getPageNumber() - self.first_page + 1
        canvas.beginForm(f"rgmPages{self.current_index}")
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(0, 0, str(pages))
        canvas.endForm()
        self.done += 1
        self.job.progress(self.done, self.total or self.done)

    # -- what every page carries
    def _page_end(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        doc = self.current
        if doc is None:
            return
        text = template_text(doc.language, self.templates)["document"]
        page = canvas.getPageNumber() - self.first_page + 1
        fields = _Fields(
            agreement_number=doc.agreement_number,
            code=doc.verification_code or "—",
            copy_number=str(doc.copy_number),
            page=str(page),
            pages="",
        )
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, BOTTOM - 5 * mm, PAGE_WIDTH - MARGIN, BOTTOM - 5 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, BOTTOM - 9 * mm, _plain(_fill(text["footer"], fields)))
        # "Page 2 / " then the agreement's page count, known only at its end (a form XObject)
        label = _plain(_fill(text["page"], fields)).rstrip()
        count_width = pdfmetrics.stringWidth("00", FONT, 7.5)
        right = PAGE_WIDTH - MARGIN - count_width
        canvas.drawRightString(right - 1, BOTTOM - 9 * mm, label)
        canvas.translate(right + 1, BOTTOM - 9 * mm)
        canvas.doForm(f"rgmPages{self.current_index}")
        canvas.restoreState()
        if doc.is_copy:
            _draw_copy_marks(
                canvas,
                _plain(_fill(text["copy_mark"], fields)),
                _plain(_fill(text["watermark"], fields)),
            )


def _plain(markup: str) -> str:
    """Text of a template line drawn straight on the canvas (no markup there)."""
    for tag in ("<b>", "</b>", "<i>", "</i>"):
        markup = markup.replace(tag, "")
    return markup.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _draw_copy_marks(canvas: Canvas, mark: str, watermark: str) -> None:
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 9)
    width = pdfmetrics.stringWidth(mark, FONT_BOLD, 9)
    x = PAGE_WIDTH - MARGIN - width - 4 * mm
    y = PAGE_HEIGHT - 11 * mm
    canvas.setStrokeColor(COPY_RED)
    canvas.setFillColor(COPY_RED)
    canvas.setLineWidth(1)
    canvas.rect(x - 2 * mm, y - 2 * mm, width + 4 * mm, 6.5 * mm)
    canvas.drawString(x, y, mark)
    canvas.setFillColor(COPY_RED, alpha=0.10)
    canvas.setFont(FONT_BOLD, 80)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -25, watermark)
    canvas.restoreState()


def _fields(doc: AgreementDocument, texts: dict[str, Any]) -> _Fields:
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
        "issue_date": _date(doc.issue_date, lang),
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
    return _Fields({k: escape(v) for k, v in values.items()})


def _label(texts: dict[str, Any], group: str, code: str) -> str:
    """The template's label of a code (plain text), or the code itself."""
    return str(texts.get("labels", {}).get(group, {}).get(code, code))


def _letterhead(doc: AgreementDocument, texts: dict[str, Any], f: _Fields) -> list[Flowable]:
    office = doc.office
    left: list[Flowable] = []
    if office.logo_path and Path(office.logo_path).is_file():
        logo = Image(str(office.logo_path))
        ratio = min(60 * mm / logo.imageWidth, 22 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * ratio, logo.imageHeight * ratio
        logo.hAlign = "LEFT"
        left.append(logo)
    left.append(_para(escape(office.name), "office"))
    if office.address:
        left.append(_para(escape(office.address), "small"))
    d = texts["document"]
    right = [
        _para(_fill(d["agreement_number"], f), "right"),
        _para(_fill(d["case_number"], f), "right"),
        _para(_fill(d["issue_date"], f), "right"),
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
    story: list[Flowable] = [head, _para(_fill(d["title"], f), "title")]
    if office.programme:
        story.append(_para(_fill(d["subtitle"], f), "subtitle"))
    return story


def _identity(doc: AgreementDocument, texts: dict[str, Any], f: _Fields) -> list[Flowable]:
    t = texts["identity"]
    r = doc.returnee
    lang = doc.language
    unknown = t["unknown"]
    if r.birth_date is None:
        birth = unknown
    elif r.birth_precision == "year":
        birth = _fill(t["birth_year"], _Fields(year=str(r.birth_date.year)))
    else:
        birth = _date(r.birth_date, lang)
    document = _label(texts, "document", r.document_type)
    if r.document_number:
        number_sign = "n°" if lang == "fr" else "No."
        document = f"{document} {number_sign} {r.document_number}"
    width = PAGE_WIDTH - 2 * MARGIN
    widths = [width * w for w in (0.17, 0.38, 0.17, 0.28)]
    rows = [
        (t["name"], r.full_name, t["case_number"], doc.case_number),
        (t["birth_date"], birth, t["sex"], _label(texts, "sex", r.sex)),
        (t["nationality"], _country_name(r.nationality, lang), t["phone"], r.phone or unknown),
        (t["document"], document, t["place_of_origin"], r.place_of_origin or unknown),
    ]
    data = [
        [
            _cell(a, widths[0], bold=True),
            _cell(b, widths[1], bold=index == 0),
            _cell(c, widths[2], bold=True),
            _cell(d, widths[3]),
        ]
        for index, (a, b, c, d) in enumerate(rows)
    ]
    table = Table(data, colWidths=widths)
    table.setStyle(_GRID)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
                ("FONT", (2, 0), (2, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
                ("FONT", (1, 0), (1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            ]
        )
    )
    return [_para(escape(t["heading"]), "heading", shared=True), table]


CELL_SIZE, CELL_LEADING = 8.5, 10.5
_CELL_PADDING = 6  # left + right


def _cell(text: str, width: float, bold: bool = False, right: bool = False) -> str | Paragraph:
    """A table cell: the plain string when it fits on one line (Table draws it directly, several
    times faster than a Paragraph), else a Paragraph that wraps."""
    font = FONT_BOLD if bold else FONT
    if "\n" not in text and pdfmetrics.stringWidth(text, font, CELL_SIZE) <= width - _CELL_PADDING:
        return text
    return _para(escape(text), ("head" if bold else "cell") + ("_right" if right else ""))


_GRID = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)
_HEADED_GRID = TableStyle(
    [
        *_GRID.getCommands(),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
    ]
)
_TOTAL_ROW = TableStyle(
    [
        ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
        ("FONT", (0, -1), (-1, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
    ]
)


def _items(doc: AgreementDocument, texts: dict[str, Any], f: _Fields) -> list[Flowable]:
    t = texts["items"]
    lang = doc.language
    width = PAGE_WIDTH - 2 * MARGIN
    w = [width * x for x in (0.06, 0.34, 0.13, 0.14, 0.17, 0.16)]
    header = [
        _cell(t["number"], w[0], bold=True),
        _cell(t["description"], w[1], bold=True),
        _cell(t["code"], w[2], bold=True),
        _cell(t["modality"], w[3], bold=True),
        _cell(t["supplier"], w[4], bold=True),
        _cell(_fill(t["amount"], f), w[5], bold=True, right=True),
    ]
    data: list[list[Any]] = [header]
    for number, item in enumerate(doc.items, start=1):
        data.append(
            [
                _cell(str(number), w[0]),
                _cell(item.description, w[1]),
                _cell(item.package_code, w[2]),
                _cell(_label(texts, "modality", item.modality), w[3]),
                _cell(item.supplier, w[4]),
                _cell(format_amount(item.amount, doc.currency, lang, False), w[5], right=True),
            ]
        )
    data.append(
        [
            "",
            _cell(t["total"], w[1], bold=True),
            "",
            "",
            "",
            _cell(format_amount(doc.total, doc.currency, lang, False), w[5], True, right=True),
        ]
    )
    table = Table(data, colWidths=w, repeatRows=1)
    table.setStyle(_HEADED_GRID)
    table.setStyle(_TOTAL_ROW)
    table.setStyle(TableStyle([("ALIGN", (5, 0), (5, -1), "RIGHT")]))
    return [
        _para(escape(t["heading"]), "heading", shared=True),
        _para(_fill(t["intro"], f), "body", shared=True),
        table,
        Spacer(1, 4),
        _para(_fill(t["total_text"], f), "body"),
    ]


def _instalments(doc: AgreementDocument, texts: dict[str, Any], f: _Fields) -> list[Flowable]:
    t = texts["instalments"]
    lang = doc.language
    story: list[Flowable] = [_para(escape(t["heading"]), "heading", shared=True)]
    if not doc.instalments:
        return [*story, _para(_fill(t["none"], f), "body", shared=True)]
    story.append(_para(_fill(t["intro"], f), "body"))
    width = PAGE_WIDTH - 2 * MARGIN
    w = [width * x for x in (0.12, 0.2, 0.46, 0.22)]
    data: list[list[Any]] = [
        [
            _cell(t["number"], w[0], bold=True),
            _cell(_fill(t["amount"], f), w[1], bold=True, right=True),
            _cell(t["condition"], w[2], bold=True),
            _cell(t["due"], w[3], bold=True),
        ]
    ]
    for inst in doc.instalments:
        data.append(
            [
                _cell(str(inst.number), w[0]),
                _cell(format_amount(inst.amount, doc.currency, lang, False), w[1], right=True),
                _cell(_label(texts, "condition", inst.condition), w[2]),
                _cell(_date(inst.due, lang) if inst.due else t["no_due"], w[3]),
            ]
        )
    table = Table(data, colWidths=w, repeatRows=1)
    table.setStyle(_HEADED_GRID)
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    story.append(table)
    return story


def _clauses(section: dict[str, Any], f: _Fields) -> list[Flowable]:
    story: list[Flowable] = [_para(escape(section["heading"]), "heading", shared=True)]
    for clause in section["clauses"]:
        text = _fill(clause, f)
        story.append(_para(text, "bullet", shared=text == clause, bullet="•"))
    return story


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most ``width`` points: breaks between words, then after a hyphen inside a
    long compound name, then anywhere in a word that is still too long."""
    pieces: list[tuple[str, bool]] = []  # (text, joins the previous piece without a space)

    def fits(piece: str) -> bool:
        return bool(pdfmetrics.stringWidth(piece, font, size) <= width)

    for word in text.split():
        parts = [word] if fits(word) else [p for p in re.split(r"(?<=-)", word) if p]
        first = True
        for part in parts:
            while not fits(part) and len(part) > 1:
                cut = len(part) - 1
                while cut > 1 and not fits(part[:cut]):
                    cut -= 1
                pieces.append((part[:cut], not first))
                first = False
                part = part[cut:]
            pieces.append((part, not first))
            first = False
    lines: list[str] = []
    for piece, glued in pieces:
        candidate = (lines[-1] + ("" if glued else " ") + piece) if lines else piece
        if lines and fits(candidate):
            lines[-1] = candidate
        else:
            lines.append(piece)
    return lines


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


class VerificationBlock(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """The QR code at the left, the explanation and the code in clear at its right."""

    QR = 26 * mm
    GAP = 4 * mm

    def __init__(self, payload: str, text: Paragraph, code: str) -> None:
        super().__init__()
        self.payload, self.text, self.code = payload, text, code

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.text_height = self.text.wrap(avail_width - self.QR - self.GAP, avail_height)
        self.height = max(self.QR, self.text_height + 18) + 6
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        top = self.height
        draw_qr(c, self.payload, 0, top - self.QR - 6, self.QR)
        x = self.QR + self.GAP
        block = self.text_height + 18
        y = top - 6 - (self.QR - block) / 2 if block < self.QR else top - 6
        self.text.drawOn(c, x, y - self.text_height)
        c.setFont(FONT_BOLD, 12)
        c.drawString(x, y - self.text_height - 15, self.code)


def _signatures(doc: AgreementDocument, texts: dict[str, Any], f: _Fields) -> list[Flowable]:
    t = texts["signatures"]
    block: list[Flowable] = [
        _para(escape(t["heading"]), "heading", shared=True),
        _para(_fill(t["done_at"], f), "body"),
        SignatureBlock(t, (doc.returnee.full_name, doc.officer_name, "")),
    ]
    if doc.verification_code:
        text = _para(_fill(texts["verification"]["text"], f), "body")
        block.append(Spacer(1, 3 * mm))
        block.append(
            VerificationBlock(doc.qr_payload or doc.verification_code, text, doc.verification_code)
        )
    return [KeepTogether(block)]


def _story(owner: _BatchTemplate, index: int, doc: AgreementDocument) -> list[Flowable]:
    texts = template_text(doc.language, owner.templates)
    f = _fields(doc, texts)
    parties = texts["parties"]
    story: list[Flowable] = []
    if index:
        story.append(PageBreak())
    story.append(_AgreementStart(owner, index, doc))
    story += _letterhead(doc, texts, f)
    story += [
        _para(escape(parties["heading"]), "heading", shared=True),
        _para(_fill(parties["text"], f), "body"),
    ]
    story += _identity(doc, texts, f)
    story += _items(doc, texts, f)
    story += _instalments(doc, texts, f)
    story += _clauses(texts["obligations"], f)
    story += _clauses(texts["clauses"], f)
    story += _signatures(doc, texts, f)
    story.append(_AgreementEnd(owner, index, doc))
    return story


def render_batch(
    docs: Iterable[AgreementDocument],
    out: str | Path | IO[bytes],
    job: Job = NO_JOB,
    templates: Path | None = None,
) -> int:
    """Print every agreement of ``docs`` into one PDF (each from a new page, with its own page
    numbers); returns how many were printed. ``job.progress(done, total)`` after each agreement;
    a cancelled ``job`` stops with ``Cancelled`` (a partial file at a path is removed).
    ``templates``: a folder of admin-adapted ``<lang>.toml`` texts (else the shipped ones)."""
    if isinstance(out, str | Path):
        out = output_file(out, None, (".pdf",))  # no name to choose: a folder is refused
    register_fonts()
    items = list(docs)
    for doc in items:
        if doc.language not in ("fr", "en"):
            raise ValueError(f"{doc.agreement_number}: unsupported language {doc.language!r}")
    target = str(out) if isinstance(out, Path) else out
    for lang in {doc.language for doc in items}:
        template_text(lang, templates)  # a broken template is refused before any page is drawn
    template = _BatchTemplate(target, len(items), job, templates)
    lazy: list[Any] = [_LazyAgreement(i, d) for i, d in enumerate(items)]
    if not lazy:
        raise ValueError("no agreement to print")
    _batch.shared, _batch.forms = {}, {}
    try:
        template.build(lazy)
    except BaseException:
        if isinstance(target, str):
            Path(target).unlink(missing_ok=True)
        raise
    finally:
        _batch.shared = _batch.forms = None
    return len(items)


def render_agreement(
    doc: AgreementDocument, out: str | Path | IO[bytes], templates: Path | None = None
) -> None:
    """Print one agreement as a PDF."""
    render_batch([doc], out, templates=templates)
