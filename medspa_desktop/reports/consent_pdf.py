"""A signed consent as a PDF (ReportLab), and the text of such a PDF read back (pypdf).

Public API: ``CONSENT_PRINTER`` (the ``domain.consent_record.ConsentPrinter`` the consent
services are given), ``render_consent_pdf(document) -> bytes``, ``pdf_text(pdf) -> str``.
Pure: no database, any thread.

The PDF holds, in reading order: the form's title, clinic, version and client; the exact
wording between ``WORDING_START`` and ``WORDING_END``; the signature (drawn as vector strokes,
their width following the pen's pressure); printed name, date and witness; and last the line
``SHA-256 of content: <hex>``. Nothing is drawn in page headers or footers, because text
there would land in the middle of the wording when it is read back.
"""

from __future__ import annotations

import io
from itertools import pairwise
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from medspa_desktop.domain.consent_record import (
    WORDING_END,
    WORDING_START,
    ConsentDocument,
    hash_line,
)
from medspa_desktop.domain.consent_text import BULLET, Block
from medspa_desktop.domain.signature import Signature, bounding_box

MARGIN = 18 * mm
SIGNATURE_BOX = (80 * mm, 28 * mm)
PEN_WIDTH = (0.6, 1.8)
"""Line width in points at no pressure and at full pressure; no pressure reading -> 1.2."""
# NOTE: ReportLab writes "•" in its standard fonts as code 127, which the PDF standard maps
# to the bullet (viewers show it); pypdf reads it as DEL.
_PYPDF_BULLET = "\x7f"


class ReportLabConsentPrinter:
    """The consent printer of the application (see ``ConsentPrinter``)."""

    def render(self, document: ConsentDocument) -> bytes:
        return render_consent_pdf(document)

    def text_of(self, pdf: bytes) -> str:
        return pdf_text(pdf)


CONSENT_PRINTER = ReportLabConsentPrinter()


def render_consent_pdf(document: ConsentDocument) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=document.title,
        author=document.clinic_name,
        subject=f"Signed consent, version {document.version}",
    )
    doc.build([*_heading(document), *_wording(document.wording), *_signed(document)])
    return out.getvalue()


def pdf_text(pdf: bytes) -> str:
    """Every page's text in order, one line break between pages; ``ValueError`` if unreadable."""
    try:
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    except Exception as err:  # pypdf raises many kinds for a damaged file
        raise ValueError("The PDF could not be read.") from err
    return "\n".join(pages).replace(_PYPDF_BULLET, BULLET)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("consent", parent=base["Normal"], fontSize=10.5, leading=14.5)
    return {
        "title": base["Title"],
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=4),
        "caption": ParagraphStyle(
            "caption", parent=body, fontSize=8.5, leading=11, textColor=colors.grey
        ),
        "hash": ParagraphStyle("hash", parent=body, fontSize=7.5, leading=10),
    }


def _heading(document: ConsentDocument) -> list[Flowable]:
    styles = _styles()
    about = f"{document.clinic_name} · Version {document.version} · Client: {document.client_name}"
    return [
        Paragraph(escape(document.title), styles["title"]),
        Paragraph(escape(about), styles["caption"]),
        Spacer(1, 5 * mm),
        Paragraph(escape(WORDING_START), styles["caption"]),
        Spacer(1, 2 * mm),
    ]


def _wording(blocks: tuple[Block, ...]) -> list[Flowable]:
    styles = _styles()
    story: list[Flowable] = []
    for index, block in enumerate(blocks):
        markup = "".join(
            f"<b>{escape(run.text)}</b>" if run.bold else escape(run.text) for run in block.runs
        )
        if block.kind == "bullet":
            story.append(Paragraph(markup, styles["bullet"], bulletText=BULLET))
        else:
            gap = index > 0
            story += [Spacer(1, 2.5 * mm)] if gap else []
            story.append(Paragraph(markup, styles["body"]))
    return [*story, Spacer(1, 2 * mm), Paragraph(escape(WORDING_END), styles["caption"])]


def _signed(document: ConsentDocument) -> list[Flowable]:
    styles = _styles()
    lines = [
        f"Printed name: {document.printed_name}",
        f"Signed: {document.signed_at_text}",
        f"Witness: {document.witness_name}" if document.witness_name else "Witness: none",
    ]
    block: list[Flowable] = [
        Spacer(1, 8 * mm),
        Paragraph("Signature", styles["caption"]),
        SignatureDrawing(document.signature),
        Spacer(1, 2 * mm),
        *[Paragraph(escape(line), styles["body"]) for line in lines],
    ]
    footer = Paragraph(escape(hash_line(document.content_hash)), styles["hash"])
    return [KeepTogether(block), Spacer(1, 6 * mm), footer]


class SignatureDrawing(Flowable):
    """The signature's strokes fitted into a box above a signing line."""

    def __init__(self, signature: Signature) -> None:
        super().__init__()
        self.signature = signature
        self.width, self.height = SIGNATURE_BOX

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.5)
        canvas.line(0, 1, self.width, 1)
        canvas.setStrokeColor(colors.black)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        left, top, right, bottom = bounding_box(self.signature)
        pad = 2 * mm
        scale = min(
            (self.width - 2 * pad) / max(right - left, 1.0),
            (self.height - 2 * pad) / max(bottom - top, 1.0),
        )

        def place(x: float, y: float) -> tuple[float, float]:
            return pad + (x - left) * scale, self.height - pad - (y - top) * scale

        for stroke in self.signature.strokes:
            for before, after in pairwise(stroke):
                canvas.setLineWidth(_pen_width(after.pressure))
                canvas.line(*place(before.x, before.y), *place(after.x, after.y))
            if len(stroke) == 1:
                x, y = place(stroke[0].x, stroke[0].y)
                canvas.circle(x, y, _pen_width(stroke[0].pressure) / 2, stroke=0, fill=1)


def _pen_width(pressure: float | None) -> float:
    low, high = PEN_WIDTH
    if pressure is None:
        return (low + high) / 2
    return low + (high - low) * pressure
