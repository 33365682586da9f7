"""The demo behind ``make demo``: the SWT of PyWavelets' bundled ECG record.

Run with ``python -m atrous.demo``. It decomposes the ECG record, reconstructs it, shows a
length PyWavelets refuses, draws a multiresolution analysis of the record (saved as a
figure), and times atrous against PyWavelets on this machine.
"""

import pathlib
import time

import numpy as np
import pywt

import atrous

WAVELET = "db4"


def best_ms(function, repeats, warm_up=True):
    """Best wall time of ``repeats`` calls in ms, after one warm-up call (numba compiles or
    loads its cache on first use). Shared with ``benchmarks/``."""
    if warm_up:
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def decompose_ecg():
    ecg = pywt.data.ecg().astype(np.float64)
    level = 5
    coeffs = atrous.swt(ecg, WAVELET, level=level, norm=True, trim_approx=True)
    print(f"ECG record: {ecg.size} samples, {WAVELET} SWT, {level} levels, norm=True")
    print(f"  {'band':>6} {'samples':>8} {'energy %':>9}")
    total = np.sum(ecg**2)
    names = [f"A{level}"] + [f"D{j}" for j in range(level, 0, -1)]
    for name, c in zip(names, coeffs):
        print(f"  {name:>6} {c.size:>8} {100 * np.sum(c**2) / total:>9.3f}")
    energy = sum(np.sum(c**2) for c in coeffs)
    print(f"  energy of the coefficients / energy of the signal: {energy / total:.15f}")
    back = atrous.iswt(coeffs, WAVELET, norm=True)
    print(f"  perfect reconstruction: max |iswt(swt(x)) - x| = {np.abs(back - ecg).max():.2e}")
    reference = pywt.swt(ecg, WAVELET, level=level, norm=True, trim_approx=True)
    gap = max(np.abs(a - b).max() for a, b in zip(coeffs, reference))
    print(f"  max difference from pywt.swt: {gap:.2e}")
    return ecg


def any_length(ecg):
    x = ecg[:1000]
    print(f"\nAny length: the first {x.size} samples at 5 levels "
          f"(PyWavelets needs a multiple of 2**5 = 32)")
    try:
        pywt.swt(x, WAVELET, level=5)
    except ValueError as error:
        print(f"  pywt.swt:   ValueError: {error}")
    coeffs = atrous.swt(x, WAVELET, level=5)
    back = atrous.iswt(coeffs, WAVELET)
    print(f"  atrous.swt: {len(coeffs)} levels of {coeffs[0][0].size} samples; "
          f"max reconstruction error {np.abs(back - x).max():.2e}")


MRA_FIGURE = pathlib.Path("demo-output") / "ecg_mra.png"


