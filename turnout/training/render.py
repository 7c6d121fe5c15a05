"""Lesson text to safe HTML. Authors write plain text: paragraphs separated by a blank line,
lines starting with "- " as a bulleted list, **bold**. Everything else is escaped: no HTML
from users reaches the page."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return BOLD.sub(r"<strong>\1</strong>", escape(text))


def lesson_html(text: str) -> SafeString:
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        intro = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if intro:
            blocks.append("<p>" + "<br>".join(_inline(line) for line in intro) + "</p>")
        if items:
            blocks.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece is escaped above
