"""Files that people (and attackers) upload, made in memory."""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bytes(size=(200, 80), color=(200, 30, 60)) -> bytes:
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(color, (10, 10, size[0] - 10, size[1] - 10))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def huge_png_header(width=50_000, height=50_000) -> bytes:
    """A tiny file that claims 50,000×50,000 pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
    b'<rect width="200" height="100" fill="#be123c"/><circle cx="50" cy="50" r="30" '
    b'fill="#fde047"/></svg>'
)
SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)

# A brand kit that passes every check (colors with enough contrast, a shipped font).
GOOD = {
    "primary": "#0f766e",
    "secondary": "#a3e635",
    "text": "#ffffff",
    "font": "montserrat",
    "tagline": {"fr": "Votez !", "en": "Vote!"},
    "link": "https://example.org/r/abc",
}
