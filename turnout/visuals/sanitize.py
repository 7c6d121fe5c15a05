"""Safe SVG: parsed without entities, DTDs or network, then checked element by element.

Anything that can run code or fetch something (scripts, event handlers, ``javascript:``
addresses, external references, ``foreignObject``, DOCTYPE and entities) is refused with a
message that says what was found; harmless editor leftovers (Inkscape metadata, comments,
unknown namespaces) are dropped. Embedded pictures must be PNG, JPEG or WebP data and pass the
same checks as uploaded images.
"""

from __future__ import annotations

import base64
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from turnout.core.uploads import open_raster_image

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_ELEMENTS = 20_000
MAX_DEPTH = 64

ALLOWED = {
    "svg", "g", "defs", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern",
    "use", "symbol", "image", "title", "desc", "style", "filter", "feGaussianBlur", "feOffset",
    "feBlend", "feFlood", "feComposite", "feMerge", "feMergeNode", "feColorMatrix",
}  # fmt: skip
DROPPED = {"metadata", "animate", "animateTransform", "animateMotion", "set", "a", "switch"}
FORBIDDEN = {"script": "a script", "foreignObject": "embedded HTML (foreignObject)"}
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|webp);base64,", re.I)
URL_REF = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)
STYLE_DANGER = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.I)


def _refuse(what: str):
    raise ValidationError(
        _("This SVG file contains %(what)s, which is not allowed. Remove it and upload again.")
        % {"what": what},
        code="unsafe_svg",
    )


def looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text.startswith(b"<") and b"<svg" in head[:4096].lower()


def sanitize_svg(data: bytes, *, max_bytes: int) -> str:
    """Return the cleaned SVG source, or raise ValidationError with a clear message."""
    if len(data) > max_bytes:
        raise ValidationError(
            _("This SVG file is too big (the limit is %(limit)s KB).")
            % {"limit": max_bytes // 1024},
            code="too_big",
        )
    lowered = data[:65536].lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        _refuse(_("a DOCTYPE or entity declarations"))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValidationError(
            _("This file is not a valid SVG image (%(error)s).") % {"error": str(exc)[:120]},
            code="bad_svg",
        ) from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValidationError(
            _("This file is not an SVG image (its root element is not <svg>)."), code="bad_svg"
        )
    count = 0
    for element in list(root.iter()):
        count += 1
        if count > MAX_ELEMENTS:
            raise ValidationError(
                _("This SVG file has too many elements (the limit is %(limit)s).")
                % {"limit": MAX_ELEMENTS},
                code="too_complex",
            )
        if not isinstance(element.tag, str):
            element.getparent().remove(element)
            continue
        _clean_element(element)
    if max((len(list(e.iterancestors())) for e in root.iter()), default=0) > MAX_DEPTH:
        raise ValidationError(_("This SVG file is nested too deeply."), code="too_complex")
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")


def _clean_element(element) -> None:
    qname = etree.QName(element)
    local = qname.localname
    if local in FORBIDDEN:
        _refuse(FORBIDDEN[local])
    parent = element.getparent()
    if qname.namespace != SVG_NS or local in DROPPED or local not in ALLOWED:
        if local in DROPPED or qname.namespace != SVG_NS:
            if parent is not None:
                parent.remove(element)
            return
        _refuse(_("an element we do not support (<%(name)s>)") % {"name": local})
    for name, value in list(element.attrib.items()):
        attr = etree.QName(name)
        attr_local = attr.localname
        if attr_local.lower().startswith("on"):
            _refuse(_("an event handler (%(name)s)") % {"name": attr_local})
        if attr.namespace not in (None, XLINK_NS):
            del element.attrib[name]
            continue
        if attr_local == "href":
            _check_href(value)
        elif "url(" in value.lower():
            for target in URL_REF.findall(value):
                if not target.startswith("#"):
                    _refuse(_("a reference to an outside file"))
        if "javascript:" in value.lower().replace(" ", ""):
            _refuse(_("a javascript: address"))
        if attr_local == "style" and STYLE_DANGER.search(value):
            _refuse(_("a style that loads outside content"))
    if local == "style":
        css = element.text or ""
        if STYLE_DANGER.search(css):
            _refuse(_("a style that loads outside content"))
        for target in URL_REF.findall(css):
            if not target.startswith("#"):
                _refuse(_("a reference to an outside file"))


def _check_href(value: str) -> None:
    value = value.strip()
    if value.startswith("#"):
        return
    if DATA_IMAGE.match(value):
        payload = value.split(",", 1)[1]
        try:
            raw = base64.b64decode(payload, validate=False)
        except ValueError as exc:
            raise ValidationError(_("An embedded picture is damaged."), code="bad_svg") from exc
        upload = io.BytesIO(raw)
        upload.size = len(raw)
        open_raster_image(upload)
        return
    _refuse(_("a reference to an outside file or address"))
