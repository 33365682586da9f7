"""Hostile input to the wavelet packets, the figures, level_bands and the simulators: the
packet guard refuses before allocating (its reader and budget are tested in
test_hostile_guards.py), imodwpt checks what modwpt checks, time axes of every kind give
bands in real units, NaN leaves the energy shares readable, labeled results are read by
label on any index, and what is not an MRA, coefficients, a statistic, a seed or a usable
sampling rate is refused naming the argument."""

import math

import numpy as np
import pytest

import atrous
from atrous import _modwpt
from atrous import _validation as validate
from atrous.plot import plot_coefficients, plot_mra, plot_wavelet_variance

# -- packets: the memory guard ------------------------------------------------------------------

def _refuse_to_plan(*args, **kwargs):
    raise AssertionError("the transform was planned (its output about to be allocated)")


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


# -- imodwpt checks what modwpt checks ------------------------------------------------------------

@pytest.mark.parametrize(("shape", "axis"), [((1,), -1), ((0,), -1), ((3, 1), -1),
                                             ((1, 5), 0), ((4, 0), 1)])
def test_imodwpt_refuses_signals_modwpt_refuses(shape, axis):
    with pytest.raises(ValueError, match="at least 2") as forward:
        atrous.modwpt(np.ones(shape), "haar", 1, axis=axis)
    with pytest.raises(ValueError, match="at least 2") as inverse:
        atrous.imodwpt(np.ones((2,) + shape), "haar", axis=axis)
    assert "`w`" in str(inverse.value) and "`x`" in str(forward.value)


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
        assert notes[0].startswith("20.0–40.0 ms, ") and notes[1].startswith("40.0–80.0 ms, ")
        assert notes[2].startswith("> 80.0 ms, ")
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
        assert _notes(fig)[0].startswith("20.0–40.0 ms, ")
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
    assert _notes(plot_mra(components, t=depth))[0].startswith("1.00–2.00 (time units), ")
    dates = pd.date_range("2020-01-01", periods=256, freq="10ms")[::-1]
    fig = plot_mra(components, t=dates)
    assert _notes(fig)[0].startswith("20.0–40.0 ms, ")
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


# -- plots read levels by label, whatever their order ---------------------------------------------

def _lines(fig):
    """Every line drawn: (x, y) of each, per axes, with the axes' y label."""
    return [(ax.get_ylabel(), [(np.asarray(line.get_xdata(), dtype=float),
                                np.asarray(line.get_ydata(), dtype=float))
                               for line in ax.get_lines()]) for ax in fig.axes]


def _assert_same_lines(got, want):
    assert [label for label, _ in got] == [label for label, _ in want]
    for (_, got_lines), (_, want_lines) in zip(got, want):
        assert len(got_lines) == len(want_lines)
        for (gx, gy), (wx, wy) in zip(got_lines, want_lines):
            np.testing.assert_array_equal(gx, wx)
            np.testing.assert_array_equal(gy, wy)


def test_plot_wavelet_variance_reads_levels_by_label(pd, xr, rng):
    """A sorted (V4 first), shuffled or sorted-DataFrame table draws what the table in the
    transform's order draws: the details W1 ... W4 against scales 1, 2, 4, 8."""
    from atrous import xarray as labeled

    series = xr.DataArray(rng.standard_normal(512), dims="t")
    table = labeled.wavelet_variance(labeled.modwt(series, "db2", 4), "db2")
    want = plot_wavelet_variance(table)
    _, ((x, y),) = _lines(want)[0]
    np.testing.assert_array_equal(x, [1.0, 2.0, 4.0, 8.0])
    np.testing.assert_array_equal(y, table.variance.sel(level=["W1", "W2", "W3", "W4"]))
    frame = labeled.wavelet_variance(labeled.modwt(series.to_series(), "db2", 4), "db2")
    for reordered in (table.sortby("level"), table.isel(level=[4, 2, 0, 3, 1]),
                      frame.sort_index(), frame.iloc[::-1]):
        fig = plot_wavelet_variance(reordered)
        _assert_same_lines(_lines(fig), _lines(want))
        np.testing.assert_array_equal(fig.axes[0].collections[0].get_paths()[0].vertices,
                                      want.axes[0].collections[0].get_paths()[0].vertices)
        _draw(fig)
    _draw(want)


