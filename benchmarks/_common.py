"""Helpers shared by the benchmark scripts: memory accounting, warm-up and the table."""

import gc
import time
import tracemalloc

import numpy as np


def output_bytes(result):
    """Bytes of every array in a nest of lists, tuples and dicts."""
    if isinstance(result, np.ndarray):
        return result.nbytes
    if isinstance(result, dict):
        result = list(result.values())
    return sum(output_bytes(item) for item in result)


def peak_ratio(function):
    """Peak traced memory during ``function()`` and its ratio to the bytes it returns."""
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, peak / output_bytes(result)


def warm_memory(gigabytes):
    """Touch ``gigabytes`` of fresh memory once, then free it; returns the seconds it took.

    On a virtual machine whose memory the host backs lazily (this project's machines), the
    first touch of a guest page costs some thirty times a normal page fault (about 0.3 GB/s
    instead of 10). Whichever library happened to allocate first would pay it. Touching the
    memory the benchmark will use before timing anything measures both libraries on memory
    in its steady state, as on a physical machine.
    """
    start = time.perf_counter()
    blocks = [np.ones(2**27) for _ in range(int(gigabytes))]  # 1 GiB each
    del blocks
    gc.collect()
    return time.perf_counter() - start


def table(rows, markdown):
    """Rows of ``[case, theirs, ours, ratio, target, verdict]`` as text or Markdown."""
    header = ["case (float64)", "PyWavelets", "atrous", "atrous vs PyWavelets", "target", ""]
    if markdown:
        lines = ["| " + " | ".join(header[:-1]) + " |", "|" + "---|" * 5]
        lines += ["| " + " | ".join(row[:-1]) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths))
                     for row in [header] + rows)
