"""atrous.xarray against a hostile user: reordered, partial or foreign levels, misaligned
pairs, coordinates of every kind, names that collide with ours, awkward dtypes."""

import cftime
import dask.array as da
import numpy as np
import pandas as pd
import pytest
import xarray as xr

import atrous
from atrous import xarray as ax


@pytest.fixture
def series(rng):
    days = pd.date_range("2001-01-01", periods=200, freq="D")
    return xr.DataArray(rng.standard_normal(200).cumsum(), dims="time",
                        coords={"time": days}, name="flow")


@pytest.fixture
def image(rng):
    return xr.DataArray(rng.random((24, 20)), dims=("y", "x"),
                        coords={"y": np.arange(24) * 0.5, "x": np.arange(20) * 0.5})


# 1. Levels are read by their labels, not by their rows.

@pytest.mark.parametrize("shuffle", [lambda c: c.sortby("level"),
                                     lambda c: c.isel(level=[4, 2, 0, 3, 1])],
                         ids=["sortby", "isel"])
def test_imodwt_reads_the_levels_by_label(series, shuffle):
    w = ax.modwt(series, "sym4", level=4)
    xr.testing.assert_allclose(ax.imodwt(shuffle(w), "sym4"), series, atol=1e-10)


def test_iswt_istarlet_and_modwtmra_read_the_levels_by_label(series, image):
    c = ax.swt(series.isel(time=slice(0, 128)), "db2", level=2)
    xr.testing.assert_allclose(ax.iswt(c.isel(level=[2, 0, 1]), "db2"),
                               series.isel(time=slice(0, 128)), atol=1e-10)
    scales = ax.starlet(image, level=3, generation=2)
    xr.testing.assert_allclose(ax.istarlet(scales.isel(level=[3, 1, 0, 2]), generation=2),
                               image, atol=1e-10)
    w = ax.modwt(series, "sym4", level=3)
    want = ax.modwtmra(w, "sym4")
    got = ax.modwtmra(w.isel(level=[3, 2, 1, 0]), "sym4")
    xr.testing.assert_allclose(got.sel(level=want.level), want, atol=1e-12)


def test_a_sorted_dataframe_of_coefficients_inverts_by_label(rng):
    frame = pd.DataFrame(rng.standard_normal((128, 2)), columns=["north", "south"])
    w = ax.modwt(frame, "sym4", level=3).sort_index(axis=1)
    assert list(w.columns[:4]) == [("north", "V3"), ("north", "W1"), ("north", "W2"),
                                   ("north", "W3")]
    np.testing.assert_allclose(ax.imodwt(w, "sym4"), frame, atol=1e-10)


def test_wavelet_variance_of_reversed_levels_is_the_variance_of_each_label(series):
    w = ax.modwt(series, "haar", level=3)
    want = atrous.wavelet_variance(atrous.modwt(series.values, "haar", 3), "haar")
    got = ax.wavelet_variance(w.isel(level=[3, 2, 1, 0]), "haar")
    np.testing.assert_allclose(got.variance.sel(level=["W1", "W2", "W3", "V3"]),
                               want.variance, rtol=1e-12)
    np.testing.assert_allclose(got.scale.sel(level=["W1", "W2", "W3"]).values.astype(
        "timedelta64[D]").astype(int), [1, 2, 4])


def test_iswtn_reads_levels_by_label_and_subbands_by_dim_name(image):
    coeffs = ax.swtn(image, "db2", level=2, mode="symmetric")
    xr.testing.assert_allclose(ax.iswtn(coeffs.isel(level=[1, 0]), "db2", mode="symmetric"),
                               image, atol=1e-10)
    xr.testing.assert_allclose(ax.iswtn(coeffs, "db2", dims=("x", "y"), mode="symmetric")
                               .transpose("y", "x"), image, atol=1e-10)


@pytest.mark.parametrize("select, match", [
    ([0, 1, 3], r"missing.*'W3'"),
    ([0, 0, 1, 2, 3], r"repeat.*'W1'"),
    ([], r"no levels"),
])
def test_missing_repeated_or_no_levels_are_refused_by_name(series, select, match):
    w = ax.modwt(series, "haar", level=3).isel(level=select)
    for function in (ax.imodwt, ax.modwtmra, ax.wavelet_variance):
        with pytest.raises(ValueError, match=match):
            function(w, "haar")


def test_unknown_labels_and_another_transforms_output_are_refused(series):
    w = ax.modwt(series, "haar", level=2)
    with pytest.raises(ValueError, match=r"'X2'"):
        ax.imodwt(w.assign_coords(level=["W1", "X2", "V2"]), "haar")
    swt = ax.swt(series.isel(time=slice(0, 128)), "haar", level=2)
    with pytest.raises(ValueError, match=r"`coeffs`.*'W1'.*swt"):
        ax.iswt(w, "haar")
    with pytest.raises(ValueError, match=r"`w`.*'D1'.*modwt"):
        ax.imodwt(swt, "haar")
    with pytest.raises(ValueError, match=r"`coeffs`.*'C2'"):
        ax.iswt(ax.starlet(series, 2), "haar")
    with pytest.raises(ValueError, match=r"`w`.*'S2'.*modwt"):
        ax.wavelet_variance(ax.modwtmra(w, "haar"), "haar")
    mra = ax.mra(series.isel(time=slice(0, 128)), "haar", level=2)   # D/A, as the SWT's
    for components in (mra, ax.mra(series.isel(time=slice(0, 128)).to_series(), "haar", 2)):
        with pytest.raises(ValueError, match=r"`coeffs` is what mra returns.*swt"):
            ax.iswt(components, "haar")


def test_an_inverse_checks_the_coordinate_is_still_equally_spaced_and_in_order(series):
    w = ax.modwt(series, "haar", level=2)
    shuffled = w.isel(time=np.random.default_rng(1).permutation(200))
    with pytest.raises(ValueError, match="`time` coordinate is not equally spaced"):
        ax.imodwt(shuffled, "haar")
    with pytest.raises(ValueError, match="`time` coordinate.*order"):
        ax.imodwt(w.isel(time=slice(None, None, -1)), "haar")
    table = ax.modwt(series.to_series(), "haar", level=2)       # pandas: the same checks
    with pytest.raises(ValueError, match="`time` coordinate.*order"):
        ax.imodwt(table.iloc[::-1], "haar")


