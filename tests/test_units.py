"""The one formatter of durations (atrous._units) and the text that uses it: the figures'
band notes and scale axes, the labeled layer's ``periods`` and its messages. Every
expected string is written out by hand (the arithmetic in the comments), not produced by
the formatter."""

import datetime

import numpy as np
import pandas as pd  # pandas, xarray and matplotlib are test extras: never skipped
import pytest
import xarray as xr

import atrous
from atrous import xarray as ax
from atrous._units import duration, period_band, significant
from atrous.plot import plot_mra, plot_wavelet_variance

# -- the formatter -----------------------------------------------------------------------------


@pytest.mark.parametrize("value, unit, want", [
    (7200, "s", "2.00 h"),                    # two hours
    (0.002, "s", "2.00 ms"),
    (0.5, "s", "500 ms"),
    (90, "min", "1.50 h"),
    (36, "h", "1.50 days"),
    (730.5, "days", "2.00 years"),            # a year is 365.25 days
    (365.2, "days", "1.00 years"),            # 0.99986 years: 1.00 to 3 digits
    (364, "days", "364 days"),                # 0.997 years
    (3, "years", "3.00 years"),
    (1234.5, "years", "1230 years"),          # 3 significant digits, no exponent
    (1e9, "years", "1.00e+09 years"),
    (5e-10, "s", "0.500 ns"),                 # below the smallest unit: in it
    (2.5e-6, "s", "2.50 µs"),
    # 3 significant digits decide the unit: 59.94 s is 59.9 s; 59.96 s is 60.0 s (and 0.999
    # min), which is a minute: 1.00 min, never '60.0 s'; 59.99 s is 1.00 min in minutes.
    # Alike below a second, an hour and a day.
    (59.94, "s", "59.9 s"),
    (59.96, "s", "1.00 min"),
    (59.99, "s", "1.00 min"),
    (0.99955, "s", "1.00 s"),                 # 999.55 ms: 1000 ms (and 0.999 s)
    (3599.0, "s", "1.00 h"),                  # 59.98 min: 60.0 min
    (60, "s", "1.00 min"),
    (0.9994, "s", "999 ms"),
    (0.9996, "s", "1.00 s"),
    (86395, "s", "1.00 days"),                # 23.9986 h: 24.0 h to 3 digits
    (86000, "s", "23.9 h"),
    (0.001, "h", "3.60 s"),
    (-5400, "s", "-1.50 h"),                  # negative: its size, with a minus
    (0, "s", "0 s"),
    (np.inf, "s", "∞"),
    (-np.inf, "h", "-∞"),
    (np.nan, "s", "NaN"),
    (4, "samples", "4 samples"),              # counts of samples exactly
    (4096, "samples", "4096 samples"),
    (2.5, "samples", "2.50 samples"),
    (1.5, "m", "1.50 m"),                     # not a unit of time (metres): kept
    (2.5, None, "2.50"),
    (3600, "seconds", "1.00 h"),              # units by their names too
    (2, "hours", "2.00 h"),
])
def test_duration_reads_in_the_largest_unit_it_reaches(value, unit, want):
    assert duration(value, unit) == want


@pytest.mark.parametrize("value, want", [
    (np.timedelta64(90, "m"), "1.50 h"),
    (np.timedelta64(3_600_000_000, "us"), "1.00 h"),     # what the error printed raw
    (np.timedelta64(1, "ms"), "1.00 ms"),
    (np.timedelta64("NaT", "ns"), "NaT"),
    (datetime.timedelta(hours=36), "1.50 days"),
    (datetime.timedelta(0), "0 s"),
])
def test_duration_takes_timedeltas(value, want):
    assert duration(value) == want


def test_duration_takes_pandas_timedeltas():
    # A quarter's mean step, as the labeled scales printed it: 91.3 days.
    assert duration(pd.Timedelta("91 days 07:23:29.885931")) == "91.3 days"
    assert duration(pd.Timedelta(minutes=-90)) == "-1.50 h"


