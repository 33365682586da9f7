"""Labeled data in, labeled results out: atrous on xarray and pandas objects.

Needs xarray (``pip install ".[xarray]"`` from a clone of atrous, see its install page);
``import atrous`` imports neither xarray nor pandas. The functions mirror the NumPy ones and
take ``dim=`` (``dims=`` for the n-d transforms) instead of ``axis=``. A transform along
``dim`` keeps every coordinate and the attributes, and adds a dimension ``level`` labelled
``'D1' ... 'DJ'`` and ``'AJ'`` (``'W1' ... 'WJ'`` and ``'VJ'`` for the MODWT, ``'D1' ...
'DJ'`` and ``'SJ'`` for an analysis from it, ``'W1' ... 'WJ'`` and ``'CJ'`` for the
starlet), with, for each level, its ``scale`` and the shortest and longest periods it holds
(``period_low``, ``period_high``) in the units of the ``dim`` coordinate: numbers, or
timedeltas for dates (datetime64, time-zone aware, pandas periods, cftime; the mean step for
dates at a calendar frequency, such as monthly); scales too long for timedelta64 are floats
in its unit, with a warning. The band is also given as text to read, ``periods``: in the
largest unit of time its shortest period reaches (milliseconds to years of 365.25 days), to
3 significant digits (``'16.0–32.0 h'``, ``'1.33–2.67 days'``, ``'> 5.33 days'`` for the
smooth), in samples where the coordinate has no step, and in the coordinate's ``units``
attribute, if it has one, for numbers. A transform assumes equally spaced samples, so a
coordinate with uneven steps raises a ``ValueError`` naming the dim (``denoise`` and
``correlate1d`` too); steps that differ only by the rounding of the values (float32 times,
epoch seconds at 100 Hz, a third of a second in nanoseconds) are equal, and so are the steps
of dates at a calendar frequency, increasing or decreasing. The names ``level``, ``scale``,
``period_low``, ``period_high`` and ``periods`` are the levels': data that already has a
dim, coordinate or (a Dataset) data variable of one of these names is refused (rename it).

These functions are not PyWavelets drop-ins, and their defaults are the better analysis:
:func:`mra`, :func:`swt` and :func:`swtn` mirror the edges (``mode='symmetric'``) where
the NumPy functions keep PyWavelets' ``'periodization'``, which joins the end of a series
to its start (a trending series gets spikes at both edges of every level); pass
``mode='periodization'`` for PyWavelets' result. The inverses take the mode the forward
call recorded. :func:`modwt` keeps waveslim's and MATLAB's ``boundary='periodic'``, on
which the wavelet statistics' interior coefficients (:func:`atrous.brick_wall`) count;
``boundary='reflection'`` mirrors its edges. :func:`starlet` mirrors them, as the NumPy
function does.

The level coordinate's attrs (a DataFrame's, for pandas) record what the transform saw:
the transform, the dims it transformed, and for each the order, the number of samples,
the step and whether the series was reflected; and the forward call's parameters (the
wavelet's name, or ``'custom'``, the mode or boundary, ``norm``, ``generation``, the
starlet's kernel as ``'default'`` or ``'custom'``). They are strings and numbers only
(one value per dim, a JSON list for several), so netCDF keeps them. An inverse or
statistic given another wavelet (compared by its filters), mode, boundary, norm,
generation or kernel than the forward call's raises a ``ValueError`` naming the argument
and the recorded value. The result's ``encoding`` keeps a copy of the record, which a
Dataset keeps per variable (its variables share one ``level`` coordinate, whose attrs
are the first variable's), as selections do; arithmetic drops it.

The inverses and the statistics read the levels by their labels, not by their position:
sorted, reordered or selected levels give the same result, while missing, repeated or
unknown levels (another transform's: ``D``/``A`` labels into :func:`imodwt`, ``W``/``V``
into :func:`iswt`) raise a ``ValueError`` naming them, and so do ``D``/``A`` levels that
lost that record (the labels of :func:`swt`'s coefficients and :func:`mra`'s components
alike). They check each transformed dim against the record: a ``dim`` other than the one
transformed, a coordinate no longer equally spaced or in the other order, or, for an
inverse, a part of the samples (truncated) or every k-th of them (the statistics take
any consecutive part, but no more samples than the transform made, and a reflected
series' coefficients whole only) raise a ``ValueError`` naming the dim. The paired
statistics align their two inputs on their coordinates as xarray does (an inner join),
after checking that the two were transformed in the same order, at the same step and
with the same boundary; a reflected series' coefficients pair only whole.

A pandas ``Series`` is the data of a ``DataArray`` along its index, a ``DataFrame`` one
series per column; the result comes back as pandas: a ``DataFrame`` with a column per
level (per series and level). A ``Dataset`` maps over its data variables that have the
dim. A Dask-backed ``DataArray`` stays lazy: the data go through atrous's Dask layer (its
chunk sizes must be known). Nullable (``Float64``) and object columns are floats, their
missing values NaN, for every function. The inverses take what the forward functions
return.
"""

import contextlib
import functools
import inspect
import json
import re

import numpy as np
import pandas as pd
import xarray as xr

import atrous

from . import _units, _validation
from ._docstrings import fill_docstrings
from ._modwt import WAVESLIM_NAMES

__all__ = ["swt", "iswt", "swtn", "iswtn", "mra", "imra", "modwt", "imodwt", "modwtmra",
           "wavelet_variance", "wavelet_covariance", "wavelet_correlation", "starlet",
           "istarlet", "denoise", "poisson_denoise", "correlate1d", "hurst_exponent",
           "fractional_d_mle"]

LEVEL = "level"
# The non-index coordinates of the level dimension.
LEVEL_COORDS = ("scale", "period_low", "period_high", "periods")
# The dimension of a DataFrame's columns, while it is a DataArray.
COLUMNS = "columns"
# The key of a DataFrame of levels' attrs that holds what the level coordinate's attrs hold
# for xarray (see RECORD), for its index, and the name of the Series transformed.
MADE_BY = "atrous_levels"
# What a forward function records on the level coordinate (attrs) for each transformed dim,
# beside ``dims``, ``transform`` and the number of ``levels``: the coordinate's direction
# (1 increasing, -1 decreasing, 0 labels or none), the number of samples along it, its step
# (a float, NaN for none; in ticks of ``step_units`` for timedeltas, '-' for numbers) and
# whether its samples are a reflected series' (1) or the series' own (0). The inverses and
# statistics check what they are given against it (:func:`_check_record`).
RECORD = ("directions", "sizes", "steps", "step_units", "reflected")
# A DataFrame's attrs hold the same, one value each (for its index), under these keys.
RECORD_PANDAS = ("direction", "size", "step", "step_unit", "reflected")
# The forward call's parameters that the record keeps (those the call was given: the
# wavelet's name, or 'custom'; the mode or boundary; norm and generation as integers; the
# starlet's kernel as 'default' or 'custom'), which the inverses and statistics given the
# same argument check (:func:`_check_parameters`).
PARAMETERS = ("wavelet", "mode", "boundary", "norm", "generation", "kernel")


def _to_pandas(result, index, dim, columns=None, name=None, column_names=None):
    """A result over ``dim`` (and the ``columns`` dim, the series of a DataFrame, and
    ``level`` if it has them) as pandas on ``index``: a Series, or a DataFrame of a column
    per series and level. ``column_names``: the names of a DataFrame's MultiIndex columns,
    whose series are tuples (they come back as a MultiIndex, the levels last)."""
    series, levels = columns is not None and columns in result.dims, LEVEL in result.dims
    if len(index) > result.sizes[dim]:  # the inverse of a reflected series' transform
        index = index[:result.sizes[dim]]
    elif len(index) < result.sizes[dim]:  # a reflected series' transform: continued
        continued = pd.Index(_values(result, dim)[len(index):] if dim in result.coords else
                             np.arange(len(index), result.sizes[dim]))
        whole = index.append(continued)  # (its kind and frequency kept, for the inverse)
        if isinstance(index, xr.CFTimeIndex):
            whole = xr.CFTimeIndex(whole)
        elif getattr(index, "freq", None) is not None:
            with contextlib.suppress(ValueError):  # (a continuation at another frequency)
                whole = type(index)(whole, freq=index.freq)
        index = whole
    attrs = {key: value for key, value in result.attrs.items() if key != MADE_BY}
    if not series and not levels:
        out = pd.Series(result.values, index=index, name=name)
        out.attrs.update(attrs)
        return out
    # One copy, into pandas' own layout: a block of a row per column, the samples along it.
    order = [columns] * series + [LEVEL] * levels + [dim]
    block = np.ascontiguousarray(result.transpose(*order).values).reshape(-1, len(index))
    names = [None if columns == COLUMNS else columns]
    if series and column_names:
        header = pd.MultiIndex.from_tuples(
            [(*key, label) for key in result[columns].values for label in result[LEVEL].values]
            if levels else list(result[columns].values),
            names=list(column_names) + [LEVEL] * levels)
    elif series and levels:
        header = pd.MultiIndex.from_product([result[columns].values, result[LEVEL].values],
                                            names=names + [LEVEL])
    elif series:
        header = pd.Index(result[columns].values, name=names[0])
    else:
        header = pd.Index(result[LEVEL].values, name=LEVEL)
    frame = pd.DataFrame(block.T, index=index, columns=header, copy=False)
    frame.attrs.update(attrs)
    record = _record(result) if levels else {}
    if record.get("transform"):
        # For the inverses' checks (pandas carries attrs along), and the Series' name.
        frame.attrs[MADE_BY] = {"transform": record["transform"],
                                "levels": record.get("levels"), "name": name,
                                **{short: record[key][0] for key, short
                                   in zip(RECORD, RECORD_PANDAS) if key in record},
                                **{key: record[key] for key in PARAMETERS if key in record}}
    return frame


def _as_dataarray(data, dim):
    """``(DataArray, dim, back)``: ``back`` turns a labeled result into the input's kind."""
    _one_dim(dim)
    if isinstance(data, (pd.Series, pd.DataFrame)):
        dim = dim or data.index.name or "index"
        coords = {dim: data.index.to_numpy()}
        attrs = {key: value for key, value in data.attrs.items() if key != MADE_BY}
        if isinstance(data, pd.Series):
            array = xr.DataArray(_numbers(data), coords=coords, dims=[dim], name=data.name,
                                 attrs=attrs)
            columns = None
        else:
            if not data.columns.is_unique:
                repeated = list(data.columns[data.columns.duplicated()].unique())
                raise ValueError(f"`data` has repeated column names: {repeated}; the results "
                                 "are labelled by column, so give each column its own name")
            columns = data.columns.name or COLUMNS
            _distinct_axes(dim, columns, "data")
            coords[columns] = _keys(data.columns)
            array = xr.DataArray(_columns(data), dims=[columns, dim], coords=coords,
                                 attrs=attrs)
        column_names = list(data.columns.names) if isinstance(
            getattr(data, "columns", None), pd.MultiIndex) else None
        return array, dim, functools.partial(_to_pandas, index=data.index, dim=dim,
                                             columns=columns,
                                             name=getattr(data, "name", None),
                                             column_names=column_names)
    if isinstance(data, xr.DataArray):
        data = _without_selected_level(data)
        if dim is None:
            if data.ndim != 1:
                raise ValueError(f"`dim` must name the dimension to transform, one of "
                                 f"{list(data.dims)}")
            dim = data.dims[0]
        if dim not in data.dims:
            raise ValueError(f"`dim`={dim!r} is not a dimension of the data: "
                             f"{list(data.dims)}")
        _known_chunks(data, "data")
        if data.dtype == object and data.chunks is None:
            data = data.copy(data=_numbers(data.values))
        elif data.dtype == object:  # a Dask array stays lazy: each block as floats
            data = data.copy(data=data.data.map_blocks(_numbers, dtype=np.float64))
        return data, dim, lambda result: result
    raise TypeError(f"`data` must be an xarray.DataArray or Dataset, or a pandas.Series or "
                    f"DataFrame, got {type(data).__name__} (the functions of the same name in "
                    "atrous take NumPy arrays)")


def _one_dim(dim):
    """A ``ValueError`` for a ``dim`` that is a list of names (a transform runs along one
    dim)."""
    if isinstance(dim, (list, tuple, set)):
        advice = f"`dim={next(iter(dim))!r}`" if len(dim) == 1 else \
            "the others are series of their own"
        raise ValueError(f"`dim` must be one dimension's name, got {dim!r}: a transform runs "
                         f"along one dimension ({advice})")


def _without_selected_level(array):
    """``array`` without the scalar (0-d) ``level``, ``scale``, ``period_*`` and ``periods``
    coordinates that selecting one level (``.sel(level='W2')``) leaves: they describe the
    selection, not a dim, and the coefficients of a level are a series to transform again.
    (A scalar ``scale`` without a scalar ``level`` is the data's own: refused, as a name the
    levels take.)"""
    if LEVEL not in array.coords or array.coords[LEVEL].ndim != 0 or LEVEL in array.dims:
        return array
    return array.drop_vars([name for name in (LEVEL, *LEVEL_COORDS)
                            if name in array.coords and array.coords[name].ndim == 0])


def _keys(columns):
    """A DataFrame's column labels as a 1-d NumPy array (a MultiIndex's as tuples)."""
    keys = np.empty(len(columns), dtype=object) if isinstance(columns, pd.MultiIndex) \
        else None
    if keys is None:
        return columns.to_numpy()
    keys[:] = list(columns)
    return keys


def _distinct_axes(dim, columns, name):
    """A ``ValueError`` if a DataFrame's index (as ``dim``) and its columns have one name:
    the two would be one dimension."""
    if dim == columns:
        raise ValueError(f"`{name}`'s index and its columns are both named {dim!r}: they "
                         "become two dimensions, which need two names; rename one "
                         f"(`{name}.rename_axis(index=...)` or "
                         f"`{name}.rename_axis(columns=...)`)")