# 2. Paired statistics align their inputs on the coordinate.

def test_paired_statistics_align_on_the_coordinate(rng):
    days = pd.date_range("2001-01-01", periods=542, freq="D")
    values = rng.standard_normal(542).cumsum()
    x = pd.Series(values[:512], index=days[:512])
    y = pd.Series(values[30:], index=days[30:])          # the same series, 30 days later
    wx, wy = ax.modwt(x, "haar", level=3), ax.modwt(y, "haar", level=3)
    table = ax.wavelet_correlation(wx, wy, "haar")
    np.testing.assert_allclose(table["correlation"], 1.0, atol=1e-12)
    common = x.index.intersection(y.index)                # pandas' own inner join
    want = atrous.wavelet_covariance(wx.loc[common].to_numpy().T,
                                     wy.loc[common].to_numpy().T, "haar")
    np.testing.assert_allclose(ax.wavelet_covariance(wx, wy, "haar")["covariance"],
                               want.estimate, rtol=1e-12)
    with pytest.raises(ValueError, match="`wx` and `wy`.*no `index`.*in common"):
        ax.wavelet_covariance(wx.iloc[:100], wy.iloc[200:], "haar")


# 3. Scales that overflow timedelta64.

def test_scales_beyond_timedelta64_become_floats_with_a_warning(rng):
    days = pd.date_range("2001-01-01", periods=64, freq="D")
    x = xr.DataArray(rng.standard_normal(64), dims="time", coords={"time": days})
    with pytest.warns(UserWarning, match="overflow") as caught:
        w = ax.modwt(x, "haar", level=30)
    assert caught[0].filename == __file__
    unit = np.datetime_data(days.values.dtype)[0]
    day = np.timedelta64(1, "D") / np.timedelta64(1, unit)
    assert w.scale.dtype.kind == "f" and w.scale.attrs["units"] == unit
    np.testing.assert_allclose(w.scale.values[:30], 2.0 ** np.arange(30) * day)
    np.testing.assert_allclose(w.period_low.values, 2.0 ** np.r_[1:31, 31] * day)


# 4. tz-aware, Period and cftime coordinates.

@pytest.mark.parametrize("index", [
    pd.date_range("2020-03-20", periods=64, freq="D", tz="Europe/Paris"),
    pd.period_range("2020-01-01", periods=64, freq="D"),
], ids=["tz", "period"])
def test_tz_aware_and_period_indexes_give_time_scales_and_are_checked(rng, index):
    x = pd.Series(rng.standard_normal(64), index=index)
    w = ax.modwt(x.to_xarray(), "haar", level=2)
    assert list(w.scale.values[:2]) == [np.timedelta64(1, "D"), np.timedelta64(2, "D")]
    table = ax.wavelet_variance(ax.modwt(x, "haar", level=2), "haar")
    assert table["scale"].iloc[1] == pd.Timedelta(days=2)
    with pytest.raises(ValueError, match="`index` coordinate is not equally spaced"):
        ax.modwt(x.drop(x.index[10]), "haar", level=2)


def test_cftime_dates_give_scales_and_are_checked(rng):
    days = xr.date_range("2000-01-01", periods=64, freq="D", calendar="noleap",
                         use_cftime=True)
    x = xr.DataArray(rng.standard_normal(64), dims="time", coords={"time": days})
    w = ax.modwt(x, "haar", level=2)
    assert list(w.scale.values[:2]) == [np.timedelta64(1, "D"), np.timedelta64(2, "D")]
    months = xr.date_range("2000-01-01", periods=48, freq="MS", calendar="noleap",
                           use_cftime=True)
    monthly = ax.modwt(xr.DataArray(rng.standard_normal(48), dims="time",
                                    coords={"time": months}), "haar", 1)
    mean = np.timedelta64(months[-1] - months[0], "us") / 47
    assert abs(monthly.scale.values[0] - mean) <= np.timedelta64(1, "us")
    assert isinstance(x.time.values[0], cftime.datetime)
    with pytest.raises(ValueError, match="`time` coordinate is not equally spaced"):
        ax.modwt(x.drop_isel(time=5), "haar", level=2)


# 5. Names that collide with ours.

def test_a_dim_index_or_columns_named_level_or_a_coordinate_named_scale(rng):
    data = xr.DataArray(rng.standard_normal((3, 64)), dims=("level", "t"))
    with pytest.raises(ValueError, match="`data` has a dimension or coordinate named 'level'"):
        ax.modwt(data, "haar", 2, dim="t")
    with pytest.raises(ValueError, match="named 'level'"):
        ax.mra(pd.Series(rng.standard_normal(64), index=pd.RangeIndex(64, name="level")),
               "haar", 2)
    with pytest.raises(ValueError, match="named 'level'"):
        ax.swt(pd.DataFrame(rng.standard_normal((64, 2)),
                            columns=pd.Index(["a", "b"], name="level")), "haar", 2)
    scaled = xr.DataArray(rng.standard_normal(64), dims="t", coords={"scale": 3.0})
    with pytest.raises(ValueError, match="coordinate named 'scale'"):
        ax.starlet(scaled, 2)
    # what adds no level keeps working
    np.testing.assert_allclose(ax.denoise(data, "haar", 2, dim="t"),
                               atrous.denoise(data.values, "haar", 2, axes=[1],
                                              channel_axis=0))


# 6. Nullable and object dtypes.

