"""The two renderers: resvg (through resvg-py) for PNG, reportlab (plus svglib for the
template's art) for vector PDF. See docs/decisions/0044-visual-renderer.md."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from .compose import LogoItem, PhotoItem, QRItem, Scene, TextItem
from .fonts import DEFAULT_FAMILY, FAMILIES, WEIGHTS
from .formats import MM
from .qr import QUIET_ZONE, runs, svg_path
from .sanitize import XLINK_NS as XLINK

# Part of every cache key: bump it when a change here or in compose/layout changes pixels.
RENDERER_VERSION = "2"
ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


# --- Logos -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def logo_aspect(data: bytes, kind: str) -> float:
    if kind == "svg":
        from .spec import _viewbox

        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        box = _viewbox(root)
        return box[2] / box[3] if box else 1.0
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.width / image.height


def _fit(item: LogoItem) -> tuple[float, float, float, float]:
    aspect = logo_aspect(item.data, item.kind)
    w, h = item.width, item.width / aspect
    if h > item.height:
        h, w = item.height, item.height * aspect
    dx = {"start": 0, "end": item.width - w}.get(item.align, (item.width - w) / 2)
    return item.x + dx, item.y + (item.height - h) / 2, w, h


# --- Photos ------------------------------------------------------------------------------

FOCUS_ALIGN = {"top": "xMidYMin", "center": "xMidYMid", "bottom": "xMidYMax"}


@functools.lru_cache(maxsize=64)
def photo_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size


def photo_cover(item: PhotoItem) -> tuple[float, float, float, float]:
    """Where the whole photo goes so that it covers its slot: (x, y, w, h), overflowing the
    slot on two sides (centred across, and down as its focus says)."""
    iw, ih = photo_size(item.data)
    scale = max(item.width / iw, item.height / ih)
    w, h = iw * scale, ih * scale
    dy = {"top": 0.0, "bottom": item.height - h}.get(item.focus, (item.height - h) / 2)
    return item.x + (item.width - w) / 2, item.y + dy, w, h


# --- SVG (for the PNG renderer) -----------------------------------------------------------

ID_REF = re.compile(r"url\(\s*#([^)\s]+)\s*\)")


@functools.lru_cache(maxsize=256)
def _logo_parts(data: bytes) -> tuple[str, str]:
    """(viewBox, inner markup) of a sanitized SVG logo, its ids prefixed so that they cannot
    clash with the template's."""
    from .spec import _viewbox

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    prefix = "logo-" + hashlib.sha256(data).hexdigest()[:8] + "-"
    href_attrs = ("href", f"{{{XLINK}}}href")
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.get("id"):
            node.set("id", prefix + node.get("id"))
        for name, value in node.attrib.items():
            if name in href_attrs and value.startswith("#"):
                node.set(name, "#" + prefix + value[1:])
            elif "url(" in value:
                node.set(name, ID_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
    box = _viewbox(root) or (0, 0, 100, 100)
    markup = etree.tostring(root, encoding="unicode")
    inner = markup[markup.index(">", markup.index("<svg")) + 1 : markup.rindex("</svg>")]
    return " ".join(f"{v:g}" for v in box), inner


def inline_svg_logo(data: bytes, x: float, y: float, w: float, h: float) -> str:
    viewbox, inner = _logo_parts(data)
    return (
        f'<svg x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" viewBox="{viewbox}" '
        f'preserveAspectRatio="xMidYMid meet">{inner}</svg>'
    )


def scene_to_svg(scene: Scene) -> str:
    vx, vy, _vw, _vh = scene.viewbox
    art = etree.tostring(scene.art, encoding="unicode")
    inner = art[art.index(">", art.index("<svg")) + 1 : art.rindex("</svg>")]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width:g}" '
        f'height="{scene.height:g}" viewBox="0 0 {scene.width:g} {scene.height:g}">',
        f'<g transform="translate({scene.offset[0]:.3f} {scene.offset[1]:.3f}) '
        f'scale({scene.scale:.6f}) translate({-vx:g} {-vy:g})">{inner}</g>',
    ]
    for item in scene.items:
        if isinstance(item, PhotoItem):  # its viewport (the slot) clips the excess
            uri = f"data:image/jpeg;base64,{base64.b64encode(item.data).decode()}"
            parts.append(
                f'<image x="{item.x:.2f}" y="{item.y:.2f}" width="{item.width:.2f}" '
                f'height="{item.height:.2f}" preserveAspectRatio="{FOCUS_ALIGN[item.focus]} '
                f'slice" href="{uri}"/>'
            )
        elif isinstance(item, TextItem):
            family = FAMILIES.get(item.family, FAMILIES[DEFAULT_FAMILY]).name
            for line, baseline in zip(item.block.lines, item.baselines, strict=True):
                parts.append(
                    f'<text x="{item.x:.2f}" y="{baseline:.2f}" font-family={quoteattr(family)} '
                    f'font-weight="{item.weight}" font-size="{item.block.size:.2f}" '
                    f'fill="{item.color}" text-anchor="{ANCHORS[item.anchor]}" '
                    f'xml:space="preserve">{escape(line)}</text>'
                )
        elif isinstance(item, LogoItem):
            x, y, w, h = _fit(item)
            if item.kind == "svg":  # inlined: much faster than an <image> of SVG data
                parts.append(inline_svg_logo(item.data, x, y, w, h))
            else:
                uri = f"data:image/png;base64,{base64.b64encode(item.data).decode()}"
                parts.append(
                    f'<image x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                    f'preserveAspectRatio="xMidYMid meet" href="{uri}"/>'
                )
        elif isinstance(item, QRItem):
            m = item.module
            parts.append(
                f'<rect x="{item.x:.2f}" y="{item.y:.2f}" width="{item.side:.2f}" '
                f'height="{item.side:.2f}" fill="{item.light}"/>'
            )
            origin = QUIET_ZONE * m
            parts.append(
                f'<path fill="{item.dark}" shape-rendering="crispEdges" '
                f'd="{svg_path(item.matrix, item.x + origin, item.y + origin, m)}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def font_files() -> list[str]:
    return [str(f.file(w)) for f in FAMILIES.values() for w in WEIGHTS]


def svg_to_png(svg: str, *, width: int | None = None) -> bytes:
    """The bare renderer: an SVG string in, PNG bytes out, only our own fonts. ``width``
    forces the output width (an uploaded logo may declare any size)."""
    import resvg_py

    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg, skip_system_fonts=True, font_files=font_files(), width=width
        )
    )


