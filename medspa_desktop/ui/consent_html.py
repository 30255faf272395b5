"""A consent's wording as Qt rich text, for the kiosk page the client signs and the preview
in the consent form editor alike. Pure function; any thread."""

from __future__ import annotations

from html import escape

from medspa_desktop.domain.consent_text import Block


def blocks_html(blocks: tuple[Block, ...]) -> str:
    """Paragraphs and bullet lists as HTML, every run of text escaped."""
    parts: list[str] = []
    in_list = False
    for block in blocks:
        runs = "".join(
            f"<b>{escape(run.text)}</b>" if run.bold else escape(run.text) for run in block.runs
        )
        if block.kind == "bullet" and not in_list:
            parts.append("<ul>")
        elif block.kind != "bullet" and in_list:
            parts.append("</ul>")
        in_list = block.kind == "bullet"
        parts.append(f"<li>{runs}</li>" if in_list else f"<p>{runs}</p>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)
