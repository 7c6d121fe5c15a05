"""OpenAPI description of the events representations."""

from __future__ import annotations

from rest_framework import serializers

from ...osdi.schema import CommonOutput, LocationOutput


class EventLocationOutput(serializers.Serializer):
    venue = serializers.CharField(allow_blank=True)
    address_lines = serializers.ListField(child=serializers.CharField())
    locality = serializers.CharField(allow_blank=True)
    region = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True)
    country = serializers.CharField(allow_blank=True)
    location = LocationOutput(required=False)


class EventOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    instructions = serializers.CharField(allow_blank=True)
    start_date = serializers.DateTimeField()
    end_date = serializers.DateTimeField()
    status = serializers.CharField(help_text="One of: confirmed, tentative, cancelled.")
    visibility = serializers.ChoiceField(choices=["public", "private"])
    type = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    waitlist = serializers.BooleanField()
    location = EventLocationOutput()
    online_url = serializers.CharField(required=False)
    total_accepted = serializers.IntegerField(required=False)
    browser_url = serializers.CharField(required=False)


class AttendanceOutput(CommonOutput):
    origin_system = serializers.CharField()
    status = serializers.CharField(help_text="One of: accepted, tentative, declined, needs action.")
    waitlisted = serializers.BooleanField()
    attended = serializers.BooleanField()
    shift = serializers.IntegerField(required=False)