def _not_axis(kwargs, dims="dim"):
    """A ``TypeError`` for ``axis=`` or ``axes=`` among ``kwargs``: the NumPy functions'
    arguments, which the labeled ones take by name as ``dims``."""
    for key in ("axis", "axes"):
        if key in kwargs:
            raise TypeError(f"`{key}` is the NumPy functions' argument: the functions of "
                            f"atrous.xarray take `{dims}` (the dimension's name) instead")


def _numbers(values):
    """A Series' (or an object array's) values as a NumPy array of numbers: nullable and
    object dtypes as floats, their missing values (``pd.NA``, None) as NaN; every function
    takes them alike."""
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, np.dtype) and values.dtype != object:
            return values.to_numpy()
        values = values.to_numpy(dtype=object)
    if values.dtype != object:
        return values
    missing = pd.isna(values)
    try:
        return np.where(missing, np.nan, values).astype(np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"`data` must hold numbers, got values of type "
                        f"{type(values[~missing].flat[0]).__name__} in an array of dtype "
                        f"object ({error})") from error


def _columns(frame):
    """A DataFrame's values, a row per column: a view where pandas keeps each column's
    samples contiguous (so the transforms run along contiguous memory); nullable or object
    columns each as :func:`_numbers` makes its Series."""
    if all(isinstance(dtype, np.dtype) and dtype.kind in "iufc" for dtype in frame.dtypes):
        return frame.to_numpy().T
    return np.stack([_numbers(frame.iloc[:, k]) for k in range(frame.shape[1])])


def _known_chunks(array, name):
    """A ``ValueError`` for a Dask-backed ``array`` whose chunk sizes are unknown (NaN)."""
    chunks = array.chunks
    if chunks is not None and any(np.isnan(size) for sizes in chunks for size in sizes):
        unknown = [d for d, sizes in zip(array.dims, chunks) if np.isnan(sizes).any()]
        raise ValueError(f"`{name}` is a Dask array with unknown chunk sizes along {unknown} "
                         "(after boolean indexing, for instance): call "
                         "`.compute_chunk_sizes()` on the Dask array first")


def _over_variables(function, adds_levels=True):
    """Let ``function(data, ..., dim=...)`` take a Dataset: it maps over the data variables
    that have ``dim`` (the others are kept as they are); an error names the variable. A
    function that ``adds_levels`` refuses a Dataset with a variable of the levels'
    names."""

    @functools.wraps(function)
    def mapped(data, *args, dim=None, **kwargs):
        if not isinstance(data, xr.Dataset):
            return function(data, *args, dim=dim, **kwargs)
        if dim is None:
            raise ValueError(f"`dim` must name the dimension to transform for a Dataset, one "
                             f"of {list(data.dims)}")
        _one_dim(dim)
        if adds_levels:
            _check_free_variables(data)
        variables = {}
        for name, variable in data.data_vars.items():
            if dim not in variable.dims:
                variables[name] = variable
                continue
            try:
                variables[name] = function(variable, *args, dim=dim, **kwargs)
            except (ValueError, TypeError) as error:  # said of the variable
                message = str(error).replace("`data`", f"`data[{name!r}]`")
                if message == str(error):
                    message = f"`data[{name!r}]`: {message}"
                raise type(error)(message) from error
        return xr.Dataset(variables, attrs=dict(data.attrs))
    return mapped


def _check_free_variables(data):
    """A ``ValueError`` if the Dataset ``data`` has a data variable named as the levels or
    their coordinates (it would be dropped, or clash, when the levels are added)."""
    for taken in (LEVEL, *LEVEL_COORDS):
        if taken in data.data_vars:
            raise ValueError(f"`data` has a variable named {taken!r}, which atrous.xarray "
                             f"gives the levels: rename it first "
                             f"(`.rename({{{taken!r}: ...}})`)")


def _over_coefficients(function):
    """Let ``function(coeffs, ...)``, an inverse, take a Dataset of what the forward
    function returned for each variable: it maps over the variables with a ``level`` dim."""

    signature = inspect.signature(function)

    @functools.wraps(function)
    def mapped(coeffs, *args, **kwargs):
        if not isinstance(coeffs, xr.Dataset):
            return function(coeffs, *args, **kwargs)
        arguments = signature.bind(coeffs, *args, **kwargs).arguments
        dims = arguments.get("dim", arguments.get("dims"))
        first = f"`{next(iter(signature.parameters))}`"
        variables = {}
        for name, variable in coeffs.data_vars.items():
            if not _transformed(variable, dims):
                variables[name] = variable
                continue
            try:
                variables[name] = function(variable, *args, **kwargs)
            except (ValueError, TypeError) as error:  # said of the variable
                message = str(error).replace(first, f"{first[:-1]}[{name!r}]`")
                if message == str(error):
                    message = f"{first[:-1]}[{name!r}]`: {message}"
                raise type(error)(message) from error
        return xr.Dataset(variables, attrs=dict(coeffs.attrs))
    return mapped


def _transformed(variable, dims):
    """Whether a Dataset's ``variable`` holds a transform's levels: a ``level`` dim and the
    transformed dims (``dims``, or those recorded). A variable without them (one that
    ``.where`` or per-level weights broadcast onto the levels) is passed through."""
    if LEVEL not in variable.dims:
        return False
    wanted = _record(variable).get("dims") if dims is None else \
        [dims] if isinstance(dims, str) else list(dims)
    return not wanted or any(dim in variable.dims for dim in wanted)


@contextlib.contextmanager
def _in_dims(dims, data="data"):
    """Errors of the NumPy functions said in the labeled data's terms: ``axis 1`` of the
    signal becomes its dim, ``dim `time```, and their ``x`` is ``data`` (or what
    ``data`` names)."""
    try:
        yield
    except (ValueError, TypeError) as error:  # numpy's AxisError is a ValueError
        def named(match):
            axis = int(match[1])
            return f"dim `{dims[axis]}`" if -len(dims) <= axis < len(dims) else match[0]
        message = re.sub(r"\baxis (-?\d+)\b", named, str(error))
        message = message.replace("`x`", f"`{data}`")  # the NumPy functions' name for it
        if message == str(error):
            raise
        raise type(error)(message) from error


def _values(array, dim):
    """The ``dim`` coordinate's values as NumPy holds them: time-zone aware dates as
    ``pd.Timestamp`` objects (not pandas' deprecated UTC ``.values``)."""
    index = array.indexes.get(dim)
    if isinstance(index, pd.DatetimeIndex) and index.tz is not None:
        return index.astype(object).to_numpy()
    return np.asarray(array.coords[dim].values)


def _spacing(array, dim):
    """The step of the ``dim`` coordinate (a number or a timedelta; its size, if the
    coordinate decreases), None if it has none or holds labels; a ``ValueError`` naming
    the dim if its steps are uneven. Steps may differ by the rounding of the values: for
    floats, a millionth of the step or a few units in the last place of the largest value
    (epoch seconds at 100 Hz, float32 times), for dates and timedeltas two ticks of their
    unit when a step is a thousand ticks or more (a third of a second in nanoseconds); the
    step is then the mean. Dates at a calendar frequency (monthly, quarterly, yearly:
    steps of unequal length) have their mean step; time-zone aware dates, periods and
    cftime dates are dates too."""
    if dim not in array.coords:
        return None
    values = _values(array, dim)
    if values.size < 2:
        return None
    if values.dtype == object:
        return _object_spacing(values, dim)
    if values.dtype.kind in "mM":
        return _time_spacing(values, dim)
    if values.dtype.kind not in "iuf":  # labels: scales in samples
        return None
    numbers = values.astype(np.float64)
    steps = np.diff(numbers)
    if values.dtype.kind in "iu":
        regular = steps[0] != 0 and np.all(steps == steps[0])
        mean = steps[0]
    else:
        mean = (numbers[-1] - numbers[0]) / (values.size - 1)
        tolerance = 1e-6 * abs(mean) + 4 * np.finfo(values.dtype).eps * np.abs(numbers).max()
        regular = mean != 0 and np.all(np.isfinite(numbers)) and np.all(
            np.abs(steps - mean) <= tolerance)
    if not regular:
        raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                         f"{steps.min()} to {steps.max()}); a wavelet transform assumes "
                         "equal spacing: interpolate it first")
    if values.dtype.kind in "iu":
        return np.int64(abs(mean))
    return abs(mean)


def _time_spacing(values, dim):
    """:func:`_spacing` of datetime64 or timedelta64 values: a timedelta."""
    unit, count = np.datetime_data(values.dtype)
    ticks = values.view(np.int64)
    if not np.isnat(values).any():
        total = int(ticks[-1]) - int(ticks[0])
        step = round(total / (values.size - 1)) if abs(total) < 2**53 else \
            total // (values.size - 1)
        steps = np.diff(ticks)
        tolerance = 2 if abs(step) >= 1000 else 0
        if step != 0 and np.all(np.abs(steps - step) <= tolerance):
            return abs(np.timedelta64(step * count, unit))
        if values.dtype.kind == "M" and _calendar_regular(values):
            return np.timedelta64(abs(total) * count // (values.size - 1), unit)
    steps = np.diff(values)
    raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                     f"{_shown(steps.min())} to {_shown(steps.max())}"
                     f"{', and no calendar frequency' if values.dtype.kind == 'M' else ''})"
                     "; a wavelet transform assumes equal spacing: resample it first")


def _object_spacing(values, dim):
    """:func:`_spacing` of dates that NumPy holds as objects: time-zone aware timestamps
    (equally spaced in UTC, or on the wall clock, as daily dates across a change of
    daylight saving time), periods (from their start) and cftime dates; None for labels."""
    first = values[0]
    if isinstance(first, pd.Timestamp) and first.tz is not None:
        dates = pd.DatetimeIndex(values)
        try:
            return _time_spacing(dates.tz_convert(None).to_numpy(), dim)
        except ValueError:
            return _time_spacing(dates.tz_localize(None).to_numpy(), dim)
    if isinstance(first, pd.Period):
        return _time_spacing(pd.PeriodIndex(values).to_timestamp().to_numpy(), dim)
    if type(first).__module__.startswith("cftime"):
        return _cftime_spacing(values, dim)
    return None


def _cftime_spacing(dates, dim):
    """:func:`_spacing` of cftime dates: a timedelta, the mean step of dates a constant
    number of months apart at the same day and time of the month."""
    steps = np.array([step for step in np.diff(dates)], dtype="timedelta64[us]")
    if np.all(steps == steps[0]) and steps[0] != np.timedelta64(0):
        return abs(steps[0])
    months = np.array([date.year * 12 + date.month for date in dates])
    within = {(date.day, date.hour, date.minute, date.second, date.microsecond)
              for date in dates}
    if np.all(np.diff(months) == months[1] - months[0]) and months[1] != months[0] and \
            len(within) == 1:  # (increasing or decreasing)
        return abs(np.timedelta64(dates[-1] - dates[0], "us")) // (dates.size - 1)
    raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                     f"{_shown(steps.min())} to {_shown(steps.max())}, and no calendar "
                     "frequency); a wavelet "
                     "transform assumes equal spacing: resample it first")


def _calendar_regular(dates):
    """Whether ``dates`` step by a constant number of months (monthly, quarterly, yearly)
    at a fixed day and time of the month, or at the month's end."""
    if dates[1] < dates[0]:  # decreasing: as regular as increasing
        dates = dates[::-1]
    months = dates.astype("datetime64[M]")
    steps = np.diff(months.astype(np.int64))
    if not (np.all(steps == steps[0]) and steps[0] > 0):
        return False
    within = dates - months.astype(dates.dtype)
    if np.all(within == within[0]):
        return True
    after_end = (dates + np.timedelta64(1, "D")).astype("datetime64[M]").astype(dates.dtype)
    return bool(np.all(dates + np.timedelta64(1, "D") - after_end
                       == dates[0] + np.timedelta64(1, "D") - after_end[0]))


def _common_spacing(steps):
    """The step shared by the dims whose steps (:func:`_spacing`) are ``steps``, or None:
    scales in samples when the dims have different steps or units."""
    first = steps[0]
    if first is None or any(step is None or type(step) is not type(first) or step != first
                            for step in steps[1:]):
        return None
    return first


def _level_coords(labels, step, smooth=True, unit=None):
    """Non-index coordinates of the ``level`` dim: scale and period band per label (the
    last one a smooth's, if ``smooth``), and the band as text (``periods``, from
    :func:`atrous._units.period_band`: ``'2.00–4.00 h'``, ``'> 16.0 days'``; in samples
    where there is no ``step``, in ``unit``, the coordinate's own, for a number)."""
    scale, low, high = [], [], []
    levels = len(labels) - 1 if smooth else len(labels)
    for j in range(1, levels + 1):
        scale.append(2.0 ** (j - 1))
        low.append(2.0**j)
        high.append(2.0 ** (j + 1))
    if smooth:  # the scale of the coarsest level, every period longer than it
        scale.append(2.0 ** (levels - 1))
        low.append(2.0 ** (levels + 1))
        high.append(np.inf)
    coords = {"scale": scale, "period_low": low, "period_high": high}
    result = {name: (LEVEL, values, attrs)
              for name, (values, attrs) in _in_units(coords, step).items()}
    if step is None:
        length, unit = 1.0, "samples"
    elif isinstance(step, np.timedelta64):
        length, unit = float(step / np.timedelta64(1, "s")), "s"
    else:
        length = float(step)
    text = [_units.period_band(a * length, b * length, unit) for a, b in zip(low, high)]
    result["periods"] = (LEVEL, np.array(text, dtype=object))
    return result


