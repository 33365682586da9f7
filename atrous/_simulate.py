"""Exact Gaussian simulation of long-memory processes by circulant embedding.

``simulate_fgn`` (fractional Gaussian noise) and ``simulate_arfima`` (ARFIMA(0, d, 0), the
fractionally differenced process) draw series whose covariance is exactly the Toeplitz
matrix of the process's autocovariance: the Davies & Harte (1987) method, in the form of
Percival & Walden (2000, section 7.8). ``fgn_autocovariance`` and ``arfima_autocovariance``
are the theoretical autocovariances, computed to full precision at every lag (the
long-memory estimators use them too).

The embedding: the autocovariances ``s_0 ... s_n`` are wrapped into the first row
``s_0, s_1, ..., s_n, s_{n-1}, ..., s_1`` of a symmetric circulant matrix of order
``M = 2n``, whose eigenvalues ``S_k`` (``k = 0 ... n``) are one real FFT of that row. If
they are all nonnegative, the first ``n`` values of a real inverse FFT of
``sqrt(S_k / M)`` times Hermitian complex Gaussian noise have covariance ``s_{|t-u|}``
exactly. This order ``2n`` (rather than Wood & Chan's minimal ``2(n - 1)``) needs no
special case for ``n = 1`` and keeps the FFT a power of two whenever ``n`` is one.
"""

import math
import operator

import numpy as np

from . import _memory
from . import _validation as validate
from ._docstrings import _references, fill_docstrings

__all__ = ["simulate_fgn", "simulate_arfima", "fgn_autocovariance", "arfima_autocovariance"]

# Scratch (complex spectra and the inverse FFT's output) per batch of series: the series are
# drawn a batch at a time into the one output array.
_SCRATCH_BYTES = 256 * 2**20

# The autocovariances switch, at this lag, from their closed forms to series in 1/k that
# do not lose digits to cancellation (see the functions).
_FGN_SERIES_LAG = 8
_FGN_SERIES_TERMS = 12
_ARFIMA_SERIES_LAG = 64


# -- arguments ---------------------------------------------------------------------------------

def _hurst(H):
    return validate.open_interval(H, "H", 0, 1, "the Hurst exponent (0.5 is white noise)")


def _difference(d):
    return validate.open_interval(d, "d", -0.5, 0.5, "the fractional difference parameter of a "
                          "stationary, invertible ARFIMA(0, d, 0) (0 is white noise)")


def _lags(lags):
    """``|lags|`` as floats, from integers (or integral floats)."""
    array = np.asarray(lags)
    if array.dtype.kind in "iu":
        return np.abs(array).astype(np.float64)
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) \
            and np.array_equal(array, np.round(array)):
        return np.abs(array.astype(np.float64))
    raise ValueError(f"`lags` must be integers (an autocovariance is defined at whole lags); "
                     f"got {lags!r}")


def _shape(size):
    """``size`` (None, an int or a tuple of ints) as a tuple of non-negative ints."""
    if size is None:
        return ()
    try:
        dims = (operator.index(size),) if not isinstance(size, (bool, np.bool_)) else None
    except TypeError:
        dims = None
    if dims is None:
        if isinstance(size, (bool, np.bool_, str, bytes)) or not hasattr(size, "__iter__"):
            raise TypeError(f"`size` must be None, an integer or a tuple of integers (as "
                            f"numpy's), got {size!r} of type {type(size).__name__}")
        dims = tuple(validate.integer(dim, "size", integral_floats=False) for dim in size)
    if any(dim < 0 for dim in dims):
        raise ValueError(f"`size`={size!r} has a negative dimension; use dimensions of 0 or "
                         "more (0 gives an empty result)")
    return dims


def _generator(seed):
    """``numpy.random.default_rng(seed)``, its errors naming ``seed``; a boolean, which
    numpy would take as the integer 0 or 1, is refused."""
    if isinstance(seed, (bool, np.bool_)):
        raise TypeError(f"`seed` must be None, a non-negative integer, a SeedSequence, a "
                        f"BitGenerator or a numpy.random.Generator; got the boolean {seed!r} "
                        "(numpy would take it as the seed 0 or 1)")
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as error:
        raise type(error)(f"`seed` must be None, a non-negative integer, a SeedSequence, a "
                          f"BitGenerator or a numpy.random.Generator; got {seed!r}: "
                          f"{error}") from None


# -- autocovariances ---------------------------------------------------------------------------

