"""atrous.xarray: labeled in, labeled out, values equal to the NumPy functions'."""

import subprocess
import sys

import dask.array as da
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import atrous
from atrous import xarray as ax


@pytest.fixture
def stations(rng):
    """Two stations' series sampled every half second, with attributes."""
    return xr.DataArray(rng.standard_normal((2, 256)).cumsum(axis=1), dims=("station", "t"),
                        coords={"station": ["north", "south"], "t": np.arange(256) * 0.5},
                        attrs={"units": "K"}, name="temperature")


def test_mra_keeps_coordinates_names_attrs_and_equals_the_numpy_components(stations):
    got = ax.mra(stations, "sym4", level=3, dim="t", mode="symmetric")
    want = atrous.mra(stations.values, "sym4", level=3, axis=1, mode="symmetric")
    assert list(got.level.values) == ["D1", "D2", "D3", "A3"]
    for label, component in zip(["A3", "D3", "D2", "D1"], want):
        np.testing.assert_array_equal(got.sel(level=label).transpose("station", "t"),
                                      component)
    assert got.name == "temperature" and got.attrs == {"units": "K"}
    assert list(got.station.values) == ["north", "south"]
    np.testing.assert_array_equal(got.t, stations.t)
    # Level j: scale 2**(j-1) samples, periods 2**j to 2**(j+1) samples, times 0.5 s.
    np.testing.assert_allclose(got.scale, [0.5, 1.0, 2.0, 2.0])
    np.testing.assert_allclose(got.period_low, [1.0, 2.0, 4.0, 8.0])
    np.testing.assert_allclose(got.period_high[:3], [2.0, 4.0, 8.0])
    assert np.isinf(got.period_high[3])
    np.testing.assert_allclose(ax.imra(got).transpose("station", "t"), stations, atol=1e-12)


def test_a_datetime_coordinate_gives_timedelta_scales(rng):
    days = pd.date_range("2001-01-01", periods=128, freq="D")
    x = xr.DataArray(rng.standard_normal(128), dims="time", coords={"time": days})
    w = ax.modwt(x, "haar", level=3)
    assert list(w.level.values) == ["W1", "W2", "W3", "V3"]
    assert w.scale.dtype.kind == "m"
    assert list(w.scale.values[:3]) == [np.timedelta64(d, "D") for d in (1, 2, 4)]
    assert np.isnat(w.period_high.values[3])
    np.testing.assert_array_equal(w.transpose("level", "time"), atrous.modwt(x.values, "haar", 3))


def test_an_unevenly_spaced_coordinate_is_refused_with_its_name(rng):
    t = np.cumsum(rng.uniform(0.5, 1.5, 64))
    x = xr.DataArray(rng.standard_normal(64), dims="t", coords={"t": t})
    with pytest.raises(ValueError, match="the `t` coordinate is not equally spaced"):
        ax.mra(x, "haar", level=2)
    with pytest.raises(ValueError, match="`dim`='time' is not a dimension"):
        ax.mra(x, "haar", level=2, dim="time")


def test_a_dask_backed_dataarray_stays_lazy_and_computes_to_the_numpy_result(stations):
    lazy = stations.chunk({"t": 64, "station": 1})
    got = ax.mra(lazy, "db2", level=2, dim="t")
    assert isinstance(got.data, da.Array)
    assert got.chunksizes["station"] == (1, 1)  # the other dims' chunks are kept
    want = ax.mra(stations, "db2", level=2, dim="t")
    xr.testing.assert_allclose(got.compute(), want, atol=1e-12)


