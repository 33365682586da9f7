"""Hostile input to the memory guards: the simulators budget the peak they really reach
(measured here by tracemalloc), the packet transforms check the memory available on every
call (not only when they plan one), imodwpt budgets what it allocates and says what it can
change, and atrous's own functions refuse a float where an integer is meant.

The memory available is monkeypatched (``atrous._memory.available_memory``): no test
allocates more than a few megabytes.
"""

import re
import tracemalloc

import numpy as np
import pytest

import atrous
from atrous import _memory, _modwpt, _simulate
from atrous import _validation as validate

MIB = 2**20


@pytest.fixture
def available(monkeypatch):
    """``available(bytes)`` makes that the memory available now (None: the OS does not
    say); the installed memory is left as it is (24 GB here, more than any of these)."""
    def set_available(value):
        monkeypatch.setattr(_memory, "available_memory", lambda: value)
    return set_available


def _traced_peak(call):
    """The peak of the memory traced by tracemalloc during ``call()`` (NumPy's buffers
    included), and what ``call()`` returned."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = call()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


# -- reading the memory available (moved here from test_hostile_packets_plots.py with the
# reader, from atrous._modwpt to atrous._memory) ----------------------------------------------

GIB = 2**30


@pytest.fixture
def system(tmp_path, monkeypatch):
    """A /proc/meminfo, /proc/self/cgroup and /sys/fs/cgroup of the test's own, in
    ``tmp_path``: ``meminfo``, ``self`` and the folder ``fs``."""
    monkeypatch.setattr(_memory, "_MEMINFO", str(tmp_path / "meminfo"))
    monkeypatch.setattr(_memory, "_CGROUP_SELF", str(tmp_path / "self"))
    monkeypatch.setattr(_memory, "_CGROUP_MEMORY", str(tmp_path / "fs"))
    return tmp_path


@pytest.mark.parametrize("text, want", [
    ("MemTotal:       24683784 kB\nMemFree:   22643444 kB\nMemAvailable:   24199452 kB\n",
     24199452 * 1024),
    ("MemTotal:       24683784 kB\nMemFree:   22643444 kB\n", None),   # kernels before 3.14
])
def test_available_memory_reads_memavailable(system, text, want):
    (system / "meminfo").write_text(text)
    got = _memory.available_memory()
    if want is None:  # the fallback: the OS's free pages, or nothing
        assert got is None or got > 0
    else:
        assert got == want


@pytest.mark.parametrize(("self_line", "folder"), [("0::/", ""), ("0::/user/job", "user")])
def test_available_memory_is_capped_by_the_cgroup_limit(system, self_line, folder):
    """A cgroup limit of 4 GiB holding 2 GiB, half of it inactive page cache (reclaimable):
    3 GiB left, whichever of the process's cgroup or its parents has the limit."""
    (system / "meminfo").write_text("MemAvailable:   24199452 kB\n")
    (system / "self").write_text(f"{self_line}\n")
    group = system / "fs" / folder
    (system / "fs" / "user" / "job").mkdir(parents=True)
    (group / "memory.max").write_text(f"{4 * GIB}\n")
    (group / "memory.current").write_text(f"{2 * GIB}\n")
    (group / "memory.stat").write_text(f"anon 1000\ninactive_file {GIB}\nactive_file 5\n")
    assert _memory.available_memory() == 3 * GIB
    (group / "memory.max").write_text("max\n")      # no limit
    assert _memory.available_memory() == 24199452 * 1024


def test_available_memory_is_capped_by_a_cgroup_v1_limit(system):
    (system / "meminfo").write_text("MemAvailable:   24199452 kB\n")
    (system / "self").write_text("4:memory:/jobs/one\n1:cpu:/\n0::/\n")
    group = system / "fs" / "memory" / "jobs"
    group.mkdir(parents=True)
    (group / "memory.limit_in_bytes").write_text(f"{4 * GIB}\n")
    (group / "memory.usage_in_bytes").write_text(f"{2 * GIB}\n")
    (group / "memory.stat").write_text(f"cache 7\ntotal_inactive_file {GIB}\n")
    assert _memory.available_memory() == 3 * GIB


def test_the_packet_guard_counts_available_memory_not_installed_memory(available, monkeypatch):
    """24 GB installed, 8 GiB available: level 18 of 10,000 samples (19.5 GiB) is refused,
    and the level offered fits in half of what is available."""
    monkeypatch.setattr(validate, "physical_memory", lambda: 24 * 10**9)
    available(8 * GIB)
    with pytest.raises(ValueError, match=r"`level`=18 .* would need 19\.5 GiB.* at most 15"):
        _modwpt.as_packet_level(18, 10_000, 8)
    fits = max(j for j in range(1, 21) if 2**j * 10_000 * 8 <= 4 * GIB)
    assert fits == 15
    assert _modwpt.as_packet_level(fits, 10_000, 8) == fits
    available(2**20)
    with pytest.raises(ValueError, match=r"`level`=1 .* fewer samples at a time"):
        _modwpt.as_packet_level(1, 2**16, 8)


