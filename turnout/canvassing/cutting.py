"""Turf cutting: split address points into compact groups of about N doors (no database).

Input: coordinates in metres on a local projection (``geo.LocalProjection``) and the doors of
each point. Output: a list of index arrays, one per turf, numbered along a route through their
centres so that neighbouring turfs get neighbouring numbers.

The method (decision 0072) is recursive bisection: a group worth ``k`` turfs is cut in two
along the longer side of its bounding box, at the door-weighted quantile ``floor(k/2) / k``,
and each half gets its share of the ``k`` turfs, until every group is one turf. Cuts are
straight lines, so turfs are compact, never overlap, and the doors of each turf stay within
the largest entrance of the ideal share. An entrance with at least N doors (a large block of
flats) is a turf on its own.
"""

from __future__ import annotations

import math

import numpy as np

# Turfs are numbered along a route through their centres made of pieces of about half this
# many turfs (a good enough order, and quick for thousands of turfs).
ORDER_AT_ONCE = 160


def turf_count(doors: int, target: int) -> int:
    """How many turfs of about ``target`` doors ``doors`` make: the count whose mean turf is
    nearest ``target`` as a ratio (1.4 × target makes one turf, 1.5 × target two)."""
    if target <= 0:
        raise ValueError("target must be positive")
    if doors <= 0:
        return 0
    ratio = doors / target
    low = max(1, math.floor(ratio))
    high = low + 1
    # Compare doors/low / target with target / (doors/high): the smaller ratio wins.
    return high if ratio * ratio > low * high else low


def cut(xy: np.ndarray, doors: np.ndarray, *, target: int) -> list[np.ndarray]:
    """Split the points into turfs of about ``target`` doors; every point is in exactly one.

    ``xy``: (n, 2) metres; ``doors``: (n,) positive integers. Returns index arrays, in a
    spatial order (consecutive turfs are neighbours).
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    doors = np.asarray(doors, dtype=np.int64).reshape(-1)
    if xy.shape[0] != doors.shape[0]:
        raise ValueError("xy and doors differ in length")
    if target <= 0:
        raise ValueError("target must be positive")
    n = doors.shape[0]
    if n == 0:
        return []
    doors = np.maximum(doors, 1)
    big = np.flatnonzero(doors >= target)
    rest = np.flatnonzero(doors < target)
    groups: list[np.ndarray] = [np.array([i]) for i in big]
    if rest.size:
        k = turf_count(int(doors[rest].sum()), target)
        groups.extend(_bisect(xy, doors, rest, k))
    return _in_walking_order(xy, groups)


def _bisect(xy: np.ndarray, doors: np.ndarray, indices: np.ndarray, k: int) -> list[np.ndarray]:
    """Recursive bisection, depth first with an explicit stack."""
    leaves: list[np.ndarray] = []
    stack = [(indices, k)]
    while stack:
        idx, k = stack.pop()
        k = min(k, idx.size)
        if k <= 1:
            leaves.append(idx)
            continue
        points = xy[idx]
        spread = points.max(axis=0) - points.min(axis=0)
        axis = int(np.argmax(spread))
        # Sort along the axis, ties broken by the other axis so that the cut is stable.
        order = idx[np.lexsort((points[:, 1 - axis], points[:, axis]))]
        cumulative = np.cumsum(doors[order])
        k_low = k // 2
        wanted = cumulative[-1] * k_low / k
        # The lower part is the shortest prefix reaching the wanted share, or one point less,
        # whichever total is nearer the share.
        first = int(np.searchsorted(cumulative, wanted))  # cumulative[first] >= wanted
        below = cumulative[first - 1] if first else 0
        cut_at = first + 1 if cumulative[first] - wanted <= wanted - below else first
        cut_at = min(max(cut_at, 1), idx.size - 1)
        stack.append((order[cut_at:], k - k_low))
        stack.append((order[:cut_at], k_low))
    return leaves


def _in_walking_order(xy: np.ndarray, groups: list[np.ndarray]) -> list[np.ndarray]:
    """The turfs numbered along a route through their centres, from the south-west corner:
    turf n + 1 is next to turf n."""
    if len(groups) < 3:
        return groups
    from .routing import walking_route

    centres = np.array([xy[g].mean(axis=0) for g in groups])
    order = walking_route(centres, entry=centres.min(axis=0), at_once=ORDER_AT_ONCE)
    return [groups[i] for i in order]


def split_in_two(xy: np.ndarray, doors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Halve one turf by doors along its longer side (for "split" on a turf's page).
    Needs at least two points."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    doors = np.maximum(np.asarray(doors, dtype=np.int64).reshape(-1), 1)
    if xy.shape[0] < 2:
        raise ValueError("a turf of one address cannot be split")
    first, second = _bisect(xy, doors, np.arange(xy.shape[0]), 2)
    return first, second
