"""conv1d/conv2d against torch itself. torch is gigabytes and not a dependency of atrous:
these run where it is installed (pip install torch); tests/test_conv.py checks the same
cases against a plain-loop reference everywhere."""

import warnings

import numpy as np
import pytest

import atrous

from .naive_conv import conv
from .test_conv import CASES_1D, explicit_pads

torch = pytest.importorskip(
    "torch", reason="torch (gigabytes) is an optional peer, not a dependency: pip install "
    "-e .[torch]; tests/test_conv.py checks the same cases against a plain-loop reference")
F = torch.nn.functional


def torch_conv(function, x, w, b, stride, padding, dilation, groups, padding_mode):
    """torch's layer: F.pad with the mode (as nn.ConvNd does), then the functional conv."""
    warnings.filterwarnings("ignore", message="Using padding='same'", category=UserWarning)
    tx, tw = torch.from_numpy(x), torch.from_numpy(w)
    tb = None if b is None else torch.from_numpy(b)
    if padding_mode != "zeros":
        spatial = x.ndim - 2
        spans = [(k - 1) * dilation for k in w.shape[2:]]
        if padding == "same":
            pads = [(s // 2, s - s // 2) for s in spans]
        else:
            pads = [(padding, padding)] * spatial
        flat = [p for pair in reversed(pads) for p in pair]
        tx = F.pad(tx, flat, mode=padding_mode)
        padding = 0
    return function(tx, tw, tb, stride=stride, padding=padding, dilation=dilation,
                    groups=groups).numpy()


@pytest.mark.parametrize(("shape", "channels", "taps", "dilation", "stride", "padding",
                          "padding_mode"), [c for c in CASES_1D if c[5] != "causal"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv1d_matches_torch(shape, channels, taps, dilation, stride, padding, padding_mode,
                              dtype, rng):
    out_channels, groups = channels
    x = rng.standard_normal(shape).astype(dtype)
    w = rng.standard_normal((out_channels, shape[1] // groups, taps)).astype(dtype)
    b = rng.standard_normal(out_channels).astype(dtype)
    if isinstance(padding, tuple):
        padding = padding[0]
    got = atrous.conv1d(x, w, b, stride=stride, padding=padding, dilation=dilation,
                        groups=groups, padding_mode=padding_mode)
    try:
        want = torch_conv(F.conv1d, x, w, b, stride, padding, dilation, groups, padding_mode)
    except RuntimeError:
        # torch refuses reflect/circular paddings this long; atrous extends as far as needed,
        # as the definition (numpy's repeated padding) says.
        assert padding_mode in ("reflect", "circular")
        want = conv(x.astype(float), w.astype(float), b.astype(float), [stride],
                    explicit_pads(padding, [taps], [dilation]), [dilation], groups,
                    padding_mode).astype(dtype)
    assert got.dtype == want.dtype and got.shape == want.shape
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got, want, rtol=tolerance, atol=tolerance * np.abs(want).max())


def test_causal_padding_is_torch_with_left_padding(rng):
    x = rng.standard_normal((2, 4, 50)).astype(np.float32)
    w = rng.standard_normal((8, 4, 3)).astype(np.float32)
    want = F.conv1d(F.pad(torch.from_numpy(x), (2 * 7, 0)), torch.from_numpy(w),
                    dilation=7).numpy()
    got = atrous.conv1d(x, w, dilation=7, padding="causal")
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(("shape", "channels", "kernel", "dilation", "padding", "mode"), [
    ((2, 4, 16, 12), (6, 2), (3, 3), 2, 2, "zeros"),
    ((1, 3, 10, 9), (3, 3), (2, 3), 3, "same", "zeros"),
    ((1, 2, 12, 12), (4, 1), (3, 3), 2, 2, "reflect"),
])
def test_conv2d_matches_torch(shape, channels, kernel, dilation, padding, mode, rng):
    out_channels, groups = channels
    x = rng.standard_normal(shape).astype(np.float32)
    w = rng.standard_normal((out_channels, shape[1] // groups) + kernel).astype(np.float32)
    want = torch_conv(F.conv2d, x, w, None, 1, padding, dilation, groups, mode)
    got = atrous.conv2d(x, w, stride=1, padding=padding, dilation=dilation, groups=groups,
                        padding_mode=mode)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