def _coordinate_unit(array, dims):
    """The ``units`` attribute that the coordinates of ``dims`` share (a string), or None:
    the unit of the levels' periods where the coordinate holds numbers."""
    units = {str(array[dim].attrs.get("units")) if dim in array.coords else None
             for dim in dims}
    unit = units.pop() if len(units) == 1 else None
    return None if unit in (None, "None") else unit


def _in_units(coords, step):
    """``{name: (values, attrs)}``: each list of sample counts in ``coords`` times
    ``step`` (inf stays inf, NaT for timedeltas). Timedeltas that would overflow
    timedelta64 are floats in the step's unit instead (``attrs['units']``), with a
    warning."""
    if step is None:
        return {name: (np.array(values, dtype=float), {}) for name, values in coords.items()}
    if not isinstance(step, np.timedelta64):
        return {name: (np.array(values, dtype=float) * step, {})
                for name, values in coords.items()}
    unit, count = np.datetime_data(step.dtype)
    ticks = int(step.astype(np.int64))
    if all(np.isinf(v) or abs(ticks * int(v)) < 2**63 - 1
           for values in coords.values() for v in values):
        return {name: (np.array([np.timedelta64("NaT") if np.isinf(v) else step * int(v)
                                 for v in values], dtype=step.dtype), {})
                for name, values in coords.items()}
    units = unit if count == 1 else f"{count}{unit}"
    _validation.warn(f"the levels' scales overflow timedelta64 (a step of {_shown(step)} "
          "times up to "
          f"{max(max(v for v in values if np.isfinite(v)) for values in coords.values()):g}"
          f" samples): they are floats in units of {units} instead (attrs['units'])")
    return {name: (np.array(values, dtype=float) * ticks, {"units": units})
            for name, values in coords.items()}


def _check_free(array, name="data"):
    """A ``ValueError`` if ``array`` already has a dim or coordinate with a name that the
    levels take (``level``, ``scale``, ``period_low``, ``period_high``, ``periods``)."""
    for taken in (LEVEL, *LEVEL_COORDS):
        if taken in array.dims or taken in array.coords:
            raise ValueError(f"`{name}` has a dimension or coordinate named {taken!r}, which "
                             f"atrous.xarray gives the levels: rename it first (for xarray "
                             f"`.rename({{{taken!r}: ...}})`, for pandas the index's or the "
                             "columns' name)")


def _stacked(rows, labels, array, dims, step, transform, smooth=True, reflected=False,
             parameters=None, dim_steps=None):
    """``rows`` (an array, level first, or a list of arrays shaped as ``array``) on a new
    ``level`` dim, labelled, with the coordinates and attributes of ``array``; the level
    coordinate's attrs record the transformed ``dims`` (a name or a list), the name of the
    ``transform``, the number of ``levels`` and, for each dim, what :data:`RECORD` lists
    (``reflected``: ``array`` is a reflected series' template), and the forward call's
    ``parameters`` (see :data:`PARAMETERS`); ``dim_steps``, each dim's :func:`_spacing` of
    ``array`` where the caller has them. The record holds strings and numbers only
    (netCDF keeps them): one value per dim for one dim, a JSON list for several. The
    result's ``encoding`` keeps a copy of it (``'atrous_levels'``, a JSON string), which
    xarray keeps per variable where a Dataset of several transforms' results shares one
    ``level`` coordinate (see :func:`_record`); the attrs stay the data's. An array is
    wrapped, not copied."""
    _check_free(array)
    dims = [dims] if isinstance(dims, str) else list(dims)
    if isinstance(rows, (list, tuple)):
        rows = np.stack(rows)  # Dask arrays stay lazy (NumPy dispatches to them)
    result = xr.DataArray(rows, dims=(LEVEL, *array.dims), name=array.name,
                          coords={**array.coords, LEVEL: np.array(labels, dtype=object)},
                          attrs=dict(array.attrs))
    result = result.assign_coords(_level_coords(labels, step, smooth,
                                                _coordinate_unit(array, dims)))
    if dim_steps is None:
        dim_steps = [_spacing(array, dim) for dim in dims]
    steps = [_step_record(dim_step) for dim_step in dim_steps]
    record = {
        "dims": dims, "transform": transform,
        "levels": len(labels) - 1 if smooth else len(labels),
        "directions": [_direction(array, dim) for dim in dims],
        "sizes": [int(array.sizes[dim]) for dim in dims],
        "steps": [number for number, _ in steps], "step_units": [unit for _, unit in steps],
        "reflected": [int(reflected)] * len(dims)}
    record.update({key: _parameter_record(key, value)
                   for key, value in (parameters or {}).items()})
    result[LEVEL].attrs.update({key: _encoded(value) if isinstance(value, list) else value
                                for key, value in record.items()})
    result.encoding[MADE_BY] = json.dumps(record)
    return result


def _encoded(values):
    """A list (one value per dim, or per dim parameters) as attrs keep it for netCDF: the
    value itself if there is one (a string, an int, a float), else a JSON list."""
    values = [value.item() if isinstance(value, np.generic) else value for value in values]
    if len(values) == 1 and not (isinstance(values[0], str) and values[0].startswith("[")):
        return values[0]
    return json.dumps(values)


def _decoded(value):
    """What :func:`_encoded` wrote (or a list, as older records and a DataFrame's hold
    it; an array, as netCDF reads a list back) as a list."""
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [item.item() if isinstance(item, np.generic) else item for item in value]
    return [value.item() if isinstance(value, np.generic) else value]


def _parameter_record(key, value):
    """A forward call's parameter as the record keeps it: a wavelet by its name
    ('custom' for filters), a kernel as 'default' or 'custom', flags and generations as
    integers, a list (one per dim) as :func:`_encoded`."""
    if key == "kernel":
        return "default" if value is None else "custom"
    if isinstance(value, (list, tuple)):
        return _encoded([_parameter_record(key, item) for item in value])
    if key == "wavelet":
        if isinstance(value, str):
            return value
        name = getattr(value, "name", None)  # a pywt.Wavelet of a known name: that name
        known = isinstance(name, str) and _filter_bank(name) is not None and \
            _same_wavelet(value, name)
        return name if known else "custom"
    if key in ("norm", "generation"):
        return int(value)
    return value if isinstance(value, (str, int, float)) else str(value)


def _record(coeffs):
    """What the forward function recorded (see :func:`_stacked`), the per-dim values as
    lists: the variable's own copy (``encoding['atrous_levels']``, which a Dataset keeps
    per variable, and selections keep; arithmetic drops it) where it has one, else the
    ``level`` coordinate's attrs."""
    copy = coeffs.encoding.get(MADE_BY) if isinstance(coeffs, xr.DataArray) else None
    if isinstance(copy, str):
        with contextlib.suppress(ValueError):
            record = json.loads(copy)
            if isinstance(record, dict):
                return {key: _decoded(value) if key in ("dims", *RECORD) else value
                        for key, value in record.items()}
    attrs = coeffs[LEVEL].attrs if LEVEL in coeffs.coords else {}
    return {key: _decoded(value) if key in ("dims", *RECORD) else value
            for key, value in attrs.items()}


def _recorded_parameter(coeffs, key, default):
    """The forward call's ``key`` argument as the record of ``coeffs`` (a DataArray's, a
    DataFrame's attrs) holds it: one value, or a list of one per dim; ``default`` where
    there is none."""
    if isinstance(coeffs, pd.DataFrame):
        record = coeffs.attrs.get(MADE_BY)
        record = record if isinstance(record, dict) else {}
    else:
        record = _record(coeffs)
    if record.get(key) is None:
        return default
    values = _decoded(record[key])
    return values[0] if len(values) == 1 else values


def _step_record(step):
    """``(number, unit)``: a step as the level coordinate's attrs keep it (plain numbers
    and strings, as netCDF and JSON take them): NaN for none, a timedelta in ticks of its
    unit, a number with the unit ``'-'``."""
    if step is None:
        return float("nan"), "-"
    if isinstance(step, np.timedelta64):
        unit = np.datetime_data(step.dtype)[0]
        return float(step / np.timedelta64(1, unit)), unit
    return float(step), "-"


def _recorded_step(record):
    """The step that :func:`_step_record` recorded (in ``record``, a dim's part of the
    record), None if none."""
    number, unit = record.get("steps"), record.get("step_units", "-")
    if number is None or not np.isfinite(number):
        return None
    return number if unit == "-" else np.timedelta64(int(round(number)), unit)


def _shown(step):
    """A step as a message shows it: ``2`` (not ``2.0``), a timedelta in the unit it reads
    best in (``1.00 days``, ``1.50 h``; :func:`atrous._units.duration`)."""
    if isinstance(step, np.timedelta64):
        return _units.duration(step)
    return f"{float(step):g}"


def _steps_apart(step, other):
    """Whether two steps (numbers or timedeltas, or None) are different sampling steps: one
    at least one and a half times the other (a selection of every k-th sample, another
    rate), not the rounding of one step or the mean of a calendar frequency's months."""
    if step is None or other is None or isinstance(step, np.timedelta64) != isinstance(
            other, np.timedelta64):
        return False
    return not 1 / 1.5 < abs(float(step / other)) < 1.5


def _direction(array, dim):
    """1 if the ``dim`` coordinate increases, -1 if it decreases, 0 for labels or none."""
    if dim not in array.coords or array.sizes[dim] < 2:
        return 0
    values = _values(array, dim)
    first, second = values[0], values[1]
    if values.dtype.kind in "USb" or isinstance(first, (str, bytes)):
        return 0
    try:
        return 1 if second > first else -1 if second < first else 0
    except TypeError:  # values that do not compare
        return 0


@_over_variables
def mra(data, wavelet, level=None, dim=None, mode="symmetric"):
    """Multiresolution analysis along ``dim``, with a ``level`` dimension.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The signal(s); any other dimensions are kept. A Dataset maps over its data
        variables that have ``dim``; a DataFrame's columns are series along its index.
    wavelet : str or pywt.Wavelet
        As :func:`atrous.mra`.
    level : int, optional
        As :func:`atrous.mra`.
    dim : str, optional
        The dimension to analyse (default: the only one).
    mode : str, optional
        Signal extension mode, as :func:`atrous.mra` takes it. Default ``'symmetric'``
        (mirrored edges), unlike PyWavelets' (and :func:`atrous.mra`'s) ``'periodization'``,
        which joins the end of the series to its start: a series that trends or ends away
        from where it starts gets spikes at both edges of every level. Pass
        ``mode='periodization'`` for PyWavelets' result.

    Returns
    -------
    components : xarray.DataArray or pandas.DataFrame
        The components ``D1 ... DJ, AJ`` on a new ``level`` dimension (columns, for a
        Series), with ``scale``, ``period_low`` and ``period_high`` for each level in the
        units of the ``dim`` coordinate and the band as text, ``periods`` (``'2.00–4.00
        h'``); the coordinates and attributes of ``data``.

    Raises
    ------
    ValueError
        ``dim`` not a dimension, a ``dim`` coordinate that is not equally spaced, or
        ``data`` with a dim, coordinate or (a Dataset) data variable named ``level``,
        ``scale``, ``period_low``, ``period_high`` or ``periods`` (the names of the levels'
        coordinates: rename it), a DataFrame whose index and columns have one name, or a
        Dask array with unknown chunk sizes.

    See Also
    --------
    atrous.mra : The NumPy function.
    imra : The sum of the components.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from atrous import xarray as ax
    >>> days = pd.date_range("2020-01-01", periods=64, freq="D")
    >>> series = pd.Series(np.sin(np.arange(64) / 3), index=days, name="signal")
    >>> components = ax.mra(series, "db2", level=2)
    >>> list(components.columns)
    ['D1', 'D2', 'A2']
    >>> bool(np.allclose(components.sum(axis=1), series))
    True
    """
    array, dim, back = _as_dataarray(data, dim)
    step = _spacing(array, dim)
    axis = array.get_axis_num(dim)
    with _in_dims(array.dims):
        components = atrous.mra(array.data, wavelet, level=level, axis=axis, mode=mode)
    pieces = components[1:][::-1] + components[:1]
    levels = len(pieces) - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"A{levels}"]
    return back(_stacked(pieces, labels, array, dim, step, "mra", dim_steps=[step],
                         parameters={"wavelet": wavelet, "mode": mode}))


@_over_coefficients
def imra(components):
    """The sum of what :func:`mra` (or :func:`modwtmra`) returns, over ``level``.

    Parameters
    ----------
    components : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`mra` or :func:`modwtmra` returns.

    Returns
    -------
    data : the kind :func:`mra` was given
        The signal, with its coordinates and attributes.

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    mra : The analysis.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.arange(32.0), dims="t", coords={"t": np.arange(32) * 0.5})
    >>> bool(np.allclose(ax.imra(ax.mra(x, "haar", level=3)), x))
    True
    """
    return _inverse(components, None, (MRA_LEVELS, MODWTMRA_LEVELS),
                    lambda rows, axes: rows.sum(axis=0), single=False, name="components",
                    need="any")


def _continued(array, dim, step):
    """A template (the dims, coordinates, name and attributes; its values are a zero-copy
    placeholder) twice as long along ``dim``, for a reflected series' transform: the
    ``dim`` coordinate continued at ``step`` in its direction (labels, mirrored); the other
    coordinates along ``dim`` mirrored, as the reflection's samples are the series' own,
    backwards."""
    coords = {}
    for name, coordinate in array.coords.items():
        if name != dim and dim in coordinate.dims:
            variable = coordinate.variable
            coords[name] = xr.Variable.concat(
                [variable, variable.isel({dim: slice(None, None, -1)})], dim=dim)
        elif name != dim:
            coords[name] = coordinate
    if dim in array.coords:
        values = _values(array, dim)
        coords[dim] = np.concatenate([values, _continued_values(values, step)])
    shape = tuple(2 * size if name == dim else size for name, size in array.sizes.items())
    return xr.DataArray(np.broadcast_to(np.zeros((), array.dtype), shape), dims=array.dims,
                        coords=coords, name=array.name, attrs=dict(array.attrs))