def test_pandas_series_in_gives_pandas_out_with_the_same_index(rng):
    index = pd.date_range("2020-01-01", periods=100, freq="h")
    series = pd.Series(rng.standard_normal(100), index=index, name="load")
    frame = ax.mra(series, "db3", level=3)
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.equals(index) and list(frame.columns) == ["D1", "D2", "D3", "A3"]
    # The labeled default is mirrored edges, the NumPy function's periodization.
    want = atrous.mra(series.to_numpy(), "db3", level=3, mode="symmetric")
    np.testing.assert_array_equal(frame["D1"], want[-1])
    back = ax.imra(frame)
    assert back.index.equals(index)
    np.testing.assert_allclose(back, series, atol=1e-12)
    w = ax.modwt(series, "haar", level=2)
    restored = ax.imodwt(w, "haar")
    assert isinstance(restored, pd.Series) and restored.index.equals(index)
    np.testing.assert_allclose(restored, series, atol=1e-12)


def test_modwt_round_trip_mra_and_variance_on_dataarrays(stations):
    w = ax.modwt(stations, "sym4", level=4, dim="t")
    xr.testing.assert_allclose(ax.imodwt(w, "sym4", dim="t").transpose(*stations.dims),
                               stations, atol=1e-10)
    parts = ax.modwtmra(w, "sym4", dim="t")
    assert list(parts.level.values) == ["D1", "D2", "D3", "D4", "S4"]
    np.testing.assert_allclose(parts.sum("level").transpose(*stations.dims), stations,
                               atol=1e-10)
    result = ax.wavelet_variance(w, "sym4", dim="t")
    want = atrous.wavelet_variance(w.transpose("level", "station", "t").values, "sym4")
    np.testing.assert_array_equal(result.variance, want.variance)
    np.testing.assert_array_equal(result.lower, want.lower)
    assert list(result.station.values) == ["north", "south"]
    np.testing.assert_allclose(result.scale[:4], [0.5, 1, 2, 4])


