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
Never an im2col copy or a zero-stuffed kernel. Paddings may be longer than the input in
every mode (torch limits reflect and circular padding).
"""

import numpy as np

from . import _validation as validate
from ._engine import filter_along_axis
from ._kernels import boundary

__all__ = ["conv1d", "conv2d"]

_PADDING_MODES = {"zeros": boundary.ZERO, "reflect": boundary.REFLECT,
                  "replicate": boundary.EDGE, "circular": boundary.WRAP}
_NUMPY_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge",
              "circular": "wrap"}


def _ints(value, count, name, minimum):
    values = [value] * count if isinstance(value, (int, np.integer)) else list(value)
    if len(values) == 1:
        values = values * count
    if len(values) != count:
        raise ValueError(f"`{name}` must be an int or a tuple of {count}, got {value!r}")
    values = [validate.integer(v, name) for v in values]
    if min(values) < minimum:
        raise ValueError(f"`{name}` must be at least {minimum}, got {value!r}")
    return values


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
    return [(p, p) for p in _ints(padding, spatial, "padding", 0)]


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
        if bias.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},), got {bias.shape}")
        dtype = np.result_type(dtype, bias.dtype)
    stride = _ints(stride, spatial, "stride", 1)
    dilation = _ints(dilation, spatial, "dilation", 1)
    if padding_mode not in _PADDING_MODES:
        raise ValueError(f"`padding_mode`={padding_mode!r}: use one of "
                         + ", ".join(repr(m) for m in _PADDING_MODES))
    pads = _paddings(padding, w.shape[2:], dilation, stride, spatial)
    sizes = []
    for axis, (length, (before, after), k, d, s) in enumerate(
            zip(x.shape[2:], pads, w.shape[2:], dilation, stride)):
        extent = length + before + after - (k - 1) * d
        if extent < 1:
            raise ValueError(
                f"the dilated kernel ({(k - 1) * d + 1} samples) is longer than the padded "
                f"input ({length + before + after} samples) along spatial axis {axis}: no "
                "output; pad more or use padding='same'")
        sizes.append((extent - 1) // s + 1)
    return (x.astype(dtype, copy=False), w.astype(dtype, copy=False), bias, stride, pads,
            dilation, groups, _PADDING_MODES[padding_mode], padding_mode, sizes, batched)


def _pad(x, pads, padding_mode):
    """``x`` extended along its spatial axes (numpy repeats extensions of any length)."""
    if not any(before or after for before, after in pads):
        return x
    return np.pad(x, [(0, 0), (0, 0)] + pads, mode=_NUMPY_PAD[padding_mode])


def _per_channel_1d(x, w, pads, dilation, mode, size, stride):
    """Each output channel reads one input channel: one engine launch, a filter per channel,
    with the padding as the boundary rule (no padded copy)."""
    batch, channels, _ = x.shape
    out_channels, _, taps = w.shape
    per_channel = out_channels // channels
    full = (size - 1) * stride + 1  # stride-1 outputs needed before subsampling
    offsets = [k * dilation - pads[0] for k in range(taps)]
    # Weight sets (channel, output j of the channel, input, tap): line (b, c) uses set c.
    weights = w.reshape(channels, per_channel, 1, taps).astype(np.float64)
    source = np.ascontiguousarray(x)
    if per_channel == 1:
        out = np.empty((batch, channels, full), x.dtype)
        filter_along_axis([source], weights, offsets, mode, 2, [out])
    else:
        targets = [np.empty((batch, channels, full), x.dtype) for _ in range(per_channel)]
        filter_along_axis([source], weights, offsets, mode, 2, targets)
        out = np.stack(targets, axis=2).reshape(batch, out_channels, full)
    return out[:, :, ::stride] if stride > 1 else out


# Positions per block of the channel-mixing layers: the products of a block stay in cache.
_DENSE_BLOCK = 4096


def _dense_1d(x, w, pads, dilation, padding_mode, size, stride, groups):
    """Channel-mixing 1-d layers, block by block of positions: one BLAS product of all the
    taps' kernels stacked, ``(K C_out, C_in) @ (C_in, block + span)``, on the padded input,
    then the ``K`` row blocks summed at their dilated shifts while still in cache."""
    batch, channels, _ = x.shape
    out_channels, in_group, taps = w.shape
    out_group = out_channels // groups
    span = (taps - 1) * dilation
    full = (size - 1) * stride + 1
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
    return out[:, :, ::stride] if stride > 1 else out


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
        Non-real input or weight.

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
    (x, w, bias, stride, pads, dilation, groups, mode, padding_mode, sizes,
     batched) = _prepare(input, weight, bias, stride, padding, dilation, groups, padding_mode, 1)
    if groups == x.shape[1]:
        out = _per_channel_1d(x, w, pads[0], dilation[0], mode, sizes[0], stride[0])
    else:
        out = _dense_1d(x, w, pads[0], dilation[0], padding_mode, sizes[0], stride[0], groups)
    return _finish(out, bias, batched)


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
        Non-real input or weight.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> image = np.arange(25.0).reshape(1, 1, 5, 5)
    >>> corners = np.ones((1, 1, 2, 2))                     # 4 taps, 4 samples apart
    >>> atrous.conv2d(image, corners, dilation=4)
    array([[[[48.]]]])
    """
    (x, w, bias, stride, pads, dilation, groups, _, padding_mode, sizes,
     batched) = _prepare(input, weight, bias, stride, padding, dilation, groups, padding_mode, 2)
    out = _mixing(x, w, pads, dilation, stride, sizes, padding_mode, groups)
    return _finish(out, bias, batched)
