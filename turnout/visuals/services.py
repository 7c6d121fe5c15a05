"""Writes of campaign visuals: templates, brand kits, cached renders."""

from __future__ import annotations

import contextlib
import hashlib
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from turnout.actions.models import LANGUAGES, pick_text
from turnout.core.audit import audit_record
from turnout.core.uploads import open_raster_image

from . import render as renderer
from .brand import Brand
from .colors import AA_TEXT, closest_passing, contrast_ratio, parse_hex
from .defaults import DEFAULT_TEMPLATES, HEADLINE, TAGLINE
from .fonts import FAMILIES
from .formats import FORMATS, Format
from .models import BrandKit, Render, VisualTemplate
from .pipeline import render_one
from .sanitize import looks_like_svg, sanitize_svg
from .spec import parse_template

TAGLINE_MAX = 140
HEADLINE_MAX = 120


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- Templates ----------------------------------------------------------------------------


def template_source_check(data: bytes) -> tuple[str, dict]:
    """Sanitize an uploaded template and read its slots: (svg, summary) or ValidationError."""
    if not looks_like_svg(data[:4096]):
        raise ValidationError(_("A template must be an SVG file."), code="not_svg")
    svg = sanitize_svg(data, max_bytes=_setting("TURNOUT_VISUALS_TEMPLATE_MAX_BYTES", 2 << 20))
    return svg, parse_template(svg).summary()


def _texts_check(values: dict, limit: int, label: str) -> dict:
    cleaned = {}
    for code in LANGUAGES:
        value = " ".join((values or {}).get(code, "").split(" ")).strip()
        if len(value) > limit:
            raise ValidationError(
                _("The %(label)s in %(lang)s is %(n)s characters long; the limit is %(limit)s.")
                % {"label": label, "lang": code.upper(), "n": len(value), "limit": limit},
                code="too_long",
            )
        if value:
            cleaned[code] = value
    return cleaned


@transaction.atomic
def template_create(
    *, organization, user, name: str, svg_data: bytes, headline: dict, tagline: dict,
    default_key: str = "",
) -> VisualTemplate:  # fmt: skip
    svg, summary = template_source_check(svg_data)
    template = VisualTemplate(
        organization=organization,
        name=name.strip()[:120],
        svg=svg,
        spec=summary,
        headline=_texts_check(headline, HEADLINE_MAX, _("headline")),
        tagline=_texts_check(tagline, TAGLINE_MAX, _("tagline")),
        default_key=default_key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _save_unique(template)
    audit_record(organization=organization, actor=user, action="visuals.template_created",
                 target=template)  # fmt: skip
    return template


def _save_unique(template: VisualTemplate) -> None:
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("Another template already has this name.")}, code="duplicate"
        ) from exc


@transaction.atomic
def template_update(
    *, template: VisualTemplate, user, name: str | None = None, svg_data: bytes | None = None,
    headline: dict | None = None, tagline: dict | None = None,
) -> VisualTemplate:  # fmt: skip
    """Change a template; anything that shows in renders bumps its version, and the renders of
    older versions (of this template only) are deleted."""
    template = VisualTemplate.objects.select_for_update().get(pk=template.pk)
    changed = False
    if svg_data is not None:
        svg, summary = template_source_check(svg_data)
        if svg != template.svg:
            template.svg, template.spec, changed = svg, summary, True
    if headline is not None:
        value = _texts_check(headline, HEADLINE_MAX, _("headline"))
        changed |= value != template.headline
        template.headline = value
    if tagline is not None:
        value = _texts_check(tagline, TAGLINE_MAX, _("tagline"))
        changed |= value != template.tagline
        template.tagline = value
    if name is not None:
        template.name = name.strip()[:120]
    if changed:
        template.version += 1
    _save_unique(template)
    if changed:
        # Their files go once this is committed (signals.py).
        template.renders.exclude(template_version=template.version).delete()
    audit_record(organization=template.organization, actor=user,
                 action="visuals.template_updated", target=template,
                 data={"version": template.version})  # fmt: skip
    return template


def template_install_defaults(*, organization, user=None) -> list[VisualTemplate]:
    """Give an organization the default templates it does not have yet (idempotent)."""
    existing = set(
        VisualTemplate.objects.for_organization(organization)
        .exclude(default_key="")
        .values_list("default_key", flat=True)
    )
    created = []
    for key, default in DEFAULT_TEMPLATES.items():
        if key in existing:
            continue
        created.append(
            template_create(
                organization=organization, user=user, name=str(default["name"]),
                svg_data=default["svg"].encode(), headline=HEADLINE, tagline=TAGLINE,
                default_key=key,
            )
        )  # fmt: skip
    return created


