"""The verification block: the QR code (drawn from segno's matrix as one vector path, a run of
dark modules is one rectangle) beside the explanation and the code in clear."""

from __future__ import annotations

import segno
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from reports.agreement_pdf.layout import FONT_BOLD


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
