"""The assistant's channels: the web page and widget, WhatsApp, SMS keywords and voice.

Each adapter verifies what arrives the way its channel requires, hands the message to
``services.conversations.conversation_reply`` and delivers the reply in the channel's form.
This module holds what they share: how an answer and its sources read as plain text.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_URL = re.compile(r"https?://\S+")


def sources_of(turn) -> list[dict]:
    """The sources of a recorded turn (its entry's), as ``answer().sources`` gives them."""
    entry = getattr(turn, "entry", None)
    if entry is None or not entry.source_url:
        return []
    return [
        {
            "url": entry.source_url,
            "name": entry.source_name or entry.source_url,
            "last_verified": entry.last_verified.isoformat() if entry.last_verified else "",
        }
    ]


def plain_text(text: str, sources: list[dict]) -> str:
    """A reply for a text channel: the answer, then each source with its "last verified" date."""
    lines = [text]
    for source in sources:
        line = _("Source: %(name)s %(url)s") % {
            "name": source.get("name") or "",
            "url": source.get("url") or "",
        }
        if source.get("last_verified"):
            line += " " + _("(checked on %(date)s)") % {"date": source["last_verified"]}
        lines.append(line.replace("  ", " ").strip())
    return "\n\n".join(line for line in lines if line)


def spoken_text(text: str) -> str:
    """A reply to be read aloud: no web addresses (they go on the card)."""
    text = _URL.sub("", text)
    text = re.sub(r"\(\s*\)", "", text)
    return re.sub(r"[ \t]+", " ", text).replace(" .", ".").strip()
