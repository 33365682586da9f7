"""atrous: fast à-trous (undecimated, stationary) wavelet transforms for NumPy.

A drop-in for PyWavelets' stationary wavelet transform, built on one Numba engine that
applies filters with taps stepped at a dilation (never a zero-stuffed filter).

>>> import numpy as np, atrous
>>> coeffs = atrous.swt(np.random.default_rng(0).standard_normal(1000), 'db4', level=4)
>>> len(coeffs), coeffs[0][0].shape
(4, (1000,))
"""

# The Dask layer sits above the transforms and registers its runners with _dispatch; it
# imports no Dask itself.
from . import _dask  # noqa: E402, F401  (isort: after the transforms it runs)
from . import stream as stream  # atrous.stream.CausalConv1d, CausalStack, SWT
from ._bands import level_bands
from ._conv import conv1d, conv2d
from ._denoise import denoise, estimate_noise, starlet_denoise
from ._dispatch import ChunkWarning as ChunkWarning  # Dask arrays rechunked for a long reach
from ._longmemory import fractional_d_mle, hurst_exponent, logscale_diagram
from ._modwpt import imodwpt, modwpt, modwptdetails, packet_bands
from ._modwt import imodwt, modwt, modwtmra
from ._mra import imra, imra2, imran, mra, mra2, mran
from ._ndimage import convolve, convolve1d, correlate, correlate1d
from ._poisson import msvst, poisson_denoise
from ._receptive import dilation_schedule, receptive_field
from ._simulate import simulate_arfima, simulate_fgn
from ._starlet import istarlet, starlet, starlet_noise_levels
from ._swt import iswt, swt, swt_max_level
from ._swtn import iswt2, iswtn, swt2, swtn
from ._wstats import (
    brick_wall,
    phase_shift,
    wavelet_correlation,
    wavelet_covariance,
    wavelet_cross_correlation,
    wavelet_variance,
)

__version__ = "0.1.0"
__all__ = [
    "swt", "iswt", "swt_max_level", "swt2", "iswt2", "swtn", "iswtn",
    "mra", "imra", "mra2", "imra2", "mran", "imran",
    "correlate1d", "convolve1d", "correlate", "convolve",
    "conv1d", "conv2d", "receptive_field", "dilation_schedule",
    "modwt", "imodwt", "modwtmra", "brick_wall", "phase_shift", "wavelet_variance",
    "wavelet_covariance", "wavelet_correlation", "wavelet_cross_correlation",
    "starlet", "istarlet", "starlet_noise_levels", "estimate_noise", "denoise",
    "starlet_denoise", "level_bands", "msvst", "poisson_denoise",
    "modwpt", "imodwpt", "modwptdetails", "packet_bands",
    "simulate_fgn", "simulate_arfima",
    "logscale_diagram", "hurst_exponent", "fractional_d_mle",
]


# The optional layers, imported on first use: `import atrous` imports neither xarray, pandas
# nor matplotlib, and `atrous.xarray.modwt(...)` or `atrous.plot.plot_mra(...)` still works
# after `import atrous` alone, as `scipy.signal` does after `import scipy`.
_LAZY_SUBMODULES = ("xarray", "plot")


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_SUBMODULES))
