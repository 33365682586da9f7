"""Dilated filtering: atrous against scipy.ndimage with the zero-stuffed kernel.

Run ``python benchmarks/bench_convolution.py`` (part of ``make bench``). ``--quick`` shrinks
the sizes; ``--markdown`` prints the table in Markdown. float32 data from
``numpy.random.default_rng(0)``; memory is touched once first (``_common.warm_memory``),
each function warms up once, then the best of several runs is kept.

The torch cases of issue 4 (conv1d, depthwise, dense, streaming) are not measured yet.
The script always exits 0: it is a report, not a test.
"""

import argparse
import os

import numba
import numpy as np
import scipy
from _common import table, warm_memory
from scipy import ndimage

import atrous
from atrous.demo import best_ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

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
    rows = [[f"correlate1d, N = 2**{int(np.log2(n))}, K = 3, dilation {dilation}, 'reflect'",
             f"{theirs:.1f} ms", f"{ours:.2f} ms", f"{ratio:.0f}x faster", ">= 10x",
             "PASS" if ratio >= 10 else "MISS"],
            ["(scipy with the undilated 3-tap kernel, for scale)", f"{undilated:.1f} ms", "",
             "", "", ""]]
    text = table(rows, args.markdown).replace("PyWavelets", "scipy.ndimage (zero-stuffed)")
    print(text.replace("case (float64)", "case (float32)"))
    print("all targets met" if ratio >= 10 else "targets missed: correlate1d")


if __name__ == "__main__":
    main()
