"""Small calls: atrous against its peers per call, from 64 samples to 2**22.

Run ``python benchmarks/bench_small.py`` (about four minutes). ``--quick`` stops at 2**16
samples (256 x 256 images, 32^3 cubes) with fewer and shorter loops, a smoke run of well
under a minute; ``--markdown`` prints the tables in Markdown. The results go to
``benchmarks/results/bench_small.json`` (each case with its function, size and times per
call), which ``docs/figures/make_figures.py`` draws as ``docs/figures/small_calls.png``.

Most real calls are short and repeated in a Python loop (an ECG window of a few seconds, a
record of 1024 samples, a feature extractor): there the fixed cost of a call (checking the
arguments, planning, entering compiled code) counts as much as the cost per sample. So each
function is timed per call, side by side with its peer, over a range of sizes, and the
crossover (the size from which atrous is at least as fast) is printed under the table.

How, all float64, random data from ``numpy.random.default_rng(0)`` unless said otherwise:

- memory is touched once before anything is timed (``_common.warm_memory``);
- each case calls every function once to warm up (numba compiles or loads its cache),
  then once more, timed, to check that the results agree (``np.allclose``, one structure
  mapped onto the other); a disagreement prints a WARNING row, an exception an ERROR row,
  and the run goes on;
- from that call, each function's loop is sized to take about 5 ms (2 ms with
  ``--quick``): hundreds to thousands of calls (at most 10000) for a call of a few
  microseconds, one for a slow call. Short loops, because on a busy machine a loop longer
  than the scheduler's time slice is almost always interrupted, and the best of many
  short loops is the least disturbed. The loops then alternate, the order rotated each
  round (the peer first in even rounds), so a burst of load falls on both: as many rounds
  as fit in about 0.6 s a case (0.1 s with ``--quick``), at least 5 and at most 31 (3 and
  9 with ``--quick``), 3 when a call takes over 0.2 s. The time per call is the best
  round's loop time over its calls (the medians go to the results file too). The garbage
  collector runs before each case and is off inside the loops, as in ``timeit``;
- ratio = the peer's time / atrous' time: above 1, atrous is faster.

The peers, and why:

- ``swt``, ``iswt``, ``mra`` and ``imra`` (``transform='swt'``), ``swt2``, ``swtn``:
  PyWavelets' function of the same name with the same arguments (atrous is its drop-in).
  PyWavelets' ``mra`` runs an inverse transform per component and takes seconds on large
  inputs: it is timed up to 2**16 samples only, atrous alone above (the table says so);
- ``modwt`` (``'la8'``, level 4): PyWavelets has no MODWT. The MODWT is the SWT with its
  filters scaled by 1/sqrt(2) and its coefficients circularly shifted, so the peer is the
  SWT with the same filters, ``pywt.swt(x, 'sym4', level=4)`` (la8 is PyWavelets' sym4);
  the check maps one on the other (the scale and shifts of docs/modwt.md);
- ``correlate1d`` (3 taps, dilation 4, ``mode='reflect'``): ``scipy.ndimage.correlate1d``
  with the zero-stuffed 9-tap kernel, which gives the same result;
- ``conv1d`` (torch's conventions: batch 1, one channel in and out, 3 taps, dilation 4,
  ``padding='same'``): ``scipy.ndimage.correlate1d`` with the zero-stuffed kernel at
  ``mode='constant'``; and, when torch is installed (it is not a dependency),
  ``torch.nn.functional.conv1d`` with as many threads as numba, in a second peer column;
- ``denoise``: ``atrous.denoise(x, 'db4', level=4)`` of a noisy sine, at its defaults
  (BayesShrink, soft thresholds, ``mode='symmetric'``), against the same recipe written
  with PyWavelets: ``sigma = median(|d|) / 0.6745`` of the finest detail ``d`` of
  ``pywt.swt(x, 'db2', level=1)`` (``atrous.estimate_noise``); the signal extended
  symmetrically by ``8 (2**4 - 1)`` samples on each side (``np.pad``), so that the
  periodic transform does not join its ends; ``pywt.swt(..., trim_approx=True)``;
  ``pywt.threshold(d, sigma**2 / sigma_d, 'soft')`` on each detail, with
  ``sigma_d**2 = max(mean(d**2) - sigma**2, eps)``; ``pywt.iswt``; the extension cut off.
  A second row times ``method='universal', mode='periodization'`` against the textbook
  recipe it replaces: ``pywt.swt``, the universal threshold ``sigma sqrt(2 ln N)`` (same
  ``sigma``) on every detail, ``pywt.iswt``.

The ECG window loop calls the SWT as the R-peak detectors do (neurokit2's
``kalidas2017``, py-ecg-detectors' ``swt_detector``): 297 windows of 1437 samples (4 s
at 360 Hz) cut from PyWavelets' ECG record repeated, each edge-padded to 1440 (a multiple
of 8, ``np.pad(window, (0, 3), mode='edge')``), then ``swt(window, 'db3', level=3)``; and
as pywaveletpanel and wqr do, ``swt(..., trim_approx=True, norm=True)`` then ``iswt`` of
each window. Total ms for the 297 windows, the padding included, best of the rounds.

The machine's state matters: on a shared 2-core machine another process's work changes a
call's time by tens of percent, and a ratio near 1 can fall on either side from one run
to the next. The load average before the run is printed and recorded; compare runs made
in the same conditions. The script always exits 0: it is a report, not a test. Its last
line says which targets, if any, were missed.
"""

