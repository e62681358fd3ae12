"""Grant agreements as PDF (A4, reportlab platypus), one or a whole batch in one file.

Texts come from ``resources/agreements/<lang>.toml`` (an admin may adapt them); data from
``reports.agreement_data.AgreementDocument``. Fonts are DejaVu Sans, embedded, so that every name
prints (accents, ``ï``, ``ç``, ``’``). Each agreement starts on a new page and numbers its own
pages ("Page 1 / 2"): the page count is a form XObject drawn on every page and defined once the
agreement's last page is known, so nothing is laid out twice.

This module lays out the batch and what every page carries (footer, page count, copy marks);
``layout`` holds the drawing primitives, ``texts`` the template texts and placeholders,
``sections`` the agreement's sections and ``verification`` the QR code block.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from models.i18n import N_
from models.jobs import NO_JOB, Job
from reports.agreement_data import AgreementDocument
from reports.agreement_pdf.layout import (
    BOTTOM,
    COPY_RED,
    FONT,
    FONT_BOLD,
    GREY,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TOP,
    batch_state,
    register_fonts,
)
from reports.agreement_pdf.sections import agreement_body
from reports.agreement_pdf.texts import Fields, fields, fill, plain, template_text
from reports.xlsx_safe import output_file

__all__ = ["render_agreement", "render_batch"]


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
        fields = Fields(
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
        canvas.drawString(MARGIN, BOTTOM - 9 * mm, plain(fill(text["footer"], fields)))
        # "Page 2 / " then the agreement's page count, known only at its end (a form XObject)
        label = plain(fill(text["page"], fields)).rstrip()
        count_width = pdfmetrics.stringWidth("00", FONT, 7.5)
        right = PAGE_WIDTH - MARGIN - count_width
        canvas.drawRightString(right - 1, BOTTOM - 9 * mm, label)
        canvas.translate(right + 1, BOTTOM - 9 * mm)
        canvas.doForm(f"rgmPages{self.current_index}")
        canvas.restoreState()
        if doc.is_copy:
            _draw_copy_marks(
                canvas,
                plain(fill(text["copy_mark"], fields)),
                plain(fill(text["watermark"], fields)),
            )


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


def _story(owner: _BatchTemplate, index: int, doc: AgreementDocument) -> list[Flowable]:
    texts = template_text(doc.language, owner.templates)
    story: list[Flowable] = [PageBreak()] if index else []
    story.append(_AgreementStart(owner, index, doc))
    story += agreement_body(doc, texts, fields(doc, texts))
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
    batch_state.shared, batch_state.forms = {}, {}
    try:
        template.build(lazy)
    except BaseException:
        if isinstance(target, str):
            Path(target).unlink(missing_ok=True)
        raise
    finally:
        batch_state.shared = batch_state.forms = None
    return len(items)


def render_agreement(
    doc: AgreementDocument, out: str | Path | IO[bytes], templates: Path | None = None
) -> None:
    """Print one agreement as a PDF."""
    render_batch([doc], out, templates=templates)
