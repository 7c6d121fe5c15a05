"""Fill a template's slots for one brand, language and format: the renderer-neutral scene.

The scene is drawn by ``render.py`` as an SVG (for the PNG renderer) or on a PDF page. Every
position is in the canvas's own units (pixels for PNG, points for PDF), y growing downwards.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from .brand import Brand
from .colors import parse_hex
from .formats import Format
from .layout import TextBlock, first_baseline, fit_text
from .qr import QUIET_ZONE, qr_matrix
from .sanitize import SVG_NS
from .spec import TEXT_SLOTS, Layout, Slot, TemplateSpec, _number, pick_layout

DEFAULT_SIZES = {"headline": (96.0, 40.0), "tagline": (44.0, 22.0)}
DEFAULT_WEIGHT = {"headline": 700, "tagline": 400}


@dataclass
class TextItem:
    slot: str
    block: TextBlock
    family: str
    weight: int
    color: str
    anchor: str  # start, middle, end
    x: float  # the anchor's x
    baselines: list[float]


@dataclass
class LogoItem:
    x: float
    y: float
    width: float
    height: float
    data: bytes
    kind: str
    align: str


@dataclass
class PhotoItem:
    """The brand's photo covering the photo slot: scaled to fill it, the excess cropped
    (centred, or kept at the top or bottom with ``focus``)."""

    x: float
    y: float
    width: float
    height: float
    data: bytes = field(repr=False)
    focus: str = "center"  # top, center or bottom


@dataclass
class QRItem:
    x: float
    y: float
    side: float
    matrix: tuple
    dark: str = "#000000"
    light: str = "#ffffff"

    @property
    def module(self) -> float:
        return self.side / (len(self.matrix) + 2 * QUIET_ZONE)


@dataclass
class Scene:
    fmt: Format
    width: float  # the whole canvas, bleed included
    height: float
    bleed: float
    art: etree._Element  # an <svg> of the layout's art, colors applied
    viewbox: tuple[float, float, float, float]
    scale: float
    offset: tuple[float, float]
    items: list = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)  # slots whose text had to be cut

    def place(self, slot: Slot) -> tuple[float, float, float, float]:
        """A slot's rectangle on the canvas, kept inside the trimmed area."""
        vx, vy, _vw, _vh = self.viewbox
        x = (slot.x - vx) * self.scale + self.offset[0]
        y = (slot.y - vy) * self.scale + self.offset[1]
        w, h = slot.width * self.scale, slot.height * self.scale
        lo_x, lo_y = self.bleed, self.bleed
        hi_x, hi_y = self.width - self.bleed, self.height - self.bleed
        x0, y0 = max(x, lo_x), max(y, lo_y)
        x1, y1 = min(x + w, hi_x), min(y + h, hi_y)
        return x0, y0, max(1.0, x1 - x0), max(1.0, y1 - y0)

    def place_art(self, slot: Slot) -> tuple[float, float, float, float]:
        """A slot's rectangle on the canvas, kept inside the canvas: art such as a photo goes
        on into the bleed, as the template's own art does."""
        vx, vy, _vw, _vh = self.viewbox
        x = (slot.x - vx) * self.scale + self.offset[0]
        y = (slot.y - vy) * self.scale + self.offset[1]
        x0, y0 = max(x, 0.0), max(y, 0.0)
        x1 = min(x + slot.width * self.scale, self.width)
        y1 = min(y + slot.height * self.scale, self.height)
        return x0, y0, max(1.0, x1 - x0), max(1.0, y1 - y0)


def role_color(brand: Brand, role: str | None, default: str) -> str:
    role = (role or "").strip()
    colors = {
        "primary": brand.primary,
        "secondary": brand.secondary,
        "text": brand.text,
        "light": "#ffffff",
        "dark": "#111827",
    }
    if role in colors:
        return colors[role]
    if role.startswith("#"):
        try:
            return parse_hex(role)
        except Exception:
            return default
    return default


def _apply_roles(element, brand: Brand) -> None:
    for node in element.iter(f"{{{SVG_NS}}}*"):
        classes = (node.get("class") or "").split()
        for prop in ("fill", "stroke"):
            role = node.get(f"data-{prop}")
            if role is None:
                role = next((c[len(prop) + 1 :] for c in classes if c.startswith(f"{prop}-")), None)
            if role is None:
                continue
            color = role_color(brand, role, "")
            if color:
                node.set(prop, color)
                style = node.get("style")
                if style and prop in style:
                    node.set("style", f"{style};{prop}:{color}")
        if etree.QName(node).localname == "stop" and node.get("data-stop-color"):
            node.set("stop-color", role_color(brand, node.get("data-stop-color"), "#000000"))


