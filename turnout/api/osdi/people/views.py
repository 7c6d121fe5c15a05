"""People, tags, taggings, lists and the person signup helper: thin adapters that parse with
a serializer, resolve ids within the token's organization, call one service, represent."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from turnout.people.models import ListMembership, PeopleList, Person, Tag, Tagging
from turnout.people.rights.services import ErasureReason, person_erase

from .. import schema as doc
from ..filters import DATE_FILTERS
from ..links import parse_int, parse_uuid, plain_id
from ..representations import (
    item_representation,
    list_representation,
    person_representation,
    tag_representation,
    tagging_representation,
)
from ..views import OsdiView
from . import selectors, services
from .serializers import ListInput, PersonInput, PersonLinkInput, SignupHelperInput, TagInput

PEOPLE_FILTERS = {
    **DATE_FILTERS,
    "email_address": ("emails__address", "string"),
    "phone_number": ("phones__number", "string"),
    "given_name": ("given_name", "string"),
    "family_name": ("family_name", "string"),
}
LINK_FILTERS = {
    "modified_date": ("created_at", "datetime"),
    "created_date": ("created_at", "datetime"),
}
ITEM_FILTERS = {
    "modified_date": ("added_at", "datetime"),
    "created_date": ("added_at", "datetime"),
}


class PeopleBase(OsdiView):
    scope_family = "people"

    def hidden(self) -> frozenset[str]:
        if not hasattr(self, "_hidden"):
            self._hidden = selectors.hidden_custom_fields(
                organization=self.organization, token=self.token
            )
        return self._hidden

    def represent_person(self, person) -> dict:
        return person_representation(person, self.links, hidden_custom_fields=self.hidden())

    def person_or_404(self, raw_id) -> Person:
        return self.get_by_uuid(selectors.people_for_api(organization=self.organization), raw_id)

    def parse(self, serializer_class, data=None):
        serializer = serializer_class(
            data=self.body() if data is None else data,
            context={"organization": self.organization, "hidden_custom_fields": self.hidden()},
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def signup(self, data) -> Person:
        """The person signup helper (also Action Network's POST /people)."""
        validated = self.parse(SignupHelperInput, data)
        tag_objects = [self._tag_by_uri(uri) for uri in validated.get("add_tags_uri", [])]
        lists = [self._list_by_uri(uri) for uri in validated.get("add_lists_uri", [])]
        for name in validated.get("add_lists", []):
            found = PeopleList.objects.for_organization(self.organization).filter(name=name).first()
            if found is None:
                raise exceptions.ValidationError(
                    {"add_lists": [_("No list is called “%(name)s”.") % {"name": name}]}
                )
            lists.append(found)
        person, _created = services.api_person_upsert(
            organization=self.organization,
            validated=validated["person"],
            actor=self.actor,
            source_ref=self.source_ref,
            add_tags=validated.get("add_tags", []),
            remove_tags=validated.get("remove_tags", []),
            tag_objects=tag_objects,
            lists=lists,
        )
        return self.person_or_404(person.uuid)

    def _tag_by_uri(self, uri) -> Tag:
        tag = Tag.objects.for_organization(self.organization).filter(pk=parse_int(uri)).first()
        if tag is None:
            raise exceptions.ValidationError({"add_tags_uri": [_("No such tag: %s") % uri]})
        return tag

    def _list_by_uri(self, uri) -> PeopleList:
        found = (
            PeopleList.objects.for_organization(self.organization).filter(pk=parse_int(uri)).first()
        )
        if found is None:
            raise exceptions.ValidationError({"add_lists_uri": [_("No such list: %s") % uri]})
        return found

    def person_from_link(self, validated) -> Person:
        """The person a tagging or list item names: any host, the trailing id counts."""
        value = parse_uuid(plain_id(validated["person_ref"]))
        person = (
            selectors.people_for_api(organization=self.organization).filter(uuid=value).first()
            if value
            else None
        )
        if person is None:
            raise exceptions.ValidationError({"_links": [_("No such person.")]})
        return person


@extend_schema(tags=["people"])
class PeopleView(PeopleBase):
    filter_fields = PEOPLE_FILTERS

    @extend_schema(
        summary="List people",
        operation_id="people_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:people", doc.PersonOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.people_for_api(organization=self.organization, prefetch=False),
            rel="osdi:people",
            represent=lambda person, _links: self.represent_person(person),
            prepare=selectors.contact_points_attach,
        )

    @extend_schema(
        summary="Create or update a person (matching on email, then phone)",
        request=PersonInput,
        responses={200: doc.PersonOutput},
    )
    def post(self, request, *args, **kwargs):
        data = self.body()
        if isinstance(data.get("person"), dict):
            # Action Network's POST /people carries the signup helper's shape.
            return Response(self.represent_person(self.signup(data)))
        validated = self.parse(PersonInput, data)
        person, _created = services.api_person_upsert(
            organization=self.organization,
            validated=validated,
            actor=self.actor,
            source_ref=self.source_ref,
        )
        return Response(self.represent_person(self.person_or_404(person.uuid)))


@extend_schema(tags=["people"])
class SignupHelperView(PeopleBase):
    @extend_schema(
        summary="Person signup helper",
        request=SignupHelperInput,
        responses={200: doc.PersonOutput},
    )
    def post(self, request, *args, **kwargs):
        return Response(self.represent_person(self.signup(self.body())))


PERSON_ID = OpenApiParameter("person_id", str, OpenApiParameter.PATH)


@extend_schema(tags=["people"], parameters=[PERSON_ID])
class PersonView(PeopleBase):
    @extend_schema(summary="Get a person", responses={200: doc.PersonOutput})
    def get(self, request, person_id):
        return Response(self.represent_person(self.person_or_404(person_id)))

    @extend_schema(
        summary="Update a person (only the fields given)",
        request=PersonInput,
        responses={200: doc.PersonOutput},
    )
    def put(self, request, person_id):
        person = self.person_or_404(person_id)
        validated = self.parse(PersonInput)
        services.api_person_update(
            person=person, validated=validated, actor=self.actor, source_ref=self.source_ref
        )
        return Response(self.represent_person(self.person_or_404(person_id)))

    @extend_schema(summary="Erase a person (GDPR art. 17)", responses={200: doc.NoticeOutput})
    def delete(self, request, person_id):
        person = self.person_or_404(person_id)
        person_erase(person=person, actor=self.actor, reason=ErasureReason.REQUEST)
        return Response({"notice": _("The person was erased.")})


@extend_schema(tags=["taggings"], parameters=[PERSON_ID])
class PersonTaggingsView(PeopleBase):
    filter_fields = LINK_FILTERS

    @extend_schema(
        summary="A person's taggings",
        operation_id="person_taggings_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:taggings", doc.TaggingOutput)},
    )
    def get(self, request, person_id):
        person = self.person_or_404(person_id)
        return self.collection(
            queryset=selectors.taggings_for_api(organization=self.organization, person=person),
            rel="osdi:taggings",
            represent=tagging_representation,
        )


