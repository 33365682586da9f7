"""``python -m atrous.precompile``: fills a cache that later processes load, even when two
processes compile into it at the same moment (issue 13)."""

import os
import pathlib
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
