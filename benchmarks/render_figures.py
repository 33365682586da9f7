"""Write the speed figures quoted in the README and the docs from the benchmarks' results.

Every figure of speed that README.md and docs/*.md quote sits in a marked region::

    <!-- figures:NAME ARGUMENT -->...<!-- /figures -->

whose text this script renders from ``benchmarks/results/*.json`` (written by the benchmark
scripts, ``_common.record``), so that no number is typed by hand: after a ``make bench``,

    python benchmarks/render_figures.py           # rewrite the regions from the results
    python benchmarks/render_figures.py --check   # exit 1, naming them, if a region differs

``tests/test_quoted_figures.py`` fails when a region differs from what this renders, and
when a speed ratio is quoted outside a region. The names (``RENDERERS``) are tables (a
region on lines of its own) or phrases (a region inside a sentence); a name's argument,
where it takes one, picks a case: ``SCRIPT | the start of the case's name``.
"""

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PAGES = ("README.md", "docs/*.md")
REGION = re.compile(r"<!-- figures:(?P<spec>[^>]*?) -->(?P<body>.*?)<!-- /figures -->", re.S)


def load(results=RESULTS):
    """Every results file, by script name (``bench_swt``, ``scaling``)."""
    return {path.stem: json.loads(path.read_text())
            for path in sorted(pathlib.Path(results).glob("*.json"))}


# -- Numbers as the pages write them ---------------------------------------------------------

def ratio_text(ratio):
    """``403x``, ``22x``, ``2.7x``, ``0.74x``: two or three significant digits."""
    if ratio >= 10:
        return f"{ratio:.0f}x"
    return f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"


def about_text(ratio):
    """``about 400x``: a ratio rounded to two significant digits (one below 10)."""
    digits = 1 if ratio < 10 else 2
    rounded = float(f"{ratio:.{digits}g}")
    return f"about {rounded:g}x"


def micro_text(value):
    """Microseconds (or milliseconds) to three significant digits: ``3.5``, ``62.7``,
    ``498``, ``3,243`` (``34.0``: trailing zeros kept)."""
    return f"{value:,.0f}" if value >= 100 else f"{value:#.3g}"


def when(record):
    """``2026-12-06 16:50 UTC, load average 1.5 before``."""
    machine = record.get("machine", record)
    load = machine.get("load_before")
    return machine["date"] + ("" if load is None else f", load average {load:.1f} before")


def case(results, spec):
    """The case ``SCRIPT | start of its name`` of a results file."""
    script, _, start = (part.strip() for part in spec.partition("|"))
    if script not in results:
        raise LookupError(f"no benchmarks/results/{script}.json: run benchmarks/{script}.py")
    found = [c for c in results[script]["cases"] if c["case"].startswith(start)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} cases of {script} start with {start!r}")
    return found[0]


def markdown_table(header, rows, align=None):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(align or ["---"] * len(header)) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


# -- Phrases -----------------------------------------------------------------------------------

def ratio_phrase(results, spec):
    return ratio_text(case(results, spec)["ratio"])


def about_phrase(results, spec):
    return about_text(case(results, spec)["ratio"])


def pywavelets_range(results, _):
    """The least and greatest lead over PyWavelets among ``make bench``'s transforms
    (``bench_swt``, ``bench_swtn``, ``bench_modwt``), and the deep case apart."""
    cases = [c for s in ("bench_swt", "bench_swtn", "bench_modwt") for c in results[s]["cases"]]
    deep = [c for c in cases if "level 16" in c["case"]]
    rest = sorted(c["ratio"] for c in cases if c not in deep)
    text = (f"{ratio_text(rest[0])} to {ratio_text(rest[-1])} faster than PyWavelets on "
            "the benchmark cases")
    return text + "".join(f", {ratio_text(c['ratio'])} at level 16" for c in deep)


def script_date(results, script):
    """When a script's results were written: ``2026-12-06 16:50 UTC, load average 1.5
    before``."""
    return when(results[script.strip()])


