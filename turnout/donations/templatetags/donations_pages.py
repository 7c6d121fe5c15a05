"""``{% campaign_fundraising_pages campaign as pages %}``: the published fundraising pages
co-branded with a campaign, for its public page (one query)."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from turnout.core.money import money_text

from ..selectors_pages import campaign_pages_public

register = template.Library()


@register.simple_tag
def campaign_fundraising_pages(campaign) -> list[dict]:
    language = (get_language() or "fr")[:2]
    return [
        {
            "title": page.title_text(language) or page.slug,
            "organization": page.organization.name,
            "raised": money_text(page.raised_cents, page.currency),
            "url": reverse("donations_public:page", kwargs={"slug": page.slug}),
        }
        for page in campaign_pages_public(campaign=campaign)
    ]
