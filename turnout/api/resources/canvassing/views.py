"""Canvassing efforts, canvasses (visits), questions and answers, and the record canvass
helper through the canvassing visit sync (idempotent on the visit's ``client_id``)."""

from __future__ import annotations

import math

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response

from turnout.canvassing.models import Effort, Visit
from turnout.canvassing.services.visits import CREATED, DUPLICATE, visit_sync_one
from turnout.organizations.models import Membership

from ...osdi import schema as doc
from ...osdi.filters import filter_queryset
from ...osdi.links import DEFAULT_PAGE_SIZE, plain_id
from ...osdi.pagination import _int_param, _url
from ...osdi.people.serializers import PersonInput
from ...osdi.serializers import StrictBooleanField, StrictCharField, StrictSerializer
from ..common import ActionDateField, ResourceView
from . import schema as out
from . import selectors
from .representations import (
    answer_representation,
    canvass_representation,
    effort_representation,
    question_representation,
)

EFFORT_ID = OpenApiParameter("effort_id", str, OpenApiParameter.PATH)
CANVASS_ID = OpenApiParameter("canvass_id", str, OpenApiParameter.PATH)
QUESTION_ID = OpenApiParameter("question_id", str, OpenApiParameter.PATH)
OUTCOMES = {
    "not-home": Visit.Outcome.NOT_HOME,
    "not_home": Visit.Outcome.NOT_HOME,
    "refused": Visit.Outcome.REFUSED,
    "success": Visit.Outcome.TALKED,
    "talked": Visit.Outcome.TALKED,
    "come-back": Visit.Outcome.COME_BACK,
    "come_back": Visit.Outcome.COME_BACK,
    "moved": Visit.Outcome.MOVED,
}


class CanvassInput(StrictSerializer):
    ignored_fields = frozenset({"contact_type", "input_type", "origin_system", "identifiers"})

    action_date = ActionDateField()
    success = StrictBooleanField(required=False)
    status_code = StrictCharField(max_length=20, required=False)

    def validate_action_date(self, value):
        if not hasattr(value, "tzinfo"):
            raise serializers.ValidationError(_("Give the time of the visit with its offset."))
        return value

    def validate(self, attrs):
        code = (attrs.get("status_code") or "").strip().lower()
        if code:
            if code not in OUTCOMES:
                raise serializers.ValidationError(
                    {
                        "status_code": [
                            _("Use one of: %(codes)s.")
                            % {"codes": "not-home, refused, success, come-back, moved"}
                        ]
                    }
                )
            attrs["outcome"] = OUTCOMES[code]
        elif attrs.get("success") is False:
            raise serializers.ValidationError(
                {"status_code": [_("Say why the contact failed, e.g. not-home.")]}
            )
        else:
            attrs["outcome"] = Visit.Outcome.TALKED
        return attrs


class AnswerInput(StrictSerializer):
    question = StrictCharField(max_length=500, allow_blank=False)
    responses = serializers.ListField(
        child=StrictCharField(max_length=200), max_length=12, required=False
    )
    value = StrictCharField(max_length=2000, required=False)

    def validate(self, attrs):
        if "responses" not in attrs and "value" not in attrs:
            raise serializers.ValidationError(_("Give responses or a value."))
        return attrs


class ConsentInput(StrictSerializer):
    text_shown = StrictCharField(max_length=2000, allow_blank=False)
    email = StrictBooleanField(required=False)
    sms = StrictBooleanField(required=False)


class RecordCanvassInput(StrictSerializer):
    """OSDI record canvass helper. Turnout's own fields: ``client_id`` (a UUID made by the
    client: the same canvass sent twice is recorded once), ``address`` (the id of the
    address visited) and ``turf`` (its turf's id), ``canvasser_email`` (a member who held
    the turf; default: the token's creator), ``consent`` (the consent text shown at the
    door, required with a person)."""

    ignored_fields = frozenset({"_links", "triggers", "identifiers", "origin_system"})

    client_id = serializers.UUIDField()
    canvass = CanvassInput()
    address = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    turf = StrictCharField(max_length=100, required=False)
    door = StrictCharField(max_length=50, required=False)
    notes = StrictCharField(max_length=5000, required=False)
    canvasser_email = serializers.EmailField(required=False)
    person = PersonInput(required=False)
    consent = ConsentInput(required=False)
    add_answers = serializers.ListField(child=AnswerInput(), max_length=60, required=False)

    def validate(self, attrs):
        if attrs.get("person") and not attrs.get("consent"):
            raise serializers.ValidationError(
                {"consent": [_("Personal data needs the consent text shown at the door.")]}
            )
        return attrs