def test_a_nullable_float64_column_works_as_the_series_does(rng):
    frame = pd.DataFrame({"a": pd.array(rng.standard_normal(64), dtype="Float64"),
                          "b": rng.standard_normal(64)})
    frame.iloc[3, 0] = pd.NA
    for function, args in ((ax.mra, ("haar", 2)), (ax.modwt, ("haar", 2)),
                           (ax.denoise, ("haar", 2)), (ax.correlate1d, ([1.0, -1.0],))):
        got = function(frame, *args)
        # pd.NA is NaN, as pandas' own conversion to float64 makes it
        np.testing.assert_array_equal(got, function(frame.astype("float64"), *args))
        np.testing.assert_array_equal(got["a"], function(frame["a"], *args))


def test_object_dtype_numbers_and_none_are_floats_and_nan_for_every_function(rng):
    # One test for all: the property is that they agree (correlate1d and hurst_exponent
    # refused object arrays that the transforms took).
    values = rng.standard_normal(2048)
    objects = values.astype(object)
    objects[5] = None
    values[5] = np.nan
    for function, args in ((ax.mra, ("haar", 2)), (ax.swt, ("haar", 2)),
                           (ax.modwt, ("haar", 2)), (ax.starlet, (2,)),
                           (ax.denoise, ("haar", 2)), (ax.correlate1d, ([1.0, -1.0],)),
                           (ax.hurst_exponent, ())):
        got = function(pd.Series(objects), *args)
        want = function(pd.Series(values), *args)
        np.testing.assert_array_equal(np.asarray(got, dtype=float),
                                      np.asarray(want, dtype=float))
        if function is not ax.hurst_exponent:
            np.testing.assert_array_equal(function(xr.DataArray(objects, dims="t"), *args),
                                          function(xr.DataArray(values, dims="t"), *args))


# 7. Reflection keeps the index.

@pytest.mark.parametrize("index", [
    pd.Index([f"s{i}" for i in range(50)]),
    pd.date_range("2020-03-01", periods=50, freq="h", tz="Europe/Paris"),
], ids=["strings", "tz"])
def test_reflection_keeps_string_and_tz_aware_indexes(rng, index):
    x = pd.Series(rng.standard_normal(50), index=index)
    w = ax.modwt(x, "haar", level=2, boundary="reflection")
    assert w.index[:50].equals(index)
    restored = ax.imodwt(w, "haar", boundary="reflection")
    assert restored.index.equals(index)
    np.testing.assert_allclose(restored, x, atol=1e-12)
    parts = ax.modwtmra(w, "haar", boundary="reflection")
    assert parts.index.equals(index)
    back = ax.imodwt(ax.modwt(x.to_xarray(), "haar", 2, boundary="reflection"), "haar",
                     boundary="reflection")
    assert back.indexes["index"].equals(x.to_xarray().indexes["index"])


# 8. Duplicate column names.

def test_repeated_column_names_are_refused_up_front(rng):
    frame = pd.DataFrame(rng.standard_normal((64, 3)), columns=["a", "b", "a"])
    for function, args in ((ax.modwt, ("haar", 2)), (ax.mra, ("haar", 2)),
                           (ax.denoise, ("haar", 2))):
        with pytest.raises(ValueError, match=r"`data` has repeated column names: \['a'\]"):
            function(frame, *args)


# 9. Datasets.

def test_wavelet_variance_of_a_datasets_modwt_and_starlet_of_a_dataset_with_dims(rng):
    data = xr.Dataset({"a": ("t", rng.standard_normal(128)), "b": ("t", rng.standard_normal(128)),
                       "height": ((), 3.0)})
    w = ax.modwt(data, "haar", level=2, dim="t")
    result = ax.wavelet_variance(w, "haar")
    for name in ("a", "b"):
        want = atrous.wavelet_variance(atrous.modwt(data[name].values, "haar", 2), "haar")
        np.testing.assert_allclose(result[f"{name}_variance"], want.variance, rtol=1e-12)
        np.testing.assert_allclose(result[f"{name}_upper"], want.upper, rtol=1e-12)
    images = xr.Dataset({"r": (("y", "x"), rng.random((16, 16))), "t": ("x", rng.random(16))})
    scales = ax.starlet(images, 2, dims=("y", "x"))
    np.testing.assert_allclose(scales.r.transpose("level", "y", "x"),
                               atrous.starlet(images.r.values, 2))
    xr.testing.assert_equal(scales.t, images.t)


# 10. No levels, unknown chunk sizes.

def test_dask_arrays_with_unknown_chunk_sizes_are_refused(rng):
    lazy = da.from_array(rng.standard_normal(64), chunks=16)
    lazy = lazy[lazy > -10]
    for function in (ax.modwt, ax.mra, ax.swt):
        with pytest.raises(ValueError, match="unknown chunk sizes.*compute_chunk_sizes"):
            function(xr.DataArray(lazy, dims="t"), "haar", 2)


# 11. Long memory keeps coordinates and its diagram.

def test_hurst_exponent_keeps_coordinates_and_its_diagram(rng):
    from atrous.plot import plot_logscale_diagram  # matplotlib: in the test extras

    values = atrous.simulate_fgn(4096, 0.7, size=2, seed=3)
    flows = xr.DataArray(values, dims=("station", "time"),
                         coords={"name": ("station", ["north", "south"]),
                                 "doy": ("time", np.arange(4096) % 365)})
    result = ax.hurst_exponent(flows, dim="time")
    want = atrous.hurst_exponent(values)
    assert list(result.name.values) == ["north", "south"] and "doy" not in result.coords
    np.testing.assert_array_equal(result.log2_variance.transpose("level", "station"),
                                  want.diagram.log2_variance)
    np.testing.assert_array_equal(result.level, want.diagram.level)
    np.testing.assert_array_equal(result.slope, want.slope)
    fig = plot_logscale_diagram(result.isel(station=1))
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0].startswith(f"fit: H = {want.estimate[1]:.3f}")


# 12. A second probe: provenance recorded on the levels and checked where every inverse and
# statistic reads them (_levels_first), and coordinates of every kind.

def _days_series(values, reverse=False):
    days = pd.date_range("2020-01-01", periods=len(values), freq="D")
    series = pd.Series(values, index=days)
    return series.iloc[::-1] if reverse else series


