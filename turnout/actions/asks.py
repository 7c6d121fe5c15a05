"""What the thank-you page asks next: share the action, donate, volunteer, come to an event.

The asks live on ``Action.next_asks``, in order: ``{"kind", "label": {lang: text}, "url",
"action": id}``. With none configured, the page asks to share. Share links are plain links
(no third-party script) that carry the signer's referral code, so whoever signs through them
is recorded as referred by the signer, and the network in ``utm_source``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Action, pick_text


class AskKind(models.TextChoices):
    SHARE = "share", _("Share")
    DONATE = "donate", _("Donate")
    VOLUNTEER = "volunteer", pgettext_lazy("next ask", "Volunteer")
    EVENT = "event", _("Come to an event")


DEFAULT_ASKS = [{"kind": AskKind.SHARE}]
NETWORKS = ("whatsapp", "facebook", "x", "linkedin", "telegram", "email")
NETWORK_NAMES = {
    "whatsapp": "WhatsApp",
    "facebook": "Facebook",
    "x": "X",
    "linkedin": "LinkedIn",
    "telegram": "Telegram",
    "email": _("Email"),
}


def default_label(kind: str) -> str:
    return {
        AskKind.SHARE: gettext("Share it with your friends"),
        AskKind.DONATE: gettext("Make a donation"),
        AskKind.VOLUNTEER: gettext("Volunteer with us"),
        AskKind.EVENT: gettext("Come to our event"),
    }.get(kind, "")


def public_url(action: Action, *, ref: str = "", **params) -> str:
    """The absolute address of an action's public page with attribution parameters."""
    query = {"ref": ref, **params} if ref else dict(params)
    query = {k: v for k, v in query.items() if v}
    url = settings.SITE_URL + reverse("actions_public:action", kwargs={"slug": action.slug})
    return url + ("?" + urlencode(query) if query else "")


def share_links(action: Action, *, ref: str, title: str) -> dict:
    """The share buttons of an action for one signer: {"links": [(network, name, href)],
    "copy": the address to copy}."""

    def url(source: str) -> str:
        return public_url(action, ref=ref, utm_source=source, utm_medium="share")

    text = gettext("I just signed: %(title)s") % {"title": title}
    if action.kind == Action.Kind.PLEDGE:
        text = gettext("I just pledged: %(title)s") % {"title": title}
    elif action.kind == Action.Kind.FORM:
        text = gettext("Join me: %(title)s") % {"title": title}
    return share_links_for(url, text=text, title=title)


def share_links_for(url: Callable[[str], str], *, text: str, title: str) -> dict:
    """The share buttons of any public page: ``url(network)`` is the page's address as shared
    on that network, ``text`` the message that goes with it."""
    hrefs = {
        "whatsapp": "https://wa.me/?" + urlencode({"text": f"{text} {url('whatsapp')}"}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?"
        + urlencode({"u": url("facebook")}),
        "x": "https://x.com/intent/post?" + urlencode({"text": text, "url": url("x")}),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url("linkedin")}),
        "telegram": "https://t.me/share/url?" + urlencode({"url": url("telegram"), "text": text}),
        "email": "mailto:?subject=" + quote(title) + "&body=" + quote(f"{text}\n\n{url('email')}"),
    }
    return {
        "links": [(n, NETWORK_NAMES[n], hrefs[n]) for n in NETWORKS],
        "copy": url("link"),
    }


def asks_for_page(
    action: Action, *, language: str, ref: str = "", linked: dict | None = None
) -> list[dict]:
    """The asks of the thank-you page, ready to show: ``kind``, ``label``, ``url`` (or
    ``share`` for a share ask). ``linked`` maps action ids to the published actions an ask
    may point to; an ask to an action no longer published is left out."""
    title = action.title_text(language)
    shown = []
    for ask in action.next_asks or DEFAULT_ASKS:
        kind = ask.get("kind")
        text = pick_text(ask.get("label"), language) or default_label(kind)
        item = {"kind": kind, "label": text}
        if kind == AskKind.SHARE:
            item["share"] = share_links(action, ref=ref, title=title)
        elif ask.get("action"):
            target = (linked or {}).get(ask["action"])
            if target is None:
                continue
            item["url"] = public_url(target, ref=ref)  # same organization: same CRM
            item["label"] = pick_text(ask.get("label"), language) or target.title_text(language)
        elif ask.get("url"):
            item["url"] = ask["url"]
        else:
            continue
        shown.append(item)
    return shown


def linked_action_ids(action: Action) -> set[int]:
    return {int(a["action"]) for a in action.next_asks or [] if a.get("action")}
