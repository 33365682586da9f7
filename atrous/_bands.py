"""Which frequencies each level of a stationary transform or MRA keeps.

Level ``j`` of the undecimated transform (SWT, MODWT, the MRAs built on them) is a band-pass
filter whose nominal pass band is the octave ``[fs / 2**(j + 1), fs / 2**j]``: it sees the
oscillations whose periods lie between ``2**j`` and ``2**(j + 1)`` samples. The smooth
(approximation) of level ``J`` keeps ``[0, fs / 2**(J + 1)]``. The bands are nominal: the
filters of a finite wavelet overlap their neighbours (more for short wavelets such as
``'haar'`` and ``'db2'``), which is why PyWavelets' users ask what a level "means" (its
issue #497) and why MATLAB's Signal Multiresolution Analyzer shows the band of every level.
"""

import math
import sys
from typing import NamedTuple

import numpy as np

from . import _units
from . import _validation as validate

__all__ = ["level_bands", "LevelBands"]


class LevelBands(NamedTuple):
    """The nominal bands of detail levels ``1 ... J`` and of the smooth of level ``J``.

    Frequencies are in cycles per unit of time (Hz when ``fs`` is in Hz), periods and
    scales in units of time (seconds when ``fs`` is in Hz).
    """

    level: np.ndarray
    """Detail levels ``1 ... J``."""
    low: np.ndarray
    """Lower edge of each level's band, ``fs / 2**(j + 1)``."""
    high: np.ndarray
    """Upper edge, ``fs / 2**j``."""
    shortest_period: np.ndarray
    """``1 / high = 2**j / fs``."""
    longest_period: np.ndarray
    """``1 / low = 2**(j + 1) / fs``."""
    scale: np.ndarray
    """The MODWT scale ``tau_j = 2**(j - 1) / fs`` (Percival & Walden's ``tau_j`` in units
    of time), against which wavelet variances are drawn."""
    smooth: tuple
    """``(0, fs / 2**(J + 1))``: the band of the smooth (approximation) of level ``J``."""


def level_bands(level, fs=1.0):
    """Nominal frequency band, periods and MODWT scale of each level.

    Detail level ``j`` (``D_j`` of :func:`mra`, ``cD_j`` of :func:`swt`, ``W_j`` of
    :func:`modwt`) keeps the octave ``[fs / 2**(j + 1), fs / 2**j]``, oscillations with
    periods between ``2**j / fs`` and ``2**(j + 1) / fs``; the smooth of level ``J`` keeps
    ``[0, fs / 2**(J + 1)]``. The edges are nominal: a finite wavelet's filters overlap
    their neighbours' bands, the more the shorter the wavelet.

    Parameters
    ----------
    level : int
        The number of levels ``J`` (1 to 64).
    fs : float, optional
        The sampling rate. Default 1.0: frequencies in cycles per sample, periods and
        scales in samples.

    Returns
    -------
    bands : LevelBands
        ``level``, ``low``, ``high``, ``shortest_period``, ``longest_period`` and ``scale``,
        arrays over the detail levels ``1 ... J``, and ``smooth``, the smooth's band.

    Raises
    ------
    ValueError
        ``level`` below 1 or above 64, ``fs`` not a positive finite number, or so small
        that the lowest band edge or the longest period does not fit in a float64.
    TypeError
        ``level`` not an integer.

    See Also
    --------
    mra, modwtmra : the components whose bands these are.
    wavelet_variance : drawn against ``scale``.

    References
    ----------
    Percival, D. B. and Walden, A. T. (2000). *Wavelet Methods for Time Series Analysis*,
    Cambridge University Press, sections 4.1 and 5.4 (the octave bands and the scales
    ``tau_j``).

    Examples
    --------
    >>> import atrous
    >>> bands = atrous.level_bands(3, fs=100.0)       # 100 Hz sampling
    >>> bands.low, bands.high
    (array([25.  , 12.5 ,  6.25]), array([50. , 25. , 12.5]))
    >>> bands.smooth
    (0.0, 6.25)
    >>> bands.scale                                      # seconds
    array([0.01, 0.02, 0.04])
    """
    level = validate.as_level(validate.integer(level, "level"), 1)
    fs = _sampling_rate(fs)
    _check_representable(level, fs)
    j = np.arange(1, level + 1)
    high = fs / 2.0**j
    low = fs / 2.0 ** (j + 1)
    return LevelBands(level=j, low=low, high=high, shortest_period=1 / high,
                      longest_period=1 / low, scale=2.0 ** (j - 1) / fs,
                      smooth=(0.0, fs / 2.0 ** (level + 1)))


def _check_representable(level, fs):
    """A ValueError naming ``fs`` if the band edge ``fs / 2**(level + 1)`` (the lowest of
    ``level`` levels, a packet band's width) would fall below float64's normal numbers: the
    edges would be 0 or imprecise. (That also keeps the longest period, ``2**(level + 1) /
    fs``, below float64's largest: its exponent is then at most 1022.)"""
    if math.ldexp(fs, -(level + 1)) < sys.float_info.min:
        raise ValueError(
            f"`fs`={fs!r} is too small for `level`={level}: the band edge fs / 2**{level + 1} "
            f"and the longest period 2**{level + 1} / fs do not both fit in a float64; give "
            "`fs` in larger units (per hour, say, instead of per second)")


def _sampling_rate(fs, name="fs"):
    if isinstance(fs, (bool, np.bool_, str, bytes)):
        raise ValueError(f"`{name}`={fs!r} must be a positive sampling rate")
    try:
        value = float(fs)
    except (TypeError, ValueError):
        raise ValueError(f"`{name}`={fs!r} must be a positive sampling rate") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"`{name}`={fs!r} must be a positive finite sampling rate")
    return value


def band_label(low, high, unit, frequency=None):
    """The band of frequencies ``low`` to ``high`` (cycles per ``unit``) as text, from
    :mod:`atrous._units`: its periods in the unit they read best in when ``unit`` is one of
    time (``'2.00–4.00 h'``, ``'1.33–2.67 days'``, ``'> 64.0 h'`` for a smooth's band from
    0), in ``unit`` otherwise (``'8–16 samples'``); with ``frequency``, the name of the
    frequencies' unit, the frequencies first: ``'6.25–12.5 Hz (80.0–160 ms)'``."""
    longest = math.inf if low == 0 else 1 / low
    periods = _units.period_band(1 / high, longest, unit)
    if frequency is None:
        return periods
    return f"{_units.frequency_band(low, high, frequency)} ({periods})"
