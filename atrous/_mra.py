"""Multiresolution analysis: drop-ins for PyWavelets' ``mra``, ``mra2``, ``mran`` and inverses.

PyWavelets computes each component by running the whole inverse SWT on a coefficient list
that is zero except for one entry (PyWavelets #527). atrous computes the components
directly. Writing ``H_j, G_j`` for level ``j``'s analysis low/high-pass filters and
``R_j, K_j`` for its synthesis ones (all circular convolutions, which commute), the
smooth ``S_j = R_1 ... R_j H_j ... H_1 x`` obeys ``S_j = (R_j H_j) S_{j-1}`` and the
detail is ``D_j = (K_j G_j) S_{j-1}``. So each level is one engine pass of a two-filter
bank with the *composite* filters ``Q_j = R_j H_j`` and ``P_j = K_j G_j`` (``2L - 1`` taps
at the level's dilation, zero phase) over the previous smooth: the cost of a forward
transform, and the ``Q_j + P_j = identity`` of perfect reconstruction makes the components
sum to the signal at every boundary mode. In n-d the split runs along each axis in turn.
"""

import textwrap

import numpy as np
import pywt

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import Program, call_key, cascade_halo, plans, tap_offsets
from ._kernels.boundary import WRAP
from ._stationary import Forward
from ._swtn import DETAILS_2D, two_axes_of_2d_data

__all__ = ["mra", "imra", "mra2", "imra2", "mran", "imran"]

# PyWavelets' own decimated analyses, bound at import: a caller may replace pywt.mra and
# its kin by these drop-ins (pywt.mra = atrous.mra), and looking them up at call time
# would then call ourselves for ever.
_PYWT_MRA, _PYWT_MRA2, _PYWT_MRAN = pywt.mra, pywt.mra2, pywt.mran


def composite_bank(wavelet):
    """Weights ``(2, 1, 2L - 1)`` of ``Q = R H`` (smooth) and ``P = K G`` (detail), and offsets.

    The synthesis weights (``rec[::-1] / 2`` at offsets ``s (m - L/2)``) convolved with the
    analysis ones (``dec[::-1]`` at ``s (1 - L/2 + k)``) give taps at ``s (1 - L + t)``.
    """
    dec_lo, dec_hi = np.asarray(wavelet.dec_lo)[::-1], np.asarray(wavelet.dec_hi)[::-1]
    rec_lo, rec_hi = np.asarray(wavelet.rec_lo)[::-1], np.asarray(wavelet.rec_hi)[::-1]
    smooth = 0.5 * np.convolve(rec_lo, dec_lo)
    detail = 0.5 * np.convolve(rec_hi, dec_hi)
    weights = np.stack([smooth, detail])[:, None, :]
    taps = weights.shape[-1]
    half = len(dec_lo) - 1
    return weights, lambda dilation: tap_offsets(taps, dilation, -dilation * half)


def reach(wavelet, level):
    """How far along an axis a component of a ``level``-level MRA depends on the data (the
    composite filters of levels 1 to ``level``); chunked execution gives every chunk this
    many samples of its neighbours."""
    _, offsets_at = composite_bank(wavelet)
    return max(cascade_halo(offsets_at, range(1, level + 1)))


def mran_plan(data, wavelets, axes, level, modes):
    """:func:`mran` planned for NumPy arrays like ``data``, with settings from
    :func:`mra_settings` or :func:`mran_settings`: a function of the data giving
    ``[smooth, {details of level n}, ..., {details of level 1}]``."""
    banks = [composite_bank(w) for w in wavelets]
    forward = Forward(data, wavelets, axes, range(1, level + 1), modes, trim_approx=True,
                      norm=False, banks=banks)

    def run(data):
        details, smooth = forward.run(data)
        return [smooth] + details[::-1]

    return run


def mra_plan(data, **settings):
    """:func:`mra` planned (settings from :func:`mra_settings`)."""
    mran = mran_plan(data, **settings)

    def run(data):
        smooth, *details = mran(data)
        return [smooth] + [level["d"] for level in details]

    return run


def mra2_plan(data, **settings):
    """:func:`mra2` planned (settings from :func:`mran_settings`)."""
    mran = mran_plan(data, **settings)

    def run(data):
        smooth, *details = mran(data)
        return [smooth] + [tuple(level[k] for k in DETAILS_2D) for level in details]

    return run


def mran_with(data, **settings):
    """:func:`mran` of the NumPy ``data`` (settings from :func:`mran_settings`)."""
    return mran_plan(data, **settings)(data)


