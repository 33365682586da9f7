"""The maximal overlap discrete wavelet packet transform (Percival & Walden, section 6.6):
``modwpt``, ``imodwpt``, ``modwptdetails`` and ``packet_bands``.

The conventions are :mod:`atrous._modwt`'s (its filters, circular boundary, any length).
Level ``j`` (dilation ``s = 2**(j-1)``) splits every node ``(j-1, n)`` into ``(j, 2n)`` and
``(j, 2n+1)``::

    n even:  W_{j,2n}[t] = sum_l g_l W_{j-1,n}[t - s l]    W_{j,2n+1}[t] = sum_l h_l ...
    n odd:   W_{j,2n}[t] = sum_l h_l W_{j-1,n}[t - s l]    W_{j,2n+1}[t] = sum_l g_l ...

from ``W_{0,0} = x``. Swapping the filters below the odd nodes puts the nodes of a level in
sequency order, node ``n`` covering ``[n, n + 1] / 2**(j+1)`` cycles per sample. Node
``(J, 0)`` is the MODWT's ``V_J`` and node ``(1, 1)`` its ``W_1``. The inverse is the
adjoint: ``W_{j-1,n}[t] = sum_l a_l W_{j,2n}[t + s l] + b_l W_{j,2n+1}[t + s l]`` with
``(a, b) = (g, h)`` for even ``n`` and ``(h, g)`` for odd ``n``.

Buffers. Level ``j``'s nodes live in the first ``2**j`` rows of the output, node ``n`` in row
``n``, except node 0, which alternates between row 0 and one scratch signal (as the MODWT's
smooth does) so that the last level's lands in row 0. The parents are split in descending
order: the children of parent ``n >= 1`` go to rows ``2n`` and ``2n + 1``, which held
parents already split. So the forward transform needs the output and one signal more.
"""

import math
from typing import NamedTuple

import numpy as np

from . import _memory, _modwt
from . import _validation as validate
from ._bands import _check_representable, _sampling_rate
from ._dispatch import chunkable
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import Program, call_key, filter_along_axis, plans
from ._kernels.boundary import WRAP

__all__ = ["modwpt", "imodwpt", "modwptdetails", "packet_bands", "PacketBands"]

# The deepest packet level: 2**20 (about a million) nodes, each a whole copy of the signal's
# shape and one engine call per level. Deeper levels are refused whatever the memory.
MAX_PACKET_LEVEL = 20


# The default level, MATLAB's: 16 nodes.
DEFAULT_PACKET_LEVEL = 4


# The share of the memory available now (:mod:`atrous._memory`) that a packet transform may
# take: the forward transform's output is 2**level copies of the signal, and it needs one
# copy more (a quarter more for modwptdetails), besides what the caller does next with the
# nodes; the inverse, what it allocates (the signal and a work array of half the nodes).
MEMORY_FRACTION = 0.5


def as_packet_level(level, samples=None, itemsize=8):
    """``level`` (already an integer from 1 to 64) checked against the packet transform's
    cost: at most :data:`MAX_PACKET_LEVEL`, and ``2**level * samples * itemsize`` bytes of
    output at most :data:`MEMORY_FRACTION` of the memory available now, and at most the
    physical memory (``samples=None`` skips that check). Checked before anything is
    allocated, on every call (the plans check again before they allocate)."""
    if level > MAX_PACKET_LEVEL:
        raise ValueError(
            f"`level`={level} would make 2**{level} = {2**level} wavelet packets, each the "
            f"size of the signal; use a `level` of at most {MAX_PACKET_LEVEL}")
    if not samples:
        return level
    budget = _memory.budget(MEMORY_FRACTION)
    need = 2**level * samples * itemsize
    if budget is not None and need > budget:
        fits = int(math.floor(math.log2(max(budget / (samples * itemsize), 1))))
        advice = (f"use a `level` of at most {fits}" if fits >= 1 else
                  "transform fewer samples at a time (a Dask array in smaller chunks)")
        raise _memory.refusal(
            need, f"`level`={level} (2**{level} nodes of {samples} samples of {itemsize} "
            "bytes)", advice, MEMORY_FRACTION)
    return level


