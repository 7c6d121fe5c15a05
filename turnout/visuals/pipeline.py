"""One render from plain values: what a cache miss runs, in this process or in a pool of
processes (the batch). Imports nothing that needs the database."""

from __future__ import annotations

import os

from .brand import Brand
from .compose import compose
from .formats import FORMATS
from .render import render_pdf, render_png
from .spec import cached_spec


def render_one(
    *,
    template_key: str,
    svg: str,
    title: str,
    brand: Brand,
    headline: str,
    tagline: str,
    format_key: str,
    partners: tuple = (),
) -> tuple[bytes, list[str]]:
    """(file content, names of the slots whose text had to be cut)."""
    fmt = FORMATS[format_key]
    spec = cached_spec(template_key, svg)
    scene = compose(spec, brand, fmt=fmt, headline=headline, tagline=tagline, partners=partners)
    if fmt.kind == "png":
        return render_png(scene), scene.overflow
    return render_pdf(scene, title=title), scene.overflow


def render_task(kwargs: dict) -> tuple[bytes, list[str]]:
    return render_one(**kwargs)


def init_worker() -> None:
    """Pool processes are started fresh (spawn): set Django up for translations."""
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        import django

        django.setup()
