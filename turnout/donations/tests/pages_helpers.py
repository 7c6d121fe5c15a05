"""Shared helpers of the fundraising pages tests: a published page, the donor's form as a
browser posts it, the page's addresses."""

from __future__ import annotations

from django.urls import reverse

from .factories import FundraisingPageFactory, LegalProfileFactory

DONOR = {
    "amount": "3500",
    "given_name": "Camille",
    "family_name": "Martin",
    "email": "camille@example.org",
}
FR_ADDRESS = {
    "natural_person": "on",
    "nationality": "FR",
    "address_lines": "12 rue des Lilas",
    "postal_code": "35000",
    "locality": "Rennes",
    "country": "FR",
}


def give_url(page, name: str = "page", lang: str = "fr") -> str:
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"donations_public:{name}", kwargs={"slug": page.slug})


def published_page(organization, **fields):
    fields.setdefault("title", {"fr": "Financez la campagne", "en": "Fund the campaign",
                                "de": "Finanzieren Sie die Kampagne"})  # fmt: skip
    fields.setdefault(
        "story",
        {"fr": "Chaque euro compte.", "en": "Every euro counts.", "de": "Jeder Euro zählt."},
    )
    fields.setdefault("goal_cents", 2_000_000)
    return FundraisingPageFactory(organization=organization, **fields)


def with_profile(organization, kind):
    return LegalProfileFactory(organization=organization, kind=kind)


def text(response) -> str:
    return response.content.decode().replace("\u00a0", " ").replace("&nbsp;", " ")
