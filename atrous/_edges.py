"""Exact inverses at the non-periodic boundary modes: a joint least-squares solve of the edges.

At a periodic mode one synthesis pass per level inverts the SWT exactly. At the other modes
the synthesis filters must read coefficients beyond the edges, and the mode's extension of
the coefficients is not the transform of the extended signal, so the closed-form cascade is
exact only farther from the edges than its reach: ``B = sum_j s_j L/2`` samples at the start,
``A = sum_j s_j (L/2 - 1)`` at the end, for ``L`` taps at dilations ``s_j``.

The transform is nevertheless injective, and near an edge it is local. Along one axis, the
``B`` wrong samples are the least-squares solution of one small system over *all levels at
once*: every band (``d_1 .. d_J``, ``a_J``) next to the edge, minus the transform of the
samples the closed form got right. Solving level by level instead compounds each level's
conditioning (for ``db10`` at level 5 that turned rounding errors into errors of 16 in
float64); the joint system is as well conditioned as the transform itself allows. Its
matrix depends only on the filters, the dilations and the mode, is built once from the
forward transform of unit impulses, and is cached.

Over several axes the standard n-d subbands are first completed to the tensor product of
the 1-d transforms along each axis by applying *forward* filters (well conditioned) to the
given subbands: the subband of multi-level ``k = (k_0, k_1, ...)`` (``k_i = J + 1`` meaning
the approximation) is the given subband of level ``min(k)``, carried along every axis whose
``k_i`` is larger to level ``k_i`` by the analysis filters. Then the 1-d inverse runs along
each axis in turn. The result is exact to the accuracy the transform's conditioning allows:
that conditioning is returned, and :func:`warn_if_ill_conditioned` says when it costs more
than the dtype can afford.

Everything here works in float64 (complex128): float32 coefficients are converted once on
the way in, so rounding inside the inverse never limits the result.
"""

import functools

import numpy as np

from . import _validation as validate
from ._cascade import analysis as analysis_cascade
from ._cascade import synthesis as synthesis_cascade
from ._engine import filter_along_axis, halo
from ._kernels import boundary

# Largest joint system solved when the edges are too close to be solved apart: unknown
# samples, and elements of its impulse responses (``unknowns * n * bands``, float64).
JOINT_LIMIT = 2048
JOINT_ELEMENTS = 1 << 25
# An inverse warns when the transform's conditioning may cost its edges more than this
# (relative to the largest coefficient) and more than a thousand times the dtype's rounding.
TOLERANCE = 1e-7


def is_exact_by_synthesis(mode):
    """Whether one synthesis pass already inverts a level exactly at this mode."""
    return mode == boundary.WRAP


def _reaches(offsets_per_level):
    """``(B, A, forward_before, forward_after)`` of a cascade of levels (finest first)."""
    reaches = [halo(offsets) for offsets in offsets_per_level]
    forward_before = sum(before for before, _ in reaches)
    forward_after = sum(after for _, after in reaches)
    # The synthesis reads the analysis offsets mirrored: the closed form is wrong on the
    # first `forward_after` and the last `forward_before` samples.
    return forward_after, forward_before, forward_before, forward_after


def _transform(lines, weights, offsets_per_level, mode):
    """All bands ``[d_1, ..., d_J, a_J]`` of the 1-d SWT of ``lines`` along axis 0, stacked."""
    bank = (weights, lambda level: offsets_per_level[level])
    details, approximation = analysis_cascade(
        np.ascontiguousarray(lines), [0], [bank], [mode], list(range(len(offsets_per_level))),
        trim_approx=True)
    return np.concatenate([level["d"] for level in details] + [approximation])


def _least_squares(matrix):
    """Pseudo-inverse of ``matrix`` and its condition number (largest / smallest singular)."""
    if matrix.size == 0:  # no unknown at this edge
        return np.zeros(matrix.shape[::-1]), 1.0
    u, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    cutoff = singular[0] * max(matrix.shape) * np.finfo(np.float64).eps
    kept = singular > cutoff
    solve = (vt[kept].T / singular[kept]) @ u[:, kept].T
    return solve, float(singular[0] / singular[-1]) if singular[-1] > 0 else np.inf