@extend_schema(tags=["lists"], parameters=[PERSON_ID])
class PersonItemsView(PeopleBase):
    filter_fields = ITEM_FILTERS

    @extend_schema(
        summary="The lists a person is on (list items)",
        operation_id="person_items_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:items", doc.ItemOutput)},
    )
    def get(self, request, person_id):
        person = self.person_or_404(person_id)
        return self.collection(
            queryset=selectors.items_for_api(organization=self.organization, person=person),
            rel="osdi:items",
            represent=item_representation,
        )


# --- Tags ------------------------------------------------------------------------------------


@extend_schema(tags=["tags"])
class TagsView(PeopleBase):
    @extend_schema(
        summary="List tags",
        operation_id="tags_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:tags", doc.TagOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.tags_for_api(organization=self.organization),
            rel="osdi:tags",
            represent=tag_representation,
        )

    @extend_schema(summary="Create a tag", request=TagInput, responses={200: doc.TagOutput})
    def post(self, request, *args, **kwargs):
        validated = self.parse(TagInput)
        tag, _created = services.tag_create(organization=self.organization, name=validated["name"])
        return Response(tag_representation(tag, self.links))


TAG_ID = OpenApiParameter("tag_id", str, OpenApiParameter.PATH)


@extend_schema(tags=["tags"], parameters=[TAG_ID])
class TagView(PeopleBase):
    @extend_schema(summary="Get a tag", responses={200: doc.TagOutput})
    def get(self, request, tag_id):
        return Response(tag_representation(self.get_by_pk(Tag.objects, tag_id), self.links))


@extend_schema(tags=["taggings"], parameters=[TAG_ID])
class TagTaggingsView(PeopleBase):
    filter_fields = LINK_FILTERS

    @extend_schema(
        summary="The people who have this tag (taggings)",
        operation_id="tag_taggings_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:taggings", doc.TaggingOutput)},
    )
    def get(self, request, tag_id):
        tag = self.get_by_pk(Tag.objects, tag_id)
        return self.collection(
            queryset=selectors.taggings_for_api(organization=self.organization, tag=tag),
            rel="osdi:taggings",
            represent=tagging_representation,
        )

    @extend_schema(
        summary="Tag a person", request=PersonLinkInput, responses={200: doc.TaggingOutput}
    )
    def post(self, request, tag_id):
        tag = self.get_by_pk(Tag.objects, tag_id)
        person = self.person_from_link(self.parse(PersonLinkInput))
        tagging = services.tagging_create(tag=tag, person=person, actor=self.actor)
        return Response(tagging_representation(tagging, self.links))


