"""Dilated convolution layers with torch's semantics on NumPy arrays: ``conv1d``, ``conv2d``.

``conv1d(input, weight, bias, stride, padding, dilation, groups, padding_mode)`` computes
what ``torch.nn.functional.conv1d`` computes after ``torch.nn.functional.pad`` with
``padding_mode`` (torch's cross-correlation):

    out[b, o, t] = bias[o] + sum_{c, k} weight[o, c, k] * padded[b, g(o) + c, t * stride + k * d]

Single-channel and depthwise layers (each output channel reads one input channel) go
through the engine, which reads the input in place with the padding as a boundary rule.
Layers that mix channels pad the input once; 1-d ones then make, block by block of
positions, one BLAS product of all the taps' kernels stacked and sum its row blocks at their
dilated shifts while in cache; 2-d ones add one BLAS product per tap on shifted views.
Strided layers (but depthwise ones at stride 2, cheaper computed in place and kept
compactly), and layers whose padded input would be far longer than what the outputs read
(huge dilations), gather what the kept outputs read instead, through the padding's index
map: no padded copy, no output that is then dropped. Never an im2col copy or
a zero-stuffed kernel. Paddings may be longer than the input in every mode (torch limits
reflect and circular padding).
"""

import numpy as np

from . import _validation as validate
from ._docstrings import REFERENCES, fill_docstrings
from ._engine import Program, extend, filter_along_axis, plans
from ._kernels import boundary

__all__ = ["conv1d", "conv2d"]



