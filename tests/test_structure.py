"""The package's structure (docs/engine.md, "Layers"): the dispatch point and the import rules.

The dispatch tests register a made-up array kind, so they check the mechanism without Dask.
The import rules are read from the source with ``ast``: no import circle among atrous's
modules (counting imports inside functions), numba imported only under ``atrous/_kernels``,
and no public transform module importing or naming the Dask layer.
"""

import ast
import pathlib
import sys
import types

import numpy as np
import pytest

import atrous
from atrous import _dispatch

PACKAGE = pathlib.Path(atrous.__file__).parent
TRANSFORMS = ["_swt", "_swtn", "_mra", "_modwt", "_starlet", "_ndimage", "_denoise", "_conv",
              "_wstats", "stream"]


class Tagged:
    """A stand-in for another library's array: it wraps a NumPy array."""

    def __init__(self, array):
        self.array = np.asarray(array)


@pytest.fixture
def tagged_kind(monkeypatch):
    """Register ``Tagged`` (from a fake module ``fakearrays``) with runners that record."""
    module = types.ModuleType("fakearrays")
    module.Tagged = Tagged
    calls = []

    def runner(function, arguments):
        calls.append(arguments)
        data = {key: (value.array if isinstance(value, Tagged) else value)
                for key, value in arguments.items()}
        return Tagged(function(**data))

    monkeypatch.setitem(sys.modules, "fakearrays", module)
    monkeypatch.setattr(_dispatch, "_KINDS", _dispatch._KINDS + [
        ("fakearrays", "Tagged", {"correlate1d": runner})])
    return calls


def test_an_array_of_a_registered_kind_goes_to_its_runner_with_arguments_by_name(tagged_kind):
    x = np.arange(10.0)
    got = atrous.correlate1d(Tagged(x), [1.0, 2.0], 3, mode="wrap")
    assert isinstance(got, Tagged)
    np.testing.assert_array_equal(got.array, atrous.correlate1d(x, [1.0, 2.0], 3, mode="wrap"))
    (arguments,) = tagged_kind
    # Every parameter by name, the defaults filled in.
    assert arguments["dilation"] == 3 and arguments["mode"] == "wrap"
    assert arguments["axis"] == -1 and arguments["cval"] == 0.0
    assert list(arguments) == ["input", "weights", "dilation", "axis", "output", "mode", "cval",
                               "origin", "causal"]


def test_numpy_data_never_reaches_a_runner(tagged_kind):
    atrous.correlate1d(np.arange(10.0), [1.0, 2.0])
    atrous.correlate1d(input=np.arange(10.0), weights=[1.0, 2.0])
    assert tagged_kind == []


def test_a_function_without_a_runner_for_the_kind_says_so(tagged_kind):
    with pytest.raises(TypeError, match="atrous.swt does not take Tagged input"):
        atrous.swt(Tagged(np.arange(8.0)), "haar", 1)


def test_structures_of_arrays_are_searched():
    array_type = Tagged
    assert _dispatch._holds([np.ones(2), {"d": (np.ones(2), Tagged(1))}], array_type)
    assert not _dispatch._holds([np.ones(2), {"d": (np.ones(2), 3)}], array_type)


def test_the_public_function_keeps_its_name_signature_and_docstring():
    import inspect

    assert atrous.swt.__name__ == "swt" and atrous.swt.__module__ == "atrous._swt"
    assert "Examples" in atrous.swt.__doc__
    assert list(inspect.signature(atrous.iswt).parameters) == ["coeffs", "wavelet", "norm",
                                                               "axis", "mode"]


# -- import rules ------------------------------------------------------------------------------

def _modules():
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(("atrous",) + parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name, path, modules):
    """The atrous modules ``name`` imports, anywhere in the file."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            hits = [f"{target}.{alias.name}" for alias in node.names
                    if f"{target}.{alias.name}" in modules]
            targets.update(hits or ([target] if target in modules else []))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for alias in node.names:
                full = module or alias.name
                if full.startswith("atrous") and full in modules:
                    targets.add(full)
    targets.discard(name)
    return targets


def test_no_import_circle_among_atrous_modules():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    state = {}

    def visit(name, trail):
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            raise AssertionError("import circle: " + " -> ".join(trail + [name]))
        state[name] = "open"
        for target in sorted(graph[name]):
            if target != "atrous":  # demo imports the package as a user would
                visit(target, trail + [name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in ("atrous", "atrous.demo"):
            visit(name, [])


def test_numba_is_imported_only_under_the_kernels():
    for name, path in _modules().items():
        tree = ast.parse(path.read_text())
        imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module and not node.level}
        if "numba" in imported:
            assert name.startswith("atrous._kernels"), name


@pytest.mark.parametrize("module", TRANSFORMS)
def test_transform_modules_never_mention_dask(module):
    text = (PACKAGE / f"{module}.py").read_text().lower()
    assert "dask" not in text