# --- Brand kits ---------------------------------------------------------------------------


def logo_check(upload) -> tuple[bytes, str]:
    """(content, kind) of an uploaded logo: type from content; SVG sanitized, rasters checked
    and re-encoded as PNG. Raises ValidationError with a clear message."""
    from turnout.organizations.services import logo_to_png

    max_bytes = _setting("TURNOUT_LOGO_MAX_BYTES", 2 << 20)
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if looks_like_svg(head):
        if upload.size > max_bytes:
            raise ValidationError(_("This SVG file is too big."), code="too_big")
        return sanitize_svg(upload.read(), max_bytes=max_bytes).encode(), "svg"
    image = _raster_open(
        upload,
        max_bytes,
        _("This file is not an image we can read. Use a PNG, JPEG, WebP or SVG file."),
    )
    return logo_to_png(image), "png"


def _raster_open(upload, max_bytes: int, unreadable: str):
    """The upload as a checked raster image; ``unreadable`` is the message when it is not an
    image at all (other refusals keep their own message)."""
    try:
        return open_raster_image(upload, max_bytes=max_bytes)
    except ValidationError as exc:
        if exc.code == "not_an_image":
            raise ValidationError(unreadable, code="not_an_image") from exc
        raise


def contrast_problem(text: str, background: str) -> str | None:
    ratio = contrast_ratio(text, background)
    if ratio >= AA_TEXT:
        return None
    return _(
        "The text color %(text)s on the main color %(bg)s has a contrast of %(ratio)s:1; "
        "text needs at least 4.5:1 to be readable (WCAG AA). The closest color that passes "
        "is %(suggestion)s."
    ) % {
        "text": text,
        "bg": background,
        "ratio": number_format(ratio, 1),
        "suggestion": closest_passing(text, background),
    }


def brand_kit_check(*, data: dict) -> dict:
    """Validate brand kit fields; returns cleaned values or raises ValidationError(dict)."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field in ("primary", "secondary", "text"):
        try:
            cleaned[field] = parse_hex(data.get(field, ""))
        except ValidationError as exc:
            errors[field] = exc.messages
    if "text" in cleaned and "primary" in cleaned:
        problem = contrast_problem(cleaned["text"], cleaned["primary"])
        if problem:
            errors["text"] = [problem]
    font = data.get("font") or ""
    if font not in FAMILIES:
        errors["font"] = [_("Choose one of the fonts in the list.")]
    cleaned["font"] = font
    try:
        cleaned["tagline"] = _texts_check(data.get("tagline") or {}, TAGLINE_MAX, _("tagline"))
    except ValidationError as exc:
        errors["tagline"] = exc.messages
    link = (data.get("link") or "").strip()
    if link and not link.startswith(("https://", "http://")):
        errors["link"] = [_("The QR code link must start with https://.")]
    cleaned["link"] = link
    if errors:
        raise ValidationError(errors)
    return cleaned


PHOTO_MAX_SIDE = 2400
PHOTO_QUALITY = 85


def photo_check(upload) -> bytes:
    """The JPEG of an uploaded background photo: type from content, size and pixel limits,
    EXIF orientation applied, at most 2400 pixels on its longest side, metadata dropped.
    Raises ValidationError with a clear message."""
    from PIL import Image, ImageOps

    max_bytes = _setting("TURNOUT_VISUALS_PHOTO_MAX_BYTES", 8 << 20)
    image = _raster_open(
        upload, max_bytes, _("This file is not a photo we can read. Use a JPEG, PNG or WebP file.")
    )
    with contextlib.suppress(OSError, SyntaxError, ValueError, KeyError, TypeError):
        image = ImageOps.exif_transpose(image)  # a damaged tag: keep the image as stored
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=PHOTO_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _replace_file(field_file, old_name: str) -> None:
    """Delete a kit's previous file once the change is committed."""
    if old_name and old_name != (field_file.name or ""):
        storage = field_file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


