"""A brand as the renderer sees it: a value, built from a saved brand kit or a sample."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Brand:
    name: str
    primary: str
    secondary: str
    text: str
    font: str
    link: str
    tagline: dict = field(default_factory=dict, hash=False)
    logo: bytes = b""  # PNG (re-encoded) or sanitized SVG
    logo_kind: str = ""  # "png", "svg" or ""
    photo: bytes = b""  # JPEG (re-encoded) for the templates' photo slot, or nothing

    def content_hash(self) -> str:
        """Changes exactly when something that shows in a render changes. The photo counts
        only when there is one: the keys of kits without a photo stay as they were."""
        values = {
            "name": self.name,
            "colors": [self.primary, self.secondary, self.text],
            "font": self.font,
            "link": self.link,
            "tagline": {k: v for k, v in sorted(self.tagline.items()) if v},
            "logo": hashlib.sha256(self.logo).hexdigest(),
            "logo_kind": self.logo_kind,
        }
        if self.photo:
            values["photo"] = hashlib.sha256(self.photo).hexdigest()
        payload = json.dumps(values, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()


def _sample_logo(initials: str, fill: str, shape: str) -> bytes:
    mark = (
        f'<circle cx="60" cy="60" r="52" fill="{fill}"/>'
        if shape == "circle"
        else f'<rect x="8" y="8" width="104" height="104" rx="18" fill="{fill}"/>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 120">'
        f"{mark}"
        f'<path d="M40 60h40M60 40v40" stroke="#ffffff" stroke-width="12" stroke-linecap="round"/>'
        f'<rect x="140" y="34" width="200" height="22" rx="11" fill="{fill}"/>'
        f'<rect x="140" y="68" width="140" height="18" rx="9" fill="{fill}" opacity="0.6"/>'
        "</svg>"
    ).encode()


# Three made-up organizations to preview templates with (and for the golden-image tests).
SAMPLE_BRANDS = [
    Brand(
        name="Voix citoyennes",
        primary="#1d4ed8",
        secondary="#f59e0b",
        text="#ffffff",
        font="inter",
        link="https://example.org/r/voix?src=visual",
        tagline={
            "fr": "Ensemble, faisons entendre chaque voix.",
            "en": "Together, let every voice be heard.",
            "de": "Gemeinsam jede Stimme hörbar machen.",
        },
        logo=_sample_logo("VC", "#1d4ed8", "circle"),
        logo_kind="svg",
    ),
    Brand(
        name="Nordwind Energie",
        primary="#0f766e",
        secondary="#a3e635",
        text="#ffffff",
        font="montserrat",
        link="https://example.org/r/nordwind?src=visual",
        tagline={
            "fr": "L'énergie d'une région qui vote.",
            "en": "The energy of a region that votes.",
            "de": "Die Energie einer Region, die wählt.",
        },
        logo=_sample_logo("NE", "#0f766e", "square"),
        logo_kind="svg",
    ),
    Brand(
        name="Horizon commun",
        primary="#fde047",
        secondary="#be123c",
        text="#1f2937",
        font="merriweather",
        link="https://example.org/r/horizon?src=visual",
        tagline={
            "fr": "Votre avenir se décide dans l'isoloir : prenez-y part, le dimanche du scrutin.",
            "en": "Your future is decided in the voting booth: take part on election day.",
            "de": "Ihre Zukunft wird in der Wahlkabine entschieden: Machen Sie am Wahltag mit.",
        },
        logo=_sample_logo("HC", "#be123c", "circle"),
        logo_kind="svg",
    ),
]