def mra_with(data, **settings):
    """:func:`mra` of the NumPy ``data`` (settings from :func:`mra_settings`)."""
    return mra_plan(data, **settings)(data)


def mra2_with(data, **settings):
    """:func:`mra2` of the NumPy ``data`` (settings from :func:`mran_settings`)."""
    return mra2_plan(data, **settings)(data)


def _planned(name, plan, settings, data, wavelet, level, axes, mode):
    """``plan(data, **settings(data, wavelet, level, axes, mode))(data)``, the plan
    remembered for calls like this one."""
    wavelet_key = validate.wavelets_key(wavelet)
    key = None if wavelet_key is None else call_key(
        name, data, wavelet_key, level, validate.frozen(axes), validate.frozen(mode))
    return plans.get(key, lambda: plan(data, **settings(data, wavelet, level, axes, mode)))(
        data)


def sum_components(*components):
    """A new array holding the sum of ``components`` (never one of them, modified): the
    inverse of every MRA, once its structure is checked.

    Components of one shape and dtype, as the analyses return them, are added in the order
    given (PyWavelets' ``reduce(add)``): by NumPy into one new array where they are small,
    by one engine step with an input per component where they are large (one pass over
    memory instead of one per component). Others by NumPy's promotion and broadcasting.
    """
    first = components[0] if components else None
    if type(first) is np.ndarray and len(components) > 1:
        shape, dtype = first.shape, first.dtype
        for component in components:
            if (type(component) is not np.ndarray or component.dtype is not dtype
                    or component.shape != shape):
                break
        else:
            if first.size < _ENGINE_SUM:
                total = first + components[1]
                for component in components[2:]:
                    np.add(total, component, out=total)
                return total
            strides = first.strides
            if all(component.strides == strides for component in components):
                plan = plans.get(("sum", len(components), shape, strides, dtype),
                                 lambda: _sum_plan(first, len(components)))
                if plan is not None:
                    return plan(components)
    arrays = [np.asarray(c) for c in components]
    if not arrays:
        raise ValueError("`mra_coeffs` is empty; pass what the mra function returned")
    total = np.array(arrays[0], dtype=np.result_type(*arrays), copy=True)
    for array in arrays[1:]:
        total += array
    return total


# Samples from which the components are summed by one engine step rather than by NumPy.
_ENGINE_SUM = 2**14


# One tap of weight 1 at offset 0 per input: no boundary is read.
def _sum_plan(like, count):
    """The sum of ``count`` arrays like ``like``, in order, as one engine step (None where
    the engine does not take the dtype, or the arrays are not contiguous)."""
    if like.dtype not in _SUMMED or not (like.flags.c_contiguous or like.flags.f_contiguous):
        return None
    transposed = not like.flags.c_contiguous
    shape = like.shape[::-1] if transposed else like.shape
    program = Program(like.dtype)
    program.add([(slot, 0) for slot in range(count)], [(count, 0)],
                np.ones((1, count, 1)), [0], WRAP, 0, shape)
    dtype = like.dtype

    def run(components):
        total = np.empty(shape, dtype)
        program.run([c.T for c in components] + [total] if transposed
                    else [*components, total])
        return total.T if transposed else total

    return run


_SUMMED = {np.dtype(t) for t in (np.float32, np.float64, np.complex64, np.complex128)}


def decimated(transform, stationary):
    """Whether ``transform`` asks for PyWavelets' decimated analysis (``'dwt'`` for the
    ``stationary`` ``'swt'``, and so on) rather than atrous' stationary one; raises if it is
    neither."""
    decimated = "d" + stationary[1:]
    if transform == decimated:
        return True
    if transform != stationary:
        raise ValueError(f"`transform`={transform!r} is not {stationary!r} or {decimated!r}")
    return False


def _levels(mra_coeffs, is_level, level_kind, forward, layout):
    """``mra_coeffs[1:]``, after checking that ``mra_coeffs`` is what ``forward`` returns, a
    ``layout`` whose items after the first pass ``is_level`` (are ``level_kind``)."""
    usage = f"`mra_coeffs` must be what {forward} returns: {layout}"
    if not isinstance(mra_coeffs, (list, tuple)) or not mra_coeffs:
        raise ValueError(usage)
    for number, level in enumerate(mra_coeffs[1:], start=1):
        if not is_level(level):
            raise ValueError(f"{usage}; item {number} is {_described(level)}, not {level_kind}")
    return mra_coeffs[1:]


def _described(value):
    """``value``'s kind for a message: "an ndarray of shape (4,)", "a list"."""
    if isinstance(value, np.ndarray):
        return f"an ndarray of shape {value.shape}"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


