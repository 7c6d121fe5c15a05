"""Walking routes: the order in which to knock at a turf's entrances (no database).

Routes are open: they start and end anywhere, and are then turned so that they start at the
end nearest the turf's entry point (where canvassers arrive). Distances are straight lines in
metres on a local projection (``geo.LocalProjection``): no street network is used, so a real
walk is longer, but the order is the one a person would pick on a map.

Construction: nearest neighbour from the entrance nearest the entry point. Improvement: 2-opt
(reverse a stretch of the route) and Or-opt (move a run of 1 to 3 stops elsewhere, maybe
reversed), each round computing every move's gain at once with NumPy and applying all the
best moves that touch separate stretches of the route, until no move shortens it. The route
is kept open by a free "end" node at distance zero from every stop, at both ends of the array.
"""

from __future__ import annotations

import numpy as np

from .cutting import cut
from .geo import distances_m, path_length_m

# A move must shorten the route by more than this (metres) to be taken: no endless swaps of
# equal lengths from rounding.
MIN_GAIN_M = 1e-6
# Or-opt moves runs of up to this many consecutive stops.
OR_OPT_RUN = 3
# Above this many stops, a route is made of pieces of about half this size, chained (the
# distance matrix of one piece stays small).
MAX_STOPS_AT_ONCE = 1200


def route_length(xy: np.ndarray, order: np.ndarray) -> float:
    """Length (metres) of the open route visiting ``xy`` in ``order``."""
    return path_length_m(
        np.asarray(xy, dtype=np.float64).reshape(-1, 2)[np.asarray(order, dtype=np.int64)]
    )


def nearest_stop(xy: np.ndarray, point) -> int:
    """Index of the point of ``xy`` nearest ``point`` (x, y)."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    return int(np.argmin(((xy - np.asarray(point, dtype=np.float64)) ** 2).sum(axis=1)))


def nearest_neighbour(dist: np.ndarray, start: int = 0) -> np.ndarray:
    """The route that always walks to the nearest entrance not yet visited."""
    n = dist.shape[0]
    if n == 0:
        return np.empty(0, dtype=np.int64)
    work = dist.copy()
    order = np.empty(n, dtype=np.int64)
    current = start
    for step in range(n):
        order[step] = current
        work[:, current] = np.inf
        if step < n - 1:
            current = int(np.argmin(work[current]))
    return order


def improve(dist: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The open route ``order`` improved by 2-opt and Or-opt: never longer than given."""
    n = len(order)
    if n < 3:
        return np.asarray(order, dtype=np.int64).copy()
    padded = np.zeros((n + 1, n + 1), dtype=np.float64)
    padded[:n, :n] = dist
    # Node n is the free end, at both ends of the array: the first and last real stops can
    # change like any other.
    path = np.concatenate(([n], np.asarray(order, dtype=np.int64), [n]))
    while True:
        changed = _two_opt_round(padded, path)
        changed = _or_opt_round(padded, path) or changed
        if not changed:
            return path[1:-1].copy()


def _pick_disjoint(candidates, size: int) -> list:
    """The best moves (``(gain, lo, hi, move)``, most negative gain first) whose stretches of
    route (edges lo .. hi-1) do not overlap: they can all be applied at once."""
    used = np.zeros(size, dtype=bool)
    chosen = []
    for _gain, lo, hi, move in sorted(candidates, key=lambda c: c[0]):
        if used[lo:hi].any():
            continue
        used[lo:hi] = True
        chosen.append(move)
    return chosen


def _two_opt_round(padded: np.ndarray, path: np.ndarray) -> bool:
    """One round of 2-opt: remove edges (a, a+1) and (b, b+1), reverse path[a+1 .. b]."""
    m = path.size
    lengths = padded[np.ix_(path, path)]
    edge = np.diagonal(lengths, offset=1)  # edge[a]: from path[a] to path[a+1]
    delta = lengths[:-1, :-1] + lengths[1:, 1:] - edge[:, None] - edge[None, :]
    delta = np.triu(delta, k=2)
    best = np.argmin(delta, axis=1)
    gains = delta[np.arange(delta.shape[0]), best]
    rows = np.flatnonzero(gains < -MIN_GAIN_M)
    if rows.size == 0:
        return False
    candidates = [(gains[a], a, best[a] + 1, (a, best[a])) for a in rows]
    for a, b in _pick_disjoint(candidates, m):
        path[a + 1 : b + 1] = path[a + 1 : b + 1][::-1]
    return True


