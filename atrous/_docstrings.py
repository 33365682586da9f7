"""Docstring text that several public functions share, written once.

As ``scipy.ndimage``'s ``docfiller``: a docstring line that is only ``{name}`` stands for a
fragment, filled in when the module is imported.
"""

import re
import textwrap

_PLACEHOLDER = re.compile(r"^( *)\{(\w+)\}$", re.MULTILINE)


def fill_docstrings(fragments, *functions):
    """Fill in the docstrings of ``functions`` from ``fragments``, so that functions which
    document the same thing say it in one place.

    A docstring line that is only ``{name}`` becomes the text ``fragments[name]``, dedented
    and indented as that line. A decorated function (``@chunkable``) is filled, and so is
    the function it wraps, whose docstring ``functools.wraps`` copied. Under ``python -OO``
    there are no docstrings, and nothing changes.
    """
    texts = {name: textwrap.dedent(text).strip("\n") for name, text in fragments.items()}
    for function in functions:
        while function is not None:
            if function.__doc__:
                function.__doc__ = _PLACEHOLDER.sub(
                    lambda line: textwrap.indent(texts[line[2]], line[1]), function.__doc__)
            function = getattr(function, "__wrapped__", None)


# The works the public functions cite, by group: a docstring line ``{references_swt}`` is the
# whole References section of that group (``fill_docstrings(REFERENCES, ...)``).
_HOLSCHNEIDER = """
    Holschneider, M., Kronland-Martinet, R., Morlet, J. and Tchamitchian, Ph. (1989). A
    real-time algorithm for signal analysis with the help of the wavelet transform. In
    Combes, J.-M., Grossmann, A. and Tchamitchian, Ph. (eds.), *Wavelets: Time-Frequency
    Methods and Phase Space*, Springer, Berlin, pp. 286-297. (The algorithme à trous.)
"""
_SHENSA = """
    Shensa, M. J. (1992). The discrete wavelet transform: wedding the à trous and Mallat
    algorithms. *IEEE Transactions on Signal Processing*, 40(10), pp. 2464-2482.
"""
_NASON_SILVERMAN = """
    Nason, G. P. and Silverman, B. W. (1995). The stationary wavelet transform and some
    statistical applications. In Antoniadis, A. and Oppenheim, G. (eds.), *Wavelets and
    Statistics*, Lecture Notes in Statistics 103, Springer, New York, pp. 281-299.
"""
_COIFMAN_DONOHO = """
    Coifman, R. R. and Donoho, D. L. (1995). Translation-invariant de-noising. In
    Antoniadis, A. and Oppenheim, G. (eds.), *Wavelets and Statistics*, Lecture Notes in
    Statistics 103, Springer, New York, pp. 125-150.
"""
_DONOHO_JOHNSTONE = """
    Donoho, D. L. and Johnstone, I. M. (1994). Ideal spatial adaptation by wavelet
    shrinkage. *Biometrika*, 81(3), pp. 425-455. (VisuShrink; the noise level from the
    median absolute deviation of the finest details.)
"""
_SURESHRINK = """
    Donoho, D. L. and Johnstone, I. M. (1995). Adapting to unknown smoothness via wavelet
    shrinkage. *Journal of the American Statistical Association*, 90(432), pp. 1200-1224.
    (SureShrink.)
"""
_BAYESSHRINK = """
    Chang, S. G., Yu, B. and Vetterli, M. (2000). Adaptive wavelet thresholding for image
    denoising and compression. *IEEE Transactions on Image Processing*, 9(9),
    pp. 1532-1546. (BayesShrink.)
"""
_PERCIVAL_WALDEN = """
    Percival, D. B. and Walden, A. T. (2000). *Wavelet Methods for Time Series Analysis*.
    Cambridge University Press, Cambridge. (The MODWT, its multiresolution analysis and
    the wavelet variance, covariance and correlation.)
"""
_ABRY_VEITCH = """
    Abry, P. and Veitch, D. (1998). Wavelet analysis of long-range-dependent traffic.
    *IEEE Transactions on Information Theory*, 44(1), pp. 2-15. (The log-scale diagram and
    the weighted-regression estimate of the Hurst exponent.)
"""
_VEITCH_ABRY = """
    Veitch, D. and Abry, P. (1999). A wavelet-based joint estimator of the parameters of
    long-range dependence. *IEEE Transactions on Information Theory*, 45(3), pp. 878-897.
"""
_PERCIVAL_WALDEN_CH9 = """
    Percival, D. B. and Walden, A. T. (2000). *Wavelet Methods for Time Series Analysis*.
    Cambridge University Press, Cambridge. Chapter 9: analysis and synthesis of long memory
    processes (the wavelet-based approximate maximum-likelihood estimate of ``d``).
"""
_CRAIGMILE = """
    Craigmile, P. F., Guttorp, P. and Percival, D. B. (2005). Wavelet-based parameter
    estimation for polynomial contaminated fractionally differenced processes. *IEEE
    Transactions on Signal Processing*, 53(8), pp. 3151-3161.
"""
_STARCK = """
    Starck, J.-L., Fadili, J. and Murtagh, F. (2007). The undecimated wavelet decomposition
    and its reconstruction. *IEEE Transactions on Image Processing*, 16(2), pp. 297-309.
"""
_WAVENET = """
    van den Oord, A., Dieleman, S., Zen, H., Simonyan, K., Vinyals, O., Graves, A.,
    Kalchbrenner, N., Senior, A. and Kavukcuoglu, K. (2016). WaveNet: a generative model
    for raw audio. arXiv:1609.03499. (Causal dilated convolutions, stacked.)
"""
_YU_KOLTUN = """
    Yu, F. and Koltun, V. (2016). Multi-scale context aggregation by dilated convolutions.
    *International Conference on Learning Representations (ICLR)*. arXiv:1511.07122.
"""


