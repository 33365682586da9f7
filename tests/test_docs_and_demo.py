"""Every public function is documented (numpydoc, with examples) and in the docs; the demo runs."""

import inspect
import pathlib
import re

import numpy as np
import pytest

import atrous
import atrous.demo

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", atrous.__all__)
def test_public_function_has_numpydoc_sections_and_examples(name):
    doc = inspect.getdoc(getattr(atrous, name))
    for section in ("Parameters", "Returns", "Examples"):
        assert re.search(rf"^{section}\n-+$", doc, re.MULTILINE), f"{name}: no {section}"
    assert ">>> " in doc


@pytest.mark.parametrize("name", atrous.__all__)
def test_public_function_appears_in_the_docs_and_readme(name):
    # The API overview links every public function to its reference page.
    assert f"{{py:func}}`atrous.{name}`" in (ROOT / "docs" / "api.md").read_text()
    assert f"atrous.{name}" in (ROOT / "README.md").read_text()


def test_demo_decomposes_and_reconstructs_the_ecg(capsys):
    ecg = atrous.demo.decompose_ecg()
    atrous.demo.any_length(ecg)
    out = capsys.readouterr().out
    errors = [float(e) for e in re.findall(r"max (?:\|iswt\(swt\(x\)\) - x\||reconstruction "
                                           r"error|difference from pywt.swt:?)[ =:]*([0-9.e+-]+)",
                                           out)]
    assert len(errors) == 3 and max(errors) < 1e-9 * np.abs(ecg).max()
    assert "energy of the coefficients / energy of the signal: 1.0000000000000" in out


def test_readme_example_runs():
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


@pytest.mark.parametrize("page", ["migration.md", "labeled.md", "faq.md"])
def test_the_code_of_the_guide_pages_runs(page):
    """The PyWavelets migration page (patching atrous into pywt) and the labeled-data page
    (pandas) run as written."""
    text = (ROOT / "docs" / page).read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    namespace = {}  # a page's blocks build on each other, as a reader runs them
    for block in blocks:
        exec(compile(block, page, "exec"), namespace)


def test_demo_draws_the_mra_figure_and_its_components_add_up(tmp_path, capsys):
    ecg = atrous.demo.decompose_ecg()
    path = atrous.demo.mra_figure(ecg, tmp_path / "mra.png")
    assert path.exists() and path.stat().st_size > 10_000
    out = capsys.readouterr().out
    errors = [float(e) for e in re.findall(r"max \|sum - signal\| = ([0-9.e+-]+)", out)]
    assert len(errors) == 2 and max(errors) < 1e-9 * np.abs(ecg).max()


def test_the_dask_page_examples_run():
    import doctest

    result = doctest.testfile(str(ROOT / "docs" / "dask.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0
