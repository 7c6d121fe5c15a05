"""The background photo of a brand kit: upload checks, re-encoding, cache keys, the photo slot
in both renderers, the "Photo band" default template and the demo photos."""

import io
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from turnout.visuals import services
from turnout.visuals.brand import SAMPLE_BRANDS
from turnout.visuals.compose import PhotoItem, compose
from turnout.visuals.demo import demo_photo
from turnout.visuals.formats import FORMATS
from turnout.visuals.models import BrandKit, VisualTemplate
from turnout.visuals.render import photo_cover, render_pdf, render_png
from turnout.visuals.spec import parse_template

from .golden import TOLERANCE, check
from .helpers import GOOD, huge_png_header, png_bytes, upload

RED, GREEN, BLUE = (255, 0, 0), (0, 200, 0), (0, 0, 255)
# The content hashes of the sample brands before photos existed: kits without a photo keep
# their cache keys (and their cached renders).
HASHES_BEFORE_PHOTOS = [
    "1385c8ac0f9210115e9a642cb0046238899e80911962002b40202367b0c9600d",
    "fee96705a5dae5f24621693755219ba47ce36b84ccf2eaa42ff3d28487d1f6c7",
    "99493c9ae5efad1eb58e6c23589e03490d58b666a47f385f6369d3dfab916a19",
]