@transaction.atomic
def brand_kit_update(
    *, organization, user, data: dict, logo_upload=None, remove_logo: bool = False,
    photo_upload=None, remove_photo: bool = False,
) -> BrandKit:  # fmt: skip
    """Save the kit only when everything is valid: on any error nothing changes (and every
    problem is reported at once, by field)."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    try:
        cleaned = brand_kit_check(data=data)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    logo = photo = None
    if logo_upload is not None:
        try:
            logo = logo_check(logo_upload)
        except ValidationError as exc:
            errors["logo"] = exc.messages
    if photo_upload is not None:
        try:
            photo = photo_check(photo_upload)
        except ValidationError as exc:
            errors["photo"] = exc.messages
    if errors:
        raise ValidationError(errors)
    kit = BrandKit.objects.select_for_update().filter(organization=organization).first()
    kit = kit or BrandKit(organization=organization)
    for field, value in cleaned.items():
        setattr(kit, field, value)
    old_logo = kit.logo.name if kit.logo else ""
    old_photo = kit.photo.name if kit.photo else ""
    if logo is not None:
        content, kind = logo
        digest = hashlib.sha256(content).hexdigest()[:32]
        kit.logo.save(f"{organization.pk}-{digest}.{kind}", ContentFile(content), save=False)
        kit.logo_kind = kind
    elif remove_logo:
        kit.logo, kit.logo_kind = "", ""
    if photo is not None:
        digest = hashlib.sha256(photo).hexdigest()[:32]
        kit.photo.save(f"{organization.pk}-{digest}.jpg", ContentFile(photo), save=False)
    elif remove_photo:
        kit.photo = ""
    kit.content_hash = brand_for_kit(kit, organization, photo=photo).content_hash()
    kit.save()
    _replace_file(kit.logo, old_logo)
    _replace_file(kit.photo, old_photo)
    audit_record(organization=organization, actor=user, action="visuals.brand_kit_updated",
                 target=kit)  # fmt: skip
    return kit


def _file_bytes(field_file) -> bytes:
    if not field_file:
        return b""
    with field_file.open("rb") as handle:
        return handle.read()


def _logo_bytes(kit: BrandKit) -> bytes:
    return _file_bytes(kit.logo)


def brand_for_kit(
    kit: BrandKit, organization, *, logo: bytes | None = None, photo: bytes | None = None
) -> Brand:
    """The brand of a kit; ``logo`` / ``photo``: content not saved yet (a preview or an
    update) instead of the kit's files."""
    return Brand(
        name=organization.name,
        primary=kit.primary,
        secondary=kit.secondary,
        text=kit.text,
        font=kit.font,
        link=kit.link or organization.website or "",
        tagline=dict(kit.tagline or {}),
        logo=_logo_bytes(kit) if logo is None else logo,
        logo_kind=kit.logo_kind if (kit.logo or logo) else "",
        photo=_file_bytes(kit.photo) if photo is None else photo,
    )


# --- Rendering ----------------------------------------------------------------------------


