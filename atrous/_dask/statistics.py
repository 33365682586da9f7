"""Statistics over a whole Dask array, exact: order statistics and medians in a few passes.

:func:`atrous.denoise` and :func:`atrous.starlet_denoise` need the median of the finest
coefficients (the noise level) over the whole array, not per chunk.
"""

import numpy as np

# Values fetched into memory at most, once an interval is narrow enough.
_FETCH_LIMIT = 4_000_000


def _kth_values(values, ranks):
    """The values of the given ranks (0-based) of the flattened Dask ``values``, exactly."""
    import dask
    import dask.array as da

    values = values.ravel()
    dtype = values.dtype
    nans, below, above = dask.compute(da.isnan(values).any(), (values == -np.inf).sum(),
                                      (values == np.inf).sum())
    if nans:
        return [dtype.type(np.nan)] * len(ranks)
    answers, finite = {}, []
    for rank in ranks:
        if rank < below:
            answers[rank] = dtype.type(-np.inf)
        elif rank >= values.size - above:
            answers[rank] = dtype.type(np.inf)
        else:
            finite.append(rank)
    if finite:
        _select(values, sorted(set(finite)), np.float64(-np.inf), np.float64(np.inf),
                int(below), answers)
    return [answers[rank] for rank in ranks]


def _select(values, ranks, lo, hi, below, answers):
    """Find ``ranks`` among the finite values in ``[lo, hi]``, ``below`` values being lower.

    Each pass finds the interval's extremes and count; few enough values are fetched and
    partitioned, else a 1024-bin histogram narrows the interval to the bin of each rank.
    Every pass removes at least one distinct value from the interval, so this ends.
    """
    import dask
    import dask.array as da

    dtype = values.dtype
    while True:
        inside = (values >= lo) & (values <= hi) & da.isfinite(values)
        count, smallest, largest = dask.compute(
            inside.sum(), da.where(inside, values, np.inf).min(),
            da.where(inside, values, -np.inf).max())
        if smallest == largest:
            answers.update(dict.fromkeys(ranks, dtype.type(smallest)))
            return
        if count <= _FETCH_LIMIT:
            chosen = values[inside].compute()
            kth = [rank - below for rank in ranks]
            chosen = np.partition(chosen, kth)
            answers.update({rank: chosen[k] for rank, k in zip(ranks, kth)})
            return
        edges = np.linspace(np.float64(smallest), np.float64(largest), 1025)
        counts = da.histogram(values, bins=edges)[0].compute()  # only [smallest, largest]
        cumulative = np.cumsum(counts)
        bins = [int(np.searchsorted(cumulative, rank - below, side="right")) for rank in ranks]
        if counts[bins[0]] == count:
            # Values too close for the bins to split: take out the smallest value.
            equal = int((inside & (values == smallest)).sum().compute())
            answers.update({r: dtype.type(smallest) for r in ranks if r - below < equal})
            ranks = [r for r in ranks if r - below >= equal]
            below += equal
            lo = np.nextafter(np.float64(smallest), np.inf)
            if not ranks:
                return
            continue
        groups = {}
        for rank, b in zip(ranks, bins):
            groups.setdefault(b, []).append(rank)
        for b, group in groups.items():
            # Bins are half-open [e_b, e_b+1), but for the last, closed.
            low = edges[b]
            high = edges[b + 1] if b == len(counts) - 1 else np.nextafter(edges[b + 1], -np.inf)
            if len(groups) > 1:
                _select(values, group, low, high, below + (int(cumulative[b - 1]) if b else 0),
                        answers)
        if len(groups) > 1:
            return
        b = bins[0]
        below += int(cumulative[b - 1]) if b else 0
        lo = edges[b]
        hi = edges[b + 1] if b == len(counts) - 1 else np.nextafter(edges[b + 1], -np.inf)


def median(values):
    """``np.median`` of a Dask array, exactly (a few passes over the data)."""
    return _middle(values, values.size)


def _middle(values, n):
    """The median of the ``n`` lowest values of a Dask array."""
    a, b = _kth_values(values, [(n - 1) // 2, n // 2])
    return np.mean(np.array([a, b], dtype=values.dtype))


def finite_median(values):
    """The median of the finite values of a Dask array, exactly; NaN if there are none (as
    the NumPy path's ``_denoise._mad_sigma``)."""
    import dask.array as da

    finite = da.isfinite(values)
    n = int(finite.sum().compute())
    if n == 0:
        return np.float64(np.nan)
    # Every other value becomes +inf, above all the finite ones: their ranks are 0 .. n-1.
    return _middle(da.where(finite, values, np.inf), n)