def test_paired_statistics_refuse_a_series_transformed_backwards(rng):
    x = rng.standard_normal(256)
    y = x + 0.5 * rng.standard_normal(256)
    sx, sy = _days_series(x), _days_series(y)
    want = atrous.wavelet_correlation(atrous.modwt(x, "db2", 3), atrous.modwt(y, "db2", 3),
                                      "db2")
    table = ax.wavelet_correlation(ax.modwt(sx, "db2", 3), ax.modwt(sy, "db2", 3), "db2")
    np.testing.assert_allclose(table["correlation"], want.estimate, rtol=1e-12)
    for wx, wy in ((ax.modwt(sx, "db2", 3), ax.modwt(sy.iloc[::-1], "db2", 3)),
                   (ax.modwt(sx.iloc[::-1], "db2", 3), ax.modwt(sy, "db2", 3)),
                   (ax.modwt(sx.to_xarray(), "db2", 3),
                    ax.modwt(sy.iloc[::-1].to_xarray(), "db2", 3))):
        with pytest.raises(ValueError, match="`wx` and `wy`.*opposite orders"):
            ax.wavelet_correlation(wx, wy, "db2")


def test_paired_statistics_refuse_different_steps_in_either_order(rng):
    y = rng.standard_normal(400)
    wx = ax.modwt(xr.DataArray(y[::2], dims="t", coords={"t": np.arange(0, 400, 2)}), "haar", 3)
    wy = ax.modwt(xr.DataArray(y, dims="t", coords={"t": np.arange(400)}), "haar", 3)
    for first, second in ((wx, wy), (wy, wx)):
        with pytest.raises(ValueError, match="`wx` and `wy`.*step"):
            ax.wavelet_covariance(first, second, "haar")


def test_paired_statistics_of_reflected_series_pair_whole_transforms_only(rng):
    x = rng.standard_normal(200)
    y = x + rng.standard_normal(200)
    reflected = [ax.modwt(xr.DataArray(v, dims="t", coords={"t": np.arange(200)}), "haar", 2,
                          boundary="reflection") for v in (x, y)]
    want = atrous.wavelet_covariance(atrous.modwt(x, "haar", 2, boundary="reflection"),
                                     atrous.modwt(y, "haar", 2, boundary="reflection"), "haar")
    np.testing.assert_allclose(ax.wavelet_covariance(*reflected, "haar").covariance,
                               want.estimate, rtol=1e-12)
    X = xr.DataArray(x[:150], dims="t", coords={"t": np.arange(150)})
    Y = xr.DataArray(y[30:], dims="t", coords={"t": np.arange(30, 200)})
    wx = ax.modwt(X, "haar", 2, boundary="reflection")
    with pytest.raises(ValueError, match="`wx`.*reflect"):
        ax.wavelet_covariance(wx, ax.modwt(Y, "haar", 2, boundary="reflection"), "haar")
    with pytest.raises(ValueError, match="`wx`.*reflect"):
        ax.wavelet_covariance(wx, ax.modwt(Y, "haar", 2), "haar")


def test_inverses_and_statistics_refuse_a_dim_that_was_not_transformed(rng):
    X2 = xr.DataArray(rng.standard_normal((8, 64)), dims=("s", "t"))
    w = ax.modwt(X2, "haar", 2, dim="t")
    for function in (ax.imodwt, ax.modwtmra, ax.wavelet_variance):
        with pytest.raises(ValueError, match=r"`dim`='s'.*transformed.*\['t'\]"):
            function(w, "haar", dim="s")
    with pytest.raises(ValueError, match=r"`dim`='s'.*transformed.*\['t'\]"):
        ax.iswt(ax.swt(X2, "haar", 2, dim="t"), "haar", dim="s")
    with pytest.raises(ValueError, match=r"`dims`=\['s'\].*transformed.*\['t'\]"):
        ax.istarlet(ax.starlet(X2, 2, dims="t"), dims="s")
    # the dim itself, or renamed (the record names the old one) and passed, still inverts
    xr.testing.assert_allclose(ax.imodwt(w, "haar", dim="t"), X2, atol=1e-12)
    renamed = ax.imodwt(w.rename(t="u"), "haar", dim="u")
    np.testing.assert_allclose(renamed.transpose("s", "u"), X2, atol=1e-12)
    with pytest.raises(ValueError, match="transformed `t`.*no longer has.*pass `dim`"):
        ax.imodwt(w.rename(t="u"), "haar")


def test_inverses_refuse_truncated_or_decimated_coefficients(rng):
    x = rng.standard_normal(100)
    series = xr.DataArray(x, dims="t", coords={"t": np.arange(100.0)})
    w = ax.modwt(series, "haar", 3)
    with pytest.raises(ValueError, match="80 samples along `t` where the transform gave 100"):
        ax.imodwt(w.isel(t=slice(10, 90)), "haar")
    with pytest.raises(ValueError, match="step of 2 along `t` where the transform's was 1:"):
        ax.imodwt(w.isel(t=slice(None, None, 2)), "haar")
    with pytest.raises(ValueError, match="80 samples along `t`"):
        ax.modwtmra(w.isel(t=slice(10, 90)), "haar")
    with pytest.raises(ValueError, match="80 samples along `t`"):
        ax.iswt(ax.swt(series, "haar", 2).isel(t=slice(10, 90)), "haar")
    with pytest.raises(ValueError, match="50 samples along `index`"):
        ax.imodwt(ax.modwt(pd.Series(x), "haar", 3).iloc[:50], "haar")
    with pytest.raises(ValueError, match="step of 2 along `t` where the transform's was 1:"):
        ax.wavelet_variance(w.isel(t=slice(None, None, 2)), "haar")
    # a subset of the samples is still a sample of each level (the paired statistics' join)
    want = atrous.wavelet_variance(w.values[:, 10:90], "haar")
    np.testing.assert_allclose(ax.wavelet_variance(w.isel(t=slice(10, 90)), "haar").variance,
                               want.variance, rtol=1e-12)
    # an MRA's sum is pointwise: its samples, however selected, sum to the signal's
    components = ax.mra(series, "haar", 2)
    np.testing.assert_allclose(ax.imra(components.isel(t=slice(None, None, 2))), x[::2],
                               atol=1e-12)


