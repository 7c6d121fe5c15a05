"""OpenAPI description of the petitions and forms representations."""

from __future__ import annotations

from rest_framework import serializers

from ...osdi.schema import CommonOutput


class TargetOutput(serializers.Serializer):
    name = serializers.CharField()


class ActionOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text="One of: draft, published, closed.")
    browser_url = serializers.CharField(required=False)


class PetitionOutput(ActionOutput):
    kind = serializers.ChoiceField(choices=["petition", "pledge"])
    petition_text = serializers.CharField(allow_blank=True)
    target = TargetOutput(many=True)
    total_signatures = serializers.IntegerField()
    goal = serializers.IntegerField(allow_null=True)


class FormOutput(ActionOutput):
    total_submissions = serializers.IntegerField()


class ReferrerDataOutput(serializers.Serializer):
    source = serializers.CharField()


class SignatureOutput(CommonOutput):
    origin_system = serializers.CharField()
    action_date = serializers.DateTimeField()
    status = serializers.CharField(help_text="One of: pending, confirmed.")
    referrer_data = ReferrerDataOutput(required=False)


class SubmissionOutput(SignatureOutput):
    pass