def fgn_autocovariance(H, lags):
    """Autocovariance of unit-variance fractional Gaussian noise with Hurst exponent ``H``.

    ``s_k = (|k + 1|**(2H) - 2 |k|**(2H) + |k - 1|**(2H)) / 2``, whose terms cancel more
    the larger ``k``: below lag 8 the two differences from ``k**(2H)`` are taken by
    ``expm1``, from lag 8 on it is the sum ``sum_m binom(2H, 2m) k**(2H - 2m)`` (twelve
    terms), so that the decay ``H (2H - 1) k**(2H - 2)`` keeps every digit at every lag.

    Parameters
    ----------
    H : float
        The Hurst exponent, in (0, 1).
    {lags_and_acv}
    """
    H = _hurst(H)
    k = _lags(lags)
    a = 2 * H
    acv = np.where(k == 0, 1.0, math.expm1((a - 1) * math.log(2)))  # s_1 = 2**(2H-1) - 1
    near = (k >= 2) & (k < _FGN_SERIES_LAG)
    kn = k[near]  # each side's difference from k**(2H) by expm1, then their sum (0 if H = 1/2)
    acv[near] = 0.0 if a == 1 else 0.5 * kn**a * (np.expm1(a * np.log1p(1 / kn))
                                                  + np.expm1(a * np.log1p(-1 / kn)))
    far = k[k >= _FGN_SERIES_LAG]
    if far.size:
        binomials, c = [], 1.0
        for j in range(1, 2 * _FGN_SERIES_TERMS + 1):
            c *= (a - j + 1) / j
            if j % 2 == 0:
                binomials.append(c)
        y = far**-2.0
        total = np.zeros_like(far)
        for coefficient in reversed(binomials):   # sum_m binom(a, 2m) y**(m - 1), Horner
            total = total * y + coefficient
        acv[k >= _FGN_SERIES_LAG] = far ** (a - 2) * total
    return acv


def arfima_autocovariance(d, lags):
    """Autocovariance of ARFIMA(0, d, 0) with unit innovations variance.

    ``s_k = Gamma(1 - 2d) Gamma(k + d) / (Gamma(d) Gamma(1 - d) Gamma(k + 1 - d))``
    (Hosking 1981), computed without overflow or cancellation: below lag 64 by the recursion
    ``s_k = s_{k-1} (k - 1 + d) / (k - d)`` from ``s_0 = Gamma(1 - 2d) / Gamma(1 - d)**2``,
    beyond it by the asymptotic expansion of ``log Gamma(k + d) - log Gamma(k + 1 - d)``
    (``(2d - 1) log k`` and Bernoulli-polynomial terms in ``k**-2``, ``k**-4``, ``k**-6``).

    Parameters
    ----------
    d : float
        The fractional difference parameter, in (-0.5, 0.5).
    {lags_and_acv}
    """
    d = _difference(d)
    k = _lags(lags)
    variance = math.gamma(1 - 2 * d) / math.gamma(1 - d) ** 2
    j = np.arange(1, _ARFIMA_SERIES_LAG, dtype=np.float64)
    table = variance * np.concatenate([[1.0], np.cumprod((j - 1 + d) / (j - d))])
    acv = np.empty_like(k)
    near = k < _ARFIMA_SERIES_LAG
    acv[near] = table[k[near].astype(np.intp)]
    far = k[~near]
    if far.size and d != 0:
        b3 = d**3 - 1.5 * d**2 + 0.5 * d
        b5 = d**5 - 2.5 * d**4 + 5 / 3 * d**3 - d / 6
        b7 = d**7 - 3.5 * d**6 + 3.5 * d**5 - 7 / 6 * d**3 + d / 6
        y = far**-2.0
        log_ratio = (2 * d - 1) * np.log(far) - y * (b3 / 3 + y * (b5 / 10 + y * b7 / 21))
        scale = math.gamma(1 - 2 * d) / (math.gamma(d) * math.gamma(1 - d))
        acv[~near] = scale * np.exp(log_ratio)
    elif far.size:
        acv[~near] = 0.0
    return acv


# -- the embedding -----------------------------------------------------------------------------