def partners_hash(partners) -> str:
    """What the partner logos add to a cache key ('' without any)."""
    if not partners:
        return ""
    digest = hashlib.sha256()
    for data, kind in partners:
        digest.update(kind.encode() + b":" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def render_key(*, template: VisualTemplate, organization, brand_hash: str, language: str,
               fmt: Format, partners=()) -> str:  # fmt: skip
    """The cache key of a render: template version, brand, language, format, renderer
    version and, when the partner strip shows logos, those logos."""
    parts = [str(template.pk), str(template.version), str(organization.pk), brand_hash, language,
             fmt.key, renderer.RENDERER_VERSION]  # fmt: skip
    if partners:
        parts.append(partners_hash(partners))
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def render_arguments(*, template: VisualTemplate, brand: Brand, language: str, fmt: Format,
                     partners=()) -> dict:  # fmt: skip
    """The plain values one render needs (picklable, for a pool of processes). ``partners``:
    (logo, kind) of the logos of the partner strip."""
    return {
        "partners": tuple(partners),
        "template_key": f"{template.pk or template.default_key}:{template.version}",
        "svg": template.svg,
        "title": f"{template.name} – {brand.name}",
        "brand": brand,
        "headline": pick_text(template.headline, language),
        "tagline": pick_text(brand.tagline, language) or pick_text(template.tagline, language),
        "format_key": fmt.key,
    }


def render_bytes(*, template: VisualTemplate, brand: Brand, language: str, fmt: Format,
                 partners=()) -> tuple[bytes, list[str]]:  # fmt: skip
    """Render one file (no cache): what every cache miss calls."""
    return render_one(**render_arguments(template=template, brand=brand, language=language,
                                         fmt=fmt, partners=partners))  # fmt: skip


def render_cached(key: str) -> Render | None:
    found = Render.objects.filter(key=key).first()
    if found is not None and found.file and found.file.storage.exists(found.file.name):
        found.was_cached = True
        return found
    return None


def render_store(*, template: VisualTemplate, organization, brand_hash: str, language: str,
                 fmt: Format, key: str, data: bytes, overflow: list[str]) -> Render:  # fmt: skip
    """Keep a rendered file under its key (a lost file is put back; a concurrent render of
    the same key keeps the first one)."""
    found = Render.objects.filter(key=key).first()
    if found is not None:
        found.file.save(f"{key}.{fmt.extension}", ContentFile(data), save=False)
        Render.objects.filter(pk=found.pk).update(file=found.file.name, size=len(data))
        return found
    render = Render(
        organization=organization, key=key, template=template,
        template_version=template.version, brand_hash=brand_hash, language=language,
        format=fmt.key, size=len(data), overflow=overflow,
    )  # fmt: skip
    render.file.save(f"{key}.{fmt.extension}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            render.save()
    except IntegrityError:  # another worker rendered it at the same time
        render.file.storage.delete(render.file.name)
        return Render.objects.get(key=key)
    return render


def visual_render(
    *,
    template: VisualTemplate,
    organization,
    brand: Brand,
    language: str,
    fmt: Format,
    partners=(),
) -> Render:
    """The render of (template version, brand, language, format, partner logos), made only
    if not cached."""
    brand_hash = brand.content_hash()
    key = render_key(template=template, organization=organization, brand_hash=brand_hash,
                     language=language, fmt=fmt, partners=partners)  # fmt: skip
    found = render_cached(key)
    if found is not None:
        return found
    data, overflow = render_bytes(template=template, brand=brand, language=language, fmt=fmt,
                                  partners=partners)  # fmt: skip
    return render_store(template=template, organization=organization, brand_hash=brand_hash,
                        language=language, fmt=fmt, key=key, data=data,
                        overflow=overflow)  # fmt: skip


def visuals_zip(*, template: VisualTemplate, organization, brand: Brand, languages,
                formats) -> bytes:  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for language in languages:
            for fmt in formats:
                render = visual_render(template=template, organization=organization,
                                       brand=brand, language=language, fmt=fmt)  # fmt: skip
                with render.file.open("rb") as handle:
                    archive.writestr(download_name(template, language, fmt), handle.read())
    return buffer.getvalue()


def download_name(template: VisualTemplate, language: str, fmt: Format) -> str:
    from django.utils.text import slugify

    return f"{slugify(template.name) or 'visual'}-{language}-{fmt.key}.{fmt.extension}"


def all_formats() -> list[Format]:
    return list(FORMATS.values())


def default_template(key: str = "bold") -> VisualTemplate:
    """An unsaved default template, to preview a kit before any template exists."""
    default = DEFAULT_TEMPLATES[key]
    return VisualTemplate(
        name=str(default["name"]), svg=default["svg"], headline=HEADLINE, tagline=TAGLINE,
        default_key=f"builtin-{key}",
    )  # fmt: skip


def logo_colors(kit: BrandKit) -> list[str]:
    """Colors suggested by the kit's logo (most present first)."""
    from PIL import Image

    from .colors import suggest_from_image

    data = _logo_bytes(kit)
    if not data:
        return []
    if kit.logo_kind == "svg":
        data = renderer.svg_to_png(data.decode(), width=256)
    with Image.open(io.BytesIO(data)) as image:
        return suggest_from_image(image)


def batch_start(*, template: VisualTemplate, organization_ids: list[int], user,
                languages=LANGUAGES, formats=None):  # fmt: skip
    """Render the kits of the given organizations in every format, as a background job."""
    from turnout.core.jobs import job_create

    formats = formats or list(FORMATS)
    return job_create(
        organization=template.organization,
        kind="visuals_batch",
        title=ngettext(
            "Render “%(name)s” for %(n)s organization",
            "Render “%(name)s” for %(n)s organizations",
            len(organization_ids),
        )
        % {"name": template.name, "n": len(organization_ids)},
        params={
            "template_id": template.pk,
            "organization_ids": list(organization_ids),
            "languages": list(languages),
            "formats": list(formats),
        },
        user=user,
    )
