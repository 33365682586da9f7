"""Figures of multiresolution analyses, coefficients, wavelet variances and starlets.

Needs matplotlib (``pip install ".[plot]"``, see the install page); ``import atrous`` does not
import it, and this module imports it only when a function draws. Every function returns
the ``matplotlib.figure.Figure`` it drew on. Given ``ax`` or ``fig`` (where that makes
sense), it draws into yours; otherwise it makes a new figure through pyplot, as pandas,
xarray and seaborn do: the figure shows at the end of a Jupyter cell (end the line with
``;`` or assign it, or it shows twice, as any pyplot figure does), with ``plt.show()`` and
``fig.show()``, and it pickles. Drawing many in a loop, close each (``plt.close(fig)``)
once saved.

Levels are labelled with their nominal band (:func:`atrous.level_bands`) as the periods it
holds, each band in the largest unit of time its shortest period reaches, to 3 significant
digits (an hourly series' ``'2.00–4.00 h'`` ... ``'16.0–32.0 h'``, ``'1.33–2.67 days'``,
``'> 5.33 days'`` for the smooth; a year is 365.25 days): for datetimes and timedeltas (tz-aware
datetimes drawn in UTC; increasing or decreasing), for numbers ``t`` or a rate ``fs`` in a
``time_unit`` of time (seconds by default for ``fs``), with the band's frequencies first
when ``fs`` is given (``'250–500 Hz (2.00–4.00 ms)'``); in ``t``'s own unit where it is
none of time, in samples without ``t`` or ``fs``.

What :mod:`atrous.xarray` returns is read as its inverses read it: the levels by their
labels, in any order (a ``sortby('level')`` draws the same figure), the transform that made
them where it recorded one, and the coordinate as the time axis: numbers, datetimes,
timedeltas, pandas' Periods (at their start) and cftime dates (standard calendars at their
dates, the others as time since the first); a coordinate of labels (strings) gives the
samples' positions.
"""

import datetime

import numpy as np

from . import _units
from . import _validation as validate
from ._bands import _sampling_rate, band_label, level_bands
from ._wstats import WaveletCorrelation, WaveletCovariance, WaveletVariance

__all__ = ["plot_mra", "plot_coefficients", "plot_wavelet_variance", "plot_logscale_diagram",
           "plot_starlet"]


def _figure(fig=None, **kwargs):
    """``fig``, or a new constrained-layout figure made through pyplot (so that it shows
    as pyplot's figures do: Jupyter's inline backend, ``plt.show()``, ``fig.show()``)."""
    if fig is not None:
        return fig
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # the extra is missing
        raise ImportError('atrous.plot needs matplotlib: pip install ".[plot]" from a clone '
                          "of atrous (see its install page)") from None
    return plt.figure(layout="constrained", **kwargs)


def _frequency_unit(time_unit):
    """The unit of frequencies in cycles per ``time_unit``: ``'Hz'`` for seconds."""
    return "Hz" if _units.seconds_per(time_unit) == 1.0 else f"cycles/{time_unit}"


def _time_axis(n, t, fs, time_unit):
    """``(x values, x label, fs, band unit, frequency unit or None)`` for ``n`` samples:
    bands as periods (:mod:`atrous._units`: in the unit each reads best in, where the unit
    is one of time) in the time unit of ``t`` or ``1 / fs``, with their frequencies when
    ``fs`` is given, in samples when neither is. Datetimes and timedeltas (tz-aware ones
    too) give periods in real units; an axis may increase or decrease."""
    if t is None:
        if fs is not None:
            fs = _sampling_rate(fs)
            unit = time_unit or "s"
            if (n - 1) / fs > np.finfo(np.float64).max:  # an overflowing time axis
                raise ValueError(f"`fs`={fs!r} is too small: the time of the last of {n} "
                                 "samples overflows float64; give `fs` in larger units")
            return np.arange(n) / fs, f"time ({unit})", fs, unit, _frequency_unit(unit)
        return np.arange(n), "sample", 1.0, "samples", None
    t, zone = _as_times(t)
    if t.shape != (n,):
        raise ValueError(f"`t` must hold one time per sample ({n}), got shape {t.shape}")
    if t.dtype.kind in "mM":
        return (*_clock_axis(t, zone, time_unit), None)
    label = "time" if time_unit is None else f"time ({time_unit})"
    if fs is None:
        step = abs(float(np.median(np.diff(t)))) if n > 1 else 1.0
        if not (np.isfinite(step) and step > 0):
            raise ValueError(f"`t` must advance from sample to sample (increasing or "
                             f"decreasing); its median step is {step}")
        return t, label, _sampling_rate(1 / step), time_unit or "(time units)", None
    unit = time_unit or "s"
    return t, label, _sampling_rate(fs), unit, _frequency_unit(unit)


class _Times(tuple):
    """What :func:`_as_times` made of a labeled result's coordinate, kept so that drawing
    it does not convert it again (a Python loop for cftime dates)."""


