"""Polling stations (GeoJSON) and election results (the Ministry's CSV): the real files of
Brest, and the bad input a user may bring."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from turnout.canvassing.models import ElectionResult, PollingStation
from turnout.core.models import Job

from .factories import LAT, LON, PollingStationFactory
from .targeting_helpers import (
    EAST,
    WEST,
    brest_file,
    csv_file,
    import_results,
    import_stations,
    report_text,
    run_queued,
    stations_geojson,
    url,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "Code département;Libellé département;Code commune;Libellé commune;Code BV;Inscrits;"
    "Votants;% Votants;Abstentions;% Abstentions;Exprimés;% Exprimés/inscrits;"
    "% Exprimés/votants;Blancs;% Blancs/inscrits;% Blancs/votants;Nuls;% Nuls/inscrits;"
    "% Nuls/votants;Numéro de panneau 1;Nuance candidat 1;Nom candidat 1;Voix 1"
)


def row(code_bv, registered, voters, abstentions, expressed=None) -> str:
    expressed = voters - 10 if expressed is None else expressed
    return (
        f"29;Finistère;29019;Brest;{code_bv};{registered};{voters};71,46%;{abstentions};28,54%;"
        f"{expressed};67,07%;93,86%;6;0,66%;0,92%;4;0,44%;0,61%;1;DIV;COLINET;6"
    )


def results_file(*rows, name="resultats.csv"):
    return csv_file("\n".join([HEADER, *rows]) + "\n", name=name)


# --- The real files of Brest -----------------------------------------------------------------


def test_brest_stations_and_both_rounds_of_2024(client_a, org_a):
    contours = brest_file("brest_bureaux_vote_contours.geojson")
    round1 = brest_file("brest_legislatives2024_t1_par_bureau.csv")
    round2 = brest_file("brest_legislatives2024_t2_par_bureau.csv")

    upload = SimpleUploadedFile(contours.name, contours.read_bytes(), "application/geo+json")
    response = client_a.post(url("stations_import", org_a), {"file": upload})
    form = response.context["form"]
    # The Brest layer's properties are recognized.
    assert [form[r].value() for r in ("number", "place", "name", "commune_code")] == [
        "BVOTE",
        "LLIEU",
        "TITRE",
        "DEPCO",
    ]
    # The layer is Brest métropole's: 104 polygons of Brest (29019) and 18 of two
    # neighbouring communes, whose stations have the same numbers. Only Brest is imported.
    upload.seek(0)
    stations_job = import_stations(client_a, org_a, upload, communes="29019")
    assert stations_job.result["features"] == 122
    assert stations_job.result["stations"] == stations_job.result["created"] == 104
    assert stations_job.result["skipped"] == 18
    stations = PollingStation.objects.filter(organization=org_a)
    assert stations.count() == 104
    assert {s.area["type"] for s in stations} == {"Polygon"}
    assert all(48.3 < s.latitude < 48.5 and -4.6 < s.longitude < -4.4 for s in stations)

    first = import_results(
        client_a, org_a, SimpleUploadedFile(round1.name, round1.read_bytes(), "text/csv")
    )
    assert (first.result["stations"], first.result["rejected"]) == (104, 0)
    assert first.result["created_stations"] == 0
    assert first.result["registered"] == 85_102
    assert round(first.result["abstentions"] / first.result["registered"] * 100, 1) == 31.9

    second = import_results(
        client_a,
        org_a,
        SimpleUploadedFile(round2.name, round2.read_bytes(), "text/csv"),
        election="Législatives 2024, 2e tour",
        election_date="2024-07-07",
        round="2",
    )
    # "0001" in round 2 is station 1 of round 1: no station created.
    assert (second.result["stations"], second.result["created_stations"]) == (104, 0)
    assert stations.count() == 104

    page = client_a.get(url("map", org_a) + "?election=2024-06-30_1")
    assert page.status_code == 200
    assert len(page.context["features"]["features"]) == 104
    assert "85,102 registered voters in 104 polling stations" in page.content.decode()
    assert "31.9%" in page.content.decode()


# --- Results: validation and re-import ------------------------------------------------------


def test_rows_that_do_not_add_up_are_rejected_and_reported(client_a, org_a):
    PollingStationFactory(organization=org_a, number=1)
    PollingStationFactory(organization=org_a, number=2)
    job = import_results(
        client_a, org_a, results_file(row("1", 900, 650, 250), row("0002", 911, 651, 262))
    )

    assert job.result["rejected"] == 1 and job.result["stations"] == 1
    assert ElectionResult.objects.get(organization=org_a).station.number == 1
    report = report_text(client_a, org_a, job)
    assert "Inscrits 911 is not Votants 651 + Abstentions 262 (913)" in report
    assert report.splitlines()[1].startswith("3;")  # its line in the file


def test_an_unknown_station_is_created_without_area_and_reported(client_a, org_a):
    job = import_results(client_a, org_a, results_file(row("0007", 900, 650, 250)))
    station = PollingStation.objects.get(organization=org_a)
    assert (station.number, station.commune_code, station.commune_name, station.area) == (
        7,
        "29019",
        "Brest",
        {},
    )
    assert job.result["created_stations"] == 1
    assert "Polling station 7 of Brest was not known: created without area." in report_text(
        client_a, org_a, job
    )


def test_importing_the_same_round_again_replaces_its_figures(client_a, org_a):
    import_results(client_a, org_a, results_file(row("1", 900, 650, 250), row("2", 800, 400, 400)))
    job = import_results(
        client_a,
        org_a,
        results_file(row("1", 901, 651, 250)),
        election="Législatives 2024 (1er tour, corrigé)",
    )
    assert job.result["replaced"] == 2
    (result,) = ElectionResult.objects.filter(organization=org_a)
    assert (result.registered, result.election) == (901, "Législatives 2024 (1er tour, corrigé)")


def test_a_file_without_the_columns_is_refused_and_the_form_is_kept(client_a, org_a):
    response = client_a.post(
        url("results_import", org_a),
        {
            "file": csv_file("commune;bureau;votes\n29019;1;12\n"),
            "election": "Municipales 2026",
            "election_date": "2026-03-15",
            "round": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Missing: Code commune, Code BV (polling station number), Inscrits" in page
    assert 'value="Municipales 2026"' in page
    assert not Job.objects.exists()


def test_a_good_file_is_kept_while_the_rest_of_the_form_is_corrected(client_a, org_a):
    response = client_a.post(
        url("results_import", org_a),
        {
            "file": results_file(row("1", 900, 650, 250)),
            "election": "",
            "election_date": "2024-06-30",
        },
    )
    assert response.status_code == 400
    assert "File received: resultats.csv" in response.content.decode()
    draft = response.context["form"]["draft"].value()
    response = client_a.post(
        url("results_import", org_a),
        {
            "draft": draft,
            "election": "Européennes 2024",
            "election_date": "2024-06-09",
            "round": "1",
        },
    )
    assert response.status_code == 302
    (job,) = run_queued()
    assert job.result["stations"] == 1 and job.result["election"] == "Européennes 2024"


def test_an_election_in_the_future_is_refused(client_a, org_a):
    response = client_a.post(
        url("results_import", org_a),
        {
            "file": results_file(row("1", 900, 650, 250)),
            "election": "Présidentielle",
            "election_date": "2027-04-11",
            "round": "1",
        },
    )
    assert response.status_code == 400
    assert "The election day is in the future" in response.content.decode()


def test_results_of_other_communes_are_skipped_when_asked(client_a, org_a):
    other = row("1", 500, 300, 200).replace("29019;Brest", "29232;Quimper")
    job = import_results(
        client_a, org_a, results_file(row("1", 900, 650, 250), other), communes="29019"
    )
    assert (job.result["stations"], job.result["skipped"]) == (1, 1)


# --- Stations: bad files ---------------------------------------------------------------------


def test_a_projected_geojson_is_refused_with_the_reason(client_a, org_a):
    lambert = {
        "type": "Polygon",
        "coordinates": [
            [[145000, 6838000], [146000, 6838000], [146000, 6839000], [145000, 6838000]]
        ],
    }
    response = client_a.post(
        url("stations_import", org_a), {"file": stations_geojson([({"BVOTE": 1}, lambert)])}
    )
    assert response.status_code == 400
    assert "projected system such as Lambert 93" in response.content.decode()


def test_a_file_that_is_not_geojson_is_refused(client_a, org_a):
    response = client_a.post(
        url("stations_import", org_a), {"file": SimpleUploadedFile("a.geojson", b"id;name\n1;x\n")}
    )
    assert response.status_code == 400
    assert "This file is not GeoJSON" in response.content.decode()


def test_bad_features_are_reported_and_a_crossed_outline_repaired(client_a, org_a):
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [[LON, LAT], [LON + 0.01, LAT + 0.01], [LON + 0.01, LAT], [LON, LAT + 0.01], [LON, LAT]]
        ],
    }
    job = import_stations(
        client_a,
        org_a,
        stations_geojson(
            [
                ({"num": "Bureau 3"}, bow_tie),
                ({"num": None}, WEST),
                ({"num": "4"}, {"type": "Point", "coordinates": [LON, LAT]}),
            ]
        ),
        number="num",
        typed_code="29019",
        typed_name="Brest",
    )
    assert (job.result["created"], job.result["repaired"], job.result["rejected"]) == (1, 1, 2)
    station = PollingStation.objects.get(organization=org_a)
    assert (station.number, station.commune_code, station.commune_name) == (3, "29019", "Brest")
    assert station.area["type"] == "MultiPolygon"  # the bow-tie became two triangles
    report = report_text(client_a, org_a, job)
    assert "Saved with a repaired outline. The outline crosses itself" in report
    assert "No station number in the property “num”." in report
    assert "The area must be a polygon; this is a “Point”." in report


def test_the_commune_code_is_required_when_no_property_has_it(client_a, org_a):
    response = client_a.post(
        url("stations_import", org_a), {"file": stations_geojson([({"num": 1}, WEST)])}
    )
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["number"] = "num"
    response = client_a.post(url("stations_import", org_a), data)
    assert response.status_code == 400
    assert "or type the commune code" in response.content.decode()


def test_stations_are_updated_not_duplicated_and_polygons_merged(client_a, org_a):
    props = {"BVOTE": 1, "DEPCO": "29019", "LIEUV": "École Jean Jaurès"}
    import_stations(client_a, org_a, stations_geojson([(props, WEST)]))
    job = import_stations(client_a, org_a, stations_geojson([(props, WEST), (props, EAST)]))
    assert (job.result["created"], job.result["updated"]) == (0, 1)
    station = PollingStation.objects.get(organization=org_a)
    assert station.place == "École Jean Jaurès"
    # Two touching squares make one rectangle; its centre is between them.
    assert station.area["type"] == "Polygon"
    assert station.longitude == pytest.approx(LON, abs=1e-6)
    assert json.dumps(station.area)  # stored as plain JSON
