"""A ticket's receipt as a PDF (ReportLab), from ``services.receipts.ReceiptData``.

Public API: ``receipt_pdf(receipt) -> bytes``. Pure: no database, any thread. A card shows
by brand and last four digits only, as the data carries nothing more.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from medspa_desktop.services.receipts import ReceiptData, totals

MARGIN = 12 * mm
RIGHT = [
    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
]
BOLD = "Helvetica-Bold"


def receipt_pdf(receipt: ReceiptData) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A5,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"Receipt {receipt.ticket_number}",
        author=receipt.clinic_name,
    )
    doc.build([*_heading(receipt), *_lines(receipt), *_sums(receipt), *_footer(receipt)])
    return out.getvalue()


def _heading(receipt: ReceiptData) -> list[Flowable]:
    styles = getSampleStyleSheet()
    small = styles["Normal"]
    contact = [receipt.location_name, *receipt.address.splitlines()]
    contact += [f"Phone {receipt.phone}"] if receipt.phone else []
    contact += [receipt.email] if receipt.email else []
    about = [
        f"Receipt {receipt.ticket_number}",
        f"{receipt.issued_at:%d %b %Y, %H:%M}",
        f"Client: {receipt.client_name}",
    ]
    return [
        Paragraph(escape(receipt.clinic_name), styles["Title"]),
        Paragraph("<br/>".join(escape(part) for part in contact), small),
        Spacer(1, 4 * mm),
        Paragraph("<br/>".join(escape(part) for part in about), small),
        Spacer(1, 4 * mm),
    ]


def _lines(receipt: ReceiptData) -> list[Flowable]:
    rows: list[list[object]] = [["Item", "Qty", "Price", "Discount", "Amount"]]
    for line in receipt.lines:
        discount = receipt.money(-line.discount_minor) if line.discount_minor else ""
        rows.append(
            [
                _cell(line.description),
                str(line.quantity),
                receipt.money(line.unit_price_minor),
                discount,
                receipt.money(line.total_minor),
            ]
        )
    style = TableStyle(
        [
            *RIGHT,
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ]
    )
    width = A5[0] - 2 * MARGIN
    widths = [width * share for share in (0.40, 0.08, 0.17, 0.17, 0.18)]
    return [Table(rows, colWidths=widths, style=style, repeatRows=1), Spacer(1, 3 * mm)]


def _sums(receipt: ReceiptData) -> list[Flowable]:
    rows: list[list[object]] = [[label, receipt.money(m)] for label, m in totals(receipt)]
    total, headings = len(rows) - 1, [len(rows)]
    rows += [["Paid", ""]]
    rows += [[_cell(t.label), receipt.money(t.amount_minor)] for t in receipt.tenders]
    if receipt.refunds:
        headings.append(len(rows))
        rows += [["Refunded", ""]]
        rows += [[_cell(r.label), receipt.money(-r.amount_minor)] for r in receipt.refunds]
    rows += [["Balance", receipt.money(receipt.balance_minor)]]
    style = TableStyle(
        [
            *RIGHT,
            *[("FONTNAME", (0, row), (-1, row), BOLD) for row in (total, *headings)],
            ("LINEABOVE", (0, total), (-1, total), 0.5, colors.grey),
            ("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.5, colors.grey),
        ]
    )
    width = A5[0] - 2 * MARGIN
    return [Table(rows, colWidths=[width * 0.65, width * 0.35], style=style)]


def _footer(receipt: ReceiptData) -> list[Flowable]:
    style = ParagraphStyle("footer", parent=getSampleStyleSheet()["Italic"], fontSize=8)
    return [Spacer(1, 6 * mm), Paragraph(escape(receipt.footer), style)]


def _cell(text: str) -> Paragraph:
    return Paragraph(escape(text), ParagraphStyle("cell", fontSize=9, leading=11))
