"""Cold start: ``import atrous`` and the first call in a fresh process, empty cache and warm.

Each row runs in a fresh Python process whose ``NUMBA_CACHE_DIR`` is a new, empty temporary
directory (cold: every kernel the call needs is compiled), then in a second fresh process
with that directory as the first one left it (warm: the kernels load from the cache). The
time is measured inside the child, from before ``import atrous`` to the end of the first
call; the test data is made before the clock starts. The process's own start (Python, numpy)
is not counted; the wall time of the whole child is printed for reference with ``--wall``.

Targets (issue 13, on the project's 2-core machine): every row under 4 s cold and 0.8 s
warm; the cold column's sum (a full warm-up) under 60 s. The script always exits 0.

    python benchmarks/bench_cold_start.py            # every row (several minutes today)
    python benchmarks/bench_cold_start.py --quick    # three rows
    python benchmarks/bench_cold_start.py --rows swt,conv   # rows whose name contains a word
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from _common import record

COLD_TARGET, WARM_TARGET, TOTAL_TARGET = 4.0, 0.8, 60.0

# Data made before the clock starts: numpy only, so atrous (and numba) are not yet imported.
SETUP = """
import numpy as np
rng = np.random.default_rng(0)
x = rng.standard_normal(1024)
img = rng.standard_normal((64, 64))
vol = rng.standard_normal((16, 16, 16))
"""

# name -> (data set-up, the first call). ``atrous`` is imported inside the timed region.
ROWS = {
    "swt float64": ("", "atrous.swt(x, 'db4', level=4)"),
    "swt float32": ("x = x.astype(np.float32)", "atrous.swt(x, 'db4', level=4)"),
    "swt complex64": ("x = (x + 1j * x[::-1]).astype(np.complex64)",
                      "atrous.swt(x, 'db4', level=4)"),
    "swt complex128": ("x = x + 1j * x[::-1]", "atrous.swt(x, 'db4', level=4)"),
    "iswt float64": ("coeffs = [(rng.standard_normal(1024), rng.standard_normal(1024))"
                     " for _ in range(4)]",
                     "atrous.iswt(coeffs, 'db4')"),
    "swt2+iswt2 float64": ("", "atrous.iswt2(atrous.swt2(img, 'db2', level=2), 'db2')"),
    "swtn float64 (3-d)": ("", "atrous.swtn(vol, 'db2', level=2)"),
    "mra symmetric float64": ("", "atrous.mra(x, 'db4', level=4, mode='symmetric')"),
    "modwt float64": ("", "atrous.modwt(x, 'sym4', level=4)"),
    "starlet float64 (2-d)": ("", "atrous.starlet(img, level=3)"),
    "correlate1d float64": ("w = np.array([1.0, -2.0, 1.0])",
                            "atrous.correlate1d(x, w, dilation=4)"),
    "convolve float64 (2-d)": ("w = np.ones((3, 3)) / 9",
                               "atrous.convolve(img, w, dilation=2)"),
    "conv1d float64": ("inp = rng.standard_normal((1, 2, 1024)); "
                       "w = rng.standard_normal((3, 2, 3))",
                       "atrous.conv1d(inp, w, dilation=4, padding='causal')"),
    "conv2d float64": ("inp = rng.standard_normal((1, 2, 32, 32));"
                       " w = rng.standard_normal((3, 2, 3, 3))",
                       "atrous.conv2d(inp, w, dilation=2)"),
    "stream CausalConv1d float64": (
        "w = rng.standard_normal((2, 1, 4)); chunk = x[None, :256]",
        "atrous.stream.CausalConv1d(w, dilation=4).process(chunk)"),
    "stream SWT float64": ("", "atrous.stream.SWT('db4', level=4).process(x[:256])"),
}
QUICK = ["swt float64", "iswt float64", "correlate1d float64"]

CHILD = """{setup}
{prepare}
import time, json
start = time.perf_counter()
import atrous, atrous.stream
imported = time.perf_counter()
{call}
done = time.perf_counter()
print(json.dumps({{"import": imported - start, "total": done - start}}))
"""


def run(name, cache_dir, env_extra=None):
    """One fresh process; returns (import s, import + first call s, wall s of the child)."""
    prepare, call = ROWS[name]
    code = CHILD.format(setup=SETUP, prepare=prepare, call=call)
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir, **(env_extra or {}))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"  {name}: the child failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
        return float("nan"), float("nan"), wall
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result["import"], result["total"], wall


def verdict(value, target):
    return "PASS" if value < target else "MISS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK)}")
    parser.add_argument("--rows", help="comma-separated words; rows whose name contains one")
    parser.add_argument("--wall", action="store_true", help="also print the child's wall time")
    args = parser.parse_args()

    names = QUICK if args.quick else list(ROWS)
    if args.rows:
        words = [w.strip().lower() for w in args.rows.split(",") if w.strip()]
        names = [n for n in names if any(w in n.lower() for w in words)]
    if not names:
        print("no row matches", file=sys.stderr)
        return 0

    header = "| first call (fresh process) | cold s | warm s |"
    rule = "|---|---:|---:|"
    if args.wall:
        header += " cold wall s | warm wall s |"
        rule += "---:|---:|"
    lines, cold_sum, misses, recorded = [header, rule], 0.0, [], []
    load_before = os.getloadavg()[0]
    for name in names:
        with tempfile.TemporaryDirectory(prefix="atrous-cold-") as cache:
            _, cold, cold_wall = run(name, cache)
            _, warm, warm_wall = run(name, cache)
        cold_sum += cold
        line = f"| {name} | {cold:.2f} | {warm:.2f} |"
        if args.wall:
            line += f" {cold_wall:.2f} | {warm_wall:.2f} |"
        lines.append(line)
        recorded.append([name, f"{cold:.2f} s", f"{warm:.2f} s", "",
                         f"< {COLD_TARGET:.0f} s, < {WARM_TARGET} s",
                         "PASS" if cold < COLD_TARGET and warm < WARM_TARGET else "MISS"])
        print(f"  {name}: cold {cold:.2f} s, warm {warm:.2f} s", file=sys.stderr, flush=True)
        if not cold < COLD_TARGET:
            misses.append(f"{name} cold")
        if not warm < WARM_TARGET:
            misses.append(f"{name} warm")

    print("\n".join(lines))
    if len(names) == len(ROWS):
        recorded.append([f"all {len(names)} rows, one after the other", f"{cold_sum:.0f} s", "",
                         "", f"< {TOTAL_TARGET:.0f} s", verdict(cold_sum, TOTAL_TARGET)])
    # For the figures quoted in the README and the docs (benchmarks/render_figures.py).
    record("bench_cold_start", recorded, load_before=load_before,
           header=["first call (fresh process)", "empty cache", "cache present", "",
                   "target", ""])
    print()
    print(f"sum of the cold column ({len(names)} rows): {cold_sum:.1f} s "
          f"(target < {TOTAL_TARGET:.0f} s for every row: {verdict(cold_sum, TOTAL_TARGET)}"
          f"{'' if len(names) == len(ROWS) else ', partial run'})")
    rows_ok = not misses
    print(f"every row cold < {COLD_TARGET:.0f} s and warm < {WARM_TARGET} s: "
          f"{'PASS' if rows_ok else 'MISS'}"
          + ("" if rows_ok else f" ({len(misses)} misses: {', '.join(misses)})"))
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