def _impulse_bands(weights, offsets_per_level, mode, n, positions, rows_of_band):
    """Rows ``rows_of_band`` of every band's response to unit impulses at ``positions``."""
    columns = []
    for start in range(0, len(positions), 256):
        chunk = positions[start:start + 256]
        impulses = np.zeros((n, len(chunk)))
        impulses[chunk, np.arange(len(chunk))] = 1.0
        bands = _transform(impulses, weights, offsets_per_level, mode).reshape(-1, n, len(chunk))
        columns.append(np.concatenate([band[rows_of_band] for band in bands]))
    return np.concatenate(columns, axis=1)


@functools.lru_cache(maxsize=32)
def _local_solvers(weights_bytes, taps, offsets_per_level, mode):
    """Solvers of the first ``B`` and last ``A`` samples of a long line.

    Returns ``((left_window, left_rows, solve_left), (right_window, right_rows,
    solve_right), condition)``: ``solve_left`` maps the first ``left_rows`` rows of every
    band, minus the transform of the window ``[0, left_window)`` with its unknowns zeroed,
    to the first ``B`` samples; likewise at the end.
    """
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    before, after, forward_before, forward_after = _reaches(offsets_per_level)
    # Rows that read the unknown samples, and the samples those rows read.
    left_rows, right_rows = before + forward_before, after + forward_after
    left_window = left_rows + forward_after
    right_window = right_rows + forward_before
    condition = 1.0
    solve_left = solve_right = None
    if before:
        matrix = _impulse_bands(weights, offsets_per_level, mode, left_window,
                                np.arange(before), np.arange(left_rows))
        solve_left, condition_left = _least_squares(matrix)
        condition = max(condition, condition_left)
    if after:
        matrix = _impulse_bands(weights, offsets_per_level, mode, right_window,
                                np.arange(right_window - after, right_window),
                                np.arange(right_window - right_rows, right_window))
        solve_right, condition_right = _least_squares(matrix)
        condition = max(condition, condition_right)
    return ((left_window, left_rows, solve_left), (right_window, right_rows, solve_right),
            condition)


def _unknown(n, before, after):
    """Positions the closed form may get wrong: both edges, or all of a short line."""
    if before + after >= n:
        return np.arange(n)
    return np.r_[0:before, n - after:n]


@functools.lru_cache(maxsize=4)
def _joint_solver(weights_bytes, taps, offsets_per_level, mode, n):
    """Left inverse of the whole line's transform restricted to its unknown samples."""
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    before, after, _, _ = _reaches(offsets_per_level)
    unknown = _unknown(n, before, after)
    matrix = _impulse_bands(weights, offsets_per_level, mode, n, unknown, np.arange(n))
    solve, condition = _least_squares(matrix)
    return unknown, solve, condition


def _fits_jointly(n, before, after, bands):
    unknowns = len(_unknown(n, before, after))
    return unknowns <= JOINT_LIMIT and unknowns * n * bands <= JOINT_ELEMENTS


def _solve_window(result, bands, axis, window, unknown, rows, solve, weights,
                  offsets_per_level, mode):
    """Replace ``result[unknown]`` along ``axis`` by the least-squares fit to ``bands``.

    ``window`` (a slice of the axis) is the part of the line whose transform gives the band
    rows ``rows``; ``unknown`` are positions within the window.
    """
    result = np.moveaxis(result, axis, 0)
    bands = [np.moveaxis(band, axis, 0) for band in bands]
    known = result[window].copy()
    known[unknown] = 0.0
    transformed = _transform(known, weights, offsets_per_level, mode)
    n_window = known.shape[0]
    transformed = transformed.reshape((-1, n_window) + known.shape[1:])[:, rows]
    given = np.stack([band[window][rows] for band in bands])
    residual = (given - transformed).reshape((-1,) + known.shape[1:])
    result[window][unknown] = np.tensordot(solve, residual, axes=1)


