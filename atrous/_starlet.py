"""The starlet (isotropic undecimated wavelet transform, Starck & Murtagh).

With ``h_j`` the scaling kernel (B3 spline ``[1, 4, 6, 4, 1] / 16`` by default) dilated by
``2**(j-1)`` and applied along every transformed axis in turn (a separable, isotropic
smoothing)::

    generation 1:  c_j = h_j * c_{j-1},  w_j = c_{j-1} - c_j           x = c_J + sum_j w_j
    generation 2:  c_j = h_j * c_{j-1},  w_j = c_{j-1} - h_j * c_j     c_{j-1} = h_j * c_j + w_j

from ``c_0 = data``. The boundary modes are PyWavelets' names, honoured by the engine.
"""

import numpy as np

from . import _validation as validate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import Program, call_key, plans
from ._kernels.boundary import WRAP
from ._stationary import refuse_lossy_extrapolation

__all__ = ["starlet", "istarlet", "starlet_noise_levels"]

B3_SPLINE = np.array([1.0, 4.0, 6.0, 4.0, 1.0]) / 16

# The most dimensions starlet_noise_levels takes: NumPy's.
_MOST_DIMENSIONS = 64


def _kernel(kernel):
    if kernel is None:
        return B3_SPLINE
    kernel = np.asarray(kernel)
    if (kernel.dtype.kind not in "biuf" or kernel.ndim != 1 or kernel.size < 1
            or not np.all(np.isfinite(kernel))):
        raise ValueError(f"`kernel` must be a non-empty 1-d sequence of finite real numbers, "
                         f"got shape {kernel.shape} and dtype {kernel.dtype}")
    return kernel.astype(np.float64)


