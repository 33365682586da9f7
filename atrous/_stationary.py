"""The stationary wavelet transform over any set of axes: filter banks, forward, inverse.

The layer between the public functions (:mod:`atrous._swt`, :mod:`atrous._swtn`,
:mod:`atrous._mra`), which validate arguments and shape results as PyWavelets does, and
the cascades of :mod:`atrous._cascade`. The formulas, verified against PyWavelets, are
(``s = 2**(j-1)``, ``L`` the even filter length, indices mod N along the axis)::

    cA_j[n]     = sum_k dec_lo[k] a_{j-1}[n + s (L/2 - k)]        (cD_j with dec_hi)
    a_{j-1}[n]  = 1/2 sum_m (rec_lo[m] a_j + rec_hi[m] d_j)[n + s (L/2 - 1) - s m]

applied along each transformed axis in turn (the n-d inverse is the product of the 1-d
ones, which is what PyWavelets' average of ``2**(d j)`` shifted inverse DWTs amounts to).
Other boundary modes replace "mod N" by the mode's extension of each level's input.
"""


import numpy as np

from . import _cascade, _edges
from . import _validation as validate
from ._engine import cascade_halo, tap_offsets
from ._kernels import boundary


def analysis_bank(wavelet, norm):
    """Weights ``(2, 1, L)`` (lo, hi; reversed for correlation) and the tap offsets per dilation."""
    dec_lo, dec_hi = np.asarray(wavelet.dec_lo), np.asarray(wavelet.dec_hi)
    if norm:
        dec_lo, dec_hi = dec_lo * (1 / np.sqrt(2)), dec_hi * (1 / np.sqrt(2))
    weights = np.stack([dec_lo[::-1], dec_hi[::-1]])[:, None, :]
    taps = weights.shape[-1]
    return weights, lambda dilation: tap_offsets(taps, dilation, dilation * (1 - taps // 2))


def synthesis_bank(wavelet, norm):
    """Weights ``(1, 2, L)`` (approximation, detail) and the tap offsets per dilation."""
    rec_lo, rec_hi = np.asarray(wavelet.rec_lo), np.asarray(wavelet.rec_hi)
    if norm:
        rec_lo, rec_hi = rec_lo * np.sqrt(2), rec_hi * np.sqrt(2)
    weights = 0.5 * np.stack([rec_lo[::-1], rec_hi[::-1]])[None, :, :]
    taps = weights.shape[-1]
    return weights, lambda dilation: tap_offsets(taps, dilation, -dilation * (taps // 2))


def warn_if_not_orthogonal(wavelets, norm):
    """PyWavelets' warning: ``norm=True`` preserves energy only for orthogonal wavelets."""
    if norm and not all(w.orthogonal for w in wavelets) and not validate.is_quiet():
        many = len(wavelets) > 1
        validate.warn(
            f"norm=True, but the wavelet{'s used are' if many else ' is'} not orthogonal: \n"
            "\tThe conditions for energy preservation are not satisfied.")


def halo_of_levels(wavelet, levels):
    """Samples ``(before, after)`` reached by the given SWT levels (absolute, from 1)."""
    _, offsets_at = analysis_bank(wavelet, norm=False)
    return cascade_halo(offsets_at, levels)


def reach(wavelet, levels, code, inverse=False):
    """How far along an axis an output of these SWT levels (absolute, from 1) depends on
    its input: of the forward transform, or of the ``inverse`` at mode ``code``.

    Chunked execution gives every chunk this many samples of its neighbours.
    """
    before, after = halo_of_levels(wavelet, levels)
    if inverse and code != boundary.WRAP:
        # The exact inverse solves the samples next to a true edge from all bands within a
        # window of about twice the two reaches (see atrous._edges), which a chunk's far
        # end, itself wrong for a reach, must not touch.
        return 3 * (before + after) + len(levels)
    return max(before, after)


# The extrapolating modes lose digits as their filters reach farther beyond the signal.
# Measured on db2..db10 (float64): the deepest levels these limits accept are exact to
# about 1e-9; twice as far loses 1e-8 to 1e-7.
SMOOTH_REACH_LIMIT = 6000  # samples beyond the edge
ANTIREFLECT_REACH_LIMIT = 1000  # signal lengths beyond the edge


def refuse_lossy_extrapolation(modes, lengths, farthest, name="level"):
    """Refuse levels whose taps reach too far into an extrapolating extension.

    ``farthest[i]`` is how far beyond the edge the deepest level's taps reach along axis
    ``i`` of length ``lengths[i]``. ``'smooth'`` continues the signal along straight lines,
    whose values grow with that distance ``D``, and each level extrapolates the last one's
    edges again: rounding grows like ``D**2``. ``'antireflect'`` drifts by the signal's
    rise every period (``2 n - 2`` samples), so it grows with ``D / n``.
    """
    for mode, n, reach in zip(modes, lengths, farthest):
        if n < 2 or mode not in (boundary.SMOOTH, boundary.ANTIREFLECT):
            continue
        if mode == boundary.SMOOTH:
            limit, mode_name = SMOOTH_REACH_LIMIT, "smooth"
        else:
            limit, mode_name = ANTIREFLECT_REACH_LIMIT * (n - 1), "antireflect"
        if reach > limit:
            raise ValueError(
                f"`{name}` is too deep for mode={mode_name!r} on {n} samples: its filters "
                f"reach {reach} samples beyond the edge, where the mode's extrapolation "
                "grows so large that the transform would lose more than 8 digits (at most "
                f"{limit} samples keeps it exact); use fewer levels or a periodic, "
                "symmetric or constant mode")


def _farthest(banks, dilation):
    return [max(abs(o) for o in offsets_at(dilation)) for _, offsets_at in banks]


class Forward:
    """The SWT over ``axes`` planned once for arrays like ``data`` (same shape, strides and
    dtype, already the transform dtype): layout, filter banks, tap offsets and the
    cascade's program. :meth:`run` computes it.

    ``levels`` are the absolute levels (``start_level + 1 ...``). ``banks`` replaces the
    wavelets' analysis banks (the multiresolution analyses pass composite filters).
    """

    def __init__(self, data, wavelets, axes, levels, modes, trim_approx, norm, banks=None):
        if banks is None:
            banks = [analysis_bank(w, norm) for w in wavelets]
        if len(levels):
            refuse_lossy_extrapolation(modes, [data.shape[a] for a in axes],
                                       _farthest(banks, 2 ** (max(levels) - 1)))
        if data.flags.c_contiguous:
            self.layout, c_shape, c_axes = "C", data.shape, list(axes)
        elif data.flags.f_contiguous:
            # The transpose is C-contiguous: compute on it, with the axes mirrored.
            self.layout, c_shape = "F", data.shape[::-1]
            c_axes = [data.ndim - 1 - axis for axis in axes]
        else:
            self.layout, c_shape, c_axes = "copy", data.shape, list(axes)
        self.cascade = _cascade.Analysis(c_shape, data.dtype, c_axes, banks, modes,
                                         [2 ** (j - 1) for j in levels], trim_approx)

    def rows(self, data):
        """The returned subbands as a list, in the layout of ``data``: item ``name`` is the
        subband that :attr:`outputs` names so (a cascade over at least one axis)."""
        if self.layout == "C":
            return list(self.cascade.block(data))
        if self.layout == "copy":
            return list(self.cascade.block(np.ascontiguousarray(data)))
        block = self.cascade.block(data.T)
        return list(block.transpose((0,) + tuple(range(block.ndim - 1, 0, -1))))

    @property
    def outputs(self):
        """Per level (finest first), the ``(key, name)`` of each returned subband."""
        return self.cascade.outputs

    @property
    def last_approx(self):
        """The name of the last approximation, with ``trim_approx``."""
        return self.cascade.last_approx

    def run(self, data):
        """``(subbands, approximation)`` as :class:`atrous._cascade.Analysis` gives them,
        finest level first, in the layout of ``data`` (F-ordered input gives F-ordered
        output)."""
        if self.cascade.empty:  # every level holds a copy of the data, in its layout
            if self.layout != "F":
                return self.cascade.run(np.ascontiguousarray(data))
            subbands, approximation = self.cascade.run(data.T)
            return ([{key: array.T for key, array in level.items()} for level in subbands],
                    None if approximation is None else approximation.T)
        rows = self.rows(data)
        subbands = [{key: rows[name] for key, name in level} for level in self.outputs]
        return subbands, (rows[self.last_approx] if self.cascade.trim_approx else None)


def forward(data, wavelets, axes, levels, modes, trim_approx, norm, banks=None):
    """SWT of ``data`` (already of its transform dtype) over ``axes``: :class:`Forward`,
    planned and run at once."""
    return Forward(data, wavelets, axes, levels, modes, trim_approx, norm, banks).run(data)


class Inverse:
    """The inverse SWT over ``axes`` planned once for coefficients like ``approximation``
    and ``details`` (same shapes, strides and dtypes): layouts, filter banks, the edge
    solvers' choice and the synthesis program. :meth:`run` computes it.

    ``details`` is a list (coarsest first) of dicts mapping every detail key to an array of
    the approximation's shape; level ``j`` of ``len(details)`` uses dilation ``2**(j-1)``.
    The inputs are read, never written; the result is a new array of ``dtype`` laid out
    like the approximation. At the non-periodic modes the edges are solved exactly
    (:mod:`atrous._edges`, in float64 whatever ``dtype``); ``exact_edges=False`` keeps the
    closed form alone there, which is the more robust choice for modified coefficients
    such as thresholded ones.
    """

    def __init__(self, approximation, details, wavelets, axes, modes, norm, dtype,
                 exact_edges=True):
        self.dtype = np.dtype(dtype)
        converted = approximation.astype(dtype, copy=False)
        self.transposed = not converted.flags.c_contiguous and converted.flags.f_contiguous
        c_shape = converted.shape[::-1] if self.transposed else converted.shape
        c_axes = ([converted.ndim - 1 - a for a in axes] if self.transposed else list(axes))
        self.trivial = not details or converted.size == 0
        if self.trivial:
            return
        self.solve_edges = exact_edges and not all(_edges.is_exact_by_synthesis(m)
                                                   for m in modes)
        self.work_dtype = (np.result_type(dtype, np.float64) if self.solve_edges
                           else self.dtype)
        banks = [synthesis_bank(w, norm) for w in wavelets]
        refuse_lossy_extrapolation(modes, [c_shape[a] for a in c_axes],
                                   _farthest(banks, 2 ** (len(details) - 1)), name="coeffs")
        keys = [list(level) for level in details]
        dilations = [2 ** (j - 1) for j in range(len(details), 0, -1)]
        self.c_shape, self.c_axes, self.keys = c_shape, c_axes, keys
        self.modes, self.dilations, self.banks = modes, dilations, banks
        self.by_level = False
        if self.solve_edges:
            self.analysis_banks = [analysis_bank(w, norm) for w in wavelets]
            # Every level well conditioned: solve the edges level by level (fast).
            self.by_level = max(_edges.level_condition(bank, mode, dilations)
                                for bank, mode in zip(self.analysis_banks, modes)
                                ) <= _edges.LEVEL_CONDITION_LIMIT
            if not self.by_level:
                return
        self.synthesis = _cascade.Synthesis(c_shape, self.work_dtype, keys, c_axes, banks,
                                            modes, dilations, stepwise=self.solve_edges)

    def _laid_out(self, array, dtype):
        """``array`` as the C-contiguous ``dtype`` array the engine reads (no copy when it
        already is one)."""
        if self.transposed:
            array = array.T
        if array.dtype == dtype and array.flags.c_contiguous:
            return array
        return np.ascontiguousarray(array, dtype=dtype)

    def run(self, approximation, details):
        """The inverse of these coefficients (arrays like those the plan was made for)."""
        if self.trivial:
            approximation = approximation.astype(self.dtype, copy=False)
            copy = np.array(approximation.T if self.transposed else approximation,
                            dtype=self.dtype)
            return copy.T if self.transposed else copy
        work_dtype = self.work_dtype
        c_approx = self._laid_out(approximation, work_dtype)
        details = [{key: self._laid_out(level[key], work_dtype) for key in keys}
                   for level, keys in zip(details, self.keys)]
        if not self.solve_edges:
            output = np.empty(self.c_shape, self.dtype)
            self.synthesis.run(c_approx, details, output)
            return output.T if self.transposed else output
        modes, c_axes, dilations = self.modes, self.c_axes, self.dilations
        if self.by_level:
            def correct(result, low, high, axis_index, level):
                if _edges.is_exact_by_synthesis(modes[axis_index]):
                    return True
                weights, offsets_at = self.analysis_banks[axis_index]
                return _edges.correct_level_edges(result, low, high,
                                                  (weights, offsets_at(dilations[level])),
                                                  modes[axis_index], c_axes[axis_index])

            output = np.empty(self.c_shape, work_dtype)
            if self.synthesis.run(c_approx, details, output, correct):
                output = output.astype(self.dtype, copy=False)
                return output.T if self.transposed else output
        result, condition = _edges.exact_inverse(c_approx, details[::-1], c_axes,
                                                 self.analysis_banks, self.banks, modes,
                                                 dilations[::-1])
        if condition is None:
            _edges.warn_inexact(max(self.c_shape[a] for a in c_axes))
        else:
            _edges.warn_if_ill_conditioned(condition, self.dtype)
        result = result.astype(self.dtype, copy=False)
        return result.T if self.transposed else result


def inverse(approximation, details, wavelets, axes, modes, norm, dtype, exact_edges=True):
    """Inverse SWT over ``axes`` from the coarsest approximation and per-level details:
    :class:`Inverse`, planned and run at once."""
    return Inverse(approximation, details, wavelets, axes, modes, norm, dtype,
                   exact_edges).run(approximation, details)
