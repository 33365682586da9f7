"""Hostile input to the wavelet packets, the figures, level_bands and the simulators: the
memory guard counts the memory available (not installed), imodwpt checks what modwpt
checks, time axes of every kind give bands in real units, NaN leaves the energy shares
readable, and what is not an MRA, a statistic, a seed or a usable sampling rate is refused
naming the argument."""

import math

import numpy as np
import pytest

import atrous
from atrous import _modwpt
from atrous import _validation as validate
from atrous.plot import plot_coefficients, plot_mra, plot_wavelet_variance

# -- packets: the memory guard ------------------------------------------------------------------

GIB = 2**30


def _refuse_to_plan(*args, **kwargs):
    raise AssertionError("the transform was planned (its output about to be allocated)")


def test_the_guard_counts_available_memory_not_installed_memory(monkeypatch):
    """24 GB installed, 8 GiB available: level 18 of 10,000 samples (19.5 GiB) is refused,
    and the level offered fits in half of what is available."""
    monkeypatch.setattr(validate, "physical_memory", lambda: 24 * 10**9)
    monkeypatch.setattr(_modwpt, "available_memory", lambda: 8 * GIB, raising=False)
    with pytest.raises(ValueError, match=r"`level`=18 .* would need 19\.5 GiB.* at most 15"):
        _modwpt.as_packet_level(18, 10_000, 8)
    # The largest level it offers is the largest whose output fits in half of 8 GiB.
    fits = max(j for j in range(1, 21) if 2**j * 10_000 * 8 <= 4 * GIB)
    assert fits == 15
    assert _modwpt.as_packet_level(fits, 10_000, 8) == fits


def test_the_real_call_at_83_percent_of_this_machine_refuses_before_allocating(monkeypatch):
    """The brief's case, scaled to this machine: an output of 83 % of the installed memory
    (level 18 of 10,000 samples on 24 GB) is refused, naming `level` and what fits, before
    anything is planned or allocated."""
    physical = validate.physical_memory()
    assert physical, "this OS does not report its physical memory"
    samples = int(0.83 * physical / (2**18 * 8))
    monkeypatch.setattr(_modwpt, "modwpt_plan", _refuse_to_plan)
    with pytest.raises(ValueError, match=r"`level`=18 .* use a `level` of at most") as refused:
        atrous.modwpt(np.zeros(samples), "haar", 18)
    fits = int(str(refused.value).rsplit(" ", 1)[1])
    assert 1 <= fits < 18 and 2**fits * samples * 8 <= physical / 2


def test_a_level_too_deep_for_any_memory_says_to_transform_fewer_samples(monkeypatch):
    monkeypatch.setattr(_modwpt, "available_memory", lambda: 2**20, raising=False)
    with pytest.raises(ValueError, match=r"`level`=1 .* fewer samples at a time"):
        _modwpt.as_packet_level(1, 2**16, 8)


@pytest.mark.parametrize("text, want", [
    ("MemTotal:       24683784 kB\nMemFree:   22643444 kB\nMemAvailable:   24199452 kB\n",
     24199452 * 1024),
    ("MemTotal:       24683784 kB\nMemFree:   22643444 kB\n", None),   # kernels before 3.14
])
def test_available_memory_reads_memavailable(tmp_path, monkeypatch, text, want):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text(text)
    monkeypatch.setattr(_modwpt, "_MEMINFO", str(meminfo), raising=False)
    monkeypatch.setattr(_modwpt, "_CGROUP_MEMORY", str(tmp_path / "none"), raising=False)
    got = _modwpt.available_memory()
    if want is None:  # the fallback: the OS's free pages, or nothing
        assert got is None or got > 0
    else:
        assert got == want


