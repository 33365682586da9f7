# `make demo` and `make test` do all set-up themselves: a virtual environment in .venv with
# atrous (editable) and its test extras, reinstalled when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.installed-docs

.PHONY: demo test install-check bench bench-out-of-core docs docs-check lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m atrous.demo

test: $(STAMP)
	$(BIN)/python -m pytest

# The install page followed as a newcomer would: a wheel of the committed tree, installed
# with its extras into a new environment (downloads the dependencies), runs the README.
install-check: $(STAMP)
	$(BIN)/python tests/install_check.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/bench_swt.py
	$(BIN)/python benchmarks/bench_swtn.py
	$(BIN)/python benchmarks/bench_edges.py
	$(BIN)/python benchmarks/bench_convolution.py
	$(BIN)/python benchmarks/bench_modwt.py
	$(BIN)/python benchmarks/bench_modwpt.py
	$(BIN)/python benchmarks/bench_longmemory.py
	$(BIN)/python benchmarks/bench_xarray.py
	$(BIN)/python benchmarks/bench_starlet.py
	$(BIN)/python benchmarks/bench_denoise.py
	$(BIN)/python benchmarks/bench_dask.py
	$(BIN)/python benchmarks/bench_small.py
	$(BIN)/python benchmarks/bench_poisson.py
	$(BIN)/python benchmarks/render_figures.py
	$(BIN)/python docs/figures/make_figures.py

# Writes a 4 GiB signal and its MRA to zarr stores in a temporary directory (about 30 GiB).
bench-out-of-core: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/bench_dask_out_of_core.py

# The documentation site in docs/_build/html (open docs/_build/html/index.html): the Markdown
# pages, one API page per public name, the notebooks executed (cached in docs/_build between
# builds). Warnings are errors.
$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# The built site (run `make docs` first) in headless Chromium: fails on an image that does not
# load, a JavaScript error, or a search for a function that finds nothing; screenshots in
# docs/_build/screenshots. Installs Debian's chromium and chromium-driver if they are missing.
docs-check: $(DOCS_STAMP)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "docs-check: installing chromium and chromium-driver (apt-get)"; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium chromium-driver >/dev/null; }
	$(BIN)/python tests/docs_check.py

lint: $(STAMP)
	$(BIN)/ruff check atrous tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	rm -rf docs/_build docs/reference docs/notebooks
	find atrous -name '__pycache__' -type d -exec rm -rf {} +