def _or_opt_round(padded: np.ndarray, path: np.ndarray) -> bool:
    """One round of Or-opt: move the run path[s .. e] (1 to 3 stops) between path[k] and
    path[k+1], forwards or reversed."""
    m = path.size
    n = m - 2  # real stops, at path[1 .. n]
    lengths = padded[np.ix_(path, path)]
    edge = np.diagonal(lengths, offset=1)  # n + 1 edges
    inserts = np.arange(n + 1)  # edge k: between path[k] and path[k+1]
    candidates = []
    for run in range(1, min(OR_OPT_RUN, n - 1) + 1):
        starts = np.arange(1, n - run + 2)
        ends = starts + run - 1
        removed = edge[starts - 1] + edge[ends] - lengths[starts - 1, ends + 1]
        forward = lengths[: n + 1, starts].T + lengths[ends, 1 : n + 2] - edge[None, :]
        backward = lengths[: n + 1, ends].T + lengths[starts, 1 : n + 2] - edge[None, :]
        reverse = backward < forward
        added = np.where(reverse, backward, forward)
        inside = (inserts[None, :] >= (starts - 1)[:, None]) & (inserts[None, :] <= ends[:, None])
        added[inside] = np.inf
        delta = added - removed[:, None]
        best = np.argmin(delta, axis=1)
        gains = delta[np.arange(delta.shape[0]), best]
        for row in np.flatnonzero(gains < -MIN_GAIN_M):
            s, e, k = int(starts[row]), int(ends[row]), int(best[row])
            lo, hi = min(s - 1, k), max(e + 1, k + 1)
            candidates.append((gains[row], lo, hi, (s, e, k, bool(reverse[row, k]))))
    if not candidates:
        return False
    for s, e, k, backwards in _pick_disjoint(candidates, m):
        run = path[s : e + 1][::-1] if backwards else path[s : e + 1].copy()
        if k < s:
            moved = np.concatenate((path[k : k + 1], run, path[k + 1 : s], path[e + 1 : e + 2]))
            path[k : e + 2] = moved
        else:
            moved = np.concatenate((path[s - 1 : s], path[e + 1 : k + 1], run, path[k + 1 : k + 2]))
            path[s - 1 : k + 2] = moved
    return True


def walking_route(xy: np.ndarray, entry=None, *, at_once: int = 0) -> np.ndarray:
    """The walking order of the points ``xy`` (metres): a permutation of their indices,
    starting at the end nearest ``entry`` (x, y) when given. Above ``at_once`` points
    (default MAX_STOPS_AT_ONCE), the route is made of pieces of about half as many."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    n = xy.shape[0]
    at_once = at_once or MAX_STOPS_AT_ONCE
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if n > at_once:
        return _route_in_pieces(xy, entry, at_once)
    dist = distances_m(xy)
    start = nearest_stop(xy, entry) if entry is not None else 0
    order = improve(dist, nearest_neighbour(dist, start))
    if entry is not None and n > 1:
        to_entry = ((xy[order[[0, -1]]] - np.asarray(entry, dtype=np.float64)) ** 2).sum(axis=1)
        if to_entry[1] < to_entry[0]:
            order = order[::-1].copy()
    return order


def nearest_neighbour_route(xy: np.ndarray, entry=None) -> np.ndarray:
    """The plain nearest-neighbour order from the entrance nearest ``entry`` (the baseline
    the benchmark compares with)."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    if xy.shape[0] == 0:
        return np.empty(0, dtype=np.int64)
    start = nearest_stop(xy, entry) if entry is not None else 0
    return nearest_neighbour(distances_m(xy), start)


def _route_in_pieces(xy: np.ndarray, entry, at_once: int) -> np.ndarray:
    pieces = cut(xy, np.ones(xy.shape[0], dtype=np.int64), target=at_once // 2)
    order: list[np.ndarray] = []
    here = entry
    for piece in pieces:
        sub = piece[walking_route(xy[piece], here, at_once=at_once)]
        order.append(sub)
        here = xy[sub[-1]]
    return np.concatenate(order)
