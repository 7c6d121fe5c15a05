"""What every resource family shares: the base view (with the person helpers of OSDI's
``record_*_helper`` endpoints), the helper input, and small representation pieces."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from turnout.people.models import Person
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonData, PersonRefused, tags_add

from ..osdi.links import LinkContext, parse_int
from ..osdi.people import services as people_api
from ..osdi.people.serializers import PersonInput
from ..osdi.people.views import PeopleBase
from ..osdi.serializers import READ_ONLY_OSDI, StrictCharField, StrictSerializer

#: OSDI helper keys accepted and dropped: autoresponse triggers are Turnout's own decision.
HELPER_IGNORED = READ_ONLY_OSDI | {"triggers", "identifiers", "origin_system"}


def person_link(ctx: LinkContext, person) -> dict | None:
    """``osdi:person`` of a record, or None when the person was erased (they disappear)."""
    if person is None or person.erased_at is not None:
        return None
    return ctx.link("person", person.uuid)


def links(**items) -> dict:
    """``_links`` without the relations that are None."""
    return {rel.replace("__", ":"): link for rel, link in items.items() if link is not None}


def public_url(ctx: LinkContext, url_name: str, slug: str) -> str | None:
    """The public page of a record (``browser_url``), in the site's default language."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return ctx.origin + reverse(url_name, kwargs={"slug": slug})
    except NoReverseMatch:
        return None


def cents_text(cents: int) -> str:
    """Money as OSDI writes it, a decimal string with two places: 3500 -> "35.00"."""
    return f"{cents // 100}.{cents % 100:02d}"


class ActionDateField(StrictCharField):
    """An ISO 8601 date-time with an offset (``action_date``), or a day."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is not None and len(text) == 10:
            return day
        raise serializers.ValidationError(
            _("Use ISO 8601 with a time zone, e.g. 2026-03-18T11:02:15Z.")
        )


class ReferrerDataInput(StrictSerializer):
    source = StrictCharField(max_length=100, required=False)
    referrer = StrictCharField(max_length=100, required=False)
    website = StrictCharField(max_length=200, required=False)
    url = StrictCharField(max_length=500, required=False)


class PersonHelperInput(StrictSerializer):
    """The part every OSDI ``record_*_helper`` shares: the inline person (matched on email,
    then phone) and the helper action functions on tags and lists."""

    ignored_fields = HELPER_IGNORED

    person = PersonInput()
    add_tags = serializers.ListField(
        child=StrictCharField(max_length=80, allow_blank=False), max_length=50, required=False
    )
    add_tags_uri = serializers.ListField(
        child=StrictCharField(max_length=500), max_length=50, required=False
    )
    add_lists = serializers.ListField(
        child=StrictCharField(max_length=120, allow_blank=False), max_length=50, required=False
    )
    add_lists_uri = serializers.ListField(
        child=StrictCharField(max_length=500), max_length=50, required=False
    )

    #: whether the person must come with an email address or a phone number (else the same
    #: person sent twice would be two people)
    contact_required = True

    def validate_person(self, value):
        if self.contact_required and not any(
            value.get(k) for k in ("email_addresses", "phone_numbers")
        ):
            raise serializers.ValidationError(_("Give the person's email address or phone number."))
        return value


class ResourceView(PeopleBase):
    """Base of the resource views: ``PeopleBase``'s parsing (custom fields as the token may
    see them) and person look-ups, plus the helper action functions."""

    scope_family: str | None = None

    def person_data(self, validated_person: dict) -> tuple[PersonData, dict, dict]:
        """PersonData for an app's service (a bad email or phone is a 400 on its field)."""
        return people_api.person_data(validated_person, self.organization)

    def helper_targets(self, validated: dict) -> tuple[list, list]:
        """The tags and lists named by ``add_*`` (checked before anything is written)."""
        tags = [self._tag_by_uri(uri) for uri in validated.get("add_tags_uri", [])]
        lists = [self._list_by_uri(uri) for uri in validated.get("add_lists_uri", [])]
        for name in validated.get("add_lists", []):
            found = self._list_by_name(name)
            lists.append(found)
        return tags, lists

    def _list_by_name(self, name: str):
        from turnout.people.models import PeopleList

        found = PeopleList.objects.for_organization(self.organization).filter(name=name).first()
        if found is None:
            raise exceptions.ValidationError(
                {"add_lists": [_("No list is called “%(name)s”.") % {"name": name}]}
            )
        return found

    def helper_apply(self, person: Person, validated: dict, targets: tuple[list, list]) -> None:
        """Tag the person and add them to lists, through the CRM's services."""
        tags, lists = targets
        names = [*validated.get("add_tags", []), *[tag.name for tag in tags]]
        if names:
            tags_add(person=person, names=names, actor=self.actor)
        for people_list in lists:
            people_api.list_add_person(people_list=people_list, person=person, actor=self.actor)

    def refused(self, field: str, message) -> exceptions.ValidationError:
        return exceptions.ValidationError({field: [str(message)]})

    def contact_errors(self, exc: Exception, data: PersonData) -> exceptions.ValidationError:
        """A person the CRM refuses, as a 400 on the field at fault."""
        if isinstance(exc, InvalidContact):
            return self.refused(
                "person.email_addresses" if data.email else "person.phone_numbers", exc
            )
        if isinstance(exc, PersonRefused):
            return self.refused("person", str(exc) or _("This person cannot be recorded."))
        raise exc

    def pk_or_404(self, raw_id) -> int:
        value = parse_int(raw_id)
        if value is None:
            raise exceptions.NotFound(_("No such record."))
        return value
