"""Sphinx configuration of the atrous documentation site (`make docs`).

The site is made of
- the Markdown pages of this folder (MyST), read as they are on the repository page;
- the API reference, one page per public name, written from the docstrings (numpydoc):
  ``reference/index.rst`` is generated below from ``atrous.__all__``, ``atrous.stream``,
  ``atrous.ChunkWarning`` and ``atrous.plot`` (when it imports), so a new public name gets its
  page without an edit here (it lands under "Other" until it is given a group);
- the notebooks of ``notebooks/``, copied into ``notebooks/`` here and executed at build time by
  myst-nb (cached in ``_build/.jupyter_cache``), so their figures are on the pages.

``reference/`` and ``notebooks/`` are written at every build and ignored by git.
"""

import filecmp
import importlib
import inspect
import itertools
import pathlib
import re
import shutil

from sphinx.ext import autosummary

import atrous

DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent

project = "atrous"
copyright = "the atrous developers"
author = "the atrous developers"
release = atrous.__version__
version = release

extensions = [
    "myst_nb",  # Markdown (MyST) pages and notebooks, executed
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_design",  # the gallery's grid of thumbnails
    "matplotlib.sphinxext.plot_directive",  # the figures of atrous.plot's API pages
]

exclude_patterns = ["_build", "_templates", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
root_doc = "index"

# -- Markdown and notebooks ------------------------------------------------------------------
# Links like [conventions](conventions.md#boundary-modes) resolve to the headings' anchors.
myst_heading_anchors = 3
myst_enable_extensions = ["dollarmath", "colon_fence"]
nb_execution_mode = "cache"  # a notebook runs again only when its code changed
nb_execution_timeout = 600
nb_execution_raise_on_error = True  # a notebook that fails fails the build
nb_execution_show_tb = True
nb_merge_streams = True

# -- Cross-references ------------------------------------------------------------------------
# Every reference must resolve, except to the peers' own names: their inventories would have to
# be fetched (intersphinx) and the build reaches no network.
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(pywt|numpy|scipy|dask|distributed|torch|matplotlib)(\..*)?")]

# -- API pages -------------------------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # the signatures are in the numpydoc sections
numpydoc_show_class_members = False  # the class template lists the members itself
numpydoc_class_members_toctree = False

# The API page of a function of atrous.plot shows the figure its Example draws (appended by
# ``show_plot_examples`` below): the figure alone, the code being the Example just above it.
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]

# -- HTML ------------------------------------------------------------------------------------
try:
    import pydata_sphinx_theme  # noqa: F401

    html_theme = "pydata_sphinx_theme"
    html_theme_options = {
        "navigation_with_keys": False,
        # No left sidebar on a page whose section has no pages under it (the gallery, the
        # install page): with hidden toctrees included it showed an empty "Section Navigation".
        "sidebar_includehidden": False,
        "show_toc_level": 2,
        # Five links and "More": a sixth as long as "FAQ and troubleshooting" wraps the header
        # at 1280 pixels (make docs-check fails on that).
        "header_links_before_dropdown": 5,
        "secondary_sidebar_items": ["page-toc"],
        "footer_start": ["copyright"],
        "footer_end": ["sphinx-version", "theme-version"],
    }
    html_sidebars = {"index": []}
    # The theme's mode (light, dark, or the system's) before a visitor picks one: without
    # it a first visit logs "Got invalid theme mode" as a JavaScript error (make docs-check).
    html_context = {"default_mode": "auto"}
except ImportError:  # the default theme still builds the site
    html_theme = "alabaster"
html_title = f"atrous {release}"
html_show_sourcelink = False


# -- The notebooks ---------------------------------------------------------------------------
def copy_notebooks():
    """Bring ``notebooks/*.ipynb`` into the source tree (only those that changed, so an
    unchanged notebook is not read again), and drop copies whose notebook is gone."""
    target = DOCS / "notebooks"
    target.mkdir(exist_ok=True)
    sources = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for source in sources:
        copy = target / source.name
        if not copy.exists() or not filecmp.cmp(source, copy, shallow=False):
            shutil.copyfile(source, copy)
    names = {source.name for source in sources}
    for copy in target.glob("*.ipynb"):
        if copy.name not in names:
            copy.unlink()
    return [source.stem for source in sources]