def check_inverse_memory(rows, samples, itemsize, copied, block=False):
    """A ``ValueError`` if what :func:`imodwpt` allocates for ``rows`` nodes of ``samples``
    samples does not fit in :data:`MEMORY_FRACTION` of the memory available now: the
    signal and a work array of ``rows // 2`` nodes (none for 2 nodes), and, if ``copied``,
    a C-contiguous copy of the nodes (a NumPy ``w`` that is not C-contiguous, or the
    stacked rows of a Dask ``block``)."""
    work = rows // 2 if rows > 2 else 0
    need = (1 + work + (rows if copied else 0)) * samples * itemsize
    budget = _memory.budget(MEMORY_FRACTION)
    if budget is None or need <= budget:
        return
    copy = ("the block's nodes stacked, " if block else
            "a C-contiguous copy of `w`, " if copied else "")
    advice = ("invert fewer samples at a time: `w` as a Dask array in smaller chunks "
              "(along the signal's axis too), or a part of its other axes at a time")
    if copied and not block:
        advice = f"pass `w` C-contiguous (np.ascontiguousarray), or {advice}"
    raise _memory.refusal(
        need, f"imodwpt of `w` ({rows} nodes of {samples} samples of {itemsize} bytes"
        f"{' in a block' if block else ''}: {copy}the signal and a work array of {work} "
        "nodes)", advice, MEMORY_FRACTION)


def reach(filters, level):
    """How far along the axis a node of a ``level``-level MODWPT depends on its input (and
    a sample of the inverse, or of a node's component, on the nodes): every path down the
    tree is ``level`` filters at dilations ``1 ... 2**(level-1)``, so the MODWT's reach."""
    return _modwt.reach(filters, level)


# What the docstrings share (see fill_docstrings, called below the functions).
_MODWPT_DOCS = {
    "signal": """
        x : array_like
            The signal, any length ``N >= 2``; n-d arrays are transformed along ``axis``,
            batched over the others.
        wavelet : str, pywt.Wavelet or filter bank, optional
            An orthogonal wavelet, as :func:`modwt` takes it: a PyWavelets name or one of
            waveslim's (``'haar'``, ``'d4'`` ... ``'d20'``, ``'la8'`` ... ``'la20'``).
            Default ``'sym4'`` (waveslim's ``'la8'``).
        level : int, optional
            The level ``J`` (1 to 20). Default ``min(4, floor(log2(N)))``, as MATLAB's
            ``modwpt``: ``2**J`` copies of the signal, so not ``modwt``'s full depth.
        axis : int, optional
            Axis of ``x`` to transform. Default -1.
    """,
    "signal_errors": """
        ValueError
            A non-orthogonal or unknown wavelet, fewer than 2 samples, ``level < 1``, or a
            ``level`` above 20 or whose ``2**level`` copies of ``x`` would take more than
            half of the memory available now (the message gives the deepest level that
            fits). Checked on every call, before anything is allocated.
        TypeError
            ``level`` or ``axis`` not an integer: a float is refused, ``2.0`` as ``2.5``
            (PyWavelets' drop-ins, such as :func:`swt`, take ``2.0`` as PyWavelets does).
        numpy.exceptions.AxisError
            If ``axis`` is out of range.
    """,
    "packet_notes": """
        Node ``n`` of level ``J`` keeps the nominal band ``[n / 2**(J+1), (n+1) / 2**(J+1)]``
        cycles per sample (:func:`packet_bands`): the nodes are in sequency (frequency)
        order, because the filters are swapped below every odd node (Percival & Walden,
        section 6.6). Filters, circular boundary and alignment are :func:`modwt`'s: node 0
        is the MODWT's ``V_J``, and at level 1 node 1 is its ``W_1``. Energy is preserved at
        every level, ``sum_n ||W_{J,n}||**2 = ||x||**2``.

        Memory: the result is ``2**J`` times the size of ``x`` (``J = 10`` gives 1024
        copies), so ``level`` is limited to 20, and to the levels whose result takes at
        most half of the memory available when it is called (Linux's ``MemAvailable``,
        within the cgroup's limit; the free memory elsewhere), and at most the physical
        memory. Every call checks it (a reading is reused for a tenth of a second). For a
        Dask array, one block's nodes must fit.
    """,
}


