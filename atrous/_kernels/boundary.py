"""The boundary rules of every transform in atrous, in one place.

A signal ``x[0 .. n-1]`` is extended to every integer position ``m`` by a *mode*. Each mode
is described by :func:`extension_run`: for a position ``m`` it returns where the extended
sample comes from and for how many consecutive positions that description holds. The
filtering kernel walks a run at a time, so its inner loops stay branch-free and only the
O(halo) samples near an edge pay for the boundary logic.

Mode codes (names as the public API spells them, PyWavelets' / scipy.ndimage's):

=================  =========================================  ===========================
code               extension of ``a b c d``                    PyWavelets / scipy name
=================  =========================================  ===========================
``WRAP``           ``... c d | a b c d | a b ...``             periodization, periodic /
                                                               wrap
``SYMMETRIC``      ``... b a | a b c d | d c ...``             symmetric / reflect
``REFLECT``        ``... c b | a b c d | c b ...``             reflect / mirror
``EDGE``           ``... a a | a b c d | d d ...``             constant / nearest
``ZERO``           ``... 0 0 | a b c d | 0 0 ...``             zero / constant(cval=0)
``ANTISYMMETRIC``  ``... -b -a | a b c d | -d -c ...``         antisymmetric
``ANTIREFLECT``    ``... 2a-c 2a-b | a b c d | 2d-c 2d-b ...``  antireflect
``SMOOTH``         ``... a-2(b-a) a-(b-a) | a b c d |``        smooth
                   ``d+(d-c) d+2(d-c) ...``
=================  =========================================  ===========================

Far from the signal the periodic modes repeat (periods ``n``, ``2n``, ``2n-2``, ``2n``), the
constant ones stay constant, ``ANTIREFLECT`` repeats its point reflections (so it drifts by
``2 (d - a)`` every ``2n - 2`` samples, as ``numpy.pad(..., 'reflect', reflect_type='odd')``
does) and ``SMOOTH`` continues the straight lines through the two edge samples.

Developers: numba's on-disk cache (``cache=True``) of the kernel that calls this function
holds its machine code too, and is keyed on the kernel's source file, not on this file.
After editing this module, delete ``atrous/_kernels/__pycache__`` (``make clean``) or the
kernels may keep the old rules.
"""

from .cache import njit

WRAP = 0
SYMMETRIC = 1
REFLECT = 2
EDGE = 3
ZERO = 4
ANTISYMMETRIC = 5
ANTIREFLECT = 6
SMOOTH = 7

# Modes whose extension is a fixed index map (with a sign): their values far away repeat.
PERIODS = {WRAP: lambda n: n, SYMMETRIC: lambda n: 2 * n, REFLECT: lambda n: max(2 * n - 2, 1),
           ANTISYMMETRIC: lambda n: 2 * n}
# Modes whose extension is constant beyond one signal length.
SATURATING = (EDGE, ZERO)

# A run that never ends within an array (positions are bounded by a few times n).
_ENDLESS = 1 << 62


@njit(cache=True, nogil=True, inline="always")
def extension_run(position, n, mode):
    """Source of the extended sample at ``position`` and how long that description lasts.

    Returns ``(source, step, weight, run, edge_a, coef_a, slope_a, edge_b, coef_b,
    slope_b)``: for ``t`` in ``range(run)`` the extended sample at ``position + t`` is ::

        weight * x[source + step * t]
        + (coef_a + slope_a * t) * x[edge_a] + (coef_b + slope_b * t) * x[edge_b]

    ``weight`` is 0.0 where no sample is copied (then ``source`` is irrelevant); the edge
    terms are zero except for ``ANTIREFLECT`` and ``SMOOTH``. Inside the signal every mode
    copies ``x[position]`` (``step`` 1, ``weight`` 1.0, no edge terms).
    """
    if mode == WRAP:
        folded = position % n
        return folded, 1, 1.0, n - folded, 0, 0.0, 0.0, 0, 0.0, 0.0
    if mode == SYMMETRIC or mode == ANTISYMMETRIC:
        folded = position % (2 * n)
        if folded < n:
            return folded, 1, 1.0, n - folded, 0, 0.0, 0.0, 0, 0.0, 0.0
        sign = 1.0 if mode == SYMMETRIC else -1.0
        return 2 * n - 1 - folded, -1, sign, 2 * n - folded, 0, 0.0, 0.0, 0, 0.0, 0.0
    if mode == REFLECT or mode == ANTIREFLECT:
        if n == 1:
            return 0, 0, 1.0, _ENDLESS, 0, 0.0, 0.0, 0, 0.0, 0.0
        period = 2 * n - 2
        folded = position % period
        # ANTIREFLECT drifts by 2 (x[n-1] - x[0]) per period: `laps` periods from the signal.
        laps = float((position - folded) // period) if mode == ANTIREFLECT else 0.0
        if folded < n - 1:
            return folded, 1, 1.0, n - 1 - folded, 0, -2.0 * laps, 0.0, n - 1, 2.0 * laps, 0.0
        if mode == REFLECT:
            return period - folded, -1, 1.0, period - folded, 0, 0.0, 0.0, 0, 0.0, 0.0
        return (period - folded, -1, -1.0, period - folded,
                0, -2.0 * laps, 0.0, n - 1, 2.0 * laps + 2.0, 0.0)
    if mode == SMOOTH and n > 1:
        # Straight lines through the two samples at each edge.
        if position < 0:
            # x[0] + (-m) (x[0] - x[1]) = (1 - m) x[0] + m x[1], with m = position + t.
            return 0, 0, 0.0, -position, 0, 1.0 - position, -1.0, 1, float(position), 1.0
        if position >= n:
            # x[n-1] + (m - n + 1) (x[n-1] - x[n-2]).
            return (0, 0, 0.0, _ENDLESS, n - 1, float(position - n + 2), 1.0,
                    n - 2, float(n - 1 - position), -1.0)
        return position, 1, 1.0, n - position, 0, 0.0, 0.0, 0, 0.0, 0.0
    # EDGE and ZERO (and SMOOTH of a single sample) share the interior; they differ outside.
    outside = 0.0 if mode == ZERO else 1.0
    if position < 0:
        return 0, 0, outside, -position, 0, 0.0, 0.0, 0, 0.0, 0.0
    if position >= n:
        return n - 1, 0, outside, _ENDLESS, 0, 0.0, 0.0, 0, 0.0, 0.0
    return position, 1, 1.0, n - position, 0, 0.0, 0.0, 0, 0.0, 0.0
