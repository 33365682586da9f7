"""``python -m atrous.precompile``: fills a cache that later processes load, even when two
processes compile into it at the same moment (issue 13)."""

import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest

from atrous import precompile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _environment(cache):
    environment = dict(os.environ, NUMBA_CACHE_DIR=str(cache))
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT)] + [p for p in environment.get("PYTHONPATH", "").split(os.pathsep) if p])
    return environment


def test_two_processes_precompile_into_one_cache_and_a_third_uses_it(tmp_path):
    command = [sys.executable, "-m", "atrous.precompile", "--family", "swt", "--dtype",
               "float64"]
    runs = [subprocess.Popen(command, env=_environment(tmp_path), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err[-2000:]
        assert "[  1/1] swt" in out and "done in" in out
    assert list(tmp_path.rglob("*.nbi")) and list(tmp_path.rglob("*.nbc"))
    # A third process loads what they wrote (no new cache entry) and computes what
    # PyWavelets computes.
    before = sorted(p.name for p in tmp_path.rglob("*.nbc"))
    check = ("import numpy as np, pywt, atrous; x = np.arange(64.0); "
             "got = atrous.swt(x, 'db2', level=2); want = pywt.swt(x, 'db2', level=2); "
             "print(max(abs(g - w).max() for a, b in zip(got, want) for g, w in zip(a, b)))")
    done = subprocess.run([sys.executable, "-c", check], env=_environment(tmp_path),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout) < 1e-12
    assert sorted(p.name for p in tmp_path.rglob("*.nbc")) == before


def test_precompile_reports_progress_and_refuses_unknown_names():
    steps = []
    precompile.precompile(["iswt"], ["float32", "complex64"],
                          progress=lambda *step: steps.append(step[:4]))
    assert steps == [(1, 2, "iswt", "float32"), (2, 2, "iswt", "complex64")]
    with pytest.raises(ValueError, match="`families` must be names from"):
        precompile.precompile(["swt3"])
    with pytest.raises(ValueError, match="`dtypes` must be among"):
        precompile.precompile(["swt"], ["float16"])
    assert np.dtype(precompile.DTYPES[0]) == np.float64


def _make_read_only(path, read_only):
    """Make ``path`` (recursively) unwritable, for root too (the immutable attribute), or
    writable again."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "-R", "+i" if read_only else "-i", str(path)],
                              capture_output=True, text=True)
        assert done.returncode == 0, f"chattr is needed to make a directory read-only for " \
                                     f"root: {done.stderr}"
    else:
        for folder, _, files in os.walk(path):
            for name in files + [""]:
                target = os.path.join(folder, name)
                os.chmod(target, (0o555 if not name else 0o444) if read_only else 0o755)


def test_a_read_only_package_caches_in_the_user_directory(tmp_path):
    """A package directory nobody may write to (a system install, a read-only image):
    Numba falls back to the per-user cache, and the results are right."""
    package = tmp_path / "site" / "atrous"
    shutil.copytree(ROOT / "atrous", package, ignore=shutil.ignore_patterns("__pycache__"))
    home = tmp_path / "home"
    home.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    environment.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"),
                       PYTHONPATH=str(package.parent), PYTHONDONTWRITEBYTECODE="1")
    check = (f"import numpy as np, pywt, atrous; "
             f"assert atrous.__file__.startswith({str(package)!r}); "
             "x = np.arange(64.0); got = atrous.swt(x, 'db2', level=2); "
             "want = pywt.swt(x, 'db2', level=2); "
             "print(max(abs(g - w).max() for a, b in zip(got, want) for g, w in zip(a, b)))")
    _make_read_only(package, True)
    try:
        with pytest.raises(OSError):
            (package / "_kernels" / "probe").write_text("")
        done = subprocess.run([sys.executable, "-c", check], env=environment, cwd=home,
                              capture_output=True, text=True, timeout=600)
    finally:
        _make_read_only(package, False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert float(done.stdout) < 1e-12
    assert not list(package.rglob("*.nbi"))
    assert list((home / ".cache" / "numba").rglob("*.nbi"))