def _as_times(t):
    """``(t as an array, what its label adds or None)``: tz-aware datetimes (pandas' or
    Python's) as naive datetime64 in UTC (``'UTC'``), so that steps are true durations
    across daylight-saving changes; pandas' Periods as the datetimes they start at;
    cftime dates of the standard calendars as datetime64, of the others as the
    timedeltas since the first (``'since <first>, <calendar> calendar'``); datetimes and
    timedeltas as datetime64 and timedelta64; numbers as floats."""
    if isinstance(t, _Times):
        return tuple(t)
    dtype = getattr(t, "dtype", None)
    if getattr(dtype, "tz", None) is not None:  # pandas, tz-aware
        if hasattr(t, "dt"):  # a Series
            return t.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(), "UTC"
        return t.tz_convert("UTC").tz_localize(None).to_numpy(), "UTC"
    if getattr(dtype, "freq", None) is not None and hasattr(t, "to_timestamp"):  # Periods
        starts = t.dt.to_timestamp() if hasattr(t, "dt") else t.to_timestamp()
        return np.asarray(starts), None
    array = np.asarray(t)
    if array.dtype.kind in "mM":
        return array, None
    values = array.ravel()
    if array.dtype == object and values.size and hasattr(values[0], "calendar"):
        return _cftime_times(values, array.shape)
    if array.dtype == object and values.size and isinstance(values[0], datetime.datetime):
        aware = [getattr(value, "tzinfo", None) is not None for value in values]
        if any(aware) and not all(aware):
            raise ValueError("`t` mixes times with and without a time zone; give all "
                             "of them a zone, or none")
        if all(aware):
            values = [value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
                      for value in values]
        return _numpy_times(values, "to_datetime64", np.datetime64).reshape(array.shape), (
            "UTC" if all(aware) else None)
    if array.dtype == object and values.size and isinstance(values[0], datetime.timedelta):
        return _numpy_times(values, "to_timedelta64", np.timedelta64).reshape(array.shape), None
    if array.dtype == object and values.size and hasattr(values[0], "to_timestamp"):  # Periods
        return _numpy_times([value.to_timestamp() for value in values], "to_datetime64",
                            np.datetime64).reshape(array.shape), None
    try:
        return array.astype(float), None
    except (TypeError, ValueError):
        raise ValueError(f"`t` must hold numbers, datetimes (Periods, cftime dates) or "
                         f"timedeltas, got an array of dtype {array.dtype}") from None


# The cftime calendars whose dates are numpy's (proleptic Gregorian) datetimes.
_GREGORIAN = ("standard", "gregorian", "proleptic_gregorian")


def _cftime_times(values, shape):
    """``_as_times`` of cftime dates (xarray's CFTimeIndex): their time since the first,
    to the microsecond, as timedelta64, added to the first as a datetime64 where the
    calendar is numpy's (standard ones, after year 0)."""
    first = values[0]
    try:
        elapsed = np.array([value - first for value in values], dtype="timedelta64[us]")
    except (TypeError, ValueError):
        raise ValueError("`t` must hold dates of one calendar (cftime dates of several, "
                         "or mixed with other values, have no common time)") from None
    elapsed = elapsed.reshape(shape)
    if first.calendar in _GREGORIAN and first.year >= 1:
        try:
            return np.datetime64(first.isoformat(), "us") + elapsed, None
        except (ValueError, OverflowError):  # beyond what numpy's dates hold: as below
            pass
    return elapsed, f"since {first}, {first.calendar or 'no'} calendar"


def _numpy_times(values, method, numpy_type):
    """Python or pandas datetimes (timedeltas) as one datetime64 (timedelta64) array, to
    the nanosecond that pandas' keep."""
    try:
        return np.array([getattr(value, method)() if hasattr(value, method)
                         else numpy_type(value) for value in values])
    except (TypeError, ValueError, AttributeError):
        raise ValueError("`t` must hold numbers, datetimes or timedeltas (not a mix)") from None


def _seconds(timedeltas):
    """Timedelta64 values (an array or one) as float seconds."""
    return timedeltas / np.timedelta64(1, "s")


def _clock_axis(times, zone, time_unit):
    """``_time_axis`` for datetimes and timedeltas: the rate in cycles per unit of the axis,
    the unit that the mean step reads in (:func:`atrous._units.unit_of`), or ``time_unit``
    if it is a unit of time; datetimes drawn as they are, timedeltas as numbers of that
    unit (since a cftime date, ``zone``, if given)."""
    n = times.shape[0]
    step = abs((times[-1] - times[0]) / (n - 1)) if n > 1 else np.timedelta64(1, "D")
    if np.isnat(step) or step == np.timedelta64(0):
        raise ValueError(f"`t` must advance from sample to sample (increasing or "
                         f"decreasing); it goes from {times[0]} to {times[-1]}")
    length = _units.seconds_per(time_unit)
    unit = time_unit
    if length is None:
        unit, length = _units.unit_of(_seconds(step))
    rate = length / float(_seconds(step))
    if times.dtype.kind == "M":
        return times, "time (UTC)" if zone else "time", rate, unit
    return (_seconds(times) / length, f"time ({unit}{f' {zone}' if zone else ''})", rate,
            unit)


def _labeled_rows(data, what):
    """``(rows, level first; labels; the time coordinate or None)`` of what
    :mod:`atrous.xarray` returns for one series (a DataArray with a ``level`` dim, or a
    DataFrame of a column per level), in the order given; None for anything else. A
    coordinate that is no time (labels, strings) is None: the samples' positions."""
    dims = getattr(data, "dims", None)
    columns = getattr(data, "columns", None)
    if isinstance(dims, tuple) and "level" in dims and hasattr(data, "transpose"):
        ordered = data.transpose("level", ...)
        others = [dim for dim in ordered.dims if dim != "level"]
        if len(others) != 1:
            raise ValueError(f"`{what}` must be for one series (dims {list(data.dims)}): "
                             "select one with .sel or .isel and draw one series at a time")
        time = None
        if others[0] in getattr(ordered, "indexes", {}):  # pandas' index keeps a time zone
            time = ordered.indexes[others[0]]
        elif others[0] in ordered.coords:
            time = ordered[others[0]].values
        rows, labels = np.asarray(ordered.values), [str(v) for v in ordered["level"].values]
    elif columns is not None and getattr(columns, "nlevels", 1) > 1 \
            and "level" in list(columns.names):  # a DataFrame's transform: (series, level)
        series = list(columns.get_level_values(0).unique())
        raise ValueError(f"`{what}` must be drawn one series at a time: it holds the series "
                         f"{series} (a column per series and level); select one, "
                         f"{what}[{series[0]!r}]")
    elif columns is not None and getattr(columns, "name", None) == "level":
        rows, labels, time = data.to_numpy().T, [str(c) for c in columns], data.index
    else:
        return None
    if time is not None:
        try:
            time = _Times(_as_times(time))
        except ValueError:  # labels, not times: drawn at their positions
            time = None
    return rows, labels, time


