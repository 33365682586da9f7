"""The boundary rules of every transform in atrous, in one place.

A signal ``x[0 .. n-1]`` is extended to every integer position ``m`` by a *mode*. Each mode
is described by :func:`extension_run`: for a position ``m`` it returns where the extended
sample comes from and for how many consecutive positions the source keeps moving in the same
direction. The filtering kernel walks a run at a time, so its inner loops stay branch-free
and only the O(halo) samples near an edge pay for the boundary logic.

Mode codes (names as the public API spells them, PyWavelets' / scipy.ndimage's):

============  ==================================  ==========================
code          extension of ``a b c d``             PyWavelets / scipy name
============  ==================================  ==========================
``WRAP``      ``... c d | a b c d | a b ...``      periodization / wrap
``SYMMETRIC`` ``... b a | a b c d | d c ...``      symmetric / reflect
``REFLECT``   ``... c b | a b c d | c b ...``      reflect / mirror
``EDGE``      ``... a a | a b c d | d d ...``      constant / nearest
``ZERO``      ``... 0 0 | a b c d | 0 0 ...``      zero / constant(cval=0)
============  ==================================  ==========================

Developers: numba's on-disk cache (``cache=True``) is keyed on the source file of the
kernel that inlines this function, not on this file. After editing this module, delete
``atrous/_kernels/__pycache__`` (``make clean``) or the kernels may keep the old rules.
"""

import numba

WRAP = 0
SYMMETRIC = 1
REFLECT = 2
EDGE = 3
ZERO = 4

# A run that never ends within an array (positions are bounded by a few times n).
_ENDLESS = 1 << 62


@numba.njit(cache=True, nogil=True, inline="always")
def extension_run(position, n, mode):
    """Source of the extended sample at ``position`` and how long that source run lasts.

    Returns ``(source, step, weight, run)``: for ``t`` in ``range(run)`` the extended sample
    at ``position + t`` equals ``weight * x[source + step * t]``. ``weight`` is 0.0 where
    the extension is zero (then ``source`` is irrelevant).
    """
    if mode == WRAP:
        folded = position % n
        return folded, 1, 1.0, n - folded
    if mode == SYMMETRIC:
        folded = position % (2 * n)
        if folded < n:
            return folded, 1, 1.0, n - folded
        return 2 * n - 1 - folded, -1, 1.0, 2 * n - folded
    if mode == REFLECT:
        if n == 1:
            return 0, 0, 1.0, _ENDLESS
        period = 2 * n - 2
        folded = position % period
        if folded < n - 1:
            return folded, 1, 1.0, n - 1 - folded
        return period - folded, -1, 1.0, period - folded
    # EDGE and ZERO share the interior; they differ outside.
    if position < 0:
        return 0, 0, (1.0 if mode == EDGE else 0.0), -position
    if position >= n:
        return n - 1, 0, (1.0 if mode == EDGE else 0.0), _ENDLESS
    return position, 1, 1.0, n - position
