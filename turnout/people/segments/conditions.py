"""The fields a segment can filter on: how each condition is cleaned and compiled into a
``Q`` over ``Person``. Every condition is an ``EXISTS`` / ``IN`` subquery or a test on a column
of the person, so that combining them never duplicates a person."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, JSONField, OuterRef, Q, Value
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    Activity,
    ActivityCount,
    Channel,
    Consent,
    ContactStatus,
    CustomField,
    EmailAddress,
    ListMembership,
    PeopleList,
    PhoneNumber,
    PostalAddress,
    Purpose,
    Tag,
    Tagging,
)
from .values import (
    MAX_DAYS,
    Invalid,
    as_bool,
    as_date,
    as_ids,
    as_int,
    as_number,
    as_text,
    as_texts,
    dict_value,
    end_of_day,
    start_of_day,
)

CUSTOM_FIELD_OPS = {
    "eq": gettext_lazy("is"),
    "neq": gettext_lazy("is not"),
    "contains": gettext_lazy("contains"),
    "gt": gettext_lazy("is more than / after"),
    "lt": gettext_lazy("is less than / before"),
    "is_set": gettext_lazy("has a value"),
    "not_set": gettext_lazy("has no value"),
}
CUSTOM_FIELD_OPS_BY_KIND = {
    CustomField.Kind.TEXT: {"eq", "neq", "contains", "is_set", "not_set"},
    CustomField.Kind.NUMBER: {"eq", "neq", "gt", "lt", "is_set", "not_set"},
    CustomField.Kind.DATE: {"eq", "neq", "gt", "lt", "is_set", "not_set"},
    CustomField.Kind.CHOICE: {"eq", "neq", "is_set", "not_set"},
    CustomField.Kind.BOOLEAN: {"eq", "neq", "is_set", "not_set"},
}


# --- Context: the organization's tags, lists and fields, fetched once when needed ----------


@dataclass
class Context:
    organization: object
    allow_sensitive: bool
    uses_sensitive: bool = False

    @cached_property
    def tag_ids(self) -> set[int]:
        return set(Tag.objects.for_organization(self.organization).values_list("pk", flat=True))

    @cached_property
    def list_ids(self) -> set[int]:
        return set(
            PeopleList.objects.for_organization(self.organization).values_list("pk", flat=True)
        )

    @cached_property
    def custom_fields(self) -> dict[str, CustomField]:
        return {f.key: f for f in CustomField.objects.for_organization(self.organization)}

    def require_sensitive(self, message: str) -> None:
        self.uses_sensitive = True
        if not self.allow_sensitive:
            raise Invalid(message)


NEVER_REACHED = 2**53

# --- Fields: how each is cleaned and compiled ---------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    label: str
    ops: dict[str, str]
    clean: Callable[[Context, str, object], object]
    compile: Callable[[Context, str, object], Q]
    sensitive: bool = False
    # A test on the person's own row (no subquery): cheap, so evaluated first.
    on_person: bool = False


def _rows(model, ctx: Context, *args, **filters):
    """Rows of a table about people (tagging, activity, consent...) of the organization."""
    queryset = model.objects.filter(*args, **filters)
    if hasattr(model, "organization"):
        queryset = queryset.filter(organization=ctx.organization)
    return queryset


def _has(rows) -> Q:
    """The person has at least one of these rows: ``id IN (SELECT person_id ...)``, a
    semi-join that never duplicates the person (and a hashed lookup inside an OR)."""
    return Q(pk__in=rows.order_by().values("person_id"))


def _has_none(rows) -> Q:
    """The person has none of these rows: ``NOT EXISTS``, an anti-join. (``NOT IN`` would
    be slow on PostgreSQL as soon as the subquery does not fit in memory.)"""
    return ~Q(Exists(rows.filter(person=OuterRef("pk"))))


def _membership(rows, positive: bool) -> Q:
    return _has(rows) if positive else _has_none(rows)


# tag, list ---------------------------------------------------------------------------------


def _clean_tag(ctx, op, value):
    ids = as_ids(value, _("tag"))
    unknown = [i for i in ids if i not in ctx.tag_ids]
    if unknown:
        raise Invalid(
            _("Unknown tag (id %(ids)s) in this organization.")
            % {"ids": ", ".join(map(str, unknown[:5]))}
        )
    return ids


def _compile_tag(ctx, op, value):
    # Tagging has no organization column: the person it is correlated with is of the
    # organization, and the ids were checked against the organization's tags.
    return _membership(Tagging.objects.filter(tag_id__in=value), op == "has")


def _clean_list(ctx, op, value):
    ids = as_ids(value, _("list"))
    unknown = [i for i in ids if i not in ctx.list_ids]
    if unknown:
        raise Invalid(
            _("Unknown list (id %(ids)s) in this organization.")
            % {"ids": ", ".join(map(str, unknown[:5]))}
        )
    return ids


def _compile_list(ctx, op, value):
    return _membership(ListMembership.objects.filter(people_list_id__in=value), op == "in")


# activity ----------------------------------------------------------------------------------


def _clean_period(value: dict, cleaned: dict) -> None:
    for key, what in (("since", _("The start date")), ("until", _("The end date"))):
        if value.get(key) not in (None, ""):
            cleaned[key] = as_date(value[key], what)
    if "since" in cleaned and "until" in cleaned and cleaned["since"] > cleaned["until"]:
        raise Invalid(_("The start date is after the end date."))


def _clean_kind(value: dict) -> str:
    kind = as_text(value.get("kind", ""), _("The kind of activity"), 40)
    return kind


def _clean_activity(ctx, op, value):
    value = dict_value(value)
    cleaned = {"kind": _clean_kind(value)}
    _clean_period(value, cleaned)
    if value.get("source_id") not in (None, ""):
        cleaned["source_id"] = as_text(value["source_id"], _("The source"), 64)
    return cleaned


def _activity_filters(value: dict) -> dict:
    filters = {"kind": value["kind"]}
    if "since" in value:
        filters["occurred_at__gte"] = start_of_day(value["since"])
    if "until" in value:
        filters["occurred_at__lt"] = end_of_day(value["until"])
    if "source_id" in value:
        filters["source_id"] = value["source_id"]
    return filters


def _counters(ctx, kind: str, minimum: int = 1, since: dt.date | None = None):
    """People with at least ``minimum`` activities of this kind (the last one ``since`` that
    day), from the per-person counters (``ActivityCount``, kept exact by every write path of
    Activity): a range scan of a small index instead of reading activities. A person without
    a counter row has none of that kind (so "did not" is ``NOT EXISTS``)."""
    counters = ActivityCount.objects.filter(organization=ctx.organization, kind=kind)
    if since is not None:
        counters = counters.filter(last_at__gte=start_of_day(since))
    if minimum > 1 or since is None:
        counters = counters.filter(count__gte=minimum)
    return counters


def _compile_activity(ctx, op, value):
    if not set(value) - {"kind", "since"}:
        # "Did it (since a day)" is "has a counter (whose last one is since that day)".
        return _membership(_counters(ctx, value["kind"], since=value.get("since")), op == "done")
    return _membership(_rows(Activity, ctx, **_activity_filters(value)), op == "done")


def _clean_activity_count(ctx, op, value):
    value = dict_value(value)
    cleaned = {
        "kind": _clean_kind(value),
        "min": as_int(value.get("min"), low=1, high=100000, what=_("The number of times")),
    }
    _clean_period(value, cleaned)
    return cleaned


def _compile_activity_count(ctx, op, value):
    if "since" not in value and "until" not in value:
        return _has(_counters(ctx, value["kind"], value["min"]))
    # Within a period the activities are counted: an uncorrelated IN (... GROUP BY person
    # HAVING COUNT >= n): one pass over the activity index, then a semi-join (or a hashed
    # subplan inside an "any" group).
    counted = (
        Activity.objects.filter(organization=ctx.organization, **_activity_filters(value))
        .order_by()
        .values("person_id")
        .annotate(times=Count("*"))
        .filter(times__gte=value["min"])
        .values("person_id")
    )
    # The LIMIT (never reached) is a planner fence: without it PostgreSQL may run this
    # aggregate once in every parallel worker of the outer scan, which makes the count about
    # 1.7 times slower (see benchmarks/segments.py).
    return Q(pk__in=counted[:NEVER_REACHED])


# consent and contact points ----------------------------------------------------------------


def _clean_consent(ctx, op, value):
    value = dict_value(value)
    channel, purpose = value.get("channel"), value.get("purpose")
    if channel not in Channel.values:
        raise Invalid(_("Unknown channel “%(value)s”.") % {"value": str(channel)[:40]})
    if purpose not in Purpose.values:
        raise Invalid(_("Unknown purpose “%(value)s”.") % {"value": str(purpose)[:40]})
    return {"channel": channel, "purpose": purpose}


def _usable_contact_points(ctx, channel: str):
    subscribed = {"status": ContactStatus.SUBSCRIBED}
    if channel == Channel.EMAIL:
        return _rows(EmailAddress, ctx, **subscribed)
    if channel in (Channel.SMS, Channel.WHATSAPP):
        return _rows(PhoneNumber, ctx, sms_capable=True, **subscribed)
    if channel == Channel.PHONE:
        return _rows(PhoneNumber, ctx, **subscribed)
    return _rows(PostalAddress, ctx).exclude(status=PostalAddress.Status.BAD)


def _compile_consent(ctx, op, value):
    consents = _rows(
        Consent,
        ctx,
        channel=value["channel"],
        purpose=value["purpose"],
        current=True,
        status=Consent.Status.GRANTED,
    )
    contact_points = _usable_contact_points(ctx, value["channel"])
    if op == "granted":
        return Q(do_not_contact=False) & _has(consents) & _has(contact_points)
    # Written out (De Morgan) rather than negated, to stay with NOT EXISTS.
    return Q(do_not_contact=True) | _has_none(consents) | _has_none(contact_points)


def _compile_contact(ctx, op, value):
    if op in ("has_email", "no_email"):
        return _membership(_rows(EmailAddress, ctx), op == "has_email")
    if op == "has_mobile":
        mobile = Q(number_type=PhoneNumber.Kind.MOBILE) | Q(sms_capable=True)
        return _has(_rows(PhoneNumber, ctx, mobile))
    return _has(_rows(PhoneNumber, ctx))


def _clean_nothing(ctx, op, value):
    return None


def _clean_flag(ctx, op, value):
    return as_bool(value, _("The value"))


def _compile_do_not_contact(ctx, op, value):
    return Q(do_not_contact=value)


# geography ---------------------------------------------------------------------------------

COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def _addresses(ctx, condition: Q):
    return _rows(PostalAddress, ctx, condition).exclude(status=PostalAddress.Status.BAD)


def _clean_country(ctx, op, value):
    codes = [c.upper() for c in as_texts(value, _("The country"), 2)]
    bad = [c for c in codes if not COUNTRY_RE.match(c)]
    if bad:
        raise Invalid(_("“%(value)s” is not a two-letter country code.") % {"value": bad[0][:10]})
    return sorted(set(codes))


def _compile_country(ctx, op, value):
    return _membership(_addresses(ctx, Q(country__in=value)), op == "in")


def _clean_postal_code(ctx, op, value):
    return as_texts(value, _("The postcode"), 16)


def _compile_postal_code(ctx, op, value):
    prefixes = Q()
    for prefix in value:
        prefixes |= Q(postal_code__startswith=prefix)
    return _membership(_addresses(ctx, prefixes), op == "starts_with")


def _clean_locality(ctx, op, value):
    return as_text(value, _("The town"), 100)


def _compile_locality(ctx, op, value):
    return _has(_addresses(ctx, Q(locality__iexact=value)))


def _clean_polling_station(ctx, op, value):
    return as_texts(value, _("The polling station"), 32)


def _compile_polling_station(ctx, op, value):
    return _membership(_addresses(ctx, Q(polling_station__in=value)), op == "in")


# dates -------------------------------------------------------------------------------------

DATE_OPS = {
    "before": gettext_lazy("before"),
    "after": gettext_lazy("on or after"),
    "within_days": gettext_lazy("in the last N days"),
    "not_within_days": gettext_lazy("not in the last N days"),
}


def _clean_date_condition(ctx, op, value):
    if op in ("before", "after"):
        return as_date(value, _("The date"))
    return as_int(value, low=1, high=MAX_DAYS, what=_("The number of days"))


def _date_compiler(column: str, nullable: bool):
    def compile_(ctx, op, value):
        if op in ("before", "after"):
            boundary = start_of_day(value)
        else:
            boundary = timezone.now() - dt.timedelta(days=value)
        if op in ("after", "within_days"):
            return Q(**{f"{column}__gte": boundary})
        q = Q(**{f"{column}__lt": boundary})
        return q | Q(**{f"{column}__isnull": True}) if nullable else q

    return compile_


# custom fields -----------------------------------------------------------------------------


def _clean_custom_field(ctx, op, value):
    value = dict_value(value)
    key = value.get("key")
    custom = ctx.custom_fields.get(key) if isinstance(key, str) else None
    if custom is None:
        raise Invalid(_("Unknown custom field “%(key)s”.") % {"key": str(key)[:50]})
    if custom.sensitive:
        ctx.require_sensitive(
            _("Only roles allowed to see political opinions can filter on “%(label)s”.")
            % {"label": custom.label}
        )
    field_op = value.get("op")
    if field_op not in CUSTOM_FIELD_OPS:
        raise Invalid(_("Unknown comparison “%(op)s”.") % {"op": str(field_op)[:20]})
    if field_op not in CUSTOM_FIELD_OPS_BY_KIND[custom.kind]:
        raise Invalid(
            _("“%(op)s” does not apply to the field “%(label)s” (%(kind)s).")
            % {
                "op": CUSTOM_FIELD_OPS[field_op],
                "label": custom.label,
                "kind": custom.get_kind_display(),
            }
        )
    cleaned = {"key": key, "op": field_op}
    if field_op in ("is_set", "not_set"):
        return cleaned
    raw = value.get("value")
    what = _("The value of “%(label)s”") % {"label": custom.label}
    if custom.kind == CustomField.Kind.NUMBER:
        cleaned["value"] = as_number(raw, what)
    elif custom.kind == CustomField.Kind.DATE:
        cleaned["value"] = as_date(raw, what)
    elif custom.kind == CustomField.Kind.BOOLEAN:
        cleaned["value"] = as_bool(raw, what)
    elif custom.kind == CustomField.Kind.CHOICE:
        text = as_text(raw, what, 500)
        if text not in custom.choices:
            raise Invalid(
                _("“%(value)s” is not one of the choices of “%(label)s”.")
                % {"value": text[:40], "label": custom.label}
            )
        cleaned["value"] = text
    else:
        cleaned["value"] = as_text(raw, what, 500)
    return cleaned


def _key_lookup(key: str, lookup: str, value) -> Q:
    """A lookup on one key of Person.custom_fields. Built as an expression (not a keyword
    argument) so that any key is taken literally, whatever it contains."""
    transform = KeyTransform(key, "custom_fields")
    if lookup in ("iexact", "icontains"):
        rhs = Value(str(value))
    elif lookup == "isnull":
        rhs = value
    else:
        rhs = Value(value, output_field=JSONField())
    return Q(transform.get_lookup(lookup)(transform, rhs))


def _compile_custom_field(ctx, op, value):
    key, field_op = value["key"], value["op"]
    has_key = _key_lookup(key, "isnull", False)
    if field_op == "is_set":
        return has_key
    if field_op == "not_set":
        return ~has_key
    kind = ctx.custom_fields[key].kind
    target = value["value"]
    if field_op in ("gt", "lt"):
        return _key_lookup(key, field_op, target)
    if field_op == "contains":
        return _key_lookup(key, "icontains", target)
    if kind == CustomField.Kind.TEXT:
        equal = _key_lookup(key, "iexact", target)
    elif connection.features.supports_json_field_contains:
        # jsonb containment: can use a GIN index on custom_fields (see the benchmark).
        equal = Q(custom_fields__contains={key: target})
    else:
        equal = _key_lookup(key, "exact", target)
    return equal if field_op == "eq" else ~equal | ~has_key


# person columns ----------------------------------------------------------------------------


def _clean_support_level(ctx, op, value):
    ctx.require_sensitive(
        _("Only roles allowed to see political opinions can filter on support level.")
    )
    return as_int(value, low=1, high=5, what=_("The support level"))


def _compile_support_level(ctx, op, value):
    return Q(**{f"support_level__{'exact' if op == 'eq' else op}": value})


def _clean_language(ctx, op, value):
    codes = dict(settings.LANGUAGES)
    if value not in codes:
        raise Invalid(_("Unknown language “%(value)s”.") % {"value": str(value)[:10]})
    return value


def _compile_language(ctx, op, value):
    return Q(language=value)


FIELDS: dict[str, FieldSpec] = {
    "tag": FieldSpec(
        gettext_lazy("Tag"),
        {"has": gettext_lazy("has one of"), "has_not": gettext_lazy("has none of")},
        _clean_tag,
        _compile_tag,
    ),
    "list": FieldSpec(
        gettext_lazy("Static list"),
        {"in": gettext_lazy("is in one of"), "not_in": gettext_lazy("is in none of")},
        _clean_list,
        _compile_list,
    ),
    "activity": FieldSpec(
        gettext_lazy("Activity"),
        {"done": gettext_lazy("did"), "not_done": gettext_lazy("did not do")},
        _clean_activity,
        _compile_activity,
    ),
    "activity_count": FieldSpec(
        gettext_lazy("Activity count"),
        {"at_least": gettext_lazy("did at least")},
        _clean_activity_count,
        _compile_activity_count,
    ),
    "consent": FieldSpec(
        gettext_lazy("Consent"),
        {"granted": gettext_lazy("was given"), "not_granted": gettext_lazy("was not given")},
        _clean_consent,
        _compile_consent,
    ),
    "contact": FieldSpec(
        gettext_lazy("Contact details"),
        {
            "has_email": gettext_lazy("has an email address"),
            "no_email": gettext_lazy("has no email address"),
            "has_mobile": gettext_lazy("has a mobile number"),
            "has_phone": gettext_lazy("has a phone number"),
        },
        _clean_nothing,
        _compile_contact,
    ),
    "do_not_contact": FieldSpec(
        gettext_lazy("Do not contact"),
        {"is": gettext_lazy("is")},
        _clean_flag,
        _compile_do_not_contact,
        on_person=True,
    ),
    "country": FieldSpec(
        gettext_lazy("Country"),
        {"in": gettext_lazy("is one of"), "not_in": gettext_lazy("is none of")},
        _clean_country,
        _compile_country,
    ),
    "postal_code": FieldSpec(
        gettext_lazy("Postcode"),
        {
            "starts_with": gettext_lazy("starts with one of"),
            "not_starts_with": gettext_lazy("starts with none of"),
        },
        _clean_postal_code,
        _compile_postal_code,
    ),
    "locality": FieldSpec(
        gettext_lazy("Town or city"),
        {"equals": gettext_lazy("is")},
        _clean_locality,
        _compile_locality,
    ),
    "polling_station": FieldSpec(
        gettext_lazy("Polling station"),
        {"in": gettext_lazy("is one of"), "not_in": gettext_lazy("is none of")},
        _clean_polling_station,
        _compile_polling_station,
    ),
    "created_at": FieldSpec(
        gettext_lazy("Added to the base"),
        DATE_OPS,
        _clean_date_condition,
        _date_compiler("created_at", nullable=False),
        on_person=True,
    ),
    "last_activity_at": FieldSpec(
        gettext_lazy("Last activity"),
        DATE_OPS,
        _clean_date_condition,
        _date_compiler("last_activity_at", nullable=True),
        on_person=True,
    ),
    "custom_field": FieldSpec(
        gettext_lazy("Custom field"),
        {"matches": gettext_lazy("matches")},
        _clean_custom_field,
        _compile_custom_field,
        on_person=True,
    ),
    "support_level": FieldSpec(
        gettext_lazy("Support level"),
        {
            "gte": gettext_lazy("is at least"),
            "lte": gettext_lazy("is at most"),
            "eq": gettext_lazy("is"),
        },
        _clean_support_level,
        _compile_support_level,
        sensitive=True,
        on_person=True,
    ),
    "language": FieldSpec(
        gettext_lazy("Language"),
        {"eq": gettext_lazy("is")},
        _clean_language,
        _compile_language,
        on_person=True,
    ),
}