@pytest.mark.parametrize(("self_line", "folder"), [("0::/", ""), ("0::/user/job", "user")])
def test_available_memory_is_capped_by_the_cgroup_limit(tmp_path, monkeypatch, self_line,
                                                        folder):
    """A cgroup limit of 4 GiB holding 2 GiB, half of it inactive page cache (reclaimable):
    3 GiB left, whichever of the process's cgroup or its parents has the limit."""
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemAvailable:   24199452 kB\n")
    (tmp_path / "self").write_text(f"{self_line}\n")
    group = tmp_path / "fs" / folder
    (tmp_path / "fs" / "user" / "job").mkdir(parents=True)
    (group / "memory.max").write_text(f"{4 * GIB}\n")
    (group / "memory.current").write_text(f"{2 * GIB}\n")
    (group / "memory.stat").write_text(f"anon 1000\ninactive_file {GIB}\nactive_file 5\n")
    monkeypatch.setattr(_modwpt, "_MEMINFO", str(meminfo), raising=False)
    monkeypatch.setattr(_modwpt, "_CGROUP_MEMORY", str(tmp_path / "fs"), raising=False)
    monkeypatch.setattr(_modwpt, "_CGROUP_SELF", str(tmp_path / "self"), raising=False)
    assert _modwpt.available_memory() == 3 * GIB
    (group / "memory.max").write_text("max\n")      # no limit
    assert _modwpt.available_memory() == 24199452 * 1024


def test_available_memory_is_capped_by_a_cgroup_v1_limit(tmp_path, monkeypatch):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemAvailable:   24199452 kB\n")
    (tmp_path / "self").write_text("4:memory:/jobs/one\n1:cpu:/\n0::/\n")
    group = tmp_path / "fs" / "memory" / "jobs"
    group.mkdir(parents=True)
    (group / "memory.limit_in_bytes").write_text(f"{4 * GIB}\n")
    (group / "memory.usage_in_bytes").write_text(f"{2 * GIB}\n")
    (group / "memory.stat").write_text(f"cache 7\ntotal_inactive_file {GIB}\n")
    monkeypatch.setattr(_modwpt, "_MEMINFO", str(meminfo), raising=False)
    monkeypatch.setattr(_modwpt, "_CGROUP_MEMORY", str(tmp_path / "fs"), raising=False)
    monkeypatch.setattr(_modwpt, "_CGROUP_SELF", str(tmp_path / "self"), raising=False)
    assert _modwpt.available_memory() == 3 * GIB


# -- imodwpt checks what modwpt checks ------------------------------------------------------------

def test_imodwpt_refuses_packets_modwpt_would_refuse_for_memory(monkeypatch):
    monkeypatch.setattr(_modwpt, "available_memory", lambda: 2**20, raising=False)  # 1 MiB
    monkeypatch.setattr(_modwpt, "imodwpt_plan", _refuse_to_plan)
    x = np.zeros(1000)
    with pytest.raises(ValueError, match=r"`level`=8 .* at most 6"):
        atrous.modwpt(x, "haar", 8)
    with pytest.raises(ValueError, match=r"`level`=8 .* at most 6"):
        atrous.imodwpt(np.zeros((256, 1000)), "haar")
    monkeypatch.setattr(validate, "physical_memory", lambda: 2**19)  # installed, smaller
    monkeypatch.setattr(_modwpt, "available_memory", lambda: None)
    with pytest.raises(ValueError, match=r"`level`=7 .* at most 6"):
        atrous.imodwpt(np.zeros((128, 1000)), "haar")


@pytest.mark.parametrize(("shape", "axis"), [((1,), -1), ((0,), -1), ((3, 1), -1),
                                             ((1, 5), 0), ((4, 0), 1)])
def test_imodwpt_refuses_signals_modwpt_refuses(shape, axis):
    with pytest.raises(ValueError, match="at least 2") as forward:
        atrous.modwpt(np.ones(shape), "haar", 1, axis=axis)
    with pytest.raises(ValueError, match="at least 2") as inverse:
        atrous.imodwpt(np.ones((2,) + shape), "haar", axis=axis)
    assert "`w`" in str(inverse.value) and "`x`" in str(forward.value)