def _label_order(labels, kinds):
    """The positions in ``labels`` of ``D1 ... DJ`` then the smooth ``AJ`` (say), for the
    first of ``kinds`` (``(details' letter, smooth's letter)``) that the labels are, each
    once, in any order: the levels read by label, as :mod:`atrous.xarray` reads them;
    None if they are none of those."""
    count = len(labels) - 1
    for detail, smooth in kinds:
        expected = [f"{detail}{j}" for j in range(1, count + 1)] + [f"{smooth}{count}"]
        if count >= 1 and sorted(labels) == sorted(expected):
            return [labels.index(label) for label in expected]
    return None


def _mra_rows(components):
    """``(details D_1 ... D_J, smooth)`` of :func:`atrous.mra` (a list, coarsest first)
    or :func:`atrous.modwtmra` (an array of rows D_1 ... D_J, S_J) output."""
    if isinstance(components, np.ndarray):
        rows = [np.asarray(row) for row in components]
        details, smooth = rows[:-1], rows[-1]
    elif isinstance(components, (list, tuple)) and components:
        if all(isinstance(c, (list, tuple)) and len(c) == 2 for c in components):
            raise ValueError("`components` holds (cA, cD) pairs, as atrous.swt returns: "
                             "coefficients, not an MRA; draw them with plot_coefficients, "
                             "or draw atrous.mra(...)'s components")
        smooth = np.asarray(components[0])
        details = [np.asarray(c) for c in components[1:]][::-1]
    else:
        raise ValueError("`components` must be what atrous.mra (a list [A_J, D_J, ..., D_1]) "
                         "or atrous.modwtmra (an array of rows D_1 ... D_J, S_J) returns")
    if not details:
        raise ValueError("`components` must hold at least one level of details")
    if any(d.ndim != 1 or d.shape != smooth.shape for d in details) or smooth.ndim != 1:
        raise ValueError("`components` must be 1-d components of one length (plot the rows "
                         "of an n-d analysis one at a time)")
    return details, smooth


def _mra_order(labels, data):
    """The positions of an MRA's levels ``D1 ... DJ`` then ``AJ`` (of
    :func:`atrous.xarray.mra`) or ``SJ`` (of ``modwtmra``) in ``labels``, read by label;
    a ValueError unless the labels are those (in any order), or where
    :mod:`atrous.xarray` recorded another transform than those two as having made the
    levels (``swt``'s coefficients have the labels of ``mra``'s components)."""
    order = _label_order(labels, (("D", "A"), ("D", "S")))
    if order is None:
        raise ValueError(
            f"`components` has the levels {labels}, which are not an MRA's components "
            "(D1 ... DJ and AJ or SJ, each once, in any order, as atrous.xarray.mra and "
            "modwtmra label them); "
            "coefficients (W1 ... of atrous.xarray.modwt) are drawn by plot_coefficients")
    made_by = _transform_of(data)
    if made_by not in (None, "mra", "modwtmra"):
        raise ValueError(f"`components` are atrous.xarray.{made_by}'s coefficients, not an "
                         "MRA's components (atrous.xarray.mra or modwtmra); coefficients are "
                         "drawn by plot_coefficients")
    return order


def _transform_of(data):
    """The transform :mod:`atrous.xarray` recorded as having made ``data``'s levels (read
    as its inverses read it, for a DataArray; in a DataFrame's attrs), or None."""
    dims = getattr(data, "dims", None)
    if isinstance(dims, tuple) and "level" in dims:
        from .xarray import _record  # a DataArray: xarray is installed

        return _record(data).get("transform")
    made_by = getattr(data, "attrs", {}).get("atrous_levels")
    return made_by.get("transform") if isinstance(made_by, dict) else None


def _check_adds_up(components, signal):
    """A ValueError unless ``components`` (rows) add up to ``signal`` to rounding, where
    both are finite: an MRA is additive, a transform's coefficients are not."""
    signal = np.asarray(signal)
    with np.errstate(over="ignore", invalid="ignore"):  # where it overflows: not compared
        total = np.sum(components, axis=0)
        finite = np.isfinite(total) & np.isfinite(signal)
        size = np.max(np.abs(signal[finite]), initial=0.0)
        error = np.max(np.abs(total - signal)[finite], initial=0.0)
    if error > 1e-4 * size:
        raise ValueError(
            f"`components` do not add up to `signal` (off by up to {error:.3g}, the signal "
            f"reaching {size:.3g}): they are not its MRA; coefficients (atrous.swt, "
            "atrous.modwt) are drawn by plot_coefficients")


def _energy_notes(components):
    """Each component's share of the energy, as text: over the samples where every
    component is finite, a component holding NaN (or inf) marked, and 'energy unknown'
    where no sample is finite in every component."""
    rows = np.asarray(components)
    bad = ~np.isfinite(rows)
    finite = ~bad.any(axis=0)
    magnitudes = np.abs(rows[:, finite])
    peak = np.max(magnitudes, initial=0.0)  # the shares are ratios: scaled, no overflow
    energies = np.sum((magnitudes / peak if peak > 0 else magnitudes) ** 2, axis=1)
    total = energies.sum()
    notes = []
    for row, energy, bad_row in zip(rows, energies, bad):
        if not finite.any() or not np.isfinite(total):
            note = "energy unknown"
        else:
            note = f"{100 * (energy / total if total > 0 else 0.0):.1f} % of the energy"
        count = int(bad_row.sum())
        if count:
            what = "NaN" if np.isnan(row[bad_row]).all() else "NaN or inf"
            note += f" ({what} at {count} of {rows.shape[1]} samples)"
        notes.append(note)
    return notes


