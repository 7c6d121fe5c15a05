"""Campaign visuals: templates with slots, one brand kit per organization, cached renders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from turnout.core.models import TenantModel
from turnout.core.storage import private_storage

from .fonts import DEFAULT_FAMILY, FAMILIES

FONT_CHOICES = [(key, family.name) for key, family in FAMILIES.items()]


class VisualTemplate(TenantModel):
    """A master visual: an SVG with named slots, owned by the organization that made it
    (a campaign's initiator). ``version`` goes up on every change that shows in renders."""

    name = models.CharField(_("name"), max_length=120)
    svg = models.TextField(_("SVG source"), help_text=_("Sanitized on upload."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    spec = models.JSONField(_("layouts and slots"), default=dict, blank=True, editable=False)
    headline = models.JSONField(_("headline"), default=dict, blank=True)
    tagline = models.JSONField(_("default tagline"), default=dict, blank=True)
    default_key = models.CharField(max_length=20, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("visual template")
        verbose_name_plural = _("visual templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="visuals_template_name_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name


class BrandKit(TenantModel):
    """How an organization's visuals look: logo, colors, font, tagline, QR link, and a
    background photo for the templates that have a photo slot."""

    logo = models.FileField(_("logo"), upload_to="visuals/logos/", blank=True,
                            storage=private_storage)  # fmt: skip
    logo_kind = models.CharField(max_length=4, blank=True, editable=False)  # png or svg
    photo = models.FileField(_("background photo"), upload_to="visuals/photos/", blank=True,
                             storage=private_storage)  # fmt: skip  # JPEG, re-encoded
    primary = models.CharField(_("main color"), max_length=7, default="#1d4ed8")
    secondary = models.CharField(_("second color"), max_length=7, default="#f59e0b")
    text = models.CharField(_("text color"), max_length=7, default="#ffffff")
    font = models.CharField(_("font"), max_length=20, choices=FONT_CHOICES, default=DEFAULT_FAMILY)
    tagline = models.JSONField(_("tagline"), default=dict, blank=True)
    link = models.URLField(_("link of the QR code"), max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        verbose_name = _("brand kit")
        verbose_name_plural = _("brand kits")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="visuals_one_kit_per_org")
        ]

    def __str__(self) -> str:
        return str(_("Brand kit"))


class Render(TenantModel):
    """One rendered file, kept by its cache key: (template version, brand kit content,
    language, format, renderer version). ``organization`` owns the brand kit shown."""

    key = models.CharField(max_length=64, unique=True)
    template = models.ForeignKey(
        VisualTemplate, on_delete=models.CASCADE, related_name="renders", verbose_name=_("template")
    )
    template_version = models.PositiveIntegerField()
    brand_hash = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=2)
    format = models.CharField(_("format"), max_length=16)
    file = models.FileField(upload_to="visuals/renders/", storage=private_storage)
    size = models.PositiveIntegerField(default=0)
    overflow = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("render")
        verbose_name_plural = _("renders")
        indexes = [models.Index(fields=["template", "template_version"])]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.template_version} {self.language} {self.format}"