def test_import_atrous_imports_neither_xarray_nor_pandas():
    code = ("import sys, atrous; "
            "print('xarray' in sys.modules, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "False"]


def test_other_inputs_are_refused_with_what_to_use():
    with pytest.raises(TypeError, match="DataArray or Dataset.*atrous take NumPy arrays"):
        ax.mra(np.arange(8.0), "haar", level=1)


def test_swt_and_its_inverse_with_labels(stations):
    coeffs = ax.swt(stations, "db2", level=3, dim="t", mode="symmetric")
    want = atrous.swt(stations.values, "db2", level=3, axis=1, mode="symmetric",
                      trim_approx=True)
    for label, c in zip(["A3", "D3", "D2", "D1"], want):
        np.testing.assert_array_equal(coeffs.sel(level=label).transpose("station", "t"), c)
    back = ax.iswt(coeffs, "db2", dim="t", mode="symmetric")
    xr.testing.assert_allclose(back.transpose(*stations.dims), stations, atol=1e-9)
    assert back.attrs == {"units": "K"}


def test_denoise_and_correlate1d_keep_the_labels(stations):
    denoised = ax.denoise(stations, "sym4", level=3, dim="t")
    # each station on its own (its own noise level), as atrous.denoise's channel_axis does
    np.testing.assert_array_equal(denoised, atrous.denoise(stations.values, "sym4", level=3,
                                                           axes=[1], channel_axis=0))
    assert denoised.dims == stations.dims and denoised.attrs == {"units": "K"}
    filtered = ax.correlate1d(stations, [1.0, -1.0], dilation=4, dim="t")
    np.testing.assert_array_equal(filtered, atrous.correlate1d(stations.values, [1.0, -1.0],
                                                               dilation=4, axis=1))


def test_a_dataset_maps_over_its_variables_that_have_the_dim(stations):
    data = xr.Dataset({"temperature": stations, "height": ("station", [10.0, 250.0])},
                      attrs={"source": "test"})
    out = ax.mra(data, "haar", level=2, dim="t")
    assert set(out.data_vars) == {"temperature", "height"}
    assert "level" in out.temperature.dims and "level" not in out.height.dims
    xr.testing.assert_equal(out.temperature, ax.mra(stations, "haar", level=2, dim="t"))
    assert out.attrs == {"source": "test"}


def test_a_dataframe_gives_a_column_per_series_and_level(rng):
    index = pd.date_range("2021-01-01", periods=64, freq="D")
    frame = pd.DataFrame(rng.standard_normal((64, 2)), index=index, columns=["a", "b"])
    out = ax.mra(frame, "haar", level=2)
    assert out.index.equals(index)
    assert list(out.columns) == [(c, lv) for c in ("a", "b") for lv in ("D1", "D2", "A2")]
    np.testing.assert_array_equal(out[("b", "D1")], atrous.mra(frame["b"].to_numpy(), "haar",
                                                              level=2, mode="symmetric")[-1])
    denoised = ax.denoise(frame, "haar", level=2)
    assert isinstance(denoised, pd.DataFrame) and denoised.columns.equals(frame.columns)


def test_monthly_dates_are_a_calendar_frequency_with_their_mean_step(rng):
    months = pd.date_range("1950-01-01", periods=240, freq="MS")
    x = xr.DataArray(rng.standard_normal(240), dims="time", coords={"time": months})
    w = ax.modwt(x, "la8", level=3)
    mean_step = (months[-1] - months[0]) / 239
    assert w.scale.dtype.kind == "m"
    np.testing.assert_array_equal(w.scale.values[:3],
                                  [np.timedelta64(mean_step * 2**k) for k in range(3)])
    for freq in ("ME", "QS-JAN", "YS"):  # month ends, quarters and years are calendar steps
        dates = pd.date_range("1950-01-01", periods=64, freq=freq)
        assert ax.modwt(xr.DataArray(rng.standard_normal(64), dims="time",
                                     coords={"time": dates}), "haar", 2).scale.dtype.kind == "m"
    gaps = months.delete([10, 11])  # no longer a frequency: refused, naming the dim
    with pytest.raises(ValueError, match="`time` coordinate is not equally spaced"):
        ax.modwt(xr.DataArray(rng.standard_normal(238), dims="time",
                              coords={"time": gaps}), "haar", level=2)


def test_the_inverses_use_the_dim_the_forward_function_transformed(stations):
    # The level coordinate records it: no `dim=` needed, whatever the dims' order.
    w = ax.modwt(stations.transpose("t", "station"), "db2", level=3, dim="t")
    xr.testing.assert_allclose(ax.imodwt(w, "db2").transpose(*stations.dims), stations,
                               atol=1e-10)
    with pytest.raises(ValueError, match="`dim`='depth' is not a dimension"):
        ax.imodwt(w, "db2", dim="depth")
    with pytest.raises(TypeError, match="with a `level` dimension"):
        ax.imodwt(stations, "db2")


def test_a_dataframes_transforms_invert_and_give_tables(rng):
    frame = pd.DataFrame(rng.standard_normal((128, 2)), columns=pd.Index(["a", "b"],
                                                                          name="sensor"))
    w = ax.modwt(frame, "haar", level=3)
    restored = ax.imodwt(w, "haar")
    assert isinstance(restored, pd.DataFrame) and restored.columns.equals(frame.columns)
    np.testing.assert_allclose(restored, frame, atol=1e-12)
    parts = ax.modwtmra(w, "haar")
    np.testing.assert_allclose(ax.imra(parts), frame, atol=1e-12)
    np.testing.assert_allclose(parts[("a", "D2")], atrous.modwtmra(
        atrous.modwt(frame["a"].to_numpy(), "haar", 3), "haar")[1], atol=1e-12)
    table = ax.wavelet_variance(w, "haar")
    want = atrous.wavelet_variance(atrous.modwt(frame["b"].to_numpy(), "haar", 3), "haar")
    np.testing.assert_allclose(table.xs("b", level="sensor")["variance"], want.variance)
    np.testing.assert_allclose(table.xs("b", level="sensor")["scale"], [1, 2, 4, 4])


def test_a_series_gives_a_variance_table_with_scales_in_its_units(rng):
    days = pd.date_range("2020-01-01", periods=512, freq="D")
    series = pd.Series(rng.standard_normal(512).cumsum(), index=days)
    table = ax.wavelet_variance(ax.modwt(series, "la8", level=4), "la8", ci="gaussian",
                                unbiased=False)
    want = atrous.wavelet_variance(atrous.modwt(series.to_numpy(), "la8", 4), "la8",
                                   ci="gaussian", unbiased=False)
    assert list(table.index) == ["W1", "W2", "W3", "W4", "V4"]
    np.testing.assert_allclose(table[["variance", "lower", "upper"]].T, want)
    assert table["scale"].iloc[2] == pd.Timedelta(days=4)


def test_wavelet_covariance_and_correlation_are_the_numpy_ones_with_labels(stations, rng):
    other = stations + xr.DataArray(rng.standard_normal(stations.shape), dims=stations.dims)
    wx = ax.modwt(stations, "sym4", level=3, dim="t")
    wy = ax.modwt(other.transpose("t", "station"), "sym4", level=3, dim="t")
    numpy_x = atrous.modwt(stations.values, "sym4", 3, axis=1)
    numpy_y = atrous.modwt(other.values, "sym4", 3, axis=1)
    for labeled, plain, field in ((ax.wavelet_covariance, atrous.wavelet_covariance,
                                   "covariance"),
                                  (ax.wavelet_correlation, atrous.wavelet_correlation,
                                   "correlation")):
        got = labeled(wx, wy, "sym4")
        want = plain(numpy_x, numpy_y, "sym4", axis=1)
        assert got[field].dims == ("level", "station")
        np.testing.assert_allclose(got[field], want.estimate, rtol=1e-12)
        np.testing.assert_allclose(got.upper, want.upper, rtol=1e-12)
        np.testing.assert_allclose(got.scale[:3], [0.5, 1.0, 2.0])
    with pytest.raises(ValueError, match="same levels"):
        ax.wavelet_covariance(wx, ax.modwt(stations, "sym4", level=2, dim="t"), "sym4")


def test_swtn_gives_a_dataset_of_subbands_and_inverts(rng):
    image = xr.DataArray(rng.random((3, 40, 36)), dims=("band", "y", "x"),
                         coords={"band": ["r", "g", "b"], "y": np.arange(40) * 2.0,
                                 "x": np.arange(36) * 2.0}, attrs={"units": "counts"})
    coeffs = ax.swtn(image, "db2", level=2, dims=("y", "x"), mode="symmetric")
    want = atrous.swtn(image.values, "db2", 2, axes=(1, 2), trim_approx=True, mode="symmetric")
    np.testing.assert_array_equal(coeffs["aa"], want[0])
    np.testing.assert_array_equal(coeffs["da"].sel(level="D2"), want[1]["da"])
    np.testing.assert_array_equal(coeffs["dd"].sel(level="D1"), want[2]["dd"])
    np.testing.assert_allclose(coeffs["ad"].scale, [2.0, 4.0])  # the shared 2.0 step
    assert coeffs.attrs == {"units": "counts"} and list(coeffs.band.values) == ["r", "g", "b"]
    back = ax.iswtn(coeffs, "db2", mode="symmetric")
    xr.testing.assert_allclose(back, image, atol=1e-12)
    lazy = ax.swtn(image.chunk({"band": 1, "y": 20}), "db2", level=2, dims=("y", "x"),
                   mode="symmetric")
    assert isinstance(lazy["dd"].data, da.Array)
    xr.testing.assert_allclose(lazy.compute(), coeffs, atol=1e-12)
    with pytest.raises(ValueError, match="`dims` has 'z'"):
        ax.swtn(image, "db2", level=1, dims=("y", "z"))
    with pytest.raises(TypeError, match="must be an xarray.DataArray for swtn"):
        ax.swtn(image.values, "db2", level=1)


def test_starlet_and_its_inverse_on_images_and_series(rng):
    image = xr.DataArray(rng.random((48, 40)), dims=("y", "x"), attrs={"units": "Jy"})
    scales = ax.starlet(image, level=3, generation=2)
    np.testing.assert_array_equal(scales.transpose("level", "y", "x"),
                                  atrous.starlet(image.values, 3, 2))
    assert list(scales.level.values) == ["W1", "W2", "W3", "C3"]
    xr.testing.assert_allclose(ax.istarlet(scales, generation=2), image, atol=1e-12)
    assert ax.istarlet(scales, generation=2).attrs == {"units": "Jy"}
    rows = ax.starlet(image, level=2, dims="x")  # each row of the image a series
    np.testing.assert_array_equal(rows.sel(level="W1"), atrous.starlet(image.values, 2,
                                                                       axes=[1])[0])
    series = pd.Series(rng.standard_normal(100), index=pd.RangeIndex(100, name="k"))
    table = ax.starlet(series, level=2)
    assert list(table.columns) == ["W1", "W2", "C2"] and table.index.name == "k"
    np.testing.assert_allclose(ax.istarlet(table), series, atol=1e-12)


def test_the_inverses_map_over_a_datasets_coefficients(stations):
    data = xr.Dataset({"temperature": stations, "height": ("station", [10.0, 250.0])})
    for forward, inverse in ((lambda d: ax.swt(d, "db2", level=2, dim="t"),
                              lambda c: ax.iswt(c, "db2")),
                             (lambda d: ax.modwt(d, "db2", level=2, dim="t"),
                              lambda c: ax.imodwt(c, "db2")),
                             (lambda d: ax.mra(d, "db2", level=2, dim="t"), ax.imra)):
        back = inverse(forward(data))
        xr.testing.assert_allclose(back.temperature.transpose(*stations.dims), stations,
                                   atol=1e-10)
        xr.testing.assert_equal(back.height, data.height)


def test_a_reflected_transform_continues_the_coordinate_and_the_inverses_cut_it_back(rng):
    quarters = pd.date_range("1950-01-01", periods=100, freq="QS-JAN")
    x = xr.DataArray(rng.standard_normal(100), dims="time", coords={"time": quarters},
                     attrs={"units": "degC"})
    w = ax.modwt(x, "la8", level=3, boundary="reflection")
    assert w.sizes["time"] == 200
    np.testing.assert_array_equal(w.time.values[:100], quarters.values)
    assert (np.diff(w.time.values[99:]) > np.timedelta64(0)).all()
    np.testing.assert_array_equal(w.transpose("level", "time"),
                                  atrous.modwt(x.values, "la8", 3, boundary="reflection"))
    for back in (ax.imodwt(w, "la8", boundary="reflection"),
                 ax.imra(ax.modwtmra(w, "la8", boundary="reflection"))):
        xr.testing.assert_allclose(back, x, atol=1e-10)
        assert back.attrs == {"units": "degC"}
    series = x.to_series()
    restored = ax.imodwt(ax.modwt(series, "la8", level=3, boundary="reflection"), "la8",
                         boundary="reflection")
    assert restored.index.equals(series.index)
    np.testing.assert_allclose(restored, series, atol=1e-10)


def test_long_memory_estimates_per_series_with_labels(rng):
    days = pd.date_range("2000-01-01", periods=4096, freq="D")
    values = atrous.simulate_fgn(4096, 0.75, size=3, seed=8)
    flows = xr.DataArray(values.T, dims=("time", "station"),
                         coords={"time": days, "station": ["a", "b", "c"]},
                         attrs={"units": "m3/s"})
    result = ax.hurst_exponent(flows, dim="time", levels=(3, 9))
    want = atrous.hurst_exponent(values, levels=(3, 9))
    assert result.estimate.dims == ("station",) and result.attrs == {"units": "m3/s"}
    assert list(result.station.values) == ["a", "b", "c"]
    for field in ("estimate", "stderr", "low", "high"):
        np.testing.assert_array_equal(result[field], getattr(want, field))
    d = ax.fractional_d_mle(flows.to_pandas(), ci=0.9)   # a DataFrame: a row per column
    want = atrous.fractional_d_mle(values, ci=0.9)
    assert list(d.index) == ["a", "b", "c"]
    np.testing.assert_array_equal(d["high"], want.high)
    single = ax.hurst_exponent(flows.sel(station="b").to_series(), process="fgn")
    assert single["estimate"] == float(atrous.hurst_exponent(values[1]).estimate)
    with pytest.raises(TypeError, match="one variable at a time"):
        ax.hurst_exponent(flows.to_dataset(name="flow"), dim="time")
    with pytest.raises(ValueError, match="`time` coordinate is not equally spaced"):
        ax.hurst_exponent(flows.isel(time=[0, 1, 3, *range(5, 4096)]), dim="time")


def test_coordinates_of_every_kind_give_scales_in_their_units_or_in_samples(rng):
    x = rng.standard_normal(64)
    labels = ax.modwt(xr.DataArray(x, dims="t", coords={"t": [f"s{i}" for i in range(64)]}),
                      "haar", 2)
    np.testing.assert_array_equal(labels.scale, [1, 2, 2])           # labels: samples
    latitude = ax.modwt(xr.DataArray(x, dims="lat", coords={"lat": 90 - 0.5 * np.arange(64)}),
                        "haar", 2)
    np.testing.assert_array_equal(latitude.scale, [0.5, 1.0, 1.0])  # a decreasing axis
    lags = pd.timedelta_range(0, periods=64, freq="10ms")
    elapsed = ax.modwt(xr.DataArray(x, dims="t", coords={"t": lags}), "haar", 2)
    assert elapsed.scale.values[1] == np.timedelta64(20, "ms")       # timedeltas
    with pytest.raises(ValueError, match="`t` coordinate is not equally spaced"):
        ax.modwt(xr.DataArray(x, dims="t", coords={"t": np.zeros(64)}), "haar", 2)
    with pytest.raises(ValueError, match="`t` coordinate is not equally spaced"):
        ax.modwt(xr.DataArray(x, dims="t", coords={"t": lags.insert(5, lags[5])[:64]}),
                 "haar", 2)


def test_errors_of_the_numpy_functions_name_the_dim_not_an_axis(rng):
    one = xr.DataArray(rng.standard_normal((3, 1)), dims=("station", "time"))
    with pytest.raises(ValueError, match="1 sample.* along dim `time`; the MODWT needs"):
        ax.modwt(one, "haar", dim="time")
    short = xr.DataArray(rng.standard_normal((2, 20)), dims=("station", "time"))
    with pytest.raises(ValueError, match="`data` is too short"):  # the labeled layer's name for it
        ax.hurst_exponent(short, dim="time")
    empty = xr.DataArray(np.zeros((2, 0)), dims=("station", "time"))
    with pytest.raises(ValueError, match="no samples along dim `time`; the SWT needs"):
        ax.swt(empty, "haar", level=1, dim="time")


# -- defaults: mirrored edges, where the labeled layer is no PyWavelets drop-in -----------------

def _trend(rng, n=512):
    """A series that ends far from where it starts: 0 to 10, with a little noise."""
    return np.linspace(0.0, 10.0, n) + 0.05 * rng.standard_normal(n)


@pytest.mark.parametrize("wavelet", ["db4", "sym4", "coif2"])
def test_labeled_mra_mirrors_the_edges_by_default(rng, wavelet):
    """The default is pywt.mra of the series followed by its mirror image (a periodic
    analysis of that is one of mirrored edges: each level's analysis-then-synthesis filter
    is symmetric, so it keeps the mirror symmetry), cut to the series; its details stay
    small at the edges of a trend, where periodization (the end joined to the start, a
    jump of 10) puts spikes."""
    import pywt  # (a dependency of atrous)

    x = _trend(rng)
    got = ax.mra(xr.DataArray(x, dims="t"), wavelet, level=4)
    mirrored = pywt.mra(np.r_[x, x[::-1]], wavelet, level=4)   # [A4, D4, ..., D1]
    for label, want in zip(["A4", "D4", "D3", "D2", "D1"], mirrored):
        np.testing.assert_allclose(got.sel(level=label), want[:512], atol=1e-10)
    details = got.sel(level=["D1", "D2", "D3", "D4"])
    periodic = ax.mra(xr.DataArray(x, dims="t"), wavelet, level=4, mode="periodization")
    assert float(abs(details).max()) < 0.5
    assert float(abs(periodic.sel(level=["D1", "D2", "D3", "D4"])).max()) > 2.0


def test_mode_periodization_gives_pywavelets_result(rng):
    import pywt

    x = _trend(rng)
    components = ax.mra(pd.Series(x), "db4", level=4, mode="periodization")
    for label, want in zip(["A4", "D4", "D3", "D2", "D1"], pywt.mra(x, "db4", level=4)):
        np.testing.assert_allclose(components[label], want, atol=1e-10)
    coeffs = ax.swt(xr.DataArray(x, dims="t"), "db2", level=3, mode="periodization")
    for label, want in zip(["A3", "D3", "D2", "D1"],
                           pywt.swt(x, "db2", level=3, trim_approx=True)):
        np.testing.assert_allclose(coeffs.sel(level=label), want, atol=1e-10)
    image = rng.random((32, 32))
    subbands = ax.swtn(xr.DataArray(image, dims=("y", "x")), "haar", 1, mode="periodization")
    want = pywt.swtn(image, "haar", 1, trim_approx=True)
    np.testing.assert_allclose(subbands["dd"].sel(level="D1"), want[1]["dd"], atol=1e-12)


def test_the_inverses_take_the_recorded_mode_by_default(rng):
    x = _trend(rng, 256)
    series = pd.Series(x, index=pd.date_range("2020", periods=256, freq="h"))
    for mode in ("symmetric", "periodization", "zero"):
        for data in (xr.DataArray(x, dims="t"), series):
            coeffs = ax.swt(data, "db2", level=3, mode=mode)
            np.testing.assert_allclose(ax.iswt(coeffs, "db2"), x, atol=1e-9)
            np.testing.assert_allclose(ax.imra(ax.mra(data, "db2", level=3, mode=mode)), x,
                                       atol=1e-9)
        dataset = xr.Dataset({"a": ("t", x), "b": ("t", 2 * x)})
        back = ax.iswt(ax.swt(dataset, "db2", level=2, dim="t", mode=mode), "db2")
        np.testing.assert_allclose(back["b"], 2 * x, atol=1e-9)
    # swtn records one mode per dim, in the order of its dims; any order of dims inverts.
    image = xr.DataArray(rng.random((24, 40)), dims=("y", "x"))
    subbands = ax.swtn(image, "db2", 2, mode=["symmetric", "periodization"])
    assert subbands["dd"].level.attrs["mode"] == '["symmetric", "periodization"]'
    xr.testing.assert_allclose(ax.iswtn(subbands, "db2"), image, atol=1e-12)
    xr.testing.assert_allclose(ax.iswtn(subbands, "db2", dims=("x", "y")), image, atol=1e-12)
    xr.testing.assert_allclose(ax.iswtn(ax.swtn(image, "db2", 2), "db2"), image, atol=1e-12)
    # Given, the mode is still checked against the record.
    with pytest.raises(ValueError, match="`mode`='periodization'.*mode='symmetric'"):
        ax.iswt(ax.swt(xr.DataArray(x, dims="t"), "db2", 2), "db2", mode="periodization")
