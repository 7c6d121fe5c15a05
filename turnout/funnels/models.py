"""The engagement ladder: an organization's rungs (supporter, signer, donor, volunteer,
leader...), each defined by a rule over the CRM (a segment definition: activities, tags,
counts...), every person's current rung, and when each person first reached each rung (the
funnel report reads these)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel


class Rung(TenantModel):
    """One step of the ladder. ``position`` 0 is the bottom; a person's current rung is the
    highest one whose rule they match. Another module reacts to a rung being reached through
    the Activity kind ``rung.reached`` (source: the Rung)."""

    name = models.JSONField(_("name"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    definition = models.JSONField(_("rule"), default=dict, blank=True)

    class Meta:
        ordering = ["organization", "position", "id"]
        verbose_name = _("rung")
        verbose_name_plural = _("rungs")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "position"], name="one_rung_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.name_text() or f"#{self.position}"

    def name_text(self, language: str | None = None) -> str:
        return pick_text(self.name, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_text(self.description, language)


class PersonRung(TenantModel):
    """A person's current rung (one row per person who matches at least one rung)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="current_rung"
    )
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="current_people")
    since = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("current rung")
        verbose_name_plural = _("current rungs")
        indexes = [models.Index(fields=["organization", "rung"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.rung_id}"


class RungReached(TenantModel):
    """The first time a person reached a rung (kept when they later drop below it): the funnel
    report computes conversion rates and times to convert from these rows."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="reached")
    reached_at = models.DateTimeField(_("reached"))

    class Meta:
        ordering = ["reached_at", "id"]
        verbose_name = _("rung reached")
        verbose_name_plural = _("rungs reached")
        constraints = [models.UniqueConstraint(fields=["person", "rung"], name="rung_reached_once")]
        indexes = [models.Index(fields=["organization", "rung", "reached_at"])]

    def __str__(self) -> str:
        return f"{self.person_id} reached {self.rung_id}"


class Ladder(TenantModel):
    """One row per organization that has (or had) a ladder. ``version`` goes up with every
    change of the rungs: the activity hook's cache of the ladder is checked against it. The
    recompute job that places everyone after a change is kept here for the ladder page."""

    version = models.PositiveIntegerField(_("version"), default=0)
    recompute_job = models.ForeignKey(
        "core.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recompute job"),
    )
    recomputed_at = models.DateTimeField(_("last recomputed"), null=True, blank=True)

    class Meta:
        verbose_name = _("ladder")
        verbose_name_plural = _("ladders")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_ladder_per_organization")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} v{self.version}"