def plot_mra(components, signal=None, t=None, fs=None, fig=None, time_unit=None):
    """Stacked panels of a multiresolution analysis: signal, ``D_1, ..., D_J``, smooth.

    Parameters
    ----------
    components : list, ndarray, xarray.DataArray or pandas.DataFrame
        What :func:`atrous.mra` returns (``[A_J, D_J, ..., D_1]``) or what
        :func:`atrous.modwtmra` returns (rows ``D_1 ... D_J, S_J``), for a 1-d signal; or
        what :func:`atrous.xarray.mra` (``modwtmra``) returns for one series, whose level
        labels (read by label, in any order) name the panels and whose coordinate (dates,
        Periods and cftime dates included; labels give the positions) is the x axis.
    signal : array_like, optional
        The signal, drawn in the top panel.
    t : array_like, optional
        The time of each sample, for the shared x axis, increasing or decreasing; the
        bands are then given as periods. Numbers, datetimes (tz-aware ones,
        pandas' or Python's, are drawn in UTC, so that a change of summer time is no
        gap), pandas' Periods (drawn at their start), cftime dates (those of the standard
        calendars at their dates, the others as the time since the first) or
        timedeltas. The bands' periods read in the largest unit of time (``'ms'``,
        ``'s'``, ``'min'``, ``'h'``, ``'days'``, ``'years'``) that each band's shortest
        period reaches, to 3 significant digits.
    fs : float, optional
        The sampling rate: x axis in units of time and bands in cycles per unit (Hz for
        seconds), each followed by its periods (``'250–500 Hz (2.00–4.00 ms)'``).
    fig : matplotlib.figure.Figure, optional
        Draw into this figure (empty) instead of a new one.
    time_unit : str, optional
        The unit of ``t`` and of ``1 / fs`` (``'year'``, say). Default: seconds when ``fs``
        is given. A unit of time (``'ms'``, ``'s'``, ``'min'``, ``'h'``, ``'days'``,
        ``'years'``, or their names: ``'hours'``) gives bands in the unit each reads in
        (numbers ``t`` in seconds of an hourly series: ``'2.00–4.00 h'``); another is kept.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One panel per row, sharing the x axis. Each component's panel is labelled with its
        name (``D3``, ``S5``), its nominal band (:func:`atrous.level_bands`) and its share of
        the components' total energy. Where components hold NaN (or inf), the shares are
        taken over the samples where every component is finite, and each component that
        holds some says how many ("energy unknown" if no sample is finite in all).

    Raises
    ------
    ValueError
        Components that are not what ``mra`` or ``modwtmra`` return for a 1-d signal:
        :func:`atrous.swt`'s pairs, labelled levels other than ``D1 ... DJ`` and ``AJ``
        or ``SJ``, each once (:func:`atrous.xarray.modwt`'s ``W1 ... VJ``, say; levels
        missing or repeated), or made by another transform than ``mra`` or ``modwtmra``
        (:func:`atrous.xarray.swt`'s), a DataFrame of several series (draw one series at
        a time), or, when ``signal`` is given, components that do not add up to it (a
        transform's coefficients); a ``signal`` or ``t`` of another length, or a ``t``
        that does not advance.
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    atrous.mra : The analysis whose output this draws (or ``atrous.modwtmra``'s).
    atrous.level_bands : The band of each level, as labelled here.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> from atrous.plot import plot_mra
    >>> t = np.arange(512) / 64.0                          # 64 samples per second
    >>> x = np.sin(2 * np.pi * 1 * t) + 0.3 * np.sin(2 * np.pi * 12 * t)   # in S4 and D2
    >>> fig = plot_mra(atrous.mra(x, 'sym8', level=4), signal=x, fs=64.0)
    >>> len(fig.axes), fig.axes[1].get_ylabel()
    (6, 'D1')
    >>> fig.axes[1].texts[0].get_text().split(", ")[0]     # D1's band
    '16.0–32.0 Hz (31.2–62.5 ms)'
    >>> fig.axes[5].texts[0].get_text().split(", ")[0]     # the smooth's
    '0–2.00 Hz (> 500 ms)'
    """
    labeled = _labeled_rows(components, "components")
    if labeled is not None:
        rows, labels, time = labeled
        order = _mra_order(labels, components)
        rows, labels = rows[order], [labels[k] for k in order]
        details, smooth = list(rows[:-1]), rows[-1]
        t = time if t is None and fs is None else t
    else:
        details, smooth = _mra_rows(components)
        labels = [f"D{j}" for j in range(1, len(details) + 1)] + [f"S{len(details)}"]
    n = smooth.shape[0]
    rows = [] if signal is None else [("signal", np.asarray(signal), None)]
    if signal is not None and rows[0][1].shape != (n,):
        raise ValueError(f"`signal` must have the components' length {n}, got shape "
                         f"{rows[0][1].shape}")
    if signal is not None:
        _check_adds_up([*details, smooth], rows[0][1])
    x, xlabel, rate, unit, frequency = _time_axis(n, t, fs, time_unit)
    bands = level_bands(len(details), rate)
    edges = [*zip(bands.low, bands.high), bands.smooth]
    for name, values, (low, high), note in zip(labels, [*details, smooth], edges,
                                               _energy_notes([*details, smooth])):
        rows.append((name, values, f"{band_label(low, high, unit, frequency)}, {note}"))
    fig = _figure(fig, figsize=(9, 1.2 * len(rows) + 0.6))
    axes = fig.subplots(len(rows), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (name, values, note) in zip(axes, rows):
        ax.plot(x, values.real if np.iscomplexobj(values) else values, linewidth=0.8,
                color="black" if name == "signal" else "C0")
        ax.set_ylabel(name, rotation=0, ha="right", va="center")
        ax.margins(x=0)
        if note:
            ax.text(1.0, 1.0, note, transform=ax.transAxes, ha="right", va="bottom",
                    fontsize="small")
    axes[-1].set_xlabel(xlabel)
    return fig


def _detail_rows(coeffs):
    """``(details of levels 1 ... J as rows, 'swt' or 'modwt')``."""
    if isinstance(coeffs, np.ndarray):
        if coeffs.ndim != 2 or coeffs.shape[0] < 2:
            raise ValueError("`coeffs` as an array must be what atrous.modwt returns for a 1-d "
                             f"signal, shape (J + 1, N); got shape {coeffs.shape}")
        return np.asarray(coeffs[:-1]), "modwt"
    if not isinstance(coeffs, (list, tuple)) or not coeffs:
        raise ValueError("`coeffs` must be what atrous.swt or atrous.modwt returns")
    if isinstance(coeffs[0], (list, tuple)):
        details = [np.asarray(pair[1]) for pair in coeffs]
    else:
        details = [np.asarray(c) for c in coeffs[1:]]
    if not details or any(d.ndim != 1 or d.shape != details[0].shape for d in details):
        raise ValueError("`coeffs` must hold 1-d coefficients of one length")
    return np.stack(details[::-1]), "swt"


def plot_coefficients(coeffs, wavelet=None, t=None, fs=None, ax=None, time_unit=None):
    """A time–scale image of SWT or MODWT detail coefficients, one row per level.

    Parameters
    ----------
    coeffs : list, ndarray, xarray.DataArray or pandas.DataFrame
        What :func:`atrous.swt` returns (pairs or ``trim_approx``) or what
        :func:`atrous.modwt` returns, for a 1-d signal, or what :func:`atrous.xarray.swt`
        (``modwt``) returns for one series (its levels read by label, in any order; its
        coordinate is the x axis, as for :func:`plot_mra`). Level 1 is the top row. An
        MRA's components are not coefficients: :func:`plot_mra` draws them.
    wavelet : str or pywt.Wavelet, optional
        The wavelet used. When given, the coefficients the boundary affects are shaded:
        those :func:`atrous.brick_wall` marks for the MODWT, those within each level's halo
        of an edge for the (periodic) SWT.
    t, fs, time_unit : optional
        Time of each sample (numbers, datetimes, tz-aware ones in UTC, Periods, cftime
        dates or timedeltas, increasing or decreasing), or the sampling rate, and their
        unit, for the x axis (as :func:`plot_mra`).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The image (a diverging colour map, symmetric about 0) with a colour bar; the rows
        are labelled ``1 ... J``.

    Raises
    ------
    ValueError
        Coefficients that are not what ``swt`` or ``modwt`` return for a 1-d signal:
        labelled levels other than ``W1 ... WJ, VJ`` or ``D1 ... DJ, AJ`` (each once), an
        MRA's components (:func:`atrous.xarray.mra`'s or ``modwtmra``'s, by the transform
        recorded on their levels or by ``modwtmra``'s labels; :func:`atrous.mra`'s NumPy
        list cannot be told from ``swt(..., trim_approx=True)``'s), a DataFrame of several
        series (draw one series at a time).

    See Also
    --------
    atrous.brick_wall : Which MODWT coefficients the boundary affects.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> from atrous.plot import plot_coefficients
    >>> x = np.random.default_rng(0).standard_normal(256).cumsum()
    >>> fig = plot_coefficients(atrous.modwt(x, 'sym4', level=5), wavelet='sym4')
    >>> fig.axes[0].images[0].get_array().shape
    (5, 256)
    """
    labeled = _labeled_rows(coeffs, "coeffs")
    if labeled is not None:
        every_row, labels, time = labeled
        kind, order = _coefficient_order(labels, coeffs)
        coeffs = every_row[order]
        rows = coeffs[:-1]
        t = time if t is None and fs is None else t
    else:
        rows, kind = _detail_rows(coeffs)
    level, n = rows.shape
    x, xlabel = _time_axis(n, t, fs, time_unit)[:2]
    dates = x.dtype.kind == "M"
    if dates:  # imshow places images on numbers: matplotlib's day numbers
        from matplotlib.dates import date2num

        x = date2num(x)
    if ax is None:
        fig = _figure(figsize=(9, 0.35 * level + 1.6))
        ax = fig.subplots()
    fig = ax.figure
    limit = np.nanmax(np.abs(rows)) if rows.size else 1.0
    step = (x[1] - x[0]) if n > 1 else 1.0
    extent = (x[0] - step / 2, x[-1] + step / 2, level + 0.5, 0.5)
    image = ax.imshow(rows.real, aspect="auto", cmap="RdBu_r", vmin=-limit, vmax=limit,
                      extent=extent, interpolation="nearest")
    fig.colorbar(image, ax=ax, label="coefficient")
    if wavelet is not None:
        mask = _boundary_mask(coeffs, rows.shape, wavelet, kind)
        if mask.any():
            ax.imshow(np.where(mask, 1.0, np.nan), aspect="auto", cmap="Greys", vmin=0,
                      vmax=2, alpha=0.45, extent=extent, interpolation="nearest")
    ax.set_yticks(range(1, level + 1))
    ax.set_ylabel("level")
    ax.set_xlabel(xlabel)
    if dates:
        ax.xaxis_date()
    return fig


def _coefficient_order(labels, data):
    """``('modwt' or 'swt', the positions of its levels W1 ... WJ, VJ or D1 ... DJ, AJ in
    labels)``, read by label; a ValueError for an MRA's components (by the transform
    :mod:`atrous.xarray` recorded, or ``modwtmra``'s labels) and for other labels."""
    made_by = _transform_of(data)
    if made_by in ("mra", "modwtmra") or _label_order(labels, (("D", "S"),)) is not None:
        raise ValueError(f"`coeffs` are an MRA's components (atrous.xarray."
                         f"{made_by or 'modwtmra'}'s), not a transform's coefficients: draw "
                         "them with plot_mra")
    for kind, letters in (("modwt", ("W", "V")), ("swt", ("D", "A"))):
        order = _label_order(labels, (letters,))
        if order is not None and made_by in (None, kind):
            return kind, order
    raise ValueError(f"`coeffs` has the levels {labels}"
                     f"{f' of atrous.xarray.{made_by}' if made_by else ''}, which are not "
                     "coefficients of one series as plot_coefficients draws them: W1 ... WJ, "
                     "VJ of atrous.xarray.modwt or D1 ... DJ, AJ of atrous.xarray.swt")


def _boundary_mask(coeffs, shape, wavelet, kind):
    """True where the circular boundary affects a coefficient (rows: levels 1 ... J)."""
    level, n = shape
    if kind == "modwt":
        from ._wstats import brick_wall

        return np.isnan(brick_wall(np.asarray(coeffs), wavelet))[:-1]
    from ._swt import swt_halo

    mask = np.zeros(shape, dtype=bool)
    for j in range(1, level + 1):
        before, after = swt_halo(wavelet, j)
        mask[j - 1, :min(before, n)] = True
        mask[j - 1, max(n - after, 0):] = True
    return mask


def _labeled_table(result):
    """``(name, estimate, lower, upper, scale)`` of what :mod:`atrous.xarray`'s statistics
    return (a Dataset, or a DataFrame of a row per level); None for anything else."""
    if not (hasattr(result, "data_vars") or hasattr(result, "columns")):
        return None  # neither an xarray.Dataset nor a pandas.DataFrame
    names = [name for name in ("variance", "covariance", "correlation") if name in result]
    if not names or "lower" not in result:
        return None
    index = getattr(result, "index", None)
    if index is not None and getattr(index, "nlevels", 1) > 1:
        raise ValueError("`result` holds several series (a row per level and series); "
                         "select one with .xs and draw them one at a time on one `ax`")
    scale = np.asarray(result["scale"]) if "scale" in result else None  # coords count
    fields = [np.asarray(result[name], dtype=float) for name in (names[0], "lower", "upper")]
    labels = _level_labels(result)
    if labels is not None:  # read by label, as atrous.xarray reads them
        order = _label_order(labels, (("W", "V"),))
        if order is None:
            raise ValueError(f"`result` has the levels {labels}: those of "
                             "atrous.xarray.modwt (W1 ... WJ and VJ, each once, in any "
                             "order) are drawn")
        if fields[0].ndim == 1:  # (several series are refused below)
            fields = [field[order] for field in fields]
            scale = None if scale is None else scale[order]
    return (f"wavelet {names[0]}", *fields, scale)


def _level_labels(result):
    """The level labels of a labeled statistic (a Dataset's ``level`` coordinate, a
    DataFrame's ``level`` index or column), as strings; None where it has none."""
    index = getattr(result, "index", None)
    if getattr(index, "name", None) == "level":
        return [str(label) for label in index]
    if "level" in result:  # a Dataset's coordinate, a DataFrame's column
        return [str(label) for label in np.asarray(result["level"])]
    return None


def _scale_in_units(scale):
    """``(numbers, axis label)`` of labeled scales: timedeltas in the unit that the middle
    of the (logarithmic) axis, the geometric mean of the first and last scale, reads in
    (:func:`atrous._units.unit_of`: hours for an hourly series' scales of 1 to 32 hours,
    years for a quarterly one's of 3 months to 4 years)."""
    if scale.dtype.kind != "m":
        return scale.astype(float), "scale"
    seconds = np.abs(_seconds(scale))
    ends = seconds[np.isfinite(seconds) & (seconds > 0)]
    unit, length = _units.unit_of(np.sqrt(ends[0] * ends[-1]) if ends.size else 1.0)
    return _seconds(scale) / length, f"scale ({unit})"


def plot_wavelet_variance(result, fs=None, ax=None, label=None, time_unit="s"):
    """Wavelet variance (or covariance, correlation) against scale, with its interval.

    Parameters
    ----------
    result : WaveletVariance, WaveletCovariance, xarray.Dataset or pandas.DataFrame
        What :func:`atrous.wavelet_variance` (or ``wavelet_covariance``,
        ``wavelet_correlation``) returns for one series (or pair): rows ``W_1 ... W_J,
        V_J``. The detail rows are drawn against their scale ``tau_j = 2**(j - 1) / fs``,
        or, for what :func:`atrous.xarray.wavelet_variance` returns, against its ``scale``
        (timedeltas in the unit that the middle of the axis reads in: hours for an hourly
        series' scales of 1 to 32 hours, years for a quarterly one's), its levels read by
        label in any order. A ``WaveletCorrelation`` (what ``wavelet_correlation``
        returns) is labelled as a correlation.
    fs : float, optional
        The sampling rate: scales in units of time. Default: in samples.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (for several series on one plot).
    label : str, optional
        The legend label of the estimate.
    time_unit : str, optional
        The unit of ``1 / fs``, for the axis label. Default ``'s'``.

    Returns
    -------
    fig : matplotlib.figure.Figure
        The estimate (points joined by a line) and its confidence band, the y axis
        labelled ``'wavelet variance'`` (``covariance``, ``correlation``); log–log axes
        for a variance (of positive values), a logarithmic scale axis and a linear one for
        a covariance or a correlation.

    Raises
    ------
    ValueError
        A result for several series at once (draw them one at a time, on one ``ax``);
        labelled levels other than ``W1 ... WJ, VJ``, each once.
    TypeError
        A ``result`` of another type: a dict, a plain tuple or list of arrays.

    See Also
    --------
    atrous.wavelet_variance : The estimate and its interval; ``wavelet_covariance`` and
        ``wavelet_correlation`` for two series.
    atrous.level_bands : The scales ``tau_j``.
    plot_mra : The components themselves.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> from atrous.plot import plot_wavelet_variance
    >>> x = np.random.default_rng(0).standard_normal(1024).cumsum()   # a random walk
    >>> result = atrous.wavelet_variance(atrous.modwt(x, 'sym4', level=6), 'sym4')
    >>> fig = plot_wavelet_variance(result)
    >>> fig.axes[0].get_xscale(), fig.axes[0].get_yscale()
    ('log', 'log')
    """
    table = _labeled_table(result)
    if table is not None:
        name, estimate, lower, upper, labeled_scale = table
    elif not isinstance(result, (WaveletVariance, WaveletCovariance)):
        raise TypeError(
            "`result` must be what atrous.wavelet_variance, wavelet_covariance or "
            "wavelet_correlation returns (a WaveletVariance or WaveletCovariance), or what "
            "their atrous.xarray versions return (an xarray.Dataset or a pandas.DataFrame "
            f"with 'variance', 'lower' and 'upper'); got a {type(result).__name__}")
    else:
        estimate = np.asarray(result[0], dtype=float)
        lower, upper = (np.asarray(r, dtype=float) for r in (result[1], result[2]))
        name = ("wavelet variance" if isinstance(result, WaveletVariance) else
                "wavelet correlation" if isinstance(result, WaveletCorrelation) else
                "wavelet covariance")
        labeled_scale = None
    if estimate.ndim != 1:
        raise ValueError(f"`result` holds several series (estimate of shape {estimate.shape}); "
                         "draw them one at a time on one `ax`")
    level = estimate.shape[0] - 1
    if level < 1:
        raise ValueError("`result` must hold at least one detail level")
    scale = level_bands(level, 1.0 if fs is None else fs).scale
    scale_label = f"scale ({time_unit})" if fs is not None else "scale (samples)"
    if labeled_scale is not None and fs is None:
        scale, scale_label = _scale_in_units(labeled_scale[:level])
    values, lower, upper = estimate[:level], lower[:level], upper[:level]
    if ax is None:
        fig = _figure(figsize=(5.5, 4))
        ax = fig.subplots()
    fig = ax.figure
    line, = ax.plot(scale, values, marker="o", label=label)
    if np.isfinite(lower).any():
        ax.fill_between(scale, lower, upper, alpha=0.25, color=line.get_color(), linewidth=0)
    ax.set_xscale("log", base=2)
    if name == "wavelet variance" and np.all(values[np.isfinite(values)] > 0):
        ax.set_yscale("log")
    ax.set_xlabel(scale_label)
    ax.set_ylabel(name)
    if label is not None:
        ax.legend()
    return fig


def plot_logscale_diagram(result, ci=0.95, ax=None, label=None):
    """The log-scale diagram of one series, with intervals, and the fitted line of ``H``.

    Parameters
    ----------
    result : LogscaleDiagram, HurstEstimate, FractionalDEstimate or xarray.Dataset
        What :func:`atrous.logscale_diagram` returns, or an estimate (its ``diagram``),
        for one series, or what :func:`atrous.xarray.hurst_exponent` returns for one
        DataArray series (for a pandas Series it returns the estimate only: pass
        ``series.to_xarray()`` to it for the diagram). For :func:`atrous.hurst_exponent`'s
        estimate the weighted regression line is drawn over its levels and the legend
        gives ``H`` and its interval.
    ci : float, optional
        The coverage of each level's interval, ``y_j +- z sqrt(Var y_j)``. Default 0.95.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (several series on one diagram).
    label : str, optional
        The legend label of the points (with the estimate appended for an estimate of
        ``H``).

    Returns
    -------
    fig : matplotlib.figure.Figure
        ``log2`` of the wavelet variance against the level ``j`` (the scale ``2**(j-1)``
        samples on the top axis). The slope is ``2H - 2 = 2d - 1`` for a stationary
        series (fractional Gaussian noise, ARFIMA; -1 for white noise) and ``2H`` for its
        cumulative sum (fractional Brownian motion).

    Raises
    ------
    ValueError
        A result for several series at once, or a ``ci`` outside ``(0, 1)``.
    TypeError
        A ``result`` without a log-scale diagram (the pandas estimates of
        :func:`atrous.xarray.hurst_exponent`, say).

    See Also
    --------
    atrous.logscale_diagram : The diagram and its variances.
    atrous.hurst_exponent : The weighted regression drawn here.
    plot_wavelet_variance : The wavelet variance itself, with its chi-square intervals.

    Examples
    --------
    >>> import atrous
    >>> from atrous.plot import plot_logscale_diagram
    >>> x = atrous.simulate_fgn(2**12, 0.8, seed=0)
    >>> fig = plot_logscale_diagram(atrous.hurst_exponent(x), label="fGn")
    >>> [text.get_text()[:8] for text in fig.axes[0].get_legend().get_texts()]
    ['fit: H =', 'fGn']
    """
    diagram = getattr(result, "diagram", result)
    if not hasattr(diagram, "log2_variance"):
        raise TypeError(_no_diagram(result))
    values = np.asarray(diagram.log2_variance, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"`result` holds several series (log2_variance of shape "
                         f"{values.shape}); draw them one at a time on one `ax`")
    ci = validate.open_interval(ci, "ci", 0, 1, "each level's interval coverage")
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + ci / 2)
    levels = np.asarray(diagram.level, dtype=float)
    spread = z * np.sqrt(np.asarray(diagram.variance_of_log2, dtype=float))
    if ax is None:
        fig = _figure(figsize=(5.5, 4))
        ax = fig.subplots()
        top = ax.secondary_xaxis("top", functions=(
            lambda j: 2.0 ** (j - 1), lambda tau: np.log2(np.maximum(tau, 2.0**-1000)) + 1))
        top.set_xticks(2.0 ** (levels - 1), [f"{2 ** (j - 1):g}" for j in levels])
        top.set_xlabel("scale (samples)")
    points = ax.errorbar(levels, values, yerr=spread, marker="o", linestyle="none",
                         capsize=3, label=label)
    slope = getattr(result, "slope", None)
    if slope is not None:  # hurst_exponent's weighted least squares, over its levels
        from ._longmemory import fitted_line

        ax.plot(levels, fitted_line(diagram, float(slope)), color=points[0].get_color(),
                label=f"fit: H = {float(result.estimate):.3f} "
                      f"[{float(result.low):.3f}, {float(result.high):.3f}]")
    ax.set_xlabel("level j")
    ax.set_ylabel("log2 wavelet variance")
    ax.set_xticks(levels)
    if label is not None or slope is not None:
        ax.legend()
    return ax.figure