def modwpt_settings(x, wavelet, level, axis, samples=None):
    """:func:`modwpt`'s arguments checked against ``x`` (an array of any kind: only its
    shape and dtype are read) and resolved, as the keyword arguments of
    :func:`modwpt_with`. ``samples``: how many samples of ``x`` one call computes at once
    (the whole array by default; a Dask block), for the memory check."""
    # atrous's own transform: 2.0 is no more an integer than 2.5 (PyWavelets' drop-ins take it)
    if level is not None:
        validate.integer(level, "level", integral_floats=False)
    validate.integer(axis, "axis", integral_floats=False)
    settings = _modwt.modwt_settings(x, wavelet, level, axis, "periodic")
    if level is None:  # 16 nodes at most: the full depth would be N copies of x
        settings["level"] = min(settings["level"], DEFAULT_PACKET_LEVEL)
    itemsize = validate.transform_dtype(x.dtype).itemsize
    level = as_packet_level(settings["level"], x.size if samples is None else samples,
                            itemsize)
    return {"filters": settings["filters"], "level": level, "axis": settings["axis"]}


def modwpt_plan(x, filters, level, axis):
    """:func:`modwpt` planned for NumPy arrays like ``x``, with settings from
    :func:`modwpt_settings`: a function of the data. Slots: the data (C-contiguous), the
    output ``(2**J, *x.shape)``, a scratch array."""
    shape = x.shape
    size = int(np.prod(shape, dtype=np.int64))
    g, h = filters
    bank = np.stack([g, h])[:, None, :]
    program = Program(x.dtype)
    first = (0, 0)  # node (j - 1, 0)
    for j in range(1, level + 1):
        offsets = [-(2 ** (j - 1)) * k for k in range(len(g))]
        # Descending: the rows 2n, 2n + 1 a parent writes held parents already split.
        for n in range(2 ** (j - 1) - 1, -1, -1):
            low = (1, 2 * n * size) if n else ((1, 0) if (level - j) % 2 == 0 else (2, 0))
            high = (1, (2 * n + 1) * size)
            children = [low, high] if n % 2 == 0 else [high, low]
            program.add([(1, n * size) if n else first], children, bank, offsets, WRAP, axis,
                        shape)
        first = low
    dtype, rows = x.dtype, 2**level

    def run(x):
        as_packet_level(level, size, dtype.itemsize)  # the memory available now
        out = np.empty((rows,) + shape, dtype)
        program.run((np.ascontiguousarray(x), out,
                     np.empty(shape, dtype) if level > 1 else out))
        return out

    return run


def modwpt_with(x, filters, level, axis):
    """:func:`modwpt` of the NumPy ``x`` with settings from :func:`modwpt_settings`."""
    return modwpt_plan(x, filters, level, axis)(x)


def _planned(name, plan, settings, data, wavelet, *arguments):
    """``plan(data, **settings(data, wavelet, *arguments))(data)``, the plan remembered
    for calls like this one."""
    wavelet_key = validate.wavelet_key(wavelet)
    key = None if wavelet_key is None else call_key(name, data, wavelet_key, *arguments)
    return plans.get(key, lambda: plan(data, **settings(data, wavelet, *arguments)))(data)


def imodwpt_settings(w, wavelet, axis, samples=None):
    """:func:`imodwpt`'s arguments checked against ``w`` (an array of any kind: its shape,
    ``(2**J, *x.shape)``) and resolved, as the keyword arguments of :func:`imodwpt_with`:
    the checks :func:`modwpt` makes of ``x`` and of ``level``, memory included.
    ``samples``: how many samples of the signal one call computes, given by a chunked
    runner (its largest block, whose nodes it stacks); None for a NumPy ``w``, the whole
    signal."""
    rows = w.shape[0] if w.ndim else 0
    if w.ndim < 2 or rows < 2 or rows & (rows - 1):
        raise ValueError(f"`w` must be what modwpt returns, shape (2**level, *x.shape) with "
                         f"level >= 1; got shape {w.shape}")
    if rows > 2**MAX_PACKET_LEVEL:
        raise ValueError(f"`w` holds {rows} = 2**{rows.bit_length() - 1} nodes; modwpt makes "
                         f"at most 2**{MAX_PACKET_LEVEL} (its deepest `level`)")
    axis = validate.as_axis(validate.integer(axis, "axis", integral_floats=False), w.ndim - 1)
    n = w.shape[axis + 1]
    if n < 2:
        raise ValueError(f"`w` has {n} sample(s) along axis {axis + 1} (the signal's axis "
                         f"{axis}); the MODWT needs at least 2")
    filters = _modwt.filters(wavelet)
    itemsize = validate.transform_dtype(w.dtype).itemsize
    block = samples is not None  # a chunked runner's block: its nodes are stacked (copied)
    check_inverse_memory(rows, samples if block else math.prod(w.shape[1:]), itemsize,
                         copied=block or not w.flags.c_contiguous, block=block)
    return {"filters": filters, "axis": axis}