_ZHANG_FADILI_STARCK = """
    Zhang, B., Fadili, J. M. and Starck, J.-L. (2008). Wavelets, ridgelets, and curvelets
    for Poisson noise removal. *IEEE Transactions on Image Processing*, 17(7),
    pp. 1093-1108. (The MSVST, its detection and the hybrid steepest descent.)
"""
_BENJAMINI_HOCHBERG = """
    Benjamini, Y. and Hochberg, Y. (1995). Controlling the false discovery rate: a
    practical and powerful approach to multiple testing. *Journal of the Royal Statistical
    Society B*, 57(1), pp. 289-300.
"""
_ANSCOMBE = """
    Anscombe, F. J. (1948). The transformation of Poisson, binomial and negative-binomial
    data. *Biometrika*, 35(3/4), pp. 246-254.
"""


def _references(*works):
    """A References section of ``works``, a paragraph each."""
    return "References\n----------\n" + "\n".join(textwrap.dedent(w).strip("\n") + "\n"
                                                  for w in works).rstrip("\n")


REFERENCES = {
    "references_swt": _references(_HOLSCHNEIDER, _SHENSA, _NASON_SILVERMAN),
    "references_mra": _references(_SHENSA, _NASON_SILVERMAN, _PERCIVAL_WALDEN),
    "references_modwt": _references(_PERCIVAL_WALDEN),
    "references_starlet": _references(_STARCK, _HOLSCHNEIDER),
    "references_msvst": _references(_ZHANG_FADILI_STARCK, _BENJAMINI_HOCHBERG, _ANSCOMBE,
                                    _STARCK),
    "references_noise": _references(_DONOHO_JOHNSTONE),
    "references_denoise": _references(_COIFMAN_DONOHO, _NASON_SILVERMAN, _DONOHO_JOHNSTONE,
                                      _SURESHRINK, _BAYESSHRINK),
    "references_dilated": _references(_HOLSCHNEIDER, _YU_KOLTUN),
    "references_conv1d": _references(_WAVENET, _YU_KOLTUN),
    "references_causal": _references(_WAVENET),
    "references_longmemory": _references(_ABRY_VEITCH, _VEITCH_ABRY, _PERCIVAL_WALDEN_CH9,
                                         _CRAIGMILE),
}