def _image(fig):
    ax = fig.axes[0]
    return ([np.ma.filled(image.get_array().astype(float), np.nan) for image in ax.images],
            [tick.get_text() for tick in ax.get_yticklabels()], ax.images[0].get_extent())


@pytest.mark.parametrize("transform", ["modwt", "swt"])
def test_plot_coefficients_reads_levels_by_label(pd, xr, rng, transform):
    """Sorted (V4 or A4 first) or shuffled levels, as a DataArray or a DataFrame, draw the
    image of the transform's order: the same rows, shading and ticks."""
    from atrous import xarray as labeled

    forward = getattr(labeled, transform)
    series = xr.DataArray(rng.standard_normal(256), dims="t")
    w = forward(series, "db2", 4)
    want = _image(plot_coefficients(w, "db2"))
    # Row j - 1 is level j's details (the labels' values), whatever the order given.
    details = [f"{'W' if transform == 'modwt' else 'D'}{j}" for j in range(1, 5)]
    np.testing.assert_array_equal(want[0][0], w.sel(level=details).values)
    frame = forward(series.to_series(), "db2", 4)
    for reordered in (w.sortby("level"), w.isel(level=[4, 2, 0, 3, 1]),
                      frame[sorted(frame.columns)], frame[frame.columns[::-1]]):
        got = _image(plot_coefficients(reordered, "db2"))
        assert len(got[0]) == len(want[0]) == 2              # the rows and the shading
        for got_rows, want_rows in zip(got[0], want[0]):
            np.testing.assert_array_equal(got_rows, want_rows)
        assert got[1:] == want[1:]


def test_plot_mra_reads_levels_by_label(pd, xr, rng):
    from atrous import xarray as labeled

    series = xr.DataArray(rng.standard_normal(256), dims="t")
    components = labeled.mra(series, "db2", 3)
    want = plot_mra(components)
    assert [label for label, _ in _lines(want)] == ["D1", "D2", "D3", "A3"]
    np.testing.assert_array_equal(_lines(want)[3][1][0][1], components.sel(level="A3"))
    frame = labeled.modwtmra(labeled.modwt(series.to_series(), "db2", 3), "db2")
    want_frame = plot_mra(frame)
    for reordered, reference in ((components.sortby("level"), want),
                                 (components.isel(level=[2, 0, 3, 1]), want),
                                 (frame[sorted(frame.columns)], want_frame),
                                 (frame[frame.columns[::-1]], want_frame)):
        fig = plot_mra(reordered, signal=series.values)
        _assert_same_lines(_lines(fig)[1:], _lines(reference))
        assert _notes(fig)[1:] == _notes(reference)
        _draw(fig)


# -- plots of labeled results on Period, string and cftime indexes --------------------------------

def _indexes(pd, xr):
    months = pd.period_range("2000-01", periods=256, freq="M")
    noleap = xr.date_range("2000-01-01", periods=256, freq="D", calendar="noleap",
                           use_cftime=True)
    standard = xr.date_range("2000-01-01", periods=256, freq="MS", calendar="standard",
                             use_cftime=True)
    names = pd.Index([f"site {k}" for k in range(256)])
    day = np.timedelta64(1, "D")
    return {
        # (index, the x values drawn, the x label, the start of D1's band note)
        # (monthly: a mean step of 7761 / 255 = 30.44 days, D1 two to four of them)
        "period": (months, months.to_timestamp().to_numpy(), "time", "60.9–122 days, "),
        "cftime-standard": (standard, pd.date_range("2000-01-01", periods=256, freq="MS")
                            .to_numpy(), "time", "60.9–122 days, "),
        "cftime-noleap": (noleap, np.arange(256) * (day / day), "time (days since "
                          "2000-01-01 00:00:00, noleap calendar)", "2.00–4.00 days, "),
        "strings": (names, np.arange(256), "sample", "2–4 samples, "),
    }


