"""The labeled layer's cost: atrous.xarray against the NumPy functions it wraps, side by side.

Run ``python benchmarks/bench_xarray.py`` (``--quick``, ``--markdown``). Needs the xarray
extra. The peer is atrous itself on the bare array (``.values``, ``axis=``), so the ratio is
what the labels cost: the coordinates checked for equal spacing, the levels' scales and
bands, the result wrapped (and, for pandas, the frame built). 64 stations of daily data,
float64 from ``numpy.random.default_rng(0)``; best of several runs, interleaved. The script
always exits 0: it is a report, not a test.
"""

import os

import numba
import numpy as np
import pandas as pd
import xarray as xr
from _common import record, report_options, table, warm_memory

import atrous
from atrous import xarray as ax
from atrous.demo import best_ms

# The labels may cost at most this fraction of the NumPy call's time, plus xarray's fixed
# bookkeeping (building the result's coordinates and Dataset: about 1-3 ms whatever the
# size), plus a copy of the output where the result must be laid out anew.
OVERHEAD = 0.10
FIXED_MS = 3.0


def main():
    args = report_options(__doc__)

    n = 2**12 if args.quick else 2**15
    days = pd.date_range("1950-01-01", periods=n, freq="D")
    values = np.random.default_rng(0).standard_normal((64, n)).cumsum(axis=1)
    stations = xr.DataArray(values, dims=("station", "time"),
                            coords={"station": np.arange(64), "time": days},
                            attrs={"units": "m3/s"})
    frame = stations.T.to_pandas()
    warmed = warm_memory(1 if args.quick else 2)
    print(f"numpy {np.__version__}, xarray {xr.__version__}, pandas {pd.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, {numba.get_num_threads()} "
          f"numba threads; memory warmed in {warmed:.1f} s")
    repeats = 3 if args.quick else 7
    w = atrous.modwt(values, "la8", level=8, axis=1)
    labeled_w = ax.modwt(stations, "la8", level=8, dim="time")
    # (case, labeled call, bare call, copies): a list-returning function (mra) is stacked
    # into one array, and a DataFrame is written in pandas' layout: one copy of the output
    # each, which the target allows for.
    cases = [
        ("modwt, 64 stations x 2**15 days, la8, level 8",
         lambda: ax.modwt(stations, "la8", level=8, dim="time"),
         lambda: atrous.modwt(values, "la8", level=8, axis=1), 0),
        ("imodwt, same coefficients",
         lambda: ax.imodwt(labeled_w, "la8"),
         lambda: atrous.imodwt(w, "la8", axis=1), 0),
        ("mra (swt, symmetric), level 6",
         lambda: ax.mra(stations, "sym4", level=6, dim="time", mode="symmetric"),
         lambda: atrous.mra(values, "sym4", level=6, axis=1, mode="symmetric"), 1),
        ("wavelet_variance of the modwt",
         lambda: ax.wavelet_variance(labeled_w, "la8"),
         lambda: atrous.wavelet_variance(w, "la8", axis=1), 0),
        ("modwt of a DataFrame (a column per station)",
         lambda: ax.modwt(frame, "la8", level=8),
         lambda: atrous.modwt(frame.to_numpy(), "la8", level=8, axis=0), 1),
    ]
    if args.quick:
        cases = [(name.replace("2**15", "2**12"), *calls) for name, *calls in cases]
    copy_ms = best_ms(lambda: np.copy(w), repeats)  # one copy of a 9-row output
    rows = []
    for name, labeled, bare, copies in cases:
        labeled(), bare()  # compiled and warm
        peer = min(best_ms(bare, repeats) for _ in range(2))
        ours = min(best_ms(labeled, repeats) for _ in range(2))
        allowed = (1 + OVERHEAD) * peer + FIXED_MS + copies * copy_ms
        verdict = "PASS" if ours <= allowed else "MISS"
        target = f"<= +{100 * OVERHEAD:.0f} % + {FIXED_MS:g} ms" + (" + a copy" if copies
                                                                   else "")
        rows.append([name, f"{peer:.1f} ms", f"{ours:.1f} ms",
                     f"{100 * (ours / peer - 1):+.0f} %", target, verdict])
    print(f"one copy of the modwt's output: {copy_ms:.1f} ms")
    print(table(rows, args.markdown).replace("PyWavelets", "NumPy atrous")
          .replace("atrous vs NumPy atrous", "labels cost"))
    record("bench_xarray", rows, "NumPy atrous")
    missed = [row[0] for row in rows if row[-1] != "PASS"]
    print("all targets met" if not missed else "missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
