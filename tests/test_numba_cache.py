"""Numba's on-disk cache never breaks atrous: a read-only installation without a writable
home imports and computes (uncached, with one warning), a precompiled read-only in-tree
cache is loaded, a corrupted cache file is ignored and rewritten, and ``NUMBA_DISABLE_JIT=1``
runs the kernels as Python.

Each case runs a child process on a copy of the package, made read-only with ``chmod``, in
which ``python -m atrous.precompile`` compiled one family (swt, float64) into the package's
own ``__pycache__``, as an image build would. Root writes through ``chmod``, so as root the
children run as the unprivileged user ``nobody`` (``setpriv``). Whether a kernel was
loaded or compiled is read from numba's dispatcher statistics (``stats.cache_hits``).
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest

from atrous import precompile

ROOT = pathlib.Path(__file__).resolve().parent.parent
UNPRIVILEGED = 65534  # nobody


def _chmod_tree(path, writable):
    for folder, _, files in os.walk(path):
        os.chmod(folder, 0o755 if writable else 0o555)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644 if writable else 0o444)


def _open_dir(path):
    """A directory the child (``nobody`` when the tests run as root) may write to."""
    path.mkdir()
    path.chmod(0o777)
    return path


class Installation:
    """A read-only copy of atrous with swt's float64 kernel precompiled in its tree."""

    def __init__(self, base):
        self.base = base
        self.site = base / "site"
        shutil.copytree(ROOT / "atrous", self.site / "atrous",
                        ignore=shutil.ignore_patterns("__pycache__"))
        self.locked = base / "locked"  # nobody may create anything in it
        self.locked.mkdir()
        self.locked.chmod(0o555)
        self.count = 0
        self.user = None

    def environment(self, home=None, cache=None, **extra):
        """The child's environment: ``home`` (default: one that cannot be created) and
        ``NUMBA_CACHE_DIR`` only as given, the copy first on the path."""
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith("NUMBA_") and k not in ("HOME", "XDG_CACHE_HOME")}
        environment.update(HOME=str(home or self.locked / "home"),
                           PYTHONPATH=str(self.site), PYTHONDONTWRITEBYTECODE="1", **extra)
        if cache is not None:
            environment["NUMBA_CACHE_DIR"] = str(cache)
        return environment

    def first_user(self):
        """A user who may not write the installation, with an empty home and
        NUMBA_CACHE_DIR of their own, runs the probe (once per module): ``(report, home,
        cache)``."""
        if self.user is None:
            home, cache = self.fresh_dir(), self.fresh_dir()
            report = self.run(_probe(self, swt=True), self.environment(home=home, cache=cache))
            self.user = report, home, cache
        return self.user

    def fresh_dir(self):
        self.count += 1
        return _open_dir(self.base / f"writable-{self.count}")

    def run(self, code, environment, as_installer=False):
        """Run ``code`` in a child (as ``nobody`` when we are root, unless the installer);
        return the JSON it prints last."""
        command = [sys.executable, "-c", code]
        if os.geteuid() == 0 and not as_installer:
            setpriv = shutil.which("setpriv")
            assert setpriv, "setpriv (util-linux) is needed to run a child unprivileged as root"
            command = [setpriv, f"--reuid={UNPRIVILEGED}", f"--regid={UNPRIVILEGED}",
                       "--clear-groups", *command]
        done = subprocess.run(command, env=environment, cwd=self.base, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def installation():
    base = pathlib.Path(tempfile.mkdtemp(prefix="atrous-cache-"))
    base.chmod(0o755)
    try:
        installed = Installation(base)
        # The image build: precompile into the package's tree, as its owner.
        installed.run("import sys; from atrous.precompile import main; "
                      "main(['--family', 'swt', '--dtype', 'float64']); print('{}')",
                      installed.environment(home=base / "installer"), as_installer=True)
        assert list((installed.site / "atrous" / "_kernels" / "__pycache__").glob("*.nbi"))
        _chmod_tree(installed.site, writable=False)
        yield installed
    finally:
        if (base / "site").exists():
            _chmod_tree(base / "site", writable=True)
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


# The child's measurements, printed as JSON: swt against PyWavelets, a causal dilated
# filter (atrous.stream, the small ring kernel) against a NumPy loop, the kernels' cache
# statistics and the warnings given.
PROBE = """
import json, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import numpy as np
    import atrous
    from atrous import stream
    from atrous._kernels import filter_bank, ring
    assert atrous.__file__.startswith({site!r}), atrous.__file__
    report = {{}}
    if {swt}:
        import pywt
        x = np.arange(64.0)
        got = atrous.swt(x, "db2", level=2)
        want = pywt.swt(x, "db2", level=2)
        report["swt"] = max(float(abs(g - w).max()) for a, b in zip(got, want)
                            for g, w in zip(a, b))
        if hasattr(filter_bank.run_steps(np.dtype("float64")), "stats"):
            stats = filter_bank.run_steps(np.dtype("float64")).stats
            report["swt_hits"] = sum(stats.cache_hits.values())
            report["swt_misses"] = sum(stats.cache_misses.values())
    weight, chunk = np.array([[[0.5, -1.0, 2.0]]]), np.linspace(-1.0, 1.0, 9)
    got = stream.CausalConv1d(weight, dilation=2).process(chunk[None, None])[0, 0]
    want = [sum(weight[0, 0, k] * chunk[t - (2 - k) * 2] for k in range(3)
                if t - (2 - k) * 2 >= 0) for t in range(9)]
    report["stream"] = float(abs(got - want).max())
    if {float32}:
        # A second signature: a second compile, and still one warning.
        ring.ring_step(np.zeros((1, 1, 4), np.float32), 0, np.ones((1, 1, 3), np.float32),
                       np.ones((1, 1, 3), np.float32), np.zeros(1, np.float32), 2,
                       np.zeros((1, 1, 3), np.float32))
    if hasattr(ring.ring_step, "stats"):
        report["ring_hits"] = sum(ring.ring_step.stats.cache_hits.values())
        report["ring_misses"] = sum(ring.ring_step.stats.cache_misses.values())
report["warnings"] = [[str(w.message), w.filename] for w in caught]
print(json.dumps(report))
"""


def _probe(installation, swt=False, float32=False):
    return PROBE.format(site=str(installation.site), swt=swt, float32=float32)


def _written(directory):
    return sorted(p.name for p in directory.rglob("*.nb[ic]"))


def test_a_read_only_precompiled_cache_is_loaded_not_recompiled(installation):
    """A user who may not write the installation, with an empty cache of their own: the
    installation's precompiled kernel is loaded, and nothing is compiled or written."""
    report, home, cache = installation.first_user()
    assert report["swt"] < 1e-12 and report["stream"] < 1e-12
    assert (report["swt_hits"], report["swt_misses"]) == (1, 0)
    assert report["warnings"] == []
    assert not [name for name in _written(cache) if "filter_bank" in name]
    assert not _written(home)


def test_import_never_fails_without_a_writable_cache_and_warns_once(installation):
    """No writable directory at all (read-only package, no home, no NUMBA_CACHE_DIR):
    import works, the precompiled kernel is still loaded, and kernels compiled in the
    process (two signatures here) give one warning, at the user's line, that names
    NUMBA_CACHE_DIR."""
    report = installation.run(_probe(installation, swt=True, float32=True),
                              installation.environment())
    assert report["swt"] < 1e-12 and report["stream"] < 1e-12
    assert (report["swt_hits"], report["swt_misses"]) == (1, 0)
    assert report["ring_misses"] == 2
    assert len(report["warnings"]) == 1, report["warnings"]
    message, filename = report["warnings"][0]
    assert "NUMBA_CACHE_DIR" in message and "cache" in message
    assert filename == "<string>"  # the child's own code, not atrous' or numba's


def test_a_corrupted_cache_file_is_named_ignored_and_rewritten(installation):
    """The first user's cache holds the ring kernel, which their process compiled. A
    garbage index (.nbi), then a truncated data file (.nbc): each time the kernel is
    compiled again with a warning naming the file, and the file rewritten (the second
    process reaches the data file through the index the first one rewrote)."""
    first, home, cache = installation.first_user()
    assert (first["ring_hits"], first["ring_misses"]) == (0, 1)
    environment = installation.environment(home=home, cache=cache)
    (data,) = cache.rglob("ring.ring_step-*.nbc")
    (index,) = cache.rglob("ring.ring_step-*.nbi")
    whole = data.read_bytes()
    for broken, damage in ((index, b"not a pickle at all"), (data, whole[:len(whole) // 2])):
        broken.write_bytes(damage)
        report = installation.run(_probe(installation), environment)
        assert report["stream"] < 1e-12
        assert (report["ring_hits"], report["ring_misses"]) == (0, 1)
        assert len(report["warnings"]) == 1, report["warnings"]
        message, filename = report["warnings"][0]
        assert str(broken) in message and "delete" in message.lower()
        assert filename == "<string>"
    last = installation.run(_probe(installation), environment)
    assert (last["ring_hits"], last["ring_misses"], last["warnings"]) == (1, 0, [])


def test_numba_disable_jit_runs_the_kernels_as_python(installation):
    """NUMBA_DISABLE_JIT=1 (debugging, coverage): the transforms give PyWavelets' values."""
    report = installation.run(_probe(installation, swt=True),
                              installation.environment(NUMBA_DISABLE_JIT="1"))
    assert report["swt"] < 1e-12 and report["stream"] < 1e-12
    assert report["warnings"] == []


# The image build run by a user who may write nowhere: `python -m atrous.precompile` for
# the family precompiled in the installation (everything loads), then for a dtype it lacks.
PRECOMPILE_TWICE = """
import contextlib, io, json
from atrous.precompile import main
report = {}
for dtype in ("float64", "float32"):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        report[dtype] = [main(["--family", "swt", "--dtype", dtype])]
    report[dtype] += [out.getvalue(), err.getvalue()]
print(json.dumps(report))
"""


def test_precompile_fails_when_what_it_compiles_cannot_be_cached(installation):
    """No writable directory at all: what the installation holds already loads, and the
    command succeeds; a dtype it lacks is compiled but cannot be saved, so the command
    fails (a Dockerfile's RUN stops) saying why and what to do, instead of "done"."""
    report = installation.run(PRECOMPILE_TWICE, installation.environment())
    code, out, err = report["float64"]
    assert (code, err) == (0, "") and "done in" in out
    code, out, err = report["float32"]
    assert code == 1 and "done in" not in out
    assert "could not be cached" in err and "NUMBA_CACHE_DIR" in err
    assert "writable" in err and "owner" in err


def test_precompile_names_the_unknown_families(capsys):
    # The command line, whose names with spaces and quotes are easy to get wrong.
    with pytest.raises(SystemExit):
        precompile.main(["--family", "swt2", "--family", "swt"])
    error = capsys.readouterr().err
    assert "--family must be names from" in error
    assert "got ['swt2']; did you mean 'swt2 / iswt2'?" in error
    with pytest.raises(ValueError, match=r"got \['swt2', 'mra'\]; did you mean "
                                         r"'swt2 / iswt2'"):
        precompile.precompile(["swt", "swt2", "mra"])
    # A single name, not a sequence of names: one family, not its letters.
    with pytest.raises(ValueError, match=r"got \['swt3'\]"):
        precompile.precompile("swt3")
    with pytest.raises(ValueError, match=r"`dtypes` must be among .*; got \['float16'\]"):
        precompile.precompile("swt", "float16")
    steps = []
    precompile.precompile("iswt", "float32", progress=lambda *step: steps.append(step[:4]))
    assert steps == [(1, 1, "iswt", "float32")]


def test_a_numba_without_the_cache_classes_atrous_builds_on_still_imports_and_computes():
    """The cache subclasses private numba classes; a numba that renamed them must not break
    ``import atrous``: the kernels fall back to numba's own cache and compute as before."""
    code = """
import numpy as np, pywt
from numba.core import caching
del caching._CacheLocator, caching.IndexDataCacheFile
import atrous
from atrous._kernels import cache
assert not cache._NUMBA_CACHE_KNOWN
x = np.random.default_rng(0).standard_normal(64)
ours, theirs = atrous.swt(x, 'db2', level=2), pywt.swt(x, 'db2', level=2)
assert all(np.allclose(a, b) for p, q in zip(ours, theirs) for a, b in zip(p, q))
print('ok')
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