def imodwpt_plan(w, filters, axis):
    """:func:`imodwpt` planned for NumPy arrays like ``w``, with settings from
    :func:`imodwpt_settings`: a function of ``w``.

    Level ``j``'s parents go, in ascending order, to rows ``n >= 1`` of a work array of
    ``2**(J-1)`` rows (row ``n`` held child ``n``, already merged into parent ``n // 2``);
    parent 0 alternates between the result and the work array's row 0. Slots: ``w``
    (C-contiguous), the result, the work array."""
    level = w.shape[0].bit_length() - 1
    shape = w.shape[1:]
    size = int(np.prod(shape, dtype=np.int64))
    g, h = filters
    banks = [np.stack([g, h])[None], np.stack([h, g])[None]]  # even, odd parents
    program = Program(w.dtype)
    children, first = 0, None  # the slot holding the children, and where child 0 is
    for j in range(level, 0, -1):
        offsets = [2 ** (j - 1) * k for k in range(len(g))]
        zero = (1, 0) if (j - 1) % 2 == 0 else (2, 0)
        for n in range(2 ** (j - 1)):
            pair = [(children, 2 * n * size) if n or first is None else first,
                    (children, (2 * n + 1) * size)]
            program.add(pair, [(2, n * size) if n else zero], banks[n % 2], offsets, WRAP,
                        axis, shape)
        children, first = 2, zero
    dtype = w.dtype
    work_shape = (2 ** (level - 1),) + shape
    copied = not w.flags.c_contiguous

    def run(w):
        check_inverse_memory(2**level, size, dtype.itemsize, copied)  # available now
        result = np.empty(shape, dtype)
        program.run((np.ascontiguousarray(w), result,
                     np.empty(work_shape, dtype) if level > 1 else result))
        return result

    return run


def imodwpt_with(w, filters, axis):
    """:func:`imodwpt` of the NumPy ``w`` with settings from :func:`imodwpt_settings`."""
    return imodwpt_plan(w, filters, axis)(w)


