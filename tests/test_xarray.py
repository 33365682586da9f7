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
    want = ax.mra(stations, "db2", level=2, dim="t")
    xr.testing.assert_allclose(got.compute(), want, atol=1e-12)


def test_pandas_series_in_gives_pandas_out_with_the_same_index(rng):
    index = pd.date_range("2020-01-01", periods=100, freq="h")
    series = pd.Series(rng.standard_normal(100), index=index, name="load")
    frame = ax.mra(series, "db3", level=3)
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.equals(index) and list(frame.columns) == ["D1", "D2", "D3", "A3"]
    want = atrous.mra(series.to_numpy(), "db3", level=3)
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
    np.testing.assert_array_equal(denoised, atrous.denoise(stations.values, "sym4", level=3,
                                                           axes=[1]))
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
                                                              level=2)[-1])
    denoised = ax.denoise(frame, "haar", level=2)
    assert isinstance(denoised, pd.DataFrame) and denoised.columns.equals(frame.columns)
