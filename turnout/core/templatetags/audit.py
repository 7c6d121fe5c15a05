from django import template

from ..audit import audit_label as label_of

register = template.Library()


@register.filter
def audit_label(event) -> str:
    """The readable line of an audit event (see ``turnout.core.audit.audit_labels``)."""
    return label_of(event)