# -- the simulators: the peak they reach, against the memory available ------------------------

SIMULATORS = [(atrous.simulate_fgn, 0.7), (atrous.simulate_arfima, 0.3)]


@pytest.mark.parametrize(("simulate", "parameter"), SIMULATORS)
@pytest.mark.parametrize(("size", "batch"), [(None, None), (3, None), (5, 2)])
def test_the_simulators_refuse_a_peak_beyond_the_memory_available(
        simulate, parameter, size, batch, available, monkeypatch):
    """The peak tracemalloc measures (72 bytes a sample for one series: the output, the
    autocovariances, their roots, the draws, the spectrum, the inverse FFT) is refused when
    it exceeds the memory available, before anything is allocated, and accepted with twice
    that: the guard counts the peak, not a third of it (the 8 bytes a sample of the
    output, or 32 for one series, that it counted)."""
    n = 2**15
    if batch is not None:  # series drawn two at a time
        monkeypatch.setattr(_simulate, "_SCRATCH_BYTES", batch * 64 * (n + 1))
    simulate(n, parameter, size=size, seed=0)  # the plan of the FFT, made once
    peak, _ = _traced_peak(lambda: simulate(n, parameter, size=size, seed=0))
    available(int(0.99 * peak))
    shape = re.escape(str(np.empty(size).shape if size else None))
    with pytest.raises(ValueError, match=rf"`n`=32768 samples times `size`={shape} series "
                                         r"would need .* GiB, more than the .* GiB of memory "
                                         r"available now; simulate fewer or shorter series"):
        simulate(n, parameter, size=size, seed=0)
    available(2 * peak)
    x = simulate(n, parameter, size=size, seed=0)
    assert x.shape == np.empty(size or ()).shape + (n,)


@pytest.mark.parametrize(("simulate", "parameter"), SIMULATORS)
def test_a_refused_simulation_allocates_nothing(simulate, parameter, available):
    """A million series of 2**20 samples (8 TiB): refused by the output alone, and before
    the autocovariances of the 2**20 lags are computed."""
    available(None)  # the installed memory decides
    peak, _ = _traced_peak(lambda: pytest.raises(ValueError, simulate, 2**20, parameter,
                                                 size=10**6, seed=0))
    assert peak < MIB
    available(8 * MIB)  # one series of 2**17 samples: an output of 1 MiB, a peak of 9 or more
    peak, _ = _traced_peak(lambda: pytest.raises(ValueError, simulate, 2**17, parameter))
    assert peak < MIB


# -- the packet transforms: checked on every call ------------------------------------------------

@pytest.mark.parametrize("transform", [atrous.modwpt, atrous.modwptdetails])
def test_the_packet_guard_runs_on_every_call_not_only_the_first(transform, available):
    """Once with 10 MiB available, then the same call (the same plan, remembered) with
    1 MiB available: refused, naming the deepest level whose output fits in half of it,
    before the output is allocated."""
    x = np.random.default_rng(0).standard_normal(100)
    available(10 * MIB)
    first = transform(x, "haar", 10)  # 1024 nodes of 800 bytes: 800 kB
    assert first.shape == (1024, 100)
    if transform is atrous.modwpt:  # energy, at every level
        np.testing.assert_allclose(np.sum(first**2), np.sum(x**2))
    else:  # the components add up to the signal
        np.testing.assert_allclose(first.sum(axis=0), x)
    available(MIB)
    fits = max(level for level in range(1, 21) if 2**level * 800 <= MIB / 2)
    assert fits == 9

    def refused():
        with pytest.raises(ValueError, match=rf"`level`=10 .* more than 50% of the "
                                             rf"0\.000977 GiB .* at most {fits}$"):
            transform(x, "haar", 10)

    peak, _ = _traced_peak(refused)
    assert peak < 100_000  # the 800 kB output was not allocated


def test_imodwpt_is_checked_on_every_call_too(available):
    nodes = atrous.modwpt(np.arange(100.0), "haar", 10)
    available(10 * MIB)
    np.testing.assert_allclose(atrous.imodwpt(nodes, "haar"), np.arange(100.0), atol=1e-9)
    available(2**16)  # 64 kiB: not even the work array of 512 nodes of 800 bytes
    with pytest.raises(ValueError, match=r"`w` \(1024 nodes of 100 samples"):
        atrous.imodwpt(nodes, "haar")


