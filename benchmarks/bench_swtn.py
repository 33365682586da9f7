"""atrous against PyWavelets for the n-d transforms and the multiresolution analysis.

Run ``python benchmarks/bench_swtn.py`` (part of ``make bench``). ``--quick`` shrinks the
sizes for a smoke run; ``--markdown`` prints the table in Markdown.

Measured as ``bench_swt.py`` does, all float64, random data from
``numpy.random.default_rng(0)``: memory is touched once before anything is timed (see
``_common.warm_memory``), each function warms up once, then the best of several runs is
kept; PyWavelets' slow cases (seconds each) run fewer times. Peak memory of ``swtn`` is
the peak traced by ``tracemalloc`` during one call over the bytes of the arrays returned.

The script always exits 0: it is a report, not a test. Its last line says which targets,
if any, were missed.
"""

import gc
import os

import numba
import numpy as np
import pywt
from _common import peak_ratio, record, report_options, table, warm_memory

import atrous
from atrous.demo import best_ms


def cases(quick):
    rng = np.random.default_rng(0)
    side2, side3, n = (256, 64, 2**16) if quick else (2048, 256, 2**20)
    image = rng.standard_normal((side2, side2))
    volume = rng.standard_normal((side3, side3, side3))
    signal = rng.standard_normal(n)
    image_coeffs = pywt.swt2(image, "db2", level=4)
    volume_coeffs = pywt.swtn(volume, "haar", level=2)
    fast, slow = (3, 2) if quick else (5, 2)
    return [
        (f"swt2, {side2} x {side2}, db2, level 4", 4,
         lambda: pywt.swt2(image, "db2", level=4), lambda: atrous.swt2(image, "db2", level=4),
         slow, fast),
        ("iswt2, same coefficients", 10,
         lambda: pywt.iswt2(image_coeffs, "db2"), lambda: atrous.iswt2(image_coeffs, "db2"),
         slow, fast),
        (f"swtn, {side3}^3, haar, level 2", 4,
         lambda: pywt.swtn(volume, "haar", level=2),
         lambda: atrous.swtn(volume, "haar", level=2), slow, fast),
        ("iswtn, same coefficients", 10,
         lambda: pywt.iswtn(volume_coeffs, "haar"), lambda: atrous.iswtn(volume_coeffs, "haar"),
         1, fast),
        (f"mra, N = 2**{int(np.log2(n))}, db4, level 8", 20,
         lambda: pywt.mra(signal, "db4", level=8), lambda: atrous.mra(signal, "db4", level=8),
         slow, fast),
    ], volume


def main():
    args = report_options(__doc__)

    atrous.swtn(np.ones((8, 8)), "haar", level=1)  # the threading layer is chosen on first launch
    warm_seconds = warm_memory(2 if args.quick else 12)
    print(f"numpy {np.__version__}, numba {numba.__version__}, pywt {pywt.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads, layer {numba.threading_layer()}; "
          f"memory warmed in {warm_seconds:.1f} s")

    rows, missed = [], []
    measured, volume = cases(args.quick)
    for name, target, theirs, ours, their_repeats, our_repeats in measured:
        ours_ms = best_ms(ours, our_repeats)
        theirs_ms = best_ms(theirs, their_repeats, warm_up=their_repeats > 1)
        ratio = theirs_ms / ours_ms
        ok = ratio >= target
        missed += [] if ok else [name]
        rows.append([name, f"{theirs_ms:.0f} ms", f"{ours_ms:.1f} ms", f"{ratio:.1f}x faster",
                     f">= {target}x", "PASS" if ok else "MISS"])
        gc.collect()

    pywt_peak, pywt_ratio = peak_ratio(lambda: pywt.swtn(volume, "haar", level=2))
    ours_peak, ours_ratio = peak_ratio(lambda: atrous.swtn(volume, "haar", level=2))
    ok = ours_ratio <= 1.1
    missed += [] if ok else ["peak memory"]
    rows.append(["peak memory of swtn / its output",
                 f"{pywt_ratio:.2f}x ({pywt_peak / 2**20:.0f} MB)",
                 f"{ours_ratio:.2f}x ({ours_peak / 2**20:.0f} MB)", "", "<= 1.1x",
                 "PASS" if ok else "MISS"])

    print(table(rows, args.markdown))
    record("bench_swtn", rows, "PyWavelets")
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