class CanvassingBase(ResourceView):
    scope_family = "canvassing"

    def sensitive_visible(self) -> bool:
        return self.token.allows("people_sensitive:read")

    def effort_or_404(self, raw_id) -> Effort:
        return self.get_by_uuid(selectors.efforts_for_api(organization=self.organization), raw_id)

    def canvasses(self, effort):
        return selectors.canvasses_for_api(organization=self.organization, effort=effort)

    def represent_canvass(self, visit, _links=None) -> dict:
        return canvass_representation(visit, self.links, sensitive_visible=self.sensitive_visible())

    def question_or_404(self, raw_id) -> tuple[Effort, dict]:
        value = plain_id(raw_id)
        effort_id, _sep, key = value.partition(".")
        effort = self.effort_or_404(effort_id)
        question = next((q for q in effort.script or [] if q.get("key") == key), None)
        if question is None:
            raise exceptions.NotFound(_("No such record."))
        return effort, question

    def page_of(self, items: list, rel: str, represent) -> Response:
        """A HAL collection of a list computed in Python (questions live in scripts)."""
        request = self.request
        per_page = min(_int_param(request, "per_page", DEFAULT_PAGE_SIZE), self.links.max_page_size)
        page = _int_param(request, "page", 1)
        start = (page - 1) * per_page
        rows = items[start : start + per_page]
        links = {"self": {"href": _url(request, self.links, page=page, per_page=per_page)}}
        if start + per_page < len(items):
            links["next"] = {"href": _url(request, self.links, page=page + 1, per_page=per_page)}
        if page > 1:
            links["prev"] = {"href": _url(request, self.links, page=page - 1, per_page=per_page)}
        return Response(
            {
                "total_pages": math.ceil(len(items) / per_page) if items else 0,
                "per_page": per_page,
                "page": page,
                "total_records": len(items),
                "_links": {**links, "curies": self.links.curies()},
                "_embedded": {rel: [represent(item) for item in rows]},
            }
        )

    def questions_of(self, efforts) -> list:
        return [(effort, q) for effort in efforts for q in effort.script or []]


@extend_schema(tags=["canvassing"])
class EffortsView(CanvassingBase):
    @extend_schema(
        summary="List canvassing efforts",
        operation_id="canvassing_efforts_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:canvassing_efforts", out.EffortOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.efforts_for_api(organization=self.organization),
            rel="osdi:canvassing_efforts",
            represent=effort_representation,
        )


@extend_schema(tags=["canvassing"], parameters=[EFFORT_ID])
class EffortView(CanvassingBase):
    @extend_schema(summary="Get a canvassing effort", responses={200: out.EffortOutput})
    def get(self, request, effort_id):
        return Response(effort_representation(self.effort_or_404(effort_id), self.links))


class RecordCanvassMixin:
    def record(self, effort: Effort) -> Response:
        validated = self.parse(RecordCanvassInput)
        canvasser = self.actor
        if validated.get("canvasser_email"):
            membership = (
                Membership.objects.filter(
                    organization=self.organization,
                    user__email__iexact=validated["canvasser_email"],
                )
                .select_related("user")
                .first()
            )
            if membership is None:
                raise self.refused("canvasser_email", _("No member has this email address."))
            canvasser = membership.user
        raw = self._raw(effort, validated)
        result = visit_sync_one(organization=self.organization, canvasser=canvasser, raw=raw)
        if result.status not in (CREATED, DUPLICATE):
            raise self.refused("non_field_errors", result.reason)
        visit = get_object_or_404(self.canvasses(effort), client_id=validated["client_id"])
        body = self.represent_canvass(visit)
        if result.reason:
            body["notice"] = result.reason
        return Response(body)

    def _raw(self, effort: Effort, validated: dict) -> dict:
        """The visit as the canvassing app's phone sends it to the sync."""
        canvass = validated["canvass"]
        raw = {
            "client_id": str(validated["client_id"]),
            "visited_at": canvass["action_date"].isoformat(),
            "outcome": canvass["outcome"],
            "address": validated["address"],
            "turf": validated.get("turf", ""),
            "door": validated.get("door", ""),
            "notes": validated.get("notes", ""),
            "answers": self._answers(effort, validated.get("add_answers", [])),
        }
        if validated.get("person"):
            data, _email, _phone = self.person_data(validated["person"])
            consent = validated["consent"]
            raw["person"] = {
                "given_name": data.given_name,
                "family_name": data.family_name,
                "email": data.email,
                "phone": data.phone,
                "consent": {
                    "text_shown": consent["text_shown"],
                    "email": consent.get("email", False),
                    "sms": consent.get("sms", False),
                },
            }
        return raw

    def _answers(self, effort: Effort, answers: list[dict]) -> dict:
        questions = {q["key"]: q for q in effort.script or []}
        out, errors = {}, {}
        for index, answer in enumerate(answers):
            ref = plain_id(answer["question"])
            effort_id, _sep, key = ref.rpartition(".")
            question = questions.get(key)
            if question is None or (effort_id and effort_id != str(effort.uuid)):
                errors[f"add_answers.{index}.question"] = [
                    _("This effort's script has no such question.")
                ]
                continue
            choices = {c["key"] for c in question.get("choices") or []}
            if question.get("kind") == "text":
                value = answer.get("value") or " ".join(answer.get("responses", []))
            else:
                picked = answer.get("responses") or []
                if not picked or set(picked) - choices:
                    errors[f"add_answers.{index}.responses"] = [
                        _("Use the keys of the question's responses: %(keys)s.")
                        % {"keys": ", ".join(sorted(choices))}
                    ]
                    continue
                value = picked if question.get("kind") == "multi" else picked[0]
            out[key] = value
        if errors:
            raise exceptions.ValidationError(errors)
        return out


