import io
import zipfile

import pytest
from django.urls import reverse

from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.visuals.models import BrandKit, Render, VisualTemplate

from .factories import BrandKitFactory, VisualTemplateFactory
from .helpers import SCRIPT_SVG, huge_png_header, png_bytes, upload

pytestmark = pytest.mark.django_db

KIT = {
    "primary": "#1d4ed8",
    "secondary": "#f59e0b",
    "text": "#ffffff",
    "font": "inter",
    "link": "https://example.org/r/voix",
    "tagline_fr": "Ensemble !",
    "tagline_en": "Together!",
    "tagline_de": "",
}


def url(name, org, **kwargs):
    return reverse(f"visuals:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_home_lists_templates_and_offers_the_defaults(client_a, org_a):
    response = client_a.get(url("home", org_a))
    assert response.status_code == 200
    assert "Add the default templates" in response.content.decode()
    client_a.post(url("install_defaults", org_a))
    page = client_a.get(url("home", org_a)).content.decode()
    assert "Bold circle" in page and "Ribbon" in page


def test_the_brand_kit_form_saves_and_shows_suggested_colors(client_a, org_a):
    response = client_a.post(url("brand_kit", org_a), {**KIT, "logo": upload("l.png", png_bytes())})
    assert response.status_code == 302
    kit = BrandKit.objects.get(organization=org_a)
    assert kit.tagline == {"fr": "Ensemble !", "en": "Together!"}
    page = client_a.get(url("brand_kit", org_a)).content.decode()
    assert "Colors found in your logo" in page
    assert "#c81e3c" in page  # the red of the logo


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"logo": ("evil.svg", SCRIPT_SVG)}, "contains a script"),
        ({"logo": ("bomb.png", huge_png_header())}, "far too many pixels"),
        ({"logo": ("text.png", b"hello, I am text\n")}, "not an image we can read"),
        ({"primary": "not-a-color"}, "is not a color"),
        ({"tagline_fr": "beaucoup trop long " * 20}, "the limit is 140"),
        ({"text": "#dbeafe", "primary": "#ffffff"}, "The closest color that passes is #"),
    ],
)
def test_bad_brand_kit_input_shows_the_error_and_keeps_the_saved_kit(
    client_a, org_a, changes, message
):
    client_a.post(url("brand_kit", org_a), KIT)
    before = BrandKit.objects.get(organization=org_a).content_hash
    data = {**KIT, **changes}
    if "logo" in changes:
        data["logo"] = upload(*changes["logo"])
    response = client_a.post(url("brand_kit", org_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert BrandKit.objects.get(organization=org_a).content_hash == before


def test_live_preview_renders_the_unsaved_form_as_png(client_a, org_a):
    VisualTemplateFactory(organization=org_a)
    response = client_a.post(url("brand_preview", org_a), {**KIT, "primary": "#7c2d12"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert not BrandKit.objects.filter(organization=org_a).exists()  # nothing saved
    bad = client_a.post(url("brand_preview", org_a), {**KIT, "primary": "nope"})
    assert bad.status_code == 422
    assert "is not a color" in bad.content.decode()


def test_preview_works_before_any_template_exists(client_a, org_a):
    response = client_a.get(url("brand_preview", org_a))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_downloads_of_one_format_and_the_zip(client_a, org_a):
    template = VisualTemplateFactory(organization=org_a, name="Go vote")
    BrandKitFactory(organization=org_a)
    png = client_a.get(
        url("download", org_a, template_id=template.pk, format_key="story") + "?lang=en"
    )
    assert png.status_code == 200
    assert png["Content-Disposition"].startswith("attachment")
    assert "go-vote-en-story.png" in png["Content-Disposition"]
    pdf = client_a.get(url("download", org_a, template_id=template.pk, format_key="a3"))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    archive = client_a.get(url("zip", org_a, template_id=template.pk) + "?lang=de")
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert len(names) == 10
    assert "go-vote-de-billboard.pdf" in names
    assert (
        client_a.get(url("download", org_a, template_id=template.pk, format_key="nope")).status_code
        == 404
    )


def test_template_upload_page_refuses_a_script_and_accepts_a_good_svg(client_a, org_a):
    from turnout.visuals.defaults import DEFAULT_TEMPLATES

    bad = client_a.post(url("template_create", org_a),
                        {"name": "Evil", "svg_file": upload("t.svg", SCRIPT_SVG)})  # fmt: skip
    assert bad.status_code == 400 and "contains a script" in bad.content.decode()
    good = client_a.post(url("template_create", org_a), {
        "name": "Mine", "headline_fr": "Votez", "headline_en": "Vote",
        "svg_file": upload("t.svg", DEFAULT_TEMPLATES["ribbon"]["svg"].encode()),
    })  # fmt: skip
    template = VisualTemplate.objects.get(organization=org_a, name="Mine")
    assert good.status_code == 302
    page = client_a.get(url("template", org_a, template_id=template.pk)).content.decode()
    assert "Preview with sample brands" in page
    assert "landscape (1600×900): headline, logo, qr, safe, tagline" in page
    sample = client_a.get(url("template_sample", org_a, template_id=template.pk, sample=2))
    assert sample.content.startswith(b"\x89PNG")


def test_batch_renders_every_format_and_language_and_resumes_from_the_cache(
    client_a, org_a, django_capture_on_commit_callbacks
):
    template = VisualTemplateFactory(organization=org_a)
    BrandKitFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url("batch", org_a, template_id=template.pk))
    job = Job.objects.get(organization=org_a, kind="visuals_batch")
    assert response.status_code == 302
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"rendered": 30, "cached": 0, "organizations": 1}
    assert Render.objects.filter(template=template).count() == 30
    # The same job run again (as after a worker restart) renders nothing new.
    from turnout.core.jobs import job_run

    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.result == {"rendered": 0, "cached": 30, "organizations": 1}


def test_volunteers_cannot_open_visuals_and_organizers_cannot_edit_the_kit(client, org_a):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url("home", org_a)).status_code == 403
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    assert client.get(url("home", org_a)).status_code == 200
    assert client.get(url("brand_kit", org_a)).status_code == 403
    assert client.post(url("install_defaults", org_a)).status_code == 403
