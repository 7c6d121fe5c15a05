"""Walking routes: a permutation of the stops, never longer than the nearest-neighbour route
it starts from, open (both ends free), starting near the entry."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.canvassing import routing

coordinates = st.lists(
    st.tuples(st.floats(0, 800, allow_nan=False), st.floats(0, 800, allow_nan=False)),
    min_size=1,
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(points=coordinates, entry=st.tuples(st.floats(-100, 900), st.floats(-100, 900)))
def test_a_route_visits_every_stop_once(points, entry):
    xy = np.array(points)
    order = routing.walking_route(xy, entry)
    assert sorted(order.tolist()) == list(range(len(points)))


@settings(max_examples=150, deadline=None)
@given(points=coordinates, start=st.integers(0, 119))
def test_improving_never_makes_a_route_longer(points, start):
    xy = np.array(points)
    dist = routing.distances_m(xy)
    built = routing.nearest_neighbour(dist, start % len(points))
    improved = routing.improve(dist, built)
    assert sorted(improved.tolist()) == list(range(len(points)))
    assert routing.route_length(xy, improved) <= routing.route_length(xy, built) + 1e-6


def test_stops_along_a_street_are_walked_end_to_end():
    """Shuffled houses on one straight street: the route is the street's length, whatever
    the nearest-neighbour start did (it starts in the middle and has to walk back)."""
    rng = np.random.default_rng(3)
    xs = rng.permutation(np.arange(30) * 12.0)
    xy = np.column_stack((xs, np.zeros(30)))
    middle = int(np.argmin(np.abs(xs - 180)))
    dist = routing.distances_m(xy)
    built = routing.nearest_neighbour(dist, middle)
    assert routing.route_length(xy, built) > 29 * 12 + 1
    improved = routing.improve(dist, built)
    assert routing.route_length(xy, improved) == 29 * 12


def test_the_route_starts_at_the_end_nearest_the_entry():
    xy = np.array([[x * 10.0, 0.0] for x in range(20)])
    towards_east = routing.walking_route(xy, entry=(500.0, 0.0))
    towards_west = routing.walking_route(xy, entry=(-500.0, 0.0))
    assert towards_east[0] == 19 and towards_east[-1] == 0
    assert towards_west[0] == 0 and towards_west[-1] == 19


def test_a_crossing_route_is_uncrossed():
    """Four corners of a square visited in a crossing order: 2-opt uncrosses it."""
    xy = np.array([[0, 0], [100, 100], [100, 0], [0, 100]], dtype=float)
    dist = routing.distances_m(xy)
    crossing = np.array([0, 1, 2, 3])
    improved = routing.improve(dist, crossing)
    assert routing.route_length(xy, improved) == 300


def test_random_turfs_are_well_shorter_than_nearest_neighbour():
    """The quality the benchmark tracks, on 30 turfs of 100 random doors: at least 10 %
    shorter in total than the plain nearest-neighbour order."""
    rng = np.random.default_rng(11)
    ours = plain = 0.0
    for _ in range(30):
        xy = rng.random((100, 2)) * 400
        ours += routing.route_length(xy, routing.walking_route(xy, (0, 0)))
        plain += routing.route_length(xy, routing.nearest_neighbour_route(xy, (0, 0)))
    assert ours <= 0.9 * plain


def test_a_huge_turf_is_routed_in_pieces(monkeypatch):
    monkeypatch.setattr(routing, "MAX_STOPS_AT_ONCE", 60)
    rng = np.random.default_rng(5)
    xy = rng.random((300, 2)) * 1000
    order = routing.walking_route(xy, (0, 0))
    assert sorted(order.tolist()) == list(range(300))
    plain = routing.nearest_neighbour_route(xy, (0, 0))
    assert routing.route_length(xy, order) < routing.route_length(xy, plain)


def test_tiny_routes():
    assert routing.walking_route(np.empty((0, 2))).tolist() == []
    assert routing.walking_route(np.array([[1.0, 2.0]])).tolist() == [0]
    assert sorted(routing.walking_route(np.array([[0.0, 0.0], [5.0, 5.0]])).tolist()) == [0, 1]
    assert routing.route_length(np.array([[0.0, 0.0]]), np.array([0])) == 0.0