def _continued_values(values, step):
    """The ``len(values)`` values after ``values``, at ``step`` in their direction (dates
    at their frequency, monthly ones monthly); labels mirrored. Integers stay integers."""
    n, first = len(values), values[0]
    if step is None:
        return values[::-1]
    if values.dtype.kind == "M" or isinstance(first, pd.Timestamp):  # at their frequency
        with contextlib.suppress(TypeError, ValueError):
            dates = pd.DatetimeIndex(values, freq="infer")
            if dates.freq is not None:
                dates = pd.date_range(dates[-1], periods=n + 1, freq=dates.freq)[1:]
                return dates.to_numpy() if values.dtype != object else dates.astype(
                    object).to_numpy()
    if type(first).__module__.startswith("cftime"):  # at their frequency, in their calendar
        with contextlib.suppress(TypeError, ValueError):
            frequency = xr.infer_freq(xr.CFTimeIndex(values))
            if frequency is not None:
                return np.asarray(xr.date_range(start=values[-1], periods=n + 1,
                                                freq=frequency, calendar=first.calendar,
                                                use_cftime=True)[1:], dtype=object)
    sign = -1 if values[1] < values[0] else 1
    if values.dtype != object:
        continued = values[-1] + sign * step * np.arange(1, n + 1)
        if values.dtype.kind in "iuf":
            same = continued.astype(values.dtype)
            return same if np.array_equal(same, continued) or values.dtype.kind == "f" \
                else continued
        return continued
    if isinstance(first, pd.Period):
        stride = (values[1] - values[0]).n  # periods apart, in their frequency
        return np.array([values[-1] + stride * k for k in range(1, n + 1)], dtype=object)
    if isinstance(first, pd.Timestamp):
        return (values[-1] + pd.to_timedelta(sign * step * np.arange(1, n + 1))).astype(
            object).to_numpy()
    return np.array([values[-1] + sign * step.item() * k for k in range(1, n + 1)],
                    dtype=object)


@_over_variables
def modwt(data, wavelet="sym4", level=None, dim=None, boundary="periodic"):
    """MODWT along ``dim``: rows ``W1 ... WJ, VJ`` on a new ``level`` dimension.

    Parameters
    ----------
    data : xarray.DataArray or pandas.Series
        The series.
    wavelet, level : optional
        As :func:`atrous.modwt`.
    dim : str, optional
        The time dimension (default: the only one).
    boundary : {'periodic', 'reflection'}, optional
        As :func:`atrous.modwt`. Default ``'periodic'``, waveslim's and MATLAB's, kept
        here (unlike the labeled :func:`mra`'s mirrored edges): the wavelet statistics
        (:func:`wavelet_variance`) leave out the coefficients it reaches
        (:func:`atrous.brick_wall`). ``'reflection'`` mirrors the edges, for an analysis
        (:func:`modwtmra`) of a series that trends or ends away from where it starts.

    Returns
    -------
    w : xarray.DataArray or pandas.DataFrame
        The coefficients with a ``level`` dimension labelled ``W1 ... WJ, VJ`` and each
        level's ``scale`` (``tau_j``) and period band in the units of the ``dim``
        coordinate (and as text, ``periods``). With ``boundary='reflection'`` the
        coefficients of the reflected series have twice the length: the ``dim`` coordinate
        is continued at its step in its direction (dates at their frequency, labels
        mirrored), the other coordinates along ``dim`` mirrored as the samples are (the
        inverses cut them back to the series' own).

    See Also
    --------
    atrous.modwt : The NumPy function.
    imodwt, modwtmra, wavelet_variance

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.random.default_rng(0).standard_normal(128), dims="t")
    >>> w = ax.modwt(x, "haar", level=3)
    >>> list(w.level.values), w.sizes["t"]
    (['W1', 'W2', 'W3', 'V3'], 128)
    >>> list(w.periods.values)                  # no time coordinate: in samples
    ['2–4 samples', '4–8 samples', '8–16 samples', '> 16 samples']
    """
    array, dim, back = _as_dataarray(data, dim)
    step = _spacing(array, dim)
    axis = array.get_axis_num(dim)
    with _in_dims(array.dims):
        w = atrous.modwt(array.data, wavelet, level=level, axis=axis, boundary=boundary)
    reflected = w.shape[axis + 1] != array.sizes[dim]  # the series and its mirror
    if reflected:
        array = _continued(array, dim, step)
    levels = w.shape[0] - 1
    labels = [f"W{j}" for j in range(1, levels + 1)] + [f"V{levels}"]
    return back(_stacked(w, labels, array, dim, step, "modwt", reflected=reflected,
                         parameters={"wavelet": wavelet, "boundary": boundary},
                         dim_steps=None if reflected else [step]))  # (continued: its own)


@_over_coefficients
def imodwt(w, wavelet="sym4", dim=None, boundary="periodic", level=0):
    """Inverse of :func:`modwt` (or the smooth of ``level`` levels and coarser).

    Parameters
    ----------
    w : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`modwt` returns.
    wavelet, boundary, level : optional
        As :func:`atrous.imodwt`.
    dim : str, optional
        The time dimension (default: the one :func:`modwt` transformed).

    Returns
    -------
    x : xarray.DataArray or pandas.Series
        The series, with the coordinates and attributes of ``w``.

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    modwt : The forward transform.
    atrous.imodwt : The NumPy function.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.random.default_rng(0).standard_normal(64), dims="t")
    >>> bool(np.allclose(ax.imodwt(ax.modwt(x, "sym4", level=3), "sym4"), x))
    True

    The levels are read by their labels, in whatever order they come:

    >>> w = ax.modwt(x, "sym4", level=3).sortby("level")
    >>> list(w.level.values), bool(np.allclose(ax.imodwt(w, "sym4"), x))
    (['V3', 'W1', 'W2', 'W3'], True)
    """
    return _inverse(w, dim, (MODWT_LEVELS,), lambda rows, axes: atrous.imodwt(
        rows, wavelet, axis=axes[0], boundary=boundary, level=level), name="w",
        parameters={"wavelet": wavelet, "boundary": boundary})


@_over_coefficients
def modwtmra(w, wavelet="sym4", dim=None, boundary="periodic"):
    """The MRA ``D1 ... DJ, SJ`` from :func:`modwt` coefficients, on the ``level`` dim.

    Parameters
    ----------
    w : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`modwt` returns.
    wavelet, boundary : optional
        As :func:`atrous.modwtmra`.
    dim : str, optional
        The time dimension (default: the one :func:`modwt` transformed).

    Returns
    -------
    components : the kind of ``w``
        Labelled ``D1 ... DJ, SJ``, with each level's scale and period band.

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    modwt, atrous.modwtmra, imra

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.random.default_rng(0).standard_normal(64), dims="t")
    >>> parts = ax.modwtmra(ax.modwt(x, "haar", level=2), "haar")
    >>> list(parts.level.values), bool(np.allclose(parts.sum("level"), x))
    (['D1', 'D2', 'S2'], True)
    """
    ordered, template, (dim,), (axis,), back, _, _ = _levels_first(
        w, dim, (MODWT_LEVELS,), parameters={"wavelet": wavelet, "boundary": boundary})
    with _in_dims(template.dims):
        parts = atrous.modwtmra(ordered.data, wavelet, axis=axis, boundary=boundary)
    if parts.shape[1:] != template.shape:  # a reflection's second half, dropped
        template = template.isel({dim: slice(0, parts.shape[axis + 1])})
    levels = parts.shape[0] - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"S{levels}"]
    step = _spacing(template, dim)
    return back(_stacked(parts, labels, template, dim, step, "modwtmra", dim_steps=[step],
                         parameters={"wavelet": wavelet, "boundary": boundary}))


def wavelet_variance(w, wavelet="sym4", dim=None, **kwargs):
    """Wavelet variance by level, with its interval, as a Dataset on the ``level`` dim.

    Parameters
    ----------
    w : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`modwt` returns (its levels read by label, in any order).
    wavelet : str, optional
        The wavelet used.
    dim : str, optional
        The time dimension (default: the one :func:`modwt` transformed).
    **kwargs
        ``unbiased``, ``ci``, ``p``: as :func:`atrous.wavelet_variance`.

    Returns
    -------
    result : xarray.Dataset or pandas.DataFrame
        ``variance``, ``lower`` and ``upper`` on the ``level`` dimension (and any other
        dimensions of the series), with the levels' ``scale`` and period bands: the
        analogue of MATLAB's ``modwtvar`` table. For pandas coefficients, a DataFrame of a
        row per level (per level and series), with those as columns. For a Dataset, one
        Dataset of ``{name}_variance``, ``{name}_lower`` and ``{name}_upper`` for each data
        variable with a ``level`` dim (as ``Dataset.polyfit`` names its results).

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    atrous.wavelet_variance, modwt

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.random.default_rng(0).standard_normal(256).cumsum(), dims="t")
    >>> result = ax.wavelet_variance(ax.modwt(x, "sym4", level=4), "sym4")
    >>> sorted(result.data_vars), list(result.level.values)
    (['lower', 'upper', 'variance'], ['W1', 'W2', 'W3', 'W4', 'V4'])
    """
    if isinstance(w, xr.Dataset):
        return _statistics_of_variables(wavelet_variance, w, wavelet, dim, kwargs)
    _not_axis(kwargs)
    ordered, template, (dim,), (axis,), _, from_pandas, _ = _levels_first(
        w, dim, (MODWT_LEVELS,), need="samples", parameters={"wavelet": wavelet})
    with _in_dims(template.dims):
        result = atrous.wavelet_variance(ordered.data, wavelet, axis=axis, **kwargs)
    return _statistics(ordered, template, dim, ("variance", "lower", "upper"), result,
                       from_pandas)


def _statistics_of_variables(statistic, coeffs, wavelet, dim, kwargs):
    """``statistic`` of each data variable of ``coeffs`` that has a ``level`` dim, as one
    Dataset: its fields named ``{variable}_{field}`` (as ``Dataset.polyfit`` names them),
    on the shared levels."""
    results = [statistic(variable, wavelet, dim=dim, **kwargs).rename(
                   {field: f"{name}_{field}" for field in ("variance", "lower", "upper")})
               for name, variable in coeffs.data_vars.items() if _transformed(variable, dim)]
    if not results:
        raise ValueError(f"`w` has no data variable with a `{LEVEL}` dimension: it must be "
                         "what modwt returns for a Dataset")
    return xr.merge(results, compat="equals", join="exact", combine_attrs="override")


def _with_levels(coeffs, name="w"):
    """``(DataArray with a level dim, back)`` from what a forward function returned: a
    DataArray, or a DataFrame of a column per level (per series and level for a DataFrame's
    transform, in any order of its columns); ``back`` turns a result into the kind of the
    forward function's input."""
    if isinstance(coeffs, pd.DataFrame):
        frame = coeffs
        if not frame.columns.is_unique:
            repeated = list(frame.columns[frame.columns.duplicated()].unique())
            raise ValueError(f"`{name}` repeats the columns {repeated}: each level (of each "
                             "series) must be one column")
        dim = frame.index.name or "index"
        coords = {dim: frame.index.to_numpy()}
        column_names = None
        if isinstance(frame.columns, pd.MultiIndex):  # (series ..., level) columns
            series = frame.columns.droplevel(-1).unique()
            labels = frame.columns.get_level_values(-1).unique()
            product = pd.MultiIndex.from_product([series, labels]) \
                if frame.columns.nlevels == 2 else pd.MultiIndex.from_tuples(
                    [(*key, label) for key in series for label in labels])
            if len(frame.columns) != len(product):
                raise ValueError(f"`{name}` has (series, level) columns that are not every "
                                 "series with every level, as the forward functions "
                                 "return them")
            frame = frame.reindex(columns=product)  # series first, whatever the order
            if frame.columns.nlevels > 2:  # a DataFrame of MultiIndex columns' transform
                columns, column_names = COLUMNS, list(coeffs.columns.names[:-1])
            else:
                columns = coeffs.columns.names[0] or COLUMNS
            _distinct_axes(dim, columns, name)
            values = _columns(frame)
            array = xr.DataArray(values.reshape(len(series), len(labels), len(frame)),
                                 dims=[columns, LEVEL, dim],
                                 coords={**coords, columns: _keys(series),
                                         LEVEL: labels.to_numpy()})
        else:
            columns = None
            values = _columns(frame)
            array = xr.DataArray(values, dims=[LEVEL, dim],
                                 coords={**coords, LEVEL: frame.columns.to_numpy()})
        made_by = coeffs.attrs.get(MADE_BY, {})
        array[LEVEL].attrs.update({"dims": [dim], "directions": [made_by.get("direction", 0)],
                                   **{key: [made_by[short]] for key, short
                                      in zip(RECORD, RECORD_PANDAS) if short in made_by},
                                   **{key: made_by[key] for key in ("transform", "levels",
                                                                    *PARAMETERS)
                                      if made_by.get(key) is not None}})
        array.attrs = {key: value for key, value in coeffs.attrs.items() if key != MADE_BY}
        return array, functools.partial(_to_pandas, index=frame.index, dim=dim,
                                        columns=columns, name=made_by.get("name"),
                                        column_names=column_names)
    if not isinstance(coeffs, xr.DataArray) or LEVEL not in coeffs.dims:
        dims = list(getattr(coeffs, "dims", []))
        raise TypeError(f"`{name}` must be what a function of atrous.xarray returns: a "
                        f"DataArray with a `{LEVEL}` dimension (got {type(coeffs).__name__}"
                        f"{f' with dims {dims}' if dims else ''}) or a DataFrame of a column "
                        "per level")
    _known_chunks(coeffs, name)
    return coeffs, lambda result: result


