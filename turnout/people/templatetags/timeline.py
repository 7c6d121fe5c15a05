from django import template

from ..activity_kinds import kind_label

register = template.Library()


@register.filter
def activity_label(kind: str) -> str:
    """The readable label of an Activity kind."""
    return kind_label(kind)
