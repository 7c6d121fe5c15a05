"""Helpers of the targeting tests: files to upload, running the jobs they start, and the
shared real data of Brest (skipped with a clear message when the folder is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from turnout.core.jobs import job_run
from turnout.core.models import Job

from .factories import LAT, LON

BAN_HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)


def ban_line(ident, number, street, lat, lon, rep="") -> str:
    return (
        f"{ident};29019_1234;{number};{rep};{street};29200;29019;Brest;;;146000.1;6838000.2;"
        f"{lon};{lat};entrée;;;BREST;{street.upper()};commune;commune;1;"
    )


def ban_file(lines: list[str], name="adresses-29.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([BAN_HEADER, *lines]) + "\n").encode(), "text/csv")


def csv_file(text: str, name="adresses.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def square(lon: float, lat: float, size: float) -> dict:
    """A GeoJSON square polygon with its south-west corner at (lon, lat)."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def stations_geojson(features: list[tuple[dict, dict]], name="bureaux.geojson"):
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    return SimpleUploadedFile(name, json.dumps(data).encode(), "application/geo+json")


# Two stations side by side around the factories' Brest centre: 1 west, 2 east.
WEST = square(LON - 0.01, LAT - 0.01, 0.01)
EAST = square(LON, LAT - 0.01, 0.01)


def run_queued() -> list[Job]:
    """Run the queued jobs (tests do not commit, so nothing ran them)."""
    jobs = list(Job.objects.filter(status=Job.Status.QUEUED).order_by("pk"))
    for job in jobs:
        job_run(job_id=job.pk)
    return [Job.objects.get(pk=job.pk) for job in jobs]


def url(name: str, org, **kwargs) -> str:
    return reverse(f"canvassing:{name}", kwargs={"org_slug": org.slug, **kwargs})


def import_addresses(client, org, upload, columns: list[str] | None = None) -> Job:
    """Upload an address file (and choose its columns when asked); run the import."""
    response = client.post(url("address_import", org), {"file": upload})
    if columns is not None:
        assert response.status_code == 200, response.content.decode()[:2000]
        data = {"draft": response.context["form"]["draft"].value(), "start": "1"}
        data.update({f"col_{i}": target for i, target in enumerate(columns)})
        response = client.post(url("address_import", org), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (job,) = run_queued()
    return job


def import_stations(client, org, upload, **options) -> Job:
    response = client.post(url("stations_import", org), {"file": upload})
    assert response.status_code == 200, response.content.decode()[:2000]
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(options)
    response = client.post(url("stations_import", org), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (job,) = run_queued()
    return job


def import_results(client, org, upload, **fields) -> Job:
    data = {
        "file": upload,
        "election": "Législatives 2024, 1er tour",
        "election_date": "2024-06-30",
        "round": "1",
    }
    data.update(fields)
    response = client.post(url("results_import", org), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (job,) = run_queued()
    return job


def report_text(client, org, job) -> str:
    response = client.get(url("import_report", org, job_uuid=job.uuid))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


BREST = Path(settings.BASE_DIR).parent / "shared" / "data" / "brest"


def brest_file(name: str) -> Path:
    path = BREST / name
    if not path.exists():
        pytest.skip(f"the shared Brest data is not here ({path}): real-data tests skipped")
    return path