import gc
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numba
import numpy as np
import pywt
import scipy
from _common import record, report_options, table, warm_memory
from scipy import ndimage

import atrous

LENGTHS = [2**k for k in (6, 8, 10, 12, 14, 16, 18, 20, 22)]
IMAGE_SIDES = [2**k for k in range(5, 13)]  # 32 x 32 ... 4096 x 4096
CUBE_SIDES = [2**k for k in range(3, 9)]  # 8^3 ... 256^3
QUICK_SAMPLES = 2**16  # --quick stops at this many samples per call
MRA_PEER_SAMPLES = 2**16  # pywt.mra is timed up to this length
MOST_CALLS = 10000  # in one timed loop
SLOW_CALL = 0.2  # seconds: 3 rounds for a call slower than this
# (seconds a loop, seconds of rounds a case, fewest rounds, most rounds)
TIMING = {"full": (0.005, 0.6, 5, 31), "quick": (0.002, 0.1, 3, 9)}
WINDOWS, WINDOW, PAD_TO = 297, 1437, 8  # the ECG loop: 4 s at 360 Hz, padded to 1440
MAD_TO_SIGMA = 0.6744897501960817  # the 0.75 quantile of the standard normal
WEIGHTS = np.array([0.25, 0.5, 0.25])  # correlate1d and conv1d: 3 taps ...
DILATION = 4  # ... stepped 4 samples apart
STUFFED = np.zeros((WEIGHTS.size - 1) * DILATION + 1)  # the same kernel, zero-stuffed
STUFFED[::DILATION] = WEIGHTS
UNITS = {"us": 1e-6, "ms": 1e-3}  # the tables' units of time


@dataclass
class Case:
    """One function at one size: the peer's call and atrous', timed side by side."""

    function: str  # a line of the crossovers and of the figure: "swt, db4, level 5"
    size: str  # "n = 1024", "64 x 64", "16^3"
    samples: int | None  # per call (None: not a size series)
    peer: str
    theirs: Callable | None  # None: the peer is not timed at this size
    ours: Callable
    as_ours: Callable = lambda result: result  # the peer's result in atrous' structure
    target: float | None = None  # least ratio (peer time / atrous time)
    others: dict = field(default_factory=dict)  # more peers: name -> (call, as_ours)


# The peers that PyWavelets does not have as one call.

