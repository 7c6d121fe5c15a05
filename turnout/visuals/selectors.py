"""Reads of campaign visuals, always scoped to an organization."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import BrandKit, VisualTemplate


def template_list(*, organization) -> list[VisualTemplate]:
    return list(VisualTemplate.objects.for_organization(organization).order_by("name", "id"))


def template_get(*, organization, template_id: int) -> VisualTemplate:
    return get_object_or_404(VisualTemplate.objects.for_organization(organization), pk=template_id)


def brand_kit_for(*, organization) -> BrandKit:
    """The organization's kit, or an unsaved one with the defaults."""
    kit = BrandKit.objects.for_organization(organization).first()
    return kit or BrandKit(organization=organization)
