"""The three default templates shipped with Turnout, written as ordinary template SVG (the
same conventions as an uploaded one, see ``spec.py``), with one layout per common shape."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SHAPES = {  # layout name -> (width, height) of its design
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "landscape": (1600, 900),
    "wide": (1500, 500),
}

HEADLINE = {
    "fr": "Dimanche, tous aux urnes\u202f!",
    "en": "On Sunday, let’s all go and vote!",
    "de": "Am Sonntag: Alle zur Wahl!",
}
TAGLINE = {
    "fr": "Chaque voix compte. Vérifiez votre bureau de vote.",
    "en": "Every voice counts. Check where you vote.",
    "de": "Jede Stimme zählt. Prüfen Sie Ihr Wahllokal.",
}


def _slot(name: str, x, y, w, h, **options) -> str:
    extra = "".join(f' data-{k.replace("_", "-")}="{v}"' for k, v in options.items())
    return (
        f'<rect data-slot="{name}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" '
        f'fill="none"{extra}/>'
    )


def _bold_layout(name: str, w: int, h: int) -> str:
    m = round(min(w, h) * 0.075)
    cy = h * 0.06 if name in ("landscape", "wide") else 0
    body = [
        f'<rect width="{w}" height="{h}" data-fill="primary"/>',
        f'<circle cx="{w * 0.92:g}" cy="{cy:g}" r="{min(w, h) * 0.3:g}" '
        'data-fill="secondary" fill-opacity="0.9"/>',
        f'<circle cx="{w * 0.92:g}" cy="{cy:g}" r="{min(w, h) * 0.2:g}" '
        'data-fill="primary" fill-opacity="0.35"/>',
    ]
    if name in ("landscape", "wide"):
        panel = round(w * (0.3 if name == "landscape" else 0.28))
        text_w = w - panel - 2 * m
        body += [
            f'<rect x="{w - panel}" width="{panel}" height="{h}" data-fill="light"/>',
            f'<rect x="{m}" y="{m}" width="{m * 1.6:g}" height="{m * 0.22:g}" '
            'data-fill="secondary"/>',
        ]
        if name == "landscape":
            hl = (m, m * 1.7, text_w, h * 0.5)
            tl = (m, m * 1.7 + h * 0.52, text_w, h * 0.28)
            logo = (w - panel + m * 0.8, m, panel - 1.6 * m, h * 0.28)
            qr = (w - panel + m * 0.8, h * 0.45, panel - 1.6 * m, h * 0.45)
            sizes = {"headline": (104, 40), "tagline": (44, 22)}
        else:
            hl = (m, m * 1.6, text_w, h * 0.46)
            tl = (m, m * 1.6 + h * 0.5, text_w, h * 0.22)
            logo = (w - panel + m * 0.6, m * 0.8, panel - 1.2 * m, h * 0.38)
            qr = (w - panel + m * 0.6, h * 0.5, panel - 1.2 * m, h * 0.42)
            sizes = {"headline": (84, 30), "tagline": (36, 18)}
    else:
        footer = round(h * {"square": 0.22, "portrait": 0.2, "story": 0.16}[name])
        body += [
            f'<rect y="{h - footer}" width="{w}" height="{footer}" data-fill="light"/>',
            f'<rect x="{m}" y="{h * 0.28:g}" width="{m * 1.6:g}" height="{m * 0.22:g}" '
            'data-fill="secondary"/>',
        ]
        top = h * 0.28 + m * 0.7
        hl = (m, top, w - 2 * m, h * 0.3)
        tl = (m, top + h * 0.32, w - 2 * m, h * 0.12)
        inner = footer - m
        logo = (m, h - footer + m / 2, w * 0.5, inner)
        qr = (w - m - inner, h - footer + m / 2, inner, inner)
        sizes = {"headline": (124, 48), "tagline": (48, 24)}
    body += [
        _slot("headline", *hl, max_size=sizes["headline"][0], min_size=sizes["headline"][1],
              weight=700, color="text", valign="bottom"),
        _slot("tagline", *tl, max_size=sizes["tagline"][0], min_size=sizes["tagline"][1],
              weight=400, color="text"),
        _slot("logo", *logo, align="start" if name not in ("landscape", "wide") else "middle"),
        _slot("qr", *qr, align="end" if name not in ("landscape", "wide") else "middle"),
        _slot("safe", m / 2, m / 2, w - m, h - m),
    ]  # fmt: skip
    return (
        f'<svg data-layout="{name}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        + "".join(body)
        + "</svg>"
    )


def _ribbon_layout(name: str, w: int, h: int) -> str:
    m = round(min(w, h) * 0.07)
    wide = name in ("landscape", "wide")
    if wide:
        split = w * 0.64
        body = [
            f'<rect width="{w}" height="{h}" data-fill="light"/>',
            f'<polygon points="0,0 {split + h * 0.18:g},0 {split:g},{h} 0,{h}" '
            'data-fill="primary"/>',
            f'<polygon points="{split + h * 0.18:g},0 {split + h * 0.18 + m * 0.5:g},0 '
            f'{split + m * 0.5:g},{h} {split:g},{h}" data-fill="secondary"/>',
        ]
        hl = (m, m, split - 2 * m, h * (0.55 if name == "landscape" else 0.58))
        tl = (m, m + h * 0.6, split - 2 * m, h * 0.3 - m)
        right = split + h * 0.18 + m
        logo = (right, m, w - right - m, h * 0.3)
        qr = (right, h * 0.42, w - right - m, h * 0.58 - m)
        sizes = {
            "headline": (100 if name == "landscape" else 80, 32),
            "tagline": (40 if name == "landscape" else 32, 18),
        }
        tag_color = "text"
    else:
        split = h * {"square": 0.64, "portrait": 0.64, "story": 0.68}[name]
        drop = h * 0.08
        body = [
            f'<rect width="{w}" height="{h}" data-fill="light"/>',
            f'<polygon points="0,0 {w},0 {w},{split - drop:g} 0,{split:g}" data-fill="primary"/>',
            f'<polygon points="0,{split:g} {w},{split - drop:g} {w},{split - drop + m * 0.4:g} '
            f'0,{split + m * 0.4:g}" data-fill="secondary"/>',
        ]
        hl = (m, m * 1.4, w - 2 * m, split - drop - m * 2.4)
        foot_top = split + m * 1.2
        foot_h = h - foot_top - m
        qr_side = min(foot_h, w * 0.3)
        tl = (m, foot_top + foot_h * 0.55, w - 3 * m - qr_side, foot_h * 0.45)
        logo = (m, foot_top, w - 3 * m - qr_side, foot_h * 0.5)
        qr = (w - m - qr_side, foot_top, qr_side, foot_h)
        sizes = {"headline": (140, 52), "tagline": (40, 20)}
        tag_color = "dark"
    body += [
        _slot("headline", *hl, max_size=sizes["headline"][0], min_size=sizes["headline"][1],
              weight=700, color="text", valign="middle"),
        _slot("tagline", *tl, max_size=sizes["tagline"][0], min_size=sizes["tagline"][1],
              weight=400, color=tag_color),
        _slot("logo", *logo, align="start"),
        _slot("qr", *qr, align="end" if not wide else "start"),
        _slot("safe", m / 2, m / 2, w - m, h - m),
    ]  # fmt: skip
    return (
        f'<svg data-layout="{name}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        + "".join(body)
        + "</svg>"
    )


def _dots(x0: float, y0: float, w: float, h: float, step: float) -> list[str]:
    """A halftone of secondary-colored dots over an area, growing towards its lower right:
    the art shown where the photo goes when the kit has none."""
    dots = []
    cols, rows = int(w // step) + 1, int(h // step) + 1
    for row in range(rows):
        for col in range(cols):
            grow = (col / max(cols - 1, 1) + row / max(rows - 1, 1)) / 2
            r = step * (0.1 + 0.28 * grow)
            cx = x0 + col * step + (step / 2 if row % 2 else 0)
            dots.append(f'<circle cx="{cx:.0f}" cy="{y0 + row * step:.0f}" r="{r:.1f}"/>')
    return dots


def _photo_art(x: float, y: float, w: float, h: float) -> list[str]:
    side = min(w, h)
    return [
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" data-fill="primary"/>',
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" data-fill="dark" '
        'fill-opacity="0.22"/>',
        '<g data-fill="secondary" fill-opacity="0.45">'
        + "".join(_dots(x, y, w, h, round(side / 9)))
        + "</g>",
        f'<circle cx="{x + w * 0.82:g}" cy="{y + h * 0.3:g}" r="{side * 0.42:g}" fill="none" '
        f'data-stroke="secondary" stroke-width="{side * 0.05:g}" stroke-opacity="0.8"/>',
        f'<circle cx="{x + w * 0.12:g}" cy="{y + h * 0.95:g}" r="{side * 0.3:g}" '
        'data-fill="primary" fill-opacity="0.7"/>',
    ]


def _band_slots(x0, top, x1, bottom, m, sizes) -> list[str]:
    """Headline across the band; under it the tagline, the logo on a light card, and the QR
    code on the right."""
    width, height = x1 - x0, bottom - top
    head = (x0, top, width, height * 0.42)
    row_top = top + height * 0.48
    row_h = bottom - row_top
    qr = min(row_h, width * 0.36)
    left_w = width - qr - m * 0.6
    card_h = row_h * 0.46
    card_w = min(left_w, card_h * 3.2)
    pad = card_h * 0.14
    return [
        f'<rect x="{x0:g}" y="{bottom - card_h:g}" width="{card_w:g}" height="{card_h:g}" '
        f'rx="{card_h * 0.16:g}" data-fill="light"/>',
        _slot("headline", *head, max_size=sizes[0], min_size=sizes[1], weight=700,
              color="text", valign="bottom"),
        _slot("tagline", x0, row_top, left_w, row_h - card_h - m * 0.3, max_size=sizes[2],
              min_size=sizes[3], weight=400, color="text"),
        _slot("logo", x0 + pad, bottom - card_h + pad, card_w - 2 * pad, card_h - 2 * pad,
              align="start"),
        _slot("qr", x1 - qr, bottom - qr, qr, qr, align="end"),
    ]  # fmt: skip


def _photo_layout(name: str, w: int, h: int) -> str:
    """A photo over most of the visual (the top, or the left of the wide shapes), a band in
    the main color with the texts, the logo and the QR code."""
    m = round(min(w, h) * 0.067)
    accent = max(6, round(m * 0.18))
    if name in ("landscape", "wide"):
        photo_w = round(w * (0.5 if name == "landscape" else 0.38))
        body = [  # the band is drawn over what of the art goes past the photo's edge
            *_photo_art(0, 0, photo_w, h),
            f'<rect x="{photo_w}" width="{w - photo_w}" height="{h}" data-fill="primary"/>',
            f'<rect x="{photo_w}" width="{accent}" height="{h}" data-fill="secondary"/>',
            _slot("photo", 0, 0, photo_w, h, focus="center"),
        ]
        sizes = (88, 36, 40, 20) if name == "landscape" else (64, 28, 30, 16)
        body += _band_slots(photo_w + accent + m, m, w - m, h - m, m, sizes)
    else:
        photo_h = round(h * {"square": 0.56, "portrait": 0.57, "story": 0.58}[name])
        body = [
            *_photo_art(0, 0, w, photo_h),
            f'<rect y="{photo_h}" width="{w}" height="{h - photo_h}" data-fill="primary"/>',
            f'<rect y="{photo_h}" width="{w}" height="{accent}" data-fill="secondary"/>',
            _slot("photo", 0, 0, w, photo_h, focus="center"),
        ]
        sizes = {"square": (96, 40, 40, 20), "portrait": (104, 40, 42, 20),
                 "story": (120, 44, 48, 22)}[name]  # fmt: skip
        body += _band_slots(m, photo_h + accent + m * 0.6, w - m, h - m * 0.8, m, sizes)
    body.append(_slot("safe", m / 2, m / 2, w - m, h - m))
    return (
        f'<svg data-layout="{name}" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        + "".join(body)
        + "</svg>"
    )


def _template(layout) -> str:
    w, h = SHAPES["square"]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
        + "".join(layout(name, *size) for name, size in SHAPES.items())
        + "</svg>"
    )


DEFAULT_TEMPLATES = {
    "bold": {"name": _("Bold circle"), "svg": _template(_bold_layout)},
    "ribbon": {"name": _("Ribbon"), "svg": _template(_ribbon_layout)},
    "photo": {"name": _("Photo band"), "svg": _template(_photo_layout)},
}