TAGGING_ID = OpenApiParameter("tagging_id", str, OpenApiParameter.PATH)


@extend_schema(tags=["taggings"], parameters=[TAG_ID, TAGGING_ID])
class TaggingView(PeopleBase):
    def tagging(self, tag_id, tagging_id) -> Tagging:
        tag = self.get_by_pk(Tag.objects, tag_id)
        pk = parse_int(tagging_id)
        if pk is None:
            raise exceptions.NotFound(_("No such record."))
        return get_object_or_404(
            selectors.taggings_for_api(organization=self.organization, tag=tag), pk=pk
        )

    @extend_schema(summary="Get a tagging", responses={200: doc.TaggingOutput})
    def get(self, request, tag_id, tagging_id):
        return Response(tagging_representation(self.tagging(tag_id, tagging_id), self.links))

    @extend_schema(summary="Remove a tag from a person", responses={200: doc.NoticeOutput})
    def delete(self, request, tag_id, tagging_id):
        tagging = self.tagging(tag_id, tagging_id)
        services.tag_remove(person=tagging.person, tag=tagging.tag, actor=self.actor)
        return Response({"notice": _("The tagging was deleted.")})


# --- Lists -----------------------------------------------------------------------------------


@extend_schema(tags=["lists"])
class ListsView(PeopleBase):
    @extend_schema(
        summary="List the static lists",
        operation_id="lists_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:lists", doc.ListOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.lists_for_api(organization=self.organization),
            rel="osdi:lists",
            represent=list_representation,
        )

    @extend_schema(summary="Create a list", request=ListInput, responses={200: doc.ListOutput})
    def post(self, request, *args, **kwargs):
        validated = self.parse(ListInput)
        people_list = services.list_create(
            organization=self.organization,
            name=validated.get("name") or validated["title"],
            description=validated.get("description", ""),
            actor=self.actor,
        )
        found = selectors.lists_for_api(organization=self.organization).get(pk=people_list.pk)
        return Response(list_representation(found, self.links))


LIST_ID = OpenApiParameter("list_id", str, OpenApiParameter.PATH)


@extend_schema(tags=["lists"], parameters=[LIST_ID])
class ListView(PeopleBase):
    @extend_schema(summary="Get a list", responses={200: doc.ListOutput})
    def get(self, request, list_id):
        lists = selectors.lists_for_api(organization=self.organization)
        return Response(list_representation(self.get_by_pk(lists, list_id), self.links))


@extend_schema(tags=["lists"], parameters=[LIST_ID])
class ListItemsView(PeopleBase):
    filter_fields = ITEM_FILTERS

    @extend_schema(
        summary="The people on a list (items)",
        operation_id="list_items_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:items", doc.ItemOutput)},
    )
    def get(self, request, list_id):
        people_list = self.get_by_pk(PeopleList.objects, list_id)
        return self.collection(
            queryset=selectors.items_for_api(
                organization=self.organization, people_list=people_list
            ),
            rel="osdi:items",
            represent=item_representation,
        )

    @extend_schema(
        summary="Add a person to a list", request=PersonLinkInput, responses={200: doc.ItemOutput}
    )
    def post(self, request, list_id):
        people_list = self.get_by_pk(PeopleList.objects, list_id)
        person = self.person_from_link(self.parse(PersonLinkInput))
        membership = services.list_add_person(
            people_list=people_list, person=person, actor=self.actor
        )
        membership = ListMembership.objects.select_related("person").get(pk=membership.pk)
        return Response(item_representation(membership, self.links))


ITEM_ID = OpenApiParameter("item_id", str, OpenApiParameter.PATH)


@extend_schema(tags=["lists"], parameters=[LIST_ID, ITEM_ID])
class ListItemView(PeopleBase):
    def item(self, list_id, item_id) -> ListMembership:
        people_list = self.get_by_pk(PeopleList.objects, list_id)
        pk = parse_int(item_id)
        if pk is None:
            raise exceptions.NotFound(_("No such record."))
        return get_object_or_404(
            selectors.items_for_api(
                organization=self.organization, people_list=people_list
            ).select_related("people_list"),
            pk=pk,
        )

    @extend_schema(summary="Get a list item", responses={200: doc.ItemOutput})
    def get(self, request, list_id, item_id):
        return Response(item_representation(self.item(list_id, item_id), self.links))

    @extend_schema(summary="Remove a person from a list", responses={200: doc.NoticeOutput})
    def delete(self, request, list_id, item_id):
        services.list_remove_person(membership=self.item(list_id, item_id), actor=self.actor)
        return Response({"notice": _("The item was deleted.")})
