"""OpenAPI description of the donations representations."""

from __future__ import annotations

from rest_framework import serializers

from ...osdi.schema import CommonOutput


class FundraisingPageOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=["draft", "published", "closed"])
    currency = serializers.CharField()
    total_donations = serializers.IntegerField()
    total_amount = serializers.CharField()
    goal = serializers.CharField(allow_null=True)
    browser_url = serializers.CharField(required=False)


class PaymentOutput(serializers.Serializer):
    method = serializers.CharField()
    reference_number = serializers.CharField(allow_blank=True)
    authorization_stored = serializers.BooleanField()


class RecipientOutput(serializers.Serializer):
    display_name = serializers.CharField()
    amount = serializers.CharField()


class DonationOutput(CommonOutput):
    origin_system = serializers.CharField()
    action_date = serializers.DateTimeField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.CharField()
    credited_amount = serializers.CharField()
    voided = serializers.BooleanField()
    payment = PaymentOutput()
    recipients = RecipientOutput(many=True)
    sources = serializers.ListField(child=serializers.CharField())
