"""Common misspellings of big mailbox providers' domains, to suggest a correction once (the
signer may keep the address as typed: an unusual real domain is never blocked)."""

from __future__ import annotations

_CORRECT_TYPOS = {
    "gmail.com": (
        "gmial.com",
        "gmai.com",
        "gamil.com",
        "gmal.com",
        "gmil.com",
        "gnail.com",
        "gmaill.com",
        "gmail.co",
        "gmail.cm",
        "gmail.con",
        "gmail.fr",
        "gmaul.com",
        "gmali.com",
        "gmail.om",
    ),
    "hotmail.com": (
        "hotmial.com",
        "hotmal.com",
        "hotmai.com",
        "hotmil.com",
        "hotamil.com",
        "hotmail.co",
        "hotmail.con",
    ),
    "hotmail.fr": ("hotmial.fr", "hotmal.fr", "hotmai.fr", "hotmil.fr", "hotamil.fr"),
    "yahoo.fr": ("yaho.fr", "yahooo.fr", "yahou.fr", "yhaoo.fr", "yahoo.fe", "tahoo.fr"),
    "yahoo.com": ("yaho.com", "yahooo.com", "yhaoo.com", "yahoo.co", "yahoo.con"),
    "orange.fr": ("ornage.fr", "oragne.fr", "orang.fr", "orange.fe", "ornge.fr", "orage.fr"),
    "wanadoo.fr": (
        "wanado.fr",
        "wanadoo.fe",
        "wannadoo.fr",
        "wandoo.fr",
        "wanaddo.fr",
    ),
    "gmx.de": ("gmx.dee", "gmxx.de", "gxm.de", "gmx.d"),
    "gmx.at": ("gmxx.at", "gxm.at", "gmx.att"),
    "web.de": ("wep.de", "web.dee", "wbe.de", "weeb.de", "web.d"),
    "outlook.com": (
        "outlok.com",
        "outloo.com",
        "outllok.com",
        "outook.com",
        "outlook.co",
        "otlook.com",
    ),
    "outlook.fr": ("outlok.fr", "outloo.fr", "outllok.fr", "outook.fr"),
    "icloud.com": (
        "iclod.com",
        "icoud.com",
        "icloud.co",
        "iclould.com",
        "icluod.com",
        "icload.com",
    ),
    "free.fr": ("fre.fr", "free.fe", "frre.fr"),
    "laposte.net": ("lapost.net", "lapsote.net", "laposte.ne"),
    "sfr.fr": ("sfr.fe", "srf.fr"),
    "t-online.de": ("tonline.de", "t-onlin.de", "t-online.d"),
}

TYPOS: dict[str, str] = {
    typo: correct for correct, typos in _CORRECT_TYPOS.items() for typo in typos
}


def email_typo_suggestion(address: str) -> str | None:
    """The address with its domain corrected, or None when the domain is not a known typo."""
    local, at, domain = (address or "").strip().rpartition("@")
    if not at or not local:
        return None
    correct = TYPOS.get(domain.lower())
    return f"{local}@{correct}" if correct else None