def _paddings(padding, kernel, dilation, stride, spatial):
    """``[(before, after)]`` per spatial axis for an int, tuple, 'valid', 'same' or 'causal'."""
    spans = [(k - 1) * d for k, d in zip(kernel, dilation)]
    if isinstance(padding, str):
        if padding == "valid":
            return [(0, 0)] * spatial
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions "
                                 "(as in torch); use stride=1 or an explicit padding")
            return [(span // 2, span - span // 2) for span in spans]
        if padding == "causal":
            if spatial != 1:
                raise ValueError("padding='causal' is for conv1d: a causal layer pads the "
                                 "past of one time axis")
            return [(spans[0], 0)]
        raise ValueError(f"`padding`={padding!r}: use an int, a tuple, 'valid', 'same' or "
                         "'causal'")
    if padding is None:
        raise TypeError("`padding` must be an int, a tuple, 'valid', 'same' or 'causal', "
                        "got None")
    return [(p, p) for p in validate.int_tuple(padding, spatial, "padding", 0)]


def _prepare(input, weight, bias, stride, padding, dilation, groups, padding_mode, spatial):
    x = np.asarray(input)
    w = np.asarray(weight)
    for array, name in ((x, "input"), (w, "weight")):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"`{name}` must hold real numbers, got dtype {array.dtype}")
    batched = x.ndim == spatial + 2
    if x.ndim not in (spatial + 1, spatial + 2):
        raise ValueError(f"`input` must have shape (N, C_in, {'L' if spatial == 1 else 'H, W'})"
                         f" or (C_in, ...): {spatial + 1} or {spatial + 2} dimensions, got "
                         f"{x.shape}")
    if not batched:
        x = x[None]
    if w.ndim != spatial + 2:
        raise ValueError(f"`weight` must have {spatial + 2} dimensions (C_out, C_in / groups, "
                         f"kernel...), got shape {w.shape}")
    groups = validate.integer(groups, "groups")
    channels, out_channels = x.shape[1], w.shape[0]
    if groups < 1 or channels % groups or out_channels % groups:
        raise ValueError(f"`groups`={groups} must divide both the input channels ({channels}) "
                         f"and the output channels ({out_channels})")
    if w.shape[1] * groups != channels:
        raise ValueError(f"`weight` expects {w.shape[1] * groups} input channels "
                         f"(shape {w.shape} with groups={groups}); `input` has {channels}")
    if min(w.shape[2:], default=1) < 1:
        raise ValueError(f"`weight` has an empty kernel: shape {w.shape}")
    dtype = np.result_type(x.dtype, w.dtype, np.float32)
    if dtype not in (np.float32, np.float64):
        dtype = np.dtype(np.float64)
    if bias is not None:
        bias = np.asarray(bias)
        if bias.dtype.kind not in "biuf":
            raise TypeError(f"`bias` must hold real numbers, got {bias.dtype} values")
        if bias.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},), got {bias.shape}")
        dtype = np.result_type(dtype, bias.dtype)
    stride = validate.int_tuple(stride, spatial, "stride", 1)
    dilation = validate.int_tuple(dilation, spatial, "dilation", 1)
    padding_code = validate.as_padding_mode(padding_mode)
    pads = _paddings(padding, w.shape[2:], dilation, stride, spatial)
    sizes = []
    for axis, (length, (before, after), k, d, s) in enumerate(
            zip(x.shape[2:], pads, w.shape[2:], dilation, stride)):
        if length == 0 and (before or after) and padding_code != boundary.ZERO:
            raise ValueError(
                f"`input` has no samples along spatial axis {axis} to pad with "
                f"`padding_mode`={padding_mode!r}; only 'zeros' pads an empty axis (torch "
                "refuses too)")
        extent = length + before + after - (k - 1) * d
        if extent < 1:
            raise ValueError(
                f"the dilated kernel ({(k - 1) * d + 1} samples) is longer than the padded "
                f"input ({length + before + after} samples) along spatial axis {axis}: no "
                "output; pad more or use padding='same'")
        sizes.append((extent - 1) // s + 1)
    return (x.astype(dtype, copy=False), w.astype(dtype, copy=False), bias, stride, pads,
            dilation, groups, padding_code, padding_mode, sizes, batched)


def _pad(x, pads, padding_mode):
    """``x`` extended along its spatial axes by the padding mode's boundary rule."""
    code = validate.as_padding_mode(padding_mode)
    for axis, (before, after) in enumerate(pads, start=2):
        if before or after:
            x = extend(x, axis, before, after, code)
    return x


def _per_channel_1d_plan(shape, w, pads, dilation, mode, size):
    """Each output channel reads one input channel, stride 1: one engine launch, a filter
    per channel, with the padding as the boundary rule (no padded copy). Planned for inputs
    ``(batch, channels, length)`` of ``shape`` and ``w``'s dtype: a function of the input."""
    batch, channels, _ = shape
    out_channels, _, taps = w.shape
    per_channel = out_channels // channels
    full = size
    offsets = [k * dilation - pads[0] for k in range(taps)]
    # Weight sets (channel, output j of the channel, input, tap): line (b, c) uses set c.
    weights = w.reshape(channels, per_channel, 1, taps).astype(np.float64)
    program = Program(w.dtype)
    step = batch * channels * full
    program.add([(0, 0)], [(1, j * step) for j in range(per_channel)], weights, offsets, mode,
                2, shape, full)
    dtype = w.dtype

    def run(x):
        out = np.empty((per_channel, batch, channels, full), dtype)
        program.run((np.ascontiguousarray(x), out))
        if per_channel == 1:
            return out[0]
        return np.stack(list(out), axis=2).reshape(batch, out_channels, full)

    return run


# Positions per block of the channel-mixing layers: the products of a block stay in cache.
_DENSE_BLOCK = 4096


def _dense_1d(x, w, pads, dilation, padding_mode, size, groups):
    """Channel-mixing 1-d layers at stride 1, block by block of positions: one BLAS product
    of all the taps' kernels stacked, ``(K C_out, C_in) @ (C_in, block + span)``, on the
    padded input, then the ``K`` row blocks summed at their dilated shifts while still in
    cache. For spans up to a block (the padded input is then at most a span longer than the
    output)."""
    batch, channels, _ = x.shape
    out_channels, in_group, taps = w.shape
    out_group = out_channels // groups
    span = (taps - 1) * dilation
    full = size
    padded = _pad(x, [pads], padding_mode)
    out = np.empty((batch, out_channels, full), x.dtype)
    for g in range(groups):
        # Rows k * out_group ... of the stack are tap k's (out_group, in_group) kernel.
        stacked = np.ascontiguousarray(np.moveaxis(
            w[g * out_group:(g + 1) * out_group], 2, 0).reshape(taps * out_group, in_group))
        for b in range(batch):
            source = padded[b, g * in_group:(g + 1) * in_group]
            target = out[b, g * out_group:(g + 1) * out_group]
            for start in range(0, full, _DENSE_BLOCK):
                stop = min(full, start + _DENSE_BLOCK)
                count = stop - start
                products = stacked @ source[:, start:stop + span]
                block = target[:, start:stop]
                block[...] = products[:out_group, :count]
                for k in range(1, taps):
                    block += products[k * out_group:(k + 1) * out_group,
                                      k * dilation:k * dilation + count]
    return out


def _per_channel_strided_1d(x, w, pads, dilation, stride, size, padding_mode):
    """Each output channel reads one input channel, with a stride: the kept outputs only.

    Tap ``k`` reads the padded input at ``t * stride + shift_k``, ``shift_k = k * dilation -
    before``: phase ``shift_k % stride`` of it at ``t + shift_k // stride``. The phases the
    taps read (or, where that is smaller, each tap's own window) are gathered once through
    the padding's index map into one axis, which the engine filters in place with every
    tap reading inside it.
    """
    batch, channels, length = x.shape
    out_channels, _, taps = w.shape
    per_channel = out_channels // channels
    shifts = [k * dilation - pads[0][0] for k in range(taps)]
    phases = {}
    for k, shift in enumerate(shifts):
        phases.setdefault(shift % stride, []).append(k)
    spans = {p: max(shifts[k] // stride for k in ks) - min(shifts[k] // stride for k in ks)
             for p, ks in phases.items()}
    segments, offsets = [], [0] * taps  # (first padded position, samples) of each segment
    start = 0
    if sum(spans.values()) + len(phases) * size <= taps * size:
        for phase, ks in phases.items():
            low = min(shifts[k] // stride for k in ks)
            for k in ks:
                offsets[k] = start + shifts[k] // stride - low
            segments.append((low * stride + phase, spans[phase] + size))
            start += spans[phase] + size
    else:
        for k, shift in enumerate(shifts):
            offsets[k] = k * size
            segments.append((shift, size))
    gathered = np.concatenate([piece for first, count in segments
                               for piece in _strided_pieces(x, first, stride, count,
                                                            padding_mode)], axis=-1)
    weights = w.reshape(channels, per_channel, 1, taps).astype(np.float64)
    targets = [np.empty((batch, channels, size), x.dtype) for _ in range(per_channel)]
    filter_along_axis([gathered], weights, offsets, boundary.ZERO, 2, targets)
    if per_channel == 1:
        return targets[0]
    return np.stack(targets, axis=2).reshape(batch, out_channels, size)


def _strided_pieces(x, begin, step, count, padding_mode):
    """The padded positions ``begin + step * t`` (``t < count``) of the last axis of ``x``,
    in order, as up to three arrays: a strided view where they fall within the input,
    gathered through the padding's index map before and after it."""
    length = x.shape[-1]
    inside_from = min(count, max(0, -(begin // step)))
    inside_to = min(count, max(inside_from, -((begin - length) // step)))
    pieces = []
    for part, (first, stop) in enumerate(((0, inside_from), (inside_from, inside_to),
                                          (inside_to, count))):
        if first == stop:
            continue
        start = begin + step * first
        if part == 1:
            pieces.append(x[..., start:start + step * (stop - first - 1) + 1:step])
            continue
        indices, inside = _window(start, step, stop - first, length, padding_mode)
        piece = np.take(x, indices, axis=-1)
        if inside is not None:
            piece[..., np.flatnonzero(~inside)] = 0
        pieces.append(piece)
    return pieces


def _window(begin, step, count, length, padding_mode):
    """Where the padded positions ``begin + step * t`` (``t < count``; input coordinates,
    any Python int) read an axis of ``length`` samples: ``(indices, inside)``, ``inside``
    a mask of the positions within the input with zero padding (None if all are)."""
    t = np.arange(count, dtype=np.int64)
    if padding_mode in ("circular", "reflect"):
        # numpy's 'reflect' mirrors about the edge samples: period 2 * length - 2.
        period = length if padding_mode == "circular" else max(2 * length - 2, 1)
        positions = (begin % period + (step % period) * t) % period
        if padding_mode == "reflect":
            positions = np.where(positions < length, positions, period - positions)
        return positions, None
    # 'replicate' and 'zeros': positions before the input, within it, after it.
    start = min(count, max(0, -(begin // step)))  # first t with begin + step * t >= 0
    stop = min(count, max(start, -((begin - length) // step)))  # first t past the end
    indices = np.zeros(count, dtype=np.int64)
    indices[stop:] = length - 1
    if stop > start:  # then step < length unless a single position is inside
        first = begin + step * start
        indices[start:stop] = first + (step if stop - start > 1 else 0) * t[:stop - start]
    if padding_mode == "replicate" or (start == 0 and stop == count):
        return indices, None
    inside = np.zeros(count, dtype=bool)
    inside[start:stop] = True
    return indices, inside


def _windows(x, taps, dilation, pads, stride, sizes, padding_mode):
    """``(tap, window)`` for each tap that reads anything: the input at the positions that
    tap reads for the kept outputs, ``(N, C, *sizes)``, gathered without a padded copy."""
    lengths = x.shape[2:]
    for tap in np.ndindex(*taps):
        windows = [_window(k * d - before, s, size, length, padding_mode)
                   for k, d, (before, _), s, size, length in zip(tap, dilation, pads, stride,
                                                                 sizes, lengths)]
        if any(inside is not None and not inside.any() for _, inside in windows):
            continue  # zeros only
        window = x
        for axis, (indices, _) in enumerate(windows):
            window = np.take(window, indices, axis=2 + axis)
        for axis, (_, inside) in enumerate(windows):
            if inside is not None:
                outside = (slice(None),) * (2 + axis) + (np.flatnonzero(~inside),)
                window[outside] = 0
        yield tap, window


def _gathered(x, w, pads, dilation, stride, sizes, padding_mode, groups):
    """Strided layers and layers with far more padding than the outputs read (huge
    dilations): each tap's window of the kept outputs only, gathered through the padding's
    index map, then one product per tap (depthwise: a product per channel, summed in
    float64 as the engine does)."""
    batch, channels = x.shape[:2]
    out_channels, in_group = w.shape[:2]
    out_group = out_channels // groups
    positions = int(np.prod(sizes, dtype=np.int64))
    if in_group == 1 and groups == channels:
        out = np.zeros((batch, channels, out_group, positions))
        for tap, window in _windows(x, w.shape[2:], dilation, pads, stride, sizes,
                                    padding_mode):
            kernel = w[(slice(None), 0) + tap].astype(np.float64).reshape(channels, out_group)
            out += kernel[:, :, None] * window.reshape(batch, channels, 1, positions)
    else:
        out = np.zeros((batch, groups, out_group, positions), x.dtype)
        for tap, window in _windows(x, w.shape[2:], dilation, pads, stride, sizes,
                                    padding_mode):
            kernel = w[(slice(None), slice(None)) + tap].reshape(groups, out_group, in_group)
            # (groups, out_group, in_group) @ (batch, groups, in_group, positions)
            out += np.matmul(kernel, window.reshape(batch, groups, in_group, positions))
    return out.reshape((batch, out_channels) + tuple(sizes)).astype(x.dtype, copy=False)


def _moderate(x, pads, sizes, stride, dilation, taps):
    """Whether padding the input costs no more than about its size and the outputs' (and
    strides keep no more than they use): the padded array, then views of it."""
    for length, (before, after), size, s, d, k in zip(x.shape[2:], pads, sizes, stride,
                                                      dilation, taps):
        if before + after > length + size * s + _DENSE_BLOCK or (k - 1) * d > _DENSE_BLOCK + length:
            return False
    return True


def _mixing(x, w, pads, dilation, stride, sizes, padding_mode, groups):
    """Channel-mixing layers: one BLAS product per tap on shifted views of the padded input."""
    padded = _pad(x, pads, padding_mode)
    batch, channels = x.shape[:2]
    out_channels = w.shape[0]
    in_group, out_group = channels // groups, out_channels // groups
    out = np.zeros((batch, out_channels) + tuple(sizes), x.dtype)
    for g in range(groups):
        source = padded[:, g * in_group:(g + 1) * in_group]
        target = out[:, g * out_group:(g + 1) * out_group]
        for tap in np.ndindex(*w.shape[2:]):
            window = tuple(slice(k * d, k * d + (n - 1) * s + 1, s)
                           for k, d, n, s in zip(tap, dilation, sizes, stride))
            view = source[(slice(None), slice(None)) + window]
            kernel = w[(slice(g * out_group, (g + 1) * out_group), slice(None)) + tap]
            # (out_group, in_group) @ (batch, in_group, positions)
            product = np.matmul(kernel, view.reshape(batch, in_group, -1))
            target += product.reshape((batch, out_group) + tuple(sizes))
    return out


def _finish(out, bias, batched):
    if bias is not None:
        out += bias.astype(out.dtype).reshape((1, -1) + (1,) * (out.ndim - 2))
    return out if batched else out[0]


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1,
           padding_mode="zeros"):
    """Dilated 1-d convolution layer with ``torch.nn.functional.conv1d``'s semantics.

    Parameters
    ----------
    input : array_like
        ``(N, C_in, L)`` or, unbatched, ``(C_in, L)``.
    weight : array_like
        ``(C_out, C_in / groups, K)``.
    bias : array_like, optional
        ``(C_out,)``.
    stride : int or 1-tuple, optional
        Step between outputs. Default 1.
    padding : int, 1-tuple, 'valid', 'same' or 'causal', optional
        Samples added at both ends, none (``'valid'``, the same as 0), enough to keep the
        length (``'same'``: ``(K - 1) * dilation`` split as torch does, the extra one at the
        end), or ``(K - 1) * dilation`` at the start only (``'causal'``: the output at
        ``t`` reads inputs up to ``t``).
    dilation : int or 1-tuple, optional
        Samples between taps. Default 1.
    groups : int, optional
        Channel groups, as torch (``groups = C_in`` is depthwise). Default 1.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, optional
        What the padding holds, as ``torch.nn.Conv1d``'s ``padding_mode``; any padding
        length works in every mode (torch limits reflect and circular).

    Returns
    -------
    output : ndarray
        ``(N, C_out, L_out)`` (or ``(C_out, L_out)``), with
        ``L_out = (L + before + after - dilation * (K - 1) - 1) // stride + 1``; float32 if
        the input and weight are float32, else float64.

    Raises
    ------
    ValueError
        Shapes that do not fit together (channels, groups, bias), a kernel longer than the
        padded input, ``'same'`` with a stride, unknown paddings or modes.
    TypeError
        Non-real input, weight or bias; a ``stride``, ``padding`` or ``dilation`` that is
        not an integer (or a tuple of them), such as 2.5 or None.

    See Also
    --------
    atrous.conv2d : The 2-d layer.
    atrous.correlate1d : A single filter with scipy.ndimage's boundary modes.
    atrous.receptive_field : The span of a stack of these layers.
    atrous.dilation_schedule : Dilations that make a stack reach a given span.
    atrous.stream.CausalConv1d : The causal layer fed chunk by chunk.
    torch.nn.functional.conv1d : The PyTorch function whose semantics this keeps.

    {references_conv1d}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> x = np.arange(8.0)[None, None]                       # (N=1, C=1, L=8)
    >>> w = np.array([[[1.0, 1.0]]])                         # x[t - 4] + x[t]
    >>> atrous.conv1d(x, w, dilation=4, padding='causal')
    array([[[ 0.,  1.,  2.,  3.,  4.,  6.,  8., 10.]]])
    >>> atrous.conv1d(x, w, dilation=4).shape                # 'valid'
    (1, 1, 4)
    """
    return plans.get(_key("conv1d", input, weight, bias, stride, padding, dilation, groups,
                          padding_mode),
                     lambda: _conv1d_plan(input, weight, bias, stride, padding, dilation, groups,
                                          padding_mode))(input)


def _key(name, input, weight, bias, *arguments):
    """The key of a layer's call: the input's shape, strides and dtype, the weight's and
    bias' values, the other arguments; None unless each can be one."""
    weight_key, bias_key = validate.values_key(weight), validate.values_key(bias)
    if (type(input) is not np.ndarray or weight_key is None
            or (bias is not None and bias_key is None)):
        return None
    arguments = tuple(map(validate.frozen, arguments))
    return (name, validate.array_key(input), weight_key, bias_key, arguments,
            tuple(map(type, arguments)))


def _conv1d_plan(input, weight, bias, stride, padding, dilation, groups, padding_mode):
    """:func:`conv1d` planned for inputs like ``input`` and these arguments: a function of
    the input."""
    (x, w, bias, stride, pads, dilation, groups, mode, padding_mode, sizes,
     batched) = _prepare(input, weight, bias, stride, padding, dilation, groups, padding_mode, 1)
    # The plan keeps its own weights: the caller may change theirs in place later.
    w, bias = w.copy(), (None if bias is None else bias.copy())
    dtype = x.dtype
    if x.shape[0] == 0 or x.shape[1] == 0 or w.shape[0] == 0:
        def layer(x):
            return np.zeros((x.shape[0], w.shape[0], sizes[0]), x.dtype)
    elif groups == x.shape[1] and stride[0] > 2:
        def layer(x):
            return _per_channel_strided_1d(x, w, pads, dilation[0], stride[0], sizes[0],
                                           padding_mode)
    elif groups == x.shape[1]:
        # Stride 2 costs less computed in place at stride 1, then kept compactly.
        full = (sizes[0] - 1) * stride[0] + 1
        per_channel = _per_channel_1d_plan(x.shape, w, pads[0], dilation[0], mode, full)

        def layer(x):
            out = per_channel(x)
            return np.ascontiguousarray(out[:, :, ::stride[0]]) if stride[0] > 1 else out
    elif stride[0] > 1 or (w.shape[2] - 1) * dilation[0] > _DENSE_BLOCK:
        def layer(x):
            return _gathered(x, w, pads, dilation, stride, sizes, padding_mode, groups)
    else:
        def layer(x):
            return _dense_1d(x, w, pads[0], dilation[0], padding_mode, sizes[0], groups)
    return _layer_plan(layer, dtype, bias, batched)


def _layer_plan(layer, dtype, bias, batched):
    """A layer planned: a function of the input that runs ``layer`` on it batched and in the
    plan's ``dtype``, then adds the ``bias``."""
    def run(input):
        x = np.asarray(input)
        x = (x if batched else x[None]).astype(dtype, copy=False)
        return _finish(layer(x), bias, batched)

    return run


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1,
           padding_mode="zeros"):
    """Dilated 2-d convolution layer with ``torch.nn.functional.conv2d``'s semantics.

    Parameters
    ----------
    input : array_like
        ``(N, C_in, H, W)`` or, unbatched, ``(C_in, H, W)``.
    weight : array_like
        ``(C_out, C_in / groups, KH, KW)``.
    bias : array_like, optional
        ``(C_out,)``.
    stride : int or pair, optional
        Step between outputs per axis. Default 1.
    padding : int, pair, 'valid' or 'same', optional
        Samples added at both ends of each axis, or torch's ``'valid'``/``'same'``.
    dilation : int or pair, optional
        Samples between taps per axis. Default 1.
    groups : int, optional
        Channel groups, as torch. Default 1.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, optional
        What the padding holds; any padding length works.

    Returns
    -------
    output : ndarray
        ``(N, C_out, H_out, W_out)`` (or without ``N``), sizes as torch computes them.

    Raises
    ------
    ValueError
        Shapes that do not fit together, a kernel larger than the padded input,
        ``'same'`` with a stride, ``'causal'``, unknown paddings or modes.
    TypeError
        Non-real input, weight or bias; a ``stride``, ``padding`` or ``dilation`` that is
        not an integer or a pair of them.

    See Also
    --------
    atrous.conv1d : The 1-d layer.
    atrous.correlate : An n-d filter with scipy.ndimage's conventions.
    torch.nn.functional.conv2d : The PyTorch peer.

    {references_dilated}

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(25.0).reshape(1, 1, 5, 5)
    >>> corners = np.ones((1, 1, 2, 2))                     # 4 taps, 4 samples apart
    >>> atrous.conv2d(image, corners, dilation=4)
    array([[[[48.]]]])
    """
    return plans.get(_key("conv2d", input, weight, bias, stride, padding, dilation, groups,
                          padding_mode),
                     lambda: _conv2d_plan(input, weight, bias, stride, padding, dilation, groups,
                                          padding_mode))(input)


def _conv2d_plan(input, weight, bias, stride, padding, dilation, groups, padding_mode):
    """:func:`conv2d` planned for inputs like ``input`` and these arguments: a function of
    the input."""
    (x, w, bias, stride, pads, dilation, groups, _, padding_mode, sizes,
     batched) = _prepare(input, weight, bias, stride, padding, dilation, groups, padding_mode, 2)
    # The plan keeps its own weights: the caller may change theirs in place later.
    w, bias = w.copy(), (None if bias is None else bias.copy())
    dtype = x.dtype
    if min(x.shape[:2]) == 0 or w.shape[0] == 0:
        def layer(x):
            return np.zeros((x.shape[0], w.shape[0]) + tuple(sizes), x.dtype)
    elif _moderate(x, pads, sizes, stride, dilation, w.shape[2:]):
        def layer(x):
            return _mixing(x, w, pads, dilation, stride, sizes, padding_mode, groups)
    else:
        def layer(x):
            return _gathered(x, w, pads, dilation, stride, sizes, padding_mode, groups)
    return _layer_plan(layer, dtype, bias, batched)


fill_docstrings(REFERENCES, conv1d, conv2d)
