"""Concurrent calls from Python threads give the single-threaded results."""

import os
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import atrous
from atrous._kernels.threads import run_chunks


def test_concurrent_swt_and_iswt_from_a_thread_pool(rng):
    signals = [rng.standard_normal((3, 2048 + 7 * i)) for i in range(12)]
    wavelets = ["db4", "sym3", "haar", "bior2.2"]

    def job(i):
        wavelet = wavelets[i % len(wavelets)]
        coeffs = atrous.swt(signals[i], wavelet, level=5, trim_approx=True)
        return coeffs, atrous.iswt(coeffs, wavelet)

    expected = [job(i) for i in range(len(signals))]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(3):
            results = list(pool.map(job, range(len(signals))))
            for (coeffs, back), (want_coeffs, want_back) in zip(results, expected):
                for c, w in zip(coeffs, want_coeffs):
                    np.testing.assert_array_equal(c, w)
                np.testing.assert_array_equal(back, want_back)
    for i, (_, back) in enumerate(expected):
        np.testing.assert_allclose(back, signals[i], rtol=1e-10, atol=1e-10)


def test_concurrent_nd_transforms_and_analyses(rng):
    images = [rng.standard_normal((64 + 3 * i, 48)) for i in range(8)]
    modes = ["periodization", "symmetric", "smooth", "antireflect"]

    def job(i):
        mode = modes[i % len(modes)]
        coeffs = atrous.swt2(images[i], ("db2", "sym3"), level=3, mode=mode)
        back = atrous.iswt2(coeffs, ("db2", "sym3"), mode=mode)
        components = atrous.mran(images[i], "db3", level=2, mode=mode)
        return coeffs, back, components

    def flatten(result):
        coeffs, back, components = result
        arrays = [a for approx, details in coeffs for a in (approx, *details)]
        arrays += [back, components[0]] + [v for level in components[1:] for v in level.values()]
        return arrays

    expected = [flatten(job(i)) for i in range(len(images))]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(2):
            for got, want in zip(pool.map(job, range(len(images))), expected):
                for g, w in zip(flatten(got), want):
                    np.testing.assert_array_equal(g, w)


def test_importing_and_calling_leave_the_process_environment_alone():
    """The engine's threads wait without spinning by design, so atrous sets no OpenMP
    variable (an earlier version set OMP_WAIT_POLICY for the whole process)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    code = ("import os, numpy as np, atrous; before = dict(os.environ); "
            "atrous.iswt(atrous.swt(np.ones(4096), 'db2', level=3), 'db2'); "
            "print(dict(os.environ) == before, 'OMP_WAIT_POLICY' in os.environ)")
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "False"]


# The worker pool itself, with Python callables standing in for the kernel.

def _recording_kernel(calls, delay=0.0):
    lock = threading.Lock()

    def kernel(tag, first, last):
        if delay:
            time.sleep(delay)
        with lock:
            calls.append((tag, first, last, threading.get_ident()))
    return kernel


@pytest.mark.parametrize("workers", [1, 2, 5])
def test_every_chunk_runs_exactly_once(workers):
    calls = []
    chunks = [(i, i + 3) for i in range(0, 300, 3)]
    run_chunks(_recording_kernel(calls, 0.0005), ("a",), chunks, workers)
    assert sorted((first, last) for _, first, last, _ in calls) == chunks
    assert {tag for tag, *_ in calls} == {"a"}
    assert len({ident for *_, ident in calls}) <= workers


def test_the_caller_and_a_helper_share_the_chunks():
    """With two threads, a helper takes part of the work (chunks of 5 ms each)."""
    calls = []
    run_chunks(_recording_kernel(calls, 0.005), ("a",), [(i, i + 1) for i in range(40)], 2)
    threads_used = {ident for *_, ident in calls}
    assert threading.get_ident() in threads_used and len(threads_used) == 2


def test_a_call_completes_while_every_helper_is_busy():
    """A caller never waits for a helper that has not joined its job: while a helper is
    blocked inside another job, a second call runs all its chunks without it."""
    release = threading.Event()
    entered = threading.Event()
    blocked_helpers = []

    def blocking(first, last):
        if threading.current_thread().name.startswith("atrous-"):
            blocked_helpers.append(threading.get_ident())
            entered.set()
            release.wait(30)
        else:
            entered.wait(30)  # the caller keeps chunk 1 for the helper

    blocked = threading.Thread(target=run_chunks, args=(blocking, (), [(0, 1), (1, 2)], 2))
    blocked.start()
    try:
        assert entered.wait(30)
        calls = []
        run_chunks(_recording_kernel(calls), ("b",), [(i, i + 1) for i in range(10)], 2)
        assert sorted(first for _, first, _, _ in calls) == list(range(10))
        assert not {ident for *_, ident in calls} & set(blocked_helpers)
    finally:
        release.set()
        blocked.join(30)
    assert not blocked.is_alive()


def test_an_exception_in_a_helper_reaches_the_caller_and_stops_the_job():
    started = []

    def failing(first, last):
        started.append(first)
        if threading.current_thread().name.startswith("atrous-"):
            raise RuntimeError(f"chunk {first} failed")
        time.sleep(0.01)

    with pytest.raises(RuntimeError, match="failed"):
        run_chunks(failing, (), [(i, i + 1) for i in range(200)], 2)
    assert len(started) < 200  # cancelled: the remaining chunks never started


def test_results_after_fork_are_computed_in_the_child(rng):
    """The helpers do not survive os.fork; a child starts its own and computes correctly."""
    if not hasattr(os, "fork"):
        pytest.skip("no os.fork on this platform")
    code = textwrap.dedent("""
        import os, numpy as np, atrous
        x = np.random.default_rng(0).standard_normal(2**18)
        want = atrous.swt(x, 'db4', level=6)          # the parent's helpers start here
        pid = os.fork()
        if pid == 0:
            got = atrous.swt(x, 'db4', level=6)
            os._exit(0 if all(np.array_equal(g, w) for a, b in zip(got, want)
                              for g, w in zip(a, b)) else 1)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"
