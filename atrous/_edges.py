"""Exact inverses at the non-periodic boundary modes: least-squares solves of the edges.

At a periodic mode one synthesis pass per level inverts the SWT exactly. At the other modes
the synthesis filters must read coefficients beyond the edges, and the mode's extension of
the coefficients is not the transform of the extended signal, so the closed-form cascade is
exact only farther from the edges than its reach: ``B = sum_j s_j L/2`` samples at the start,
``A = sum_j s_j (L/2 - 1)`` at the end, for ``L`` taps at dilations ``s_j``.

The transform is nevertheless injective, and near an edge it is local: the wrong samples are
the least-squares fit to the coefficients next to the edge, the other samples held fixed.
The inverse does that in one of two ways.

**Level by level** (:func:`correct_level_edges`), when every level is well conditioned
(:func:`level_condition`): after each level's synthesis, its first ``s L/2`` and last
``s (L/2 - 1)`` samples are fitted to that level's own low and high coefficients. One
level's system is sparse, and falls apart into small independent pieces. Its taps are ``s``
samples apart, so coefficient row ``r`` reads the samples ``r + s k + shift``: the rows and
samples of one residue class modulo ``s`` only meet each other, except where the mode's
extension copies a sample into a position of another class. 'symmetric' and
'antisymmetric' (``x[-1-m] = +-x[m]``) pair class ``c`` with ``s - 1 - c`` at the left edge
and with ``(2 n - 1 - c) mod s`` at the right one; 'reflect' (``x[-m] = x[m]``) pairs ``c``
with ``-c``, and classes ``0`` and ``s / 2`` with themselves; 'zero' pairs nothing. So an
edge's system is, after a permutation, about ``s / 2`` blocks of a few dozen rows and
samples, nearly all of one shape and one matrix, and its pseudo-inverse is the blocks' own.
Nothing here spells out these rules: the system is built from the extension's definition
(:func:`atrous._kernels.boundary.extension_run`), its connected components (coefficient
rows and unknown samples, joined by a nonzero) are found, each distinct block is solved
once, and the components that share a block are corrected by one matrix product on their
gathered rows. 'constant', 'antireflect' and 'smooth' also repeat one or two edge samples
(``x[0]``, and ``x[1]`` for 'smooth') over every position beyond the edge: those *hub*
samples join all the classes, and are eliminated first (a Schur complement, exact for a
full-rank system), after which the rest falls apart the same way. The system's condition
comes from the blocks' singular values, with the hubs folded in by orthogonal rotations.
Small systems (low levels) are solved as one dense block, which costs less there; lines so
short that their two edges meet are solved whole, the same way.

**All levels at once** (:func:`exact_inverse`, :func:`inverse_1d`), when some level is
ill conditioned (long extremal-phase filters such as ``db10``): solving level by level
compounds each level's conditioning (for ``db10`` at level 5 that turned rounding errors
into errors of 16 in float64). Along one axis, the ``B`` wrong samples are the least-squares
solution of one system over all levels: every band (``d_1 .. d_J``, ``a_J``) next to the
edge, minus the transform of the samples the closed form got right. That system is as well
conditioned as the transform itself allows. Its matrix depends only on the filters, the
dilations and the mode, is built once from the forward transform of unit impulses, and is
cached.

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
import math

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
#
# Each edge's system is split into its connected components (see the module docstring):
# `_EdgeSystem` builds it sparsely from the extension's rule, `_level_solver` solves it by
# components (`_dense_level_solver` as one block), `_LevelSolver.apply` corrects the samples.

LEVEL_JOINT_LIMIT = 1024
# Largest condition of a single level's edge system for which levels are solved one by one.
LEVEL_CONDITION_LIMIT = 50.0
# Above this condition a short line's system is solved as one dense block: eliminating its
# hub samples first is exact at full rank, but near a rank deficiency only the whole block's
# pseudo-inverse makes the minimum-norm choice the dense solve always made.
HUB_CONDITION_LIMIT = 1e6
# Systems of at most this many unknowns are solved as one dense block: a small SVD costs less
# than finding the components.
DENSE_UNKNOWNS = 32

# The extension rule as plain Python: a solver reads a few runs of it, once.
_extension_run = getattr(boundary.extension_run, "py_func", boundary.extension_run)


def _extension_terms(first, count, n, mode):
    """What the extension of an ``n``-sample line reads at positions ``first + i``,
    ``0 <= i < count``.

    Returns ``(which, source, coefficient, spread)``: the extended sample at ``first + i`` is
    the sum over the ``t`` with ``which[t] == i`` of ``coefficient[t] * x[source[t]]``.
    ``spread`` lists the samples that the extension repeats over a run of positions (the
    edge samples of 'constant', 'antireflect' and 'smooth'), as opposed to the samples it
    copies each to one position.
    """
    which, source, coefficient, spread = [], [], [], set()
    start = 0
    while start < count:
        (copied, step, weight, run, edge_a, coef_a, slope_a, edge_b, coef_b,
         slope_b) = _extension_run(first + start, n, mode)
        distance = np.arange(min(run, count - start))
        if weight != 0.0:
            which.append(start + distance)
            source.append(copied + step * distance)
            coefficient.append(np.full(len(distance), float(weight)))
            if step == 0 and len(distance) > 1:
                spread.add(copied)
        for edge, coef, slope in ((edge_a, coef_a, slope_a), (edge_b, coef_b, slope_b)):
            values = coef + slope * distance
            nonzero = values != 0.0
            if nonzero.any():
                which.append(start + distance[nonzero])
                source.append(np.full(int(nonzero.sum()), edge))
                coefficient.append(values[nonzero])
                spread.add(edge)
        start += len(distance)
    spread = np.array(sorted(spread), dtype=np.int64)
    if not which:  # 'zero' beyond the edges, and nothing inside
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0), spread
    return (np.concatenate(which), np.concatenate(source).astype(np.int64),
            np.concatenate(coefficient), spread)


def _level_matrix(weights, offsets, mode, n, rows):
    """Nonzeros of one analysis level's matrix on an ``n``-sample line, at coefficient ``rows``.

    Returns ``(row, column, value, spread)``: coefficient ``row`` (``i`` is the low band at
    position ``rows[i]``, ``len(rows) + i`` the high band there) weighs sample ``column`` by
    ``value``, each pair once; ``spread`` as :func:`_extension_terms`.
    """
    taps = len(offsets)
    reads = (rows[:, None] + np.asarray(offsets, dtype=np.int64)).ravel()
    first = int(reads.min())
    which, source, coefficient, spread = _extension_terms(first, int(reads.max()) - first + 1,
                                                          n, mode)
    position_of_read = reads - first
    order = np.argsort(which, kind="stable")
    source, coefficient = source[order], coefficient[order]
    terms_at = np.bincount(which, minlength=int(reads.max()) - first + 1)
    first_term = np.cumsum(terms_at) - terms_at
    # Every (row, tap) read, expanded into the terms of the position it reads.
    terms_per_read = terms_at[position_of_read]
    read_of_term = np.repeat(np.arange(len(reads)), terms_per_read)
    start_of_read = np.cumsum(terms_per_read) - terms_per_read
    term = (first_term[position_of_read][read_of_term]
            + np.arange(len(read_of_term)) - start_of_read[read_of_term])
    row, tap = np.divmod(read_of_term, taps)
    band_weights = weights[:, 0, :]
    all_rows = np.concatenate([row, row + len(rows)])
    all_columns = np.concatenate([source[term], source[term]])
    all_values = np.concatenate([band_weights[0, tap] * coefficient[term],
                                 band_weights[1, tap] * coefficient[term]])
    # A row may read one sample through several taps (the extension folds back): add them.
    pairs, pair_of_entry = np.unique(all_rows * n + all_columns, return_inverse=True)
    values = np.bincount(pair_of_entry, weights=all_values, minlength=len(pairs))
    nonzero = values != 0.0
    row, column = np.divmod(pairs[nonzero], n)
    return row, column, values[nonzero], spread


class _EdgeSystem:
    """One level's least-squares system for the samples ``unknown`` of an ``n``-sample line,
    from the coefficient ``rows`` that read them (sparse, as :func:`_level_matrix`).

    The entries are ``(row, column, value)`` with ``row`` the position in the stack that
    :meth:`_LevelSolver.apply` gathers (the low rows ``low_rows``, then the high rows
    ``high_rows``, then the known samples ``knowns``), ``slot`` the index of ``column`` in
    ``unknown`` where ``is_unknown``.
    """

    def __init__(self, weights, offsets, mode, n, rows, unknown):
        self.unknown = unknown = np.asarray(unknown, dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        row, column, value, self.spread = _level_matrix(weights, offsets, mode, n, rows)
        slot = np.minimum(np.searchsorted(unknown, column), max(len(unknown) - 1, 0))
        is_unknown = ((unknown[slot] == column) if len(unknown)
                      else np.zeros(len(column), dtype=bool))
        # Rows that read no unknown add a constant to the residual: leave them out.
        reads_unknown = np.zeros(2 * len(rows), dtype=bool)
        reads_unknown[row[is_unknown]] = True
        keep = reads_unknown[row]
        used = np.flatnonzero(reads_unknown)
        high = used >= len(rows)
        self.low_rows, self.high_rows = rows[used[~high]], rows[used[high] - len(rows)]
        self.row_count = len(used)
        self.row = np.searchsorted(used, row[keep])
        self.column, self.value = column[keep], value[keep]
        self.slot, self.is_unknown = slot[keep], is_unknown[keep]
        self.knowns = np.unique(self.column[~self.is_unknown])

    def solver(self, groups, hubs, unread, condition, origin):
        """The :class:`_LevelSolver` of this system, positions relative to ``origin``."""
        return _LevelSolver(self.low_rows - origin, self.high_rows - origin,
                            self.knowns - origin, groups, hubs, unread - origin, condition)


def _components(count, first, second):
    """Connected component (named by its smallest node) of each of ``count`` nodes, joined
    by the edges ``first[i] -- second[i]``."""
    labels = np.arange(count)
    while True:
        one, other = labels[first], labels[second]
        differ = one != other
        if not differ.any():
            return labels
        # Every label is a root here: hook each onto the smallest root next to it, then
        # flatten the trees (labels only decrease, so no cycle forms).
        smaller = np.minimum(one[differ], other[differ])
        np.minimum.at(labels, one[differ], smaller)
        np.minimum.at(labels, other[differ], smaller)
        while True:
            flattened = labels[labels]
            if np.array_equal(flattened, labels):
                break
            labels = flattened


def _rank_within(group, count):
    """Rank of each item within its ``group`` (items already in their order within it)."""
    order = np.argsort(group, kind="stable")
    sizes = np.bincount(group, minlength=count)
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(group)) - (np.cumsum(sizes) - sizes)[group[order]]
    return rank


def _distinct_rows(matrix):
    """The distinct rows of a 2-d array and, for each row, the index of its distinct row.

    Rows are compared as bytes (``numpy.unique(axis=0)`` builds a structured dtype with a
    field per column, which costs more than the solves it saves).
    """
    matrix = np.ascontiguousarray(matrix)
    if matrix.shape[1] == 0:
        return matrix[:1], np.zeros(len(matrix), dtype=np.int64)
    keys = matrix.view(np.dtype((np.void, matrix.dtype.itemsize * matrix.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return matrix[first], inverse.ravel()


def _pseudo_inverses(u, singular, vt, cutoff):
    """Pseudo-inverses of a stack of matrices from their SVDs, dropping singular values
    at most ``cutoff``."""
    kept = singular > cutoff
    inverse = np.divide(1.0, singular, out=np.zeros_like(singular), where=kept)
    rank = singular.shape[-1]
    return (vt[:, :rank].transpose(0, 2, 1) * inverse[:, None, :]) @ u[:, :, :rank].transpose(
        0, 2, 1)


def _condition(blocks, hub_rows, hub_count):
    """Condition number of a level's system from its components (see :func:`_level_solver`).

    ``blocks`` holds ``(singular, u, m, hub_parts)`` per distinct component matrix ``B``
    (``m`` unknowns, thin SVD ``u diag(singular) v^T``) with ``hub_parts`` the hub columns
    of the ``k`` components that share it; ``hub_rows`` the rows that read hubs only.
    Orthogonal changes of rows and columns keep the singular values: within each component
    rotate by ``u`` and ``v``; across the ``k`` components of one matrix, the ``i``-th
    singular value's ``k`` rows meet the hubs in a ``k x hub_count`` matrix, whose QR
    rotation leaves at most ``hub_count`` of them coupled. What stays coupled is a small
    dense matrix; the rest are the blocks' own singular values.
    """
    singular_values, coupled, hub_only = [], [], list(hub_rows)
    for singular, u, m, hub_parts in blocks:
        if len(singular) < m:  # more unknowns than rows: singular
            return np.inf
        if hub_count == 0:
            singular_values.append(singular)
            continue
        rotated = u.T @ hub_parts
        triangles = np.linalg.qr(rotated.transpose(1, 0, 2), mode="r")
        if len(hub_parts) > hub_count:
            singular_values.append(singular)
        coupled.append((triangles, singular))
        # The rows that ``u``'s complement rotates onto the hubs alone: any rows with the
        # same Gram matrix do, such as the hub columns projected off the component's range.
        hub_only.append((hub_parts - u @ rotated).reshape(-1, hub_count))
    if hub_count:
        hub_only = np.concatenate(hub_only) if hub_only else np.zeros((0, hub_count))
        hub_triangle = (np.linalg.qr(hub_only, mode="r") if len(hub_only)
                        else np.zeros((0, hub_count)))
        size = sum(triangles.shape[0] * triangles.shape[1] for triangles, _ in coupled)
        reduced = np.zeros((size + len(hub_triangle), hub_count + size))
        start = 0
        for triangles, singular in coupled:
            rows = triangles.shape[0] * triangles.shape[1]
            span = np.arange(start, start + rows)
            reduced[span, :hub_count] = triangles.reshape(rows, hub_count)
            reduced[span, hub_count + span] = np.repeat(singular, triangles.shape[1])
            start += rows
        reduced[size:, :hub_count] = hub_triangle
        values = np.linalg.svd(reduced, compute_uv=False)
        if reduced.shape[0] < reduced.shape[1]:
            values = np.append(values, 0.0)
        singular_values.append(values)
    if not singular_values:
        return 1.0
    singular_values = np.concatenate(singular_values)
    smallest = singular_values.min()
    return float(singular_values.max() / smallest) if smallest > 0 else np.inf


def _as_index(positions):
    """Sorted, distinct ``positions`` as a slice when they are consecutive (a view to copy
    instead of a gather), else as they are."""
    if len(positions) == 0:
        return slice(0, 0)
    first, last = int(positions[0]), int(positions[-1])
    if last - first + 1 == len(positions) and (first >= 0 or last < 0):
        return slice(first, last + 1 if last != -1 else None)
    return positions


class _LevelSolver:
    """Least-squares fit of some samples of a line to one level's coefficients near them.

    Made by :func:`_dense_level_solver` or :func:`_level_solver`, which describe the system
    on a *stack*: its low rows at ``low_rows``, then its high rows at ``high_rows``, then
    the known samples at ``knowns`` (positions along the line, negative ones counted from
    its end). ``groups`` holds ``(sources, targets, matrix)``: components that share
    ``matrix``, reading stack rows ``sources`` (one column per component) and writing the
    samples at ``targets``. ``hubs`` is None or ``(positions, weights, coupled,
    coupling)``: the hub samples are ``weights @ stack``, and ``coupling @ hubs`` is added
    to the samples at ``coupled``. ``unread`` are unknowns no coefficient reads (the
    pseudo-inverse's zero). The stack is never built: each map is split by the array its
    rows come from, and consecutive rows are read in place.

    Within one group's product the samples a component reads are read for all components
    at once, however they interleave (a residue class modulo the dilation), from lines laid
    along the array's first axis or along its last.
    """

    def __init__(self, low_rows, high_rows, knowns, groups, hubs, unread, condition):
        stack = (low_rows, high_rows, knowns)
        bounds = np.cumsum([0] + [len(part) for part in stack])
        self.groups = [(_by_source(sources, matrix, stack, bounds), targets)
                       for sources, targets, matrix in groups]
        self.hubs = None
        if hubs is not None:
            positions, weights, coupled, coupling = hubs
            every_row = np.arange(bounds[-1])[:, None]
            self.hubs = (positions, _by_source(every_row, weights, stack, bounds), coupled,
                         coupling)
        self.unread, self.condition = unread, condition

    def apply(self, result, low, high, axis):
        """Overwrite the unknowns of ``result`` along ``axis`` by the least-squares fit of its
        other samples to ``low`` and ``high`` (arrays of one shape)."""
        if axis == result.ndim - 1 and result.ndim > 1:
            self._apply_along_last(result, low, high)
        else:
            self._apply_along_first(_along(result, axis), _along(low, axis),
                                    _along(high, axis))

    def _apply_along_first(self, out, lows, highs):
        """The lines along axis 0: rows of samples (``rest`` wide) are gathered and mixed."""
        arrays = (lows, highs, out)
        rest = out.shape[1:]
        width = math.prod(rest)
        for parts, targets in self.groups:
            total = None
            for array, rows, matrix in parts:
                taken = arrays[array][rows].reshape(matrix.shape[1], targets.shape[1] * width)
                total = _accumulate(total, matrix @ taken)
            out[targets] = total.reshape(targets.shape + rest)
        if self.hubs is not None:
            positions, parts, coupled, coupling = self.hubs
            hubs = None
            for array, rows, matrix in parts:
                hubs = _accumulate(hubs, matrix @ arrays[array][rows].reshape(
                    matrix.shape[1], width))
            out[positions] = hubs.reshape(positions.shape + rest)
            out[coupled] += (coupling @ hubs).reshape(coupled.shape + rest)
        if len(self.unread):
            out[self.unread] = 0.0

    def _apply_along_last(self, out, lows, highs):
        """The lines along the last axis, each contiguous: the samples a component reads are
        gathered last (``(lines, components, rows)``), so one product mixes them all."""
        arrays = (lows, highs, out)
        lines = out.shape[:-1]
        for parts, targets in self.groups:
            total = None
            for array, rows, matrix in parts:
                # numpy.take gathers along the last axis faster than indexing does.
                taken = (arrays[array][..., rows] if isinstance(rows, slice)
                         else np.take(arrays[array], rows.T, axis=-1))
                total = _accumulate(total, taken.reshape(-1, matrix.shape[1]) @ matrix.T)
            out[..., targets.T] = total.reshape(lines + targets.T.shape)
        if self.hubs is not None:
            positions, parts, coupled, coupling = self.hubs
            hubs = None
            for array, rows, matrix in parts:
                taken = arrays[array][..., rows]
                hubs = _accumulate(hubs, taken.reshape(-1, matrix.shape[1]) @ matrix.T)
            out[..., positions] = hubs.reshape(lines + positions.shape)
            out[..., coupled] += (hubs @ coupling.T).reshape(lines + coupled.shape)
        if len(self.unread):
            out[..., self.unread] = 0.0


def _accumulate(total, term):
    """``total + term``, in place once there is a total."""
    if total is None:
        return term
    total += term
    return total


def _by_source(sources, matrix, stack, bounds):
    """A map from stack rows ``sources`` split by the array each row comes from.

    Returns ``[(array, rows, matrix_part)]`` with ``array`` 0, 1 or 2 (lows, highs, the
    line), ``rows`` its positions (a slice when consecutive and for one component) and the
    matching columns of ``matrix``. Every row of ``sources`` reads one array for all its
    components (a shape's rows are ordered low, high, known alike in each component).
    """
    array_of_row = np.searchsorted(bounds, sources[:, 0], side="right") - 1
    parts = []
    for array in range(3):
        rows = np.flatnonzero(array_of_row == array)
        if len(rows) == 0:
            continue
        positions = stack[array][sources[rows] - bounds[array]]
        index = _as_index(positions[:, 0]) if positions.shape[1] == 1 else positions
        parts.append((array, index, np.ascontiguousarray(matrix[:, rows])))
    return parts


def _dense_level_solver(system, origin=0):
    """The :class:`_LevelSolver` of ``system`` (an :class:`_EdgeSystem`) as one dense block,
    its pseudo-inverse: what a small system costs least as, and what a system near rank
    deficiency needs (the minimum-norm choice)."""
    is_unknown = system.is_unknown
    matrix = np.zeros((system.row_count, len(system.unknown)))
    matrix[system.row[is_unknown], system.slot[is_unknown]] = system.value[is_unknown]
    known_part = np.zeros((system.row_count, len(system.knowns)))
    known_part[system.row[~is_unknown], np.searchsorted(system.knowns,
                                                        system.column[~is_unknown])] = (
        system.value[~is_unknown])
    solve, condition = _least_squares(matrix)
    read = np.zeros(len(system.unknown), dtype=bool)
    read[system.slot[is_unknown]] = True
    if not read.all():  # a zero column, even when no row is left to show it
        condition = np.inf
    group = (np.arange(system.row_count + len(system.knowns))[:, None],
             (system.unknown[read] - origin)[:, None],
             np.concatenate([solve, -solve @ known_part], axis=1)[read])
    return system.solver([group] if read.any() else [], None, system.unknown[~read],
                         condition, origin)


def _split(system, hubs):
    """The components of ``system`` (an :class:`_EdgeSystem`) once the ``hubs`` are set
    apart, as dense blocks grouped by shape.

    Returns ``(shapes, unread)``: per shape ``(B, K, H, sources, targets)`` for its
    ``count`` components of ``p`` rows (as many of them low rows in each), ``m`` unknowns
    and ``q`` known samples: ``B (count, p, m)``, ``K (count, p, q)`` and
    ``H (count, p, hubs)`` the matrix's columns of the unknowns, knowns and hubs;
    ``sources (count, p + q)`` the stack rows of the component's coefficients, then of its
    knowns; ``targets (count, m)`` the positions of its unknowns. Rows and samples are in
    position order within a component (low rows, high rows, knowns), so that components
    alike (the residue classes) get equal blocks. ``unread`` are unknowns no coefficient
    reads.
    """
    unknown, row, column, value = system.unknown, system.row, system.column, system.value
    slot, knowns, row_count = system.slot, system.knowns, system.row_count
    is_hub = system.is_unknown & np.isin(column, hubs)
    is_free = system.is_unknown & ~is_hub
    is_known = ~system.is_unknown
    # Components over the rows (nodes 0 .. row_count - 1) and the unknowns (the next ones).
    labels = _components(row_count + len(unknown), row[is_free], row_count + slot[is_free])
    member = np.zeros(len(unknown), dtype=bool)
    member[slot[is_free]] = True
    unread = unknown[~member & ~np.isin(unknown, hubs)]
    components, component_of_row = np.unique(labels[:row_count], return_inverse=True)
    count = len(components)
    members = np.flatnonzero(member)
    component_of_member = np.searchsorted(components, labels[row_count + members])
    # Each component's knowns: the (component, known) pairs its rows read.
    stride = len(knowns) + 1
    pairs, pair_of_entry = np.unique(
        component_of_row[row[is_known]] * stride + np.searchsorted(knowns, column[is_known]),
        return_inverse=True)
    component_of_pair, known_of_pair = np.divmod(pairs, stride)
    low_count = len(system.low_rows)
    sizes = np.stack([np.bincount(component_of_row, minlength=count),
                      np.bincount(component_of_member, minlength=count),
                      np.bincount(component_of_pair, minlength=count),
                      np.bincount(component_of_row[:low_count], minlength=count)], axis=1)
    shapes, shape_of = _distinct_rows(sizes)
    place = _rank_within(shape_of, len(shapes))  # a component's index within its shape
    # Where each nonzero goes: shape, component within it, row and column within that.
    row_rank = _rank_within(component_of_row, count)
    unknown_rank = np.zeros(len(unknown), dtype=np.int64)
    unknown_rank[members] = _rank_within(component_of_member, count)
    pair_rank = _rank_within(component_of_pair, count)
    known_rank = np.zeros(len(row), dtype=np.int64)
    known_rank[is_known] = pair_rank[pair_of_entry]
    entry_shape, entry_place = shape_of[component_of_row[row]], place[component_of_row[row]]
    entry_row = row_rank[row]
    columns = {"B": (is_free, unknown_rank[slot]), "K": (is_known, known_rank),
               "H": (is_hub, np.searchsorted(hubs, column))}
    member_shape, member_place = shape_of[component_of_member], place[component_of_member]
    pair_shape, pair_place = shape_of[component_of_pair], place[component_of_pair]
    groups = []
    for number, (p, m, q, _) in enumerate(shapes):
        count_here = int(np.sum(shape_of == number))
        here = entry_shape == number
        blocks = {}
        for name, width in (("B", m), ("K", q), ("H", len(hubs))):
            kind, column_index = columns[name]
            chosen = here & kind
            blocks[name] = np.zeros((count_here, p, width))
            blocks[name][entry_place[chosen], entry_row[chosen],
                         column_index[chosen]] = value[chosen]
        sources = np.empty((count_here, p + q), dtype=np.int64)
        sources[entry_place[here], entry_row[here]] = row[here]
        chosen = pair_shape == number
        sources[pair_place[chosen], p + pair_rank[chosen]] = row_count + known_of_pair[chosen]
        targets = np.empty((count_here, m), dtype=np.int64)
        chosen = member_shape == number
        targets[member_place[chosen], unknown_rank[members[chosen]]] = unknown[members[chosen]]
        groups.append((blocks["B"], blocks["K"], blocks["H"], sources, targets))
    return groups, unread


def _hub_solver(parts, hubs, stack_size, origin):
    """The hub term of a :class:`_LevelSolver`: ``h = T^+ b`` (see :func:`_level_solver`).

    ``parts`` holds, per shape, ``(T_g, C_g, K, sources, targets)``: the projected hub
    columns ``(count, p, hubs)``, the unknowns' coupling ``-B_g^+ H_g`` (None for rows that
    read hubs only), the knowns' columns and the stack rows and positions as :func:`_split`.
    """
    hub_count = len(hubs)
    fit = np.linalg.pinv(np.concatenate([part[0].reshape(-1, hub_count) for part in parts]))
    weights_of_stack = np.zeros((stack_size, hub_count))
    coupled, coupling = [], []
    start = 0
    for projected, solved, known_part, sources, targets in parts:
        count, p, _ = projected.shape
        rows_fit = fit[:, start:start + count * p].reshape(hub_count, count, p)
        rows_fit = rows_fit.transpose(1, 0, 2)
        start += count * p
        # ``b_g = c_g - K_g x_known``: the fit of the coefficients, and minus it times K.
        mapped = np.concatenate([rows_fit, -rows_fit @ known_part], axis=2)
        np.add.at(weights_of_stack, sources.ravel(),
                  mapped.transpose(0, 2, 1).reshape(-1, hub_count))
        if solved is not None:
            coupled.append(targets.ravel())
            coupling.append(solved.reshape(-1, hub_count))
    coupled = np.concatenate(coupled) if coupled else np.zeros(0, dtype=np.int64)
    coupling = np.concatenate(coupling) if coupling else np.zeros((0, hub_count))
    return hubs - origin, weights_of_stack.T.copy(), coupled - origin, coupling


def _level_solver(system, origin=0):
    """The :class:`_LevelSolver` of ``system`` (an :class:`_EdgeSystem`), component by
    component.

    The least-squares solution of ``[H R] (h, r) = b``, with ``R`` block diagonal (the
    components ``B_g``) and ``H`` the hub columns, is ``h = T^+ b`` with ``T`` the hub
    columns projected off each component's range (``T_g = (I - B_g B_g^+) H_g``), then
    ``r_g = B_g^+ (b_g - H_g h)``, where ``b`` is the coefficients minus what the known
    samples explain (``b_g = c_g - K_g x_known``). Without hubs it is ``r_g = B_g^+ b_g``,
    the dense pseudo-inverse's answer block by block.
    """
    hubs = np.intersect1d(system.spread, system.unknown)
    hub_count = len(hubs)
    shapes, unread = _split(system, hubs)
    # One SVD per distinct matrix B; the cutoff of the dense pseudo-inverse of the whole.
    decompositions = []
    for blocks, _, _, _, _ in shapes:
        count, p, m = blocks.shape
        if m == 0:  # rows that read hubs (and knowns) only
            decompositions.append(None)
            continue
        distinct, type_of = _distinct_rows(blocks.reshape(count, -1))
        decompositions.append((type_of,) + np.linalg.svd(distinct.reshape(-1, p, m),
                                                         full_matrices=False))
    largest = max((d[2].max(initial=0.0) for d in decompositions if d is not None),
                  default=0.0)
    cutoff = largest * max(system.row_count, len(system.unknown)) * np.finfo(np.float64).eps

    groups, hub_parts, condition_blocks, hub_rows = [], [], [], []
    for (blocks, known_part, hub_part, sources, targets), decomposition in zip(
            shapes, decompositions):
        count, p, m = blocks.shape
        if decomposition is None:
            hub_parts.append((hub_part, None, known_part, sources, targets))
            hub_rows.append(hub_part.reshape(-1, hub_count))
            continue
        type_of, u, singular, vt = decomposition
        inverses = _pseudo_inverses(u, singular, vt, cutoff)
        for index in range(len(inverses)):
            condition_blocks.append((singular[index], u[index], m,
                                     hub_part[type_of == index]))
        # Components with one B and one K share their whole map from the stack.
        maps, map_of = _distinct_rows(np.concatenate([type_of[:, None].astype(float),
                                                      known_part.reshape(count, -1)], axis=1))
        for index, key in enumerate(maps):
            inverse = inverses[int(key[0])]
            known_map = key[1:].reshape(p, known_part.shape[2])
            matrix = np.concatenate([inverse, -inverse @ known_map], axis=1)
            chosen = map_of == index
            groups.append((sources[chosen].T.copy(), targets[chosen].T - origin, matrix))
        if hub_count:
            solved = inverses[type_of] @ hub_part
            hub_parts.append((hub_part - blocks @ solved, -solved, known_part, sources,
                              targets))
    hub_solver = None
    if hub_count:
        hub_solver = _hub_solver(hub_parts, hubs, system.row_count + len(system.knowns),
                                 origin)
    condition = np.inf if len(unread) else _condition(condition_blocks, hub_rows, hub_count)
    return system.solver(groups, hub_solver, unread, condition, origin)


def _solver(system, origin=0):
    """The cheaper of the two solvers of ``system``: dense while it is small."""
    if len(system.unknown) <= DENSE_UNKNOWNS:
        return _dense_level_solver(system, origin)
    return _level_solver(system, origin)


class _LevelEdges:
    """Both edges' solvers of one level, valid on lines of ``model + max(before, after)``
    samples or more; ``condition`` the worse of the two systems' conditions."""

    def __init__(self, model, left, right):
        self.model, self.left, self.right = model, left, right
        self.condition = max(left.condition, right.condition)


@functools.lru_cache(maxsize=256)
def _level_edge_solvers(weights_bytes, taps, offsets, mode):
    """The :class:`_LevelEdges` of one level, or None for a level so deep that its model
    line would be too long (it is left to the joint solve).

    The synthesis is wrong on the first ``before`` samples (the largest analysis offset)
    and the last ``after``; each edge's system is built on a model line long enough that
    its other edge does not reach the rows that read them.
    """
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    reach_before, reach_after = max(0, -min(offsets)), max(0, max(offsets))
    # The synthesis of these offsets reads `offsets` mirrored: -max .. -min.
    before, after = reach_after, reach_before
    left_rows, right_rows = before + reach_before, after + reach_after
    model = max(left_rows, right_rows) + reach_before + reach_after + 1
    if model > 4 * LEVEL_JOINT_LIMIT:
        return None
    left = _solver(_EdgeSystem(weights, offsets, mode, model, np.arange(left_rows),
                               np.arange(before)))
    right = _solver(_EdgeSystem(weights, offsets, mode, model,
                                np.arange(model - right_rows, model),
                                np.arange(model - after, model)), origin=model)
    return _LevelEdges(model, left, right)


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
        conditions.append(np.inf if solvers is None else solvers.condition)
    return max(conditions)


@functools.lru_cache(maxsize=16)
def _level_joint_solver(weights_bytes, taps, offsets, mode, n, before, after):
    """Solver of the unknown samples of a whole ``n``-sample line (edges too close to be
    solved apart)."""
    weights = np.frombuffer(weights_bytes).reshape(2, 1, taps)
    system = _EdgeSystem(weights, offsets, mode, n, np.arange(n), _unknown(n, before, after))
    solver = _solver(system)
    if solver.hubs is not None and solver.condition > HUB_CONDITION_LIMIT:
        solver = _dense_level_solver(system)
    return solver


def _along(array, axis):
    return array if axis == 0 else np.moveaxis(array, axis, 0)


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
    solvers = _level_edge_solvers(weights.tobytes(), taps, offsets, mode)
    if solvers is None or n < solvers.model + max(before, after):
        # The edges are too close to be solved apart: solve them (or the whole line) together,
        # from the coefficients minus those of the samples known to be exact.
        unknown = _unknown(n, before, after)
        if len(unknown) > LEVEL_JOINT_LIMIT or len(unknown) * n > 4 * LEVEL_JOINT_LIMIT**2:
            return False
        _level_joint_solver(weights.tobytes(), taps, offsets, mode, n, before,
                            after).apply(result, low, high, axis)
        return True
    # Each edge reads only samples the other edge's solver does not write.
    solvers.left.apply(result, low, high, axis)
    solvers.right.apply(result, low, high, axis)
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