@pytest.mark.parametrize("shortest, longest, unit, want", [
    (2, 4, "h", "2.00–4.00 h"),
    (16, 32, "h", "16.0–32.0 h"),
    (32, 64, "h", "1.33–2.67 days"),          # 32 h is 1.33 days: the shortest decides
    (64, np.inf, "h", "> 2.67 days"),         # open-ended: never 'X–∞'
    (0.002, 0.004, "s", "2.00–4.00 ms"),
    (0.5, 1, "years", "183–365 days"),        # half a year is 182.6 days
    (1, 2, "years", "1.00–2.00 years"),
    (59.96, 119.92, "s", "1.00–2.00 min"),    # rounded up across the minute, both edges
    (2, 4, "samples", "2–4 samples"),
    (16, np.inf, "samples", "> 16 samples"),
    (1, 2, "(time units)", "1.00–2.00 (time units)"),
    (np.nan, 4, "s", "NaN"),
])
def test_period_band(shortest, longest, unit, want):
    assert period_band(shortest, longest, unit) == want


@pytest.mark.parametrize("value, want", [
    (1, "1.00"), (60, "60.0"), (0.5, "0.500"), (0.0012345, "0.00123"), (999.4, "999"),
    (999.6, "1000"), (123456, "123000"), (1.2345e7, "1.23e+07"), (2.5e-5, "2.50e-05"),
    (1.3889e-4, "1.39e-04"), (0.000999, "9.99e-04"), (0.0009996, "0.00100"),  # rounded: 0.001
    (0, "0"), (-2, "-2.00"),
])
def test_three_significant_digits(value, want):
    assert significant(value) == want


# -- the figures -------------------------------------------------------------------------------

def _bands(fig):
    """The band of each panel's note (before its share of the energy)."""
    return [ax_.texts[0].get_text().split(", ")[0] for ax_ in fig.axes if ax_.texts]


def test_an_hourly_series_mra_reads_in_hours(rng):
    hours = pd.date_range("2024-01-01", periods=512, freq="h")
    series = pd.Series(rng.standard_normal(512), index=hours)
    want = ["2.00–4.00 h", "4.00–8.00 h", "8.00–16.0 h", "16.0–32.0 h",
            "> 1.33 days"]                    # the smooth: periods above 32 h
    assert _bands(plot_mra(ax.mra(series, "db2", level=4))) == want
    assert _bands(plot_mra(atrous.mra(series.to_numpy(), "db2", level=4), t=hours)) == want
    # Numbers in seconds, told so: the same bands (not 7.2e+03–1.44e+04 s).
    seconds = np.arange(512) * 3600.0
    assert _bands(plot_mra(atrous.mra(series.to_numpy(), "db2", level=4), t=seconds,
                           time_unit="s")) == want
    # The labeled result carries the same text.
    assert list(ax.modwt(series.to_xarray(), "db2", 4).periods.values) == want


def test_a_1_khz_series_mra_reads_in_milliseconds(rng):
    x = rng.standard_normal(1024)
    fig = plot_mra(atrous.mra(x, "db2", level=3), fs=1000.0)
    # 1000/4 to 1000/2 Hz, periods of 2 to 4 ms; the smooth below 1000/16 Hz, above 16 ms.
    assert _bands(fig) == ["250–500 Hz (2.00–4.00 ms)", "125–250 Hz (4.00–8.00 ms)",
                           "62.5–125 Hz (8.00–16.0 ms)", "0–62.5 Hz (> 16.0 ms)"]
    elapsed = pd.timedelta_range(0, periods=1024, freq="1ms")
    labeled = ax.mra(pd.Series(x, index=elapsed), "db2", level=3)
    assert _bands(plot_mra(labeled)) == ["2.00–4.00 ms", "4.00–8.00 ms", "8.00–16.0 ms",
                                         "> 16.0 ms"]