NOTEBOOKS = copy_notebooks()


def link_notebook_pages(app, docname, source):
    """The Markdown pages link ``../notebooks/X.ipynb`` (right on the repository page); on
    the site that notebook is the page ``notebooks/X``."""
    source[0] = re.sub(r"\]\(\.\./notebooks/", "](notebooks/", source[0])


# -- The API reference -----------------------------------------------------------------------
# Groups of public names, in the order of the reference page. A name listed here but not
# public (yet) is left out; a public name listed nowhere lands under "Other".
API_GROUPS = [
    ("Stationary wavelet transform", "Drop-ins for PyWavelets' ``swt`` family, any length, "
     "every boundary mode.",
     ["swt", "iswt", "swt_max_level", "swt2", "iswt2", "swtn", "iswtn"]),
    ("Multiresolution analysis", "Additive components that sum to the signal.",
     ["mra", "imra", "mra2", "imra2", "mran", "imran", "level_bands"]),
    ("Maximal overlap DWT and wavelet statistics", "Percival & Walden's MODWT, as R's "
     "waveslim computes it, and the statistics of its coefficients.",
     ["modwt", "imodwt", "modwtmra", "brick_wall", "phase_shift", "wavelet_variance",
      "wavelet_covariance", "wavelet_correlation", "wavelet_cross_correlation"]),
    ("Wavelet packets", "The maximal overlap wavelet packet transform: every octave split "
     "further, in frequency order.",
     ["modwpt", "imodwpt", "modwptdetails", "packet_bands"]),
    ("Long-range dependence", "How much long memory a series has (the Hurst exponent and "
     "the fractional difference parameter, with intervals), and exact simulation of it.",
     ["logscale_diagram", "hurst_exponent", "fractional_d_mle", "simulate_fgn",
      "simulate_arfima"]),
    ("Starlets and denoising", "Isotropic undecimated wavelets and translation-invariant "
     "denoising.",
     ["starlet", "istarlet", "starlet_noise_levels", "estimate_noise", "denoise",
      "starlet_denoise"]),
    ("Dilated filtering", "scipy.ndimage's conventions, at a cost independent of the "
     "dilation.",
     ["correlate1d", "convolve1d", "correlate", "convolve"]),
    ("Dilated convolution layers", "torch's conventions on NumPy arrays, and the design of "
     "dilated stacks.",
     ["conv1d", "conv2d", "receptive_field", "dilation_schedule"]),
]


def public_names(module):
    """``module.__all__``, or its public functions and classes defined in it."""
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [name for name, value in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(value) or inspect.isclass(value))
            and getattr(value, "__module__", "") == module.__name__]


