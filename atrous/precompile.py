"""Compile and cache every kernel signature atrous uses, once: ``python -m atrous.precompile``.

Numba compiles a kernel the first time it meets a new combination of argument types and
keeps the machine code in its on-disk cache, next to the package
(``atrous/_kernels/__pycache__``) or, where that directory is not writable, in a per-user
directory (``~/.cache/numba``); ``$NUMBA_CACHE_DIR``, when set, comes first. A new
environment (a virtual environment, a CI job, a Docker image, a Binder notebook) starts
with an empty cache and pays seconds for each first call. This command runs every family of
transforms once on tiny arrays of every dtype, so that the environment pays once, at build
time::

    RUN pip install atrous && python -m atrous.precompile

The command fails (exit status 1, saying what to do) when what it compiled could not be
saved: no writable cache directory, a full disk. Kernels already in a cache it may only
read (an installation's, precompiled) are loaded, and do not count as failures.

Run as the owner of the installation, it fills the package's own ``__pycache__``; users who
may not write there still load it (and save whatever else they compile in their own
directory). Where no directory is writable at all, atrous runs uncached, with one warning
at the first compile: set ``NUMBA_CACHE_DIR`` to a writable directory. An unreadable cache
file (truncated, garbage) is ignored with a warning that names it, and rewritten.

Several processes may compile at the same moment: Numba writes each cache entry to a
temporary file and renames it into place, so the cache is never left half-written (the
test suite runs two at once).

Examples
--------
>>> from atrous import precompile
>>> precompile.FAMILIES[:3]
('swt', 'iswt', 'swt2 / iswt2')
>>> seconds = precompile.precompile(["swt"], ["float64"])   # compiles, or loads the cache
"""

import argparse
import difflib
import sys
import time
import warnings

import numpy as np

from ._kernels import cache
from ._kernels.cache import CacheWarning

DTYPES = ("float64", "float32", "complex128", "complex64")
FAMILIES = ("swt", "iswt", "swt2 / iswt2", "swtn / iswtn", "inverse and mra at 'symmetric'",
            "modwt", "starlet", "correlate1d / convolve", "conv1d / conv2d", "stream",
            "msvst / poisson_denoise")


def _families():
    import atrous
    from atrous import stream

    def swt(x):
        atrous.swt(x, "db2", level=2)

    def iswt(x):
        atrous.iswt(atrous.swt(x, "db2", level=2, trim_approx=True), "db2")

    def swt2(x):
        image = np.outer(x, x[:8])
        atrous.iswt2(atrous.swt2(image, "haar", level=1), "haar")

    def swtn(x):
        volume = x[:4, None, None] * x[None, :4, None] * x[None, None, :4]
        atrous.iswtn(atrous.swtn(volume, "haar", level=1), "haar")

    def edges(x):
        atrous.iswt(atrous.swt(x, "db2", level=2, mode="symmetric"), "db2", mode="symmetric")
        atrous.imra(atrous.mra(x, "db2", level=2, mode="symmetric"))

    def modwt(x):
        atrous.imodwt(atrous.modwt(x.real, "haar", level=2), "haar")

    def starlet(x):
        atrous.istarlet(atrous.starlet(x, 2, generation=2), generation=2)

    def correlate(x):
        atrous.correlate1d(x, [1.0, 2.0, 1.0], dilation=2)
        atrous.convolve(np.outer(x, x[:8]), np.ones((3, 3)), dilation=2)

    def conv(x):
        real = np.ascontiguousarray(x.real)
        atrous.conv1d(real.reshape(1, 2, -1), np.ones((3, 2, 2), real.dtype), dilation=2)
        atrous.conv2d(real[:16].reshape(1, 1, 4, 4), np.ones((2, 1, 2, 2), real.dtype))

    def streams(x):
        real = np.ascontiguousarray(x.real)
        stream.CausalConv1d(np.ones((1, 1, 2), real.dtype), dilation=2).process(
            real[None, None, :4])
        stream.SWT("db2", 2).process(real[:4])

    def counts(x):  # counts are real: float64 kernels whatever the dtype
        image = np.round(np.abs(np.outer(x, x[:8]).real))
        atrous.poisson_denoise(image, 1, iterations=2)

    return dict(zip(FAMILIES, [swt, iswt, swt2, swtn, edges, modwt, starlet, correlate,
                               conv, streams, counts]))


