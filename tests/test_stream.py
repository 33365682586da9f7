"""Streaming filters: chunk by chunk equals the offline computation, whatever the chunking."""

import numpy as np
import pytest
import pywt
from hypothesis import given
from hypothesis import strategies as st

import atrous
from atrous import stream

from .naive_conv import conv


def chunked(process, x, cuts):
    """Outputs of ``process`` on ``x`` cut at ``cuts`` along the last axis, concatenated."""
    edges = [0] + sorted(cuts) + [x.shape[-1]]
    return [process(x[..., a:b]) for a, b in zip(edges, edges[1:])]


@given(length=st.integers(1, 600), taps=st.integers(1, 4), dilation=st.integers(1, 40),
       cuts=st.lists(st.integers(0, 600), max_size=6), batched=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_causal_conv1d_chunks_equal_the_offline_causal_layer(length, taps, dilation, cuts,
                                                             batched, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 3, length) if batched else (3, length))
    w, b = rng.standard_normal((4, 3, taps)), rng.standard_normal(4)
    layer = stream.CausalConv1d(w, b, dilation=dilation)
    got = np.concatenate(chunked(layer.process, x, [c for c in cuts if c <= length]), axis=-1)
    want = atrous.conv1d(x, w, b, dilation=dilation, padding="causal")
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    reference = conv(x if batched else x[None], w, b, [1], [((taps - 1) * dilation, 0)],
                     [dilation], 1, "zeros")
    np.testing.assert_allclose(got, reference if batched else reference[0], atol=1e-12)


def test_one_sample_at_a_time_and_reset(rng):
    w = rng.standard_normal((2, 2, 3))
    layer = stream.CausalConv1d(w, dilation=5)
    x = rng.standard_normal((2, 50))
    first = np.concatenate([layer.process(x[:, t:t + 1]) for t in range(50)], axis=-1)
    np.testing.assert_allclose(first, atrous.conv1d(x, w, dilation=5, padding="causal"),
                               atol=1e-12)
    layer.reset()
    again = np.concatenate([layer.process(x[:, :20]), layer.process(x[:, 20:])], axis=-1)
    np.testing.assert_allclose(again, first, atol=1e-12)
    assert layer.receptive_field == 11


def test_stack_with_activations_equals_the_offline_stack(rng):
    layers = [stream.CausalConv1d(rng.standard_normal((4, 1, 2)), dilation=1), np.tanh]
    for d in (2, 4, 8, 16):
        layers += [stream.CausalConv1d(rng.standard_normal((4, 4, 2)),
                                       rng.standard_normal(4), dilation=d), np.tanh]
    live = stream.CausalStack(layers)
    assert live.receptive_field == atrous.receptive_field(2, [1, 2, 4, 8, 16])
    x = rng.standard_normal((1, 300))
    got = np.concatenate(chunked(live.process, x, [1, 2, 3, 50, 51, 299]), axis=-1)
    offline = x
    for layer in layers:
        offline = (np.tanh(offline) if layer is np.tanh else
                   atrous.conv1d(offline, layer.weight, layer.bias, dilation=layer.dilation,
                                 padding="causal"))
    np.testing.assert_allclose(got, offline, atol=1e-12)


@pytest.mark.parametrize("wavelet", ["haar", "db2", "sym4"])
@pytest.mark.parametrize("norm", [False, True])
def test_live_swt_equals_causal_filtering_and_delayed_pywavelets(wavelet, norm, rng):
    x = rng.standard_normal(256)
    live = stream.SWT(wavelet, level=3, norm=norm)
    parts = chunked(live.process, x, [1, 7, 100, 101, 200])
    got = [np.concatenate([p[i] for p in parts]) for i in range(4)]
    w = pywt.Wavelet(wavelet)
    scale = 1 / np.sqrt(2) if norm else 1.0
    approx, details = x, []
    for j in range(3):
        lo = atrous.convolve1d(approx, scale * np.array(w.dec_lo), dilation=2**j, causal=True)
        hi = atrous.convolve1d(approx, scale * np.array(w.dec_hi), dilation=2**j, causal=True)
        approx, details = lo, details + [hi]
    for g, want in zip(got, [approx] + details[::-1]):
        np.testing.assert_allclose(g, want, atol=1e-12)
    # Away from the start, it is PyWavelets' SWT delayed by s L/2 at each level.
    reference = pywt.swt(x, w, level=3, norm=norm, trim_approx=True)
    delay = sum(2**j * w.dec_len // 2 for j in range(3))
    np.testing.assert_allclose(got[0][delay + 64:], reference[0][64:x.size - delay], atol=1e-10)


def test_stream_errors(rng):
    with pytest.raises(ValueError, match=r"`weight` must be a real \(C_out, C_in, K\)"):
        stream.CausalConv1d(np.ones((2, 3)))
    layer = stream.CausalConv1d(np.ones((1, 2, 2)))
    with pytest.raises(ValueError, match=r"`chunk` must have shape \(C_in=2, T\)"):
        layer.process(np.ones((3, 5)))
    layer.process(np.ones((2, 2, 5)))
    with pytest.raises(ValueError, match="batch size 3, the stream 2"):
        layer.process(np.ones((3, 2, 5)))
    with pytest.raises(TypeError, match="`layers` must hold layers"):
        stream.CausalStack([3])
    with pytest.raises(ValueError, match="`chunk` must be 1-d"):
        stream.SWT("db2", 2).process(np.ones((2, 3)))


@given(cuts=st.lists(st.integers(0, 400), max_size=8), batched=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_runs_of_layers_fused_for_short_chunks_equal_the_offline_stack(cuts, batched, seed):
    """Consecutive layers go through one compiled call for short chunks (sharing the rings
    with the per-layer path used for long ones); any chunking gives the offline result."""
    rng = np.random.default_rng(seed)
    specs = [(3, 2, 2, 1), (4, 3, 3, 4), (4, 4, 1, 1), (2, 4, 2, 16)]  # out, in, K, dilation
    layers = [stream.CausalConv1d(rng.standard_normal((o, i, k)), rng.standard_normal(o), d)
              for o, i, k, d in specs]
    live = stream.CausalStack(layers[:2] + [np.tanh] + layers[2:])
    x = rng.standard_normal((2, 2, 400) if batched else (2, 400))
    edges = sorted({c for c in cuts} | {0, 400})
    pieces = []
    for a, b in zip(edges, edges[1:]):
        if b - a > 3:  # single samples through the fused path, then the rest of the piece
            pieces += [live.process(x[..., a:a + 1]), live.process(x[..., a + 1:b])]
        else:
            pieces.append(live.process(x[..., a:b]))
    got = np.concatenate(pieces, axis=-1)
    offline = x
    for layer in live.layers:
        offline = (np.tanh(offline) if layer is np.tanh else
                   atrous.conv1d(offline, layer.weight, layer.bias, dilation=layer.dilation,
                                 padding="causal"))
    np.testing.assert_allclose(got, offline, rtol=1e-10, atol=1e-10)
    live.reset()
    again = np.concatenate([live.process(x[..., t:t + 1]) for t in range(50)], axis=-1)
    np.testing.assert_allclose(again, offline[..., :50], rtol=1e-10, atol=1e-10)
