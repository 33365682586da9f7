"""Helpers shared by the benchmark scripts: memory accounting, warm-up, the table and the
results file."""

import argparse
import gc
import json
import os
import pathlib
import re
import time
import tracemalloc

import numpy as np


def report_options(doc):
    """The arguments of a side-by-side report: ``--quick`` (small sizes, few repeats) and
    ``--markdown`` (a Markdown table), described by the first line of the script's ``doc``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    return parser.parse_args()


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


DEFAULT_HEADER = ["case (float64)", "PyWavelets", "atrous", "atrous vs PyWavelets", "target", ""]


def table(rows, markdown, header=None):
    """Rows of ``[case, theirs, ours, ratio, target, verdict]`` as text or Markdown; or rows
    of another ``header``'s columns, the last one a verdict (left out of Markdown)."""
    header = header or DEFAULT_HEADER
    if markdown:
        lines = ["| " + " | ".join(header[:-1]) + " |", "|" + "---|" * (len(header) - 1)]
        lines += ["| " + " | ".join(row[:-1]) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths))
                     for row in [header] + rows)


RESULTS = pathlib.Path(__file__).parent / "results"


def record(script, rows, peer=None, details=None, load_before=None, header=None, source=None):
    """Write the speed rows of ``table`` to ``benchmarks/results/<script>.json``: each
    case's ratio against ``peer`` (default: the name in parentheses after the peer's time)
    and its target, for the documentation's figures
    (``docs/figures/make_figures.py``). Rows whose ratio says neither "faster" nor "slower"
    ("2.1x faster", "0.6x (slower)": the number is the peer's time over atrous') are left
    out (memory, first calls); a target of "" or "-" is none. ``details``, if given, holds
    one dict per row, whose items are added to that row's case (a size or a time, say, for
    a figure). ``load_before``: the 1-minute load average the script read before timing
    anything (default: the load average now, when the results are written).

    The whole table is kept too, every row as printed (memory and first calls included) under
    ``header`` (default ``table``'s), so that the figures quoted in the README and the docs
    (``benchmarks/render_figures.py``) are the ones the benchmark printed. ``source``: the
    script that wrote the file, when one script writes several (``bench_poisson`` writes
    ``bench_poisson_quality``, ...)."""
    cases = []
    for index, (case, theirs, _, ratio, target, verdict) in enumerate(rows):
        if "faster" not in ratio and "slower" not in ratio:
            continue
        named = re.search(r"\(([^,)]+)", theirs)  # "839.4 ms (scipy, zero-stuffed kernel)"
        # The speed bound: the first number of the target (">= 20x, >= -0.1 dB" is 20).
        bound = re.match(r"\s*>=\s*([0-9.]+)", target)
        cases.append({"case": case, "ratio": float(ratio.split("x")[0]),
                      "peer": peer or (named.group(1) if named else "peer"),
                      "target": float(bound.group(1)) if bound else None,
                      "met": verdict.strip() == "PASS", **(details[index] if details else {})})
    RESULTS.mkdir(exist_ok=True)
    record = {"script": script, "cases": cases, **({"source": source} if source else {}),
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "cpus": os.cpu_count(),
              "load_before": os.getloadavg()[0] if load_before is None else load_before,
              "table": {"header": list(header or DEFAULT_HEADER),
                        "rows": [[str(cell) for cell in row] for row in rows]}}
    (RESULTS / f"{script}.json").write_text(json.dumps(record, indent=1) + "\n")