# The levels each forward function returns: (the details' letter, the smooth's letter or
# None, the function's name). The inverses and statistics read their levels by these labels.
SWT_LEVELS = ("D", "A", "swt")
MRA_LEVELS = ("D", "A", "mra")
MODWT_LEVELS = ("W", "V", "modwt")
MODWTMRA_LEVELS = ("D", "S", "modwtmra")
STARLET_LEVELS = ("W", "C", "starlet")
SWTN_LEVELS = ("D", None, "swtn")
ALL_LEVELS = (SWT_LEVELS, MRA_LEVELS, MODWT_LEVELS, MODWTMRA_LEVELS, STARLET_LEVELS,
              SWTN_LEVELS)


def _by_label(coeffs, kinds, name):
    """``coeffs`` with its levels in the order ``D1 ... DJ`` (and the smooth last) of the
    first of ``kinds`` whose smooth it has, read by their labels whatever their order; a
    ``ValueError`` naming missing, repeated or unknown levels (another transform's), or
    for levels whose labels two transforms share (``D``/``A``: swt's, mra's) and that lost
    the record of the one that made them."""
    labels = [str(label) for label in coeffs[LEVEL].values]
    smooths = {label for label in labels for _, smooth, _ in kinds
               if smooth is not None and re.fullmatch(f"{smooth}[1-9][0-9]*", label)}
    kind = next((k for k in kinds if any(label.startswith(str(k[1])) for label in smooths)),
                kinds[0])
    detail, smooth, forward = kind
    takes = " or ".join(f"what {k[2]} returns ({k[0]}1 ... {k[0]}J"
                        f"{f', {k[1]}J' if k[1] else ''})" for k in kinds)
    if not labels:
        raise ValueError(f"`{name}` has no levels: it must be {takes}")
    pattern = f"({detail}|{smooth})[1-9][0-9]*" if smooth else f"{detail}[1-9][0-9]*"
    unknown = [label for label in labels if not re.fullmatch(pattern, label)]
    if unknown:
        raise ValueError(f"`{name}` has the levels {unknown}, which this function does not "
                         f"read: it takes {takes}; another transform's levels do not invert "
                         "here")
    made = _record(coeffs).get("transform")
    if made is not None and made not in [k[2] for k in kinds]:
        raise ValueError(f"`{name}` is what {made} returns (its levels say so): this "
                         f"function takes {takes}")
    smooths = sorted(label for label in smooths if label[0] == smooth)
    if smooth is not None and len(smooths) != 1:
        raise ValueError(f"`{name}` has {'no' if not smooths else 'several'} smooth levels "
                         f"({smooth}J){f': {smooths}' if smooths else ''}: it must be {takes}")
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"`{name}` repeats the levels {repeated}: each level must appear "
                         "once")
    alike = [k[2] for k in ALL_LEVELS if k[:2] == (detail, smooth)]
    if made is None and len(alike) > 1:
        raise ValueError(
            f"`{name}` does not record which transform made its levels (the `{LEVEL}` "
            "coordinate's attrs, a DataFrame's attrs, were lost on the way): "
            f"{detail}1 ... {detail}J, {smooth}J are what {' and '.join(alike)} return "
            "alike, which do not invert alike. If they are what "
            f"{forward} returned, say so: `{name}.{LEVEL}.attrs['transform'] = {forward!r}` "
            f"(for a DataFrame `{name}.attrs[{MADE_BY!r}] = {{'transform': {forward!r}}}`)")
    if smooth is None:  # (swtn's subbands record how many levels it made)
        count = int(_record(coeffs).get("levels") or
                    max(int(label[1:]) for label in labels))
        expected = [f"{detail}{j}" for j in range(1, count + 1)]
    else:
        (last,) = smooths
        count = int(last[1:])
        expected = [f"{detail}{j}" for j in range(1, count + 1)] + [last]
    missing = [label for label in expected if label not in labels]
    unknown = [label for label in labels if label not in expected]
    if missing or unknown:
        raise ValueError(f"`{name}` is missing the levels {missing}"
                         f"{f' and has levels {unknown} beyond them' if unknown else ''}: "
                         f"{forward}'s levels {expected[0]} ... {expected[-1]} are read by "
                         "their labels, every one of them")
    order = [labels.index(label) for label in expected]
    if order == list(range(len(labels))):  # already in order: no copy (isel with a list
        return coeffs                      # copies every coefficient, 25 ms on 150 MB)
    return coeffs.isel({LEVEL: order})


def _signal_dims(coeffs, template, dims, single, name):
    """``(dims, records)``: the transformed dims, ``dims`` (a name or names) checked against
    one level's ``template`` and what the forward function recorded on the ``level``
    coordinate, by default the recorded dims (the only dim of a series); and, for each,
    its part of the record (see :data:`RECORD`), under its name now (a renamed dim passed
    by its new name takes the old one's)."""
    attrs = _record(coeffs)
    recorded = list(attrs.get("dims") or [])
    records = {dim: {key: attrs[key][k] for key in RECORD if k < len(attrs.get(key, ()))}
               for k, dim in enumerate(recorded)}
    lost = [dim for dim in recorded if dim not in template.dims]
    argument, made = ("dim" if single else "dims"), attrs.get("transform", "the transform")
    if dims is None and lost:
        raise ValueError(f"`{name}`'s levels record that {made} transformed "
                         f"{', '.join(f'`{dim}`' for dim in lost)}, which `{name}` no longer "
                         f"has (renamed?): pass `{argument}` naming it, of "
                         f"{list(template.dims)}")
    if dims is None:
        dims = recorded or None
    if dims is None:
        if single and template.ndim != 1:
            raise ValueError(f"`dim` must name the transformed dimension, one of "
                             f"{list(template.dims)}")
        dims = list(template.dims)
    dims = [dims] if isinstance(dims, str) else list(dims)
    for dim in dims:
        if dim not in template.dims:
            raise ValueError(f"`{argument}`={dim!r} is not a dimension of the coefficients: "
                             f"{list(template.dims)}")
    if single and len(dims) != 1:
        raise ValueError(f"`dim` must name one dimension, got {dims}")
    foreign = [dim for dim in dims if dim not in recorded]
    if recorded and foreign and len(foreign) == len(lost) and len(dims) == len(recorded):
        records.update(zip(foreign, [records.pop(dim) for dim in lost]))  # renamed
    elif recorded and set(dims) != set(recorded):
        raise ValueError(f"`{argument}`={dims[0] if single else dims!r} is not what {made} "
                         f"transformed, {recorded}: the coefficients are along "
                         f"{'it' if len(recorded) == 1 else 'them'} (leave `{argument}` out)")
    return dims, records


def _check_record(records, template, dims, name, need="whole", pandas=False):
    """A ``ValueError`` if a transformed dim of one level's ``template`` is no longer what
    the forward function saw (``records``, see :func:`_signal_dims`): a coordinate that is
    not equally spaced or runs in the other order; for ``need`` ``'samples'`` (the
    statistics) or ``'whole'`` (the inverses), another step (every second sample); for
    ``'whole'``, another number of samples (truncated). ``'any'`` (a pointwise sum) checks
    the order only."""
    for dim in dims:
        record = records.get(dim, {})
        step = _spacing(template, dim)
        recorded, direction = record.get("directions", 0), _direction(template, dim)
        if recorded and direction and direction != recorded:
            ascending = bool(recorded > 0)
            raise ValueError(f"the `{dim}` coordinate runs in the other order than the "
                             f"transform's ({'in' if ascending else 'de'}creasing then): the "
                             "coefficients are a function of the order of the samples; sort "
                             "them back (" + (f"`.sort_index(ascending={ascending})`" if pandas
                                              else f"`.sortby({dim!r}, ascending={ascending})`")
                             + ")")
        if need == "any":
            continue
        if _steps_apart(step, _recorded_step(record)):
            raise ValueError(f"`{name}` has a step of {_shown(step)} along `{dim}` where "
                             f"the transform's was {_shown(_recorded_step(record))}: "
                             "selected samples (every second one ...) are not the transform "
                             "of the series sampled so; "
                             + ("invert first, then select" if need == "whole"
                                else "transform the selected series instead"))
        size = record.get("sizes")
        if need == "samples" and size is not None and template.sizes[dim] > size:
            raise ValueError(f"`{name}` has {template.sizes[dim]} samples along `{dim}` where "
                             f"the transform gave {size}: coefficients of several transforms "
                             "joined (concatenated series) are not the transform of the joined "
                             "series; transform the joined series instead")
        if need == "samples" and record.get("reflected") and size is not None and \
                template.sizes[dim] != size:
            raise ValueError(f"`{name}` holds {template.sizes[dim]} of the {size} coefficients "
                             "of a reflected series (boundary='reflection'), whose second half "
                             f"is the series backwards at continued `{dim}` coordinates: they "
                             "are read whole only; transform the part of the series instead")
        if need == "whole" and size is not None and template.sizes[dim] != size:
            raise ValueError(f"`{name}` has {template.sizes[dim]} samples along `{dim}` where "
                             f"the transform gave {size}: an inverse needs every coefficient "
                             "(a part of them is not the transform of a part of the series); "
                             "invert first, then select")


def _levels_first(coeffs, dims, kinds, single=True, name="w", need="whole",
                  parameters=None):
    """``(coefficients level first, one level's template, dims, axes of the data, back,
    whether ``coeffs`` came as pandas, the dims' records)``. The levels are read by their
    labels (``kinds``, see :func:`_by_label`), the arguments in ``parameters`` (by name)
    compared with the forward call's (:func:`_check_parameters`) and the transformed dims
    checked against their record (``need``: see :func:`_check_record`)."""
    from_pandas = isinstance(coeffs, pd.DataFrame)
    coeffs, back = _with_levels(coeffs, name)
    ordered = _by_label(coeffs, kinds, name).transpose(LEVEL, ...)
    _check_parameters(_record(coeffs), parameters or {})
    template = _template(ordered)
    dims, records = _signal_dims(coeffs, template, dims, single, name)
    _check_record(records, template, dims, name, need, from_pandas)
    return (ordered, template, dims, [template.get_axis_num(d) for d in dims], back,
            from_pandas, records)


def _check_parameters(record, parameters):
    """A ``ValueError`` for an argument in ``parameters`` (by name) other than the one the
    forward call was given, as ``record`` holds it (arguments it does not record pass): an
    inverse or statistic with another wavelet, mode, boundary, norm, generation or kernel
    gives a wrong answer of the right shape. A wavelet is compared by its filters (so
    waveslim's 'la8' is 'sym4'); a custom one (filters given) is not compared."""
    for key, given in parameters.items():
        recorded = record.get(key)
        if recorded is None or _same_parameter(key, given, recorded):
            continue
        if key == "kernel":
            made = "the default kernel (None)" if recorded == "default" else \
                "a kernel of its own"
        else:
            values = [bool(value) if key == "norm" else value
                      for value in _decoded(recorded)]
            made = f"{key}={values[0] if len(values) == 1 else values!r}"
        raise ValueError(f"`{key}`={given!r} but these coefficients were made with {made}: "
                         f"pass the {key} of the forward call (the record on the `{LEVEL}` "
                         f"coordinate, a DataFrame's attrs[{MADE_BY!r}], says which)")


def _same_parameter(key, given, recorded):
    """Whether the argument ``given`` is the forward call's ``recorded`` one."""
    if key == "kernel":
        return (given is None) == (recorded == "default")
    recorded = _decoded(recorded)
    given = list(given) if isinstance(given, (list, tuple)) else [given]
    if len(given) != len(recorded):  # one for every dim, or one per dim
        if len(given) == 1:
            given = given * len(recorded)
        elif len(recorded) == 1:
            recorded = recorded * len(given)
        else:
            return False
    if key == "wavelet":
        return all(_same_wavelet(a, b) for a, b in zip(given, recorded))
    if key in ("norm", "generation"):
        return all(isinstance(a, (bool, int, np.integer, np.bool_)) and int(a) == int(b)
                   for a, b in zip(given, recorded))
    if key == "mode":
        return all(_mode_code(a) == _mode_code(b) for a, b in zip(given, recorded))
    return given == recorded


def _mode_code(mode):
    """A PyWavelets mode name or ``pywt.Modes`` value as the engine's code (aliases alike);
    the mode itself where it is not one (scipy's names, for the starlet)."""
    with contextlib.suppress(ValueError, TypeError):
        return ("code", _validation.as_mode(mode))
    return mode


def _same_wavelet(given, recorded):
    """Whether the wavelet ``given`` has the filters of the one ``recorded`` by name (a
    custom one, or a name either does not resolve, is taken as the same: the NumPy
    function judges it)."""
    if recorded == "custom":
        return True
    banks = [_filter_bank(given), _filter_bank(recorded)]
    if banks[0] is None or banks[1] is None:
        return True
    return all(a.shape == b.shape and np.allclose(a, b) for a, b in zip(*banks))


def _filter_bank(wavelet):
    """A wavelet's four filters (a name, waveslim's too, a pywt.Wavelet, a filter bank),
    None for what is not one."""
    if isinstance(wavelet, str):
        wavelet = WAVESLIM_NAMES.get(wavelet, wavelet)
    try:
        return [np.asarray(f, dtype=float)
                for f in _validation.as_wavelet(wavelet).filter_bank]
    except (ValueError, TypeError):
        return None


def _template(coeffs):
    """One level of ``coeffs`` (level first) without the levels' coordinates: the shape,
    coordinates and attributes of the signal."""
    template = coeffs.isel({LEVEL: 0}, drop=True)  # (drops the levels' coordinates too)
    template.encoding = {key: value for key, value in coeffs.encoding.items()
                         if key != MADE_BY}
    return template


