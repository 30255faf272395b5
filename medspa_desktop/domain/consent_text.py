"""Consent wording: merge fields and the small, safe rich-text subset templates are written in.

A template body is plain text with:

- merge fields ``{client_name}``, ``{service}``, ``{practitioner}``, ``{date}``; ``{{`` and
  ``}}`` stand for a literal brace; any other ``{name}`` is refused with the list of fields;
- paragraphs separated by a blank line (lines within a paragraph join with a space);
- bullet lists: consecutive lines starting with ``- `` or ``* ``;
- ``**bold**`` inside a paragraph or bullet.

Nothing else is markup, so a template cannot inject PDF or HTML: the PDF builder escapes
every run. ``plain_text(blocks)`` is the canonical text a signature covers: paragraphs
separated by a blank line, bullets as ``• item``. ``normalise(text)`` collapses every run of
whitespace to one space, which is how wording is compared after it went through a PDF (line
wrapping moves the line breaks).

Public API: ``MERGE_FIELDS``, ``MergeFieldError``, ``RichTextError``, ``merge_fields_in``,
``render_merge``, ``parse_rich_text``, ``plain_text``, ``normalise``,
``unprintable_characters``, ``wording_problem``, ``Run``, ``Block``. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

MERGE_FIELDS = ("client_name", "service", "practitioner", "date")
MAX_BODY_CHARS = 20_000
BULLET = "•"
PRINTABLE_ENCODING = "cp1252"
"""The PDF's built-in fonts (Helvetica) show Windows-1252 characters only; anything else
would print as a box and the printed wording would no longer match what was signed."""

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_BULLET_LINE = re.compile(r"[-*]\s+(.*)")


class MergeFieldError(ValueError):
    """The wording names a merge field that does not exist, or one left without a value."""


class RichTextError(ValueError):
    """The wording's markup is broken (an unclosed ``**``)."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph or one bullet; consecutive bullets form a list."""

    kind: Literal["paragraph", "bullet"]
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def merge_fields_in(body: str) -> tuple[str, ...]:
    """The merge fields ``body`` uses, in order of first use; raises for an unknown one."""
    used: list[str] = []
    for match in _TOKEN.finditer(body):
        name = match.group(1)
        if name is None:
            continue
        if name not in MERGE_FIELDS:
            raise MergeFieldError(_unknown_field_message(name))
        if name not in used:
            used.append(name)
    return tuple(used)


def render_merge(body: str, values: Mapping[str, str]) -> str:
    """``body`` with every merge field replaced by its value (values are taken literally)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        if name not in MERGE_FIELDS:
            raise MergeFieldError(_unknown_field_message(name))
        if not values.get(name, "").strip():
            raise MergeFieldError(f"There is no value for {{{name}}} in this consent.")
        return " ".join(values[name].split())

    return _TOKEN.sub(replace, body)


def parse_rich_text(text: str) -> tuple[Block, ...]:
    """The paragraphs and bullets of rendered wording; raises ``RichTextError``."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip()):
        paragraph: list[str] = []
        for line in (raw.strip() for raw in chunk.split("\n")):
            bullet = _BULLET_LINE.fullmatch(line)
            if bullet:
                blocks += _paragraph(paragraph)
                paragraph = []
                blocks.append(Block("bullet", _runs(bullet.group(1))))
            elif line:
                paragraph.append(line)
        blocks += _paragraph(paragraph)
    return tuple(blocks)


def plain_text(blocks: tuple[Block, ...]) -> str:
    """The canonical plain text of ``blocks`` (see the module docstring)."""
    parts: list[str] = []
    for index, block in enumerate(blocks):
        if index:
            same_list = block.kind == "bullet" and blocks[index - 1].kind == "bullet"
            parts.append("\n" if same_list else "\n\n")
        parts.append(f"{BULLET} {block.text}" if block.kind == "bullet" else block.text)
    return "".join(parts)


def normalise(text: str) -> str:
    """Every run of whitespace (spaces, tabs, line breaks) as one space, no space at the ends."""
    return " ".join(text.split())


def unprintable_characters(text: str) -> str:
    """The distinct characters of ``text`` the PDF fonts cannot show, in order ('' if none)."""
    found: list[str] = []
    for char in text:
        if char in found or char.isspace():
            continue
        try:
            char.encode(PRINTABLE_ENCODING)
        except UnicodeEncodeError:
            found.append(char)
    return "".join(found)


def wording_problem(body: str) -> str | None:
    """Why a template body cannot be used (for the manager writing it), or ``None``."""
    if not body.strip():
        return "Write the consent wording."
    if len(body) > MAX_BODY_CHARS:
        return f"The wording is too long: use at most {MAX_BODY_CHARS} characters."
    try:
        merge_fields_in(body)
        parse_rich_text(body)
    except (MergeFieldError, RichTextError) as err:
        return str(err)
    odd = unprintable_characters(body)
    if odd:
        return f"These characters cannot be printed on the consent PDF: {' '.join(odd)}"
    return None


def _paragraph(lines: list[str]) -> list[Block]:
    return [Block("paragraph", _runs(" ".join(lines)))] if lines else []


def _runs(text: str) -> tuple[Run, ...]:
    parts = " ".join(text.split()).split("**")
    if len(parts) % 2 == 0:
        raise RichTextError(f"Close the bold text (**) in: {text[:60]}")
    runs = [Run(part, bold=index % 2 == 1) for index, part in enumerate(parts) if part]
    return tuple(runs) or (Run(""),)


def _unknown_field_message(name: str) -> str:
    known = ", ".join(f"{{{field}}}" for field in MERGE_FIELDS)
    return f"{{{name}}} is not a merge field. Use {known}, or {{{{ and }}}} for a brace."