def _embedding_roots(acv):
    """``sqrt(S_k / M)``, ``k = 0 ... n``: the square roots of the eigenvalues of the
    circulant of order ``M = 2n`` whose first row is ``acv[0], ..., acv[n], acv[n-1], ...,
    acv[1]``, divided by ``M``, from the ``n + 1`` autocovariances ``acv`` (lags 0 to n).

    Eigenvalues negative by no more than rounding are taken as 0; a negative eigenvalue
    beyond rounding means the circulant is no covariance matrix, and raises ``ValueError``.
    """
    acv = np.asarray(acv, dtype=np.float64)
    n = acv.size - 1
    row = np.concatenate([acv, acv[-2:0:-1]])
    spectrum = np.fft.rfft(row).real
    rounding = 16 * np.finfo(np.float64).eps * math.log2(2 * row.size) * np.abs(row).sum()
    lowest = spectrum.min()
    if lowest < -rounding:
        raise ValueError(
            f"the circulant embedding of order {2 * n} of these autocovariances has the "
            f"negative eigenvalue {lowest:.3g} (rounding would explain at most {rounding:.2g}):"
            " it is not a covariance matrix, and circulant embedding cannot simulate the "
            "process exactly")
    return np.sqrt(np.clip(spectrum, 0, None) / row.size)


def _from_normals(roots, normals, out=None):
    """The series, ``(..., n)``, from standard normal draws ``normals``, ``(..., 2n)``: the
    linear map of the simulation. Draws ``0 ... n`` are the real parts of the spectrum at
    frequencies ``k / 2n``, ``k = 0 ... n``; draws ``n + 1 ... 2n - 1`` the imaginary parts at
    ``k = 1 ... n - 1`` (those at 0 and 1/2 are zero: the series is real)."""
    n = roots.size - 1
    spectrum = np.empty(normals.shape[:-1] + (n + 1,), dtype=np.complex128)
    spectrum.real = normals[..., :n + 1]
    spectrum.imag[..., 1:n] = normals[..., n + 1:]
    spectrum.imag[..., [0, n]] = 0
    spectrum *= roots
    spectrum[..., 1:n] *= math.sqrt(0.5)  # a real and an imaginary part share the variance
    series = np.fft.irfft(spectrum, 2 * n, axis=-1, norm="forward")[..., :n]
    if out is None:
        return series
    out[...] = series
    return out


