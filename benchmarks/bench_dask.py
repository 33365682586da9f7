"""Dask against NumPy: the same transforms on a chunked Dask array and in memory, one process.

Run ``python benchmarks/bench_dask.py`` (part of ``make bench``; ``--quick`` for a 2**22
signal, ``--markdown`` for a table to paste). float64 signal of 2**24 samples from
``numpy.random.default_rng(0)``, cut into 8 chunks for Dask's threaded scheduler; memory
touched once first (see ``_common.warm_memory``); best of several runs. The Dask time is
the whole ``dask.compute``: overlap, the transform of every chunk, and the concatenation of
the chunks into NumPy arrays at the end (a copy of the whole output the in-memory call
does not make). The target of issue 7 is ``swt`` within 1.5x of the in-memory call. The
script always exits 0: it is a report, not a test.

The out-of-core run (zarr, a LocalCluster with memory-limited workers) is
``benchmarks/bench_dask_out_of_core.py``.
"""

import argparse
import os
import time

import dask
import dask.array as da
import numba
import numpy as np
from _common import record, warm_memory

import atrous


def best_seconds(function, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
        del result
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 2**22-sample signal")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--chunks", type=int, default=8, help="number of chunks (default 8)")
    args = parser.parse_args()
    n = 2**22 if args.quick else 2**24
    repeat = 3 if args.quick else 5
    load_before = os.getloadavg()[0]
    x = np.random.default_rng(0).standard_normal(n)
    chunked = da.from_array(x, chunks=n // args.chunks)
    warmed = warm_memory(12 if not args.quick else 3)

    cases = [
        ("swt, db4, level 8", "1.5x",
         lambda: atrous.swt(x, "db4", 8),
         lambda: dask.compute(atrous.swt(chunked, "db4", 8))),
        ("swt, db4, level 8, trim_approx", "",
         lambda: atrous.swt(x, "db4", 8, trim_approx=True),
         lambda: dask.compute(atrous.swt(chunked, "db4", 8, trim_approx=True))),
        ("swt, db4, level 4", "",
         lambda: atrous.swt(x, "db4", 4),
         lambda: dask.compute(atrous.swt(chunked, "db4", 4))),
        ("swt + iswt, db4, level 4", "",
         lambda: atrous.iswt(atrous.swt(x, "db4", 4), "db4"),
         lambda: atrous.iswt(atrous.swt(chunked, "db4", 4), "db4").compute()),
        ("mra, db4, level 6", "",
         lambda: atrous.mra(x, "db4", 6),
         lambda: dask.compute(atrous.mra(chunked, "db4", 6))),
        ("correlate1d, 9 taps, dilation 64", "",
         lambda: atrous.correlate1d(x, np.ones(9), dilation=64),
         lambda: atrous.correlate1d(chunked, np.ones(9), dilation=64).compute()),
    ]
    rows = []
    with dask.config.set(scheduler="threads"):
        for name, target, numpy_call, dask_call in cases:
            numpy_call()
            dask_call()  # compile, and warm Dask's caches
            in_memory = best_seconds(numpy_call, repeat)
            chunk_wise = best_seconds(dask_call, repeat)
            ratio = chunk_wise / in_memory
            verdict = ""
            if target:
                verdict = "ok" if ratio <= float(target.rstrip("x")) else "MISSED"
            rows.append([name, f"{in_memory * 1e3:.0f} ms", f"{chunk_wise * 1e3:.0f} ms",
                         f"{ratio:.2f}x", target and f"<= {target}", verdict])

    print(f"signal: {n} float64 samples, {args.chunks} chunks of {n // args.chunks}; "
          f"{os.cpu_count()} cores, numba {numba.__version__} with {numba.get_num_threads()} "
          f"threads, dask {dask.__version__} threaded scheduler; memory warmed in "
          f"{warmed:.1f} s")
    header = ["case (float64)", "NumPy in memory", "Dask, chunked", "Dask / NumPy", "target", ""]
    if not args.quick:  # the figures quoted in docs/dask.md (benchmarks/render_figures.py)
        record("bench_dask", rows, header=header, load_before=load_before)
    if args.markdown:
        print("| " + " | ".join(header[:-1]) + " |")
        print("|" + "---|" * 5)
        for row in rows:
            print("| " + " | ".join(row[:-1]) + " |")
    else:
        widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
        for row in [header] + rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))


if __name__ == "__main__":
    main()