def test_iswtn_refuses_a_missing_coarsest_level(rng):
    img = xr.DataArray(rng.standard_normal((16, 16)), dims=("y", "x"))
    coeffs = ax.swtn(img, "db2", 2)
    with pytest.raises(ValueError, match=r"missing the levels \['D2'\]"):
        ax.iswtn(coeffs.sel(level=["D1"]), "db2")
    xr.testing.assert_allclose(ax.iswtn(coeffs, "db2"), img, atol=1e-10)


@pytest.mark.parametrize("strip", [
    lambda c: c.assign_coords(level=c.level.values).drop_encoding(),  # (its copy too)
    lambda c: c.to_pandas().T,
    lambda c: pd.DataFrame(c.to_pandas().T.to_dict()),
], ids=["assign_coords", "to_pandas", "to_dict"])
def test_levels_that_lost_their_record_are_not_taken_as_the_swts_or_an_mras(rng, strip):
    x = xr.DataArray(rng.standard_normal(128), dims="index")
    mra, swt = ax.mra(x, "db2", 3), ax.swt(x, "db2", 3)
    with pytest.raises(ValueError, match="`coeffs`.*record.*swt.*mra"):
        ax.iswt(strip(mra), "db2")
    with pytest.raises(ValueError, match="`components`.*record.*swt.*mra"):
        ax.imra(strip(swt))
    # the hint works: recorded again, they invert
    swt_again = strip(swt)
    if isinstance(swt_again, pd.DataFrame):
        swt_again.attrs["atrous_levels"] = {"transform": "swt"}
    else:
        swt_again.level.attrs["transform"] = "swt"
    np.testing.assert_allclose(ax.iswt(swt_again, "db2"), x, atol=1e-10)


@pytest.mark.parametrize("index", [
    pd.Index(np.arange(64.0)[::-1] * 0.5),
    pd.timedelta_range(0, periods=64, freq="s")[::-1],
    pd.date_range("2000-01-31", periods=64, freq="ME")[::-1],
    xr.date_range("2000-01-01", periods=64, freq="D", calendar="noleap",
                  use_cftime=True)[::-1],
    xr.date_range("2000-01-01", periods=64, freq="MS", calendar="noleap", use_cftime=True),
    pd.RangeIndex(64),
    pd.Index(np.arange(64)[::-1] * 3),
], ids=["float-down", "timedelta-down", "month-end-down", "cftime-down", "cftime-monthly",
        "range", "int-down"])
def test_reflection_continues_any_coordinate_and_inverts_to_the_original(rng, index):
    x = pd.Series(rng.standard_normal(64), index=index, name="v")
    w = ax.modwt(x, "haar", 2, boundary="reflection")
    assert w.index[:64].equals(x.index) and w.index.is_unique
    assert w.index.is_monotonic_increasing or w.index.is_monotonic_decreasing
    restored = ax.imodwt(w, "haar", boundary="reflection")
    pd.testing.assert_series_equal(restored, x, atol=1e-12, rtol=0)
    np.testing.assert_allclose(ax.wavelet_variance(w, "haar").variance,
                               atrous.wavelet_variance(atrous.modwt(
                                   x.to_numpy(), "haar", 2, boundary="reflection"),
                                   "haar").variance, rtol=1e-12)


def test_reflection_keeps_the_other_coordinates_along_the_dim(rng):
    data = xr.DataArray(rng.standard_normal((3, 40)), dims=("s", "t"),
                        coords={"t": np.arange(40), "aux": ("t", np.arange(40) % 7),
                                "lat": (("s", "t"), rng.random((3, 40)))})
    w = ax.modwt(data, "haar", 2, dim="t", boundary="reflection")
    np.testing.assert_array_equal(w.aux.values[40:], data.aux.values[::-1])  # the mirror
    xr.testing.assert_allclose(ax.imodwt(w, "haar", boundary="reflection"), data, atol=1e-12)
    xr.testing.assert_identical(ax.imodwt(w, "haar", boundary="reflection").coords.to_dataset(),
                                data.coords.to_dataset())


@pytest.mark.parametrize("coordinate, step", [
    (1.7e9 + np.arange(1000) * 0.01, 0.01),                   # epoch seconds at 100 Hz
    (np.arange(1000, dtype=np.float32) * np.float32(0.1), 0.1),
    (pd.to_timedelta(np.arange(1000) / 3, unit="s"), np.timedelta64(333333333, "ns")),
    (pd.to_datetime("2020") + pd.to_timedelta(np.arange(1000) / 3, unit="s"),
     np.timedelta64(333333333, "ns")),
], ids=["epoch-100Hz", "float32", "timedelta-third", "datetime-third"])
def test_rounded_but_equally_spaced_coordinates_are_accepted(rng, coordinate, step):
    x = rng.standard_normal(1000)
    w = ax.modwt(xr.DataArray(x, dims="t", coords={"t": coordinate}), "haar", 2)
    np.testing.assert_array_equal(w.values, atrous.modwt(x, "haar", 2))
    if isinstance(step, float):
        np.testing.assert_allclose(w.scale.values[0], step, rtol=1e-6)
    else:
        assert abs(w.scale.values[0] - step) <= np.timedelta64(1, "ns")
    xr.testing.assert_allclose(ax.imodwt(w, "haar"), xr.DataArray(
        x, dims="t", coords={"t": coordinate}), atol=1e-12)
    uneven = np.asarray(coordinate).copy()
    uneven[500:] = uneven[500:] + (uneven[1] - uneven[0]) / 100   # one step 1 % long
    with pytest.raises(ValueError, match="`t` coordinate is not equally spaced"):
        ax.modwt(xr.DataArray(x, dims="t", coords={"t": uneven}), "haar", 2)


