"""Dilated filtering: atrous against scipy.ndimage with the zero-stuffed kernel.

Run ``python benchmarks/bench_convolution.py`` (part of ``make bench``). ``--quick`` shrinks
the sizes; ``--markdown`` prints the table in Markdown. float32 data from
``numpy.random.default_rng(0)``; memory is touched once first (``_common.warm_memory``),
each function warms up once, then the best of several runs is kept.

The conv1d cases run against torch when it is installed (``pip install torch``; it is not a
dependency of atrous), with torch limited to the same number of threads as numba. The
streaming case compares ``atrous.stream.CausalStack`` fed one sample per call against
recomputing the stack's receptive field with ``atrous.conv1d`` for each new sample. The
script always exits 0: it is a report, not a test.
"""

import os
import time

import numba
import numpy as np
import scipy
from _common import record, report_options, table, warm_memory
from scipy import ndimage

import atrous
from atrous.demo import best_ms


def main():
    args = report_options(__doc__)

    atrous.correlate1d(np.ones(64, np.float32), [1.0, 2.0], dilation=3)
    warm_seconds = warm_memory(1)
    print(f"numpy {np.__version__}, numba {numba.__version__}, scipy {scipy.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads, layer {numba.threading_layer()}; "
          f"memory warmed in {warm_seconds:.1f} s")

    n = 2**18 if args.quick else 2**22
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32)
    weights = np.array([0.25, 0.5, 0.25], dtype=np.float32)
    dilation = 256
    stuffed = np.zeros((len(weights) - 1) * dilation + 1, dtype=np.float32)
    stuffed[::dilation] = weights
    repeats = 3 if args.quick else 5

    theirs = best_ms(lambda: ndimage.correlate1d(x, stuffed, mode="reflect"), repeats)
    ours = best_ms(lambda: atrous.correlate1d(x, weights, dilation=dilation, mode="reflect"),
                   2 * repeats)
    undilated = best_ms(lambda: ndimage.correlate1d(x, weights, mode="reflect"), repeats)
    ratio = theirs / ours
    missed = [] if ratio >= 10 else ["correlate1d"]
    rows = [[f"correlate1d, N = 2**{int(np.log2(n))}, K = 3, dilation {dilation}, 'reflect'",
             f"{theirs:.1f} ms (scipy, zero-stuffed kernel)", f"{ours:.2f} ms",
             f"{ratio:.0f}x faster", ">= 10x", "PASS" if ratio >= 10 else "MISS"],
            ["(scipy with the undilated 3-tap kernel, for scale)", f"{undilated:.1f} ms", "",
             "", "", ""]]
    rows += torch_rows(args.quick, repeats, missed)
    rows.append(streaming_row(args.quick, missed))
    header = ["case (float32)", "peer", "atrous", "atrous vs peer", "target", ""]
    record("bench_convolution", rows, header=header)
    print(table(rows, args.markdown, header))
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


def streaming_row(quick, missed):
    """CausalStack, one sample per call, against recomputing the field for each sample."""
    rng = np.random.default_rng(0)
    dilations = [2**j for j in range(10)]
    weights = [0.1 * rng.standard_normal((32, 32, 2)) for _ in dilations]
    live = atrous.stream.CausalStack(
        [atrous.stream.CausalConv1d(w, dilation=d) for w, d in zip(weights, dilations)])
    field = live.receptive_field
    samples = 300 if quick else 2000
    x = rng.standard_normal((32, field + samples))
    for t in range(field):  # fill the queues
        live.process(x[:, t:t + 1])
    start = time.perf_counter()
    for t in range(field, field + samples):
        live.process(x[:, t:t + 1])
    streaming = (time.perf_counter() - start) / samples

    def recompute(t):
        y = x[:, t + 1 - field:t + 1]
        for w, d in zip(weights, dilations):
            y = atrous.conv1d(y, w, dilation=d)
        return y

    recompute(field + samples - 1)
    start = time.perf_counter()
    for t in range(field + samples - 50, field + samples):
        recompute(t)
    recomputing = (time.perf_counter() - start) / 50
    ratio = recomputing / streaming
    name = "CausalStack, 10 layers of 32 channels, K = 2, dilations 1 ... 512, 1 sample/call"
    missed += [] if ratio >= 50 else [name]
    return [name, f"{1e6 * recomputing:.0f} us (conv1d over the field)",
            f"{1e6 * streaming:.0f} us", f"{ratio:.0f}x faster", ">= 50x",
            "PASS" if ratio >= 50 else "MISS"]


def torch_rows(quick, repeats, missed):
    """The conv1d cases against torch, if it is installed."""
    try:
        import torch
    except ImportError:
        return [["conv1d cases", "torch is not installed", "", "", "", ""]]
    torch.set_num_threads(numba.get_num_threads())
    functional = torch.nn.functional
    rng = np.random.default_rng(0)
    length = 2**18 if quick else 2**22
    short = 2**12 if quick else 2**16
    cases = [
        (f"conv1d, 1 -> 1 channel, N = 2**{int(np.log2(length))}, K = 3, dilation 16, 'same'",
         5, (1, 1, length), (1, 1, 3), 16, 1),
        (f"conv1d depthwise, 64 channels, L = 2**{int(np.log2(short))}, K = 3, dilation 8",
         3, (1, 64, short), (64, 1, 3), 8, 64),
        (f"conv1d dense, 64 -> 64 channels, L = 2**{int(np.log2(short))}, K = 3, dilation 8",
         1, (1, 64, short), (64, 64, 3), 8, 1),
    ]
    rows = []
    for name, target, x_shape, w_shape, dilation, groups in cases:
        x = rng.standard_normal(x_shape).astype(np.float32)
        w = rng.standard_normal(w_shape).astype(np.float32)
        tx, tw = torch.from_numpy(x), torch.from_numpy(w)
        def theirs_call(tx=tx, tw=tw, dilation=dilation, groups=groups):
            with torch.no_grad():
                return functional.conv1d(tx, tw, padding="same", dilation=dilation,
                                         groups=groups)

        def ours_call(x=x, w=w, dilation=dilation, groups=groups):
            return atrous.conv1d(x, w, padding="same", dilation=dilation, groups=groups)

        theirs = best_ms(theirs_call, repeats)
        ours = best_ms(ours_call, 2 * repeats)
        ratio = theirs / ours
        missed += [] if ratio >= target else [name]
        rows.append([name, f"{theirs:.2f} ms (torch {torch.__version__})", f"{ours:.2f} ms",
                     f"{ratio:.1f}x faster", f">= {target}x",
                     "PASS" if ratio >= target else "MISS"])
    return rows


if __name__ == "__main__":
    main()