def inverse_1d(bands, axis, bank, synthesis, mode, dilations):
    """1-d inverse SWT along ``axis`` of ``bands = [d_1, ..., d_J, a_J]`` (finest first).

    The bands are C-contiguous arrays of one shape and dtype (float64 or complex128).

    ``bank`` is the analysis ``(weights, offsets_at)``, ``synthesis`` the synthesis one;
    ``dilations`` finest first. Returns ``(result, condition)``, ``condition`` None where
    the edges could not be solved (the result is then exact only away from them).
    """
    details, approximation = bands[:-1], bands[-1]
    output = np.empty_like(approximation)
    synthesis_cascade(approximation, [{"d": d} for d in details[::-1]], [axis], [synthesis],
                      [mode], dilations[::-1], output)
    if is_exact_by_synthesis(mode):
        return output, 1.0
    weights, offsets_at = bank
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    offsets_per_level = tuple(tuple(int(o) for o in offsets_at(d)) for d in dilations)
    n = output.shape[axis]
    before, after, forward_before, forward_after = _reaches(offsets_per_level)
    if n >= before + after + forward_before + forward_after:
        # Long enough for the edges to be solved apart: each edge's window (its unknowns
        # and both reaches) ends before the other edge's unknowns begin.
        left, right, condition = _local_solvers(weights.tobytes(), weights.shape[-1],
                                                offsets_per_level, mode)
        (left_window, left_rows, solve_left), (right_window, right_rows, solve_right) = \
            left, right
        if before:
            _solve_window(output, bands, axis, slice(0, left_window), np.arange(before),
                          np.arange(left_rows), solve_left, weights, offsets_per_level, mode)
        if after:
            _solve_window(output, bands, axis, slice(n - right_window, n),
                          np.arange(right_window - after, right_window),
                          np.arange(right_window - right_rows, right_window), solve_right,
                          weights, offsets_per_level, mode)
        return output, condition
    if not _fits_jointly(n, before, after, len(bands)):
        if before + after >= n:
            # No sample would be right: refuse rather than return the closed form.
            raise ValueError(
                f"cannot invert {len(dilations)} levels of a {n}-sample signal exactly at "
                "this boundary mode: the filters of the deepest levels reach across the "
                "whole signal, and solving all of it at once "
                f"would take more than {JOINT_ELEMENTS * 8 >> 20} MiB; use fewer levels "
                "or mode='periodization'")
        return output, None
    unknown, solve, condition = _joint_solver(weights.tobytes(), weights.shape[-1],
                                              offsets_per_level, mode, n)
    _solve_window(output, bands, axis, slice(0, n), unknown, np.arange(n), solve, weights,
                  offsets_per_level, mode)
    return output, condition


def _carry(array, bank, mode, axis, dilations, start, stop):
    """Analysis of ``array`` (a band of level ``start``) along ``axis`` to level ``stop``.

    Applies the low-pass of levels ``start + 1 .. stop - 1`` and then the high-pass of level
    ``stop``; ``stop = len(dilations) + 1`` means the approximation (low-pass to the end).
    """
    weights, offsets_at = bank
    for level in range(start + 1, min(stop, len(dilations)) + 1):
        band = 1 if level == stop else 0
        carried = np.empty_like(array)
        filter_along_axis([array], weights[band:band + 1], offsets_at(dilations[level - 1]),
                          mode, axis, [carried])
        array = carried
    return array


