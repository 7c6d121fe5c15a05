import io
import re

import pytest
import zxingcpp
from PIL import Image

from turnout.actions.tests.pdftext import pdf_text
from turnout.visuals.brand import SAMPLE_BRANDS
from turnout.visuals.formats import FORMATS, MM, PRINT, SOCIAL
from turnout.visuals.services import default_template, render_bytes


def render(fmt_key, *, template="bold", brand=0, language="fr"):
    return render_bytes(template=default_template(template), brand=SAMPLE_BRANDS[brand],
                        language=language, fmt=FORMATS[fmt_key])[0]  # fmt: skip


@pytest.mark.parametrize("fmt", SOCIAL, ids=lambda f: f.key)
def test_social_formats_have_their_exact_pixel_size(fmt):
    with Image.open(io.BytesIO(render(fmt.key, template="ribbon"))) as image:
        assert image.format == "PNG"
        assert image.size == (fmt.width, fmt.height)


@pytest.mark.parametrize("fmt", SOCIAL, ids=lambda f: f.key)
@pytest.mark.parametrize("template", ["bold", "ribbon", "photo"])
def test_the_qr_code_scans_to_the_tracked_link(fmt, template):
    brand = SAMPLE_BRANDS[2]
    image = Image.open(io.BytesIO(render(fmt.key, template=template, brand=2)))
    found = [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert found == [brand.link]


def _box(data: bytes, name: bytes) -> list[float]:
    match = re.search(rb"/" + name + rb"\s*\[\s*([-\d.\s]+)\]", data)
    assert match, f"no {name.decode()}"
    return [float(v) for v in match.group(1).split()]


@pytest.mark.parametrize("fmt", PRINT, ids=lambda f: f.key)
def test_posters_are_vector_pdf_with_text_bleed_and_trim_boxes(fmt):
    data = render(fmt.key, language="de")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Am Sonntag:" in text and "Alle zur Wahl!" in text
    assert "Gemeinsam jede Stimme" in text
    assert b"/Subtype /Image" not in data  # everything is vector: text, shapes, QR, SVG logo
    trim, bleed, media = _box(data, b"TrimBox"), _box(data, b"BleedBox"), _box(data, b"MediaBox")
    assert trim[2] - trim[0] == pytest.approx(fmt.width, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(fmt.height, abs=0.01)
    assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.01)  # 3 mm bleed each side
    assert bleed[2] - trim[2] == pytest.approx(3 * MM, abs=0.01)
    assert media[2] > bleed[2] and media[0] < bleed[0]  # room for the crop marks


def test_the_a4_poster_is_a4():
    trim = _box(render("a4"), b"TrimBox")
    assert (trim[2] - trim[0]) / MM == pytest.approx(210, abs=0.01)
    assert (trim[3] - trim[1]) / MM == pytest.approx(297, abs=0.01)


def test_a_raster_logo_is_embedded_in_the_pdf():
    from dataclasses import replace

    from .helpers import png_bytes

    brand = replace(SAMPLE_BRANDS[0], logo=png_bytes(), logo_kind="png")
    data, _ = render_bytes(template=default_template("bold"), brand=brand, language="en",
                           fmt=FORMATS["a3"])  # fmt: skip
    assert b"/Subtype /Image" in data


def test_a_tagline_too_long_for_its_box_is_shortened_and_reported():
    from dataclasses import replace

    brand = replace(SAMPLE_BRANDS[0], tagline={"fr": "Une phrase bien trop longue. " * 20})
    png, overflow = render_bytes(template=default_template("bold"), brand=brand,
                                 language="fr", fmt=FORMATS["banner"])  # fmt: skip
    assert overflow == ["tagline"]
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("template", ["bold", "ribbon", "photo"])
def test_the_longest_tagline_allowed_fits_every_format_of_the_default_templates(template):
    from dataclasses import replace

    from turnout.visuals.services import TAGLINE_MAX

    words = "Wir laden alle Bürgerinnen und Bürger herzlich ein, am Wahlsonntag abzustimmen. "
    tagline = (words * 3)[:TAGLINE_MAX]
    for index in range(3):
        brand = replace(SAMPLE_BRANDS[index], tagline={"de": tagline})
        for fmt in FORMATS.values():
            _data, overflow = render_bytes(template=default_template(template), brand=brand,
                                           language="de", fmt=fmt)  # fmt: skip
            assert overflow == [], (index, fmt.key)


def test_partner_logos_fill_the_partner_strip_side_by_side():
    from turnout.visuals.compose import LogoItem, compose
    from turnout.visuals.render import render_pdf, render_png
    from turnout.visuals.spec import parse_template

    from .helpers import SVG_LOGO, png_bytes

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">'
        '<rect width="1000" height="1000" data-fill="primary"/>'
        '<rect data-slot="partners" x="100" y="800" width="800" height="100"/></svg>'
    )
    partners = ((SVG_LOGO, "svg"), (png_bytes(), "png"), (SVG_LOGO, "svg"))
    scene = compose(parse_template(svg), SAMPLE_BRANDS[0], fmt=FORMATS["square"],
                    headline="", tagline="", partners=partners)  # fmt: skip
    logos = [item for item in scene.items if isinstance(item, LogoItem)]
    assert len(logos) == 3
    assert logos[0].x + logos[0].width < logos[1].x < logos[2].x
    image = Image.open(io.BytesIO(render_png(scene))).convert("RGB")
    centres = [(int(logo.x + logo.width / 2), int(logo.y + logo.height / 2)) for logo in logos]
    assert image.getpixel(centres[0]) == (190, 18, 60)  # the SVG partner's red
    assert image.getpixel(centres[1]) == (200, 30, 60)  # the PNG partner's red
    assert image.getpixel((540, 100)) == (29, 78, 216)  # the brand's primary background
    assert render_pdf(scene).startswith(b"%PDF")
