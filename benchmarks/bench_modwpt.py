"""The MODWPT against its vectorised NumPy equivalent by FFT, side by side in one process.

Run ``python benchmarks/bench_modwpt.py`` (``--quick``, ``--markdown``). No common library
has a MODWPT; the fair peer is the transform computed in the frequency domain with NumPy:
one ``rfft`` of the signal, each level's nodes multiplied by the circular responses of the
dilated filters (all nodes of a level in one broadcast product, the filters swapped below
odd nodes), and one batched ``irfft`` of the ``2**J`` nodes at the end. float64 data from
``numpy.random.default_rng(0)``; memory is touched once first; best of several runs. The
script always exits 0: it is a report, not a test.
"""

import os

import numba
import numpy as np
from _common import record, report_options, table, warm_memory

import atrous
from atrous._modwt import filters
from atrous.demo import best_ms

WAVELET = "la8"


def fft_modwpt(x, level, wavelet=WAVELET):
    """The nodes of ``level`` of the last axis of ``x``, by FFT."""
    g, h = filters(wavelet)
    n = x.shape[-1]
    nodes = np.fft.rfft(x)[None]  # (nodes, ..., frequencies)
    for j in range(1, level + 1):
        # The dilated filters wrapped around n samples, and their responses.
        taps = (2 ** (j - 1) * np.arange(len(g))) % n
        low = np.fft.rfft(np.bincount(taps, g, minlength=n))
        high = np.fft.rfft(np.bincount(taps, h, minlength=n))
        odd = (np.arange(nodes.shape[0]) % 2 == 1).reshape((-1,) + (1,) * (nodes.ndim - 1))
        first = np.where(odd, high, low)
        second = np.where(odd, low, high)
        nodes = np.stack([nodes * first, nodes * second], axis=1)
        nodes = nodes.reshape((-1,) + nodes.shape[2:])
    return np.fft.irfft(nodes, n)


def main():
    args = report_options(__doc__)

    rng = np.random.default_rng(0)
    n = 2**14 if args.quick else 2**17
    x = rng.standard_normal(n)
    batch = rng.standard_normal((16, 2**10 if args.quick else 2**13))
    assert np.allclose(atrous.modwpt(x, WAVELET, 6), fft_modwpt(x, 6))  # compiles, too
    warmed = warm_memory(1 if args.quick else 3)
    print(f"numpy {np.__version__}, numba {numba.__version__}, atrous {atrous.__version__}; "
          f"{os.cpu_count()} CPUs, {numba.get_num_threads()} numba threads; memory warmed "
          f"in {warmed:.1f} s")
    repeats = 3 if args.quick else 5
    series = f"2**{int(np.log2(n))}"
    rows = [_row(f"modwpt, N = {series}, {WAVELET}, level {level}", x, level, repeats)
            for level in (6, 3)]
    rows.append(_row(f"modwpt of 16 series of 2**{int(np.log2(batch.shape[1]))}, level 5",
                     batch, 5, repeats))
    print(table(rows, args.markdown).replace("PyWavelets", "NumPy FFT"))
    record("bench_modwpt", rows, "NumPy FFT")
    missed = [row[0] for row in rows if row[-1] != "PASS"]
    print("all targets met" if not missed else "missed: " + "; ".join(missed))


def _row(name, data, level, repeats):
    """A table row: the FFT peer and atrous on ``data`` at ``level`` (target: twice as
    fast: the filters in the time domain, no transform of the signal and its 2**J nodes)."""
    peer = best_ms(lambda: fft_modwpt(data, level), repeats)
    ours = best_ms(lambda: atrous.modwpt(data, WAVELET, level=level), 2 * repeats)
    verdict = "PASS" if peer >= 2 * ours else "MISS"
    return [name, f"{peer:.1f} ms", f"{ours:.2f} ms", f"{peer / ours:.1f}x faster", ">= 2x",
            verdict]

if __name__ == "__main__":
    main()