def art_document(spec: TemplateSpec, layout: Layout, brand: Brand) -> etree._Element:
    vx, vy, vw, vh = layout.viewbox
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    root.set("viewBox", f"{vx:g} {vy:g} {vw:g} {vh:g}")
    root.set("width", f"{vw:g}")
    root.set("height", f"{vh:g}")
    for node in spec.shared:
        root.append(copy.deepcopy(node))
    for child in layout.element:
        root.append(copy.deepcopy(child))
    _apply_roles(root, brand)
    return root


def compose(
    spec: TemplateSpec,
    brand: Brand,
    *,
    fmt: Format,
    headline: str,
    tagline: str,
    partners: tuple[tuple[bytes, str], ...] = (),
) -> Scene:
    """``partners``: (logo, kind) of the partner organizations shown in the partner strip."""
    width, height = fmt.width + 2 * fmt.bleed, fmt.height + 2 * fmt.bleed
    layout = pick_layout(spec, fmt.aspect)
    _vx, _vy, vw, vh = layout.viewbox
    scale = max(width / vw, height / vh)  # cover the canvas (bleed included)
    offset = ((width - vw * scale) / 2, (height - vh * scale) / 2)
    scene = Scene(
        fmt, width, height, fmt.bleed, art_document(spec, layout, brand), layout.viewbox,
        scale, offset,
    )  # fmt: skip
    texts = {"headline": headline, "tagline": tagline}
    photo = layout.slots.get("photo")
    if photo is not None and brand.photo:  # first: over the art, under everything else
        focus = photo.options.get("focus", "center")
        scene.items.append(
            PhotoItem(*scene.place_art(photo), brand.photo,
                      focus if focus in ("top", "center", "bottom") else "center")
        )  # fmt: skip
    for name, slot in layout.slots.items():
        box = scene.place(slot)
        if name in TEXT_SLOTS and texts[name].strip():
            scene.items.append(_text_item(scene, slot, box, brand, texts[name]))
        elif name == "logo" and brand.logo:
            scene.items.append(
                LogoItem(*box, brand.logo, brand.logo_kind, slot.options.get("align", "middle"))
            )
        elif name == "partners" and partners:
            scene.items.extend(_partner_items(box, partners))
        elif name == "qr" and brand.link:
            x, y, w, h = box
            side = min(w, h)
            align = slot.options.get("align", "middle")
            dx = {"start": 0, "end": w - side}.get(align, (w - side) / 2)
            scene.items.append(QRItem(x + dx, y + (h - side) / 2, side, qr_matrix(brand.link)))
    return scene


def _partner_items(box, partners) -> list[LogoItem]:
    """Partner logos side by side in equal cells, a small gap between them."""
    x, y, w, h = box
    gap = min(w, h) * 0.15
    cell = (w - gap * (len(partners) - 1)) / len(partners)
    return [
        LogoItem(x + i * (cell + gap), y, cell, h, data, kind, "middle")
        for i, (data, kind) in enumerate(partners)
    ]


def _text_item(scene: Scene, slot: Slot, box, brand: Brand, text: str) -> TextItem:
    x, y, w, h = box
    default_max, default_min = DEFAULT_SIZES[slot.name]
    max_size = _number(slot.options.get("max-size"), default_max) * scene.scale
    min_size = _number(slot.options.get("min-size"), default_min) * scene.scale
    weight = 700 if str(slot.options.get("weight", DEFAULT_WEIGHT[slot.name])) == "700" else 400
    max_lines = int(_number(slot.options.get("max-lines"), 0) or 0) or None
    block = fit_text(
        text,
        family=brand.font,
        weight=weight,
        width=w,
        height=h,
        max_size=max_size,
        min_size=min_size,
        max_lines=max_lines,
    )
    if not block.fits:
        scene.overflow.append(slot.name)
    anchor = slot.options.get("align", "start")
    if anchor not in ("start", "middle", "end"):
        anchor = "start"
    ax = {"start": x, "middle": x + w / 2, "end": x + w}[anchor]
    top = first_baseline(block, brand.font, weight, y, h, slot.options.get("valign", "top"))
    step = block.size * block.line_height
    return TextItem(
        slot.name,
        block,
        brand.font,
        weight,
        role_color(brand, slot.options.get("color", "text"), brand.text),
        anchor,
        ax,
        [top + i * step for i in range(len(block.lines))],
    )