def scaling_by_length(results, _):
    """atrous' lead over PyWavelets against length (``bench_scaling.py``): from the
    shortest signal to the range from 2**18 on."""
    points = results["scaling"]["by_length"]
    ratios = [p["pywt_ms"] / p["atrous_ms"] for p in points]
    long = [r for p, r in zip(points, ratios) if p["n"] >= 2**18]
    short_n = points[0]["n"]
    return (f"{ratio_text(ratios[0])} on `2**{short_n.bit_length() - 1}` samples to "
            f"{ratio_text(min(long))}-{ratio_text(max(long))} from `2**18` on")


def small_case(results, name):
    """A ``bench_small`` case by its exact name."""
    found = [c for c in results["bench_small"]["cases"] if c["case"] == name]
    if len(found) != 1:
        raise LookupError(f"{len(found)} bench_small cases named {name!r}")
    return found[0]


def small_time(results, spec):
    """``peer|atrous | case``: that side's best time per call, ``3.5 µs`` (or ``ms``)."""
    side, _, name = (part.strip() for part in spec.partition("|"))
    found = small_case(results, name)
    unit = "us" if f"{side}_us" in found else "ms"
    return f"{micro_text(found[f'{side}_{unit}'])} {'µs' if unit == 'us' else 'ms'}"


def small_ratio(results, name):
    return ratio_text(small_case(results, name.strip())["ratio"])


def _samples(found):
    return f"`2**{found['samples'].bit_length() - 1}`" if found["samples"] > 4096 \
        else f"{found['samples']:,}"


def crossovers(results, _):
    """For each function of ``bench_small``, the smallest size from which atrous is at least
    as fast as its peer there and at every larger size measured."""
    by_function = {}
    for found in results["bench_small"]["cases"]:
        if found.get("samples"):
            by_function.setdefault(found["function"], []).append(found)
    groups, smallest = {}, []
    for function, cases in by_function.items():
        if len(cases) < 3:
            continue
        cases.sort(key=lambda c: c["samples"])
        start = len(cases)
        while start > 0 and cases[start - 1]["ratio"] >= 1:
            start -= 1
        name = "`" + function.split(",")[0] + "`"
        if start == 0:
            where = "at every size measured"
            size = cases[0]["size"].replace("n = ", "").replace("^3", "³")
            size += " samples" if cases[0]["size"].startswith("n = ") else ""
            smallest += [] if size in smallest else [size]
        elif start == len(cases):
            where = "at no size measured"
        else:
            where = "from " + (_samples(cases[start]) + " samples"
                               if cases[start]["size"].startswith("n = ")
                               else cases[start]["size"])
        if name not in [n for n, _ in groups.get(where, [])]:
            groups.setdefault(where, []).append((name, cases[start - 1:start]))
    parts = []
    for where, names in groups.items():
        listed = [n for n, _ in names]
        joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
        if where == "at every size measured":
            where += " (from " + ", ".join(smallest) + ")"
        parts.append(f"{joined} {where}")
    return "; ".join(parts)


# -- Tables ------------------------------------------------------------------------------------

def speed_rows(record, skip=()):
    """A results file's rows as printed (``[case, peer, atrous, ratio, target]``), or,
    from a file written before the tables were kept, its speed cases with the times left
    blank."""
    if "table" in record:
        return [row[:5] for row in record["table"]["rows"]
                if row[0] and not any(word in row[0] for word in skip)]
    return [[c["case"], "", "", f"{c['ratio']:g}x faster",
             "" if c["target"] is None else f">= {c['target']:g}x"] for c in record["cases"]]


def against_pywavelets(results, _):
    """The README's table: ``bench_swt``, ``bench_swtn`` and ``bench_modwt`` (the MODWT's
    peer is PyWavelets' ``swt`` and the shifts that make it one)."""
    scripts = ["bench_swt", "bench_swtn", "bench_modwt"]
    rows = []
    for script in scripts:
        for row in speed_rows(results[script], skip=("against allocating",)):
            if script == "bench_modwt":
                row = [row[0] + " (PyWavelets: swt + shifts)"] + row[1:]
            rows.append(row)
    runs = "; ".join(f"`{s}.py` {when(results[s])}" for s in scripts)
    if all("table" in results[s] for s in scripts):
        header = ["case (float64)", "PyWavelets", "atrous", "atrous vs PyWavelets", "target"]
    else:  # times not recorded: the ratios alone
        header = ["case (float64)", "atrous vs PyWavelets", "target"]
        rows = [[row[0], row[3], row[4]] for row in rows]
    return markdown_table(header, rows) + f"\n\nThe runs: {runs}."