@pytest.mark.parametrize("index", [
    pd.date_range("2000", periods=64, freq="MS"),
    pd.date_range("2000", periods=64, freq="ME"),
    pd.date_range("2000", periods=64, freq="QE"),
    pd.date_range("2000", periods=64, freq="YS"),
    pd.date_range("2000", periods=64, freq="MS", tz="Europe/Paris"),
    xr.date_range("2000", periods=64, freq="MS", calendar="noleap", use_cftime=True),
], ids=["MS", "ME", "QE", "YS", "tz", "cftime"])
def test_decreasing_calendar_dates_are_accepted_as_increasing_ones_are(rng, index):
    values = rng.standard_normal(64)
    up = ax.modwt(xr.DataArray(values, dims="t", coords={"t": index}), "haar", 2)
    down = ax.modwt(xr.DataArray(values[::-1], dims="t", coords={"t": index[::-1]}), "haar", 2)
    np.testing.assert_array_equal(down.values, atrous.modwt(values[::-1], "haar", 2))
    np.testing.assert_array_equal(down.scale.values, up.scale.values)
    xr.testing.assert_allclose(ax.imodwt(down, "haar"), xr.DataArray(
        values[::-1], dims="t", coords={"t": index[::-1]}), atol=1e-12)


@pytest.mark.parametrize("name", ["level", "scale", "period_high"])
def test_a_dataset_variable_named_as_the_levels_coordinates_is_refused(rng, name):
    ds = xr.Dataset({name: ("t", rng.standard_normal(64)), "b": ("t", rng.standard_normal(64))})
    for function, args in ((ax.modwt, ("haar", 2)), (ax.mra, ("haar", 2)),
                           (ax.swt, ("haar", 2))):
        with pytest.raises(ValueError, match=f"`data` has a variable named {name!r}.*rename"):
            function(ds, *args, dim="t")
    with pytest.raises(ValueError, match=f"`data` has a variable named {name!r}.*rename"):
        ax.starlet(ds, 2, dims="t")
    ax.denoise(ds, "haar", 2, dim="t")   # adds no level: takes it


def test_an_object_dask_array_is_floats_lazily_as_the_docs_say(rng):
    values = rng.standard_normal(256)
    objects = values.astype(object)
    objects[7] = None
    values[7] = np.nan
    lazy = xr.DataArray(da.from_array(objects, chunks=64), dims="t")
    w = ax.modwt(lazy, "haar", 2)
    assert w.chunks is not None
    np.testing.assert_array_equal(w.compute(), atrous.modwt(values, "haar", 2))


def test_denoise_and_correlate1d_refuse_uneven_coordinates_as_the_transforms_do(rng):
    t = np.cumsum(rng.uniform(0.5, 1.5, 64))
    x = xr.DataArray(rng.standard_normal(64), dims="t", coords={"t": t})
    for function, args in ((ax.denoise, ("haar", 2)), (ax.correlate1d, ([1.0, -1.0],)),
                           (ax.modwt, ("haar", 2))):
        with pytest.raises(ValueError, match="`t` coordinate is not equally spaced"):
            function(x, *args)


def test_a_series_name_and_attrs_survive_forward_and_inverse(rng):
    series = pd.Series(rng.standard_normal(64), name="flow")
    series.attrs["units"] = "m3/s"
    for forward, inverse, args in ((ax.swt, ax.iswt, ("haar",)), (ax.mra, ax.imra, ()),
                                   (ax.modwt, ax.imodwt, ("haar",)),
                                   (ax.starlet, ax.istarlet, ())):
        coeffs = forward(series, *(args or (2,)), 2) if args else forward(series, "haar", 2) \
            if forward is ax.mra else forward(series, 2)
        restored = inverse(coeffs, *args)
        assert restored.name == "flow" and restored.attrs == {"units": "m3/s"}, forward
        pd.testing.assert_series_equal(restored, series, atol=1e-12, rtol=0)
    filtered = ax.correlate1d(series, [1.0, -1.0])
    assert filtered.name == "flow" and filtered.attrs == {"units": "m3/s"}
    np.testing.assert_array_equal(filtered, atrous.correlate1d(series.to_numpy(), [1.0, -1.0]))


def test_starlet_refuses_dims_and_dim_that_disagree(rng):
    image = xr.DataArray(rng.random((8, 8)), dims=("x", "y"))
    with pytest.raises(ValueError, match="`dims`='x' and `dim`='y'"):
        ax.starlet(image, 2, dims="x", dim="y")


def test_helpful_errors_for_the_labeled_layer(rng):
    frame = pd.DataFrame(rng.standard_normal((64, 2)), columns=pd.Index(["a", "b"], name="x"))
    frame.index.name = "x"
    with pytest.raises(ValueError, match="`data`.*index and its columns.*both named 'x'"):
        ax.modwt(frame, "haar", 2)
    unnamed = pd.DataFrame(rng.standard_normal((64, 2)),
                           columns=pd.Index(["a", "b"], name="index"))
    with pytest.raises(ValueError, match="both named 'index'"):
        ax.correlate1d(unnamed, [1.0, -1.0])
    series = pd.Series(rng.standard_normal(64))
    w = ax.modwt(series, "haar", 2)
    with pytest.raises(TypeError, match="`axes`.*take `dim`"):
        ax.denoise(series, "haar", 2, axes=[0])
    with pytest.raises(TypeError, match="`axis`.*take `dim`"):
        ax.correlate1d(series, [1.0, -1.0], axis=0)
    with pytest.raises(TypeError, match="`axis`.*take `dim`"):
        ax.wavelet_variance(w, "haar", axis=0)
    with pytest.raises(TypeError, match="`axis`.*take `dim`"):
        ax.wavelet_covariance(w, w, "haar", axis=0)
    with pytest.raises(TypeError, match="`axis`.*take `dim`"):
        ax.hurst_exponent(series, axis=0)
    for data in (pd.Series(pd.date_range("2000", periods=64)), pd.Series([], dtype=float),
                 pd.Series([1.0]), xr.Dataset({"a": ("t", np.array(["a"] * 64))})):
        with pytest.raises(ValueError, match="`data(`|\\[)") as caught:
            ax.modwt(data, "haar", 2, **({"dim": "t"} if isinstance(data, xr.Dataset) else {}))
        assert "`x`" not in str(caught.value)
    with pytest.raises(ValueError, match=r"sort_index\(ascending=True\)"):
        ax.imodwt(w.iloc[::-1], "haar")


