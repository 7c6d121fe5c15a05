"""Demo visuals: the initiator (Voix Citoyennes) has the default templates, and four
organizations have a brand kit (logo, colors, font, tagline, QR link); two of them have a
background photo, drawn here at seed time.

Idempotent: templates are installed once, and a kit is only made where there is none.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Organization

from .models import BrandKit
from .services import brand_kit_update, template_install_defaults

INITIATOR = "voix-citoyennes"


def _logo(mark: str, color: str, accent: str) -> bytes:
    shapes = {
        "circle": f'<circle cx="60" cy="60" r="50" fill="{color}"/>',
        "square": f'<rect x="10" y="10" width="100" height="100" rx="22" fill="{color}"/>',
        "diamond": f'<path d="M60 6 114 60 60 114 6 60z" fill="{color}"/>',
        "wave": f'<rect x="10" y="10" width="100" height="100" rx="50" fill="{color}"/>',
    }
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 380 120">'
        f"{shapes[mark]}"
        f'<path d="M32 68q14-22 28 0t28 0" fill="none" stroke="{accent}" stroke-width="10" '
        'stroke-linecap="round"/>'
        f'<rect x="134" y="36" width="220" height="22" rx="11" fill="{color}"/>'
        f'<rect x="134" y="68" width="150" height="16" rx="8" fill="{accent}"/>'
        "</svg>"
    ).encode()


# slug, logo shape, colors (primary, secondary, text), font, tagline
KITS = [
    (INITIATOR, "circle", ("#1d4ed8", "#f59e0b", "#ffffff"), "inter",
     {"fr": "Ensemble, faisons entendre chaque voix.",
      "en": "Together, let every voice be heard.",
      "de": "Gemeinsam jede Stimme hörbar machen."}),
    ("demokratie-jetzt", "diamond", ("#b91c1c", "#fecaca", "#ffffff"), "atkinson",
     {"de": "Demokratie lebt vom Mitmachen.", "en": "Democracy lives when we take part.",
      "fr": "La démocratie vit quand on y participe."}),
    ("horizon-commun", "wave", ("#fde047", "#be123c", "#1f2937"), "merriweather",
     {"fr": "Votre avenir se décide dans l'isoloir.", "en": "Your future is decided at the polls.",
      "de": "Ihre Zukunft entscheidet sich an der Urne."}),
    ("nordwind-energie", "square", ("#0f766e", "#a3e635", "#ffffff"), "montserrat",
     {"de": "Die Energie einer Region, die wählt.", "en": "The energy of a region that votes.",
      "fr": "L'énergie d'une région qui vote."}),
]  # fmt: skip

# slug -> colors of the drawn photo (sky, horizon, people) and its random seed
PHOTOS = {
    INITIATOR: ((253, 224, 170), (251, 146, 60), (30, 41, 82), 3),
    "nordwind-energie": ((186, 230, 253), (240, 249, 255), (15, 80, 70), 5),
}


@demo_seeder(90)
def seed_visuals(stdout=None) -> None:
    initiator = Organization.objects.filter(slug=INITIATOR).first()
    if initiator is not None:
        template_install_defaults(organization=initiator)
    for slug, mark, (primary, secondary, text), font, tagline in KITS:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None or BrandKit.objects.filter(organization=organization).exists():
            continue
        site = organization.website or "https://example.org"
        brand_kit_update(
            organization=organization,
            user=None,
            data={
                "primary": primary,
                "secondary": secondary,
                "text": text,
                "font": font,
                "tagline": tagline,
                "link": f"{site.rstrip('/')}/voter?src=visuel",
            },
            logo_upload=SimpleUploadedFile(
                f"{slug}.svg",
                _logo(mark, primary if primary != "#fde047" else secondary, secondary),
                "image/svg+xml",
            ),
            photo_upload=_photo_upload(slug),
        )
    if stdout is not None:
        stdout.write("  visuals: default templates and brand kits\n")


def _photo_upload(slug: str):
    if slug not in PHOTOS:
        return None
    sky, ground, crowd, seed = PHOTOS[slug]
    return SimpleUploadedFile(
        f"{slug}.jpg", demo_photo(sky, ground, crowd, seed=seed), "image/jpeg"
    )


def demo_photo(sky: tuple, ground: tuple, crowd: tuple, *, seed: int = 1,
               size=(1600, 1000)) -> bytes:  # fmt: skip
    """An abstract, soft picture suggesting people gathered on a bright day (drawn here, so
    no photo file is kept in the repository): JPEG bytes."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(h):  # the sky: a soft vertical gradient
        t = y / (h - 1)
        draw.line(
            [(0, y), (w, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(sky, ground, strict=True)),
        )
    glow = Image.new("RGBA", size, (255, 255, 255, 0))
    glow_draw = ImageDraw.Draw(glow)
    for _ in range(14):  # light spots, out of focus
        r = rng.randint(h // 14, h // 5)
        x, y = rng.randint(0, w), rng.randint(0, h // 2)
        glow_draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(25, 60)))
    image.paste(
        glow.filter(ImageFilter.GaussianBlur(h // 40)),
        mask=glow.filter(ImageFilter.GaussianBlur(h // 40)),
    )
    people = Image.new("RGBA", size, (*crowd, 0))
    people_draw = ImageDraw.Draw(people)
    for row in range(4):  # rows of heads and shoulders, nearer ones bigger and darker
        scale = 0.55 + row * 0.22
        base = h * (0.62 + row * 0.12)
        shade = tuple(round(c * (1 - row * 0.12)) for c in crowd)
        x = -rng.randint(0, 60)
        while x < w + 80:
            head = h * 0.045 * scale
            cx, top = x + head * 1.6, base - head * 3.2 + rng.uniform(-head, head) * 0.4
            people_draw.ellipse((cx - head, top, cx + head, top + 2 * head), fill=(*shade, 235))
            people_draw.rounded_rectangle(
                (cx - head * 1.9, top + head * 2.2, cx + head * 1.9, h + 10),
                radius=round(head * 1.2),
                fill=(*shade, 235),
            )
            x += head * rng.uniform(3.0, 4.2)
    image.paste(
        people.filter(ImageFilter.GaussianBlur(2)), mask=people.filter(ImageFilter.GaussianBlur(2))
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()
