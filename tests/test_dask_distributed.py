"""Dask arrays on a real cluster: worker processes unpickle the tasks, import atrous and
compile (or load) its Numba kernels, and compute the NumPy results exactly."""

import os
import sys

import dask.array as da
import distributed
import numpy as np
import pytest

import atrous

from .test_dask import leaves

TIMEOUT = 120  # seconds for any one call to the cluster: a failure, never a hang


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, timeout=TIMEOUT) as cluster:
        with distributed.Client(cluster, timeout=TIMEOUT) as client:
            client.wait_for_workers(2, timeout=TIMEOUT)
            yield client


def assert_same(got, want):
    got, want = leaves(got), leaves(want)
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert isinstance(g, np.ndarray), (i, type(g))
        assert g.shape == w.shape and g.dtype == w.dtype, (i, g.shape, g.dtype, w.dtype)
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12, err_msg=f"output {i}")


def calls(signal, image, chunked=True):
    """Every kind of task: one and many outputs, stacked rows, overlaps that wrap around and
    that stop at the edges, and statistics computed on the cluster (denoise's noise level)."""
    results = {}
    for mode in ("periodization", "symmetric"):
        coeffs = atrous.swt(signal, "db2", level=3, mode=mode)
        results[f"swt {mode}"] = coeffs
        results[f"iswt {mode}"] = atrous.iswt(coeffs, "db2", mode=mode)
    results["swtn"] = atrous.swtn(image, ("sym4", "haar"), 2, mode=("smooth", "periodization"))
    results["mra"] = atrous.mra(signal, "coif1", level=2, mode="reflect")
    w = atrous.modwt(signal, "la8", level=3)
    results["modwt"] = w
    results["imodwt"] = atrous.imodwt(w, "la8")
    results["starlet"] = atrous.starlet(image, 2, generation=2)
    results["denoise"] = atrous.denoise(signal, "db4", level=3, mode="symmetric")
    results["correlate1d"] = atrous.correlate1d(signal, [0.25, 0.5, 0.25], dilation=4,
                                                mode="wrap")
    return results


@pytest.mark.slow
def test_transforms_on_a_local_cluster(client):
    rng = np.random.default_rng(2024)
    signal = rng.standard_normal(600)
    image = rng.standard_normal((48, 64))
    lazy = calls(da.from_array(signal, chunks=150), da.from_array(image, chunks=(24, 32)))
    for leaf in leaves(lazy):
        assert isinstance(leaf, da.Array)
    futures = client.compute(leaves(lazy))  # one graph: shared tasks run once
    distributed.wait(futures, timeout=TIMEOUT)
    got = [future.result(timeout=TIMEOUT) for future in futures]
    assert_same(got, leaves(calls(signal, image)))
    # The tasks ran in the workers' own processes, which imported atrous to unpickle them.
    imported = client.run(lambda: (os.getpid(), "atrous._dask" in sys.modules))
    assert len(imported) == 2
    assert all(pid != os.getpid() for pid, _ in imported.values())
    assert any(loaded for _, loaded in imported.values())


@pytest.mark.slow
def test_results_with_timeouts_and_statistics_on_the_cluster(client):
    rng = np.random.default_rng(7)
    signal = rng.standard_normal(1000)
    dsignal = da.from_array(signal, chunks=(100, 400, 500))
    # The noise level is computed eagerly, on the cluster (the default client).
    assert atrous.estimate_noise(dsignal) == atrous.estimate_noise(signal)
    coeffs = atrous.swt(dsignal, "sym4", level=2, mode="symmetric", trim_approx=True)
    future = client.compute(atrous.iswt(coeffs, "sym4", mode="symmetric"))
    back = future.result(timeout=TIMEOUT)
    np.testing.assert_allclose(back, signal, rtol=1e-10, atol=1e-10)
    np.testing.assert_array_equal(
        back, atrous.iswt(atrous.swt(signal, "sym4", level=2, mode="symmetric",
                                     trim_approx=True), "sym4", mode="symmetric"))
    futures = client.compute([atrous.starlet_denoise(dsignal, 3),
                              atrous.denoise(dsignal, "db2", level=2, method="sure")])
    got = [f.result(timeout=TIMEOUT) for f in futures]
    assert_same(got, [atrous.starlet_denoise(signal, 3),
                      atrous.denoise(signal, "db2", level=2, method="sure")])
