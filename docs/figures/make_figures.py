"""Regenerate the figures committed under docs/figures (the README shows the first).

    python docs/figures/make_figures.py

The ECG figure uses PyWavelets' bundled record (as ``make demo``); the scaling figure draws
``benchmarks/results/scaling.json``, which ``python benchmarks/bench_scaling.py`` writes,
the ratios figure the result files ``make bench`` writes there, and the small-calls figure
``benchmarks/results/bench_small.json``, which ``python benchmarks/bench_small.py`` writes
(skipped, with a note, when that file is missing).
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


def ratios(path=HERE / "ratios.png", results=HERE.parent.parent / "benchmarks" / "results"):
    """The performance page's ratios, from the ``make bench`` scripts' result files."""
    from matplotlib.figure import Figure

    rows = []
    for name in ("bench_swt", "bench_swtn", "bench_modwt", "bench_convolution",
                 "bench_starlet", "bench_denoise"):
        file = pathlib.Path(results) / f"{name}.json"
        if file.exists():
            record = json.loads(file.read_text())
            rows += [(case["case"], case["peer"], case["ratio"], case["target"])
                     for case in record["cases"]]
    peers = sorted({peer for _, peer, _, _ in rows})
    fig = Figure(figsize=(9, 0.32 * len(rows) + 1.4), layout="constrained")
    ax = fig.subplots()
    positions = np.arange(len(rows))[::-1]
    for peer_index, peer in enumerate(peers):
        mine = [(p, r) for p, (_, who, r, _) in zip(positions, rows) if who == peer]
        ax.barh([p for p, _ in mine], [r for _, r in mine], color=f"C{peer_index}",
                label=f"against {peer}")
    targets = [(p, t) for p, (_, _, _, t) in zip(positions, rows) if t]
    ax.scatter([t for _, t in targets], [p for p, _ in targets], marker="|", s=200,
               color="black", label="target", zorder=3)
    ax.axvline(1, color="0.4", linewidth=0.8)
    ax.set_yticks(positions, [case for case, _, _, _ in rows], fontsize="small")
    ax.set_xscale("log")
    ax.set_xlabel("times faster than the peer (log scale; 1 = as fast)")
    ax.legend(loc="lower right", fontsize="small")
    fig.suptitle("make bench, each case side by side with its peer in one process",
                 fontsize="small")
    fig.savefig(path, dpi=90)
    return path


def small_calls(path=HERE / "small_calls.png",
                results=HERE.parent.parent / "benchmarks" / "results" / "bench_small.json"):
    """The performance page's small sizes: each function's speed against its peer (peer
    time / atrous time) against the samples per call, from ``benchmarks/bench_small.py``'s
    results; None when there are none."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogFormatterSciNotation

    file = pathlib.Path(results)
    if not file.exists():
        return None
    data = json.loads(file.read_text())
    lines, targets = {}, []
    for case in data["cases"]:
        if case.get("samples"):
            lines.setdefault((case["function"], case["peer"]), []).append(
                (case["samples"], case["ratio"]))
            if case["target"]:
                targets.append((case["peer"] == "PyWavelets", case["samples"], case["target"]))
    fig = Figure(figsize=(11, 6.4), layout="constrained")
    panels = dict(zip((True, False), fig.subplots(1, 2, sharey=True)))
    markers = "osD^v<>phX*"
    for index, ((function, peer), points) in enumerate(lines.items()):
        samples, ratio = zip(*sorted(points))
        label = function if peer in ("PyWavelets", "scipy") else f"{function}, against {peer}"
        panels[peer == "PyWavelets"].plot(samples, ratio, marker=markers[index % len(markers)],
                                          markersize=4, label=label)
    values = [r for points in lines.values() for _, r in points] + [t for *_, t in targets]
    low, high = min(values + [1]) / 1.5, max(values + [1]) * 1.5
    for pywavelets, ax in panels.items():
        mine = [(n, t) for peer, n, t in targets if peer == pywavelets]
        if mine:
            ax.scatter(*zip(*mine), marker=6, s=60, color="black", zorder=3,
                       label="target (at least)")
        ax.axhline(1, color="black", linewidth=1)
        ax.axhspan(low, 1, color="0.93", zorder=0)  # where the peer is faster
        ax.set_ylim(low, high)
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xticks([2**k for k in range(6, 25, 2)])
        ax.xaxis.set_major_formatter(LogFormatterSciNotation(base=2))
        ax.set_xlabel("samples per call (n; n x n images; n^3 cubes)")
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.14),
                  ncol=2)
    panels[True].set(ylabel="peer time / atrous time (log; above 1: atrous faster)",
                     title="against PyWavelets")
    panels[False].set(title="dilated filtering, against scipy.ndimage (zero-stuffed kernel)")
    for ax in panels.values():
        ax.text(0.99, 0.02, "below the line: the peer is faster", transform=ax.transAxes,
                ha="right", va="bottom", fontsize="x-small", color="0.3")
    fig.suptitle(f"per call, best of several loops, side by side in one process; "
                 f"{data['cpus']} CPUs, load {data['load_before']:.1f} before, {data['date']} "
                 "(benchmarks/bench_small.py)", fontsize="small")
    fig.savefig(path, dpi=90)
    return path


if __name__ == "__main__":
    np.seterr(all="raise")
    print(ecg_mra())
    print(scaling())
    print(ratios())
    print(small_calls() or "no benchmarks/results/bench_small.json: run "
          "python benchmarks/bench_small.py for docs/figures/small_calls.png")