def _inverse(coeffs, dims, kinds, numpy_inverse, single=True, name="coeffs", need="whole",
             parameters=None):
    """The signal from labeled coefficients: ``numpy_inverse(rows, axes)`` inverts the
    rows stacked in ``level`` order (read by label) along the data's ``axes``; the
    coordinates and attributes come back, the level's own coordinates go."""
    ordered, template, dims, axes, back, _, _ = _levels_first(coeffs, dims, kinds, single,
                                                              name, need, parameters)
    with _in_dims(template.dims):
        x = numpy_inverse(ordered.data, axes)
    if x.shape != template.shape:  # a reflection's second half, dropped
        template = template.isel({dims[0]: slice(0, x.shape[axes[0]])})
    return back(template.copy(data=x))


def _statistics(ordered, template, dim, fields, values, from_pandas):
    """A Dataset of the ``fields`` (arrays over the level and the other dims) with the
    levels' coordinates: those of the coefficients, or recomputed from ``dim``'s spacing;
    for pandas coefficients, a DataFrame of a row per level (and series) with the levels'
    scale and bands as columns."""
    others = [d for d in template.dims if d != dim]
    labels = ordered[LEVEL].values
    if all(name in ordered.coords for name in LEVEL_COORDS):
        level_coords = {name: ordered.coords[name].variable for name in LEVEL_COORDS}
    else:
        level_coords = _level_coords(list(labels), _spacing(template, dim),
                                     unit=_coordinate_unit(template, [dim]))
    coords = {LEVEL: labels, **level_coords,
              **{name: coordinate for name, coordinate in template.coords.items()
                 if dim not in coordinate.dims}}
    result = xr.Dataset({field: ((LEVEL, *others), value)
                         for field, value in zip(fields, values)},
                        coords=coords, attrs=dict(template.attrs))
    return result.to_dataframe() if from_pandas else result


# What the two-series statistics' docstrings share (see atrous._docstrings).
_PAIRED_DOCS = {
    "paired_transforms": """
        wx, wy : xarray.DataArray or pandas.DataFrame
            What :func:`modwt` returns for the two series (same levels and dims, read by
            label). They are aligned on their coordinates as xarray aligns (an inner join:
            ``xr.align(wx, wy, join='inner')``), so the statistics are of the samples, dates
            or stations they share.
        wavelet : str, optional
            The wavelet used. Default ``'sym4'``.
        dim : str, optional
            The time dimension (default: the one :func:`modwt` transformed).
    """,
    "paired_raises": """
        ValueError
            Levels missing, repeated or not the MODWT's, or different in ``wx`` and ``wy``;
            series transformed in opposite orders, at different steps or one reflected
            (``boundary='reflection'``) and not the other; reflected series that do not
            cover the same samples (a reflection's second half pairs only whole);
            coordinates that do not overlap, or that interleave (dates of ``wy`` between
            those of ``wx``); ``wx`` and ``wy`` transformed along dims of different names
            (pandas indexes that differ only in name pair); a ``wavelet`` other than the
            one the transforms recorded.
    """,
}


def _paired(wx, wy, dim, kwargs, wavelet):
    """Both transforms level first (read by label), checked to have the same levels and
    dims, and to have been made alike along ``dim`` (its direction, step and boundary),
    ``wy`` in the dims order of ``wx``, and both aligned on their coordinates as xarray
    aligns (an inner join): the statistics are of the samples they share. Each aligned
    transform is checked against its own record (a reflected one must stay whole)."""
    _not_axis(kwargs)
    if isinstance(wx, pd.DataFrame) and isinstance(wy, pd.DataFrame) and \
            wx.index.name != wy.index.name:  # pandas aligns indexes whatever their names
        wy = wy.rename_axis(index=wx.index.name)
    given = dim
    ordered, _, (dim,), _, _, from_pandas, x_records = _levels_first(
        wx, given, (MODWT_LEVELS,), name="wx", need="samples",
        parameters={"wavelet": wavelet})
    other, _, (other_dim,), _, _, _, y_records = _levels_first(
        wy, given, (MODWT_LEVELS,), name="wy", need="samples",
        parameters={"wavelet": wavelet})
    if other_dim != dim:
        raise ValueError(f"`wx` and `wy` have different dims: `wx` was transformed along "
                         f"{dim!r}, `wy` along {other_dim!r}; rename one "
                         f"(`wy.rename({{{other_dim!r}: {dim!r}}})`)")
    if set(other.dims) != set(ordered.dims):
        raise ValueError(f"`wx` and `wy` must have the same dimensions, got "
                         f"{list(ordered.dims)} and {list(other.dims)}")
    other = other.transpose(*ordered.dims)
    if list(other[LEVEL].values) != list(ordered[LEVEL].values):
        raise ValueError(f"`wx` and `wy` must have the same levels, got "
                         f"{list(ordered[LEVEL].values)} and {list(other[LEVEL].values)}")
    records = {"wx": x_records.get(dim, {}), "wy": y_records.get(dim, {})}
    _made_alike(records, dim)
    try:
        ordered, other = xr.align(ordered, other, join="inner", exclude=[LEVEL])
    except ValueError as error:
        raise ValueError(f"`wx` and `wy` do not align on their coordinates: {error}") from error
    empty = [d for d in ordered.dims if ordered.sizes[d] == 0]
    if empty:
        raise ValueError(f"`wx` and `wy` have no `{empty[0]}` in common (their coordinates "
                         "do not overlap): the paired statistics are of the samples they "
                         "share")
    for name, aligned in (("wx", ordered), ("wy", other)):
        try:
            _check_record({dim: records[name]}, _template(aligned), [dim], name, "samples",
                          from_pandas)
        except ValueError as error:
            raise ValueError(f"`wx` and `wy` share only some of their samples' times, so "
                             f"aligned: {error}") from error
    template = _template(ordered)
    return ordered, other, template, dim, template.get_axis_num(dim), from_pandas


def _made_alike(records, dim):
    """A ``ValueError`` if the records of ``wx`` and ``wy`` along ``dim`` (``records``, by
    name) say they were made differently: in opposite orders, at different steps, or one
    of a reflected series."""
    (x, y) = records["wx"], records["wy"]
    if x.get("directions") and y.get("directions") and x["directions"] != y["directions"]:
        order = {1: "increasing", -1: "decreasing"}
        raise ValueError(f"`wx` and `wy` were transformed with `{dim}` running in opposite "
                         f"orders (`wx` {order[x['directions']]}, `wy` "
                         f"{order[y['directions']]}): aligned, one would be read backwards; "
                         "transform the two series in the same order")
    if _steps_apart(_recorded_step(x), _recorded_step(y)):
        raise ValueError(f"`wx` and `wy` were transformed at different steps along `{dim}` "
                         f"({_shown(_recorded_step(x))} and {_shown(_recorded_step(y))}): "
                         "their samples are "
                         "not at the same times; resample one onto the other's")
    if bool(x.get("reflected")) != bool(y.get("reflected")):
        name, other = ("wx", "wy") if x.get("reflected") else ("wy", "wx")
        raise ValueError(f"`{name}` holds the coefficients of a reflected series "
                         f"(boundary='reflection') and `{other}` not: the second half of "
                         f"`{name}` is its series backwards, which pairs with nothing of "
                         f"`{other}`; transform the two with the same boundary")


def wavelet_covariance(wx, wy, wavelet="sym4", dim=None, **kwargs):
    """Wavelet covariance of two series by level, with its interval, on the ``level`` dim.

    Parameters
    ----------
    {paired_transforms}
    **kwargs
        ``unbiased``, ``p``: as :func:`atrous.wavelet_covariance`.

    Returns
    -------
    result : xarray.Dataset or pandas.DataFrame
        ``covariance``, ``lower`` and ``upper`` per level (MATLAB's ``modwtxcorr`` at lag
        0, waveslim's ``wave.covariance``), with the levels' scale and bands.

    Raises
    ------
    {paired_raises}

    See Also
    --------
    atrous.wavelet_covariance : The NumPy function.
    wavelet_correlation : The same, normalised.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> rng = np.random.default_rng(0)
    >>> x = xr.DataArray(rng.standard_normal(512), dims="t")
    >>> y = x + xr.DataArray(rng.standard_normal(512), dims="t")
    >>> result = ax.wavelet_covariance(ax.modwt(x, level=3), ax.modwt(y, level=3))
    >>> sorted(result.data_vars), result.sizes["level"]
    (['covariance', 'lower', 'upper'], 4)
    """
    wx, wy, template, dim, axis, from_pandas = _paired(wx, wy, dim, kwargs, wavelet)
    with _in_dims(template.dims):
        result = atrous.wavelet_covariance(wx.data, wy.data, wavelet, axis=axis, **kwargs)
    return _statistics(wx, template, dim, ("covariance", "lower", "upper"), result,
                       from_pandas)


def wavelet_correlation(wx, wy, wavelet="sym4", dim=None, **kwargs):
    """Wavelet correlation of two series by level, with its interval (Fisher's z).

    Parameters
    ----------
    {paired_transforms}
    **kwargs
        The interval's ``p`` and ``unbiased`` (interior coefficients only, by default), as
        :func:`atrous.wavelet_correlation` takes them.

    Returns
    -------
    result : xarray.Dataset or pandas.DataFrame
        ``correlation``, ``lower`` and ``upper`` per level, with the levels' scale and
        bands.

    Raises
    ------
    {paired_raises}

    See Also
    --------
    atrous.wavelet_correlation : The NumPy function.
    wavelet_covariance : Without the normalisation.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from atrous import xarray as ax
    >>> rng = np.random.default_rng(1)
    >>> days = pd.date_range("2021-01-01", periods=256, freq="D")
    >>> x = pd.Series(rng.standard_normal(256).cumsum(), index=days)
    >>> y = x + pd.Series(rng.standard_normal(256), index=days)
    >>> table = ax.wavelet_correlation(ax.modwt(x, level=2), ax.modwt(y, level=2))
    >>> list(table.index), list(table.columns[:3])
    (['W1', 'W2', 'V2'], ['correlation', 'lower', 'upper'])
    """
    wx, wy, template, dim, axis, from_pandas = _paired(wx, wy, dim, kwargs, wavelet)
    with _in_dims(template.dims):
        result = atrous.wavelet_correlation(wx.data, wy.data, wavelet, axis=axis, **kwargs)
    return _statistics(wx, template, dim, ("correlation", "lower", "upper"), result,
                       from_pandas)


fill_docstrings(_PAIRED_DOCS, wavelet_covariance, wavelet_correlation)


def _dims_of(array, dims):
    """``dims`` (a name or names; default all) checked against ``array``."""
    dims = list(array.dims) if dims is None else [dims] if isinstance(dims, str) else list(dims)
    for dim in dims:
        if dim not in array.dims:
            raise ValueError(f"`dims` has {dim!r}, not a dimension of the data: "
                             f"{list(array.dims)}")
    if len(set(dims)) != len(dims):
        raise ValueError(f"`dims` repeats a dimension: {dims}")
    return dims


def swtn(data, wavelet, level, dims=None, mode="symmetric", norm=False):
    """n-d stationary wavelet transform over ``dims``, as a Dataset of subbands.

    Parameters
    ----------
    data : xarray.DataArray
        The image or volume; dims not in ``dims`` are batched over.
    wavelet, level, norm : optional
        As :func:`atrous.swtn` (one wavelet, or one per dim of ``dims``).
    mode : str or sequence of str, optional
        Signal extension mode, one or one per dim of ``dims``, as :func:`atrous.swtn`
        takes it. Default ``'symmetric'`` (mirrored edges), unlike PyWavelets' (and
        :func:`atrous.swtn`'s) ``'periodization'``, which joins each edge of the image to
        the opposite one. Pass ``mode='periodization'`` for PyWavelets' result.
    dims : str or sequence of str, optional
        The dims to transform, in the order of the subband keys. Default: all.

    Returns
    -------
    coeffs : xarray.Dataset
        One data variable per subband key of :func:`atrous.swtn` (``'ad'``, ``'da'``,
        ``'dd'`` for two dims, the letters in the order of ``dims``), each on a ``level``
        dimension ``D1 ... DJ`` (finest first) with the levels' scale and period bands
        (in samples unless every dim has the same spacing); and the approximation of the
        coarsest level (``'aa'``), without a ``level`` dim. The coordinates and attributes
        of ``data`` are kept.

    Raises
    ------
    ValueError
        A name in ``dims`` that is not a dimension, or a repeated one.
    TypeError
        ``data`` that is not a DataArray.

    See Also
    --------
    atrous.swtn : The NumPy function.
    iswtn : The inverse.
    starlet : The isotropic transform, one detail per level.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> image = xr.DataArray(np.random.default_rng(0).random((32, 48)), dims=("y", "x"))
    >>> coeffs = ax.swtn(image, "haar", level=2)
    >>> sorted(coeffs.data_vars), coeffs["dd"].dims
    (['aa', 'ad', 'da', 'dd'], ('level', 'y', 'x'))
    """
    if not isinstance(data, xr.DataArray):
        raise TypeError(f"`data` must be an xarray.DataArray for swtn, got "
                        f"{type(data).__name__}")
    dims = _dims_of(data, dims)
    with _in_dims(data.dims):
        coeffs = atrous.swtn(data.data, wavelet, level,
                             axes=[data.get_axis_num(d) for d in dims], trim_approx=True,
                             norm=norm, mode=mode)
    approx, details = coeffs[0], coeffs[1:][::-1]  # finest first
    labels = [f"D{j}" for j in range(1, len(details) + 1)]
    dim_steps = [_spacing(data, dim) for dim in dims]
    step = _common_spacing(dim_steps)
    parameters = {"wavelet": wavelet, "mode": mode, "norm": norm}
    variables = {key: _stacked([level_details[key] for level_details in details], labels,
                               data, dims, step, "swtn", smooth=False,
                               parameters=parameters, dim_steps=dim_steps)
                 for key in details[0]} if details else {}
    variables["a" * len(dims)] = data.copy(data=approx)
    return xr.Dataset(variables, attrs=dict(data.attrs))