def reach(kernel, level, generation, passes=1):
    """How far along each axis a coefficient of a ``level``-scale starlet depends on the
    data (with ``generation`` 2, or for ``passes`` > 1 of them in a row, farther);
    chunked execution gives every chunk this many samples of its neighbours."""
    kernel = _kernel(kernel)
    half = max(len(kernel) // 2, len(kernel) - 1 - len(kernel) // 2)
    return passes * (2 if generation == 2 else 1) * half * (2**level - 1)


def _generation(generation):
    generation = validate.integer(generation, "generation")
    if generation not in (1, 2):
        raise ValueError(f"`generation`={generation}: use 1 (w_j = c_{{j-1}} - c_j) or 2")
    return generation


# One step that writes ``first - second`` (or ``first + second``) into its output: two
# inputs, one tap each at offset 0, so no boundary is read.
_DIFFERENCE = np.array([[[1.0], [-1.0]]])
_SUM = np.array([[[1.0], [1.0]]])
# Samples from which the differences and sums of the scales run as NumPy operations
# between the smoothing programs: one pass over memory, where an engine step makes four
# over its tile (measured: 5.5 ms against 2.4 ms on a 2048 x 2048 float32 image). Below,
# they are steps of one program, so a small call is one compiled call.
_NUMPY_ARITHMETIC = 2**16


class _Steps:
    """The starlet's work on arrays of ``shape`` as a list of stages: programs of engine
    steps, and (for large data) NumPy differences and sums between them. Buffers are
    ``(slot, element offset)`` pairs; ``scratch`` one of ``shape`` for the smoothing along
    several axes."""

    def __init__(self, dtype, shape, kernel, axes, modes, scratch):
        self.dtype, self.shape, self.scratch = dtype, shape, scratch
        self.size = int(np.prod(shape, dtype=np.int64))
        self.weights = kernel[None, None, :]
        self.centre = len(kernel) // 2
        self.axes, self.modes = axes, modes
        self.numpy_arithmetic = self.size >= _NUMPY_ARITHMETIC
        self.stages = [Program(dtype)]

    def smooth(self, source, level, target):
        """``target = h_level * source`` along every transformed axis in turn."""
        program = self.stages[-1]
        if not self.axes:  # smoothing along no axis is the identity (as swtn's axes=())
            program.add([source], [target], np.ones((1, 1, 1)), [0], WRAP, 0, self.shape)
            return
        dilation = 2 ** (level - 1)
        offsets = [dilation * (k - self.centre) for k in range(self.weights.shape[-1])]
        current = source
        for step, (axis, mode) in enumerate(zip(self.axes, self.modes)):
            # Alternate so that the last pass lands in target and never reads what it writes.
            remaining = len(self.axes) - 1 - step
            out = target if remaining % 2 == 0 else self.scratch
            program.add([current], [out], self.weights, offsets, mode, axis, self.shape)
            current = out

    def combine(self, weights, first, second, target):
        """``target = first - second`` (``_DIFFERENCE``) or ``first + second`` (``_SUM``)."""
        if not self.numpy_arithmetic:
            self.stages[-1].add([first, second], [target], weights, [0], WRAP, 0, self.shape)
            return
        operation = np.subtract if weights is _DIFFERENCE else np.add
        self.stages += [(operation, first, second, target), Program(self.dtype)]

    def run(self, arrays):
        """Every stage on ``arrays``, one per slot."""
        for stage in self.stages:
            if isinstance(stage, Program):
                if stage.steps:
                    stage.run(arrays)
                continue
            operation, *buffers = stage
            first, second, target = (
                arrays[slot].reshape(-1)[start:start + self.size].reshape(self.shape)
                for slot, start in buffers)
            operation(first, second, out=target)


def _refuse_lossy(data, axes, modes, kernel, level, name):
    """Levels whose smoothing reaches too far into 'smooth' or 'antireflect' extrapolation."""
    centre = len(kernel) // 2
    farthest = 2 ** (level - 1) * max(centre, len(kernel) - 1 - centre)
    refuse_lossy_extrapolation(modes, [data.shape[a] for a in axes], [farthest] * len(axes),
                               name)


def _axes_and_modes(data, axes, mode, name="data"):
    """``(axes, modes)`` checked against ``data`` (an array of any kind)."""
    if data.ndim == 0:
        raise validate.AxisError(f"`{name}` is a scalar (0-d); pass an array")
    axes = validate.as_axes(axes, data.ndim)
    modes = validate.as_modes(mode, len(axes))
    for axis in axes:
        validate.nonempty_axis(data.shape[axis], axis, name)
    return axes, modes


@chunkable("starlet", "data")
def starlet(data, level, generation=1, axes=None, mode="symmetric", kernel=None):
    """Starlet transform: the isotropic undecimated wavelet transform of Starck & Murtagh.

    Parameters
    ----------
    data : array_like
        A signal, image or volume (float32 stays float32).
    level : int
        Number of scales ``J``.
    generation : {1, 2}, optional
        First generation (``w_j = c_{j-1} - c_j``, the scales sum to the data) or second
        (``w_j = c_{j-1} - h_j * c_j``, a better-localised band-pass). Default 1.
    axes : sequence of int, optional
        Axes to transform (default: all; ``()``: none, every scale is 0, as PyWavelets'
        ``swtn`` with no axes is the identity).
    mode : str or sequence of str, optional
        Boundary mode (PyWavelets' names), one or one per axis. Default ``'symmetric'``.
    kernel : array_like, optional
        The scaling kernel, centred on its middle tap. Default the B3 spline
        ``[1, 4, 6, 4, 1] / 16``.

    Returns
    -------
    coeffs : ndarray
        Shape ``(J + 1, *data.shape)``: the scales ``w_1 ... w_J`` (finest first) and the
        smooth ``c_J``, in one allocation.

    Raises
    ------
    ValueError
        ``level < 1``, an unknown generation or mode, a malformed kernel, repeated axes,
        no samples along an axis.
    numpy.exceptions.AxisError
        An axis out of range.

    See Also
    --------
    atrous.istarlet : The inverse.
    atrous.starlet_denoise : Significant coefficients kept by k-sigma.
    atrous.starlet_noise_levels : The noise in each scale.
    atrous.plot.plot_starlet : The scales of an image drawn in a grid.
    atrous.mra2 : An orthogonal-wavelet analysis into additive components.

    {references_starlet}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.random.default_rng(0).random((64, 64))
    >>> coeffs = atrous.starlet(image, level=4)
    >>> coeffs.shape, np.allclose(coeffs.sum(axis=0), image)   # generation 1 sums back
    ((5, 64, 64), True)
    """
    return _planned("starlet", starlet_plan, starlet_settings, validate.as_signal(data), level,
                    generation, axes, mode, kernel)


def starlet_settings(data, level, generation, axes, mode, kernel):
    """:func:`starlet`'s arguments checked against ``data`` (an array of any kind: only its
    shape is read) and resolved, as the keyword arguments of :func:`starlet_with`."""
    axes, modes = _axes_and_modes(data, axes, mode)
    level = validate.as_level(validate.integer(level, "level"), 1)
    generation = _generation(generation)
    kernel = _kernel(kernel)
    _refuse_lossy(data, axes, modes, kernel, level, "level")
    return {"level": level, "generation": generation, "axes": axes, "modes": modes,
            "kernel": kernel}


def starlet_plan(data, level, generation, axes, modes, kernel):
    """:func:`starlet` planned for NumPy arrays like ``data``, with settings from
    :func:`starlet_settings`: a function of the data.

    Slots: the data (C-contiguous; an F-ordered array through its transpose), the output
    ``(J + 1, *shape)``, and a scratch of 1 or 2 rows (the smoothing along several axes,
    and generation 2's re-smoothed ``h_j * c_j``). Each ``c_j`` (``j < J``) is parked in row
    ``j``, read by the next level, then overwritten by ``w_{j+1}``; ``c_J`` lands in the
    last row.
    """
    transposed = not data.flags.c_contiguous and data.flags.f_contiguous
    shape = data.shape[::-1] if transposed else data.shape
    if transposed:
        axes = [data.ndim - 1 - axis for axis in axes]
    size = int(np.prod(shape, dtype=np.int64))
    steps = _Steps(data.dtype, shape, kernel, axes, modes, (2, 0))
    resmoothed = (2, size)
    previous = (0, 0)
    for j in range(1, level + 1):
        current = (1, (level if j == level else j) * size)
        steps.smooth(previous, j, current)
        if generation == 1:
            steps.combine(_DIFFERENCE, previous, current, (1, (j - 1) * size))
        else:
            steps.smooth(current, j, resmoothed)
            steps.combine(_DIFFERENCE, previous, resmoothed, (1, (j - 1) * size))
        previous = current
    scratch_shape = (2,) + shape
    dtype = data.dtype

    def run(data, out=None, scratch=None):
        # ``out`` and ``scratch`` (C-contiguous, of the shapes above; C-ordered data only)
        # let a caller that transforms again and again reuse its memory.
        source = data.T if transposed else np.ascontiguousarray(data)
        if out is None:
            out = np.empty((level + 1,) + shape, dtype)
        steps.run((source, out, np.empty(scratch_shape, dtype) if scratch is None else scratch))
        if transposed:
            return np.stack([row.T for row in out])
        return out

    return run


def starlet_with(data, **settings):
    """:func:`starlet` of the NumPy ``data`` with settings from :func:`starlet_settings`."""
    return starlet_plan(data, **settings)(data)


def _planned(name, plan, settings, data, *arguments):
    """``plan(data, **settings(data, *arguments))(data)``, the plan remembered for calls
    like this one."""
    key = call_key(name, data, *(validate.frozen(a) for a in arguments))
    return plans.get(key, lambda: plan(data, **settings(data, *arguments)))(data)


@chunkable("istarlet", "coeffs")
def istarlet(coeffs, generation=1, axes=None, mode="symmetric", kernel=None):
    """Inverse starlet transform, exact for both generations.

    Parameters
    ----------
    coeffs : array_like
        What :func:`starlet` returns: ``w_1 ... w_J, c_J`` along the first axis.
    generation : {1, 2}, optional
        The generation used. Generation 1 is the plain sum; generation 2 the recursion
        ``c_{j-1} = h_j * c_j + w_j``.
    axes : sequence of int, optional
        The axes that were transformed (of the data, not of ``coeffs``).
    mode : str or sequence of str, optional
        The boundary mode used.
    kernel : array_like, optional
        The scaling kernel used.

    Returns
    -------
    data : ndarray
        The reconstruction.

    Raises
    ------
    ValueError
        Malformed ``coeffs``, an unknown generation or mode, a malformed kernel, repeated
        axes (all checked for generation 1 too, which does not use them).
    numpy.exceptions.AxisError
        An axis out of range.

    See Also
    --------
    atrous.starlet : The forward transform, of either generation.
    atrous.starlet_denoise : Which inverts thresholded coefficients with this.

    {references_starlet}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.random.default_rng(1).standard_normal(200)
    >>> coeffs = atrous.starlet(x, level=5, generation=2)
    >>> np.allclose(atrous.istarlet(coeffs, generation=2), x)
    True
    """
    coeffs = validate.as_signal(coeffs, "coeffs")
    return _planned("istarlet", istarlet_plan, istarlet_settings, coeffs, generation, axes, mode,
                    kernel)


def istarlet_settings(coeffs, generation, axes, mode, kernel):
    """:func:`istarlet`'s arguments checked against ``coeffs`` (an array of any kind: only
    its shape is read) and resolved, as the keyword arguments of :func:`istarlet_with`."""
    if coeffs.ndim < 2 or coeffs.shape[0] < 2:
        raise ValueError(f"`coeffs` must be what starlet returns, shape (level + 1, "
                         f"*data.shape) with level >= 1; got shape {coeffs.shape}")
    generation = _generation(generation)
    level = coeffs.shape[0] - 1
    # Every argument is checked, also those the plain sum of generation 1 does not use.
    axes, modes = _axes_and_modes(coeffs[level], axes, mode, "coeffs")
    kernel = _kernel(kernel)
    if generation == 2:
        _refuse_lossy(coeffs[level], axes, modes, kernel, level, "coeffs")
    return {"generation": generation, "axes": axes, "modes": modes, "kernel": kernel}


def istarlet_plan(coeffs, generation, axes, modes, kernel):
    """:func:`istarlet` planned for NumPy arrays like ``coeffs``, with settings from
    :func:`istarlet_settings`: a function of the coefficients. Generation 1 is their sum;
    generation 2 the recursion ``c_{j-1} = h_j * c_j + w_j``, ping-ponging between the output
    and a scratch row."""
    if generation == 1:
        return lambda coeffs: coeffs.sum(axis=0)
    level = coeffs.shape[0] - 1
    shape = coeffs.shape[1:]
    size = int(np.prod(shape, dtype=np.int64))
    # Slots: the coefficients (C-contiguous), the output, and 4 scratch rows: the smoothing
    # along several axes, h_j * c_j, and two that the running c_j alternates between.
    steps = _Steps(coeffs.dtype, shape, kernel, axes, modes, (2, 0))
    smoothed = (2, size)
    current = (0, level * size)
    for j in range(level, 0, -1):
        steps.smooth(current, j, smoothed)
        target = (1, 0) if j == 1 else (2, (2 + j % 2) * size)
        steps.combine(_SUM, smoothed, (0, (j - 1) * size), target)
        current = target
    dtype = coeffs.dtype

    def run(coeffs):
        out = np.empty(shape, dtype)
        steps.run((np.ascontiguousarray(coeffs), out, np.empty((4,) + shape, dtype)))
        return out

    return run


def istarlet_with(coeffs, **settings):
    """:func:`istarlet` of the NumPy ``coeffs`` with settings from
    :func:`istarlet_settings`."""
    return istarlet_plan(coeffs, **settings)(coeffs)


def starlet_noise_levels(level, ndim=1, generation=1, kernel=None):
    """Standard deviation of each starlet scale for unit white noise, computed exactly.

    The transform is linear, so scale ``j`` of unit white noise has the standard deviation
    ``sqrt(sum of the squared taps)`` of its equivalent filter. That filter is a difference
    of two separable ones, so its squared norm follows from 1-d inner products, which a
    recursion on the kernel's autocorrelation gives in ``O(level * len(kernel)**2)``
    operations, whatever ``ndim`` and however deep (no filter is built). Published tables
    are simulation estimates; this is the value they estimate.

    Parameters
    ----------
    level : int
        Number of scales.
    ndim : int, optional
        Dimensions transformed (1 for signals, 2 for images...). Default 1.
    generation : {1, 2}, optional
        The generation. Default 1.
    kernel : array_like, optional
        The scaling kernel. Default the B3 spline.

    Returns
    -------
    sigmas : ndarray
        ``level`` values, finest scale first.

    Raises
    ------
    ValueError
        ``level`` below 1 or above 64, ``ndim < 1`` or above NumPy's 64 dimensions, an unknown
        generation or a malformed kernel.
    TypeError
        A ``level``, ``ndim`` or ``generation`` that is not an integer.

    See Also
    --------
    atrous.starlet_denoise : Which multiplies these by the noise to threshold.
    atrous.estimate_noise : The noise of the data, in its units.

    {references_starlet}

    Examples
    --------
    >>> import atrous
    >>> atrous.starlet_noise_levels(3).round(6)
    array([0.72349 , 0.28545 , 0.177948])
    >>> atrous.starlet_noise_levels(2, ndim=2, generation=2).round(6)
    array([0.942883, 0.229989])
    """
    level = validate.as_level(validate.integer(level, "level"), 1)  # at most MAX_LEVEL
    ndim = validate.integer(ndim, "ndim")
    if not 1 <= ndim <= _MOST_DIMENSIONS:
        raise ValueError(f"`ndim`={ndim} must be at least 1 and at most {_MOST_DIMENSIONS} "
                         "(NumPy's most dimensions)")
    generation = _generation(generation)
    return _noise_levels(level, ndim, generation, _kernel(kernel))


def _noise_levels(level, ndim, generation, kernel):
    """The norms of the scales' equivalent filters, from 1-d inner products.

    With ``g_j = h_1 * ... * h_j`` the 1-d equivalent smoothing filter (``h_j`` the kernel
    at dilation ``2**(j-1)``), scale ``j`` is ``G_{j-1} - F_j`` applied to the data, where
    ``G = g^{(x)d}`` is separable and ``F_j = G_j`` (generation 1) or
    ``(g_j * h_j)^{(x)d}`` (generation 2). Hence
    ``||G_{j-1} - F_j||**2 = ||g_{j-1}||**(2d) - 2 <g_{j-1}, f_j>**d + ||f_j||**(2d)``,
    and every 1-d term is ``sum_s q(s) R_{j-1}(2**(j-1) s)`` for a short sequence ``q``
    (``[1]``, ``h``, ``h * h``, or the autocorrelation ``a`` of ``h`` and ``a * a``), with
    ``R_i`` the autocorrelation of ``g_i``. ``R_i`` is ``R_{i-1}`` convolved with ``a`` at
    dilation ``2**(i-1)``, so ``v_i(t) = R_i(2**i t) = sum_s a(s) v_{i-1}(2t - s)``, that is
    ``v_i = (a * v_{i-1})[::2]``; ``v_0`` is the unit impulse, and ``v_i(t) = 0`` for
    ``|t| >= len(h) - 1`` (``R_i`` vanishes beyond ``(len(h) - 1)(2**i - 1)``).
    ``v`` is kept scaled by a power of two (exactly) so that deep levels neither
    underflow nor overflow before the end.
    """
    taps = len(kernel)
    half = taps - 1  # v holds the lags -half ... half
    centre = taps // 2
    autocorrelation = np.correlate(kernel, kernel, mode="full")  # lags -half ... half
    if generation == 1:
        cross, far = kernel, autocorrelation  # <g_{j-1}, g_j>, ||g_j||**2
        cross_first, far_first = -centre, -half
    else:
        cross = np.convolve(kernel, kernel)  # <g_{j-1}, g_{j-1} * h_j * h_j>
        far = np.convolve(autocorrelation, autocorrelation)  # ||g_{j-1} * h_j * h_j||**2
        cross_first, far_first = -2 * centre, -2 * half
    probes = np.zeros((2, 2 * half + 1))
    for row, (q, first) in enumerate([(cross, cross_first), (far, far_first)]):
        lags = np.arange(first, first + len(q))
        inside = np.abs(lags) <= half  # R_{j-1}(2**(j-1) s) = 0 for |s| > half
        probes[row, lags[inside] + half] = q[inside]
    v = np.zeros(2 * half + 1)
    v[half] = 1.0
    exponent = 0  # R_{j-1}(2**(j-1) t) = v[half + t] * 2**exponent
    sigmas = np.empty(level)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for j in range(level):
            inner, outer = probes @ v
            # ||g_{j-1}||**2 = v[half] >= |v| elsewhere; every term carries 2**(exponent d).
            variance = max(v[half] ** ndim - 2 * inner**ndim + outer**ndim, 0.0)
            scale = exponent * ndim
            # (An exponent beyond +-10**4 gives inf or 0 all the same, and fits a C int.)
            sigmas[j] = np.ldexp(np.sqrt(variance) * (np.sqrt(2) if scale % 2 else 1.0),
                                 max(min(scale // 2, 10**4), -10**4))
            v = np.convolve(v, autocorrelation)[::2]
            shift = np.frexp(v[half])[1]
            v = np.ldexp(v, -shift)
            exponent += int(shift)
    return sigmas


fill_docstrings(REFERENCES, starlet, istarlet, starlet_noise_levels)