def test_quarterly_anomalies_read_in_years(rng):
    """Niño 3's quarters (264 from 1950): a mean step of 24014 / 263 = 91.31 days, so 4 of
    them are 365.23 days, 1.00 year to 3 digits."""
    quarters = pd.date_range("1950-01-01", periods=264, freq="QS-JAN")
    sst = xr.DataArray(rng.standard_normal(264), dims="time", coords={"time": quarters})
    w = ax.modwt(sst, "la8", level=5, boundary="reflection")
    want = ["183–365 days", "1.00–2.00 years", "2.00–4.00 years", "4.00–8.00 years",
            "8.00–16.0 years", "> 16.0 years"]
    assert list(w.periods.values) == want
    assert list(ax.modwtmra(w, "la8", boundary="reflection").periods.values) == want
    assert _bands(plot_mra(ax.modwtmra(w, "la8", boundary="reflection"))) == want
    assert w.scale.dtype.kind == "m"          # the numbers stay timedeltas
    # The variance's scale axis: 1 quarter to 16 of them (4 years), in years at its middle.
    fig = plot_wavelet_variance(ax.wavelet_variance(ax.modwt(sst, "la8", level=5), "la8"))
    assert fig.axes[0].get_xlabel() == "scale (years)"
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata()[:3],
                               np.array([1, 2, 4]) * 24014 / 263 / 365.25)


def test_an_hourly_variance_axis_reads_in_hours(rng):
    hours = pd.date_range("2024-01-01", periods=512, freq="h")
    x = xr.DataArray(rng.standard_normal(512), dims="t", coords={"t": hours})
    fig = plot_wavelet_variance(ax.wavelet_variance(ax.modwt(x, "haar", 5), "haar"))
    assert fig.axes[0].get_xlabel() == "scale (h)"
    np.testing.assert_allclose(fig.axes[0].lines[0].get_xdata(), [1, 2, 4, 8, 16])


# -- the labeled layer -------------------------------------------------------------------------

def test_periods_of_numbers_take_the_coordinates_units(rng):
    depth = xr.DataArray(rng.standard_normal(64), dims="z",
                         coords={"z": ("z", np.arange(64) * 0.5, {"units": "m"})})
    assert list(ax.swt(depth, "haar", 2).periods.values) == [
        "1.00–2.00 m", "2.00–4.00 m", "> 4.00 m"]
    seconds = xr.DataArray(rng.standard_normal(64), dims="t",
                           coords={"t": ("t", np.arange(64) * 60.0, {"units": "s"})})
    assert list(ax.swt(seconds, "haar", 2).periods.values) == [
        "2.00–4.00 min", "4.00–8.00 min", "> 8.00 min"]
    plain = xr.DataArray(rng.standard_normal(64), dims="t", coords={"t": np.arange(64) * 2.0})
    assert list(ax.swt(plain, "haar", 1).periods.values) == ["4.00–8.00", "> 8.00"]


def test_the_irregular_index_error_reads_in_units(rng):
    hours = pd.date_range("2024-01-01", periods=64, freq="h").delete(5)  # a 2-hour gap
    with pytest.raises(ValueError, match=r"steps from 1\.00 h to 2\.00 h") as error:
        ax.mra(pd.Series(rng.standard_normal(63), index=hours), "haar", 2)
    assert "microseconds" not in str(error.value) and "nanoseconds" not in str(error.value)
    noleap = xr.date_range("2000-01-01", periods=64, freq="D", calendar="noleap",
                           use_cftime=True).delete(5)
    with pytest.raises(ValueError, match=r"steps from 1\.00 days to 2\.00 days"):
        ax.modwt(xr.DataArray(rng.standard_normal(63), dims="t", coords={"t": noleap}),
                 "haar", 2)


def test_a_step_mismatch_reads_in_units(rng):
    days = pd.date_range("2020-01-01", periods=64, freq="D")
    w = ax.modwt(xr.DataArray(rng.standard_normal(64), dims="t", coords={"t": days}),
                 "haar", 2)
    with pytest.raises(ValueError, match=r"step of 2\.00 days .* was 1\.00 days"):
        ax.wavelet_variance(w.isel(t=slice(None, None, 2)), "haar")
