"""What a template SVG declares: its layouts (one per aspect ratio), slots and color roles.

Conventions (docs/user-guide.md, "Campaign visuals"):
- A template is one design, or several: top-level ``<svg data-layout="square" viewBox="...">``
  children, each drawn for its own aspect ratio. The layout nearest to a format's shape is used.
- Slots are ``<rect data-slot="headline|tagline|logo|qr|partners|photo|safe">``; they mark
  where our code places the organization's content, and are not drawn themselves. Text slots
  take ``data-max-size``, ``data-min-size`` (in the layout's units), ``data-align``
  (start, middle, end), ``data-valign`` (top, middle, bottom), ``data-weight`` (400, 700),
  ``data-max-lines`` and ``data-color`` (primary, secondary, text, light, dark or #rrggbb).
- Any element with ``data-fill`` or ``data-stroke`` naming a role (or with a class
  ``fill-primary``, ``stroke-text``, ...) takes the brand's color for that role.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from .sanitize import SVG_NS

SLOT_NAMES = ("headline", "tagline", "logo", "qr", "partners", "photo", "safe")
TEXT_SLOTS = ("headline", "tagline")
ROLES = ("primary", "secondary", "text", "light", "dark")
NUMBER = re.compile(r"^\s*(-?[0-9.]+)")


@dataclass
class Slot:
    name: str
    x: float
    y: float
    width: float
    height: float
    options: dict = field(default_factory=dict)


@dataclass
class Layout:
    name: str
    viewbox: tuple[float, float, float, float]
    element: object  # lxml element: the layout's art, slots removed
    slots: dict[str, Slot]

    @property
    def aspect(self) -> float:
        return self.viewbox[2] / self.viewbox[3]


@dataclass
class TemplateSpec:
    shared: list  # top-level definitions used by every layout (defs, style)
    layouts: list[Layout]

    def summary(self) -> dict:
        return {
            "layouts": [
                {
                    "name": layout.name,
                    "width": layout.viewbox[2],
                    "height": layout.viewbox[3],
                    "slots": sorted(layout.slots),
                }
                for layout in self.layouts
            ]
        }


def _number(value, default=None) -> float | None:
    if value is None:
        return default
    match = NUMBER.match(str(value))
    if not match:
        return default
    try:
        return float(match.group(1))
    except ValueError:
        return default


def _viewbox(element) -> tuple[float, float, float, float] | None:
    raw = element.get("viewBox")
    if raw:
        parts = [p for p in re.split(r"[\s,]+", raw.strip()) if p]
        if len(parts) == 4:
            try:
                box = tuple(float(p) for p in parts)
            except ValueError:
                box = None
            if box and box[2] > 0 and box[3] > 0:
                return box
    width, height = _number(element.get("width")), _number(element.get("height"))
    if width and height:
        return (0.0, 0.0, width, height)
    return None


def _layout(name: str, element) -> Layout:
    box = _viewbox(element)
    if box is None:
        raise ValidationError(
            _("The template's <svg> needs a viewBox (or a width and a height)."),
            code="no_viewbox",
        )
    element = copy.deepcopy(element)
    slots: dict[str, Slot] = {}
    for node in list(element.iter(f"{{{SVG_NS}}}*")):
        slot_name = node.get("data-slot")
        if not slot_name:
            continue
        if slot_name not in SLOT_NAMES:
            raise ValidationError(
                _("Unknown slot “%(name)s”. Slots are: %(names)s.")
                % {"name": slot_name[:40], "names": ", ".join(SLOT_NAMES)},
                code="bad_slot",
            )
        if etree.QName(node).localname != "rect":
            raise ValidationError(
                _("The “%(name)s” slot must be a <rect>.") % {"name": slot_name}, code="bad_slot"
            )
        width, height = _number(node.get("width"), 0), _number(node.get("height"), 0)
        if width <= 0 or height <= 0:
            raise ValidationError(
                _("The “%(name)s” slot has no size.") % {"name": slot_name}, code="bad_slot"
            )
        options = {
            key[5:]: value
            for key, value in node.attrib.items()
            if key.startswith("data-") and key != "data-slot"
        }
        slots[slot_name] = Slot(
            slot_name, _number(node.get("x"), 0), _number(node.get("y"), 0), width, height, options
        )
        node.getparent().remove(node)
    return Layout(name, box, element, slots)


def parse_template(svg: str) -> TemplateSpec:
    """Read the layouts and slots of a sanitized template, or raise a clear ValidationError."""
    root = etree.fromstring(svg.encode(), etree.XMLParser(resolve_entities=False, no_network=True))
    layout_nodes = [
        child
        for child in root
        if isinstance(child.tag, str)
        and etree.QName(child).localname == "svg"
        and child.get("data-layout")
    ]
    if layout_nodes:
        shared = [
            copy.deepcopy(child)
            for child in root
            if child not in layout_nodes
            and isinstance(child.tag, str)
            and etree.QName(child).localname in ("defs", "style")
        ]
        layouts = [_layout(node.get("data-layout")[:40], node) for node in layout_nodes]
    else:
        shared = []
        layouts = [_layout("main", root)]
    if not any(layout.slots for layout in layouts):
        raise ValidationError(
            _(
                "This template has no slots: mark where the logo, headline, tagline and QR "
                'code go with <rect data-slot="..."> elements.'
            ),
            code="no_slots",
        )
    return TemplateSpec(shared, layouts)


@functools.lru_cache(maxsize=64)
def cached_spec(key: str, svg: str) -> TemplateSpec:
    """Parsed templates, by (template id, version): parsing is done once per version."""
    return parse_template(svg)


def pick_layout(spec: TemplateSpec, aspect: float) -> Layout:
    import math

    return min(spec.layouts, key=lambda layout: abs(math.log(layout.aspect / aspect)))
