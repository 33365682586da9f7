"""How Dask runs atrous: kernels without the GIL, one Numba thread per task, Dask optional."""

import subprocess
import sys
import threading

import dask
import dask.array as da
import numba
import numpy as np
import pytest

import atrous
from atrous import _dask
from atrous._kernels.filter_bank import run_steps


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_kernel_releases_the_gil(dtype):
    assert run_steps(np.dtype(dtype)).targetoptions["nogil"] is True


def _record_threads(block, seen):
    seen.append((threading.get_ident(), numba.get_num_threads()))
    return [block * 2.0]


@pytest.mark.parametrize("chunks, expected", [(10, 1), (40, None)])
def test_tasks_run_numba_on_one_thread_and_restore_it(chunks, expected):
    seen = []
    x = da.from_array(np.arange(40.0), chunks=chunks)
    (doubled,) = _dask.blockwise(lambda b: _record_threads(b, seen), [x], {0: 0}, {0: False})
    before = numba.get_num_threads()
    with dask.config.set(scheduler="threads", num_workers=2):
        np.testing.assert_array_equal(doubled.compute(), np.arange(40.0) * 2)
    assert numba.get_num_threads() == before
    # The probe runs in this thread with all threads; the tasks (several blocks) with one.
    in_tasks = {threads for ident, threads in seen[1:]}
    assert in_tasks == ({1} if expected == 1 else {before})


def test_blockwise_runs_each_block_once_for_all_outputs():
    calls = []

    def transform(block):
        calls.append(block.shape)
        return [block + 1, block - 1, {"a": block * 3}]

    x = da.from_array(np.arange(30.0), chunks=10)
    plus, minus, times = _dask.blockwise(transform, [x], {0: 2}, {0: True})
    calls.clear()
    with dask.config.set(scheduler="threads"):
        results = dask.compute(plus, minus, times["a"])
    assert len(calls) == 3
    np.testing.assert_array_equal(results[0], np.arange(30.0) + 1)
    np.testing.assert_array_equal(results[2], np.arange(30.0) * 3)


def test_atrous_imports_and_works_without_dask():
    code = ("import sys; sys.modules['dask'] = None; sys.modules['dask.array'] = None\n"
            "import numpy as np, atrous\n"
            "c = atrous.swt(np.arange(16.0), 'db2', 2)\n"
            "assert np.allclose(atrous.iswt(c, 'db2'), np.arange(16.0))\n"
            "assert not atrous._dask.is_dask_array(np.ones(3))\n"
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_warnings_given_once_when_built_not_per_chunk():
    x = da.from_array(np.random.default_rng(0).standard_normal(64), chunks=16)
    with pytest.warns(UserWarning, match="not orthogonal") as record:
        coeffs = atrous.swt(x, "bior2.2", 2, norm=True)
    assert len(record) == 1
    with dask.config.set(scheduler="threads"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            computed = dask.compute(coeffs)[0]
    with pytest.warns(UserWarning, match="not orthogonal"):
        expected = atrous.swt(x.compute(), "bior2.2", 2, norm=True)
    for got, want in zip(computed, expected):
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