# What the docstrings share: a line that is only ``{name}`` stands for _MRA_DOCS[name]
# (see fill_docstrings, called below the functions).
_MODE_DOC = """
    The components at the default ``mode='periodization'`` are PyWavelets'. At another
    mode, level ``j`` filters that extension of the previous smooth; the components still
    sum to ``data`` and equal the periodization ones farther than the halo from the edges.
    For orthogonal wavelets ``mode='symmetric'`` is the "reflection" boundary of
    Percival & Walden (R's waveslim): the analysis of the signal followed by its mirror
    image, cut to the signal's length.
"""
_MRA_DOCS = {
    "mode_doc": _MODE_DOC,
    "mode_notes": "Notes\n-----\n" + textwrap.dedent(_MODE_DOC).strip("\n"),
    "nd_level": """
        level : int, optional
            Number of levels, at most 64 (see :func:`swt`). Default: the smallest
            ``swt_max_level`` over the data's shape.
    """,
    "axes_error": """
        numpy.exceptions.AxisError
            An axis out of range.
    """,
    "sum_returns": """
        Returns
        -------
        data : ndarray
            Their sum, a new array (the components are not modified).
    """,
}


@chunkable("mra", "data")
def mra(data, wavelet, level=None, axis=-1, transform="swt", mode="periodization"):
    """Forward 1-d multiresolution analysis: additive components, one per scale.

    A drop-in for :func:`pywt.mra`. With ``transform='swt'`` the components
    ``[A_n, D_n, ..., D_1]`` are the projections of ``data`` on the stationary wavelet
    subspaces: each has the shape of ``data`` and they sum to it. Computed directly, one
    engine pass per level (see the notes), for any length and any ``mode``.

    Parameters
    ----------
    data : array_like
        Input signal; n-d arrays are analysed along ``axis``.
    wavelet : str, pywt.Wavelet or filter bank
        The wavelet.
    level : int, optional
        Number of levels, at most 64 (see :func:`swt`). Default
        ``swt_max_level(data.shape[axis])``.
    axis : int, optional
        Axis to analyse. Default -1.
    transform : {'swt', 'dwt'}, optional
        ``'swt'`` (default) for the stationary (shift-invariant) analysis; ``'dwt'`` hands
        over to PyWavelets' decimated one.
    mode : str, optional
        Signal extension mode (see :func:`swt`). Default ``'periodization'``.

    Returns
    -------
    components : list of ndarray
        ``[A_n, D_n, ..., D_1]``, coarsest first, each the shape of ``data``.

    Raises
    ------
    ValueError
        An unknown ``transform``, wavelet or mode, ``level`` below 1 or above 64, no
        samples, or ``level=None`` for an odd length.
    numpy.exceptions.AxisError
        If ``axis`` is out of range.

    See Also
    --------
    atrous.imra : The sum of the components, the data again.
    atrous.swt : The coefficients these components are synthesized from.
    atrous.modwtmra : The MODWT's multiresolution analysis (Percival & Walden).
    atrous.level_bands : The frequency band of each component.
    atrous.plot.plot_mra : The components drawn in stacked panels.
    pywt.mra : The PyWavelets peer.

    Notes
    -----
    With ``Q_j`` the level's low-pass analysis followed by its low-pass synthesis and
    ``P_j`` the same with the high-pass filters, ``A_0 = data``, ``A_j = Q_j A_{j-1}``
    and ``D_j = P_j A_{j-1}``: the ``2L - 1``-tap composite filters act at dilation
    ``2**(j-1)``, and ``Q_j + P_j`` is the identity (perfect reconstruction), so the
    components sum to ``data`` exactly, to rounding.

    {mode_doc}

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> t = np.arange(256)
    >>> x = 0.02 * t + np.sin(2 * np.pi * t / 16)
    >>> components = atrous.mra(x, 'db4', level=3, mode='symmetric')
    >>> len(components), np.allclose(atrous.imra(components), x)
    (4, True)
    """
    if decimated(transform, "swt"):
        return _PYWT_MRA(data, wavelet, level=level, axis=axis, transform="dwt", mode=mode)
    return _planned("mra", mra_plan, mra_settings, validate.as_signal(data), wavelet, level,
                    axis, mode)