@pytest.mark.parametrize("kind", ["period", "cftime-standard", "cftime-noleap", "strings"])
def test_labeled_results_on_any_index_draw(pd, xr, rng, kind):
    """The index atrous.xarray accepts is the x axis: Periods and standard-calendar cftime
    dates at their instants, other calendars' dates as days since the first, labels (no
    time) as positions; never an error about a `t` the user did not pass."""
    from matplotlib.dates import date2num

    from atrous import xarray as labeled

    index, want_x, want_label, band = _indexes(pd, xr)[kind]
    x = rng.standard_normal(256)
    data = (pd.Series(x, index=index) if kind in ("period", "strings")
            else xr.DataArray(x, dims="t", coords={"t": index}))
    fig = plot_mra(labeled.mra(data, "db2", 3))
    drawn = fig.axes[0].lines[0].get_xdata()
    if want_x.dtype.kind == "M":
        np.testing.assert_array_equal(np.asarray(drawn, dtype="datetime64[ns]"),
                                      want_x.astype("datetime64[ns]"))
        positions = date2num(want_x)
    else:
        np.testing.assert_allclose(np.asarray(drawn, dtype=float), want_x)
        positions = want_x
    assert fig.axes[-1].get_xlabel() == want_label
    assert _notes(fig)[0].startswith(band)           # monthly: periods of 2 to 4 months
    _draw(fig)
    fig = plot_coefficients(labeled.modwt(data, "db2", 3), "db2")
    left, right, _, _ = fig.axes[0].images[0].get_extent()
    step = positions[1] - positions[0]
    assert left == pytest.approx(positions[0] - step / 2)
    assert right == pytest.approx(positions[-1] + step / 2)
    _draw(fig)


def test_plot_logscale_diagram_of_the_pandas_estimate_says_what_to_pass(pd, xr, rng):
    from atrous import xarray as labeled
    from atrous.plot import plot_logscale_diagram

    series = pd.Series(rng.standard_normal(1024))
    estimate = labeled.hurst_exponent(series, "haar")
    with pytest.raises(TypeError, match=r"`result` .*estimate.*to_xarray\(\)"):
        plot_logscale_diagram(estimate)
    # What the message advises draws, with the same fit.
    advised = labeled.hurst_exponent(series.to_xarray(), "haar")
    fig = plot_logscale_diagram(advised)
    assert fig.axes[0].get_legend().get_texts()[0].get_text().startswith(
        f"fit: H = {estimate['estimate']:.3f}")
    _draw(fig)
    with pytest.raises(TypeError, match=r"`result` .*estimate"):
        plot_logscale_diagram(labeled.hurst_exponent(pd.DataFrame({"a": series}), "haar"))


@pytest.mark.parametrize("plot, forward", [(plot_mra, "mra"), (plot_coefficients, "modwt")])
def test_a_dataframe_of_several_series_is_drawn_one_series_at_a_time(pd, rng, plot, forward):
    from atrous import xarray as labeled

    frame = pd.DataFrame({"a": rng.standard_normal(128), "b": rng.standard_normal(128)})
    result = getattr(labeled, forward)(frame, "db2", 2)
    with pytest.raises(ValueError, match=r"one series at a time.*\['a', 'b'\]"):
        plot(result)
    plot(result["b"]).clf()                               # what the message advises


# -- plots: what a result is -----------------------------------------------------------------------

