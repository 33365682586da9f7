"""Regenerate the figures committed under docs/figures (the README shows the first).

    python docs/figures/make_figures.py

The ECG figure uses PyWavelets' bundled record (as ``make demo``); the scaling figure draws
``benchmarks/results/scaling.json``, which ``python benchmarks/bench_scaling.py`` writes.
Figures are drawn without pyplot (any backend).
"""

import json
import pathlib

import numpy as np
import pywt

import atrous
from atrous.plot import plot_mra

HERE = pathlib.Path(__file__).parent


def ecg_mra(path=HERE / "ecg_mra.png"):
    """The README figure: the ECG record's MRA, each level labelled with its band."""
    ecg = pywt.data.ecg().astype(float)
    fs = 360.0  # the MIT-BIH records are sampled at 360 Hz
    components = atrous.mra(ecg, "sym8", level=6, mode="symmetric")
    fig = plot_mra(components, signal=ecg, fs=fs)
    fig.suptitle("atrous.mra(ecg, 'sym8', level=6, mode='symmetric'), "
                 "drawn by atrous.plot.plot_mra")
    fig.savefig(path, dpi=90)
    return path


def scaling(path=HERE / "scaling.png",
            results=HERE.parent.parent / "benchmarks" / "results" / "scaling.json"):
    """The performance page's figure, from ``benchmarks/bench_scaling.py``'s results."""
    from matplotlib.figure import Figure

    data = json.loads(pathlib.Path(results).read_text())
    fig = Figure(figsize=(9, 3.6), layout="constrained")
    by_level, by_length = fig.subplots(1, 2)
    levels = [row["level"] for row in data["by_level"]]
    for key, name in (("pywt_ms", "PyWavelets"), ("atrous_ms", "atrous")):
        by_level.plot(levels, [row[key] for row in data["by_level"]], marker="o", label=name)
        by_length.plot([row["n"] for row in data["by_length"]],
                       [row[key] for row in data["by_length"]], marker="o", label=name)
    by_level.set(yscale="log", xlabel="level", ylabel="ms",
                 title=f"swt, db4, N = {data['n_for_levels']}, against level")
    by_length.set(xscale="log", yscale="log", xlabel="samples N", ylabel="ms",
                  title="swt, db4, level 4, against length")
    by_level.legend()
    machine = data["machine"]
    fig.suptitle(f"best of several runs, one process, {machine['cpus']} CPUs, "
                 f"{machine['date']} (benchmarks/bench_scaling.py)", fontsize="small")
    fig.savefig(path, dpi=90)
    return path


if __name__ == "__main__":
    np.seterr(all="raise")
    print(ecg_mra())
    print(scaling())
