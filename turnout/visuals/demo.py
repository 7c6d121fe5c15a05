"""Demo visuals: the initiator (Voix Citoyennes) has the two default templates, and four
organizations have a brand kit (logo, colors, font, tagline, QR link).

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
        )
    if stdout is not None:
        stdout.write("  visuals: default templates and brand kits\n")