def optional_module(name):
    """A public module that may not exist yet (or whose optional dependency is missing)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def api_sections():
    """(title, description, module, [names]) for every section of the reference page."""
    public = list(atrous.__all__)
    grouped = set()
    sections = []
    for title, description, names in API_GROUPS:
        present = [name for name in names if name in public]
        grouped.update(present)
        if present:
            sections.append((title, description, "atrous", present))
    other = [name for name in public if name not in grouped]
    if other:
        sections.append(("Other", "", "atrous", other))
    plot = optional_module("atrous.plot")
    if plot is not None:
        sections.append(("Figures (``atrous.plot``)", "matplotlib figures of the "
                         "transforms' results; needs the ``atrous[plot]`` extra.",
                         "atrous.plot", public_names(plot)))
    labeled = optional_module("atrous.xarray")
    if labeled is not None:
        sections.append(("Labeled data (``atrous.xarray``)", "The transforms on xarray and "
                         "pandas objects, with ``dim=``; needs the ``atrous[xarray]`` extra.",
                         "atrous.xarray", public_names(labeled)))
    sections.append(("Streaming (``atrous.stream``)", "Causal layers and the à-trous "
                     "analysis of a live signal, chunk by chunk.",
                     "atrous.stream", public_names(atrous.stream)))
    sections.append(("Warnings", "", "atrous", ["ChunkWarning"]))
    return sections


_sphinx_extract_summary = autosummary.extract_summary


def extract_summary(doc, settings):
    """autosummary's one-line summary, never cut inside an inline literal.

    Sphinx ends the summary at the first period followed by a space, and its check that the
    cut leaves the markup whole parses the whole paragraph instead of the cut (Sphinx 9.0),
    so ``"Stacked panels: ``D_1 ... D_J``, smooth."`` became ``"Stacked panels: ``D_1 ..."``
    (a docutils warning). Here the first sentence ends at a period outside literals.
    """
    summary = _sphinx_extract_summary(doc, settings)
    if summary.count("``") % 2 == 0:
        return summary
    lines = list(itertools.dropwhile(lambda line: not line.strip(), doc))
    paragraph = " ".join(line.strip() for line in itertools.takewhile(str.strip, lines))
    kept = ""
    for i, part in enumerate(re.split(r"(``.+?``)", paragraph)):
        end = re.search(r"\.\s", part) if i % 2 == 0 else None
        if end:
            return kept + part[: end.start() + 1]
        kept += part
    return kept


autosummary.extract_summary = extract_summary


def write_reference():
    """Write ``reference/index.rst`` (only when its text changes)."""
    lines = [
        ".. This page is written by docs/conf.py from atrous.__all__; edit API_GROUPS there.",
        "",
        "API reference",
        "=============",
        "",
        "Every public function and class, one page each, from its docstring. The functions'",
        "signatures on one page, and how atrous differs from PyWavelets, are in the",
        ":doc:`overview </api>`.",
        "",
    ]
    sections = api_sections()
    for title, description, module, names in sections:
        lines += [title, "-" * len(title), ""]
        if description:
            lines += [description, ""]
        lines += [f".. currentmodule:: {module}", "", ".. autosummary::",
                  "   :toctree: generated", "   :nosignatures:", ""]
        lines += [f"   {name}" for name in names]
        lines.append("")
    text = "\n".join(lines)
    path = DOCS / "reference" / "index.rst"
    path.parent.mkdir(exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    # The page of a name that is no longer public would be an orphan (a warning).
    pages = {f"{module}.{name}.rst" for _, _, module, names in sections for name in names}
    for page in (DOCS / "reference" / "generated").glob("*.rst"):
        if page.name not in pages:
            page.unlink()


write_reference()


def read_reference_again(app, env, added, changed, removed):
    """The reference page's one-line summaries come from the docstrings, which Sphinx does
    not track for that page: read it at every build (it is one page)."""
    return ["reference/index"]


def show_plot_examples(app, what, name, obj, options, lines):
    """Append to the docstring of a function of ``atrous.plot`` a ``.. plot::`` directive
    that runs its Examples section, so its API page shows the figure the Example draws.

    The code is read from the docstring's own Examples section (doctest lines; the plot
    directive keeps the ``>>>`` and ``...`` lines and drops the outputs), so the page draws
    what the doctest checks. Connected after numpydoc (priority 600), so the directive
    follows numpydoc's rendering of the Examples section.
    """
    if what != "function" or not name.startswith("atrous.plot."):
        return
    from numpydoc.docscrape import NumpyDocString

    example = NumpyDocString(inspect.getdoc(obj) or "")["Examples"]
    if not any(line.lstrip().startswith(">>>") for line in example):
        return
    function = name.rpartition(".")[2]
    # ``context: reset`` draws it at every reading of the page (autodoc reads it again when
    # atrous/plot.py changes): without it the plot directive keeps the figure of the first
    # build, since the page's source (the generated .rst) does not change with the docstring.
    lines += ["", ".. plot::", f"   :alt: The figure drawn by the example of {function}",
              "   :context: reset", ""]
    lines += [f"   {line}" if line.strip() else "" for line in example]
    lines.append("")


def setup(app):
    app.connect("source-read", link_notebook_pages)
    app.connect("autodoc-process-docstring", show_plot_examples, priority=600)
    app.connect("env-get-outdated", read_reference_again)
