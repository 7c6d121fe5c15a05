from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from turnout.core.models import AuditEvent
from turnout.visuals import services
from turnout.visuals.brand import SAMPLE_BRANDS
from turnout.visuals.defaults import DEFAULT_TEMPLATES
from turnout.visuals.formats import FORMATS
from turnout.visuals.models import BrandKit, Render, VisualTemplate

from .factories import BrandKitFactory, VisualTemplateFactory
from .helpers import GOOD, SCRIPT_SVG, SVG_LOGO, huge_png_header, png_bytes, upload

pytestmark = pytest.mark.django_db


def content(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def save_kit(org, user, logo=None, **changes):
    return services.brand_kit_update(
        organization=org, user=user, data={**GOOD, **changes}, logo_upload=logo
    )


def test_a_valid_kit_is_saved_with_its_logo_re_encoded(org_a, owner_a):
    kit = save_kit(org_a, owner_a, logo=upload("logo.png", png_bytes()))
    assert kit.logo_kind == "png"
    assert content(kit.logo).startswith(b"\x89PNG")
    assert kit.content_hash
    assert AuditEvent.objects.filter(organization=org_a, action="visuals.brand_kit_updated")


def test_an_svg_logo_is_kept_as_sanitized_svg(org_a, owner_a):
    kit = save_kit(org_a, owner_a, logo=upload("logo.svg", SVG_LOGO))
    assert kit.logo_kind == "svg"
    assert b"<svg" in content(kit.logo)


@pytest.mark.parametrize(
    ("changes", "logo", "field", "message"),
    [
        ({}, ("logo.svg", SCRIPT_SVG), "logo", "contains a script"),
        ({}, ("big.png", huge_png_header()), "logo", "far too many pixels"),
        ({}, ("notes.png", b"just some text, renamed\n" * 20), "logo", "not an image we can read"),
        ({"primary": "bleu"}, None, "primary", "is not a color"),
        ({"tagline": {"fr": "trop long " * 40}}, None, "tagline", "the limit is 140"),
        ({"text": "#9ca3af", "primary": "#ffffff"}, None, "text", "closest color that passes"),
        ({"font": "comic-sans"}, None, "font", "Choose one of the fonts"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_clearly_and_the_previous_kit_stays(
    org_a, owner_a, changes, logo, field, message
):
    before = save_kit(org_a, owner_a, logo=upload("logo.png", png_bytes()))
    with pytest.raises(ValidationError) as exc:
        save_kit(org_a, owner_a, logo=upload(*logo) if logo else None, **changes)
    assert message in " ".join(exc.value.message_dict[field])
    after = BrandKit.objects.get(organization=org_a)
    assert after.content_hash == before.content_hash
    assert after.logo.name == before.logo.name
    assert content(after.logo) == content(before.logo)
    assert (after.primary, after.tagline) == (before.primary, before.tagline)


def test_the_contrast_error_proposes_a_passing_color(org_a, owner_a):
    with pytest.raises(ValidationError) as exc:
        save_kit(org_a, owner_a, text="#93c5fd", primary="#ffffff")
    message = exc.value.message_dict["text"][0]
    proposed = message.rsplit(" ", 1)[-1].rstrip(".")
    save_kit(org_a, owner_a, text=proposed, primary="#ffffff")  # now accepted


def test_render_is_cached_and_never_recomputed(org_a):
    template = VisualTemplateFactory(organization=org_a)
    brand = SAMPLE_BRANDS[0]
    with mock.patch.object(services, "render_bytes", wraps=services.render_bytes) as spy:
        first = services.visual_render(template=template, organization=org_a, brand=brand,
                                       language="fr", fmt=FORMATS["square"])  # fmt: skip
        again = services.visual_render(template=template, organization=org_a, brand=brand,
                                       language="fr", fmt=FORMATS["square"])  # fmt: skip
        assert spy.call_count == 1
        services.visual_render(template=template, organization=org_a, brand=brand,
                               language="de", fmt=FORMATS["square"])  # fmt: skip
        assert spy.call_count == 2  # another language is another file
    assert first.pk == again.pk


def test_a_template_change_invalidates_exactly_its_renders(org_a, owner_a):
    changed = VisualTemplateFactory(organization=org_a)
    other = VisualTemplateFactory(organization=org_a)
    brand = SAMPLE_BRANDS[1]
    square = FORMATS["square"]
    for template in (changed, other):
        services.visual_render(template=template, organization=org_a, brand=brand,
                               language="en", fmt=square)  # fmt: skip
    services.template_update(template=changed, user=owner_a,
                             headline={"en": "A new headline"})  # fmt: skip
    changed.refresh_from_db()
    assert changed.version == 2
    assert not Render.objects.filter(template=changed).exists()
    with mock.patch.object(services, "render_bytes", wraps=services.render_bytes) as spy:
        services.visual_render(template=other, organization=org_a, brand=brand,
                               language="en", fmt=square)  # fmt: skip
        assert spy.call_count == 0  # the other template's render is still good
        services.visual_render(template=changed, organization=org_a, brand=brand,
                               language="en", fmt=square)  # fmt: skip
        assert spy.call_count == 1


def test_saving_the_same_template_text_keeps_the_version(org_a, owner_a):
    template = VisualTemplateFactory(organization=org_a)
    services.template_update(template=template, user=owner_a, name="Renamed",
                             headline=dict(template.headline))  # fmt: skip
    template.refresh_from_db()
    assert (template.name, template.version) == ("Renamed", 1)


def test_a_kit_change_makes_a_new_render(org_a, owner_a):
    template = VisualTemplateFactory(organization=org_a)
    kit = save_kit(org_a, owner_a)
    first = services.visual_render(template=template, organization=org_a,
                                   brand=services.brand_for_kit(kit, org_a), language="fr",
                                   fmt=FORMATS["square"])  # fmt: skip
    kit = save_kit(org_a, owner_a, primary="#7c2d12")
    second = services.visual_render(template=template, organization=org_a,
                                    brand=services.brand_for_kit(kit, org_a), language="fr",
                                    fmt=FORMATS["square"])  # fmt: skip
    assert first.key != second.key


def test_two_organizations_with_the_same_kit_get_their_own_renders(org_a, org_b):
    template = VisualTemplateFactory(organization=org_a)
    kit_a, kit_b = BrandKitFactory(organization=org_a), BrandKitFactory(organization=org_b)
    ra = services.visual_render(template=template, organization=org_a,
                                brand=services.brand_for_kit(kit_a, org_a), language="fr",
                                fmt=FORMATS["banner"])  # fmt: skip
    rb = services.visual_render(template=template, organization=org_b,
                                brand=services.brand_for_kit(kit_b, org_b), language="fr",
                                fmt=FORMATS["banner"])  # fmt: skip
    assert (ra.organization, rb.organization) == (org_a, org_b)
    assert ra.key != rb.key


def test_template_upload_is_sanitized_and_its_slots_read(org_a, owner_a):
    template = services.template_create(
        organization=org_a, user=owner_a, name="Mine",
        svg_data=DEFAULT_TEMPLATES["ribbon"]["svg"].encode(),
        headline={"fr": "Votez"}, tagline={},
    )  # fmt: skip
    names = {layout["name"] for layout in template.spec["layouts"]}
    assert names == {"square", "portrait", "story", "landscape", "wide"}
    assert "headline" in template.spec["layouts"][0]["slots"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (SCRIPT_SVG, "a script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect/></svg>', "no slots"),
        (b"PK\x03\x04 not an svg", "must be an SVG"),
    ],
)
def test_bad_templates_are_refused(org_a, owner_a, data, message):
    with pytest.raises(ValidationError, match=message):
        services.template_create(organization=org_a, user=owner_a, name="Bad", svg_data=data,
                                 headline={}, tagline={})  # fmt: skip
    assert not VisualTemplate.objects.filter(organization=org_a).exists()


def test_default_templates_are_installed_once(org_a):
    services.template_install_defaults(organization=org_a)
    services.template_install_defaults(organization=org_a)
    keys = VisualTemplate.objects.filter(organization=org_a).values_list("default_key", flat=True)
    assert sorted(keys) == ["bold", "photo", "ribbon"]


def test_changes_are_in_the_audit_log_in_plain_words(org_a, owner_a):
    from turnout.core.audit import audit_label

    template = VisualTemplateFactory(organization=org_a, name="Affiche")
    services.template_update(template=template, user=owner_a, headline={"fr": "Votez !"})
    event = AuditEvent.objects.get(organization=org_a, action="visuals.template_updated")
    assert audit_label(event) == "changed the visual template “Affiche”"


def test_an_svg_logo_claiming_a_huge_size_is_sampled_small(org_a, owner_a):
    huge = SVG_LOGO.replace(
        b'viewBox="0 0 200 100"', b'width="90000" height="45000" viewBox="0 0 200 100"'
    )
    kit = save_kit(org_a, owner_a, logo=upload("logo.svg", huge))
    assert services.logo_colors(kit)[0] == "#be123c"


def test_deleting_a_template_or_an_organization_deletes_the_rendered_files(
    org_a, django_capture_on_commit_callbacks
):
    kept, dropped = (
        VisualTemplateFactory(organization=org_a),
        VisualTemplateFactory(organization=org_a, name="Second"),
    )
    files = []
    with django_capture_on_commit_callbacks(execute=True):
        for template in (kept, dropped):
            render = services.visual_render(template=template, organization=org_a,
                                            brand=SAMPLE_BRANDS[0], language="fr",
                                            fmt=FORMATS["square"])  # fmt: skip
            files.append((render.file.storage, render.file.name))
    assert all(storage.exists(name) for storage, name in files)
    with django_capture_on_commit_callbacks(execute=True):
        dropped.delete()
    assert files[0][0].exists(files[0][1])
    assert not files[1][0].exists(files[1][1])
    with django_capture_on_commit_callbacks(execute=True):
        org_a.delete()
    assert not Render.objects.exists()
    assert not files[0][0].exists(files[0][1])