def mra_settings(data, wavelet, level, axis, mode):
    """:func:`mra`'s arguments checked against ``data`` (an array of any kind: only its
    shape is read) and resolved, as the keyword arguments of :func:`mra_with`."""
    level, axis = validate.pywt_integer(level), validate.pywt_integer(axis)
    axis = validate.as_axis(axis, data.ndim)
    wavelet = validate.as_wavelet(wavelet)
    level = validate.as_level(level, data.shape[axis])
    validate.nonempty_axis(data.shape[axis], axis)
    modes = validate.as_modes(mode, 1)
    return {"wavelets": [wavelet], "axes": [axis], "level": level, "modes": modes}


@chunkable("imra", "mra_coeffs")
def imra(mra_coeffs):
    """Inverse 1-d multiresolution analysis: the sum of the components.

    A drop-in for :func:`pywt.imra`.

    Parameters
    ----------
    mra_coeffs : list of ndarray
        The components :func:`mra` returned.

    {sum_returns}

    Raises
    ------
    ValueError
        An empty list, or components whose shapes do not broadcast.

    See Also
    --------
    atrous.mra : The components this adds up.
    atrous.imra2, atrous.imran : The same sum for 2-d and n-d components.

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(1).standard_normal(100)
    >>> np.allclose(atrous.imra(atrous.mra(x, 'sym4', level=3)), x)
    True
    """
    return sum_components(*imra_parts(mra_coeffs))


def imra_parts(mra_coeffs):
    """The components of mra's output, to sum: the list as it is."""
    return list(mra_coeffs)


def check_mra2(data, axes):
    """``tuple(axes)``, after checking that mra2 has two axes of at least 2-d data."""
    return two_axes_of_2d_data(data, axes, "mra2", "mran")


def default_level(level, data):
    """PyWavelets' n-d default: the smallest swt_max_level over all of the data's axes."""
    if level is not None:
        return validate.as_level(level, 1)
    return min(validate.as_level(None, n) for n in data.shape)


def mran_settings(data, wavelet, level, axes, mode):
    """:func:`mran`'s (and :func:`mra2`'s) arguments checked against ``data`` (an array of
    any kind: only its shape is read) and resolved, as the keyword arguments of
    :func:`mran_with`."""
    level, axes = validate.pywt_integer(level), validate.pywt_integer(axes)
    axes, wavelets, modes = validate.nd_settings(data, wavelet, axes, mode)
    level = default_level(level, data)
    return {"wavelets": wavelets, "axes": axes, "level": level, "modes": modes}


@chunkable("mra2", "data")
def mra2(data, wavelet, level=None, axes=(-2, -1), transform="swt2", mode="periodization"):
    """Forward 2-d multiresolution analysis.

    A drop-in for :func:`pywt.mra2`: with ``transform='swt2'``, components
    ``[A_n, (H_n, V_n, D_n), ..., (H_1, V_1, D_1)]`` each the shape of ``data``, summing
    to it, computed directly (one pass per axis and level).

    Parameters
    ----------
    data : array_like
        Input data, at least 2-d.
    wavelet : str, pywt.Wavelet, filter bank, or a pair of them
        The wavelet, or one per axis.
    {nd_level}
    axes : pair of int, optional
        Axes to analyse. Default ``(-2, -1)``.
    transform : {'swt2', 'dwt2'}, optional
        ``'dwt2'`` hands over to PyWavelets.
    mode : str or pair of str, optional
        Signal extension mode (see :func:`swt`). Default ``'periodization'``.

    Returns
    -------
    components : list
        ``[A_n, (H_n, V_n, D_n), ..., (H_1, V_1, D_1)]``: ``H`` is the detail along the
        first axis, ``V`` along the second, ``D`` along both.

    Raises
    ------
    ValueError
        ``axes`` not two distinct axes, or as :func:`mran`.
    {axes_error}

    {mode_notes}

    See Also
    --------
    atrous.imra2 : The sum of the components.
    atrous.mra : The 1-d analysis; ``atrous.mran`` for any number of axes.
    atrous.swt2 : The 2-d coefficients.
    atrous.starlet : One isotropic detail per scale instead of three oriented ones.

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.random.default_rng(2).standard_normal((32, 48))
    >>> components = atrous.mra2(image, 'db2', level=2)
    >>> len(components), len(components[1])
    (3, 3)
    >>> np.allclose(atrous.imra2(components), image)
    True
    """
    if decimated(transform, "swt2"):
        return _PYWT_MRA2(data, wavelet, level=level, axes=axes, transform="dwt2", mode=mode)
    axes = check_mra2(data, axes)
    return _planned("mra2", mra2_plan, mran_settings, validate.as_signal(data), wavelet, level,
                    axes, mode)


