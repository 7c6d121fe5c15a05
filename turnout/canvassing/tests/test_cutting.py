"""The cutting engine: every address in exactly one turf, turfs of about N doors, compact."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.canvassing.cutting import cut, split_in_two, turf_count

points = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(
        st.lists(
            st.tuples(
                st.floats(-3000, 3000, allow_nan=False), st.floats(-3000, 3000, allow_nan=False)
            ),
            min_size=n,
            max_size=n,
        ),
        st.lists(st.integers(1, 60), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(data=points, target=st.integers(5, 150))
def test_every_point_is_in_exactly_one_turf(data, target):
    xy, doors = np.array(data[0]), np.array(data[1])
    groups = cut(xy, doors, target=target)
    together = np.concatenate(groups)
    assert sorted(together.tolist()) == list(range(len(doors)))
    assert all(group.size for group in groups)


@settings(max_examples=150, deadline=None)
@given(data=points, target=st.integers(5, 150))
def test_doors_per_turf_stay_near_the_target(data, target):
    """Each turf holds the mean share within the largest entrance of the cut; the mean share
    is within a factor of √2 of the target (once there is a target's worth of doors); an
    entrance with the target or more is a turf alone."""
    xy, doors = np.array(data[0]), np.array(data[1])
    groups = cut(xy, doors, target=target)
    big = [g for g in groups if g.size == 1 and doors[g[0]] >= target]
    small = [g for g in groups if not (g.size == 1 and doors[g[0]] >= target)]
    assert len(big) == int((doors >= target).sum())
    rest = doors[doors < target]
    if not rest.size:
        assert small == []
        return
    mean = rest.sum() / len(small)
    assert len(small) == turf_count(int(rest.sum()), target)
    for group in small:
        assert abs(doors[group].sum() - mean) <= rest.max()
    if rest.sum() >= target:
        assert target / 2**0.5 - 1e-9 <= mean <= target * 2**0.5 + 1e-9


def test_turf_count_picks_the_nearest_mean():
    assert turf_count(100, 100) == 1
    assert turf_count(140, 100) == 1  # one turf of 140 beats two of 70
    assert turf_count(150, 100) == 2
    assert turf_count(1000, 100) == 10
    assert turf_count(30, 100) == 1
    assert turf_count(0, 100) == 0
    with pytest.raises(ValueError):
        turf_count(10, 0)


def test_a_big_block_of_flats_is_a_turf_on_its_own():
    xy = np.array([[0, 0], [10, 0], [20, 0], [15, 5], [30, 0], [40, 0]], dtype=float)
    doors = np.array([20, 20, 20, 250, 20, 20])
    groups = cut(xy, doors, target=100)
    assert [3] in [g.tolist() for g in groups]
    assert sum(len(g) for g in groups) == 6


def test_turfs_of_a_regular_grid_are_compact_and_numbered_as_neighbours():
    """A 40 x 40 grid of houses 10 m apart in turfs of 100: squares-ish pieces, no long
    strips, and consecutive turfs touch."""
    xs, ys = np.meshgrid(np.arange(40) * 10.0, np.arange(40) * 10.0)
    xy = np.column_stack((xs.ravel(), ys.ravel()))
    groups = cut(xy, np.ones(len(xy), dtype=int), target=100)
    assert len(groups) == 16
    for group in groups:
        spread = xy[group].max(axis=0) - xy[group].min(axis=0)
        assert max(spread) <= 2.5 * max(min(spread), 10)
    for first, second in itertools.pairwise(groups):
        gap = np.min(np.hypot(*(xy[first][:, None, :] - xy[second][None, :, :]).transpose(2, 0, 1)))
        assert gap <= 10.0 * 2**0.5 + 1e-9


def test_the_same_input_gives_the_same_turfs():
    rng = np.random.default_rng(7)
    xy = rng.random((500, 2)) * 1000
    doors = rng.integers(1, 8, 500)
    first = cut(xy, doors, target=60)
    second = cut(xy, doors, target=60)
    assert [g.tolist() for g in first] == [g.tolist() for g in second]


def test_split_in_two_halves_the_doors():
    xy = np.array([[i * 10.0, 0.0] for i in range(10)])
    first, second = split_in_two(xy, np.ones(10, dtype=int))
    assert sorted(first.tolist() + second.tolist()) == list(range(10))
    assert len(first) == len(second) == 5
    assert set(first.tolist()) == {0, 1, 2, 3, 4}
    with pytest.raises(ValueError):
        split_in_two(xy[:1], np.ones(1, dtype=int))


def test_nothing_to_cut():
    assert cut(np.empty((0, 2)), np.empty(0, dtype=int), target=50) == []