def test_an_error_of_a_datasets_variable_names_the_variable(rng):
    ds = xr.Dataset({"flow": ("t", rng.standard_normal(64)), "site": ("t", np.array(["a"] * 64))})
    with pytest.raises(ValueError, match=r"`data\['site'\]` must hold numbers"):
        ax.modwt(ds, "haar", 2, dim="t")
    with pytest.raises(ValueError, match=r"`data\['site'\]` must hold numbers"):
        ax.denoise(ds, "haar", 2, dim="t")


def test_denoise_treats_each_series_on_its_own_as_a_single_series_call_does(rng):
    """A DataFrame's columns, or a DataArray's positions along its other dims, are separate
    series: each gets its own noise estimate and thresholds (it was one noise level for the
    whole frame, mixing a quiet column with a noisy one)."""
    clean = np.sin(np.arange(512) / 20)
    frame = pd.DataFrame({"quiet": clean + rng.normal(0, 0.05, 512),
                          "noisy": clean + rng.normal(0, 2.0, 512)})
    got = ax.denoise(frame, "sym4", level=4)
    for column in frame:
        np.testing.assert_array_equal(got[column], ax.denoise(frame[column], "sym4", level=4))
    stations = xr.DataArray(rng.standard_normal((3, 2, 256)) * np.array([1, 5, 9])[:, None, None],
                            dims=("s", "u", "t"))
    for ordered in (stations, stations.transpose("t", "u", "s"), stations.chunk({"s": 1})):
        got = ax.denoise(ordered, "db2", level=3, dim="t")
        assert got.dims == ordered.dims
        np.testing.assert_array_equal(
            got.sel(s=2, u=1).values, ax.denoise(stations.isel(s=2, u=1), "db2", level=3).values)


# Second hostile probe: the forward call's parameters recorded and checked.

@pytest.fixture
def short(rng):
    return xr.DataArray(rng.standard_normal(64), dims="t", coords={"t": np.arange(64)})


@pytest.mark.parametrize("call", [
    lambda w: ax.imodwt(w, "db2", boundary="reflection"),
    lambda w: ax.modwtmra(w, "db2", boundary="reflection"),
], ids=["imodwt", "modwtmra"])
def test_a_boundary_other_than_the_transforms_is_refused(short, call):
    with pytest.raises(ValueError, match="`boundary`='reflection'.*boundary='periodic'"):
        call(ax.modwt(short, "db2", 2))


def test_periodic_inverse_of_reflected_coefficients_is_refused(short):
    w = ax.modwt(short, "db2", 2, boundary="reflection")
    with pytest.raises(ValueError, match="`boundary`='periodic'.*boundary='reflection'"):
        ax.imodwt(w, "db2")
    # the matching call still restores the series (NumPy's inverse as the reference)
    xr.testing.assert_allclose(ax.imodwt(w, "db2", boundary="reflection"), short)


@pytest.mark.parametrize("forward, inverse, message", [
    (lambda x: ax.swt(x, "db2", 2, norm=True), lambda c: ax.iswt(c, "db2"),
     "`norm`=False.*norm=True"),
    (lambda x: ax.swt(x, "db2", 2), lambda c: ax.iswt(c, "db2", mode="periodization"),
     "`mode`='periodization'.*mode='symmetric'"),
    (lambda x: ax.swt(x, "db2", 2, mode="periodization"),
     lambda c: ax.iswt(c, "db2", mode="symmetric"), "`mode`='symmetric'.*mode='periodization'"),
    (lambda x: ax.starlet(x, 2, generation=2), lambda c: ax.istarlet(c),
     "`generation`=1.*generation=2"),
    (lambda x: ax.modwt(x, "haar", 2), lambda c: ax.imodwt(c, "db4"),
     "`wavelet`='db4'.*wavelet='haar'"),
    (lambda x: ax.modwt(x, "haar", 2), lambda c: ax.wavelet_variance(c, "db4"),
     "`wavelet`='db4'.*wavelet='haar'"),
    (lambda x: ax.modwt(x, "haar", 2), lambda c: ax.wavelet_covariance(c, c, "db4"),
     "`wavelet`='db4'.*wavelet='haar'"),
    (lambda x: ax.swt(x, "haar", 2), lambda c: ax.iswt(c, "db2"),
     "`wavelet`='db2'.*wavelet='haar'"),
])
def test_an_inverse_or_statistic_with_other_parameters_than_the_transforms_is_refused(
        short, forward, inverse, message):
    with pytest.raises(ValueError, match=message):
        inverse(forward(short))


def test_the_same_wavelet_under_another_name_is_accepted(short):
    w = ax.modwt(short, "la8", 2)  # waveslim's name of sym4
    np.testing.assert_allclose(ax.imodwt(w, "sym4"), short.values, atol=1e-10)


def test_a_pywt_wavelet_is_recorded_by_its_name(short):
    import pywt  # (a dependency of atrous)
    w = ax.modwt(short, pywt.Wavelet("db2"), 2)
    np.testing.assert_allclose(ax.imodwt(w, "db2"), short.values, atol=1e-10)
    with pytest.raises(ValueError, match="`wavelet`='haar'.*wavelet='db2'"):
        ax.imodwt(w, "haar")


def test_a_dataset_of_different_transforms_inverts_each_variable_by_its_own_record(short):
    ds = xr.Dataset({"swt": ax.swt(short, "db2", 3), "mra": ax.mra(short, "db2", 3)})
    np.testing.assert_allclose(ax.imra(ds["mra"]), short.values, atol=1e-10)
    with pytest.raises(ValueError, match=r"`coeffs\['mra'\]` is what mra returns"):
        ax.iswt(ds, "db2")
    np.testing.assert_allclose(ax.iswt(ds["swt"], "db2"), short.values, atol=1e-10)