@chunkable("imra2", "mra_coeffs")
def imra2(mra_coeffs):
    """Inverse 2-d multiresolution analysis: the sum of the components.

    A drop-in for :func:`pywt.imra2`, except that the first component is not modified
    (PyWavelets adds the others into it).

    Parameters
    ----------
    mra_coeffs : list
        The components :func:`mra2` returned.

    Returns
    -------
    data : ndarray
        Their sum, a new array.

    Raises
    ------
    ValueError
        An empty list, a level that is not an ``(H, V, D)`` triple, or components whose
        shapes do not broadcast.

    See Also
    --------
    atrous.mra2 : The 2-d analysis whose components this sums.

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(64.0).reshape(8, 8)
    >>> np.allclose(atrous.imra2(atrous.mra2(image, 'haar', level=2)), image)
    True
    """
    return sum_components(*imra2_parts(mra_coeffs))


def imra2_parts(mra_coeffs):
    """The components of mra2's output, to sum, its structure checked."""
    levels = _levels(mra_coeffs, lambda level: isinstance(level, (list, tuple)) and len(level) == 3,
                     "a (H, V, D) triple", "mra2", "[A_n, (H_n, V_n, D_n), ...]")
    return [mra_coeffs[0]] + [c for level in levels for c in level]


@chunkable("mran", "data")
def mran(data, wavelet, level=None, axes=None, transform="swtn", mode="periodization"):
    """Forward n-d multiresolution analysis.

    A drop-in for :func:`pywt.mran`: with ``transform='swtn'``, components
    ``[A_n, {details_n}, ..., {details_1}]`` keyed as :func:`swtn`'s details, each the
    shape of ``data``, summing to it, computed directly.

    Parameters
    ----------
    data : array_like
        Input data, at least 1-d.
    wavelet : str, pywt.Wavelet, filter bank, or a sequence of them
        The wavelet, or one per axis in ``axes``.
    {nd_level}
    axes : sequence of int, optional
        Axes to analyse (default: all).
    transform : {'swtn', 'dwtn'}, optional
        ``'dwtn'`` hands over to PyWavelets.
    mode : str or sequence of str, optional
        Signal extension mode, one or one per axis (see :func:`swt`).

    Returns
    -------
    components : list
        ``[A_n, {'ad': ..., 'da': ..., 'dd': ...}, ...]`` for two axes, coarsest first.

    Raises
    ------
    ValueError
        Repeated axes, an unknown ``transform``, wavelet or mode, ``level`` below 1 or above
        64, no samples along an axis, or ``level=None`` when an axis has odd length.
    {axes_error}

    {mode_notes}

    See Also
    --------
    atrous.imran : The inverse, a sum.
    atrous.mra, atrous.mra2 : The analyses along one and two axes.
    atrous.swtn : The n-d coefficients the components come from.

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> volume = np.random.default_rng(3).standard_normal((8, 8, 8))
    >>> components = atrous.mran(volume, 'haar', level=2)
    >>> sorted(components[1])
    ['aad', 'ada', 'add', 'daa', 'dad', 'dda', 'ddd']
    >>> np.allclose(atrous.imran(components), volume)
    True
    """
    if decimated(transform, "swtn"):
        return _PYWT_MRAN(data, wavelet, level=level, axes=axes, transform="dwtn", mode=mode)
    return _planned("mran", mran_plan, mran_settings, validate.as_signal(data), wavelet, level,
                    axes, mode)


@chunkable("imran", "mra_coeffs")
def imran(mra_coeffs):
    """Inverse n-d multiresolution analysis: the sum of the components.

    A drop-in for :func:`pywt.imran`.

    Parameters
    ----------
    mra_coeffs : list
        The components :func:`mran` returned.

    {sum_returns}

    Raises
    ------
    ValueError
        An empty list, a level that is not a dict of details, or components whose shapes
        do not broadcast.

    See Also
    --------
    atrous.mran : The analysis whose output this sums.
    atrous.imra : The 1-d sum, of a list of components.

    {references_mra}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> volume = np.arange(64.0).reshape(4, 4, 4)
    >>> components = atrous.mran(volume, 'db1', level=1)
    >>> np.allclose(atrous.imran(components), volume)
    True
    """
    return sum_components(*imran_parts(mra_coeffs))


def imran_parts(mra_coeffs):
    """The components of mran's output, to sum, its structure checked."""
    levels = _levels(mra_coeffs, lambda level: isinstance(level, dict), "a dict of details",
                     "mran", "[A_n, {details_n}, ...]")
    return [mra_coeffs[0]] + [c for level in levels for c in level.values()]


fill_docstrings({**_MRA_DOCS, **REFERENCES}, mra, imra, mra2, imra2, mran, imran)