def _components_in_place(w, filters, axis):
    """Replace each node of ``w`` (C-contiguous, rows in sequency order) by its component,
    the inverse of that node alone: ``J`` single-filter steps up its path.

    Nodes are taken in groups; a step is one engine call for the whole group, each line
    with its node's filter (weight sets). Two scratch groups, an eighth of ``w`` each."""
    count = w.shape[0]
    level = count.bit_length() - 1
    g, h = filters
    outer = math.prod(w.shape[1:axis + 1])
    group = max(1, count // 8)
    spare = [np.empty((group,) + w.shape[1:], w.dtype) for _ in range(2)]
    for start in range(0, count, group):
        nodes = np.arange(start, min(start + group, count))
        block = w[start:start + len(nodes)]
        source = block
        for j in range(level, 0, -1):
            child = nodes >> (level - j)
            # g where the child's side matches its parent's parity (sequency order).
            taps = np.where(((child & 1) == ((child >> 1) & 1))[:, None], g, h)
            weights = np.repeat(taps[:, None, None, :], outer, axis=0)
            target = block if (j - 1) % 2 == 0 else spare[0][:len(nodes)]
            if target is source:
                target = spare[1][:len(nodes)]
            filter_along_axis([source], weights, [2 ** (j - 1) * k for k in range(len(g))],
                              WRAP, axis + 1, [target])
            source = target
        if source is not block:  # one level: its one step could not write in place
            block[...] = source
    return w


def modwptdetails_plan(x, filters, level, axis):
    """:func:`modwptdetails` planned for NumPy arrays like ``x``."""
    packets = modwpt_plan(x, filters, level, axis)
    return lambda x: _components_in_place(packets(x), filters, axis)


def modwptdetails_with(x, filters, level, axis):
    """:func:`modwptdetails` of the NumPy ``x`` with settings from :func:`modwpt_settings`."""
    return modwptdetails_plan(x, filters, level, axis)(x)


@chunkable("modwpt", "x")
def modwpt(x, wavelet="sym4", level=None, axis=-1):
    """Maximal overlap discrete wavelet packet transform (MATLAB's ``modwpt``, R wmtsa's
    ``wavMODWPT``).

    Every node of every level is split by the MODWT's two filters at the level's dilation,
    so all ``2**J`` nodes of level ``J`` are returned, each as long as ``x``.

    Parameters
    ----------
    {signal}

    Returns
    -------
    w : ndarray
        Shape ``(2**J, *x.shape)``, of ``x``'s dtype (float32 stays float32): the nodes
        ``W_{J,0} ... W_{J,2**J-1}`` of level ``J``, in sequency order, in one allocation.

    Raises
    ------
    {signal_errors}

    See Also
    --------
    atrous.imodwpt : The inverse.
    atrous.modwptdetails : Each node's additive component.
    atrous.packet_bands : Each node's frequency band.
    atrous.modwt : The transform that splits the scaling node only.

    Notes
    -----
    {packet_notes}

    {references_modwt}

    Examples
    --------
    Three levels of a length-100 series give 2**3 nodes of 100 samples, holding its
    energy; the first is the MODWT's smooth:

    >>> import numpy as np, atrous
    >>> series = np.random.default_rng(0).standard_normal(100)
    >>> packets = atrous.modwpt(series, 'la8', level=3)
    >>> packets.shape
    (8, 100)
    >>> float(np.sum(packets ** 2) / np.sum(series ** 2))
    1.0
    >>> np.allclose(packets[0], atrous.modwt(series, 'la8', level=3)[-1])
    True
    """
    data = validate.as_signal(x, "x")
    return _planned("modwpt", modwpt_plan, modwpt_settings, data, wavelet, level, axis)


@chunkable("imodwpt", "w")
def imodwpt(w, wavelet="sym4", axis=-1):
    """Inverse maximal overlap wavelet packet transform: the signal from the nodes of a
    level (MATLAB's ``imodwpt``).

    Parameters
    ----------
    w : array_like
        What :func:`modwpt` returns: shape ``(2**J, *x.shape)``, the nodes of level ``J``
        in sequency order.
    wavelet : str, pywt.Wavelet or filter bank, optional
        The wavelet :func:`modwpt` used. Default ``'sym4'``.
    axis : int, optional
        The signal's axis, as given to :func:`modwpt` (axis ``axis + 1`` of ``w``).

    Returns
    -------
    x : ndarray
        The signal, shape ``w.shape[1:]``: exact for every length (the adjoint of an
        energy-preserving transform).

    Raises
    ------
    ValueError
        ``w`` not of shape ``(2**J, ...)`` with ``1 <= J <= 20``, fewer than 2 samples
        along the signal's axis, an unknown or non-orthogonal wavelet, or an inverse
        whose arrays (below) would take more than half of the memory available now,
        checked on every call before anything is allocated.
    TypeError
        ``axis`` not an integer (a float, ``0.0`` too).
    numpy.exceptions.AxisError
        If ``axis`` is out of range.

    See Also
    --------
    atrous.modwpt : The forward transform.
    atrous.modwptdetails : The reconstruction from each node alone.

    Notes
    -----
    Level ``j`` merges the nodes ``2n`` and ``2n + 1`` into node ``n`` of level ``j - 1``
    with the transposed filters, the odd parents' swapped. Memory: the result and a work
    array of half of ``w`` (of ``2**(J-1)`` nodes), and a C-contiguous copy of ``w`` if it
    is not one; for a Dask array, per block, and the block's nodes stacked besides. These
    must fit in half of the memory available now.

    {references_modwt}

    Examples
    --------
    Any length, and as many levels as fit:

    >>> import numpy as np, atrous
    >>> signal = np.cos(np.arange(77) / 3)
    >>> nodes = atrous.modwpt(signal, 'coif1', level=5)
    >>> len(nodes)
    32
    >>> bool(np.abs(atrous.imodwpt(nodes, 'coif1') - signal).max() < 1e-12)
    True
    """
    w = validate.as_signal(w, "w")
    return _planned("imodwpt", imodwpt_plan, imodwpt_settings, w, wavelet, axis)


@chunkable("modwptdetails", "x")
def modwptdetails(x, wavelet="sym4", level=None, axis=-1):
    """The wavelet packet components of a signal: what each node of level ``J`` of its
    MODWPT contributes (MATLAB's ``modwptdetails``).

    Parameters
    ----------
    {signal}

    Returns
    -------
    details : ndarray
        Shape ``(2**J, *x.shape)``: row ``n`` is :func:`imodwpt` of the nodes with all
        but node ``n`` set to zero, a band-pass component of ``x`` around the band of
        node ``n``; the rows sum to ``x``.

    Raises
    ------
    {signal_errors}

    See Also
    --------
    atrous.modwpt : The nodes.
    atrous.modwtmra : The MODWT's components, octave bands.
    atrous.packet_bands : Each row's frequency band.

    Notes
    -----
    {packet_notes}

    Each component is computed up its node's path only (``J`` filters), in the memory of
    the nodes and a quarter more.

    {references_modwt}

    Examples
    --------
    Two tones of equal energy, one in node 1's band ``[1/8, 1/4]`` and one in node 3's
    ``[3/8, 1/2]``, come apart (node 1's filters, two levels deep, leak a little of its
    tone into its neighbours), and the four components add up to the signal:

    >>> import numpy as np, atrous
    >>> t = np.arange(256)
    >>> low, high = np.cos(2 * np.pi * t * 3 / 16), np.cos(2 * np.pi * t * 7 / 16)
    >>> parts = atrous.modwptdetails(low + high, 'la20', level=2)
    >>> parts.shape
    (4, 256)
    >>> np.allclose(parts.sum(axis=0), low + high)
    True
    >>> np.round(np.sum(parts ** 2, axis=1) / np.sum(low ** 2), 2)   # energy per part
    array([0.  , 0.92, 0.  , 1.  ])
    """
    data = validate.as_signal(x, "x")
    return _planned("modwptdetails", modwptdetails_plan, modwpt_settings, data, wavelet,
                    level, axis)


class PacketBands(NamedTuple):
    """The nominal bands of the nodes of one level of the wavelet packet transform, in
    cycles per unit of time (Hz when ``fs`` is in Hz)."""

    node: np.ndarray
    """Nodes ``0 ... 2**J - 1``, in sequency order (rows of :func:`modwpt`)."""
    low: np.ndarray
    """Lower edge of each node's band, ``node * fs / 2**(J + 1)``."""
    high: np.ndarray
    """Upper edge, ``(node + 1) * fs / 2**(J + 1)``."""


def packet_bands(level, fs=1.0):
    """Nominal frequency band of each node of a level of :func:`modwpt`.

    Level ``J`` cuts ``[0, fs / 2]`` into ``2**J`` equal bands; node ``n`` (row ``n`` of
    :func:`modwpt` and :func:`modwptdetails`, which are in sequency order) keeps
    ``[n fs / 2**(J+1), (n+1) fs / 2**(J+1)]``. The edges are nominal: a finite wavelet's
    filters leak into the neighbouring bands, the more the shorter the wavelet.

    Parameters
    ----------
    level : int
        The level ``J`` (1 to 20).
    fs : float, optional
        The sampling rate. Default 1.0: frequencies in cycles per sample.

    Returns
    -------
    bands : PacketBands
        ``node``, ``low`` and ``high``, arrays over the nodes ``0 ... 2**J - 1``.

    Raises
    ------
    TypeError
        A ``level`` that is not an integer (``2.0`` is one).
    ValueError
        A ``level`` outside ``[1, 20]``; an ``fs`` that is not a positive finite number,
        or so small that the bands' edges underflow float64.

    See Also
    --------
    modwpt, modwptdetails, level_bands

    References
    ----------
    Percival, D. B. and Walden, A. T. (2000). *Wavelet Methods for Time Series Analysis*,
    Cambridge University Press, section 6.6 (the nominal pass bands of the MODWPT).

    Examples
    --------
    >>> import atrous
    >>> bands = atrous.packet_bands(2, fs=100.0)       # 100 Hz sampling
    >>> bands.node
    array([0, 1, 2, 3])
    >>> bands.low, bands.high
    (array([ 0. , 12.5, 25. , 37.5]), array([12.5, 25. , 37.5, 50. ]))
    """
    level = as_packet_level(validate.as_level(validate.integer(level, "level"), 1))
    fs = _sampling_rate(fs)
    node = np.arange(2**level)
    _check_representable(level, fs)
    width = fs / 2.0 ** (level + 1)
    return PacketBands(node=node, low=node * width, high=(node + 1) * width)


fill_docstrings({**_MODWPT_DOCS, **REFERENCES}, modwpt, imodwpt, modwptdetails)
