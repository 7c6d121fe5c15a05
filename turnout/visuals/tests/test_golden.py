import pytest

from turnout.visuals.brand import SAMPLE_BRANDS
from turnout.visuals.formats import FORMATS, SOCIAL
from turnout.visuals.services import default_template, render_bytes

from .golden import TOLERANCE, check, difference, thumbnail


@pytest.mark.parametrize("template_key", ["bold", "ribbon", "photo"])
@pytest.mark.parametrize("brand_index", [0, 1, 2])
@pytest.mark.parametrize("language", ["fr", "en", "de"])
def test_default_templates_look_as_approved(template_key, brand_index, language):
    png, overflow = render_bytes(template=default_template(template_key),
                                 brand=SAMPLE_BRANDS[brand_index], language=language,
                                 fmt=FORMATS["square"])  # fmt: skip
    assert overflow == []
    assert check(f"{template_key}-{brand_index}-{language}", png) <= TOLERANCE


@pytest.mark.parametrize("template_key", ["bold", "ribbon", "photo"])
@pytest.mark.parametrize("fmt", [f for f in SOCIAL if f.key != "square"], ids=lambda f: f.key)
def test_every_social_format_looks_as_approved(template_key, fmt):
    png, _overflow = render_bytes(template=default_template(template_key),
                                  brand=SAMPLE_BRANDS[0], language="fr", fmt=fmt)  # fmt: skip
    assert check(f"{template_key}-0-fr-{fmt.key}", png) <= TOLERANCE


def test_the_comparison_sees_another_brand():
    """The tolerance is small enough to notice a visual that is not the approved one."""
    template = default_template("bold")
    one, _ = render_bytes(template=template, brand=SAMPLE_BRANDS[0], language="fr",
                          fmt=FORMATS["square"])  # fmt: skip
    other, _ = render_bytes(template=template, brand=SAMPLE_BRANDS[0], language="de",
                            fmt=FORMATS["square"])  # fmt: skip
    assert difference(thumbnail(one), thumbnail(other)) > TOLERANCE
