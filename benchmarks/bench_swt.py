"""atrous against PyWavelets, side by side in one process.

Run ``python benchmarks/bench_swt.py`` (``make bench``). ``--quick`` shrinks the sizes for a
smoke run; ``--markdown`` prints the table in Markdown.

What is measured, all float64, random data from ``numpy.random.default_rng(0)``:

- time: memory is touched once before anything is timed (see ``_common.warm_memory``);
  each function is called once to warm up (numba compiles or loads its on-disk
  cache), then the best of several runs is kept (``time.perf_counter``). PyWavelets' deep
  level-16 case takes seconds, so it runs once, without warm-up;
- peak memory of ``swt``: the peak of memory traced by ``tracemalloc`` (numpy reports its
  allocations to it) during one call, divided by the bytes of the arrays returned;
- first call in a fresh process: ``import`` plus one ``swt`` in a new interpreter, after a
  first run has populated numba's on-disk cache;
- the floor of the forward transform: ``np.full`` of its 16 outputs (one block of fresh
  memory, allocated and written once), against which ``swt`` must stay within 1.6x.

The script always exits 0: it is a report, not a test. Its last line says which targets,
if any, were missed.
"""

import os
import subprocess
import sys

import numba
import numpy as np
import pywt
from _common import peak_ratio, record, report_options, table, warm_memory

import atrous
from atrous.demo import best_ms


def first_call_seconds(module, call):
    code = (f"import time; t = time.perf_counter(); import numpy as np, {module}; "
            f"{call}(np.random.default_rng(0).standard_normal(2**16), 'db4', level=4); "
            "print(time.perf_counter() - t)")
    run = [sys.executable, "-c", code]
    subprocess.run(run, check=True, capture_output=True)  # populates numba's cache
    return min(float(subprocess.run(run, check=True, capture_output=True, text=True).stdout)
               for _ in range(3))


def speed_cases(quick):
    rng = np.random.default_rng(0)
    n = 2**16 if quick else 2**20
    x = rng.standard_normal(n)
    coeffs = pywt.swt(x, "db4", level=8)
    deep = rng.standard_normal(2**12 if quick else 2**16)
    deep_level = 12 if quick else 16
    batch = rng.standard_normal((n // 8, 8))
    repeats = 3 if quick else 7
    label = f"2**{int(np.log2(n))}"
    return [
        (f"swt, N = {label}, db4, level 8", 4,
         lambda: pywt.swt(x, "db4", level=8), lambda: atrous.swt(x, "db4", level=8), repeats),
        ("iswt, same coefficients", 10,
         lambda: pywt.iswt(coeffs, "db4"), lambda: atrous.iswt(coeffs, "db4"), repeats),
        (f"swt, N = 2**{int(np.log2(deep.size))}, db4, level {deep_level}", 100,
         lambda: pywt.swt(deep, "db4", level=deep_level),
         lambda: atrous.swt(deep, "db4", level=deep_level), 0),
        (f"swt along axis 0 of (2**{int(np.log2(n)) - 3}, 8), db4, level 8", 4,
         lambda: pywt.swt(batch, "db4", level=8, axis=0),
         lambda: atrous.swt(batch, "db4", level=8, axis=0), repeats),
    ], x


def main():
    args = report_options(__doc__)

    atrous.swt(np.ones(64), "db4", level=2)  # the threading layer is chosen on first launch
    warm_seconds = warm_memory(1 if args.quick else 4)
    print(f"numpy {np.__version__}, numba {numba.__version__}, pywt {pywt.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads, layer {numba.threading_layer()}; "
          f"memory warmed in {warm_seconds:.1f} s")

    rows, missed = [], []
    cases, x = speed_cases(args.quick)
    for name, target, theirs, ours, repeats in cases:
        ours_ms = best_ms(ours, max(repeats, 3))
        theirs_ms = best_ms(theirs, repeats) if repeats else best_ms(theirs, 1, warm_up=False)
        ratio = theirs_ms / ours_ms
        ok = ratio >= target
        missed += [] if ok else [name]
        rows.append([name, f"{theirs_ms:.1f} ms", f"{ours_ms:.2f} ms", f"{ratio:.1f}x faster",
                     f">= {target}x", "PASS" if ok else "MISS"])

    # The floor of a forward transform that returns new arrays: allocating its 16 outputs
    # (one block, as atrous does) and writing them once; the two alternate, so that the
    # state of the machine's memory is the same for both.
    swt_ms = floor_ms = np.inf
    for _ in range(9):
        swt_ms = min(swt_ms, best_ms(lambda: atrous.swt(x, "db4", level=8), 1, warm_up=False))
        floor_ms = min(floor_ms, best_ms(lambda: np.full((16, x.size), 1.0), 1, warm_up=False))
    ok = swt_ms <= 1.6 * floor_ms
    missed += [] if ok else ["swt against writing its outputs"]
    rows.append([f"swt, N = 2**{int(np.log2(x.size))}, db4, level 8, against allocating and "
                 "writing its 16 outputs", f"{floor_ms:.1f} ms (np.full)", f"{swt_ms:.2f} ms",
                 f"{swt_ms / floor_ms:.2f}x the floor", "<= 1.6x", "PASS" if ok else "MISS"])

    pywt_peak, pywt_ratio = peak_ratio(lambda: pywt.swt(x, "db4", level=8))
    ours_peak, ours_ratio = peak_ratio(lambda: atrous.swt(x, "db4", level=8))
    ok = ours_ratio <= 1.1
    missed += [] if ok else ["peak memory"]
    rows.append(["peak memory of swt / its output",
                 f"{pywt_ratio:.2f}x ({pywt_peak / 2**20:.0f} MB)",
                 f"{ours_ratio:.2f}x ({ours_peak / 2**20:.0f} MB)", "", "<= 1.1x",
                 "PASS" if ok else "MISS"])

    ours_first = first_call_seconds("atrous", "atrous.swt")
    pywt_first = first_call_seconds("pywt", "pywt.swt")
    ok = ours_first < 1.5
    missed += [] if ok else ["first call"]
    rows.append(["first swt call in a fresh process (cache present)", f"{pywt_first:.2f} s",
                 f"{ours_first:.2f} s", "", "< 1.5 s", "PASS" if ok else "MISS"])

    print(table(rows, args.markdown))
    record("bench_swt", rows, "PyWavelets")
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
