"""The MSVST's sample-wise work (:mod:`atrous._poisson`): each scale's stabilized and
normalized detail in one pass over its two approximations, and the sums of starlet planes
the reconstruction makes at every iteration (masked, or soft-thresholded), each in one
pass instead of NumPy's several temporaries.

Every kernel works on a range ``[first, last)`` of flat sample indices of C-contiguous
float64 arrays, so a call is cut into chunks that threads share
(:func:`atrous._kernels.threads.run_chunks`); a sample's result never depends on the
chunking. They release the GIL and never raise.
"""

import math

from .cache import njit


@njit(cache=True, nogil=True)
def _row_products(row, shape, offsets, finer_norms, coarser_norms, crosses):
    """The profiles' products over every axis but the last at flat row ``row``."""
    fp = 1.0
    cp = 1.0
    xp = 1.0
    rest = row
    for k in range(shape.shape[0] - 2, -1, -1):
        at = offsets[k] + rest % shape[k]
        rest //= shape[k]
        fp *= finer_norms[at]
        cp *= coarser_norms[at]
        xp *= crosses[at]
    return fp, cp, xp


@njit(cache=True, nogil=True)
def normalized_detail(finer, coarser, local, shape, offsets, finer_norms, coarser_norms,
                      crosses, constants, corrected, normalized, z, tested, first, last):
    """``z = (T_{j-1}(finer) - T_j(coarser)) / sigma`` and ``tested = local >= bound``.

    ``constants``: ``b_{j-1}, c_{j-1}, b_j, c_j, bias, skewness, bound``. ``sigma`` at a
    sample is ``sqrt((F + C - 2 X) / 4)`` with ``F``, ``C``, ``X`` the products over the
    axes of the profiles ``finer_norms``, ``coarser_norms`` and ``crosses`` at the sample's
    index along each axis (profile of axis ``k`` at ``offsets[k]:offsets[k + 1]``, all ones
    along an axis not transformed). With ``corrected``, the mean and the skewness of order
    ``1 / sqrt(lambda)`` are taken out, ``lambda = max(local, bound)``. Without
    ``normalized``, ``z`` is the (corrected) detail itself, ``sigma`` times that. Where
    ``sigma`` is 0
    (an axis shorter than the filter, folded or wrapped flat) the detail is 0 whatever the
    data, and not tested.
    """
    b0, c0, b1, c1, bias, skewness, bound = (constants[0], constants[1], constants[2],
                                             constants[3], constants[4], constants[5],
                                             constants[6])
    last_axis = shape.shape[0] - 1
    length = shape[last_axis]
    start = offsets[last_axis]
    row = first // length
    column = first % length
    fp, cp, xp = _row_products(row, shape, offsets, finer_norms, coarser_norms, crosses)
    for i in range(first, last):
        if column == length:
            column = 0
            row += 1
            fp, cp, xp = _row_products(row, shape, offsets, finer_norms, coarser_norms,
                                       crosses)
        at = start + column
        column += 1
        variance = (fp * finer_norms[at] + cp * coarser_norms[at]
                    - 2.0 * xp * crosses[at]) / 4.0
        if not variance > 1e-300:  # the scale holds nothing here (a filter folded flat)
            z[i] = 0.0
            tested[i] = False
            continue
        sigma = math.sqrt(variance)
        f = finer[i] + c0
        c = coarser[i] + c1
        tf = b0 * math.sqrt(abs(f)) * (1.0 if f >= 0 else -1.0)
        tc = b1 * math.sqrt(abs(c)) * (1.0 if c >= 0 else -1.0)
        value = (tf - tc) / sigma
        if corrected:
            root = math.sqrt(max(local[i], bound))
            value -= bias / (root * sigma)
            value -= skewness / 6.0 * (value * value - 1.0) / root
        z[i] = value if normalized else value * sigma
        tested[i] = local[i] >= bound


@njit(cache=True, nogil=True)
def add_masked_planes(planes, support, estimate, positivity, first, last):
    """``estimate += planes[J] + sum_j support[j] * planes[j]``, then at least 0 if
    ``positivity`` (``planes`` of shape ``(J + 1, N)``, ``support`` ``(J, N)``)."""
    level = support.shape[0]
    for i in range(first, last):
        total = planes[level, i]
        for j in range(level):
            if support[j, i]:
                total += planes[j, i]
        value = estimate[i] + total
        estimate[i] = max(value, 0.0) if positivity else value


@njit(cache=True, nogil=True)
def sum_soft_planes(planes, thresholds, estimate, positivity, first, last):
    """``estimate = planes[J] + sum_j soft(planes[j], thresholds)`` (one threshold per
    sample), then at least 0 if ``positivity``."""
    level = planes.shape[0] - 1
    for i in range(first, last):
        threshold = thresholds[i]
        total = planes[level, i]
        for j in range(level):
            value = planes[j, i]
            if value > threshold:
                total += value - threshold
            elif value < -threshold:
                total += value + threshold
        estimate[i] = max(total, 0.0) if positivity else total