def render_png(scene: Scene) -> bytes:
    return svg_to_png(scene_to_svg(scene))


# --- PDF ----------------------------------------------------------------------------------

SLUG = 12 * MM  # room around the bleed for the crop marks
MARK = 6 * MM


@functools.cache
def pdf_font(family: str, weight: int) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font_family = FAMILIES.get(family, FAMILIES[DEFAULT_FAMILY])
    name = f"Turnout-{font_family.key}-{weight}"
    pdfmetrics.registerFont(TTFont(name, str(font_family.file(weight))))
    return name


def _svg_drawing(svg: str | bytes):
    from svglib.svglib import svg2rlg

    data = svg.encode() if isinstance(svg, str) else svg
    return svg2rlg(io.BytesIO(data))


def render_pdf(scene: Scene, *, title: str = "") -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import HexColor
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdf_canvas

    slug = SLUG if scene.fmt.marks else 0
    page_w, page_h = scene.width + 2 * slug, scene.height + 2 * slug
    buffer = io.BytesIO()
    c = pdf_canvas.Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1, invariant=1)
    c.setTitle(title)
    c.setCreator("Turnout")
    bleed_box = (slug, slug, slug + scene.width, slug + scene.height)
    b = scene.bleed
    trim_box = (slug + b, slug + b, slug + scene.width - b, slug + scene.height - b)
    c.setBleedBox(bleed_box)
    c.setTrimBox(trim_box)

    def top(y: float) -> float:  # our y (down) to PDF y (up), on the page
        return slug + scene.height - y

    # The template's art, clipped to the bleed box.
    _vx, _vy, vw, vh = scene.viewbox
    drawing = _svg_drawing(etree.tostring(scene.art))
    c.saveState()
    clip = c.beginPath()
    clip.rect(slug, slug, scene.width, scene.height)
    c.clipPath(clip, stroke=0, fill=0)
    c.translate(slug + scene.offset[0], top(scene.offset[1] + vh * scene.scale))
    c.scale(scene.scale * vw / drawing.width, scene.scale * vh / drawing.height)
    renderPDF.draw(drawing, c, 0, 0)
    c.restoreState()

    for item in scene.items:
        if isinstance(item, PhotoItem):
            x, y, w, h = photo_cover(item)
            c.saveState()
            clip = c.beginPath()
            clip.rect(slug + item.x, top(item.y + item.height), item.width, item.height)
            c.clipPath(clip, stroke=0, fill=0)
            c.drawImage(ImageReader(io.BytesIO(item.data)), slug + x, top(y + h), w, h)
            c.restoreState()
        elif isinstance(item, TextItem):
            c.setFont(pdf_font(item.family, item.weight), item.block.size)
            c.setFillColor(HexColor(item.color))
            draw = {
                "start": c.drawString,
                "middle": c.drawCentredString,
                "end": c.drawRightString,
            }[item.anchor]
            for line, baseline in zip(item.block.lines, item.baselines, strict=True):
                draw(slug + item.x, top(baseline), line)
        elif isinstance(item, LogoItem):
            x, y, w, h = _fit(item)
            if item.kind == "svg":
                logo = _svg_drawing(item.data)
                c.saveState()
                c.translate(slug + x, top(y + h))
                c.scale(w / logo.width, h / logo.height)
                renderPDF.draw(logo, c, 0, 0)
                c.restoreState()
            else:
                c.drawImage(
                    ImageReader(io.BytesIO(item.data)), slug + x, top(y + h), w, h, mask="auto"
                )
        elif isinstance(item, QRItem):
            m = item.module
            c.setFillColor(HexColor(item.light))
            c.rect(slug + item.x, top(item.y + item.side), item.side, item.side, stroke=0, fill=1)
            c.setFillColor(HexColor(item.dark))
            x0, y0 = slug + item.x + QUIET_ZONE * m, item.y + QUIET_ZONE * m
            path = c.beginPath()
            for row, col, n in runs(item.matrix):
                path.rect(x0 + col * m, top(y0 + (row + 1) * m), n * m, m)
            c.drawPath(path, stroke=0, fill=1)
    if scene.fmt.marks:
        _crop_marks(c, trim_box, scene.bleed)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _crop_marks(c, trim_box, bleed: float) -> None:
    """Thin registration lines at the four corners of the trim box, outside the bleed."""
    from reportlab.lib.colors import black

    x0, y0, x1, y1 = trim_box
    gap = bleed + 1 * MM
    c.setStrokeColor(black)
    c.setLineWidth(0.25)
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            c.line(x + sx * gap, y, x + sx * (gap + MARK), y)
            c.line(x, y + sy * gap, x, y + sy * (gap + MARK))