def test_the_memory_is_read_at_most_every_tenth_of_a_second(monkeypatch):
    """Reading it costs about half a millisecond (the cgroup's files), a guard that runs on
    every call must not: calls within 0.1 s share one reading."""
    reads, clock = [], [1000.0]

    def reader():
        reads.append(clock[0])
        return 8 * 2**30

    monkeypatch.setattr(_memory, "available_memory", reader)
    monkeypatch.setattr(_memory, "_now", lambda: clock[0])
    x = np.ones(64)
    for _ in range(20):
        atrous.modwpt(x, "haar", 3)
    assert reads == [1000.0]
    clock[0] += 0.05
    atrous.imodwpt(atrous.modwpt(x, "haar", 3), "haar")
    assert reads == [1000.0]
    clock[0] += 0.1
    atrous.modwpt(x, "haar", 3)
    assert reads == [1000.0, 1000.15]


# -- imodwpt budgets what it allocates ----------------------------------------------------------

def test_imodwpt_budgets_its_result_and_work_array_not_the_whole_of_w(available):
    """256 nodes of 1600 samples (3.3 MB) with 6 MiB available (a budget of 3 MiB): the
    inverse allocates the signal and a work array of 128 nodes (1.7 MB), so it runs. An
    F-ordered w is first copied C-contiguous (3.3 MB more): refused, naming `w` and what
    imodwpt can change (imodwpt has no `level`)."""
    x = np.random.default_rng(1).standard_normal(1600)
    nodes = atrous.modwpt(x, "db2", 8)
    available(6 * MIB)
    np.testing.assert_allclose(atrous.imodwpt(nodes, "db2"), x, atol=1e-9)
    with pytest.raises(ValueError, match=r"`w` \(256 nodes of 1600 samples") as refused:
        atrous.imodwpt(np.asfortranarray(nodes), "db2")
    message = str(refused.value)
    assert "`level`" not in message
    assert "C-contiguous" in message and "Dask" in message
    available(MIB)  # not even the work array
    with pytest.raises(ValueError, match=r"would need 0\.00\d+ GiB") as refused:
        atrous.imodwpt(nodes, "db2")
    assert "`level`" not in str(refused.value)


def test_imodwpt_of_dask_packets_budgets_the_stacked_block(available):
    """A block of lazy packets is stacked (all its nodes) before it is inverted: 256 nodes
    of 1600 samples in one block take 3.3 MB, and the inverse 1.7 MB more, beyond a budget
    of 4 MiB; in blocks of 400 samples, they fit."""
    import dask.array as da  # in the test extras

    x = np.random.default_rng(2).standard_normal(1600)
    nodes = atrous.modwpt(x, "haar", 8)
    available(8 * MIB)
    with pytest.raises(ValueError, match=r"`w` \(256 nodes of 1600 samples .* a block"):
        atrous.imodwpt(da.from_array(nodes, chunks=(256, 1600)), "haar")
    lazy = atrous.imodwpt(da.from_array(nodes, chunks=(256, 400)), "haar")
    np.testing.assert_allclose(lazy.compute(scheduler="sync"), x, atol=1e-9)


# -- atrous's own functions take integers, not floats ----------------------------------------------

@pytest.mark.parametrize(("call", "name"), [
    (lambda: atrous.modwpt(np.ones(16), "haar", 2.0), "level"),
    (lambda: atrous.modwpt(np.ones(16), "haar", 2, axis=-1.0), "axis"),
    (lambda: atrous.modwptdetails(np.ones(16), "haar", np.float64(2)), "level"),
    (lambda: atrous.imodwpt(np.ones((4, 16)), "haar", axis=0.0), "axis"),
    (lambda: atrous.simulate_fgn(8.0, 0.7), "n"),
    (lambda: atrous.simulate_arfima(np.float32(8), 0.3), "n"),
    (lambda: atrous.simulate_fgn(8, 0.7, size=(2.0,)), "size"),
    (lambda: atrous.simulate_arfima(8, 0.3, size=(2, 3.0)), "size"),
])
def test_atrous_only_functions_refuse_integral_floats_as_they_refuse_2_5(call, name):
    """modwpt(level=2.5) and simulate_fgn(size=2.0) were refused, modwpt(level=2.0) and
    size=(2.0,) accepted. NumPy's size refuses floats in a tuple as alone."""
    with pytest.raises(TypeError):
        np.random.default_rng(0).standard_normal(size=(2.0,))
    with pytest.raises(TypeError, match=rf"`{name}` must be an integer, got \S*\d\.0"):
        call()


def test_no_series_to_simulate_is_an_empty_array_whatever_the_length():
    """size=0: nothing to simulate, so no memory to refuse (it was refused for n = 2**40) and
    nothing computed; the other arguments are still checked."""
    assert atrous.simulate_fgn(2**40, 0.7, size=0).shape == (0, 2**40)
    assert atrous.simulate_arfima(2**40, 0.3, size=(3, 0)).shape == (3, 0, 2**40)
    with pytest.raises(ValueError, match="`H`=1.5"):
        atrous.simulate_fgn(8, 1.5, size=0)
    with pytest.raises(TypeError, match="`seed`"):
        atrous.simulate_fgn(8, 0.7, size=0, seed="x")
