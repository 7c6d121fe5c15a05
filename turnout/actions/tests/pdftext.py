"""A small text extractor for the PDFs reportlab writes (tests only): streams inflated,
ToUnicode maps of the embedded font subsets applied to the strings shown with Tj/TJ.
Enough to check who is named in a delivery; not a general PDF reader."""

from __future__ import annotations

import base64
import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    objects = {}
    for match in OBJECT.finditer(data):
        body = match.group(2)
        stream = STREAM.search(body)
        head = body[: stream.start()] if stream else body
        raw = None
        if stream:
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            raw = body[stream.start(1) : stream.start(1) + length]
            if b"ASCII85Decode" in head:
                raw = base64.a85decode(raw.strip().removesuffix(b"~>"), adobe=False)
            if b"FlateDecode" in head:
                raw = zlib.decompress(raw)
        objects[int(match.group(1))] = (head, raw)
    return objects


def _cmap(raw: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", raw, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", raw, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int.from_bytes(bytes.fromhex(dst.decode()), "big")
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _literal(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C:  # backslash
            i += 1
            nxt = raw[i : i + 1]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", raw[i:]).group(0)
                out.append(int(digits, 8))
                i += len(digits)
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt)
        else:
            out.append(c)
        i += 1
    return bytes(out)


TOKENS = re.compile(rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)|(ET)", re.S)


def pdf_text(data: bytes) -> str:
    """The text shown on the pages, in drawing order (one line per text object)."""
    objects = _objects(data)
    fonts = {}
    for head, _raw in objects.values():
        name = re.search(rb"/Name /(\S+)", head)
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if b"/Type /Font" in head and name:
            cmap = _cmap(objects[int(to_unicode.group(1))][1]) if to_unicode else None
            fonts[name.group(1)] = cmap
    lines, current, font = [], [], None
    for head, raw in objects.values():
        if raw is None or b"Length1" in head or b"BT" not in raw:
            continue
        for match in TOKENS.finditer(raw):
            if match.group(1):
                font = fonts.get(match.group(1))
            elif match.group(3):
                lines.append("".join(current))
                current = []
            else:
                chars = _literal(match.group(2))
                if font:
                    current.append("".join(font.get(b, "?") for b in chars))
                else:
                    current.append(chars.decode("latin-1"))
    return "\n".join(lines)
