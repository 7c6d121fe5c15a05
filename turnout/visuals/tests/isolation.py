"""How to make, in another organization, each object that a visuals URL names."""

from .factories import VisualTemplateFactory

OBJECT_KWARGS = {
    "template_id": lambda org: VisualTemplateFactory(organization=org).pk,
    "sample": lambda org: 0,
    "format_key": lambda org: "square",
}
