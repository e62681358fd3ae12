"""Drawing primitives of the agreement PDF: embedded fonts, page geometry and colours, paragraph
styles, paragraphs shared across a batch (broken into lines once, drawn once as a form XObject),
table cells and grids, and line wrapping for what is drawn straight on the canvas."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, TableStyle

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
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


@cache
def styles() -> dict[str, ParagraphStyle]:
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
        forms: dict[Any, str] | None = getattr(batch_state, "forms", None)
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


batch_state = threading.local()  # the Paragraphs shared by the agreements of the batch being drawn


def para(text: str, style_name: str, shared: bool = False, bullet: str | None = None) -> Paragraph:
    """A paragraph of the agreement. ``shared`` ones (headings, clauses: the same text in every
    agreement of a language) are one object per batch, so their lines are broken only once."""
    style = styles()[style_name]
    cache: dict[tuple[str, str, str | None], _Paragraph] | None = getattr(
        batch_state, "shared", None
    )
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


CELL_SIZE, CELL_LEADING = 8.5, 10.5
_CELL_PADDING = 6  # left + right


def cell(text: str, width: float, bold: bool = False, right: bool = False) -> str | Paragraph:
    """A table cell: the plain string when it fits on one line (Table draws it directly, several
    times faster than a Paragraph), else a Paragraph that wraps."""
    font = FONT_BOLD if bold else FONT
    if "\n" not in text and pdfmetrics.stringWidth(text, font, CELL_SIZE) <= width - _CELL_PADDING:
        return text
    return para(escape(text), ("head" if bold else "cell") + ("_right" if right else ""))


GRID = TableStyle(
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
HEADED_GRID = TableStyle(
    [
        *GRID.getCommands(),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
    ]
)
TOTAL_ROW = TableStyle(
    [
        ("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)),
        ("FONT", (0, -1), (-1, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING),
    ]
)


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