def swt_as_modwt(coeffs, taps=8):
    """``pywt.swt(x, 'sym4', level)`` as the rows of ``atrous.modwt(x, 'la8', level)``:
    ``W_j = -roll(cD_j, (L/2)(2**j - 1)) / 2**(j/2)``, ``V_J = roll(cA_J, ...) / 2**(J/2)``
    (docs/modwt.md; without ``norm=True`` level ``j`` is scaled by ``2**(j/2)``)."""
    level = len(coeffs)
    rows = [-np.roll(coeffs[level - j][1], taps // 2 * (2**j - 1)) / 2 ** (j / 2)
            for j in range(1, level + 1)]
    rows.append(np.roll(coeffs[0][0], taps // 2 * (2**level - 1)) / 2 ** (level / 2))
    return np.stack(rows)


def pywt_noise(x):
    """``atrous.estimate_noise(x)`` with PyWavelets: MAD / 0.6745 of the finest db2 detail."""
    finest = pywt.swt(x, "db2", level=1, trim_approx=True)[1]
    return np.median(np.abs(finest)) / MAD_TO_SIGMA


def pywt_denoise(x, wavelet="db4", level=4):
    """``atrous.denoise(x, wavelet, level)`` at its defaults with PyWavelets: BayesShrink,
    soft thresholds, the signal extended symmetrically beyond the transform's reach."""
    sigma = pywt_noise(x)
    pad = pywt.Wavelet(wavelet).dec_len * (2**level - 1)
    coeffs = pywt.swt(np.pad(x, pad, mode="symmetric"), wavelet, level=level,
                      trim_approx=True)
    variance = sigma**2
    for j in range(1, level + 1):
        spread = np.sqrt(max(np.mean(coeffs[j] ** 2) - variance, np.finfo(np.float64).eps))
        coeffs[j] = pywt.threshold(coeffs[j], variance / spread, "soft")
    return pywt.iswt(coeffs, wavelet)[pad:pad + x.size]


def pywt_universal_denoise(x, wavelet="db4", level=4):
    """The textbook recipe: SWT, the universal soft threshold on every detail, inverse."""
    sigma = pywt_noise(x)
    coeffs = pywt.swt(x, wavelet, level=level, trim_approx=True)
    threshold = sigma * np.sqrt(2 * np.log(x.size))
    coeffs[1:] = [pywt.threshold(d, threshold, "soft") for d in coeffs[1:]]
    return pywt.iswt(coeffs, wavelet)


def torch_conv1d():
    """``torch.nn.functional.conv1d`` (with as many threads as numba), or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(numba.get_num_threads())

    def conv1d(x, weight):
        with torch.no_grad():
            return torch.nn.functional.conv1d(x, weight, padding="same", dilation=DILATION)

    return torch, conv1d


# The cases.

def signal_cases(n, rng, torch):
    """The 1-d functions at length ``n``."""
    x = rng.standard_normal(n)
    size = f"n = {n}"
    cases = []
    if n == 256:
        cases.append(Case("swt, db3, level 3", size, n, "PyWavelets",
                          lambda: pywt.swt(x, "db3", level=3),
                          lambda: atrous.swt(x, "db3", level=3), target=1))
    cases.append(Case("swt, db4, level 5", size, n, "PyWavelets",
                      lambda: pywt.swt(x, "db4", level=5), lambda: atrous.swt(x, "db4", level=5),
                      target={256: 1, 1024: 1.5}.get(n)))
    coeffs = pywt.swt(x, "db4", level=5)
    cases.append(Case("iswt, db4, level 5", size, n, "PyWavelets",
                      lambda: pywt.iswt(coeffs, "db4"), lambda: atrous.iswt(coeffs, "db4"),
                      target=1.5 if n == 256 else None))
    timed = n <= MRA_PEER_SAMPLES
    cases.append(Case("mra, db4, level 5", size, n,
                      "PyWavelets" if timed else "PyWavelets, not timed above 2**16",
                      (lambda: pywt.mra(x, "db4", level=5, transform="swt")) if timed else None,
                      lambda: atrous.mra(x, "db4", level=5, transform="swt"),
                      target=1.5 if n == 256 else None))
    components = atrous.mra(x, "db4", level=5, transform="swt")
    cases.append(Case("imra, db4, level 5", size, n, "PyWavelets",
                      lambda: pywt.imra(components), lambda: atrous.imra(components),
                      target=1.5 if n == 256 else None))
    cases.append(Case("modwt, la8, level 4 (peer: swt, sym4)", size, n, "PyWavelets",
                      lambda: pywt.swt(x, "sym4", level=4),
                      lambda: atrous.modwt(x, "la8", level=4), swt_as_modwt,
                      target=1 if n == 256 else None))
    cases.append(Case("correlate1d, 3 taps, dilation 4, 'reflect'", size, n, "scipy",
                      lambda: ndimage.correlate1d(x, STUFFED, mode="reflect"),
                      lambda: atrous.correlate1d(x, WEIGHTS, dilation=DILATION, mode="reflect"),
                      target=0.5 if n == 256 else 1 if n >= 4096 else None))
    batch, weight = x.reshape(1, 1, n), WEIGHTS.reshape(1, 1, -1)
    others = {}
    if torch:
        module, conv1d = torch
        tensor, tensor_weight = module.from_numpy(batch), module.from_numpy(weight)
        others["torch"] = (lambda: conv1d(tensor, tensor_weight), lambda result: result.numpy())
    cases.append(Case("conv1d, 1 -> 1 channel, 3 taps, dilation 4, 'same'", size, n, "scipy",
                      lambda: ndimage.correlate1d(x, STUFFED, mode="constant"),
                      lambda: atrous.conv1d(batch, weight, padding="same", dilation=DILATION),
                      lambda result: result.reshape(1, 1, -1), others=others))
    t = np.linspace(0, 1, n)
    noisy = np.sin(2 * np.pi * 4 * t) + rng.normal(0, 0.2, n)
    cases.append(Case("denoise, db4, level 4 (bayes, symmetric)", size, n, "PyWavelets",
                      lambda: pywt_denoise(noisy), lambda: atrous.denoise(noisy, "db4", level=4)))
    cases.append(Case("denoise, db4, level 4 (universal, periodization)", size, n,
                      "PyWavelets", lambda: pywt_universal_denoise(noisy),
                      lambda: atrous.denoise(noisy, "db4", level=4, method="universal",
                                             mode="periodization")))
    return cases


def image_case(side, rng):
    image = rng.standard_normal((side, side))
    return Case("swt2, haar, level 2", f"{side} x {side}", side**2, "PyWavelets",
                lambda: pywt.swt2(image, "haar", level=2),
                lambda: atrous.swt2(image, "haar", level=2), target=1 if side == 64 else None)


def cube_case(side, rng):
    cube = rng.standard_normal((side, side, side))
    return Case("swtn, haar, level 1", f"{side}^3", side**3, "PyWavelets",
                lambda: pywt.swtn(cube, "haar", level=1),
                lambda: atrous.swtn(cube, "haar", level=1), target=1 if side == 16 else None)


def ecg_cases():
    """The detectors' loop over short windows, with each library."""
    ecg = pywt.data.ecg().astype(np.float64)
    samples = np.tile(ecg, -(-WINDOWS * WINDOW // ecg.size))[:WINDOWS * WINDOW]
    windows = samples.reshape(WINDOWS, WINDOW)
    padding = -WINDOW % PAD_TO

    def detector(library):
        return lambda: [library.swt(np.pad(window, (0, padding), mode="edge"), "db3", level=3)
                        for window in windows]

    def panel(library):
        def run():
            out = []
            for window in windows:
                coeffs = library.swt(np.pad(window, (0, padding), mode="edge"), "db3",
                                     level=3, trim_approx=True, norm=True)
                out.append(library.iswt(coeffs, "db3", norm=True))
            return out
        return run

    size = f"{WINDOWS} x {WINDOW}"
    return [Case("ECG loop: swt(window, 'db3', level=3)", size, None, "PyWavelets",
                 detector(pywt), detector(atrous), target=1),
            Case("ECG loop: swt(trim_approx=True, norm=True) + iswt", size, None, "PyWavelets",
                 panel(pywt), panel(atrous))]


# Timing.

def seconds_per_call(function, number):
    """Wall time of a loop of ``number`` calls over ``number``, without the garbage
    collector."""
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            function()
        return (time.perf_counter() - start) / number
    finally:
        gc.enable()


def calls_per_loop(function, estimate, loop_seconds):
    """Calls in a loop of about ``loop_seconds`` and the seconds of a call, from one call's
    ``estimate``, refined on loops of 10, 100, ... calls when the call is short."""
    number, elapsed = 1, estimate
    while elapsed < loop_seconds / 5 and number < MOST_CALLS:
        number = min(MOST_CALLS, 10 * number)
        elapsed = seconds_per_call(function, number) * number
    per_call = max(elapsed, 1e-9) / number
    return max(1, min(MOST_CALLS, round(loop_seconds / per_call))), per_call


def difference(theirs, ours):
    """None if the two nests of arrays agree (``np.allclose``), else what differs."""
    if isinstance(theirs, dict):
        if set(theirs) != set(ours):
            return f"keys {sorted(theirs)} and {sorted(ours)}"
        return next(filter(None, (difference(theirs[k], ours[k]) for k in theirs)), None)
    if isinstance(theirs, (list, tuple)):
        if len(theirs) != len(ours):
            return f"{len(theirs)} and {len(ours)} items"
        return next(filter(None, (difference(a, b) for a, b in zip(theirs, ours))), None)
    theirs, ours = np.asarray(theirs), np.asarray(ours)
    if theirs.shape != ours.shape:
        return f"shapes {theirs.shape} and {ours.shape}"
    if not np.allclose(theirs, ours):
        return f"max |difference| {np.max(np.abs(theirs - ours)):.2g}"
    return None


def measure(case, timing):
    """``{name: (best, median) seconds per call}`` of atrous and the peers, and the
    peers' disagreements with atrous (``{name: what differs}``)."""
    calls = {"atrous": (case.ours, None)}
    if case.theirs is not None:
        calls = {case.peer: (case.theirs, case.as_ours), **calls}
    calls.update(case.others)
    gc.collect()
    for function, _ in calls.values():  # numba compiles or loads its cache
        function()
    estimates, results = {}, {}
    for name, (function, _) in calls.items():
        start = time.perf_counter()
        results[name] = function()
        estimates[name] = time.perf_counter() - start
    disagreements = {name: difference(as_ours(results[name]), results["atrous"])
                     for name, (_, as_ours) in calls.items() if as_ours is not None}
    del results
    gc.collect()
    loop_seconds, budget, fewest, most = timing
    numbers, per_round = {}, 0.0
    for name, (function, _) in calls.items():
        numbers[name], per_call = calls_per_loop(function, estimates[name], loop_seconds)
        per_round += numbers[name] * per_call
    rounds = 3 if max(estimates.values()) > SLOW_CALL else min(
        most, max(fewest, round(budget / per_round)))
    names = list(calls)
    times = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            times[name].append(seconds_per_call(calls[name][0], numbers[name]))
    return ({name: (min(seconds), statistics.median(seconds)) for name, seconds in times.items()},
            {name: problem for name, problem in disagreements.items() if problem})


# Reporting.

def attempt(case, timing):
    """``(times, disagreements, error)`` of :func:`measure`: a failing call (a library
    being edited, say) is reported, not raised."""
    try:
        return *measure(case, timing), None
    except Exception as error:  # a report, not a test: say it and go on
        return {}, {}, f"{type(error).__name__}: {str(error)[:100]}"


def verdict(case, times):
    """The target and verdict cells, and whether a target was missed."""
    if case.target is None or case.peer not in times:
        return "-", "", False
    met = times[case.peer][0] / times["atrous"][0] >= case.target
    return f">= {case.target:g}x", "PASS" if met else "MISS", not met


def case_rows(case, outcome, peers, unit):
    """The table's rows of a measured case: times per call in ``unit`` ("us" or "ms") and
    ratios against the case's peer, then ``peers`` (the extra peer columns), the target
    and the verdict; a WARNING row per disagreement, an ERROR row for an exception."""
    times, disagreements, error = outcome
    width = 6 + 2 * len(peers) + 2
    if error:
        return [[f"ERROR: {error}", case.size, case.peer] + [""] * (width - 3)]
    scale = UNITS[unit]
    ours = times["atrous"][0]
    cells = []
    for name in [case.peer] + peers:
        if name in times:
            cells += [number(times[name][0] / scale), ratio_text(times[name][0] / ours)]
        else:
            cells += ["not timed" if name == case.peer else "", ""]
    rows = [[case.function, case.size, case.peer, cells[0], number(ours / scale), cells[1]]
            + cells[2:] + list(verdict(case, times)[:2])]
    rows += [[f"WARNING: {name} and atrous differ: {problem}", case.size, name]
             + [""] * (width - 3) for name, problem in disagreements.items()]
    return rows


def results_rows(case, outcome, unit):
    """The rows of ``_common.record`` for a measured case, one per peer timed, with their
    details (function, size, samples, peer, best and median times per call)."""
    times = outcome[0]
    rows, details = [], []
    if "atrous" not in times:
        return rows, details
    scale, ours = UNITS[unit], times["atrous"]
    target, verdict_cell = verdict(case, times)[:2]
    for name, theirs in times.items():
        if name == "atrous":
            continue
        ratio = theirs[0] / ours[0]
        mine = name == case.peer
        rows.append([f"{case.function}, {case.size}", f"{number(theirs[0] / scale)} {unit}",
                     f"{number(ours[0] / scale)} {unit}",
                     f"{ratio:.4g}x " + ("faster" if ratio >= 1 else "(slower)"),
                     target if mine else "-", verdict_cell if mine else ""])
        details.append({"function": case.function, "size": case.size,
                        "samples": case.samples, "peer": name,
                        f"peer_{unit}": theirs[0] / scale, f"atrous_{unit}": ours[0] / scale,
                        f"peer_{unit}_median": theirs[1] / scale,
                        f"atrous_{unit}_median": ours[1] / scale})
    return rows, details


def number(value):
    return f"{value:.1f}" if value < 1000 else f"{value:,.0f}"


def ratio_text(ratio):
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.1f}x"


def crossover(points):
    """Where atrous becomes at least as fast as the peer, from ``(size, ratio)`` in
    increasing size: the smallest size from which it is at every larger size measured."""
    if not points:
        return "not timed"
    wins = [size for size, ratio in points if ratio >= 1]
    if len(wins) == len(points):
        return "atrous at least as fast at every size"
    if points[-1][1] < 1:
        also = f" (at least as fast at {', '.join(wins)} only)" if wins else ""
        return f"none up to {points[-1][0]}{also}"
    start = max(i for i, (_, ratio) in enumerate(points) if ratio < 1) + 1
    earlier = [size for size, ratio in points[:start] if ratio >= 1]
    also = f" (also at {', '.join(earlier)})" if earlier else ""
    return f"from {points[start][0]} on{also}"


def sized_cases(quick, torch):
    """Every function at every size, smallest first (``--quick``: up to 2**16 samples)."""
    rng = np.random.default_rng(0)
    small = (lambda samples: samples <= QUICK_SAMPLES) if quick else (lambda samples: True)
    for n in filter(small, LENGTHS):
        yield from signal_cases(n, rng, torch)
    for side in IMAGE_SIDES:
        if small(side**2):
            yield image_case(side, rng)
    for side in CUBE_SIDES:
        if small(side**3):
            yield cube_case(side, rng)


def main():
    args = report_options(__doc__)
    load_before = os.getloadavg()[0]
    atrous.swt(np.ones(64), "db4", level=2)  # the threading layer is chosen on first launch
    warm_seconds = warm_memory(1 if args.quick else 4)
    torch = torch_conv1d()
    print(f"numpy {np.__version__}, numba {numba.__version__}, pywt {pywt.__version__}, "
          f"scipy {scipy.__version__}, " + (f"torch {torch[0].__version__}, " if torch else "")
          + f"atrous {atrous.__version__}; {os.cpu_count()} CPUs, "
          f"{numba.get_num_threads()} numba threads, layer {numba.threading_layer()}; "
          f"load average {load_before:.2f} before; memory warmed in {warm_seconds:.1f} s")
    timing = TIMING["quick" if args.quick else "full"]
    loop_seconds, budget, fewest, most = timing
    print(f"Per call: the best of {fewest} to {most} rounds (about {budget} s a case; 3 for "
          f"calls over {SLOW_CALL} s) of loops of about {1e3 * loop_seconds:.0f} ms; "
          "ratio = peer time / atrous time, above 1 atrous is faster.\n")

    peers = ["torch"] if torch else []
    rows, ecg_rows, saved, details, missed, series = [], [], [], [], [], {}
    for cases, into, unit in ((sized_cases(args.quick, torch), rows, "us"),
                              (ecg_cases(), ecg_rows, "ms")):
        for case in cases:
            outcome = attempt(case, timing)
            into += case_rows(case, outcome, peers if unit == "us" else [], unit)
            if verdict(case, outcome[0])[2] or (outcome[2] and case.target is not None):
                missed.append(f"{case.function}, {case.size}" + (" (error)" if outcome[2] else ""))
            more_rows, more_details = results_rows(case, outcome, unit)
            saved += more_rows
            details += more_details
            for detail in more_details:
                if case.samples is not None:
                    series.setdefault((case.function, detail["peer"]), []).append(
                        (case.size, detail["peer_us"] / detail["atrous_us"]))

    header = ["case (float64)", "size", "peer", "peer us", "atrous us", "peer / atrous"]
    header += [f"{peer} {column}" for peer in peers for column in ("us", "/ atrous")]
    print(table(rows, args.markdown, header + ["target", ""]))
    print("\nCrossover: the smallest size from which atrous is at least as fast as the peer, "
          "there and at every larger size measured")
    for (function, peer), points in series.items():
        print(f"  {function}, against {peer}: {crossover(points)}")
    print()
    print(table(ecg_rows, args.markdown, ["ECG window loop (float64)", "windows", "peer",
                                          "peer ms", "atrous ms", "peer / atrous", "target",
                                          ""]))
    record("bench_small", saved, details=details, load_before=load_before)
    print(f"\nload average {os.getloadavg()[0]:.2f} after (1-minute; {os.cpu_count()} CPUs)")
    print("all targets met" if not missed else "targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()
