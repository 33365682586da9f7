"""Exact inverses at the non-periodic boundary modes: least-squares edge corrections.

At a periodic mode one synthesis pass inverts an SWT level exactly. At the other modes the
synthesis filters must read coefficients beyond the edges, and the mode's extension of the
coefficients is not the transform of the extended signal, so the closed form is exact only
farther than its reach from the edges: ``s L/2`` samples at the start, ``s (L/2 - 1)`` at
the end, for ``L`` taps at dilation ``s``.

The level is still invertible: it maps ``N`` samples to ``2 N`` coefficients through a
full-rank linear operator (the mode's extension followed by the two filters). Near an edge
that operator is local, so the few samples the closed form gets wrong are the least-squares
solution of a small system: the coefficients next to the edge, minus the contribution of
the samples the closed form got right. The system's matrices depend only on the filters,
the dilation and the mode; they are built once by running the engine on unit impulses and
cached. When the signal is too short for the two edges to be solved apart (deep levels),
both edges, or the whole line, are solved together, up to :data:`JOINT_LIMIT` unknown
samples.
"""

import functools
import warnings

import numpy as np

from ._engine import filter_along_axis
from ._kernels import boundary

# Most samples solved as one system when the edges are too close to be solved apart (the
# system has twice the line's length in rows).
JOINT_LIMIT = 1024


def is_exact_by_synthesis(mode):
    """Whether one synthesis pass already inverts a level exactly at this mode."""
    return mode == boundary.WRAP


def _forward_operator(weights, offsets, mode, n):
    """``(2 n, n)`` matrix of one analysis level (low rows, then high) on ``n`` samples."""
    impulses = np.eye(n)
    low, high = np.empty_like(impulses), np.empty_like(impulses)
    filter_along_axis([impulses], weights, offsets, mode, 1, [low, high])
    return np.concatenate([low.T, high.T])


@functools.lru_cache(maxsize=64)
def _edge_solvers(weights_bytes, taps, offsets, mode, before, after, n):
    """Matrices correcting the first ``before`` and last ``after`` samples of a line.

    Returns ``(left_rows, right_rows, model, left, right)``: ``left = (solve, known)``
    maps the first ``left_rows`` low and high coefficients and the exact samples from
    ``before`` to ``model`` to the first ``before`` samples; ``right`` likewise at the end.
    ``None`` when ``n`` is too short for local solutions (see :func:`_joint_solver`).
    """
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    reach_before, reach_after = max(0, -min(offsets)), max(0, max(offsets))
    # Coefficients next to an edge that involve the unknown samples; the model line is
    # long enough that its other edge does not reach them.
    left_rows, right_rows = before + reach_before, after + reach_after
    model = max(left_rows, right_rows) + reach_before + reach_after + 1
    if n < model + max(before, after):
        return None
    operator = _forward_operator(weights, list(offsets), mode, model)
    left = operator[np.r_[0:left_rows, model:model + left_rows]]
    right = operator[np.r_[model - right_rows:model, 2 * model - right_rows:2 * model]]
    solve_left = np.linalg.pinv(left[:, :before])
    solve_right = np.linalg.pinv(right[:, model - after:])
    return (left_rows, right_rows, model,
            (solve_left, solve_left @ left[:, before:]),
            (solve_right, solve_right @ right[:, :model - after]))


def _unknown(n, before, after):
    """Positions the closed form may get wrong: both edges, or all of a short line."""
    if before + after >= n:
        return np.arange(n)
    return np.r_[0:before, n - after:n]


@functools.lru_cache(maxsize=16)
def _joint_solver(weights_bytes, taps, offsets, mode, n, before, after):
    """Left inverse ``(u, 2 n)`` of the level restricted to the ``u`` unknown positions."""
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    unknown = _unknown(n, before, after)
    impulses = np.zeros((len(unknown), n))
    impulses[np.arange(len(unknown)), unknown] = 1.0
    low, high = np.empty_like(impulses), np.empty_like(impulses)
    filter_along_axis([impulses], weights, list(offsets), mode, 1, [low, high])
    return np.linalg.pinv(np.concatenate([low.T, high.T]))


def _along(array, axis):
    return np.moveaxis(array, axis, 0)


def correct_edges(result, low, high, analysis, mode, axis):
    """Make the synthesis ``result`` of ``(low, high)`` along ``axis`` exact at its edges.

    ``analysis`` is ``(weights (2, 1, L), offsets)`` of the level being inverted. Works in
    place on ``result``; returns False (and leaves ``result`` as it is) when the edges are
    too close to be solved apart and have more than :data:`JOINT_LIMIT` samples together.
    """
    weights, offsets = analysis
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    offsets = tuple(int(o) for o in offsets)
    n = result.shape[axis]
    taps = weights.shape[-1]
    # The synthesis of these offsets reads `offsets` mirrored: -max .. -min.
    before, after = max(0, max(offsets)), max(0, -min(offsets))
    out, lows, highs = _along(result, axis), _along(low, axis), _along(high, axis)
    solvers = _edge_solvers(weights.tobytes(), taps, offsets, mode, before, after, n)
    if solvers is None:
        # The edges are too close to be solved apart: solve them (or the whole line) together,
        # from the coefficients minus those of the samples known to be exact.
        unknown = _unknown(n, before, after)
        if len(unknown) > JOINT_LIMIT or len(unknown) * n > 4 * JOINT_LIMIT**2:
            return False
        solve = _joint_solver(weights.tobytes(), taps, offsets, mode, n, before, after)
        known = result.copy()
        _along(known, axis)[unknown] = 0.0
        known_low, known_high = np.empty_like(known), np.empty_like(known)
        filter_along_axis([known], weights, list(offsets), mode, axis, [known_low, known_high])
        residual = np.concatenate([lows - _along(known_low, axis),
                                   highs - _along(known_high, axis)])
        out[unknown] = np.tensordot(solve, residual, axes=1)
        return True
    left_rows, right_rows, model, (solve_left, known_left), (solve_right, known_right) = solvers
    if before:
        coefficients = np.concatenate([lows[:left_rows], highs[:left_rows]])
        out[:before] = (np.tensordot(solve_left, coefficients, axes=1)
                        - np.tensordot(known_left, out[before:model], axes=1))
    if after:
        coefficients = np.concatenate([lows[n - right_rows:], highs[n - right_rows:]])
        out[n - after:] = (np.tensordot(solve_right, coefficients, axes=1)
                           - np.tensordot(known_right, out[n - model:n - after], axes=1))
    return True


def warn_inexact(n, stacklevel):
    """The warning for an inverse that could not be made exact at its edges."""
    warnings.warn(
        "the inverse is exact only away from the edges here: a level's filters reach across "
        f"most of the signal ({n} samples; more than {JOINT_LIMIT} edge samples to solve at "
        "once); use fewer levels or mode='periodization' for an exact inverse",
        UserWarning, stacklevel=stacklevel + 1)
