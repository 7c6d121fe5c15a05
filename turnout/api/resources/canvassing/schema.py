"""OpenAPI description of the canvassing representations."""

from __future__ import annotations

from rest_framework import serializers

from ...osdi.schema import CommonOutput


class EffortOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    total_questions = serializers.IntegerField()
    total_canvasses = serializers.IntegerField(required=False)


class CanvassAnswerOutput(serializers.Serializer):
    question = serializers.CharField()
    responses = serializers.ListField(child=serializers.CharField(), required=False)
    value = serializers.CharField(required=False)


class CanvassOutput(CommonOutput):
    origin_system = serializers.CharField()
    client_id = serializers.UUIDField()
    action_date = serializers.DateTimeField()
    contact_type = serializers.CharField()
    input_type = serializers.CharField()
    success = serializers.BooleanField()
    status_code = serializers.CharField()
    address = serializers.IntegerField()
    door = serializers.CharField(allow_blank=True)
    answers = CanvassAnswerOutput(many=True)
    answers_withheld = serializers.IntegerField()
    notice = serializers.CharField(required=False)


class ResponseOutput(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)


class QuestionOutput(CommonOutput):
    origin_system = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    question_type = serializers.ChoiceField(choices=["SingleChoice", "MultiChoice", "Paragraph"])
    sensitive = serializers.BooleanField()
    responses = ResponseOutput(many=True)


class AnswerOutput(CommonOutput):
    origin_system = serializers.CharField()
    action_date = serializers.DateTimeField()
    responses = serializers.ListField(child=serializers.CharField(), required=False)
    value = serializers.CharField(required=False)