def recorded_table(results, script):
    """A script's whole table as it printed it, and when it ran."""
    script = script.strip()
    record = results.get(script)
    if record is None or "table" not in record:
        if record is None:
            return f"(No results yet: `python benchmarks/{script}.py` records them.)"
        rows = speed_rows(record)
        return (markdown_table(["case", "atrous vs peer", "target"],
                               [[row[0], row[3], row[4]] for row in rows])
                + f"\n\n`benchmarks/{record.get('source', script)}.py`, {when(record)}.")
    header = record["table"]["header"][:5]
    keep = [i for i, name in enumerate(header) if name]
    rows = [[row[i] for i in keep] for row in speed_rows(record)]
    return (markdown_table([header[i] for i in keep], rows)
            + f"\n\n`benchmarks/{record.get('source', script)}.py`, {when(record)}.")


# (case in bench_small.json, the call as the pages name it, the peer as they name it)
SMALL_CALLS = [
    ("swt, db3, level 3, n = 256", "`swt`, 256 samples, db3, level 3", "PyWavelets"),
    ("swt, db4, level 5, n = 256", "`swt`, 256 samples, db4, level 5", "PyWavelets"),
    ("swt, db4, level 5, n = 1024", "`swt`, 1,024 samples, db4, level 5", "PyWavelets"),
    ("iswt, db4, level 5, n = 256", "`iswt`, 256 samples, db4, level 5", "PyWavelets"),
    ("mra, db4, level 5, n = 256", "`mra`, 256 samples, db4, level 5", "PyWavelets"),
    ("imra, db4, level 5, n = 256", "`imra`, 256 samples, 6 components", "PyWavelets"),
    ("modwt, la8, level 4 (peer: swt, sym4), n = 256", "`modwt`, 256 samples, la8, level 4",
     "PyWavelets' `swt`, sym4, level 4"),
    ("swt2, haar, level 2, 64 x 64", "`swt2`, 64 x 64, haar, level 2", "PyWavelets"),
    ("swtn, haar, level 1, 16^3", "`swtn`, 16³, haar, level 1", "PyWavelets"),
    ("correlate1d, 3 taps, dilation 4, 'reflect', n = 256",
     "`correlate1d`, 256 samples, 3 taps, dilation 4", "scipy, zero-stuffed kernel"),
    ("correlate1d, 3 taps, dilation 4, 'reflect', n = 4096", "`correlate1d`, 4,096 samples",
     "scipy, zero-stuffed kernel"),
    ("conv1d, 1 -> 1 channel, 3 taps, dilation 4, 'same', n = 256",
     "`conv1d`, 256 samples, 1 channel, 3 taps, dilation 4", "scipy, zero-stuffed kernel"),
    ("denoise, db4, level 4 (bayes, symmetric), n = 256", "`denoise`, 256 samples, db4, level 4",
     "the same recipe in PyWavelets"),
    ("ECG loop: swt(window, 'db3', level=3), 297 x 1437",
     "297 ECG windows of 1,437 samples, `swt(db3, level 3)` each", "PyWavelets"),
    ("ECG loop: swt(trim_approx=True, norm=True) + iswt, 297 x 1437",
     "the same windows, `swt(trim_approx=True, norm=True)` + `iswt` each", "PyWavelets"),
]

# The README's shorter table: these rows of SMALL_CALLS.
README_SMALL_CALLS = [0, 2, 3, 7, 6, 13, 5, 9]


def _small_times(found):
    unit = "us" if "atrous_us" in found else "ms"
    suffix = "" if unit == "us" else " ms"
    return (micro_text(found[f"peer_{unit}"]) + suffix,
            micro_text(found[f"atrous_{unit}"]) + suffix)


