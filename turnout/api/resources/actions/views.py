"""Petitions (with pledges) and forms, their signatures and submissions, and the record
signature / record submission helpers: thin adapters over ``turnout.actions``' services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from turnout.actions.exceptions import SubmissionRefused
from turnout.actions.models import Action
from turnout.actions.services import submission_record
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from ...osdi import schema as doc
from ...osdi.people.services import _subscriptions
from ...osdi.serializers import StrictCharField
from ..common import ActionDateField, PersonHelperInput, ReferrerDataInput, ResourceView
from . import schema as out
from . import selectors
from .representations import (
    form_representation,
    petition_representation,
    signature_representation,
    submission_representation,
)

ACTION_ID = OpenApiParameter("action_id", str, OpenApiParameter.PATH)
RECORD_ID = OpenApiParameter("record_id", str, OpenApiParameter.PATH)


class RecordSubmissionInput(PersonHelperInput):
    """OSDI record signature / submission helper. ``action_date`` and ``comments`` are
    accepted and not stored (the time is the time received; petitions take no comment)."""

    ignored_fields = PersonHelperInput.ignored_fields | {"comments"}

    action_date = ActionDateField(required=False)
    referrer_data = ReferrerDataInput(required=False)
    source_code = StrictCharField(max_length=100, required=False)


class ActionsBase(ResourceView):
    scope_family = "actions"
    kinds: tuple = selectors.PETITION_KINDS
    represent_action = staticmethod(petition_representation)
    represent_record = staticmethod(signature_representation)

    def actions(self):
        return selectors.actions_for_api(organization=self.organization, kinds=self.kinds)

    def action_or_404(self, raw_id) -> Action:
        return self.get_by_pk(self.actions().select_related("organization"), raw_id)

    def records(self, action):
        return selectors.submissions_for_api(organization=self.organization, action=action)

    def record_helper(self, action: Action):
        """Sign (or answer) ``action`` for the person given inline; returns the submission."""
        validated = self.parse(RecordSubmissionInput)
        targets = self.helper_targets(validated)
        data, email, phone = self.person_data(validated["person"])
        referrer = validated.get("referrer_data") or {}
        attribution = {"source_code": validated.get("source_code") or referrer.get("source", "")}
        if referrer.get("referrer"):
            attribution["referrer"] = referrer["referrer"]
        try:
            submission, _created = submission_record(
                action=action,
                data=data,
                consent_given=email.get("status") == "subscribed",
                sponsor_ids=set(),
                attribution=attribution,
            )
        except SubmissionRefused as exc:
            raise self.refused("non_field_errors", exc) from None
        except (InvalidContact, PersonRefused) as exc:
            raise self.contact_errors(exc, data) from None
        person = submission.person
        _subscriptions(
            person=person, email=email, phone=phone, source_ref=self.source_ref, actor=self.actor
        )
        self.helper_apply(person, validated, targets)
        return get_object_or_404(self.records(action), pk=submission.pk)


# --- Petitions ------------------------------------------------------------------------------


@extend_schema(tags=["petitions"])
class PetitionsView(ActionsBase):
    @extend_schema(
        summary="List petitions (and pledges)",
        operation_id="petitions_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:petitions", out.PetitionOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=self.actions(), rel="osdi:petitions", represent=petition_representation
        )


@extend_schema(tags=["petitions"], parameters=[ACTION_ID])
class PetitionView(ActionsBase):
    @extend_schema(summary="Get a petition", responses={200: out.PetitionOutput})
    def get(self, request, action_id):
        return Response(petition_representation(self.action_or_404(action_id), self.links))


@extend_schema(tags=["petitions"], parameters=[ACTION_ID])
class SignaturesView(ActionsBase):
    @extend_schema(
        summary="List a petition's signatures",
        operation_id="petition_signatures_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:signatures", out.SignatureOutput)},
    )
    def get(self, request, action_id):
        action = self.action_or_404(action_id)
        return self.collection(
            queryset=self.records(action),
            rel="osdi:signatures",
            represent=signature_representation,
        )

    @extend_schema(
        summary="Record a signature (the record signature helper's shape)",
        operation_id="petition_signatures_create",
        request=RecordSubmissionInput,
        responses={200: out.SignatureOutput},
    )
    def post(self, request, action_id):
        action = self.action_or_404(action_id)
        return Response(signature_representation(self.record_helper(action), self.links))


@extend_schema(tags=["petitions"], parameters=[ACTION_ID])
class RecordSignatureHelperView(ActionsBase):
    @extend_schema(
        summary="Record signature helper",
        request=RecordSubmissionInput,
        responses={200: out.SignatureOutput},
    )
    def post(self, request, action_id):
        action = self.action_or_404(action_id)
        return Response(signature_representation(self.record_helper(action), self.links))


@extend_schema(tags=["petitions"], parameters=[ACTION_ID, RECORD_ID])
class SignatureView(ActionsBase):
    @extend_schema(summary="Get a signature", responses={200: out.SignatureOutput})
    def get(self, request, action_id, record_id):
        action = self.action_or_404(action_id)
        submission = get_object_or_404(self.records(action), pk=self.pk_or_404(record_id))
        return Response(signature_representation(submission, self.links))


# --- Forms ----------------------------------------------------------------------------------


class FormsBase(ActionsBase):
    kinds = selectors.FORM_KINDS


@extend_schema(tags=["forms"])
class FormsView(FormsBase):
    @extend_schema(
        summary="List signup forms",
        operation_id="forms_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:forms", out.FormOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=self.actions(), rel="osdi:forms", represent=form_representation
        )


@extend_schema(tags=["forms"], parameters=[ACTION_ID])
class FormView(FormsBase):
    @extend_schema(summary="Get a form", responses={200: out.FormOutput})
    def get(self, request, action_id):
        return Response(form_representation(self.action_or_404(action_id), self.links))


@extend_schema(tags=["forms"], parameters=[ACTION_ID])
class SubmissionsView(FormsBase):
    @extend_schema(
        summary="List a form's submissions",
        operation_id="form_submissions_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:submissions", out.SubmissionOutput)},
    )
    def get(self, request, action_id):
        action = self.action_or_404(action_id)
        return self.collection(
            queryset=self.records(action),
            rel="osdi:submissions",
            represent=submission_representation,
        )

    @extend_schema(
        summary="Record a submission (the record submission helper's shape)",
        operation_id="form_submissions_create",
        request=RecordSubmissionInput,
        responses={200: out.SubmissionOutput},
    )
    def post(self, request, action_id):
        action = self.action_or_404(action_id)
        return Response(submission_representation(self.record_helper(action), self.links))


@extend_schema(tags=["forms"], parameters=[ACTION_ID])
class RecordSubmissionHelperView(FormsBase):
    @extend_schema(
        summary="Record submission helper",
        request=RecordSubmissionInput,
        responses={200: out.SubmissionOutput},
    )
    def post(self, request, action_id):
        action = self.action_or_404(action_id)
        return Response(submission_representation(self.record_helper(action), self.links))


@extend_schema(tags=["forms"], parameters=[ACTION_ID, RECORD_ID])
class SubmissionView(FormsBase):
    @extend_schema(summary="Get a submission", responses={200: out.SubmissionOutput})
    def get(self, request, action_id, record_id):
        action = self.action_or_404(action_id)
        submission = get_object_or_404(self.records(action), pk=self.pk_or_404(record_id))
        return Response(submission_representation(submission, self.links))