def jpeg(size=(400, 300), color=RED, exif=None, fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    image.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def content(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def save_kit(org, user, photo=None, **kwargs):
    return services.brand_kit_update(organization=org, user=user, data={**GOOD, **kwargs},
                                     photo_upload=photo)  # fmt: skip


def template_svg(focus="center") -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">'
        '<rect width="1000" height="1000" data-fill="primary"/>'
        f'<rect data-slot="photo" x="100" y="100" width="800" height="400" data-focus="{focus}"/>'
        '<rect data-slot="headline" x="100" y="600" width="800" height="200"/></svg>'
    )


def pixel(png: bytes, xy) -> tuple:
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel(xy)


def close(a, b, tolerance=12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


# --- Upload checks and re-encoding ---------------------------------------------------------


@pytest.mark.django_db
def test_a_photo_is_re_encoded_as_jpeg_upright_small_and_without_metadata(org_a, owner_a):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned, show it rotated 90°
    exif[0x010F] = "Camera maker"
    exif[0x0131] = "Some editing program"
    big = jpeg(size=(3600, 1800), exif=exif)
    assert b"Camera maker" in big
    kit = save_kit(org_a, owner_a, photo=upload("holiday.jpg", big))
    data = content(kit.photo)
    assert kit.photo.name.endswith(".jpg")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 2400)  # turned upright, longest side 2400
        assert not image.getexif()
    assert b"Camera maker" not in data and b"Exif" not in data


@pytest.mark.django_db
def test_a_png_with_transparency_becomes_an_opaque_jpeg(org_a, owner_a):
    image = Image.new("RGBA", (300, 200), (0, 0, 255, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    kit = save_kit(org_a, owner_a, photo=upload("clear.png", out.getvalue()))
    with Image.open(io.BytesIO(content(kit.photo))) as saved:
        assert saved.format == "JPEG" and saved.mode == "RGB"
        assert close(saved.getpixel((150, 100)), (255, 255, 255))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", b"just some text, renamed\n" * 20, "not a photo we can read"),
        ("bomb.png", huge_png_header(), "far too many pixels"),
        ("huge.jpg", b"\xff\xd8\xff" + b"\0" * (8 * 1024 * 1024), "the limit is 8.0"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "not a photo we can read"),
    ],
)
def test_bad_photos_are_refused_clearly_with_every_other_problem_and_the_kit_stays(
    org_a, owner_a, name, data, message
):
    before = save_kit(org_a, owner_a, photo=upload("first.jpg", jpeg()))
    with pytest.raises(ValidationError) as exc:
        save_kit(org_a, owner_a, photo=upload(name, data), primary="bleu")
    errors = exc.value.message_dict
    assert message in " ".join(errors["photo"])
    assert "is not a color" in " ".join(errors["primary"])  # reported together
    after = BrandKit.objects.get(organization=org_a)
    assert (after.photo.name, after.content_hash) == (before.photo.name, before.content_hash)
    assert content(after.photo) == content(before.photo)


@pytest.mark.django_db
def test_a_replaced_or_removed_photo_is_deleted_after_commit(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = save_kit(org_a, owner_a, photo=upload("a.jpg", jpeg(color=RED)))
    storage, first_name = first.photo.storage, first.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        second = save_kit(org_a, owner_a, photo=upload("b.jpg", jpeg(color=BLUE)))
    assert not storage.exists(first_name)
    assert storage.exists(second.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        kept = save_kit(org_a, owner_a)  # no upload: the photo stays
    assert kept.photo.name == second.photo.name and storage.exists(second.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        removed = services.brand_kit_update(organization=org_a, user=owner_a, data=GOOD,
                                            remove_photo=True)  # fmt: skip
    assert not removed.photo
    assert not storage.exists(second.photo.name)
    with django_capture_on_commit_callbacks(execute=True):
        third = save_kit(org_a, owner_a, photo=upload("c.jpg", jpeg(color=GREEN)))
    with django_capture_on_commit_callbacks(execute=True):
        third.delete()
    assert not storage.exists(third.photo.name)


# --- Cache keys ------------------------------------------------------------------------------


def test_kits_without_a_photo_keep_their_cache_keys():
    assert [brand.content_hash() for brand in SAMPLE_BRANDS] == HASHES_BEFORE_PHOTOS


@pytest.mark.django_db
def test_the_photo_changes_the_brand_hash_and_the_render_key(org_a, owner_a):
    without = save_kit(org_a, owner_a)
    with_red = save_kit(org_a, owner_a, photo=upload("red.jpg", jpeg(color=RED)))
    with_blue = save_kit(org_a, owner_a, photo=upload("blue.jpg", jpeg(color=BLUE)))
    hashes = {without.content_hash, with_red.content_hash, with_blue.content_hash}
    assert len(hashes) == 3
    assert with_blue.content_hash == services.brand_for_kit(with_blue, org_a).content_hash()
    template = VisualTemplate(pk=1, version=1)
    keys = {
        services.render_key(
            template=template,
            organization=org_a,
            brand_hash=h,
            language="fr",
            fmt=FORMATS["square"],
        )
        for h in hashes
    }
    assert len(keys) == 3
    removed = services.brand_kit_update(organization=org_a, user=owner_a, data=GOOD,
                                        remove_photo=True)  # fmt: skip
    assert removed.content_hash == without.content_hash


# --- The photo slot in both renderers -------------------------------------------------------


def scene_with(photo: bytes, fmt="square", focus="center"):
    brand = replace(SAMPLE_BRANDS[0], photo=photo)
    return compose(parse_template(template_svg(focus)), brand, fmt=FORMATS[fmt],
                   headline="Votez !", tagline="")  # fmt: skip


def test_the_photo_covers_its_slot_in_the_png_and_nothing_else():
    scene = scene_with(jpeg(color=RED))
    assert isinstance(scene.items[0], PhotoItem)  # drawn first: under texts, logo, QR code
    png = render_png(scene)
    assert close(pixel(png, (540, 324)), RED)  # the slot's centre
    for inside in ((115, 115), (965, 535)):  # near its corners: covered, no bars
        assert close(pixel(png, inside), RED)
    for outside in ((540, 60), (60, 324), (540, 600), (1040, 324)):
        assert close(pixel(png, outside), (29, 78, 216))  # the template's art (primary)


@pytest.mark.parametrize(("focus", "seen"), [("top", GREEN), ("center", RED), ("bottom", BLUE)])
def test_a_tall_photo_is_cropped_to_the_slot_keeping_its_focus(focus, seen):
    image = Image.new("RGB", (400, 1200), RED)
    image.paste(GREEN, (0, 0, 400, 300))
    image.paste(BLUE, (0, 900, 400, 1200))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    scene = scene_with(out.getvalue(), focus=focus)
    item = scene.items[0]
    _x, _y, w, h = photo_cover(item)
    assert w == pytest.approx(item.width)  # scaled to the slot's width, cropped in height
    assert h > item.height
    png = render_png(scene)
    assert close(pixel(png, (540, 324)), seen, tolerance=24)
    assert close(pixel(png, (540, 80)), (29, 78, 216))  # nothing drawn above the slot


def test_the_pdf_embeds_the_photo_clipped_to_its_slot():
    data = render_pdf(scene_with(jpeg(color=RED), fmt="a4"))
    assert data.startswith(b"%PDF")
    assert b"/Subtype /Image" in data
    assert b"/DCTDecode" in data  # kept as JPEG
    without = render_pdf(scene_with(b"", fmt="a4"))
    assert b"/Subtype /Image" not in without


def test_without_a_photo_the_slot_shows_the_template_art():
    scene = scene_with(b"")
    assert not any(isinstance(item, PhotoItem) for item in scene.items)
    assert close(pixel(render_png(scene), (540, 324)), (29, 78, 216))


# --- The "Photo band" default template ------------------------------------------------------


@pytest.fixture(scope="module")
def photo_bytes():
    return demo_photo((253, 224, 170), (251, 146, 60), (30, 41, 82), seed=3)


@pytest.mark.parametrize("fmt", list(FORMATS.values()), ids=lambda f: f.key)
def test_the_photo_template_renders_every_format_with_a_photo_without_overflow(fmt, photo_bytes):
    brand = replace(SAMPLE_BRANDS[1], photo=photo_bytes)
    data, overflow = services.render_bytes(template=services.default_template("photo"),
                                           brand=brand, language="de", fmt=fmt)  # fmt: skip
    assert overflow == []
    if fmt.kind == "png":
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (fmt.width, fmt.height)
    else:
        assert b"/Subtype /Image" in data


def test_the_photo_template_with_a_photo_looks_as_approved(photo_bytes):
    for index, fmt in ((0, "square"), (0, "story"), (0, "x"), (1, "banner")):
        brand = replace(SAMPLE_BRANDS[index], photo=photo_bytes)
        png, _overflow = services.render_bytes(template=services.default_template("photo"),
                                               brand=brand, language="fr",
                                               fmt=FORMATS[fmt])  # fmt: skip
        assert check(f"photo-{index}-fr-{fmt}-with-photo", png) <= TOLERANCE, fmt


def test_the_demo_photo_is_a_jpeg_made_at_seed_time(photo_bytes):
    with Image.open(io.BytesIO(photo_bytes)) as image:
        assert image.format == "JPEG" and image.size == (1600, 1000)
    assert demo_photo((0, 0, 0), (9, 9, 9), (1, 1, 1), seed=1) != photo_bytes


@pytest.mark.django_db
def test_the_demo_gives_the_initiator_three_templates_and_two_kits_a_photo():
    from turnout.organizations.tests.factories import OrganizationFactory
    from turnout.visuals.demo import INITIATOR, KITS, PHOTOS, seed_visuals

    for slug, *_rest in KITS:
        OrganizationFactory(slug=slug)
    seed_visuals()
    seed_visuals()  # idempotent
    keys = VisualTemplate.objects.filter(organization__slug=INITIATOR).values_list(
        "default_key", flat=True
    )
    assert sorted(keys) == ["bold", "photo", "ribbon"]
    kits = BrandKit.objects.all()
    assert kits.count() == len(KITS)
    with_photo = sorted(kit.organization.slug for kit in kits if kit.photo)
    assert with_photo == sorted(PHOTOS)


# --- The brand-kit page -----------------------------------------------------------------------

KIT_FORM = {
    "primary": "#1d4ed8",
    "secondary": "#f59e0b",
    "text": "#ffffff",
    "font": "inter",
    "link": "https://example.org/r/voix",
    "tagline_fr": "Ensemble pour voter",
    "tagline_en": "",
    "tagline_de": "",
}


def url(name, org):
    return reverse(f"visuals:{name}", kwargs={"org_slug": org.slug})


@pytest.mark.django_db
def test_the_brand_kit_page_uploads_and_removes_the_photo(client_a, org_a):
    photo = upload("p.png", png_bytes((900, 600)))
    response = client_a.post(url("brand_kit", org_a), {**KIT_FORM, "photo": photo})
    assert response.status_code == 302
    kit = BrandKit.objects.get(organization=org_a)
    assert content(kit.photo).startswith(b"\xff\xd8")
    page = client_a.get(url("brand_kit", org_a)).content.decode()
    assert "A background photo is saved" in page and "Remove the photo" in page
    services.template_install_defaults(organization=org_a)
    photo_template = VisualTemplate.objects.get(organization=org_a, default_key="photo")
    preview = client_a.get(url("brand_preview", org_a) + f"?template={photo_template.pk}")
    assert close(pixel(preview.content, (540, 300)), (200, 30, 60))  # the saved photo
    unsaved_removal = client_a.post(
        url("brand_preview", org_a) + f"?template={photo_template.pk}",
        {**KIT_FORM, "remove_photo": "on"},
    )
    assert not close(pixel(unsaved_removal.content, (540, 300)), (200, 30, 60))
    client_a.post(url("brand_kit", org_a), {**KIT_FORM, "remove_photo": "on"})
    assert not BrandKit.objects.get(organization=org_a).photo


@pytest.mark.django_db
def test_a_bad_photo_on_the_page_shows_the_error_and_keeps_what_was_typed(client_a, org_a):
    bomb = upload("bomb.png", huge_png_header())
    response = client_a.post(url("brand_kit", org_a), {**KIT_FORM, "photo": bomb})
    assert response.status_code == 400
    page = response.content.decode()
    assert "far too many pixels" in page
    assert 'value="Ensemble pour voter"' in page  # nothing else of the form is lost
    assert not BrandKit.objects.filter(organization=org_a).exists()


@pytest.mark.django_db
def test_the_live_preview_shows_an_unsaved_photo(client_a, org_a):
    services.template_install_defaults(organization=org_a)
    photo_template = VisualTemplate.objects.get(organization=org_a, default_key="photo")
    response = client_a.post(
        url("brand_preview", org_a) + f"?template={photo_template.pk}",
        {**KIT_FORM, "photo": upload("red.jpg", jpeg(size=(1200, 800), color=RED))},
    )
    assert response.status_code == 200
    assert close(pixel(response.content, (540, 300)), RED)
    assert not BrandKit.objects.filter(organization=org_a).exists()