def test_statistics_refuse_more_samples_than_the_transform_made(short):
    w1 = ax.modwt(short, "haar", 2)
    w2 = ax.modwt(short.assign_coords(t=np.arange(64, 128)), "haar", 2)
    with pytest.raises(ValueError, match="128 samples along `t`.*64"):
        ax.wavelet_variance(xr.concat([w1, w2], "t"), "haar")


def test_the_variance_of_a_reflected_transform_takes_it_whole_only(short):
    w = ax.modwt(short, "haar", 2, boundary="reflection")
    with pytest.raises(ValueError, match="reflected series.*whole"):
        ax.wavelet_variance(w.isel(t=slice(0, 64)), "haar")


def test_coefficients_round_trip_through_netcdf(short, tmp_path):
    w = ax.modwt(short, "db2", 2)
    path = tmp_path / "w.nc"
    w.to_netcdf(path, engine="scipy")
    with xr.open_dataarray(path, engine="scipy") as loaded:
        np.testing.assert_allclose(ax.imodwt(loaded.load(), "db2"), short.values,
                                   atol=1e-10)
        with pytest.raises(ValueError, match="`wavelet`='haar'"):
            ax.imodwt(loaded, "haar")


def test_a_dataset_variable_without_the_transformed_dim_passes_through(rng):
    data = xr.Dataset({"a": ("t", rng.standard_normal(64)), "c": ("s", [1.0, 2.0])})
    w = ax.modwt(data, "db2", 2, dim="t")
    kept = w.where(w.level != "W1", 0)  # xarray broadcasts `c` onto the levels
    assert kept["c"].dims == ("s", "level")
    back = ax.imodwt(kept, "db2")
    want = atrous.imodwt(kept["a"].transpose("level", "t").values, "db2")
    np.testing.assert_allclose(back["a"].values, want)
    xr.testing.assert_identical(back["c"], kept["c"])
    weighted = ax.imodwt(w * xr.DataArray([0.0, 1.0, 1.0], dims="level"), "db2")
    np.testing.assert_allclose(weighted["a"].values, want)
    variance = ax.wavelet_variance(kept, "db2")
    assert sorted(variance.data_vars) == ["a_lower", "a_upper", "a_variance"]


@pytest.mark.parametrize("forward", [lambda x: ax.modwt(x, "haar", 1),
                                     lambda x: ax.swt(x, "haar", 1),
                                     lambda x: ax.starlet(x, 1)],
                         ids=["modwt", "swt", "starlet"])
def test_a_selected_level_transforms_again(short, forward):
    one = ax.modwt(short, "db2", 2).sel(level="V2")
    bare = one.drop_vars(["level", "scale", "period_low", "period_high", "periods"])
    xr.testing.assert_identical(forward(one), forward(bare))


def test_a_selected_levels_long_memory_is_its_series(rng):
    x = xr.DataArray(atrous.simulate_fgn(1024, 0.7, seed=3), dims="t")
    one = ax.modwt(x, "haar", 1).sel(level="V1")
    want = atrous.hurst_exponent(one.values)
    assert float(ax.hurst_exponent(one).estimate) == pytest.approx(want.estimate)


def test_paired_statistics_take_pandas_indexes_that_differ_only_in_name(rng):
    days = pd.date_range("2020", periods=64, freq="D")
    x = rng.standard_normal(64)
    sx, sy = pd.Series(x, days.rename("t")), pd.Series(x + rng.standard_normal(64), days)
    got = ax.wavelet_correlation(ax.modwt(sx, "haar", 2), ax.modwt(sy, "haar", 2), "haar")
    want = atrous.wavelet_correlation(atrous.modwt(sx.values, "haar", 2),
                                      atrous.modwt(sy.values, "haar", 2), "haar")
    np.testing.assert_allclose(got["correlation"], want.estimate)


def test_paired_statistics_say_the_two_have_different_dims(short):
    wx = ax.modwt(short, "haar", 2)
    wy = ax.modwt(short.rename(t="time"), "haar", 2)
    with pytest.raises(ValueError, match="`wx` and `wy` have different dims"):
        ax.wavelet_covariance(wx, wy, "haar")


def test_denoise_refuses_channel_axis_saying_each_series_is_its_own(rng):
    data = xr.DataArray(rng.standard_normal((2, 64)), dims=("s", "t"))
    with pytest.raises(TypeError, match="`channel_axis`.*on its own.*`dim`"):
        ax.denoise(data, "haar", 2, dim="t", channel_axis=0)


@pytest.mark.parametrize("function", [lambda x, d: ax.modwt(x, "haar", 2, dim=d),
                                      lambda x, d: ax.modwt(x.to_dataset(name="v"), "haar", 2,
                                                            dim=d)],
                         ids=["DataArray", "Dataset"])
def test_dim_must_be_one_name(short, function):
    with pytest.raises(ValueError, match=r"`dim` must be one dimension's name.*\['t'\]"):
        function(short, ["t"])


def test_multiindex_columns_come_back_as_they_were(rng):
    columns = pd.MultiIndex.from_product([["n", "s"], ["a", "b"]], names=["site", "var"])
    frame = pd.DataFrame(rng.standard_normal((64, 4)), columns=columns)
    w = ax.modwt(frame, "haar", 2)
    assert list(w.columns.names) == ["site", "var", "level"]
    assert w[("s", "b", "W2")].equals(ax.modwt(frame[("s", "b")], "haar", 2)["W2"])
    pd.testing.assert_frame_equal(ax.imodwt(w, "haar"), frame, atol=1e-12, rtol=0)
    pd.testing.assert_frame_equal(ax.imra(ax.mra(frame, "haar", 2)), frame, atol=1e-12,
                                  rtol=0)
    assert ax.denoise(frame, "haar", 2).columns.equals(frame.columns)
