"""The price of exact inverses at the non-periodic modes, side by side in one process.

Run ``python benchmarks/bench_edges.py`` (``make bench``); ``--quick`` shrinks the sizes.

At ``periodization`` one synthesis pass per level inverts the SWT; at the other modes atrous
adds a joint least-squares solve of the edge samples over all levels (``atrous/_edges.py``),
and over several axes first completes the subbands to the tensor product of the 1-d
transforms. This script measures, float64, best of several runs after a warm-up:

- ``iswt`` / ``iswt2`` at ``symmetric`` against atrous at ``periodization`` and against
  PyWavelets' own inverse (which has only periodization);
- the one-off cost of building the edge solvers (first inverse of a new wavelet, levels and
  mode in a process).

Targets: the exact inverse at ``symmetric`` no slower than PyWavelets' inverse at
periodization (the only one it has), and the 1-d one within 1.3x of atrous' own at
periodization (issue 22; the best of 15 runs). At periodization atrous is 10-20x faster
than PyWavelets; at the other modes the engine's edge segments (a boundary rule evaluated per run
of samples near each edge, ``O(L 2**j)`` samples at level ``j``) and the edge solve take
most of the time. The script always exits 0: it is a report.
"""

import argparse
import time

import numpy as np
import pywt
from _common import warm_memory

import atrous
from atrous import _edges
from atrous.demo import best_ms


def _table(header, rows):
    """Markdown table (it reads as text too)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    args = parser.parse_args()
    warm_memory(1 if args.quick else 2)
    rng = np.random.default_rng(0)
    n = 2**16 if args.quick else 2**20
    side = 256 if args.quick else 1024
    repeats = 3 if args.quick else 15
    x = rng.standard_normal(n)
    image = rng.standard_normal((side, side))
    periodic = pywt.swt(x, "db4", level=8)
    symmetric = atrous.swt(x, "db4", level=8, mode="symmetric")
    periodic2 = pywt.swt2(image, "db2", level=4)
    symmetric2 = atrous.swt2(image, "db2", level=4, mode="symmetric")
    atrous.iswt(symmetric, "db4", mode="symmetric")  # builds the solvers once
    atrous.iswt2(symmetric2, "db2", mode="symmetric")

    rows, missed = [], []
    cases = [
        (f"iswt, N = 2**{int(np.log2(n))}, db4, level 8", None,
         lambda: pywt.iswt(periodic, "db4"), lambda: atrous.iswt(periodic, "db4"),
         lambda: atrous.iswt(symmetric, "db4", mode="symmetric")),
        (f"iswt2, {side}x{side}, db2, level 4", None,
         lambda: pywt.iswt2(periodic2, "db2"), lambda: atrous.iswt2(periodic2, "db2"),
         lambda: atrous.iswt2(symmetric2, "db2", mode="symmetric")),
    ]
    for name, _, peer, atrous_periodic, atrous_symmetric in cases:
        peer_ms = best_ms(peer, repeats)
        periodic_ms = best_ms(atrous_periodic, repeats)
        exact_ms = best_ms(atrous_symmetric, repeats)
        ratio = exact_ms / periodic_ms
        rows.append((name, f"{peer_ms:.1f}", f"{periodic_ms:.1f}", f"{exact_ms:.1f}",
                     f"{ratio:.2f}x", f"{peer_ms / exact_ms:.1f}x"))
        if exact_ms > peer_ms:
            missed.append(f"{name}: symmetric slower than PyWavelets' periodic inverse")
        if name.startswith("iswt,") and ratio > 1.3:
            missed.append(f"{name}: symmetric more than 1.3x periodization")
    print(_table(["case", "pywt periodization ms", "atrous periodization ms",
                  "atrous symmetric ms", "symmetric / periodization", "pywt / symmetric"],
                 rows))

    print("\nBuilding the edge solvers (first inverse of its kind in a process):")
    build_rows = []
    for wavelet, level in [("db4", 8), ("sym8", 6), ("db10", 6)]:
        coeffs = atrous.swt(rng.standard_normal(20000), wavelet, level=level,
                            mode="symmetric")
        for cache in (_edges._local_solvers, _edges._joint_solver,
                      _edges._level_edge_solvers, _edges._level_joint_solver):
            cache.cache_clear()
        start = time.perf_counter()
        atrous.iswt(coeffs, wavelet, mode="symmetric")
        first = time.perf_counter() - start
        again = best_ms(lambda c=coeffs, w=wavelet: atrous.iswt(c, w, mode="symmetric"), 3)
        build_rows.append((f"{wavelet}, level {level}, N = 20000", f"{first * 1e3:.0f}",
                           f"{again:.1f}"))
    print(_table(["case", "first call ms", "later calls ms"], build_rows))
    print("\nmissed: " + ("; ".join(missed) if missed else "none"))


if __name__ == "__main__":
    main()