def exact_inverse(approximation, details, axes, banks, syntheses, modes, dilations):
    """Inverse SWT over ``axes`` exact at every mode (see the module doc).

    ``approximation`` and the ``details`` (a list, finest level first, of dicts mapping
    every detail key to an array) are C-contiguous float64 or complex128 arrays;
    ``dilations`` finest first. Returns ``(result, condition)``: ``condition`` bounds how
    much the transform's conditioning amplifies rounding errors in the coefficients (the
    product over the axes), None if some edge could not be solved.
    """
    levels = len(details)
    count = len(axes)
    approx_key = "a" * count

    def tensor_band(multi_level):
        """The band ``(Q_k0 x Q_k1 x ...) x`` from the given subbands (see the module doc)."""
        finest = min(multi_level)
        if finest == levels + 1:
            return approximation
        key = "".join("d" if k == finest else "a" for k in multi_level)
        array = details[finest - 1][key] if key != approx_key else approximation
        for index, k in enumerate(multi_level):
            if k > finest:
                array = _carry(array, banks[index], modes[index], axes[index], dilations,
                               finest, k)
        return array

    def recover(index, prefix):
        if index == count:
            return tensor_band(prefix), 1.0
        parts, conditions = [], []
        for k in range(1, levels + 2):
            part, condition = recover(index + 1, prefix + (k,))
            parts.append(part)
            conditions.append(condition)
        result, condition = inverse_1d(parts, axes[index], banks[index], syntheses[index],
                                       modes[index], dilations)
        if condition is None or None in conditions:
            return result, None
        return result, condition * max(conditions)

    return recover(0, ())


# -- level by level: fast, and accurate for well-conditioned levels ------------------------
#
# Each level's edge samples are solved from that level's coefficients alone, with the
# next-coarser approximation as the solver left it. The errors of one level then enter the
# next, which is harmless when every level is well conditioned (the near-symmetric and
# short filters: 1e-12 in float64) and ruinous when one is not (db10 and longer: errors of
# 16 at level 5). :func:`level_condition` tells which; the joint solve handles the rest.

LEVEL_JOINT_LIMIT = 1024
# Largest condition of a single level's edge system for which levels are solved one by one.
LEVEL_CONDITION_LIMIT = 50.0


@functools.lru_cache(maxsize=256)
def _level_edge_solvers(weights_bytes, taps, offsets, mode):
    """Matrices correcting the edges of one level's synthesis, and that system's condition.

    Returns ``(before, after, left_rows, right_rows, model, left, right, condition)``:
    ``left = (solve, known)`` maps the first ``left_rows`` low and high coefficients and the
    exact samples from ``before`` to ``model`` to the first ``before`` samples; ``right``
    likewise at the end. Valid for lines of at least ``model + max(before, after)``
    samples. ``None`` for a level so deep that its model line would be too long (it is
    left to the joint solve).
    """
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    reach_before, reach_after = max(0, -min(offsets)), max(0, max(offsets))
    # The synthesis of these offsets reads `offsets` mirrored: -max .. -min.
    before, after = reach_after, reach_before
    # Coefficients next to an edge that involve the unknown samples; the model line is
    # long enough that its other edge does not reach them.
    left_rows, right_rows = before + reach_before, after + reach_after
    model = max(left_rows, right_rows) + reach_before + reach_after + 1
    if model > 4 * LEVEL_JOINT_LIMIT:
        return None
    operator = _forward_operator(weights, list(offsets), mode, model)
    left = operator[np.r_[0:left_rows, model:model + left_rows]]
    right = operator[np.r_[model - right_rows:model, 2 * model - right_rows:2 * model]]
    solve_left, condition_left = _least_squares(left[:, :before])
    solve_right, condition_right = _least_squares(right[:, model - after:])
    return (before, after, left_rows, right_rows, model,
            (solve_left, solve_left @ left[:, before:]),
            (solve_right, solve_right @ right[:, :model - after]),
            max(condition_left, condition_right))


def level_condition(bank, mode, dilations):
    """Largest condition of one level's edge system over ``dilations`` (1.0 if periodic)."""
    if is_exact_by_synthesis(mode):
        return 1.0
    weights, offsets_at = bank
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    conditions = []
    for dilation in dilations:
        solvers = _level_edge_solvers(weights.tobytes(), weights.shape[-1],
                                      tuple(int(o) for o in offsets_at(dilation)), mode)
        conditions.append(np.inf if solvers is None else solvers[-1])
    return max(conditions)