@extend_schema(tags=["canvassing"], parameters=[EFFORT_ID])
class CanvassesView(RecordCanvassMixin, CanvassingBase):
    @extend_schema(
        summary="List an effort's canvasses (door visits)",
        operation_id="canvassing_effort_canvasses_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:canvasses", out.CanvassOutput)},
    )
    def get(self, request, effort_id):
        effort = self.effort_or_404(effort_id)
        return self.collection(
            queryset=self.canvasses(effort),
            rel="osdi:canvasses",
            represent=self.represent_canvass,
        )

    @extend_schema(
        summary="Record a canvass (the record canvass helper's shape)",
        operation_id="canvassing_effort_canvasses_create",
        request=RecordCanvassInput,
        responses={200: out.CanvassOutput},
    )
    def post(self, request, effort_id):
        return self.record(self.effort_or_404(effort_id))


@extend_schema(tags=["canvassing"], parameters=[EFFORT_ID])
class RecordCanvassHelperView(RecordCanvassMixin, CanvassingBase):
    @extend_schema(
        summary="Record canvass helper (idempotent on client_id)",
        request=RecordCanvassInput,
        responses={200: out.CanvassOutput},
    )
    def post(self, request, effort_id):
        return self.record(self.effort_or_404(effort_id))


@extend_schema(tags=["canvassing"], parameters=[EFFORT_ID, CANVASS_ID])
class CanvassView(CanvassingBase):
    @extend_schema(summary="Get a canvass", responses={200: out.CanvassOutput})
    def get(self, request, effort_id, canvass_id):
        effort = self.effort_or_404(effort_id)
        visit = get_object_or_404(self.canvasses(effort), pk=self.pk_or_404(canvass_id))
        return Response(self.represent_canvass(visit))


# --- Questions and answers -------------------------------------------------------------------


@extend_schema(tags=["canvassing"])
class QuestionsView(CanvassingBase):
    @extend_schema(
        summary="List the questions of every effort's survey script",
        operation_id="questions_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:questions", out.QuestionOutput)},
    )
    def get(self, request, *args, **kwargs):
        efforts = filter_queryset(
            selectors.efforts_for_api(organization=self.organization).order_by("pk"),
            request,
            self.filter_fields,
        )
        return self.page_of(
            self.questions_of(efforts),
            "osdi:questions",
            lambda item: question_representation(item[0], item[1], self.links),
        )


@extend_schema(tags=["canvassing"], parameters=[EFFORT_ID])
class EffortQuestionsView(CanvassingBase):
    @extend_schema(
        summary="List the questions of an effort's survey script",
        operation_id="canvassing_effort_questions_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:questions", out.QuestionOutput)},
    )
    def get(self, request, effort_id):
        effort = self.effort_or_404(effort_id)
        return self.page_of(
            self.questions_of([effort]),
            "osdi:questions",
            lambda item: question_representation(item[0], item[1], self.links),
        )


@extend_schema(tags=["canvassing"], parameters=[QUESTION_ID])
class QuestionView(CanvassingBase):
    @extend_schema(summary="Get a question", responses={200: out.QuestionOutput})
    def get(self, request, question_id):
        effort, question = self.question_or_404(question_id)
        return Response(question_representation(effort, question, self.links))


class AnswersBase(CanvassingBase):
    def answers(self, question_id):
        effort, question = self.question_or_404(question_id)
        if question.get("sensitive") and not self.sensitive_visible():
            raise exceptions.PermissionDenied(
                _(
                    "The answers to this question reveal political opinions: they need the "
                    "scope people_sensitive:read."
                )
            )
        key = question["key"]
        return key, selectors.answers_for_api(
            organization=self.organization, effort=effort, key=key
        )


@extend_schema(tags=["canvassing"], parameters=[QUESTION_ID])
class AnswersView(AnswersBase):
    @extend_schema(
        summary="List the answers to a question",
        operation_id="question_answers_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:answers", out.AnswerOutput)},
    )
    def get(self, request, question_id):
        key, visits = self.answers(question_id)
        return self.collection(
            queryset=visits,
            rel="osdi:answers",
            represent=lambda visit, ctx: answer_representation(visit, ctx, key=key),
        )


@extend_schema(
    tags=["canvassing"],
    parameters=[QUESTION_ID, OpenApiParameter("answer_id", str, OpenApiParameter.PATH)],
)
class AnswerView(AnswersBase):
    @extend_schema(summary="Get an answer", responses={200: out.AnswerOutput})
    def get(self, request, question_id, answer_id):
        key, visits = self.answers(question_id)
        visit_id = plain_id(answer_id).partition(".")[0]
        visit = get_object_or_404(visits, pk=self.pk_or_404(visit_id))
        return Response(answer_representation(visit, self.links, key=key))
