import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from turnout.visuals.colors import (
    closest_passing,
    contrast_ratio,
    parse_hex,
    suggest_from_image,
)


def test_colors_are_normalized_and_bad_ones_refused_with_a_clear_message():
    assert parse_hex("#ABC") == "#aabbcc"
    assert parse_hex("1d4ed8") == "#1d4ed8"
    with pytest.raises(ValidationError) as exc:
        parse_hex("bleu marine")
    assert "is not a color" in exc.value.messages[0]


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("#ffff00", "#ffffff"),
        ("#999999", "#ffffff"),
        ("#1d4ed8", "#0f172a"),
        ("#fde047", "#fef9c3"),
    ],
)
def test_the_proposed_color_passes_aa_and_keeps_the_hue(text, background):
    proposed = closest_passing(text, background)
    assert contrast_ratio(proposed, background) >= 4.5
    assert proposed != text


def test_a_passing_color_is_kept():
    assert closest_passing("#ffffff", "#1d4ed8") == "#ffffff"


def test_logo_colors_are_suggested_most_present_first():
    image = Image.new("RGB", (100, 100), (255, 255, 255))
    image.paste((29, 78, 216), (0, 0, 100, 60))  # blue: most of the logo
    image.paste((245, 158, 11), (0, 60, 100, 85))  # orange
    suggested = suggest_from_image(image)
    assert suggested[0] == "#1d4ed8"
    assert "#f59e0b" in suggested
    assert "#ffffff" not in suggested
