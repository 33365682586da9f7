"""The MODWT against the equivalent PyWavelets computation, side by side in one process.

Run ``python benchmarks/bench_modwt.py`` (part of ``make bench``; ``--quick``,
``--markdown``). PyWavelets has no MODWT; its equivalent for the least-asymmetric
wavelets is ``swt(norm=True, trim_approx=True)`` followed by the circular shifts
``W_j = -roll(cD_j, (L/2)(2**j - 1))`` (docs/modwt.md), and for the inverse the shifts back
then ``iswt``. float64 data from ``numpy.random.default_rng(0)``; memory is touched once
first; best of several runs. The script always exits 0: it is a report, not a test.
"""

import os

import numba
import numpy as np
import pywt
from _common import record, report_options, table, warm_memory

import atrous
from atrous.demo import best_ms

WAVELET = "sym4"
TAPS = 8


def pywt_modwt(x, level, axis=-1):
    coeffs = pywt.swt(x, WAVELET, level=level, norm=True, trim_approx=True, axis=axis)
    rows = [-np.roll(coeffs[level + 1 - j], TAPS // 2 * (2**j - 1), axis=axis)
            for j in range(1, level + 1)]
    rows.append(np.roll(coeffs[0], TAPS // 2 * (2**level - 1), axis=axis))
    return np.stack(rows)


def pywt_imodwt(w, axis=-1):
    level = w.shape[0] - 1
    coeffs = [np.roll(w[level], -(TAPS // 2) * (2**level - 1), axis=axis)]
    coeffs += [-np.roll(w[j - 1], -(TAPS // 2) * (2**j - 1), axis=axis)
               for j in range(level, 0, -1)]
    return pywt.iswt(coeffs, WAVELET, norm=True, axis=axis)


def main():
    args = report_options(__doc__)

    atrous.modwt(np.ones(64), WAVELET, level=2)
    warm_seconds = warm_memory(1 if args.quick else 3)
    print(f"numpy {np.__version__}, numba {numba.__version__}, pywt {pywt.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads; memory warmed in {warm_seconds:.1f} s")

    rng = np.random.default_rng(0)
    n = 2**16 if args.quick else 2**20
    x = rng.standard_normal(n)
    batch = rng.standard_normal((64, 2**10 if args.quick else 2**14))
    w = atrous.modwt(x, WAVELET, level=8)
    assert np.allclose(w, pywt_modwt(x, 8))
    repeats = 3 if args.quick else 5
    cases = [
        (f"modwt, N = 2**{int(np.log2(n))}, {WAVELET}, level 8", 4,
         lambda: pywt_modwt(x, 8), lambda: atrous.modwt(x, WAVELET, level=8)),
        ("imodwt, same coefficients", 10,
         lambda: pywt_imodwt(w), lambda: atrous.imodwt(w, WAVELET)),
        (f"modwt of 64 series of 2**{int(np.log2(batch.shape[1]))}, level 8, axis -1", 4,
         lambda: pywt_modwt(batch, 8), lambda: atrous.modwt(batch, WAVELET, level=8)),
    ]
    rows, missed = [], []
    for name, target, theirs, ours in cases:
        theirs_ms, ours_ms = best_ms(theirs, repeats), best_ms(ours, 2 * repeats)
        ratio = theirs_ms / ours_ms
        missed += [] if ratio >= target else [name]
        rows.append([name, f"{theirs_ms:.1f} ms", f"{ours_ms:.2f} ms", f"{ratio:.1f}x faster",
                     f">= {target}x", "PASS" if ratio >= target else "MISS"])
    header = ["case (float64)", "PyWavelets (swt + shifts)", "atrous", "atrous vs PyWavelets",
              "target", ""]
    print(table(rows, args.markdown, header))
    record("bench_modwt", rows, "PyWavelets", header=header)
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