def small_calls(results, _):
    """The performance page's table of small calls, with each case's target."""
    rows = []
    for name, call, peer in SMALL_CALLS:
        found = small_case(results, name)
        theirs, ours = _small_times(found)
        target = "" if found["target"] is None else f"{found['target']:g}x" + (
            "" if found["met"] else " (missed)")
        rows.append([call, peer, theirs, ours, ratio_text(found["ratio"]), target])
    table = markdown_table(["call", "peer", "peer µs", "atrous µs", "ratio", "target"], rows,
                           ["---", "---", "---:", "---:", "---:", "---:"])
    return table + f"\n\nThe run: {when(results['bench_small'])}."


def small_calls_readme(results, _):
    """The README's table of small calls."""
    rows = []
    for index in README_SMALL_CALLS:
        name, call, peer = SMALL_CALLS[index]
        found = small_case(results, name)
        theirs, ours = _small_times(found)
        ratio = ratio_text(found["ratio"])
        ratio += " faster" if found["ratio"] >= 1 else " (slower)"
        if peer.startswith("PyWavelets'"):
            call += f" ({peer})"
        rows.append([call.replace(" ms", ""), theirs, ours, ratio])
    table = markdown_table(["call", "PyWavelets / scipy", "atrous", "ratio"], rows,
                           ["---", "---:", "---:", "---:"])
    return table + f"\n\n`benchmarks/bench_small.py`, {when(results['bench_small'])}."


def cold_start(results, _):
    """The first call in a fresh process, empty cache and cache present."""
    record = results.get("bench_cold_start")
    if record is None:
        return ("(No results yet: `python benchmarks/bench_cold_start.py` records them; "
                "its rows run for several minutes.)")
    rows = [row[:3] for row in record["table"]["rows"]]
    return (markdown_table(["first call", "empty cache", "cache present"], rows,
                           ["---", "---:", "---:"])
            + f"\n\n`benchmarks/bench_cold_start.py`, {when(record)}.")


def cold_seconds(results, spec):
    """``cold|warm | row``: that row's seconds, or "seconds" where nothing is recorded."""
    side, _, name = (part.strip() for part in spec.partition("|"))
    record = results.get("bench_cold_start")
    rows = [row for row in (record or {"table": {"rows": []}})["table"]["rows"]
            if row[0] == name]
    if not rows:
        return "seconds" if side == "cold" else "a fraction of a second"
    return rows[0][1 if side == "cold" else 2]


RENDERERS = {
    "ratio": ratio_phrase,
    "about": about_phrase,
    "date": script_date,
    "pywavelets-range": pywavelets_range,
    "scaling-by-length": scaling_by_length,
    "small-time": small_time,
    "small-ratio": small_ratio,
    "crossovers": crossovers,
    "against-pywavelets": against_pywavelets,
    "table": recorded_table,
    "small-calls": small_calls,
    "small-calls-readme": small_calls_readme,
    "cold-start": cold_start,
    "cold-seconds": cold_seconds,
}
# Names whose region holds a table, on lines of its own.
BLOCKS = {"against-pywavelets", "table", "small-calls", "small-calls-readme", "cold-start"}


def render_region(spec, results):
    name, _, argument = spec.strip().partition(" ")
    if name not in RENDERERS:
        raise LookupError(f"unknown figures region {name!r}; known: {sorted(RENDERERS)}")
    text = RENDERERS[name](results, argument)
    return f"\n\n{text}\n\n" if name in BLOCKS else text


def render(text, results):
    """``text`` with every marked region rendered from ``results``."""
    return REGION.sub(lambda m: "<!-- figures:{} -->{}<!-- /figures -->".format(
        m["spec"], render_region(m["spec"], results)), text)


def pages(root=ROOT):
    return [path for pattern in PAGES for path in sorted(root.glob(pattern))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a region differs from the results")
    args = parser.parse_args(argv)
    results = load()
    stale = []
    for path in pages():
        text = path.read_text()
        new = render(text, results)
        if new != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(new)
    verb = "differ from the results" if args.check else "rewritten"
    print(f"{len(stale)} pages {verb}" + "".join(f"\n  {p}" for p in stale))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
