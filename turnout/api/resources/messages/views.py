"""Messages (broadcasts): read only, with their statistics."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from ...osdi import schema as doc
from ...osdi.schema import CommonOutput
from ...osdi.views import OsdiView
from . import selectors
from .representations import message_representation

MESSAGE_ID = OpenApiParameter("message_id", str, OpenApiParameter.PATH)


class StatisticsOutput(serializers.Serializer):
    total_targeted = serializers.IntegerField()
    sent = serializers.IntegerField()
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()
    suppressed = serializers.IntegerField()
    queued = serializers.IntegerField()
    opened = serializers.IntegerField()
    clicked = serializers.IntegerField()


class MessageOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=["email", "sms"])
    subject = serializers.CharField(allow_blank=True)
    message = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    scheduled_start_date = serializers.DateTimeField(allow_null=True)
    sent_start_date = serializers.DateTimeField(allow_null=True)
    total_targeted = serializers.IntegerField()
    statistics = StatisticsOutput()


# "from" is a Python keyword: declared after the class body.
MessageOutput._declared_fields["from"] = serializers.CharField(allow_blank=True)


class MessagesBase(OsdiView):
    scope_family = "messages"

    def messages(self):
        return selectors.messages_for_api(organization=self.organization)


@extend_schema(tags=["messages"])
class MessagesView(MessagesBase):
    @extend_schema(
        summary="List messages (broadcasts)",
        operation_id="messages_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:messages", MessageOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=self.messages(), rel="osdi:messages", represent=message_representation
        )


@extend_schema(tags=["messages"], parameters=[MESSAGE_ID])
class MessageView(MessagesBase):
    @extend_schema(summary="Get a message and its statistics", responses={200: MessageOutput})
    def get(self, request, message_id):
        return Response(
            message_representation(self.get_by_pk(self.messages(), message_id), self.links)
        )
