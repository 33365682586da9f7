"""Denoising against scikit-image's cycle-spun wavelet denoising, side by side.

Run ``python benchmarks/bench_denoise.py`` (part of ``make bench``; needs scikit-image,
``pip install scikit-image``, which is not a dependency of atrous). PyWavelets' camera
image scaled to [0, 1] with Gaussian noise of sigma 0.1 (``default_rng(0)``); db4, 3
levels, BayesShrink, soft thresholds. scikit-image: ``cycle_spin(denoise_wavelet,
max_shifts=7)``, 64 shifted DWT denoisings. The script always exits 0: it is a report.
"""

import argparse
import os
import warnings

import numba
import numpy as np
import pywt
from _common import record, table

import atrous
from atrous.demo import best_ms


def psnr(clean, estimate):
    return 10 * np.log10(1.0 / np.mean((clean - estimate) ** 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    try:
        import skimage
        from skimage.restoration import cycle_spin, denoise_wavelet
    except ImportError:
        print("scikit-image is not installed: pip install scikit-image")
        return
    print(f"numpy {np.__version__}, numba {numba.__version__}, scikit-image "
          f"{skimage.__version__}, atrous {atrous.__version__}; {os.cpu_count()} CPUs")
    clean = pywt.data.camera().astype(np.float64) / 255
    noisy = clean + np.random.default_rng(0).normal(0, 0.1, clean.shape)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dask is optional for cycle_spin
            return cycle_spin(noisy, func=denoise_wavelet, max_shifts=7, channel_axis=None,
                              func_kw={"wavelet": "db4", "mode": "soft", "wavelet_levels": 3,
                                       "method": "BayesShrink", "rescale_sigma": True})

    their_ms = best_ms(theirs, 2)
    their_psnr = psnr(clean, theirs())
    rows, missed = [], []
    for mode in ("symmetric", "periodization"):
        def ours(mode=mode):
            return atrous.denoise(noisy, "db4", level=3, method="bayes", mode=mode)

        our_ms = best_ms(ours, 5)
        gap = psnr(clean, ours()) - their_psnr
        ratio = their_ms / our_ms
        ok = gap >= -0.1 and ratio >= 20
        if mode == "symmetric":
            missed += [] if ok else ["denoise"]
        rows.append([f"denoise 512 x 512 camera, sigma 0.1, db4 L3 BayesShrink, mode '{mode}'",
                     f"{their_ms:.0f} ms, {their_psnr:.2f} dB",
                     f"{our_ms:.1f} ms, {psnr(clean, ours()):.2f} dB",
                     f"{ratio:.0f}x faster, {gap:+.2f} dB", ">= 20x, >= -0.1 dB",
                     "PASS" if ok else ("MISS" if mode == "symmetric" else "(info)")])
    header = ["case", "scikit-image cycle_spin", "atrous", "atrous vs scikit-image cycle_spin",
              "target", ""]
    record("bench_denoise", rows, "scikit-image", header=header)
    print(table(rows, args.markdown, header))
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
