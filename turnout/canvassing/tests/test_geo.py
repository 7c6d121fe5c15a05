"""Geometry helpers: GeoJSON areas, validity in words, points in areas, the local metric
projection and distances."""

import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.canvassing import geo

from .targeting_helpers import EAST, WEST, square

lats = st.floats(min_value=-60, max_value=60, allow_nan=False)
lons = st.floats(min_value=-179, max_value=179, allow_nan=False)
offsets = st.floats(min_value=-0.05, max_value=0.05, allow_nan=False)  # about 5 km


def test_a_square_area_its_centre_and_its_points():
    area = geo.area_from_geojson(square(-4.5, 48.38, 0.02))
    assert geo.centroid(area) == pytest.approx((48.39, -4.49))
    inside = geo.points_inside(area, np.array([48.39, 48.39, 48.5]), np.array([-4.49, -4.3, -4.49]))
    assert inside.tolist() == [True, False, False]


def test_a_feature_and_a_multipolygon_are_read():
    feature = {"type": "Feature", "properties": {}, "geometry": square(0, 0, 1)}
    assert geo.area_from_geojson(feature).area == pytest.approx(1)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0, 1)["coordinates"], square(2, 0, 1)["coordinates"]],
    }
    assert geo.area_from_geojson(multi).area == pytest.approx(2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "There is no area."),
        ({"type": "Point", "coordinates": [0, 0]}, "this is a “Point”"),
        ({"type": "Polygon", "coordinates": "nope"}, "cannot be read"),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "The outline crosses itself near 0.50000, 0.50000",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]},
            "The area is flat",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[145000, 6838000], [146000, 6838000], [146000, 6839000], [145000, 6838000]]
                ],
            },
            "Lambert 93",
        ),
    ],
)
def test_unusable_areas_are_refused_with_a_reason_in_words(data, message):
    with pytest.raises(geo.GeometryError, match=message):
        geo.area_from_geojson(data)


def test_a_bow_tie_is_repaired_into_two_triangles():
    bow_tie = geo.shape_from_geojson(
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    )
    fixed = geo.area_repair(bow_tie)
    assert fixed.geom_type == "MultiPolygon" and fixed.area == pytest.approx(0.5)


def test_pieces_of_one_area_merge():
    west, east = geo.area_from_geojson(WEST), geo.area_from_geojson(EAST)
    assert geo.areas_merge([west, east]).geom_type == "Polygon"  # they touch
    far = geo.area_from_geojson(square(0, 0, 0.01))
    assert geo.areas_merge([west, far]).geom_type == "MultiPolygon"


def test_area_to_geojson_gives_plain_lists_that_read_back():
    area = geo.area_from_geojson(square(-4.49012345678, 48.3901234567, 0.01))
    data = geo.area_to_geojson(area)
    assert isinstance(data["coordinates"][0][0], list)
    back = geo.area_from_geojson(data)
    assert back.symmetric_difference(area).area < area.area * 1e-4  # moved by under 1 cm
    assert back.exterior.is_ccw  # RFC 7946


def test_the_locator_gives_each_point_the_first_area_containing_it():
    locator = geo.AreaLocator([(7, geo.area_from_geojson(WEST)), (9, geo.area_from_geojson(EAST))])
    found = locator.locate([48.385, 48.385, 10.0], [-4.49, -4.48, 10.0])
    assert found.tolist() == [7, 9, 0]
    assert not geo.AreaLocator([])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(offsets, offsets), min_size=1, max_size=40))
def test_the_locator_agrees_with_shapely_point_by_point(points):
    areas = [
        (1, geo.area_from_geojson(square(-0.02, -0.02, 0.02))),
        (2, geo.area_from_geojson(square(0, -0.02, 0.03))),
    ]
    lat = np.array([p[0] for p in points])
    lon = np.array([p[1] for p in points])
    found = geo.AreaLocator(areas).locate(lat, lon)
    for (y, x), key in zip(points, found.tolist(), strict=True):
        expected = next((k for k, a in areas if a.contains(shapely.Point(x, y))), 0)
        assert key == expected


@settings(max_examples=80, deadline=None)
@given(lats, lons, offsets, offsets)
def test_the_projection_round_trips(lat0, lon0, dlat, dlon):
    projection = geo.LocalProjection(lat0, lon0)
    xy = projection.to_xy([lat0 + dlat], [lon0 + dlon])
    back_lat, back_lon = projection.to_latlon(xy)
    assert back_lat[0] == pytest.approx(lat0 + dlat, abs=1e-9)
    assert back_lon[0] == pytest.approx(lon0 + dlon, abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(lats, lons, offsets, offsets)
def test_projected_distances_match_the_great_circle_in_a_town(lat0, lon0, dlat, dlon):
    projection = geo.LocalProjection(lat0, lon0)
    a, b = projection.to_xy([lat0, lat0 + dlat], [lon0, lon0 + dlon])
    true = geo.distance_m(lat0, lon0, lat0 + dlat, lon0 + dlon)
    assert float(np.hypot(*(b - a))) == pytest.approx(true, rel=5e-3, abs=0.01)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(offsets, offsets), min_size=2, max_size=20))
def test_distance_matrix_and_path_length(points):
    projection = geo.LocalProjection(48.39, -4.49)
    xy = projection.to_xy([48.39 + p[0] for p in points], [-4.49 + p[1] for p in points])
    matrix = geo.distances_m(xy)
    assert np.allclose(matrix, matrix.T) and np.allclose(np.diag(matrix), 0)
    steps = sum(matrix[i, i + 1] for i in range(len(points) - 1))
    assert geo.path_length_m(xy) == pytest.approx(steps)
    assert geo.path_length_m(xy) >= matrix[0, -1] - 1e-6  # never shorter than straight


def test_a_known_distance_in_brest():
    # Place de la Liberté to the Château de Brest: about 1.1 km.
    assert geo.distance_m(48.3902, -4.4866, 48.3810, -4.4956) == pytest.approx(1220, rel=0.05)
    assert math.isclose(geo.distance_m(1, 2, 1, 2), 0)


def test_an_area_projected_in_metres_has_its_surface_in_square_metres():
    area = geo.area_from_geojson(square(-4.49, 48.39, 0.01))
    metric = geo.LocalProjection.for_area(area).project_area(area)
    # 0.01° of latitude is 1,112 m; of longitude at 48.4° N, 738 m.
    assert metric.area == pytest.approx(1112 * 738, rel=0.01)
    assert geo.bounds([area]) == pytest.approx((48.39, -4.49, 48.40, -4.48))
