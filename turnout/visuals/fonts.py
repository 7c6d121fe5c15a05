"""The open-licensed fonts a brand kit can choose, fetched at set-up (``make install``).

The fonts come from the npm registry's @fontsource packages (SIL Open Font License 1.1), pinned
by version and integrity hash, and are converted from WOFF to TrueType (what the PNG and PDF
renderers read) into the git-ignored folder ``turnout/visuals/fontfiles/``. Nothing third-party
is committed. Running ``python -m turnout.visuals.fonts`` again does nothing once the files are
there (it works offline), and a tarball whose hash does not match is refused.

This module imports nothing from Django, so that the Makefile can run it before the database
or the settings exist.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(os.environ.get("TURNOUT_VISUALS_FONT_DIR") or Path(__file__).parent / "fontfiles")
REGISTRY = "https://registry.npmjs.org"
WEIGHTS = (400, 700)
SUBSET = "latin"  # covers French, English and German (œ, ß, €, typographic quotes)


@dataclass(frozen=True)
class FontFamily:
    key: str  # stored in brand kits
    name: str  # shown to people and used as the SVG font-family
    package: str
    version: str
    integrity: str  # the npm registry's sha512 of the tarball

    def file(self, weight: int) -> Path:
        return FONT_DIR / f"{self.key}-{weight}.ttf"


FAMILIES: dict[str, FontFamily] = {
    family.key: family
    for family in (
        FontFamily(
            "inter",
            "Inter",
            "inter",
            "5.3.0",
            "sha512-RofMylZmjlJEfELXeNHFWBRcSs75rGU/6bV2S2jfnvv/3rPXPGe0LgUJTklcHZ9lM4OZmAVFhcJPnACfb91A3g==",
        ),
        FontFamily(
            "montserrat",
            "Montserrat",
            "montserrat",
            "5.3.0",
            "sha512-iQPDtZOnmM5ih4JBGaMSXisRap0ixb9bAUw2hDtY7EjVfaqiiNlKtVuJl9XclxUwtwMMHNcWXfQR6zI9x05+Tg==",
        ),
        FontFamily(
            "atkinson",
            "Atkinson Hyperlegible",
            "atkinson-hyperlegible",
            "5.3.0",
            "sha512-Sp8Ve8+rQmENY2Lv02VH7sLpntzTTvnncnJMTbRE7DX6TLxGraN4ykZfzaUWIoCFmaomwkvNiqmlPkrKBuDoSA==",
        ),
        FontFamily(
            "merriweather",
            "Merriweather",
            "merriweather",
            "5.3.0",
            "sha512-9LpPsNTYzRALj468Uj1K9Usl5eXk991L/kKmcpdWbTF1na9NfMyAXMgUABlMReViU1MYBz9kJ8jEzEOtX9qGDg==",
        ),
    )
}
DEFAULT_FAMILY = "inter"
STAMP = FONT_DIR / "fonts.json"


def _manifest() -> dict:
    return {key: [f.version, f.integrity] for key, f in FAMILIES.items()}


def installed() -> bool:
    """True when every font file is there, from the pinned versions."""
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return False
    return stamp == _manifest() and all(
        f.file(w).is_file() for f in FAMILIES.values() for w in WEIGHTS
    )


def _check_integrity(data: bytes, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"integrity mismatch ({algorithm}): the download was refused")


def _fetch_family(family: FontFamily) -> None:
    from fontTools.ttLib import TTFont

    url = f"{REGISTRY}/@fontsource/{family.package}/-/{family.package}-{family.version}.tgz"
    if not url.startswith("https://"):  # pragma: no cover - a constant
        raise RuntimeError("fonts are fetched over HTTPS only")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https, fixed host)
        data = response.read()
    _check_integrity(data, family.integrity)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for weight in WEIGHTS:
            member = f"package/files/{family.package}-{SUBSET}-{weight}-normal.woff"
            extracted = archive.extractfile(member)
            if extracted is None:
                raise RuntimeError(f"{member} is missing from {url}")
            font = TTFont(io.BytesIO(extracted.read()), recalcTimestamp=False)
            font.flavor = None  # WOFF -> plain TrueType
            target = family.file(weight)
            tmp = target.with_suffix(".tmp")
            font.save(str(tmp))
            tmp.replace(target)


def ensure_fonts(*, quiet: bool = False) -> None:
    """Fetch and convert the fonts unless they are already there (idempotent)."""
    if installed():
        return
    FONT_DIR.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES.values():
        if all(family.file(w).is_file() for w in WEIGHTS) and STAMP.is_file():
            stamp = json.loads(STAMP.read_text() or "{}")
            if stamp.get(family.key) == [family.version, family.integrity]:
                continue
        if not quiet:
            print(f"Fetching the {family.name} font ({family.version})...", flush=True)
        _fetch_family(family)
    STAMP.write_text(json.dumps(_manifest(), indent=1))


if __name__ == "__main__":
    try:
        ensure_fonts()
    except (OSError, RuntimeError) as exc:
        print(f"Could not fetch the visual fonts: {exc}", file=sys.stderr)
        sys.exit(1)
