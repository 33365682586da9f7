"""The speed figures that README.md and docs/*.md quote are the benchmarks' recorded results.

Each figure sits in a region marked ``<!-- figures:NAME -->...<!-- /figures -->`` that
``benchmarks/render_figures.py`` writes from ``benchmarks/results/*.json``: a region that
differs from what the results render (a number typed by hand, or results re-run without
rewriting the pages) fails here, and so does a speed ratio quoted outside any region.
"""

import importlib.util
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "render_figures", ROOT / "benchmarks" / "render_figures.py")
render_figures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_figures)

RESULTS = render_figures.load()
PAGES = render_figures.pages()

# A speed ratio: "4.1x", "403x", "0.74x", "58×", "12 times faster"; not a size ("64 x 64"),
# a power ("2**20x"), nor a word ("0x1f").
RATIO = re.compile(r"(?<![\w.*])\d+(?:\.\d+)?\s?[x×](?![\w])(?!\s*\d)"
                   r"|\b\d+(?:\.\d+)?\s+times\s+(?:faster|slower|as fast)")
# What a ratio may be without being a measurement: a target ("the 1.5x target", ">= 4x").
TARGET = re.compile(r"^\s+targets?\b")
BOUND = re.compile(r"[<>]=?\s*$")

# Ratios allowed outside a region: (page, the text around it, why).
ALLOWED = [
    ("docs/engine.md", "(a 4× difference)",
     "a design note: what computed indices with wraparound cost one kernel when LLVM "
     "stopped vectorising it, measured while writing the engine, not a result against a "
     "peer and not produced by any benchmark script"),
]


def _name(path):
    return str(path.relative_to(ROOT))


def test_the_pages_and_results_are_there():
    assert {"README.md", "docs/performance.md", "docs/index.md"} <= set(map(_name, PAGES))
    assert {"bench_swt", "bench_swtn", "bench_small", "scaling"} <= set(RESULTS)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_marked_region_is_what_the_results_render(page):
    text = page.read_text()
    stale = [match["spec"] for match in render_figures.REGION.finditer(text)
             if match["body"] != render_figures.render_region(match["spec"], RESULTS)]
    assert not stale, (f"{_name(page)}: regions {stale} differ from benchmarks/results/; "
                       "run `python benchmarks/render_figures.py`")


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_no_speed_ratio_is_quoted_outside_a_region(page):
    text = render_figures.REGION.sub("<!-- figures -->", page.read_text())
    found = []
    for match in RATIO.finditer(text):
        if TARGET.match(text[match.end():]) or BOUND.search(text[:match.start()]):
            continue
        around = text[max(match.start() - 40, 0):match.end() + 40]
        if any(_name(page) == allowed and quote in around for allowed, quote, _ in ALLOWED):
            continue
        found.append(" ".join(around.split()))
    assert not found, (f"{_name(page)} quotes speed ratios outside a figures region (put them "
                       f"in one that benchmarks/render_figures.py writes): {found}")


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_a_region_in_a_sentence_does_not_start_a_line(page):
    """A line that starts with ``<!--`` starts an HTML block in Markdown, which ends the
    paragraph there: a figure inside a sentence must follow a word on its line; a table's
    region starts a line of its own, after a blank line."""
    lines = page.read_text().splitlines()
    wrong = []
    for number, line in enumerate(lines):
        match = re.match(r"\s*<!-- figures:(\S+)", line)
        if not match:
            continue
        block = match[1] in render_figures.BLOCKS
        if not block or (number and lines[number - 1].strip()):
            wrong.append(f"line {number + 1}: {line.strip()[:60]}")
    assert not wrong, f"{_name(page)}: {wrong}"


def test_the_allowed_quotes_are_still_there():
    """An allowed quote that is gone from its page is taken off the list."""
    for page, quote, _ in ALLOWED:
        assert quote in (ROOT / page).read_text(), (page, quote)


def test_the_readme_tables_are_regions():
    """The README's speed tables come from the results, not from a table typed under them."""
    text = (ROOT / "README.md").read_text()
    for name in ("against-pywavelets", "small-calls-readme", "cold-start"):
        assert f"<!-- figures:{name} -->" in text


def test_a_region_shows_the_recorded_number():
    """The rendering itself, against the JSON read directly: the README's table shows the
    recorded ratio of the large swt case, with the digits the benchmark recorded."""
    record = json.loads((ROOT / "benchmarks" / "results" / "bench_swt.json").read_text())
    large = next(c for c in record["cases"] if c["case"].startswith("swt, N = 2**20"))
    table = render_figures.render_region("against-pywavelets", RESULTS)
    row = next(line for line in table.splitlines() if line.startswith("| swt, N = 2**20"))
    shown = next(cell for cell in row.split("|") if cell.strip().endswith("x faster"))
    assert float(shown.split("x")[0]) == large["ratio"]


def test_a_hand_typed_number_is_caught():
    """A region whose number was edited by hand differs from its rendering."""
    text = "a <!-- figures:about bench_convolution | correlate1d, N = 2**22 -->about 358x" \
           "<!-- /figures --> b"
    assert render_figures.render(text, RESULTS) != text
    assert RATIO.search("the case once given as 358x and 405x")
    assert not RATIO.search("an image of 2048 x 2048 at 2**20 samples")