def _checked(families, dtypes, names=("`families`", "`dtypes`")):
    """``families`` and ``dtypes`` as lists (a lone string is one name), or ValueError
    naming every unknown one; ``names`` are the arguments' names for the message."""
    families = [families] if isinstance(families, str) else families
    dtypes = [dtypes] if isinstance(dtypes, str) else list(dtypes)
    unknown = [name for name in families or () if name not in FAMILIES]
    if unknown:
        message = f"{names[0]} must be names from {list(FAMILIES)}; got {unknown}"
        meant = [family for family in map(_family_meant, unknown) if family]
        if meant:
            message += "; did you mean " + ", ".join(map(repr, meant)) + "?"
        raise ValueError(message)
    unknown = [dtype for dtype in dtypes if dtype not in DTYPES]
    if unknown:
        raise ValueError(f"{names[1]} must be among {list(DTYPES)}; got {unknown}")
    return families, dtypes


def _family_meant(name):
    """The family whose name holds ``name`` as a word (``'swt2'`` in ``'swt2 / iswt2'``),
    else the closest spelling, else None."""
    text = str(name).strip().lower()
    for family in FAMILIES:
        if text in family.replace("'", " ").replace("/", " ").split():
            return family
    close = difflib.get_close_matches(text, FAMILIES, n=1)
    return close[0] if close else None


def precompile(families=None, dtypes=DTYPES, progress=None):
    """Run each family of transforms once per dtype, compiling (or loading) its kernels.

    Parameters
    ----------
    families : str or sequence of str, optional
        Names from :data:`FAMILIES` (default: all).
    dtypes : str or sequence of str, optional
        Data types to compile for, from :data:`DTYPES`. Default: float64, float32,
        complex128, complex64.
    progress : callable, optional
        Called as ``progress(done, total, name, dtype, seconds)`` after each step.

    Returns
    -------
    seconds : float
        The time it took.

    Raises
    ------
    ValueError
        A name not in :data:`FAMILIES` or :data:`DTYPES`; the message lists every unknown
        name and the family each may have meant (``'swt2'``: ``'swt2 / iswt2'``).
    """
    families, dtypes = _checked(families, dtypes)
    runners = _families()
    chosen = [(name, runners[name]) for name in FAMILIES
              if families is None or name in families]
    total = len(chosen) * len(dtypes)
    start = time.perf_counter()
    done = 0
    for name, run in chosen:
        for dtype in dtypes:
            step = time.perf_counter()
            x = np.linspace(-1.0, 1.0, 32).astype(dtype)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the transforms' own, on tiny arrays
                warnings.simplefilter("default", CacheWarning)  # nothing could be cached
                run(x)
            done += 1
            if progress is not None:
                progress(done, total, name, dtype, time.perf_counter() - step)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m atrous.precompile",
                                     description=__doc__.splitlines()[0])
    # Names are checked by precompile(), whose message suggests the family meant.
    parser.add_argument("--family", action="append",
                        help="only this family (repeatable); default all, which are: "
                             + ", ".join(map(repr, FAMILIES)))
    parser.add_argument("--dtype", action="append",
                        help="only this dtype (repeatable); default all, which are: "
                             + ", ".join(DTYPES))
    args = parser.parse_args(argv)

    def show(done, total, name, dtype, seconds):
        print(f"[{done:3d}/{total}] {name:32s} {dtype:10s} {seconds:6.1f} s", flush=True)

    try:
        families, dtypes = _checked(args.family, args.dtype or DTYPES,
                                    ("--family", "--dtype"))
    except ValueError as error:
        parser.error(str(error))
    seconds = precompile(families, dtypes, show)
    if not cache.nothing_left_uncached():  # a kernel Numba's cache could not save
        print("python -m atrous.precompile: the kernels compiled could not be cached (see "
              "the warning above), so every process would compile them again. Set "
              "NUMBA_CACHE_DIR to a writable directory, in this environment and in the one "
              "that runs atrous, or run this command where the package is writable (as "
              "the owner of the installation, when installing).", file=sys.stderr,
              flush=True)
        return 1
    print(f"done in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