def _no_diagram(result):
    """What a ``result`` without a log-scale diagram is, and what to pass instead."""
    wanted = ("`result` must be a log-scale diagram or an estimate that holds one (what "
              "atrous.logscale_diagram, atrous.hurst_exponent or fractional_d_mle return, "
              "or atrous.xarray.hurst_exponent for a DataArray)")
    if _holds(getattr(result, "index", None), "estimate"):
        return (f"{wanted}; got a pandas Series of the estimate and its interval only, "
                "what atrous.xarray.hurst_exponent (fractional_d_mle) returns for a "
                "Series: pass atrous.xarray.hurst_exponent(series.to_xarray(), ...) "
                "instead, whose Dataset holds the diagram")
    if _holds(getattr(result, "columns", None), "estimate"):
        return (f"{wanted}; got a pandas DataFrame of the estimate and its interval only "
                "(a row per series), what atrous.xarray.hurst_exponent returns for a "
                "DataFrame: draw one series at a time, "
                "atrous.xarray.hurst_exponent(frame[name].to_xarray(), ...)")
    return f"{wanted}; got a {type(result).__name__}"


def _holds(labels, name):
    """Whether pandas ``labels`` (an Index, or anything else) hold ``name``."""
    try:
        return hasattr(labels, "get_loc") and name in labels
    except TypeError:
        return False


