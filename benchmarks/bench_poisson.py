"""Poisson denoising (MSVST) against the baselines: error and flux on simulated count
images, and time against starlet_denoise of the same image.

Run ``python benchmarks/bench_poisson.py`` (part of ``make bench``; ``--quick``,
``--markdown``). Images from ``numpy.random.default_rng``; memory touched once first;
best of several runs. The baselines are what a user without the MSVST does: Anscombe's
transform, ``atrous.starlet_denoise`` with unit noise and 3-sigma detection, and the
algebraic inverse ``(y / 2)**2 - 3/8``; and ``starlet_denoise`` of the raw counts (noise
from the MAD). The MSVST runs at the same false-alarm level (``detection='ksigma'``,
``k=3``) and with its default (Benjamini-Hochberg at 0.05). The script always exits 0: it
is a report, not a test.
"""

import os

import numba
import numpy as np
import scipy
from _common import record, report_options, table, warm_memory

import atrous
from atrous.demo import best_ms


def sky(side, rng):
    """A faint background (0.1 count per pixel) with point sources (Gaussian, width 1.2
    pixels, peaks 1 to 5 counts) and extended ones (width 6 to 12 pixels, peaks 0.3 to
    1 count): the intensity and each source's (aperture, profile), the aperture a disc
    of radius twice the width plus 2 pixels (the flux measured in it is the image's,
    background and neighbours' wings included, as aperture photometry does)."""
    y, x = np.mgrid[:side, :side].astype(float)
    intensity = np.full((side, side), 0.1)
    sources = []
    grid = np.linspace(side / 8, side - side / 8, 4)
    for row, cy in enumerate(grid):
        for column, cx in enumerate(grid):
            extended = (row + column) % 2 == 1
            width = (6 + 2 * column) if extended else 1.2
            peak = (0.3 + 0.25 * row) if extended else (1 + 1.3 * row)
            blob = peak * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2))
            intensity += blob
            mask = (x - cx) ** 2 + (y - cy) ** 2 <= (2 * width + 2) ** 2
            sources.append((mask, blob))
    return intensity, sources


def anscombe_starlet(counts, level):
    stabilized = 2 * np.sqrt(counts + 3 / 8)
    denoised = atrous.starlet_denoise(stabilized, level, k=3.0, sigma=1.0)
    return np.maximum((denoised / 2) ** 2 - 3 / 8, 0)


def starlet_counts(counts, level):
    return atrous.starlet_denoise(counts.astype(float), level, k=3.0, positivity=True)


def msvst_ksigma(counts, level):
    return atrous.poisson_denoise(counts, level, detection="ksigma", k=3.0)


def msvst_fdr(counts, level):
    return atrous.poisson_denoise(counts, level)


METHODS = [("Anscombe + starlet_denoise (3 sigma)", anscombe_starlet),
           ("starlet_denoise of the counts (3 sigma)", starlet_counts),
           ("poisson_denoise, 3 sigma", msvst_ksigma),
           ("poisson_denoise, FDR 0.05 (default)", msvst_fdr)]


def quality_rows(side, level, seeds):
    """Normalized error, flux of the sources and of a flat field, per method (means over
    ``seeds`` noise draws)."""
    intensity, sources = sky(side, np.random.default_rng(0))
    results = {name: {"error": [], "source flux": [], "flat 0.1": [], "flat 1": []}
               for name, _ in METHODS}
    for seed in range(seeds):
        rng = np.random.default_rng(100 + seed)
        counts = rng.poisson(intensity)
        flats = {value: rng.poisson(value, (side, side)) for value in (0.1, 1.0)}
        for name, method in METHODS:
            estimate = method(counts, level)
            results[name]["error"].append(np.mean((estimate - intensity) ** 2 / intensity))
            worst = max(abs(estimate[mask].sum() / intensity[mask].sum() - 1)
                        for mask, _ in sources)
            results[name]["source flux"].append(worst)
            for value, flat in flats.items():
                results[name][f"flat {value:g}"].append(method(flat, level).sum()
                                                         / (value * flat.size))
    rows = []
    for name, values in results.items():
        rows.append([name, f"{np.mean(values['error']):.4f}",
                     f"{100 * np.mean(values['source flux']):.1f} %",
                     f"{np.mean(values['flat 0.1']):.3f}", f"{np.mean(values['flat 1']):.3f}",
                     ""])
    return rows


def main():
    args = report_options(__doc__)
    atrous.poisson_denoise(np.ones((32, 32), int), 2)
    warm_seconds = warm_memory(1 if args.quick else 2)
    print(f"numpy {np.__version__}, numba {numba.__version__}, scipy {scipy.__version__}, "
          f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads; memory warmed in {warm_seconds:.1f} s")

    side, level, seeds = (256, 5, 2) if args.quick else (512, 6, 4)
    header = [f"method ({side} x {side}, {level} scales, mean of {seeds} draws)",
              "normalized error", "worst source flux error", "flat 0.1: flux kept",
              "flat 1: flux kept", ""]
    quality = quality_rows(side, level, seeds)
    print(table(quality, args.markdown, header))

    side = 512 if args.quick else 2048
    rng = np.random.default_rng(1)
    counts = rng.poisson(rng.random((side, side)) * 2)
    data = counts.astype(float)
    repeats = 1 if args.quick else 3
    ours = best_ms(lambda: atrous.poisson_denoise(counts, 6), repeats)
    peers = [("starlet_denoise (defaults: 1 pass)",
              best_ms(lambda: atrous.starlet_denoise(data, 6), repeats)),
             ("starlet_denoise, positivity (10 iterations)",
              best_ms(lambda: atrous.starlet_denoise(data, 6, positivity=True), repeats))]
    timing = []
    for name, theirs in peers:
        ratio = ours / theirs
        timing.append([f"{side} x {side}, 6 scales, vs {name}", f"{theirs:.0f} ms",
                       f"{ours:.0f} ms", f"{ratio:.1f}x its time", "<= 5x",
                       "PASS" if ratio <= 5 else "MISS"])
    time_header = ["case", "starlet_denoise", "poisson_denoise", "poisson_denoise vs it",
                   "target", ""]
    print(table(timing, args.markdown, time_header))
    record("bench_poisson", timing, "atrous.starlet_denoise", header=time_header)
    record("bench_poisson_quality", quality, header=header)


if __name__ == "__main__":
    main()