def _per_dim(argument, dims, order):
    """A per-dim ``argument`` (a list of names, one per dim of ``dims``) in ``order``."""
    if isinstance(argument, (list, tuple)) and len(argument) == len(dims) and all(
            isinstance(item, str) for item in argument):
        return [argument[dims.index(dim)] for dim in order]
    return argument


def iswtn(coeffs, wavelet, dims=None, mode=None, norm=False):
    """Inverse of :func:`swtn`: the image with its coordinates and attributes.

    Parameters
    ----------
    coeffs : xarray.Dataset
        What :func:`swtn` returns.
    wavelet, norm : optional
        As :func:`atrous.iswtn`.
    mode : str or sequence of str, optional
        The mode(s) :func:`swtn` was given. Default: those it recorded on the ``level``
        coordinate (``'symmetric'`` where there is no record).
    dims : str or sequence of str, optional
        The transformed dims, in any order (default: those :func:`swtn` recorded); the
        subbands' letters are matched to the dims by name, in the order :func:`swtn` was
        given them.

    Returns
    -------
    data : xarray.DataArray

    Raises
    ------
    ValueError
        ``coeffs`` without the subbands of ``dims``; levels missing or repeated (they are
        read by their labels ``D1 ... DJ``, in any order; the coarsest too, as
        :func:`swtn` records how many it made); ``dims`` other than those :func:`swtn`
        transformed; a part of the samples, or every k-th.

    See Also
    --------
    swtn : The subbands this takes; :func:`atrous.iswtn` is the NumPy inverse.

    Examples
    --------
    A Dataset of subbands back to the image, on its dims:

    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> pixels = np.random.default_rng(0).random((30, 20))
    >>> subbands = ax.swtn(xr.DataArray(pixels, dims=("y", "x")), "db2", level=2)
    >>> restored = ax.iswtn(subbands, "db2")
    >>> bool(np.allclose(restored, pixels)), restored.dims
    (True, ('y', 'x'))
    """
    if not isinstance(coeffs, xr.Dataset):
        raise TypeError(f"`coeffs` must be what atrous.xarray.swtn returns (a Dataset), got "
                        f"{type(coeffs).__name__}")
    keys = [name for name in coeffs.data_vars if LEVEL in coeffs[name].dims]
    approx_keys = [name for name in coeffs.data_vars if set(str(name)) == {"a"}]
    if len(approx_keys) != 1:
        raise ValueError("`coeffs` must be what atrous.xarray.swtn returns: one approximation "
                         f"('aa', 'aaa', ...) and detail subbands; got {list(coeffs.data_vars)}")
    approx = coeffs[approx_keys[0]]
    recorded = _record(coeffs[keys[0]]).get("dims") if keys else None
    dims = _dims_of(approx, dims if dims is not None else recorded)
    if len(dims) != len(approx_keys[0]):
        raise ValueError(f"`dims` {dims} must name the {len(approx_keys[0])} transformed dims")
    if recorded is not None and dims != list(recorded):
        if set(dims) != set(recorded):
            raise ValueError(f"`dims` {dims} are not the dims swtn transformed, {recorded}")
        # The subbands' letters follow the dims swtn was given: one per dim, by name.
        wavelet, mode = (_per_dim(argument, dims, recorded) for argument in (wavelet, mode))
        dims = list(recorded)
    if mode is None:  # (recorded in the order of the recorded dims, which dims now are)
        mode = _recorded_parameter(coeffs[keys[0]], "mode", "symmetric") if keys else \
            "symmetric"
    if keys:
        coeffs = _by_label(coeffs, (SWTN_LEVELS,), "coeffs")
        _check_parameters(_record(coeffs[keys[0]]),
                          {"wavelet": wavelet, "mode": mode, "norm": norm})
        dims, records = _signal_dims(coeffs[keys[0]], approx, dims, False, "coeffs")
        _check_record(records, approx, dims, "coeffs")
    details = [{key: coeffs[key].sel({LEVEL: label}, drop=True).transpose(*approx.dims).data
                for key in keys}
               for label in (coeffs[LEVEL].values[::-1] if keys else [])]
    with _in_dims(approx.dims):
        x = atrous.iswtn([approx.data] + details, wavelet,
                         axes=[approx.get_axis_num(d) for d in dims], norm=norm, mode=mode)
    result = approx.copy(data=x)
    result.attrs = dict(coeffs.attrs)
    return result


def _dims_or_dim(dims, dim):
    """The dims a function of images (``starlet``, ``poisson_denoise``) runs over, as given
    (None, a name or names): ``dims`` or ``dim``, which must agree if both are given."""
    if dims is not None and dim is not None and (
            [dims] if isinstance(dims, str) else list(dims)) != [dim]:
        raise ValueError(f"`dims`={dims!r} and `dim`={dim!r} disagree: pass one of them")
    return dims if dims is not None else dim


def _dataset_over_dims(function, data, selected, verb):
    """``function(variable, dims)`` of each variable of the Dataset ``data`` that has every
    dim of ``selected``, the other variables kept; ``selected`` must be given (``verb``
    says what for, in the message)."""
    if selected is None:
        raise ValueError(f"`dims` (or `dim`) must name the dimensions to {verb} for a "
                         f"Dataset, of {list(data.dims)}")
    selected = [selected] if isinstance(selected, str) else list(selected)
    return {name: (function(variable, selected) if set(selected) <= set(variable.dims)
                   else variable)
            for name, variable in data.data_vars.items()}


def _array_over_dims(data, selected):
    """``(array, dims, back)``: a pandas object as a DataArray along its index (each column
    on its own), a DataArray over ``selected`` (default: all its dims); ``back`` makes a
    result the kind of ``data``."""
    if isinstance(data, (pd.Series, pd.DataFrame)):
        array, index_dim, back = _as_dataarray(data, None)
        return array, [index_dim], back
    if not isinstance(data, xr.DataArray):
        _as_dataarray(data, None)  # the TypeError naming what works
    return data, _dims_of(data, selected), (lambda result: result)


def starlet(data, level, dims=None, generation=1, mode="symmetric", kernel=None, dim=None):
    """Starlet transform over ``dims``: scales ``W1 ... WJ`` and smooth ``CJ`` on ``level``.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        An image, volume or series (for pandas, along the index).
    level, generation, mode, kernel : optional
        As :func:`atrous.starlet`.
    dims : str or sequence of str, optional
        The dims to transform. Default: all of a DataArray's. For a Dataset, pass them
        (or ``dim``): the variables that have all of them are transformed, the others kept.
    dim : str, optional
        One dim to transform, as ``dims`` (passing both, they must agree).

    Returns
    -------
    coeffs : the kind of ``data``
        The scales and the smooth on a ``level`` dimension with their nominal scale and
        period band (in samples unless every dim has the same spacing).

    See Also
    --------
    atrous.starlet : The NumPy function.
    istarlet : The inverse.
    atrous.plot.plot_starlet : The scales of an image drawn.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> image = xr.DataArray(np.random.default_rng(0).random((40, 40)), dims=("y", "x"),
    ...                      attrs={"telescope": "demo"})
    >>> scales = ax.starlet(image, level=3)
    >>> list(scales.level.values), scales.attrs
    (['W1', 'W2', 'W3', 'C3'], {'telescope': 'demo'})
    """
    selected = _dims_or_dim(dims, dim)
    if isinstance(data, xr.Dataset):
        _check_free_variables(data)
        variables = _dataset_over_dims(
            lambda variable, dims: starlet(variable, level, dims, generation, mode, kernel),
            data, selected, "transform")
        return xr.Dataset(variables, attrs=dict(data.attrs))
    array, dims, back = _array_over_dims(data, selected)
    array = _without_selected_level(array)
    with _in_dims(array.dims):
        rows = atrous.starlet(array.data, level, generation,
                              axes=[array.get_axis_num(d) for d in dims], mode=mode,
                              kernel=kernel)
    labels = [f"W{j}" for j in range(1, level + 1)] + [f"C{level}"]
    dim_steps = [_spacing(array, dim) for dim in dims]
    return back(_stacked(rows, labels, array, dims, _common_spacing(dim_steps), "starlet",
                         parameters={"generation": generation, "mode": mode,
                                     "kernel": kernel}, dim_steps=dim_steps))


@_over_coefficients
def istarlet(coeffs, generation=1, dims=None, mode="symmetric", kernel=None):
    """Inverse of :func:`starlet`.

    Parameters
    ----------
    coeffs : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        The scales and smooth that :func:`starlet` returned, on its ``level`` dimension
        (for a Dataset, every variable that has one).
    generation, mode, kernel : optional
        As given to :func:`starlet` (see :func:`atrous.istarlet`).
    dims : str or sequence of str, optional
        Default: the dims :func:`starlet` transformed, which it recorded on ``level``.

    Returns
    -------
    data : the kind :func:`starlet` was given

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    starlet : The scales this takes (the same ``generation``, ``mode`` and ``kernel``).
    atrous.istarlet : The NumPy function, which this calls.

    Examples
    --------
    The second generation's scales do not simply add up; the inverse still restores:

    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> image = xr.DataArray(np.random.default_rng(0).random((32, 32)), dims=("y", "x"))
    >>> scales = ax.starlet(image, level=3, generation=2)
    >>> bool(np.allclose(ax.istarlet(scales, generation=2), image))
    True
    """
    return _inverse(coeffs, dims, (STARLET_LEVELS,), lambda rows, axes: atrous.istarlet(
        rows, generation, axes=axes, mode=mode, kernel=kernel), single=False,
        parameters={"generation": generation, "mode": mode, "kernel": kernel})


@_over_variables
def swt(data, wavelet, level=None, dim=None, mode="symmetric", norm=False):
    """Stationary wavelet transform along ``dim``: details ``D1 ... DJ`` and ``AJ`` on a
    ``level`` dimension (PyWavelets' ``trim_approx=True`` coefficients, labelled).

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The signal(s), as for :func:`mra`.
    wavelet, level, norm : optional
        As :func:`atrous.swt`.
    dim : str, optional
        The dimension to transform (default: the only one).
    mode : str, optional
        Signal extension mode, as :func:`atrous.swt` takes it. Default ``'symmetric'``
        (mirrored edges), unlike PyWavelets' (and :func:`atrous.swt`'s) ``'periodization'``,
        which joins the end of the series to its start: a series that trends or ends away
        from where it starts gets spikes at both edges of every level. Pass
        ``mode='periodization'`` for PyWavelets' result.

    Returns
    -------
    coeffs : xarray.DataArray (Dataset) or pandas.DataFrame
        The coefficients with each level's scale and period band, as :func:`mra`.

    See Also
    --------
    atrous.swt : The NumPy function.
    iswt : The inverse.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.arange(16.0), dims="t", attrs={"units": "m"})
    >>> c = ax.swt(x, "haar", level=2)
    >>> list(c.level.values), c.attrs
    (['D1', 'D2', 'A2'], {'units': 'm'})
    """
    array, dim, back = _as_dataarray(data, dim)
    step = _spacing(array, dim)
    axis = array.get_axis_num(dim)
    with _in_dims(array.dims):
        coeffs = atrous.swt(array.data, wavelet, level=level, axis=axis, mode=mode,
                            norm=norm, trim_approx=True)
    pieces = coeffs[1:][::-1] + coeffs[:1]
    levels = len(pieces) - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"A{levels}"]
    return back(_stacked(pieces, labels, array, dim, step, "swt", dim_steps=[step],
                         parameters={"wavelet": wavelet, "mode": mode, "norm": norm}))


@_over_coefficients
def iswt(coeffs, wavelet, dim=None, mode=None, norm=False):
    """Inverse of :func:`swt`: the signal with its coordinates and attributes.

    Parameters
    ----------
    coeffs : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`swt` returns.
    wavelet, norm, dim : optional
        As :func:`atrous.iswt`; ``dim``, the transformed dimension, is by default the one
        :func:`swt` transformed.
    mode : str, optional
        The mode :func:`swt` was given. Default: the one it recorded on the ``level``
        coordinate (``'symmetric'`` where there is no record).

    Returns
    -------
    data : xarray.DataArray or pandas.Series

    Raises
    ------
    {levels_by_label}

    See Also
    --------
    swt : The forward transform (``atrous.iswt`` is the NumPy inverse).

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> import pandas as pd
    >>> series = pd.Series(np.arange(40.0), index=pd.RangeIndex(40, name="sample"))
    >>> restored = ax.iswt(ax.swt(series, "db2", level=3), "db2")
    >>> bool(np.allclose(restored, series)), restored.index.name
    (True, 'sample')
    """
    if mode is None:
        mode = _recorded_parameter(coeffs, "mode", "symmetric")

    def numpy_inverse(rows, axes):  # rows D1 ... DJ, AJ; atrous.iswt wants AJ, DJ ... D1
        return atrous.iswt([rows[-1]] + list(rows[:-1])[::-1], wavelet, axis=axes[0],
                           mode=mode, norm=norm)
    return _inverse(coeffs, dim, (SWT_LEVELS,), numpy_inverse,
                    parameters={"wavelet": wavelet, "mode": mode, "norm": norm})