def test_imodwpt_of_dask_packets_counts_a_block(monkeypatch):
    """Lazy packets are checked as modwpt checks lazy signals: a block must fit."""
    import dask.array as da  # in the test extras

    monkeypatch.setattr(validate, "physical_memory", lambda: 2**20)
    with pytest.raises(ValueError, match=r"`level`=4 .* would need"):
        atrous.imodwpt(da.zeros((16, 2**16), chunks=(16, 2**16)), "haar")
    lazy = atrous.imodwpt(da.zeros((16, 2**16), chunks=(16, 2**10)), "haar")
    assert lazy.shape == (2**16,)


# -- plots: time axes of every kind ---------------------------------------------------------------

def _draw(fig):
    """Render with Agg (what a saved figure does), then release the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    fig.clf()


def _notes(fig):
    return [" ".join(text.get_text() for text in ax.texts) for ax in fig.axes]


@pytest.fixture
def pd():
    import pandas  # the xarray extra, in the test extras

    return pandas


@pytest.fixture
def xr():
    import xarray

    return xarray


def test_tz_aware_times_give_bands_in_real_units(pd, rng):
    """10 ms steps: D1 holds periods of 2 to 4 steps, 20 to 40 ms."""
    zoned = pd.date_range("2021-03-28 01:59:59", periods=256, freq="10ms",
                          tz="Europe/Paris")
    x = rng.standard_normal(256)
    from atrous import xarray as labeled

    for fig in (plot_mra(atrous.mra(x, "db2", level=2), t=zoned),
                plot_mra(labeled.mra(pd.Series(x, index=zoned), "db2", level=2))):
        notes = _notes(fig)
        assert notes[0].startswith("20–40 ms") and notes[1].startswith("40–80 ms")
        assert notes[2].startswith("80–∞ ms")
        # Drawn at the instants, in UTC (across the change to summer time).
        want = zoned.tz_convert("UTC").tz_localize(None).to_numpy()
        np.testing.assert_array_equal(np.asarray(fig.axes[0].lines[0].get_xdata(),
                                                 dtype="datetime64[ns]"), want)
        assert fig.axes[-1].get_xlabel() == "time (UTC)"
        _draw(fig)
    fig = plot_coefficients(labeled.modwt(pd.Series(x, index=zoned), "db2", 2))
    from matplotlib.dates import date2num

    left, right, _, _ = fig.axes[0].images[0].get_extent()
    step = (date2num(want[1]) - date2num(want[0]))
    assert left == pytest.approx(date2num(want[0]) - step / 2)
    assert right == pytest.approx(date2num(want[-1]) + step / 2)
    _draw(fig)


def test_timedelta_times_give_bands_and_the_axis_in_real_units(pd, xr, rng):
    elapsed = pd.timedelta_range(0, periods=256, freq="10ms")
    x = rng.standard_normal(256)
    from atrous import xarray as labeled

    series = xr.DataArray(x, dims="time", coords={"time": elapsed})
    for fig in (plot_mra(atrous.mra(x, "db2", level=2), t=elapsed),
                plot_mra(atrous.mra(x, "db2", level=2), t=elapsed.to_numpy()),
                plot_mra(labeled.mra(series, "db2", level=2))):
        assert _notes(fig)[0].startswith("20–40 ms")
        np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata(), np.arange(256) * 10.0)
        assert fig.axes[-1].get_xlabel() == "time (ms)"
        _draw(fig)
    fig = plot_coefficients(labeled.modwt(series, "db2", 2))
    assert fig.axes[0].images[0].get_extent()[:2] == pytest.approx((-5.0, 2555.0))
    _draw(fig)
    table = labeled.wavelet_variance(labeled.modwt(series, "db2", 3), "db2")
    fig = plot_wavelet_variance(table)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata(), [10.0, 20.0, 40.0])
    assert fig.axes[0].get_xlabel() == "scale (ms)"
    _draw(fig)


def test_decreasing_axes_give_the_bands_of_their_step(pd, rng):
    x = rng.standard_normal(256)
    components = atrous.mra(x, "db2", level=2)
    depth = np.arange(256)[::-1] * 0.5                    # half a unit a sample, downwards
    assert _notes(plot_mra(components, t=depth))[0].startswith("1–2 (time units)")
    dates = pd.date_range("2020-01-01", periods=256, freq="10ms")[::-1]
    fig = plot_mra(components, t=dates)
    assert _notes(fig)[0].startswith("20–40 ms")
    _draw(fig)
    fig = plot_coefficients(atrous.modwt(x, "db2", 2), t=dates.to_numpy())
    _draw(fig)


# -- plots: NaN and the energy shares -------------------------------------------------------------

def _shares(fig):
    return [float(note.split(", ")[1].split(" %")[0]) for note in _notes(fig)]


def test_one_nan_leaves_the_other_shares_and_marks_its_component(rng):
    x = rng.standard_normal(256)
    rows = atrous.modwtmra(atrous.modwt(x, "haar", level=3), "haar")   # D1, D2, D3, S3
    rows[1, 40] = np.nan
    fig = plot_mra(rows)
    finite = np.isfinite(rows).all(axis=0)
    energies = np.sum(rows[:, finite] ** 2, axis=1)
    np.testing.assert_allclose(_shares(fig), 100 * energies / energies.sum(), atol=0.051)
    notes = _notes(fig)
    assert "NaN" in notes[1] and not any("NaN" in notes[k] for k in (0, 2, 3))


def test_a_nan_in_the_signal_gives_shares_over_the_samples_without_nan(rng):
    x = rng.standard_normal(512)
    x[100] = np.nan
    components = atrous.mra(x, "db2", level=3)              # [A3, D3, D2, D1]
    rows = np.array(components[1:][::-1] + [components[0]])
    finite = np.isfinite(rows).all(axis=0)
    assert 0 < finite.sum() < 512
    energies = np.sum(rows[:, finite] ** 2, axis=1)
    fig = plot_mra(components)
    np.testing.assert_allclose(_shares(fig), 100 * energies / energies.sum(), atol=0.051)
    assert all("NaN" in note for note in _notes(fig))


def test_all_nan_components_say_their_share_is_unknown():
    rows = np.full((3, 16), np.nan)
    notes = _notes(plot_mra(rows))
    assert all("energy unknown" in note for note in notes)


# -- plot_mra refuses what is not an MRA -----------------------------------------------------------

def test_plot_mra_refuses_swt_and_modwt_coefficients(rng):
    x = rng.standard_normal(128)
    with pytest.raises(ValueError, match=r"`components` .*atrous\.swt"):
        plot_mra(atrous.swt(x, "db2", level=2))
    # Without the signal a modwt's rows look like modwtmra's; with it, they do not add up.
    with pytest.raises(ValueError, match=r"`components` do not add up to `signal`"):
        plot_mra(atrous.modwt(x, "db2", level=2), signal=x)
    with pytest.raises(ValueError, match=r"`components` do not add up to `signal`"):
        plot_mra(atrous.swt(x, "db2", level=2, trim_approx=True), signal=x)
    float32 = x.astype(np.float32)   # an MRA adds up to its signal to rounding
    plot_mra(atrous.modwtmra(atrous.modwt(float32, "la8", 3), "la8"), signal=float32).clf()


def test_plot_mra_refuses_labels_that_are_not_mra_components(pd, xr, rng):
    from atrous import xarray as labeled

    series = xr.DataArray(rng.standard_normal(128), dims="time")
    with pytest.raises(ValueError, match=r"`components` .*W1.*not .*MRA"):
        plot_mra(labeled.modwt(series, "db2", level=2))
    with pytest.raises(ValueError, match=r"`components` .*W1.*not .*MRA"):
        plot_mra(labeled.modwt(series.to_series(), "db2", level=2))
    odd = xr.DataArray(rng.standard_normal((3, 128)), dims=("level", "time"),
                       coords={"level": ["a", "b", "c"]})
    with pytest.raises(ValueError, match=r"`components`"):
        plot_mra(odd)
    # swt's levels have mra's labels; atrous.xarray records which transform made them.
    with pytest.raises(ValueError, match=r"`components` are atrous\.xarray\.swt's"):
        plot_mra(labeled.swt(series, "db2", level=2))
    with pytest.raises(ValueError, match=r"`components` are atrous\.xarray\.swt's"):
        plot_mra(labeled.swt(series.to_series(), "db2", level=2))
    plot_mra(labeled.mra(series.to_series(), "db2", level=2)).clf()
    gap = labeled.mra(series, "db2", level=3).isel(level=[0, 2, 3])      # D1, D3, A3
    with pytest.raises(ValueError, match=r"`components`"):
        plot_mra(gap)


# -- plot_wavelet_variance: what it takes ---------------------------------------------------------

@pytest.mark.parametrize("wrap", [tuple, lambda r: dict(zip(r._fields, r)),
                                  lambda r: {"variance": r.variance}, list])
def test_plot_wavelet_variance_of_a_plain_container_is_a_type_error(wrap, rng):
    result = atrous.wavelet_variance(atrous.modwt(rng.standard_normal(256), "haar", 3), "haar")
    with pytest.raises(TypeError, match=r"`result` must be what atrous\.wavelet_variance"):
        plot_wavelet_variance(wrap(result))


# -- simulators: seed=True ----------------------------------------------------------------------

@pytest.mark.parametrize("simulate", [atrous.simulate_fgn, atrous.simulate_arfima])
@pytest.mark.parametrize("seed", [True, False, np.True_])
def test_a_boolean_seed_is_refused(simulate, seed):
    with pytest.raises(TypeError, match=r"`seed` .*boolean"):
        simulate(8, 0.25, seed=seed)


# -- level_bands with a tiny sampling rate --------------------------------------------------------

def test_level_bands_of_a_tiny_rate_are_exact_where_float64_holds_them():
    bands = atrous.level_bands(3, fs=1e-300)
    j = np.arange(1, 4)
    np.testing.assert_array_equal(bands.high, [1e-300 / 2.0**k for k in j])
    np.testing.assert_allclose(bands.longest_period, [2.0 ** (k + 1) / 1e-300 for k in j],
                               rtol=1e-15)
    np.testing.assert_allclose(bands.scale, [2.0 ** (k - 1) / 1e-300 for k in j], rtol=1e-15)
    for values in (bands.low, bands.high, bands.shortest_period, bands.longest_period,
                   bands.scale):
        assert np.all(np.isfinite(values)) and np.all(values > 0)


@pytest.mark.parametrize(("level", "fs"), [(64, 1e-300), (3, 5e-324), (1, 5e-324),
                                           (60, 1e-290), (64, 1e300)])
def test_level_bands_a_rate_float64_cannot_hold_is_refused_naming_fs(level, fs):
    """No overflow warning, no inf, no band edge rounded to 0: a ValueError naming `fs`
    (1e300 Hz: the shortest period of level 64, 2**64 / 1e300 s, is still a float64)."""
    if fs == 1e300:
        bands = atrous.level_bands(level, fs)
        assert np.all(np.isfinite(bands.longest_period)) and np.all(bands.low > 0)
        return
    with pytest.raises(ValueError, match=r"`fs`=.* too small .*`level`"):
        atrous.level_bands(level, fs)


def test_packet_bands_of_a_rate_too_small_is_refused_naming_fs():
    with pytest.raises(ValueError, match=r"`fs`=.* too small"):
        atrous.packet_bands(2, fs=5e-324)
    bands = atrous.packet_bands(2, fs=1e-300)
    assert bands.high[0] == 1e-300 / 8 and math.isfinite(bands.high[-1])


def test_huge_components_keep_their_shares_without_overflow():
    """Energies of 1e200 overflow when squared; the shares are ratios and need not."""
    rows = np.vstack([np.full(64, 3e200), np.full(64, 4e200)])
    shares = _shares(plot_mra(rows))
    np.testing.assert_allclose(shares, [36.0, 64.0])                 # 9 : 16


def test_plot_mra_of_a_rate_whose_time_axis_overflows_names_fs(rng):
    components = atrous.mra(rng.standard_normal(64), "haar", level=1)
    with pytest.raises(ValueError, match=r"`fs`=1e-320 is too small"):
        plot_mra(components, fs=1e-320)
