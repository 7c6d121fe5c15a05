"""Reads of the donations endpoints, within the token's organization. Donations stay listed
when their donor is erased (the accounts must add up), without the link to the person."""

from __future__ import annotations

from turnout.donations.models import Donation, FundraisingPage


def pages_for_api(*, organization):
    return FundraisingPage.objects.for_organization(organization)


def donations_for_api(*, organization, page: FundraisingPage | None = None):
    donations = Donation.objects.for_organization(organization).select_related(
        "organization", "person"
    )
    if page is not None:
        donations = donations.filter(page=page)
    return donations