def mra_figure(ecg, path=MRA_FIGURE, level=5):
    """Multiresolution analysis of the ECG at two boundary modes, drawn as stacked components.

    Returns the path of the figure, or None when matplotlib is not installed.
    """
    modes = ("periodization", "symmetric")
    analyses = {mode: atrous.mra(ecg, WAVELET, level=level, mode=mode) for mode in modes}
    print(f"\nMultiresolution analysis of the ECG ({WAVELET}, {level} levels): "
          f"components A{level}, D{level} .. D1 that add up to the signal")
    for mode, components in analyses.items():
        error = np.abs(atrous.imra(components) - ecg).max()
        print(f"  {mode:<13} max |sum - signal| = {error:.2e}")
    # A window cut on a T wave (-12) and in the trough after the last beat (-110):
    # periodization joins its end to its start, a jump every detail shows at the edges.
    window = ecg[296:904]
    edge = np.r_[0:16, window.size - 16:window.size]
    windowed = {mode: atrous.mra(window, WAVELET, level=level, mode=mode) for mode in modes}
    spikes = {mode: [np.abs(d[edge]).max() for d in components[1:]]
              for mode, components in windowed.items()}
    print(f"  samples 296-903 (they start at {window[0]:.0f} and end at {window[-1]:.0f}): "
          f"largest detail within 16 samples of an edge, D{level} .. D1")
    for mode, values in spikes.items():
        print(f"    {mode:<13} " + " ".join(f"{v:6.2f}" for v in values))
    try:
        from matplotlib.figure import Figure
    except ImportError:
        print("  (matplotlib is not installed: no figure)")
        return None
    # The window's components, where the two modes differ (on the whole record, whose ends
    # meet smoothly, they look alike): periodization's edge spikes against mirrored edges.
    rows = [("signal", window)] + [
        (name, None) for name in [f"D{j}" for j in range(1, level + 1)] + [f"A{level}"]]
    figure = Figure(figsize=(11, 1.3 * len(rows)), layout="constrained")
    axes = figure.subplots(len(rows), len(modes), sharex=True, sharey="row", squeeze=False)
    for column, mode in enumerate(modes):
        # Finest detail first under the signal, the smooth last, as they are usually drawn.
        components = windowed[mode][1:][::-1] + windowed[mode][:1]
        for row, (name, values) in enumerate(rows):
            values = window if values is not None else components[row - 1]
            axes[row, column].plot(np.arange(296, 296 + window.size), values, linewidth=0.7,
                                   color="black" if row == 0 else "C0")
            axes[row, column].set_ylabel(name, rotation=0, ha="right", va="center")
            axes[row, column].margins(x=0)
        axes[0, column].set_title(f"mode='{mode}'")
        axes[-1, column].set_xlabel("sample")
    figure.suptitle(f"atrous.mra of samples 296-903 of PyWavelets' ECG record ({WAVELET}, "
                    f"{level} levels): the edges at two boundary modes")
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    print(f"  figure saved to {path}")
    return path


def speed_table(ecg):
    long_ecg = np.resize(ecg, 2**20)
    coeffs = pywt.swt(long_ecg, WAVELET, level=8)
    image = np.outer(ecg, ecg) / np.abs(ecg).max()
    cases = [
        ("swt   2**20 samples, level 8",
         lambda: pywt.swt(long_ecg, WAVELET, level=8),
         lambda: atrous.swt(long_ecg, WAVELET, level=8)),
        ("iswt  2**20 samples, level 8",
         lambda: pywt.iswt(coeffs, WAVELET),
         lambda: atrous.iswt(coeffs, WAVELET)),
        ("mra   2**20 samples, level 8",
         lambda: pywt.mra(long_ecg, WAVELET, level=8),
         lambda: atrous.mra(long_ecg, WAVELET, level=8)),
        ("swt2  1024 x 1024 image, level 4",
         lambda: pywt.swt2(image, WAVELET, level=4),
         lambda: atrous.swt2(image, WAVELET, level=4)),
        ("swt   2**20 samples, level 8, 1000-sample tail cut",
         None,
         lambda: atrous.swt(long_ecg[:-1000], WAVELET, level=8)),
    ]
    print(f"\nSpeed on this machine (ECG tiled to 2**20 samples, {WAVELET}; ms, best of 7 "
          "runs for atrous, of 3 for PyWavelets)")
    print(f"  {'case':<52} {'pywt':>8} {'atrous':>8} {'speed-up':>9}")
    for name, with_pywt, with_atrous in cases:
        ours = best_ms(with_atrous, 7)
        if with_pywt is None:
            print(f"  {name:<52} {'refuses':>8} {ours:>8.1f} {'':>9}")
            continue
        theirs = best_ms(with_pywt, 3)
        print(f"  {name:<52} {theirs:>8.1f} {ours:>8.1f} {theirs / ours:>8.1f}x")


def main():
    ecg = decompose_ecg()
    any_length(ecg)
    mra_figure(ecg)
    speed_table(ecg)


if __name__ == "__main__":
    main()
