"""Address import: BAN recognized by its header, column mapping for other files, rejected
rows reported (never dropped), re-import without duplicates, undo, stations by polygon."""

from dataclasses import asdict

import pytest

from turnout.canvassing.imports import addresses as address_import
from turnout.canvassing.models import AddressPoint
from turnout.canvassing.services.targeting import (
    ADDRESSES_JOB,
    STATIONS_JOB,
    address_import_start,
    import_draft_create,
    import_draft_get,
)
from turnout.core.models import Job
from turnout.people.imports import reader

from .factories import LAT, LON, AddressPointFactory, TurfStopFactory
from .targeting_helpers import (
    EAST,
    WEST,
    ban_file,
    ban_line,
    csv_file,
    import_addresses,
    import_stations,
    report_text,
    run_queued,
    stations_geojson,
    url,
)

pytestmark = pytest.mark.django_db

# The same three entrances in a BAN file: west of the centre, east, and one without position.
BAN_LINES = [
    ban_line("29019_1234_00002", 2, "Rue de Siam", LAT - 0.005, LON - 0.005),
    ban_line("29019_1234_00004", 4, "Rue de Siam", LAT - 0.005, LON + 0.005, rep="bis"),
    ban_line("29019_1234_00006", 6, "Rue de Siam", "", ""),
]


def test_a_ban_file_is_recognized_by_its_header_and_imported_at_once(client_a, org_a):
    job = import_addresses(client_a, org_a, ban_file(BAN_LINES))

    assert job.status == Job.Status.SUCCEEDED
    assert job.result["format"] == "ban"
    rows = {a.external_id: a for a in AddressPoint.objects.filter(organization=org_a)}
    assert set(rows) == {"29019_1234_00002", "29019_1234_00004"}
    bis = rows["29019_1234_00004"]
    assert (bis.number, bis.street, bis.postal_code, bis.city, bis.commune_code) == (
        "4 bis",
        "Rue de Siam",
        "29200",
        "Brest",
        "29019",
    )
    assert bis.latitude == pytest.approx(LAT - 0.005)
    assert bis.doors == 1 and bis.job == job


def test_rows_without_coordinates_are_counted_and_in_the_downloadable_report(client_a, org_a):
    lines = [*BAN_LINES, ban_line("29019_1234_00008", 8, "Rue de Siam", 95.2, LON)]
    job = import_addresses(client_a, org_a, ban_file(lines))

    page = client_a.get(url("import_detail", org_a, job_uuid=job.uuid)).content.decode()
    assert "1 row without coordinates" in page
    assert "1 row with coordinates that cannot be read or are out of range" in page
    report = report_text(client_a, org_a, job).splitlines()
    assert report[0].startswith("line;reason;id;id_fantoir;numero")
    assert report[1].startswith("4;No coordinates (latitude and longitude).;29019_1234_00006;")
    assert report[2].startswith("5;Latitude 95.2 is out of range (-90 to 90).;29019_1234_00008;")


def test_importing_the_same_file_again_updates_instead_of_duplicating(client_a, org_a):
    import_addresses(client_a, org_a, ban_file(BAN_LINES))
    moved = [BAN_LINES[0].replace("Rue de Siam", "Rue de Siam prolongée"), *BAN_LINES[1:]]
    second = import_addresses(client_a, org_a, ban_file(moved))

    assert AddressPoint.objects.filter(organization=org_a).count() == 2
    assert (second.result["created"], second.result["updated"], second.result["unchanged"]) == (
        0,
        1,
        1,
    )
    assert AddressPoint.objects.get(external_id="29019_1234_00002").street == (
        "Rue de Siam prolongée"
    )


