"""The batch render: every given organization's kit in all formats and languages.

Resumable: a job run again after a worker restart finds what it already made in the render
cache and skips it, so only the missing files are rendered. Rendering is CPU-bound and the
renderer holds the GIL, so the missing files are rendered by a pool of processes
(``TURNOUT_VISUALS_BATCH_PROCESSES``, default: one per core); this process keeps the database
and storage writes.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings

from turnout.core.jobs import job_handler
from turnout.organizations.models import Organization

from .formats import FORMATS
from .models import BrandKit, Render, VisualTemplate
from .pipeline import init_worker, render_one, render_task

POOL_THRESHOLD = 12  # below this many files, starting processes costs more than it saves


def batch_processes() -> int:
    configured = getattr(settings, "TURNOUT_VISUALS_BATCH_PROCESSES", 0)
    return configured or os.cpu_count() or 1


@job_handler("visuals_batch")
def visuals_batch(job, progress):
    from .services import brand_for_kit

    params = job.params
    template = VisualTemplate.objects.for_organization(job.organization).get(
        pk=params["template_id"]
    )
    kits = {
        kit.organization_id: kit
        for kit in BrandKit.objects.filter(organization_id__in=params["organization_ids"])
    }
    organizations = Organization.objects.filter(pk__in=kits).order_by("pk")
    brands = [(org, brand_for_kit(kits[org.pk], org)) for org in organizations]
    return render_batch(
        progress,
        template=template,
        brands=brands,
        languages=params["languages"],
        formats=[FORMATS[key] for key in params["formats"] if key in FORMATS],
    )


def render_batch(progress, *, template, brands, languages, formats, partners=()) -> dict:
    """Render ``template`` for each (organization, brand) of ``brands`` in every language and
    format, skipping what the cache already holds; ``partners`` are the logos of the partner
    strip (part of each key). Used by this app's batch and by campaigns' (whose brands carry
    each organization's tracked link)."""
    from .services import render_arguments, render_key, render_store

    progress.set_total(len(brands) * len(formats) * len(languages))
    todo = []  # (organization, brand hash, language, format, key, render arguments)
    cached = 0
    for organization, brand in brands:
        brand_hash = brand.content_hash()
        wanted = {}
        for language in languages:
            for fmt in formats:
                key = render_key(template=template, organization=organization,
                                 brand_hash=brand_hash, language=language, fmt=fmt,
                                 partners=partners)  # fmt: skip
                wanted[key] = (language, fmt)
        done = set(Render.objects.filter(key__in=wanted).values_list("key", flat=True))
        for key, (language, fmt) in wanted.items():
            if key in done:
                cached += 1
                continue
            arguments = render_arguments(template=template, brand=brand, language=language,
                                         fmt=fmt, partners=partners)  # fmt: skip
            todo.append((organization, brand_hash, language, fmt, key, arguments))
    if cached:
        progress.advance(cached)

    def store(item, result):
        organization, brand_hash, language, fmt, key, _arguments = item
        data, overflow = result
        render_store(template=template, organization=organization, brand_hash=brand_hash,
                     language=language, fmt=fmt, key=key, data=data,
                     overflow=overflow)  # fmt: skip
        progress.advance(1, organization.name)

    processes = min(batch_processes(), max(1, len(todo) // POOL_THRESHOLD))
    if processes > 1:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(processes, mp_context=context, initializer=init_worker) as pool:
            results = pool.map(render_task, [item[5] for item in todo], chunksize=4)
            for item, result in zip(todo, results, strict=True):
                store(item, result)
    else:
        for item in todo:
            store(item, render_one(**item[5]))
    return {"rendered": len(todo), "cached": cached, "organizations": len(brands)}
