import pytest
from django.core.exceptions import ValidationError

from turnout.visuals.sanitize import sanitize_svg

from .helpers import SCRIPT_SVG

HEAD = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'viewBox="0 0 10 10">'
)


def clean(body: bytes) -> str:
    return sanitize_svg(HEAD + body + b"</svg>", max_bytes=100_000)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<script>alert(1)</script>", "a script"),
        (b'<rect width="5" height="5" onload="alert(1)"/>', "event handler"),
        (b'<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
         "foreignObject"),
        (b'<image href="https://tracker.example/p.png" width="1" height="1"/>', "outside"),
        (b'<use xlink:href="http://evil.example/s.svg#x"/>', "outside"),
        (b'<rect width="5" height="5" fill="url(https://evil.example/x)"/>', "outside"),
        (b'<style>@import url("https://evil.example/a.css");</style>', "outside content"),
    ],
)  # fmt: skip
def test_dangerous_svg_is_refused_with_what_was_found(body, message):
    with pytest.raises(ValidationError) as exc:
        clean(body)
    assert message in exc.value.messages[0]


def test_script_bearing_file_is_refused():
    with pytest.raises(ValidationError, match="a script"):
        sanitize_svg(SCRIPT_SVG, max_bytes=10_000)


def test_entities_and_doctype_are_refused_before_parsing():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + HEAD + b"<text>&b;</text></svg>"
    )  # fmt: skip
    with pytest.raises(ValidationError, match="DOCTYPE"):
        sanitize_svg(bomb, max_bytes=10_000)


def test_editor_leftovers_are_dropped_and_slots_kept():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">'
        b"<!-- a comment --><metadata>x</metadata><inkscape:grid/>"
        b'<rect data-slot="logo" x="1" y="1" width="5" height="5" inkscape:label="logo"/>'
        b'<a href="https://example.org"><rect width="1" height="1"/></a></svg>'
    )
    out = sanitize_svg(svg, max_bytes=10_000)
    assert 'data-slot="logo"' in out
    for gone in ("comment", "metadata", "inkscape", "example.org"):
        assert gone not in out


def test_not_xml_is_a_clear_error():
    with pytest.raises(ValidationError, match="not a valid SVG"):
        sanitize_svg(b"<svg oops", max_bytes=10_000)