def test_another_file_goes_through_the_column_mapping_with_a_preview(client_a, org_a):
    text = (
        "Rue;N°;CP;Ville;Latitude;Longitude;Logements\n"
        f"Rue Jean Jaurès;12;29200;Brest;{LAT};{LON};8\n"
        "Rue Jean Jaurès;14;29200;Brest;48,3907;-4,4858;x\n"
    )
    response = client_a.post(url("address_import", org_a), {"file": csv_file(text)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Step 2 of 2" in page
    assert "Doors “x” is not a whole number from 1 to 5000." in page  # the preview tells
    suggested = [field.value() for field, _sample in response.context["column_rows"]]
    assert suggested == [
        "street",
        "number",
        "postal_code",
        "city",
        "latitude",
        "longitude",
        "doors",
    ]

    job = import_addresses(
        client_a,
        org_a,
        csv_file(text),
        columns=["street", "number", "postal_code", "city", "latitude", "longitude", "doors"],
    )
    (address,) = AddressPoint.objects.filter(organization=org_a)
    assert (address.number, address.doors, address.external_id.startswith("auto:")) == (
        "12",
        8,
        True,
    )
    assert job.result["rejected"] == {"bad_doors": 1}
    # Without source ids, the address itself identifies it: no duplicate on a re-import.
    import_addresses(
        client_a,
        org_a,
        csv_file(text),
        columns=["street", "number", "postal_code", "city", "latitude", "longitude", "doors"],
    )
    assert AddressPoint.objects.filter(organization=org_a).count() == 1


def test_a_later_file_of_doors_updates_only_the_doors(client_a, org_a):
    import_addresses(client_a, org_a, ban_file(BAN_LINES))
    text = "id;portes\n29019_1234_00002;12\n29019_1234_00004;\n"
    columns = ["external_id", "doors"]
    # Street and coordinates are required for a new address: this file only updates.
    response = client_a.post(url("address_import", org_a), {"file": csv_file(text)})
    data = {"draft": response.context["form"]["draft"].value(), "start": "1"}
    data.update({f"col_{i}": target for i, target in enumerate(columns)})
    response = client_a.post(url("address_import", org_a), data)
    assert "Choose the column of each of these: Street, Latitude, Longitude." in (
        response.content.decode()
    )
    with_position = (
        "id;nom_voie;lat;lon;portes\n"
        f"29019_1234_00002;Rue de Siam;{LAT - 0.005};{LON - 0.005};12\n"
        f"29019_1234_00004;Rue de Siam;{LAT - 0.005};{LON + 0.005};\n"
    )
    job = import_addresses(
        client_a,
        org_a,
        csv_file(with_position),
        columns=["external_id", "street", "latitude", "longitude", "doors"],
    )
    assert (job.result["updated"], job.result["unchanged"]) == (1, 1)
    doors = dict(AddressPoint.objects.values_list("external_id", "doors"))
    assert doors == {"29019_1234_00002": 12, "29019_1234_00004": 1}  # an empty cell keeps
    assert AddressPoint.objects.get(external_id="29019_1234_00004").number == "4 bis"


def test_a_mapping_without_coordinates_is_refused_and_keeps_the_choices(client_a, org_a):
    text = f"street;lat;lon\nRue de Siam;{LAT};{LON}\n"
    response = client_a.post(url("address_import", org_a), {"file": csv_file(text)})
    draft = response.context["form"]["draft"].value()
    response = client_a.post(
        url("address_import", org_a),
        {"draft": draft, "col_0": "street", "col_1": "latitude", "col_2": "ignore", "start": "1"},
    )
    assert response.status_code == 400
    assert "Choose the column of each of these: Longitude." in response.content.decode()
    assert [f.value() for f, _s in response.context["column_rows"]] == [
        "street",
        "latitude",
        "ignore",
    ]
    assert not Job.objects.exists()


def test_a_tampered_or_foreign_draft_is_refused(client_a, org_a, org_b):
    response = client_a.post(url("address_import", org_a), {"draft": "forged", "start": "1"})
    assert response.status_code == 302
    upload = csv_file(f"street;lat;lon\nRue de Siam;{LAT};{LON}\n")
    info = asdict(reader.inspect(upload, upload.name))
    other_org, _ = import_draft_create(
        organization=org_b, kind=ADDRESSES_JOB, upload=upload, extension="csv", info=info
    )
    other_kind, _ = import_draft_create(
        organization=org_a, kind=STATIONS_JOB, upload=upload, extension="csv", info=info
    )
    for token in (other_org, other_kind):
        data = {"draft": token, "col_0": "street", "col_1": "latitude", "col_2": "longitude"}
        response = client_a.post(url("address_import", org_a), {**data, "start": "1"}, follow=True)
        assert "This upload has expired or cannot be found." in response.content.decode()
    assert not Job.objects.exists()


def test_addresses_get_their_station_by_polygon_now_and_when_areas_come_later(client_a, org_a):
    import_addresses(client_a, org_a, ban_file(BAN_LINES))
    assert not AddressPoint.objects.filter(station__isnull=False).exists()

    job = import_stations(
        client_a,
        org_a,
        stations_geojson(
            [({"BVOTE": 1, "DEPCO": "29019"}, WEST), ({"BVOTE": 2, "DEPCO": "29019"}, EAST)]
        ),
    )
    assert job.result["addresses_moved"] == 2
    west = AddressPoint.objects.get(external_id="29019_1234_00002")
    east = AddressPoint.objects.get(external_id="29019_1234_00004")
    assert (west.station.number, east.station.number) == (1, 2)

    # A new address imported after the areas gets its station at once.
    import_addresses(
        client_a,
        org_a,
        ban_file([ban_line("29019_9_00001", 1, "Rue Saint-Marc", LAT - 0.002, LON + 0.002)]),
    )
    assert AddressPoint.objects.get(external_id="29019_9_00001").station.number == 2


def test_undo_deletes_what_the_import_created_but_keeps_addresses_in_a_turf(client_a, org_a):
    before = AddressPointFactory(organization=org_a, external_id="29019_1234_00004")
    job = import_addresses(client_a, org_a, ban_file(BAN_LINES))
    created = AddressPoint.objects.get(external_id="29019_1234_00002")
    assert created.job == job
    stop = TurfStopFactory(
        turf__organization=org_a, address=AddressPointFactory(organization=org_a)
    )
    stop.address.job = job
    stop.address.save()

    response = client_a.post(url("import_undo", org_a, job_uuid=job.uuid))
    assert response.status_code == 302
    run_queued()

    remaining = set(AddressPoint.objects.filter(organization=org_a).values_list("pk", flat=True))
    assert remaining == {before.pk, stop.address.pk}  # updated, not created; in a turf
    page = client_a.get(url("import_detail", org_a, job_uuid=job.uuid)).content.decode()
    assert "This import was undone: 1 address it created was deleted." in page
    assert "1 address was kept because it is in a turf or was visited." in page
    assert "Undo this import" not in page  # once


def test_a_large_file_is_written_by_batches_with_a_checkpoint(client_a, org_a, monkeypatch):
    monkeypatch.setattr(address_import, "BATCH_SIZE", 3)
    seen = []
    original = address_import._write_batch

    def spy(**kwargs):
        seen.append(len(kwargs["rows"]))
        return original(**kwargs)

    monkeypatch.setattr(address_import, "_write_batch", spy)
    lines = [
        ban_line(f"29019_1_{n:05d}", n, "Rue de Siam", LAT, LON + n * 1e-5) for n in range(1, 9)
    ]
    job = import_addresses(client_a, org_a, ban_file(lines))
    assert seen == [3, 3, 2]
    assert job.result["created"] == 8 and job.done == job.total == 8


def test_a_restarted_job_continues_after_its_last_batch(org_a, owner_a, monkeypatch):
    monkeypatch.setattr(address_import, "BATCH_SIZE", 2)
    upload = ban_file([ban_line(f"x{n}", n, "Rue de Siam", LAT, LON) for n in range(1, 6)])
    info = reader.inspect(upload, upload.name)
    _token, draft = import_draft_create(
        organization=org_a, kind=ADDRESSES_JOB, upload=upload, extension="csv", info=asdict(info)
    )
    job = address_import_start(organization=org_a, user=owner_a, draft=draft, columns=None)
    # A first run wrote the first batch, then its worker died.
    Job.objects.filter(pk=job.pk).update(
        result={
            "checkpoint": {
                "records": 2,
                "counts": {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "rejected": {}},
            }
        }
    )
    AddressPoint.objects.bulk_create(
        [
            AddressPointFactory.build(organization=org_a, external_id=k, job=job)
            for k in ("x1", "x2")
        ]
    )
    run_queued()
    job.refresh_from_db()
    assert job.result["created"] == 5 and job.result["rows"] == 5
    assert AddressPoint.objects.filter(organization=org_a).count() == 5


def test_cancelling_an_import_removes_what_it_had_created(client_a, org_a, monkeypatch):
    from turnout.core.jobs import job_cancel

    monkeypatch.setattr(address_import, "BATCH_SIZE", 2)
    original = address_import._write_batch

    def then_cancel(**kwargs):
        counts = original(**kwargs)
        job_cancel(job=kwargs["job"])  # someone presses Cancel after the first batch
        return counts

    monkeypatch.setattr(address_import, "_write_batch", then_cancel)
    lines = [ban_line(f"x{n}", n, "Rue de Siam", LAT, LON) for n in range(1, 6)]
    response = client_a.post(url("address_import", org_a), {"file": ban_file(lines)})
    assert response.status_code == 302
    (job,) = run_queued()
    assert job.status == Job.Status.CANCELLED
    assert not AddressPoint.objects.filter(organization=org_a).exists()


def test_volunteers_cannot_import(client, org_a):
    from turnout.organizations.choices import Role
    from turnout.organizations.tests.factories import MembershipFactory

    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url("address_import", org_a)).status_code == 403
    assert (
        client.post(url("address_import", org_a), {"file": ban_file(BAN_LINES)}).status_code == 403
    )
    assert client.get(url("home", org_a)).status_code == 200
    assert not AddressPoint.objects.exists()


def test_an_uploaded_file_is_deleted_once_imported(client_a, org_a):
    from turnout.core.storage import private_storage

    job = import_addresses(client_a, org_a, ban_file(BAN_LINES))
    assert not private_storage().exists(job.params["file"])


def test_an_excel_workbook_is_read_too(client_a, org_a):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Voie", "Numéro", "Latitude", "Longitude", "Portes"])
    book.active.append(["Rue de Siam", 3, LAT, LON, 6])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("adresses.xlsx", buffer.getvalue())
    import_addresses(
        client_a, org_a, upload, columns=["street", "number", "latitude", "longitude", "doors"]
    )
    (address,) = AddressPoint.objects.filter(organization=org_a)
    assert (str(address), address.doors) == ("3 Rue de Siam", 6)


def test_uploads_abandoned_at_the_columns_step_are_purged(client_a, org_a):
    import os
    import time

    from turnout.canvassing.jobs_targeting import purge_abandoned_uploads
    from turnout.core.storage import private_storage

    response = client_a.post(url("address_import", org_a), {"file": csv_file("street;lat;lon\n")})
    draft = import_draft_get(
        organization=org_a, kind=ADDRESSES_JOB, token=response.context["form"]["draft"].value()
    )
    path = private_storage().path(draft["file"])
    os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert purge_abandoned_uploads() == {"purged": 0}  # an hour old: still at the columns step
    os.utime(path, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    assert purge_abandoned_uploads() == {"purged": 1}
    assert not private_storage().exists(draft["file"])
    # The columns step then says the upload expired, and nothing starts.
    response = client_a.post(
        url("address_import", org_a), {"draft": response.context["form"]["draft"].value()}
    )
    assert response.status_code == 302 and not Job.objects.exists()
