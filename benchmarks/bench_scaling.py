"""Time against level and against length: atrous and PyWavelets' swt, side by side.

Run ``python benchmarks/bench_scaling.py`` (about two minutes; ``--quick`` for a smoke run).
It writes ``benchmarks/results/scaling.json``, from which ``docs/figures/make_figures.py``
draws the performance page's figure. float64, db4, random data from
``numpy.random.default_rng(0)``, memory touched first (``_common.warm_memory``), best of
several runs after a warm-up call, one process:

- against level: ``N = 2**16``, levels 1 to 12 (PyWavelets' level ``j`` filters at
  dilation ``2**(j-1)`` with zero-stuffed filters, so its cost grows with the dilation;
  atrous steps its taps, ``O(N L)`` per level at every depth);
- against length: level 4, ``N = 2**12 ... 2**22``.

Always exits 0: a report, not a test.
"""

import argparse
import json
import os
import pathlib
import platform
import time

import numba
import numpy as np
import pywt
from _common import warm_memory

import atrous
from atrous.demo import best_ms

RESULTS = pathlib.Path(__file__).parent / "results" / "scaling.json"


def measure(quick):
    rng = np.random.default_rng(0)
    repeats = 2 if quick else 5
    n = 2**12 if quick else 2**16
    x = rng.standard_normal(n)
    levels = list(range(1, (8 if quick else 12) + 1))
    by_level = []
    for level in levels:
        atrous.swt(x, "db4", level=level)  # warm-up (numba's cache)
        pywt_ms = best_ms(lambda level=level: pywt.swt(x, "db4", level=level),
                          1 if level > 9 else repeats)
        atrous_ms = best_ms(lambda level=level: atrous.swt(x, "db4", level=level), repeats)
        by_level.append({"level": level, "pywt_ms": pywt_ms, "atrous_ms": atrous_ms})
        print(f"  N = {n}, level {level:2d}: PyWavelets {pywt_ms:9.2f} ms, "
              f"atrous {atrous_ms:7.2f} ms", flush=True)
    lengths = [2**k for k in range(12, (18 if quick else 22) + 1, 2)]
    by_length = []
    for length in lengths:
        y = rng.standard_normal(length)
        atrous.swt(y, "db4", level=4)
        pywt_ms = best_ms(lambda y=y: pywt.swt(y, "db4", level=4), repeats)
        atrous_ms = best_ms(lambda y=y: atrous.swt(y, "db4", level=4), repeats)
        by_length.append({"n": length, "pywt_ms": pywt_ms, "atrous_ms": atrous_ms})
        print(f"  level 4, N = {length:8d}: PyWavelets {pywt_ms:9.2f} ms, "
              f"atrous {atrous_ms:7.2f} ms", flush=True)
    return {"n_for_levels": n, "by_level": by_level, "by_length": by_length}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--output", default=str(RESULTS), help="where to write the JSON")
    args = parser.parse_args()
    warm_memory(1 if args.quick else 2)
    result = measure(args.quick)
    result["machine"] = {
        "cpus": os.cpu_count(), "numba_threads": numba.get_num_threads(),
        "python": platform.python_version(), "numpy": np.__version__,
        "pywt": pywt.__version__, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": os.getloadavg()[0],
    }
    output = pathlib.Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written to {output}")


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a report, not a test: always exit 0
        print(f"bench_scaling failed: {exc!r}")
