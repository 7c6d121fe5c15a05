import base64
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from turnout.visuals import fonts
from turnout.visuals.models import BrandKit, VisualTemplate


def test_the_shipped_fonts_are_installed_from_their_pinned_versions():
    assert fonts.installed()
    for family in fonts.FAMILIES.values():
        for weight in fonts.WEIGHTS:
            assert family.file(weight).stat().st_size > 10_000


def test_a_download_that_does_not_match_its_integrity_hash_is_refused():
    good = b"the real tarball"
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(good).digest()).decode()
    fonts._check_integrity(good, integrity)
    with pytest.raises(RuntimeError, match="integrity mismatch"):
        fonts._check_integrity(good + b"tampered", integrity)


@pytest.mark.django_db
def test_demo_gives_templates_and_kits_and_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    counts = (VisualTemplate.objects.count(), BrandKit.objects.count())
    assert counts[0] >= 2 and counts[1] >= 4
    kit = BrandKit.objects.get(organization__slug="horizon-commun")
    assert kit.logo_kind == "svg" and kit.font == "merriweather"
    call_command("seed_demo", stdout=StringIO())
    assert (VisualTemplate.objects.count(), BrandKit.objects.count()) == counts