def test_a_wavelet_correlation_is_labelled_so_on_a_linear_axis(xr, rng):
    """Positive correlations (Fisher-z intervals, NaN where too few coefficients) are not
    drawn as a covariance on a log axis; a covariance keeps its name."""
    from atrous import xarray as labeled

    slow = np.repeat(rng.standard_normal(32), 16)
    x, y = slow + rng.standard_normal(512), slow + rng.standard_normal(512)
    wx, wy = atrous.modwt(x, "haar", 7), atrous.modwt(y, "haar", 7)
    correlation = atrous.wavelet_correlation(wx, wy, "haar")
    # the type says it (a WaveletCovariance still, for code that checks that)
    from atrous._wstats import WaveletCorrelation, WaveletCovariance
    assert isinstance(correlation, WaveletCorrelation)
    assert isinstance(correlation, WaveletCovariance)
    assert repr(correlation).startswith("WaveletCorrelation(")
    # V7: 385 interior coefficients, 1.5 independent ones, too few for an interval.
    assert np.all(correlation.estimate > 0) and np.isnan(correlation.lower[7])
    assert np.isfinite(correlation.lower[:7]).all()
    covariance = atrous.wavelet_covariance(wx, wy, "haar")
    # Three levels: every interval there, the Fisher-z skew tells the correlation.
    shallow = atrous.wavelet_correlation(atrous.modwt(x, "haar", 3),
                                         atrous.modwt(y, "haar", 3), "haar")
    assert np.isfinite(shallow.lower).all()
    wx_, wy_ = (labeled.modwt(xr.DataArray(v, dims="t"), "haar", 7) for v in (x, y))
    for result, name in ((correlation, "wavelet correlation"),
                         (shallow, "wavelet correlation"),
                         (labeled.wavelet_correlation(wx_, wy_, "haar"), "wavelet correlation"),
                         (covariance, "wavelet covariance")):
        fig = plot_wavelet_variance(result)
        assert fig.axes[0].get_ylabel() == name
        assert fig.axes[0].get_yscale() == "linear"
        estimate = result[0] if isinstance(result, tuple) else result["correlation"]
        details = len(estimate) - 1
        np.testing.assert_array_equal(fig.axes[0].lines[0].get_ydata(),
                                      np.asarray(estimate)[:details])
        _draw(fig)


@pytest.mark.parametrize("forward", ["mra", "modwtmra", "modwtmra-unrecorded"])
@pytest.mark.parametrize("as_pandas", [False, True])
def test_plot_coefficients_refuses_mra_components(pd, xr, rng, forward, as_pandas):
    from atrous import xarray as labeled

    series = xr.DataArray(rng.standard_normal(128), dims="t")
    series = series.to_series() if as_pandas else series
    if forward == "mra":
        components = labeled.mra(series, "db2", 2)
    else:
        components = labeled.modwtmra(labeled.modwt(series, "db2", 2), "db2")
    if forward.endswith("unrecorded"):     # D1, D2, S2: modwtmra's labels, no record left
        if as_pandas:
            components = components.copy()
            components.attrs = {}
        else:
            components = components.assign_coords(level=components.level.values)
    with pytest.raises(ValueError, match=r"`coeffs` .*MRA.*plot_mra"):
        plot_coefficients(components)


def test_the_plots_read_a_datasets_variables_by_their_own_record(xr):
    """A Dataset of an swt and an mra shares one level coordinate; each variable keeps its
    own record of the transform (as atrous.xarray's inverses read it), so its mra is drawn
    and its swt refused."""
    from atrous import xarray as labeled

    x = xr.DataArray(np.sin(np.arange(128) / 5.0), dims="t")
    both = xr.Dataset({"swt": labeled.swt(x, "haar", 2), "mra": labeled.mra(x, "haar", 2)})
    fig = plot_mra(both["mra"])
    assert len(fig.axes) == 3
    with pytest.raises(ValueError, match="atrous.xarray.swt's coefficients"):
        plot_mra(both["swt"])
