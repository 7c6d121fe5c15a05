"""Campaign visuals (``make bench NAME=render``): render times, cache, and a batch.

Set-up: an initiator with the default "Bold circle" template and BENCH_VISUALS_ORGS
organizations (20 by default; 250 for the issue's figure) with brand kits (SVG logo, colors,
font, tagline, QR link).

Figures:
- ``png_cold_ms``: median time of a 1080×1080 PNG never rendered before, through the whole
  pipeline (slots filled, text laid out, QR, resvg, file stored, cache row written);
- ``png_cached_ms``: the same render asked again (found in the cache);
- ``pdf_ms``: a cold A3 poster (vector PDF with bleed and crop marks);
- ``batch_s`` and ``peak_mb``: the batch job rendering every organization's kit in the six
  social formats (one language), with the pool of render processes; peak memory of this
  process and of its children, whichever is larger.
The baseline ``bare_png_ms`` is resvg alone on the same final SVG documents, measured in the
same run, so ``overhead_ratio = png_cold_ms / bare_png_ms`` shows what the pipeline adds.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.common import peak_rss_mb, stopwatch

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 120">'
    '<circle cx="60" cy="60" r="50" fill="{c}"/><rect x="130" y="40" width="200" height="24" '
    'rx="12" fill="{c}"/><rect x="130" y="74" width="140" height="16" rx="8" fill="{c}"/></svg>'
)
PALETTE = ["#1d4ed8", "#0f766e", "#b91c1c", "#6d28d9", "#be185d", "#1f2937", "#15803d"]
FONTS = ["inter", "montserrat", "atkinson", "merriweather"]


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(ctx):
    from turnout.core.jobs import job_create
    from turnout.core.models import Job
    from turnout.organizations.tests.factories import OrganizationFactory
    from turnout.visuals import render as renderer
    from turnout.visuals.brand import SAMPLE_BRANDS
    from turnout.visuals.compose import compose
    from turnout.visuals.formats import FORMATS, SOCIAL
    from turnout.visuals.services import (
        brand_kit_update,
        render_arguments,
        template_install_defaults,
        visual_render,
    )
    from turnout.visuals.spec import cached_spec

    orgs = int(os.environ.get("BENCH_VISUALS_ORGS", "20"))
    repeat = int(os.environ.get("BENCH_REPEAT", "9"))
    initiator = OrganizationFactory(name="Initiator", slug="bench-initiator")
    template = template_install_defaults(organization=initiator)[0]
    ctx.say(f"{orgs} organizations, template '{template.name}', {repeat} samples per figure")

    from dataclasses import replace

    square, a3 = FORMATS["square"], FORMATS["a3"]
    cold, bare, cached, pdf = [], [], [], []
    for i in range(repeat + 1):  # the first of each is a warm-up
        brand = replace(SAMPLE_BRANDS[i % 3], tagline={"fr": f"Chaque voix compte ({i})."})
        start = time.perf_counter()
        visual_render(template=template, organization=initiator, brand=brand, language="fr",
                      fmt=square)  # fmt: skip
        cold_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        visual_render(template=template, organization=initiator, brand=brand, language="fr",
                      fmt=square)  # fmt: skip
        cached_ms = (time.perf_counter() - start) * 1000
        args = render_arguments(template=template, brand=brand, language="fr", fmt=square)
        scene = compose(cached_spec(args["template_key"], args["svg"]), brand, fmt=square,
                        headline=args["headline"], tagline=args["tagline"])  # fmt: skip
        svg = renderer.scene_to_svg(scene)
        start = time.perf_counter()
        renderer.svg_to_png(svg)
        bare_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        visual_render(template=template, organization=initiator, brand=brand, language="de",
                      fmt=a3)  # fmt: skip
        pdf_ms = (time.perf_counter() - start) * 1000
        if i:
            cold.append(cold_ms)
            cached.append(cached_ms)
            bare.append(bare_ms)
            pdf.append(pdf_ms)

    organization_ids = []
    for i in range(orgs):
        org = OrganizationFactory(name=f"Organisation {i}", slug=f"bench-org-{i}")
        color = PALETTE[i % len(PALETTE)]
        brand_kit_update(
            organization=org,
            user=None,
            data={
                "primary": color,
                "secondary": "#f59e0b",
                "text": "#ffffff",
                "font": FONTS[i % len(FONTS)],
                "link": f"https://example.org/r/org{i}?src=visual",
                "tagline": {"fr": f"L'organisation {i} appelle à voter."},
            },
            logo_upload=SimpleUploadedFile("logo.svg", LOGO.format(c=color).encode()),
        )
        organization_ids.append(org.pk)
    with stopwatch() as batch:
        job = job_create(
            organization=initiator,
            kind="visuals_batch",
            title="bench",
            params={
                "template_id": template.pk,
                "organization_ids": organization_ids,
                "languages": ["fr"],
                "formats": [f.key for f in SOCIAL],
            },
        )
    job.refresh_from_db()
    if job.status != Job.Status.SUCCEEDED:
        raise RuntimeError(f"batch job ended {job.status}: {job.error}")
    ctx.say(f"batch: {job.result}")
    files = orgs * len(SOCIAL)
    figures = {
        "png_cold_ms": round(statistics.median(cold), 1),
        "png_cached_ms": round(statistics.median(cached), 2),
        "pdf_ms": round(statistics.median(pdf), 1),
        "batch_orgs": orgs,
        "batch_files": files,
        "batch_s": round(batch["seconds"], 2),
        "batch_files_per_s": round(files / batch["seconds"], 1),
        "peak_mb": round(max(peak_rss_mb(), _children_peak_mb()), 1),
    }
    baseline = {"bare_png_ms": round(statistics.median(bare), 1)}
    ratios = {
        "overhead_ratio": round(figures["png_cold_ms"] / baseline["bare_png_ms"], 3),
        "batch_s_for_250_orgs_estimate": round(batch["seconds"] * 250 / max(orgs, 1), 1),
    }
    return {"figures": figures, "baseline": baseline, "ratios": ratios}