@functools.partial(_over_variables, adds_levels=False)
def denoise(data, wavelet="db4", level=None, dim=None, **kwargs):
    """Translation-invariant denoising along ``dim`` (:func:`atrous.denoise`), labels kept.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The noisy signal(s). Each series (each column of a DataFrame, each position along
        the dims other than ``dim``) is denoised on its own, with its own noise estimate and
        thresholds (:func:`atrous.denoise`'s ``channel_axis``): series of different noise
        levels are not mixed.
    wavelet, level : optional
        As :func:`atrous.denoise`.
    dim : str, optional
        The dimension to denoise along (default: the only one).
    **kwargs
        ``method``, ``threshold_mode``, ``sigma`` (one number for every series), ``mode``:
        as :func:`atrous.denoise`.

    Returns
    -------
    denoised : the kind of ``data``
        With the coordinates, names and attributes of ``data``.

    Raises
    ------
    ValueError
        A ``dim`` coordinate that is not equally spaced (as the transforms refuse it).
    TypeError
        ``axes=`` or ``axis=`` (the NumPy function's): name the dimension, ``dim=``;
        ``channel_axis=``: each series is already denoised on its own.

    See Also
    --------
    atrous.denoise : The NumPy function.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from atrous import xarray as ax
    >>> t = pd.timedelta_range(0, periods=512, freq="10ms")
    >>> noisy = pd.Series(np.sin(np.arange(512) / 20), index=t)
    >>> noisy += np.random.default_rng(0).normal(0, 0.2, 512)
    >>> clean = ax.denoise(noisy, "sym4", level=4)
    >>> clean.index.equals(noisy.index)
    True
    """
    _not_axis(kwargs)
    if "channel_axis" in kwargs:
        raise TypeError("`channel_axis` is the NumPy function's argument: atrous.xarray's "
                        "denoise already denoises each series (each position along the dims "
                        "other than `dim`, each column) on its own; leave it out and name the "
                        "dimension to denoise along with `dim`")
    array, dim, back = _as_dataarray(data, dim)
    _spacing(array, dim)  # a transform assumes equal spacing
    others = [d for d in array.dims if d != dim]
    with _in_dims(array.dims):
        if not others:
            denoised = atrous.denoise(array.data, wavelet, level=level, **kwargs)
        else:  # every series its own channel: (series, samples), and back
            ordered = array.transpose(*others, dim)
            series = ordered.data.reshape(-1, array.sizes[dim])
            denoised = atrous.denoise(series, wavelet, level=level, axes=(1,), channel_axis=0,
                                      **kwargs).reshape(ordered.shape)
            denoised = ordered.copy(data=denoised).transpose(*array.dims).data
    return back(array.copy(data=denoised))


def poisson_denoise(data, level=None, dims=None, dim=None, **kwargs):
    """Poisson denoising of counts over ``dims`` (:func:`atrous.poisson_denoise`), labels
    kept.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        Counts: an image or contact map, a volume, or a track (for pandas, along the index:
        each column of a DataFrame on its own).
    level : int, optional
        As :func:`atrous.poisson_denoise`.
    dims : str or sequence of str, optional
        The dims to transform. Default: all of a DataArray's. For a Dataset, pass them (or
        ``dim``): the variables that have all of them are denoised, the others kept.
    dim : str, optional
        One dim to transform, as ``dims``.
    **kwargs
        ``alpha``, ``detection``, ``k``, ``positivity``, ``iterations``, ``mode``,
        ``first_scale``, ``scaled``: as :func:`atrous.poisson_denoise`.

    Returns
    -------
    estimate : the kind of ``data``
        The intensity estimate (float64), with the coordinates, names and attributes of
        ``data``.

    Raises
    ------
    ValueError
        A transformed dim whose coordinate is not equally spaced; the NumPy function's
        errors.
    TypeError
        ``axes=`` or ``axis=`` (the NumPy function's): name the dimensions, ``dims=``.

    See Also
    --------
    atrous.poisson_denoise : The NumPy function.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from atrous import xarray as ax
    >>> position = pd.RangeIndex(0, 200_000, 50, name="position")   # 50-bp bins
    >>> rate = 0.5 + 8 * np.exp(-((position - 100_000) / 400.0) ** 2)
    >>> reads = pd.Series(np.random.default_rng(0).poisson(rate), index=position)
    >>> coverage = ax.poisson_denoise(reads)
    >>> coverage.index.equals(reads.index), round(float(coverage.sum() / reads.sum()), 2)
    (True, 1.0)
    """
    _not_axis(kwargs, "dims")
    selected = _dims_or_dim(dims, dim)
    if isinstance(data, xr.Dataset):
        variables = _dataset_over_dims(
            lambda variable, dims: poisson_denoise(variable, level, dims, **kwargs),
            data, selected, "denoise")
        return xr.Dataset(variables, coords=data.coords, attrs=dict(data.attrs))
    array, dims, back = _array_over_dims(data, selected)
    for name in dims:
        _spacing(array, name)  # the transform assumes equal spacing
    with _in_dims(array.dims):
        estimate = atrous.poisson_denoise(array.data, level,
                                          axes=[array.get_axis_num(d) for d in dims],
                                          **kwargs)
    return back(array.copy(data=estimate))


@functools.partial(_over_variables, adds_levels=False)
def correlate1d(data, weights, dilation=1, dim=None, **kwargs):
    """Dilated correlation along ``dim`` (:func:`atrous.correlate1d`), labels kept.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The signal(s).
    weights, dilation, **kwargs
        As :func:`atrous.correlate1d` (``mode``, ``cval``, ``origin``, ``causal``).
    dim : str, optional
        The dimension to filter along (default: the only one).

    Returns
    -------
    filtered : the kind of ``data``
        With the coordinates, names and attributes of ``data``.

    Raises
    ------
    ValueError
        A ``dim`` coordinate that is not equally spaced: a dilation counts samples.
    TypeError
        ``axis=`` (the NumPy function's): name the dimension, ``dim=``.

    See Also
    --------
    atrous.correlate1d : The NumPy function.
    atrous.receptive_field : How far a filtered sample looks.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> from atrous import xarray as ax
    >>> x = xr.DataArray(np.arange(8.0), dims="t", name="ramp")
    >>> ax.correlate1d(x, [1, 0, -1], dilation=2).values
    array([-2., -3., -4., -4., -4., -4., -3., -2.])
    """
    _not_axis(kwargs)
    array, dim, back = _as_dataarray(data, dim)
    _spacing(array, dim)  # dilations count samples: equally spaced ones
    with _in_dims(array.dims):
        filtered = atrous.correlate1d(array.data, weights, dilation=dilation,
                                      axis=array.get_axis_num(dim), **kwargs)
    return back(array.copy(data=filtered))



def _long_memory(numpy_estimator, data, dim, kwargs):
    """An estimate per series along ``dim``: a Dataset (``estimate``, ``stderr``, ``low``,
    ``high`` over the other dims, with their coordinates, and the log-scale diagram on a
    ``level`` dim that :func:`atrous.plot.plot_logscale_diagram` draws), a Series for a
    Series, a DataFrame (a row per column) for a DataFrame."""
    if isinstance(data, xr.Dataset):
        raise TypeError("`data` is a Dataset: estimate one variable at a time "
                        "(data[name]), each gives a Dataset of the estimate and its interval")
    _not_axis(kwargs)
    array, dim, _ = _as_dataarray(data, dim)
    if isinstance(data, xr.DataArray):
        _check_free(array)
    step = _spacing(array, dim)  # a transform assumes equal spacing
    with _in_dims(array.dims):
        result = numpy_estimator(array.data, axis=array.get_axis_num(dim), **kwargs)
    others = [d for d in array.dims if d != dim]
    fields = ("estimate", "stderr", "low", "high")
    if isinstance(data, pd.Series):
        return pd.Series({field: float(getattr(result, field)) for field in fields},
                         name=data.name)
    if isinstance(data, pd.DataFrame):
        return pd.DataFrame({field: np.asarray(getattr(result, field)) for field in fields},
                            index=data.columns)
    diagram = result.diagram
    ((scale, units),) = _in_units({"scale": list(diagram.scale)}, step).values()
    extra = [field for field in ("slope", "innovation_variance") if hasattr(result, field)]
    return xr.Dataset(
        {**{field: (others, np.asarray(getattr(result, field))) for field in fields + tuple(extra)},
         "log2_variance": ((LEVEL, *others), np.asarray(diagram.log2_variance)),
         **{field: (LEVEL, np.asarray(getattr(diagram, field)))
            for field in ("variance_of_log2", "count", "dof")}},
        coords={LEVEL: np.asarray(diagram.level), "scale": (LEVEL, scale, units),
                **{name: coordinate for name, coordinate in array.coords.items()
                   if dim not in coordinate.dims}},
        attrs=dict(array.attrs))


def hurst_exponent(data, wavelet="la8", levels=None, dim=None, ci=0.95, **kwargs):
    """The Hurst exponent of each series along ``dim``, with its interval, labelled.

    Parameters
    ----------
    {long_memory_series}
    wavelet, levels, ci : optional
        As :func:`atrous.hurst_exponent`.
    **kwargs
        ``process`` (``'fgn'`` or ``'fbm'``) and ``method``, as
        :func:`atrous.hurst_exponent`.

    Returns
    -------
    result : xarray.Dataset, pandas.Series or pandas.DataFrame
        ``estimate``, ``stderr``, ``low``, ``high`` and the regression's ``slope`` over the
        other dims (with their coordinates, those along ``dim`` dropped, and the attributes
        of ``data``), and the log-scale diagram: ``log2_variance`` on a ``level`` dim (the
        level ``j``, with its ``scale`` in the units of the ``dim`` coordinate) and the
        other dims, ``variance_of_log2``, ``count`` and ``dof`` on ``level``. One series
        of it (``result.isel(station=0)``) is what
        :func:`atrous.plot.plot_logscale_diagram` draws. For a Series, a Series of the
        four; for a DataFrame, a row per column.

    Raises
    ------
    TypeError
        A Dataset (estimate one variable at a time).

    Warns
    -----
    UserWarning
        As :func:`atrous.hurst_exponent`: series without variation at the levels used (NaN),
        an estimate beyond the range of ``H``, a random walk read as ``process='fgn'``.

    See Also
    --------
    atrous.hurst_exponent : The NumPy function: the estimator and its log-scale diagram.
    fractional_d_mle : The maximum-likelihood estimate of ``d``.

    Examples
    --------
    Three stations' daily flows, each with its own memory:

    >>> import numpy as np, pandas as pd, xarray as xr, atrous
    >>> from atrous import xarray as ax
    >>> days = pd.date_range("2000-01-01", periods=4096, freq="D")
    >>> flows = xr.DataArray(np.stack([atrous.simulate_fgn(4096, h, seed=1)
    ...                                for h in (0.5, 0.7, 0.9)]),
    ...                      dims=("station", "time"),
    ...                      coords={"station": ["a", "b", "c"], "time": days})
    >>> result = ax.hurst_exponent(flows, dim="time")
    >>> result.estimate.round(1).values.tolist(), list(result.estimate.dims)
    ([0.5, 0.7, 0.9], ['station'])
    >>> result.log2_variance.dims, str(result.scale.values[0].astype("timedelta64[D]"))
    (('level', 'station'), '4 days')
    """
    return _long_memory(atrous.hurst_exponent, data, dim,
                        {"wavelet": wavelet, "levels": levels, "ci": ci, **kwargs})


def fractional_d_mle(data, wavelet="la8", levels=None, dim=None, ci=0.95):
    """The wavelet maximum-likelihood ``d`` of each series along ``dim``, labelled.

    Parameters
    ----------
    {long_memory_series}
    wavelet, levels, ci : optional
        The wavelet, the levels whose coefficients enter the likelihood, and the
        interval's coverage, as :func:`atrous.fractional_d_mle` takes them.

    Returns
    -------
    result : xarray.Dataset, pandas.Series or pandas.DataFrame
        ``estimate``, ``stderr``, ``low`` and ``high``, and for xarray the
        ``innovation_variance`` and the log-scale diagram, as :func:`hurst_exponent` gives
        them.

    Raises
    ------
    TypeError
        ``data`` that is a Dataset: pass ``data[name]``.
    ValueError
        An unevenly spaced ``dim`` coordinate, or what :func:`atrous.fractional_d_mle`
        refuses.

    Warns
    -----
    UserWarning
        As :func:`atrous.fractional_d_mle`: series without variation at the levels used
        (NaN), an estimate at a bound of its search interval ``(-1/2, 1/2)``.

    See Also
    --------
    atrous.fractional_d_mle : The NumPy function and the published estimator it is.
    hurst_exponent : The log-scale diagram's regression.

    Examples
    --------
    >>> import pandas as pd, atrous
    >>> from atrous import xarray as ax
    >>> months = pd.date_range("1900-01-01", periods=2048, freq="MS")
    >>> series = pd.Series(atrous.simulate_arfima(2048, 0.3, seed=4), index=months)
    >>> table = ax.fractional_d_mle(series)
    >>> list(table.index), bool(table["low"] < 0.3 < table["high"])
    (['estimate', 'stderr', 'low', 'high'], True)
    """
    return _long_memory(atrous.fractional_d_mle, data, dim,
                        {"wavelet": wavelet, "levels": levels, "ci": ci})


fill_docstrings({"levels_by_label": """
    ValueError
        Levels missing, repeated or not this function's (another transform's labels): the
        levels are read by their labels, in any order; ``D``/``A`` levels without the
        record of the transform that made them (:func:`swt`'s and :func:`mra`'s alike). A
        ``dim`` other than the one transformed; a transformed dim's coordinate that is no
        longer equally spaced, or runs in the other order than the transform's; one with
        another step than the transform's (every k-th sample selected), or, for an
        inverse, another number of samples (a part of them; :func:`imra`, a sum, takes
        any; a statistic, no more than the transform made, and a reflected series' whole).
        An argument other than the forward call's, as its record on ``level`` holds it
        (``wavelet``, compared by its filters; ``mode``, ``boundary``, ``norm``,
        ``generation``, ``kernel``): the message names the recorded value. A Dataset's
        variables without the transformed dims are passed through.
"""}, imra, imodwt, modwtmra, wavelet_variance, istarlet, iswt)


fill_docstrings({"long_memory_series": """
    data : xarray.DataArray, pandas.Series or pandas.DataFrame
        The series (equally spaced along ``dim``); a DataFrame is a series per column.
    dim : str, optional
        The time dimension (default: the only one).
"""}, hurst_exponent, fractional_d_mle)
