"""Segment definitions: a JSON filter over people, validated, then compiled into one query.

This module is the contract that messaging, canvassing, journeys and exports rely on::

    validate_definition(organization=..., definition=..., allow_sensitive=...) -> dict
    people_matching(organization=..., definition=...) -> QuerySet[Person]
    segment_people(segment) -> QuerySet[Person]

Definition (JSON)::

    {"match": "all" | "any",
     "conditions": [
        {"field": "tag", "op": "has", "value": [3, 7]},
        {"group": {"match": "any", "conditions": [ ...conditions, no further groups... ]}}
     ]}

Every condition is ``{"field", "op", "value"}``; the fields, their operators and values are
in ``conditions.FIELDS``:

=================  ==========================================  ==================================
field              op                                          value
=================  ==========================================  ==================================
tag                has, has_not                                [tag id, ...]
list               in, not_in                                  [list id, ...]
activity           done, not_done                              {"kind", "since"?, "until"?,
                                                               "source_id"?}  (dates YYYY-MM-DD)
activity_count     at_least (default)                          {"kind", "min", "since"?, "until"?}
consent            granted, not_granted                        {"channel", "purpose"}
contact            has_email, no_email, has_mobile, has_phone  (none)
do_not_contact     is (default)                                true / false
country            in, not_in                                  ["FR", ...]
postal_code        starts_with, not_starts_with                ["29", "750", ...]
locality           equals (default; case-insensitive)          "Brest"
polling_station    in, not_in                                  ["P12", ...]
created_at,        before, after                               "YYYY-MM-DD"
last_activity_at   within_days, not_within_days                N (1-36500)
custom_field       matches (default)                           {"key", "op", "value"?}: op eq,
                                                               neq, contains (text), gt, lt
                                                               (number, date), is_set, not_set;
                                                               value typed by the field's kind
support_level      gte, lte, eq  (sensitive)                   1-5
language           eq (default)                                "fr", "en", "de"
=================  ==========================================  ==================================

An operator marked "default" may be left out. Choices made here:

- A definition (or a group) **without conditions matches everyone**, whatever its ``match``:
  it is "no filter yet", which is what the builder shows while it is empty. Empty groups are
  dropped when a definition is cleaned.
- ``tag`` ``has`` with several ids means "has at least one of them"; ``has_not`` means "has
  none of them". The same for ``list`` ``in`` / ``not_in``.
- Geography (``country``, ``postal_code``, ``locality``, ``polling_station``) looks at every
  postal address of the person except those marked as wrong.
- Dates are read in the current time zone; ``before`` a date excludes that day, ``after`` a
  date includes it (so "before D" and "after D" split everyone in two). A person who never
  had any activity counts as "before" any date and "not within N days" for
  ``last_activity_at``.
- ``consent`` ``granted`` means: the current consent row for the channel and purpose is
  "granted", the person is not marked do-not-contact, and they have a contact point for the
  channel that is not suppressed (an email or phone whose status is "subscribed"; a phone that
  can receive SMS for SMS and WhatsApp; a postal address not marked wrong for post).
  ``not_granted`` is exactly everyone else.
- ``custom_field`` ``neq`` includes people without a value for the field.
- ``support_level`` and custom fields marked as revealing political opinion need
  ``allow_sensitive``.

``people_matching`` validates the definition again (with ``allow_sensitive=True``: the
permission is checked where a person chooses a filter, not where a saved segment is used), so a
definition naming a tag, a list or a field that no longer exists in the organization raises a
``ValidationError`` instead of silently selecting a different audience. The queryset it
returns is the person table filtered by ``id IN (subquery)`` (semi-joins), ``NOT EXISTS``
(anti-joins) and tests on the person's own columns, never by a join: it holds no duplicates
and can be filtered, sliced, counted or iterated in batches like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import CustomField, Person
from .conditions import CUSTOM_FIELD_OPS, FIELDS, Context, Invalid

MAX_CONDITIONS = 50
EMPTY_DEFINITION = {"match": "all", "conditions": []}

MATCH_CHOICES = {
    "all": gettext_lazy("all of the conditions"),
    "any": gettext_lazy("any of the conditions"),
}


# --- Cleaning the whole definition -------------------------------------------------------


def _position(path: tuple[int, ...]) -> str:
    return ".".join(str(i + 1) for i in path)


def _clean_condition(ctx: Context, item, path, errors: list) -> dict | None:
    def fail(message: str) -> None:
        errors.append(
            ValidationError(
                _("Condition %(position)s: %(message)s"),
                code="invalid_condition",
                params={"position": _position(path), "message": message},
            )
        )

    if not isinstance(item, dict):
        fail(_("it is malformed."))
        return None
    name = item.get("field")
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        fail(_("unknown field “%(field)s”.") % {"field": str(name)[:40]})
        return None
    value = item.get("value")
    if name == "custom_field":
        # The comparison lives in the value; an outer "op" naming it is accepted too.
        if isinstance(value, dict) and not value.get("op") and item.get("op") in CUSTOM_FIELD_OPS:
            value = {**value, "op": item["op"]}
        op = "matches"
    else:
        op = item.get("op")
        if op in (None, "") and len(spec.ops) == 1:
            op = next(iter(spec.ops))
    if op not in spec.ops:
        fail(
            _("“%(op)s” is not a valid comparison for %(field)s.")
            % {"op": str(op)[:20], "field": spec.label}
        )
        return None
    try:
        value = spec.clean(ctx, op, value)
    except Invalid as exc:
        fail(str(exc))
        return None
    cleaned = {"field": name, "op": op}
    if value is not None:
        cleaned["value"] = value
    return cleaned


def _node_error(path: tuple, message: str, code: str) -> ValidationError:
    template = _("Condition %(position)s (a group): %(message)s") if path else "%(message)s"
    return ValidationError(
        template, code=code, params={"position": _position(path), "message": message}
    )


def _clean_node(ctx: Context, node, path: tuple, errors: list, counter: list) -> dict | None:
    if not isinstance(node, dict):
        errors.append(_node_error(path, _("the filter is malformed."), "malformed"))
        return None
    match = node.get("match", "all") or "all"
    if match not in MATCH_CHOICES:
        errors.append(_node_error(path, _("“match” must be “all” or “any”."), "invalid_match"))
        match = "all"
    conditions = node.get("conditions", [])
    if conditions is None:
        conditions = []
    if not isinstance(conditions, list):
        errors.append(_node_error(path, _("the conditions must be a list."), "malformed"))
        return None
    cleaned = []
    for index, item in enumerate(conditions):
        item_path = (*path, index)
        if isinstance(item, dict) and "group" in item:
            if path:
                errors.append(
                    ValidationError(
                        _("Condition %(position)s: groups cannot contain other groups."),
                        code="nested_group",
                        params={"position": _position(item_path)},
                    )
                )
                continue
            group = _clean_node(ctx, item["group"], item_path, errors, counter)
            if group and group["conditions"]:
                cleaned.append({"group": group})
            continue
        counter[0] += 1
        condition = _clean_condition(ctx, item, item_path, errors)
        if condition is not None:
            cleaned.append(condition)
    return {"match": match, "conditions": cleaned}


def _clean(*, organization, definition, allow_sensitive: bool) -> tuple[dict, Context]:
    ctx = Context(organization=organization, allow_sensitive=allow_sensitive)
    if definition in (None, "", {}):
        return dict(EMPTY_DEFINITION, conditions=[]), ctx
    errors: list[ValidationError] = []
    counter = [0]
    cleaned = _clean_node(ctx, definition, (), errors, counter)
    if counter[0] > MAX_CONDITIONS:
        errors.append(
            ValidationError(
                _("A segment can have at most %(max)s conditions."),
                code="too_many",
                params={"max": MAX_CONDITIONS},
            )
        )
    if errors:
        raise ValidationError(errors)
    return cleaned, ctx


def validate_definition(*, organization, definition: dict, allow_sensitive: bool) -> dict:
    """Return the cleaned definition, or raise ValidationError listing every problem."""
    cleaned, _ctx = _clean(
        organization=organization, definition=definition, allow_sensitive=allow_sensitive
    )
    return cleaned


def uses_sensitive(*, organization, definition: dict) -> bool:
    """Whether the definition filters on political opinion (support level, sensitive fields).
    Pages that show who matches such a segment are for roles allowed to see opinions."""
    try:
        _cleaned, ctx = _clean(
            organization=organization, definition=definition, allow_sensitive=True
        )
    except ValidationError:
        return _mentions_sensitive(organization, definition)
    return ctx.uses_sensitive


def _mentions_sensitive(organization, definition) -> bool:
    """For a definition that no longer validates: err on the side of caution."""
    text = str(definition)
    if "support_level" in text:
        return True
    sensitive_keys = CustomField.objects.for_organization(organization).filter(sensitive=True)
    return any(f"'{key}'" in text for key in sensitive_keys.values_list("key", flat=True))


# --- Compiling --------------------------------------------------------------------------


def _compile_node(ctx: Context, node: dict) -> Q | None:
    parts = []
    for item in node["conditions"]:
        if "group" in item:
            q, cheap = _compile_node(ctx, item["group"]), False
        else:
            spec = FIELDS[item["field"]]
            q, cheap = spec.compile(ctx, item.get("op"), item.get("value")), spec.on_person
        if q is not None:
            parts.append((not cheap, len(parts), q))
    if not parts:
        return None
    # Tests on the person's own columns first: the database stops at the first one that
    # decides an OR (or an AND) before probing the subqueries.
    parts.sort(key=lambda part: part[:2])
    combined = parts[0][2]
    for _rank, _index, q in parts[1:]:
        combined = combined | q if node["match"] == "any" else combined & q
    return combined


@dataclass(frozen=True)
class Matching:
    people: QuerySet[Person]
    uses_sensitive: bool


def matching(*, organization, definition: dict) -> Matching:
    """``people_matching`` and whether the definition filters on political opinion, from one
    validation (for pages that must check both)."""
    cleaned, ctx = _clean(organization=organization, definition=definition, allow_sensitive=True)
    people = Person.objects.for_organization(organization).active()
    condition = _compile_node(ctx, cleaned)
    return Matching(
        people=people if condition is None else people.filter(condition),
        uses_sensitive=ctx.uses_sensitive,
    )


def people_matching(*, organization, definition: dict) -> QuerySet[Person]:
    """Active (not erased) people of the organization who match the definition.

    Raises ValidationError when the definition is invalid for the organization (see the
    module docstring). The result has no duplicates and composes like any queryset.
    """
    return matching(organization=organization, definition=definition).people


def segment_people(segment) -> QuerySet[Person]:
    return people_matching(organization=segment.organization, definition=segment.definition)
