"""A saved definition in words, for the segment page."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from ..activity_kinds import kind_label
from ..models import Channel, CustomField, PeopleList, Purpose, Tag
from .conditions import CUSTOM_FIELD_OPS, FIELDS
from .filters import MATCH_CHOICES


def _names(model, organization, ids) -> str:
    found = dict(
        model.objects.for_organization(organization).filter(pk__in=ids).values_list("pk", "name")
    )
    return ", ".join(found.get(i, _("(deleted: %(id)s)") % {"id": i}) for i in ids)


def _value_text(organization, condition: dict, fields: dict) -> str:
    name, value = condition["field"], condition.get("value")
    if name == "tag":
        return _names(Tag, organization, value)
    if name == "list":
        return _names(PeopleList, organization, value)
    if name in ("activity", "activity_count"):
        kind = kind_label(value["kind"])
        parts = [kind]
        if name == "activity_count":
            parts = [_("%(min)s × %(kind)s") % {"min": value["min"], "kind": kind}]
        if value.get("since"):
            parts.append(_("since %(date)s") % {"date": value["since"]})
        if value.get("until"):
            parts.append(_("until %(date)s") % {"date": value["until"]})
        if value.get("source_id"):
            parts.append(_("source %(id)s") % {"id": value["source_id"]})
        return " ".join(parts)
    if name == "consent":
        return f"{Channel(value['channel']).label} / {Purpose(value['purpose']).label}"
    if name == "do_not_contact":
        return _("yes") if value else _("no")
    if name == "language":
        return str(dict(settings.LANGUAGES).get(value, value))
    if name == "custom_field":
        custom = fields.get(value["key"])
        label = custom.label if custom else value["key"]
        text = f"{label} {CUSTOM_FIELD_OPS[value['op']]}"
        return f"{text} {value['value']}" if "value" in value else text
    if name in ("created_at", "last_activity_at") and condition["op"].endswith("days"):
        return _("N = %(days)s") % {"days": value}
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def describe(*, organization, definition: dict) -> dict:
    """``{"match": text, "items": [text or a nested {"match", "items"}]}``."""
    fields = {}
    if "custom_field" in str(definition):
        fields = {f.key: f for f in CustomField.objects.for_organization(organization)}

    def node(data: dict) -> dict:
        items = []
        for condition in data.get("conditions", []):
            if "group" in condition:
                items.append(node(condition["group"]))
                continue
            spec = FIELDS.get(condition.get("field"))
            if spec is None:
                continue
            op = "" if condition["field"] == "custom_field" else spec.ops.get(condition["op"], "")
            value = _value_text(organization, condition, fields)
            items.append(" ".join(str(part) for part in (spec.label, op, value) if part))
        return {"match": MATCH_CHOICES.get(data.get("match", "all"), ""), "items": items}

    return node(definition or {})