def _batch(n):
    """How many series of ``n`` samples are drawn at a time: as many as :data:`_SCRATCH_BYTES`
    holds at 64 bytes a sample (the draws, the spectrum, the inverse, the FFT's own)."""
    return max(1, _SCRATCH_BYTES // (64 * (n + 1)))


def _checked_simulation(autocovariance, n, shape, seed):
    """:func:`_simulate` of the ``autocovariance`` function's lags 0 to ``n``, once the
    memory it takes is checked; no series at all is an empty array at once (the seed still
    checked)."""
    if math.prod(shape) == 0:
        _generator(seed)
        return np.empty(shape + (n,))
    _check_memory(n, shape)
    return _simulate(autocovariance(np.arange(n + 1)), shape, seed)


def _simulate(acv, shape, seed):
    """``shape + (n,)`` series of covariance ``toeplitz(acv[:n])``, ``acv`` the lags 0 to
    ``n``, all drawn from one Generator in C order, a batch of series at a time."""
    rng = _generator(seed)
    roots = _embedding_roots(acv)
    n = roots.size - 1
    out = np.empty(shape + (n,), dtype=np.float64)
    rows = out.reshape(-1, n)
    batch = _batch(n)
    for start in range(0, rows.shape[0], batch):
        stop = min(start + batch, rows.shape[0])
        _from_normals(roots, rng.standard_normal((stop - start, 2 * n)), rows[start:stop])
    return out


# -- public ------------------------------------------------------------------------------------

_DAVIES_HARTE = """
    Davies, R. B. and Harte, D. S. (1987). Tests for Hurst effect. *Biometrika*, 74(1),
    pp. 95-101.
"""
_WOOD_CHAN = """
    Wood, A. T. A. and Chan, G. (1994). Simulation of stationary Gaussian processes in
    [0, 1]^d. *Journal of Computational and Graphical Statistics*, 3(4), pp. 409-432.
"""
_CRAIGMILE = """
    Craigmile, P. F. (2003). Simulating a class of stationary Gaussian processes using the
    Davies-Harte algorithm, with application to long memory processes. *Journal of Time
    Series Analysis*, 24(5), pp. 505-511.
"""
_HOSKING = """
    Hosking, J. R. M. (1981). Fractional differencing. *Biometrika*, 68(1), pp. 165-176.
"""
_MANDELBROT = """
    Mandelbrot, B. B. and Van Ness, J. W. (1968). Fractional Brownian motions, fractional
    noises and applications. *SIAM Review*, 10(4), pp. 422-437.
"""
_PERCIVAL_WALDEN_SIMULATION = """
    Percival, D. B. and Walden, A. T. (2000). *Wavelet Methods for Time Series Analysis*.
    Cambridge University Press, Cambridge. (Section 7.8, simulating long memory processes.)
"""

_DOCS = {
    "lags_and_acv": """
        lags : array_like of int
            Lags (negative ones as their absolute values).

        Returns
        -------
        ndarray
            ``s_|k|``, float64, of the shape of ``lags``.

        Examples
        --------
        >>> from atrous._simulate import arfima_autocovariance, fgn_autocovariance
        >>> print(fgn_autocovariance(0.5, [0, 1, 2]), arfima_autocovariance(0.0, [-1, 0]))
        [1. 0. 0.] [0. 1.]
    """,
    "size_and_seed": """
        size : int or tuple of int, optional
            How many series, as numpy's ``size``: None (default) for one series of shape
            ``(n,)``, an int ``m`` for ``(m, n)``, a tuple for ``(*size, n)``. A 0 anywhere
            gives an empty array.
        seed : None, int, numpy.random.SeedSequence, BitGenerator or Generator, optional
            What :func:`numpy.random.default_rng` takes. The same seed gives the same
            series; a Generator is used (and advanced) as it is.
    """,
    "returns_and_raises": """
        Returns
        -------
        ndarray
            Float64 of shape ``(*size, n)``, every series along the last axis. The
            series are independent; each is drawn from ``2n`` standard normals, taken
            from the Generator in C order, so that a batch of series is one real FFT.

        Raises
        ------
        TypeError
            ``n`` not an integer (a bool, or a float: ``8.0`` as ``2.5``), a parameter
            that is not a real number, ``size`` not an int or a tuple of ints (floats
            refused, as numpy's ``size`` refuses them), a boolean ``seed``.
        ValueError
            ``n`` below 1, a NaN parameter or one outside its interval, a negative
            dimension in ``size``, a ``seed`` :func:`numpy.random.default_rng`
            refuses, or a simulation whose peak would not fit in the memory available
            now, checked before anything is allocated: 8 bytes a sample of the output,
            48 more for each series of a batch drawn at once, and 80 (136 for one
            series).
    """,
    "embedding_notes": """
        The autocovariances ``s_0 ... s_n`` are wrapped into the first row of a
        symmetric circulant of order ``2n``, whose eigenvalues ``S_k`` one FFT gives;
        each series is the first ``n`` values of the real inverse FFT of
        ``sqrt(S_k / 2n)`` times Hermitian complex Gaussian noise. Its covariance matrix
        is then exactly ``toeplitz(s_0 ... s_{n-1})`` (to rounding), unlike an
        approximate (truncated filter or spectral) method. The cost is ``O(n log n)``
        per series, and all the series come out of one batched FFT (in batches of at
        most a few hundred megabytes of scratch for very many series).
    """,
    "references_fgn": _references(_DAVIES_HARTE, _WOOD_CHAN, _CRAIGMILE,
                                  _PERCIVAL_WALDEN_SIMULATION, _MANDELBROT),
    "references_arfima": _references(_DAVIES_HARTE, _CRAIGMILE, _PERCIVAL_WALDEN_SIMULATION,
                                     _HOSKING),
}


def _check_memory(n, shape):
    """A ValueError naming ``n`` and ``size`` if the simulation's peak would not fit in the
    memory available now. The peak, in bytes, for ``m`` series drawn ``b`` at a time
    (:func:`_batch`): ``8 n m`` of output, ``48 n b`` for a batch (its draws, spectrum and
    inverse FFT, 16 n each), and ``80 n`` besides (the autocovariances and their roots,
    16 n; the FFTs' own buffers, which tracemalloc does not see, up to 48 n; 16 n to
    spare), which also covers the embedding's peak, before the output exists. Measured
    with numpy 2.4: 72 n traced and 104 n resident for one series, 58 n and 73 n for
    none, 232 n resident for three."""
    count = math.prod(shape)
    need = 8 * n * (count + 6 * min(count, _batch(n)) + 10)
    _memory.check(need, f"`n`={n} samples times `size`={shape or None} series",
                  "simulate fewer or shorter series at a time")


def simulate_fgn(n, H, size=None, seed=None):
    """Fractional Gaussian noise of Hurst exponent ``H``, unit variance, simulated exactly.

    Fractional Gaussian noise is the increment process of fractional Brownian motion
    (Mandelbrot & Van Ness 1968): stationary, Gaussian, with autocovariance
    ``s_k = (|k + 1|**(2H) - 2 |k|**(2H) + |k - 1|**(2H)) / 2``. ``H > 1/2`` is long
    memory (``s_k`` decays as ``H (2H - 1) k**(2H - 2)``, not summable), ``H = 1/2`` is
    white noise, ``H < 1/2`` is anti-persistent. The cumulative sum is fractional
    Brownian motion.

    Parameters
    ----------
    n : int
        The length of each series, at least 1.
    H : float
        The Hurst exponent, strictly between 0 and 1.
    {size_and_seed}

    {returns_and_raises}

    See Also
    --------
    simulate_arfima : The fractionally differenced process, the other classic model of long
        memory.
    wavelet_variance : Its slope against scale on log-log axes estimates ``2H - 2``.

    Notes
    -----
    The Davies & Harte (1987) circulant embedding method, as Percival & Walden (2000,
    section 7.8) give it and Wood & Chan (1994) generalise it.

    {embedding_notes}

    That the eigenvalues are nonnegative for every ``0 < H < 1`` (so the method is exact
    for all ``H`` and every ``n``) is known: for ``H < 1/2``, whose autocovariances are
    negative at every lag but 0, it is proved by Craigmile (2003); for ``H >= 1/2`` the
    autocovariance is nonnegative, decreasing and convex. The eigenvalues are checked all
    the same, those negative by rounding only set to 0.

    {references_fgn}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = atrous.simulate_fgn(1024, 0.8, size=500, seed=1)
    >>> x.shape
    (500, 1024)
    >>> print(f"{np.mean(x**2):.1f}")                              # unit variance
    1.0
    >>> lag1 = np.mean(x[:, 1:] * x[:, :-1])                     # s_1 = 2**(2H - 1) - 1
    >>> print(f"{lag1:.1f} {2**0.6 - 1:.1f}")
    0.5 0.5
    >>> fbm = np.cumsum(atrous.simulate_fgn(100, 0.3, seed=7))    # fractional Brownian motion
    >>> fbm.shape
    (100,)
    """
    n = validate.positive_integer(n, "n", integral_floats=False)
    H = _hurst(H)
    shape = _shape(size)
    return _checked_simulation(lambda lags: fgn_autocovariance(H, lags), n, shape, seed)


def simulate_arfima(n, d, size=None, seed=None):
    """ARFIMA(0, d, 0), the fractionally differenced white noise, simulated exactly.

    The stationary process ``X`` with ``(1 - B)**d X_t = e_t``, ``B`` the backshift and
    ``e_t`` white noise of variance 1 (Hosking 1981): spectral density
    ``|2 sin(pi f)|**(-2d)`` and autocovariance
    ``s_k = Gamma(1 - 2d) Gamma(k + d) / (Gamma(d) Gamma(1 - d) Gamma(k + 1 - d))``, so
    ``s_0 = Gamma(1 - 2d) / Gamma(1 - d)**2``, not 1. ``d > 0`` is long memory
    (``s_k ~ k**(2d - 1)``), ``d = 0`` white noise, ``d < 0`` anti-persistent.

    Parameters
    ----------
    n : int
        How many samples each series has (1 or more).
    d : float
        The fractional difference parameter, strictly between -0.5 and 0.5 (stationary
        and invertible).
    {size_and_seed}

    {returns_and_raises}

    See Also
    --------
    simulate_fgn : Fractional Gaussian noise, whose long memory has the same
        exponent when ``H = d + 1/2``.
    wavelet_variance : Its log-log slope against scale estimates ``2d - 1``.

    Notes
    -----
    The Davies & Harte (1987) method for FD processes, as Craigmile (2003) and Percival &
    Walden (2000, section 7.8) give it.

    {embedding_notes}

    Craigmile (2003) proves the eigenvalues nonnegative for ``d < 0`` (autocovariances
    negative at every lag but 0); for ``d >= 0`` the autocovariance is nonnegative,
    decreasing and convex. Every eigenvalue is checked nonetheless, rounding below zero
    set to 0.

    {references_arfima}

    Examples
    --------
    >>> import math
    >>> import numpy as np, atrous
    >>> x = atrous.simulate_arfima(1024, 0.3, size=500, seed=2)
    >>> x.shape
    (500, 1024)
    >>> variance = math.gamma(1 - 0.6) / math.gamma(1 - 0.3)**2   # s_0, about 1.32
    >>> print(f"{np.mean(x**2):.1f} {variance:.1f}")
    1.3 1.3
    >>> atrous.simulate_arfima(64, -0.2, size=(2, 3), seed=3).shape
    (2, 3, 64)
    """
    n = validate.positive_integer(n, "n", integral_floats=False)
    d = _difference(d)
    shape = _shape(size)
    return _checked_simulation(lambda lags: arfima_autocovariance(d, lags), n, shape, seed)


fill_docstrings(_DOCS, simulate_fgn, simulate_arfima, fgn_autocovariance,
                arfima_autocovariance)
