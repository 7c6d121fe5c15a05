"""What the builder page needs besides the rows: the choices of every select, and one
template row per field for segments.js to copy."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..activity_kinds import KINDS
from ..models import Channel, Purpose
from . import selectors
from .builder import Builder, Group, Row
from .conditions import CUSTOM_FIELD_OPS, FIELDS
from .filters import MATCH_CHOICES

# Activity kinds written by the modules (offered in a list; any other kind can be typed).
ACTIVITY_KINDS = KINDS

SUPPORT_LEVELS = [
    (1, _("1 – strong opponent")),
    (2, _("2 – leaning against")),
    (3, _("3 – undecided")),
    (4, _("4 – leaning for")),
    (5, _("5 – strong supporter")),
]


def field_choices(*, allow_sensitive: bool, has_custom_fields: bool) -> list[tuple[str, str]]:
    choices = []
    for name, spec in FIELDS.items():
        if spec.sensitive and not allow_sensitive:
            continue
        if name == "custom_field" and not has_custom_fields:
            continue
        choices.append((name, spec.label))
    return choices


def builder_context(*, organization, builder: Builder, allow_sensitive: bool) -> dict:
    choices = selectors.builder_choices(organization=organization, allow_sensitive=allow_sensitive)
    fields = field_choices(
        allow_sensitive=allow_sensitive, has_custom_fields=bool(choices["custom_fields"])
    )
    return {
        "builder": builder,
        "field_choices": fields,
        "field_names": [name for name, _label in fields],
        "tags": choices["tags"],
        "lists": choices["lists"],
        "custom_fields": choices["custom_fields"],
        "channels": Channel.choices,
        "purposes": Purpose.choices,
        "languages": settings.LANGUAGES,
        "activity_kinds": ACTIVITY_KINDS.items(),
        "custom_ops": list(CUSTOM_FIELD_OPS.items()),
        "match_choices": list(MATCH_CHOICES.items()),
        "support_levels": SUPPORT_LEVELS,
        # Rows with the number "__n__" that segments.js copies when a row is added or its
        # field is changed in the browser.
        "template_rows": [Row(index=0, field=name) for name, _label in fields],
        "blank_row": Row(index=0),
        "blank_group": Group(key="__g__"),
    }
