"""torch-style conv1d/conv2d against a plain-loop reference (always) and torch (where
installed: tests/test_conv_torch.py)."""

import numpy as np
import pytest

import atrous

from .naive_conv import conv


def explicit_pads(padding, kernel, dilation):
    spans = [(k - 1) * d for k, d in zip(kernel, dilation)]
    if padding == "same":
        return [(s // 2, s - s // 2) for s in spans]
    if padding == "causal":
        return [(spans[0], 0)]
    if padding == "valid":
        return [(0, 0)] * len(kernel)
    values = [padding] * len(kernel) if isinstance(padding, int) else list(padding)
    return [(p, p) for p in values]


CASES_1D = [
    # (N, C_in, L), (C_out, groups), K, dilation, stride, padding, padding_mode
    ((2, 1, 20), (1, 1), 3, 4, 1, "same", "zeros"),
    ((2, 3, 17), (6, 3), 2, 3, 1, "causal", "reflect"),
    ((1, 4, 30), (4, 1), 3, 2, 2, 5, "circular"),
    ((2, 2, 9), (4, 2), 3, 5, 1, "same", "replicate"),
    ((1, 2, 7), (3, 1), 2, 6, 1, (20,), "reflect"),  # padding longer than the input
    ((1, 3, 12), (3, 3), 3, 1, 3, "valid", "zeros"),
    ((3, 4, 25), (8, 2), 4, 3, 1, "causal", "circular"),
    ((1, 1, 5), (2, 1), 3, 7, 1, "same", "circular"),  # kernel much longer than the input
]


@pytest.mark.parametrize(("shape", "channels", "taps", "dilation", "stride", "padding",
                          "padding_mode"), CASES_1D)
@pytest.mark.parametrize("with_bias", [False, True])
def test_conv1d_matches_the_definition(shape, channels, taps, dilation, stride, padding,
                                       padding_mode, with_bias, rng):
    out_channels, groups = channels
    x = rng.standard_normal(shape)
    w = rng.standard_normal((out_channels, shape[1] // groups, taps))
    b = rng.standard_normal(out_channels) if with_bias else None
    got = atrous.conv1d(x, w, b, stride=stride, padding=padding, dilation=dilation,
                        groups=groups, padding_mode=padding_mode)
    want = conv(x, w, b, [stride], explicit_pads(padding, [taps], [dilation]), [dilation],
                groups, padding_mode)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    unbatched = atrous.conv1d(x[0], w, b, stride=stride, padding=padding, dilation=dilation,
                              groups=groups, padding_mode=padding_mode)
    np.testing.assert_allclose(unbatched, want[0], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("shape", "channels", "kernel", "dilation", "stride", "padding",
                          "padding_mode"), [
    ((2, 4, 9, 11), (6, 2), (2, 3), (2, 3), (1, 2), (3, 2), "reflect"),
    ((1, 1, 8, 8), (1, 1), (3, 3), 2, 1, "same", "zeros"),
    ((1, 3, 7, 6), (3, 3), (3, 2), (1, 4), 1, "same", "circular"),
    ((2, 2, 6, 5), (4, 1), (2, 2), 3, 2, "valid", "replicate"),
])
def test_conv2d_matches_the_definition(shape, channels, kernel, dilation, stride, padding,
                                       padding_mode, rng):
    out_channels, groups = channels
    x = rng.standard_normal(shape)
    w = rng.standard_normal((out_channels, shape[1] // groups) + kernel)
    b = rng.standard_normal(out_channels)
    got = atrous.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation,
                        groups=groups, padding_mode=padding_mode)
    dilations = [dilation] * 2 if isinstance(dilation, int) else list(dilation)
    strides = [stride] * 2 if isinstance(stride, int) else list(stride)
    want = conv(x, w, b, strides, explicit_pads(padding, kernel, dilations), dilations, groups,
                padding_mode)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def test_float32_stays_float32_and_accumulates_well(rng):
    x = rng.standard_normal((2, 3, 64)).astype(np.float32)
    w = rng.standard_normal((3, 1, 3)).astype(np.float32)
    got = atrous.conv1d(x, w, dilation=8, groups=3, padding="same")
    assert got.dtype == np.float32
    want = conv(x.astype(float), w.astype(float), None, [1], [(8, 8)], [8], 3, "zeros")
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_causal_layer_ignores_the_future(rng):
    x = rng.standard_normal((1, 2, 40))
    w = rng.standard_normal((3, 2, 3))
    before = atrous.conv1d(x, w, dilation=5, padding="causal")
    x[..., 25:] += 10.0
    after = atrous.conv1d(x, w, dilation=5, padding="causal")
    np.testing.assert_array_equal(before[..., :25], after[..., :25])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"groups": 2}, r"`groups`=2 must divide both the input channels \(3\)"),
    ({"weight": np.ones((2, 2, 3))}, "`weight` expects 2 input channels"),
    ({"bias": np.ones(3)}, r"`bias` must have shape \(2,\)"),
    ({"padding": "full"}, "`padding`='full'"),
    ({"padding": "same", "stride": 2}, "not supported for strided convolutions"),
    ({"padding_mode": "mirror"}, "`padding_mode`='mirror'"),
    ({"dilation": 0}, "`dilation` must be at least 1"),
    ({"dilation": 20}, "the dilated kernel .* is longer than the padded input"),
    ({"input": np.ones(5)}, r"`input` must have shape \(N, C_in, L\)"),
])
def test_conv1d_errors(kwargs, match):
    arguments = {"input": np.ones((1, 3, 10)), "weight": np.ones((2, 3, 3)), **kwargs}
    with pytest.raises(ValueError, match=match):
        atrous.conv1d(**arguments)


def test_conv2d_has_no_causal_padding():
    with pytest.raises(ValueError, match="padding='causal' is for conv1d"):
        atrous.conv2d(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), padding="causal")


@pytest.mark.parametrize("padding_mode", ["zeros", "reflect", "replicate", "circular"])
def test_an_empty_input_is_padded_with_zeros_or_refused(padding_mode):
    """Zero padding of a length-0 input gives the bias at every output (torch's result);
    the other modes have no samples to extend and refuse, as torch does. (An earlier
    version returned uninitialised memory for every mode.)"""
    x = np.zeros((1, 1, 0))
    w = np.ones((1, 1, 1))
    if padding_mode == "zeros":
        got = atrous.conv1d(x, w, bias=[2.0], padding=1, padding_mode=padding_mode)
        np.testing.assert_array_equal(got, np.full((1, 1, 2), 2.0))
        got = atrous.conv1d(x, np.ones((2, 1, 1)), padding=2, groups=1)
        np.testing.assert_array_equal(got, np.zeros((1, 2, 4)))
    else:
        with pytest.raises(ValueError, match="`input` has no samples along spatial axis 0"):
            atrous.conv1d(x, w, padding=1, padding_mode=padding_mode)