def _forward_operator(weights, offsets, mode, n):
    """``(2 n, n)`` matrix of one analysis level (low rows, then high) on ``n`` samples."""
    impulses = np.eye(n)
    low, high = np.empty_like(impulses), np.empty_like(impulses)
    filter_along_axis([impulses], weights, offsets, mode, 1, [low, high])
    return np.concatenate([low.T, high.T])


@functools.lru_cache(maxsize=16)
def _level_joint_solver(weights_bytes, taps, offsets, mode, n, before, after):
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


def correct_level_edges(result, low, high, analysis, mode, axis):
    """Make the synthesis ``result`` of ``(low, high)`` along ``axis`` exact at its edges.

    ``analysis`` is ``(weights (2, 1, L), offsets)`` of the level being inverted. Works in
    place on ``result``; returns False (and leaves ``result`` as it is) when the edges are
    too close to be solved apart and have more than :data:`LEVEL_JOINT_LIMIT` samples
    together.
    """
    weights, offsets = analysis
    weights = np.ascontiguousarray(weights, dtype=np.float64)
    offsets = tuple(int(o) for o in offsets)
    n = result.shape[axis]
    taps = weights.shape[-1]
    # The synthesis of these offsets reads `offsets` mirrored: -max .. -min.
    before, after = max(0, max(offsets)), max(0, -min(offsets))
    out, lows, highs = _along(result, axis), _along(low, axis), _along(high, axis)
    solvers = _level_edge_solvers(weights.tobytes(), taps, offsets, mode)
    model = None if solvers is None else solvers[4]
    if model is None or n < model + max(before, after):
        # The edges are too close to be solved apart: solve them (or the whole line) together,
        # from the coefficients minus those of the samples known to be exact.
        unknown = _unknown(n, before, after)
        if len(unknown) > LEVEL_JOINT_LIMIT or len(unknown) * n > 4 * LEVEL_JOINT_LIMIT**2:
            return False
        solve = _level_joint_solver(weights.tobytes(), taps, offsets, mode, n, before, after)
        known = result.copy()
        _along(known, axis)[unknown] = 0.0
        known_low, known_high = np.empty_like(known), np.empty_like(known)
        filter_along_axis([known], weights, list(offsets), mode, axis, [known_low, known_high])
        residual = np.concatenate([lows - _along(known_low, axis),
                                   highs - _along(known_high, axis)])
        out[unknown] = np.tensordot(solve, residual, axes=1)
        return True
    (_, _, left_rows, right_rows, model, (solve_left, known_left), (solve_right, known_right),
     _) = solvers
    if before:
        coefficients = np.concatenate([lows[:left_rows], highs[:left_rows]])
        out[:before] = (np.tensordot(solve_left, coefficients, axes=1)
                        - np.tensordot(known_left, out[before:model], axes=1))
    if after:
        coefficients = np.concatenate([lows[n - right_rows:], highs[n - right_rows:]])
        out[n - after:] = (np.tensordot(solve_right, coefficients, axes=1)
                           - np.tensordot(known_right, out[n - model:n - after], axes=1))
    return True


def warn_inexact(n):
    """The warning for an inverse that could not be made exact at its edges."""
    validate.warn(
        "the inverse is exact only away from the edges here: the filters of the deepest "
        f"levels reach across most of the signal ({n} samples; more than {JOINT_LIMIT} edge "
        "samples to solve at once); use fewer levels or mode='periodization' for an exact "
        "inverse")


def warn_if_ill_conditioned(condition, dtype):
    """Warn when the transform's conditioning, not rounding, limits the inverse's edges."""
    error = condition * np.finfo(dtype).eps
    if error > max(TOLERANCE, 1000 * np.finfo(dtype).eps):
        single = np.finfo(dtype).bits < 64
        validate.warn(
            f"the inverse's edge samples may be off by up to about {error:.0e} times the "
            "largest coefficient: at this boundary mode the transform itself is ill "
            "conditioned near the edges for this wavelet and level (condition "
            f"{condition:.1e}). Use mode='periodization', a symmetric wavelet (sym, coif, "
            f"bior) or fewer levels{', or float64 data' if single else ''}")