def plot_starlet(scales, ncols=None, cmap="gray", fig=None):
    """The scales of a 2-d starlet transform as a grid of images.

    Parameters
    ----------
    scales : ndarray, shape (J + 1, H, W), or xarray.DataArray
        What :func:`atrous.starlet` returns for an image: ``w_1 ... w_J, c_J``, or what
        :func:`atrous.xarray.starlet` returns (titled with its level labels).
    ncols : int, optional
        Images per row. Default: all in one row up to 4, then rows of 4.
    cmap : str, optional
        The colour map. Default ``'gray'``.
    fig : matplotlib.figure.Figure, optional
        Draw into this figure (empty) instead of a new one.

    Returns
    -------
    fig : matplotlib.figure.Figure
        One panel per scale, titled ``w1 ... wJ`` and ``cJ``.

    Raises
    ------
    ValueError
        ``scales`` that are not a starlet of an image.

    See Also
    --------
    atrous.starlet : The transform drawn here.
    atrous.starlet_denoise : What the scales' significant coefficients serve.
    atrous.starlet_noise_levels : The noise each scale holds.
    plot_coefficients : The 1-d counterpart, one row per level.

    Examples
    --------
    >>> import numpy as np, atrous
    >>> from atrous.plot import plot_starlet
    >>> image = np.random.default_rng(0).standard_normal((64, 64))
    >>> fig = plot_starlet(atrous.starlet(image, 3))
    >>> [ax.get_title() for ax in fig.axes if ax.images]
    ['w1', 'w2', 'w3', 'c3']
    """
    dims = getattr(scales, "dims", None)
    names = None
    if isinstance(dims, tuple) and "level" in dims:  # atrous.xarray.starlet's
        names = [str(v) for v in scales["level"].values]
        scales = scales.transpose("level", ...)
    scales = np.asarray(scales)
    if scales.ndim != 3 or scales.shape[0] < 2:
        raise ValueError("`scales` must be what atrous.starlet returns for an image, shape "
                         f"(J + 1, H, W); got shape {scales.shape}")
    count = scales.shape[0]
    ncols = min(count, 4) if ncols is None else validate.positive_integer(ncols, "ncols")
    nrows = -(-count // ncols)
    fig = _figure(fig, figsize=(2.6 * ncols, 2.6 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    names = names or [f"w{j}" for j in range(1, count)] + [f"c{count - 1}"]
    for ax in axes:
        ax.set_axis_off()
    for ax, name, image in zip(axes, names, scales):
        ax.imshow(image.real, cmap=cmap, interpolation="nearest")
        ax.set_title(name)
    return fig
