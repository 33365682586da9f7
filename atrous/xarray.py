"""Labeled data in, labeled results out: atrous on xarray and pandas objects.

Needs xarray (``pip install atrous[xarray]``); ``import atrous`` imports neither xarray nor
pandas. The functions mirror the NumPy ones and take ``dim=`` (``dims=`` for the n-d
transforms) instead of ``axis=``. A transform along ``dim`` keeps every coordinate and the
attributes, and adds a dimension ``level`` labelled ``'D1' ... 'DJ'`` and ``'AJ'``
(``'W1' ... 'WJ'`` and ``'VJ'`` for the MODWT, ``'D1' ... 'DJ'`` and ``'SJ'`` for an
analysis from it, ``'W1' ... 'WJ'`` and ``'CJ'`` for the starlet), with, for each level,
its ``scale`` and the shortest and longest periods it holds (``period_low``,
``period_high``) in the units of the ``dim`` coordinate: numbers, or timedeltas for a
datetime coordinate (the mean step for dates at a calendar frequency, such as monthly). A
transform assumes equally spaced samples, so a coordinate with uneven steps raises a
``ValueError`` naming the dim.

A pandas ``Series`` is the data of a ``DataArray`` along its index, a ``DataFrame`` one
series per column; the result comes back as pandas: a ``DataFrame`` with a column per
level (per series and level). A ``Dataset`` maps over its data variables that have the
dim. A Dask-backed ``DataArray`` stays lazy: the data go through atrous's Dask layer.
The inverses take what the forward functions return.
"""

import contextlib
import functools
import re

import numpy as np
import pandas as pd
import xarray as xr

import atrous

from ._docstrings import fill_docstrings

__all__ = ["swt", "iswt", "swtn", "iswtn", "mra", "imra", "modwt", "imodwt", "modwtmra",
           "wavelet_variance", "wavelet_covariance", "wavelet_correlation", "starlet",
           "istarlet", "denoise", "correlate1d", "hurst_exponent", "fractional_d_mle"]

LEVEL = "level"
# The non-index coordinates of the level dimension.
LEVEL_COORDS = ("scale", "period_low", "period_high")
# The dimension of a DataFrame's columns, while it is a DataArray.
COLUMNS = "columns"


def _to_pandas(result, index, dim, columns=None, name=None):
    """A result over ``dim`` (and the ``columns`` dim, the series of a DataFrame, and
    ``level`` if it has them) as pandas on ``index``: a Series, or a DataFrame of a column
    per series and level."""
    series, levels = columns is not None and columns in result.dims, LEVEL in result.dims
    if len(index) != result.sizes[dim]:  # a reflected series' transform, or its inverse
        index = pd.Index(result[dim].values if dim in result.coords else
                         np.arange(result.sizes[dim]), name=index.name)
    if not series and not levels:
        return pd.Series(result.values, index=index, name=name)
    # One copy, into pandas' own layout: a block of a row per column, the samples along it.
    order = [columns] * series + [LEVEL] * levels + [dim]
    block = np.ascontiguousarray(result.transpose(*order).values).reshape(-1, len(index))
    names = [None if columns == COLUMNS else columns]
    if series and levels:
        header = pd.MultiIndex.from_product([result[columns].values, result[LEVEL].values],
                                            names=names + [LEVEL])
    elif series:
        header = pd.Index(result[columns].values, name=names[0])
    else:
        header = pd.Index(result[LEVEL].values, name=LEVEL)
    return pd.DataFrame(block.T, index=index, columns=header, copy=False)


def _as_dataarray(data, dim):
    """``(DataArray, dim, back)``: ``back`` turns a labeled result into the input's kind."""
    if isinstance(data, (pd.Series, pd.DataFrame)):
        dim = dim or data.index.name or "index"
        coords = {dim: data.index.to_numpy()}
        if isinstance(data, pd.Series):
            array = xr.DataArray(data.to_numpy(), coords=coords, dims=[dim], name=data.name)
            columns = None
        else:
            columns = data.columns.name or COLUMNS
            coords[columns] = data.columns.to_numpy()
            # A column per row: pandas keeps each column's samples contiguous, so this is
            # a view, and the transforms run along contiguous memory.
            array = xr.DataArray(data.to_numpy().T, dims=[columns, dim], coords=coords)
        return array, dim, functools.partial(_to_pandas, index=data.index, dim=dim,
                                             columns=columns,
                                             name=getattr(data, "name", None))
    if isinstance(data, xr.DataArray):
        if dim is None:
            if data.ndim != 1:
                raise ValueError(f"`dim` must name the dimension to transform, one of "
                                 f"{list(data.dims)}")
            dim = data.dims[0]
        if dim not in data.dims:
            raise ValueError(f"`dim`={dim!r} is not a dimension of the data: "
                             f"{list(data.dims)}")
        return data, dim, lambda result: result
    raise TypeError(f"`data` must be an xarray.DataArray or Dataset, or a pandas.Series or "
                    f"DataFrame, got {type(data).__name__} (the functions of the same name in "
                    "atrous take NumPy arrays)")


def _over_variables(function):
    """Let ``function(data, ..., dim=...)`` take a Dataset: it maps over the data variables
    that have ``dim`` (the others are kept as they are)."""

    @functools.wraps(function)
    def mapped(data, *args, dim=None, **kwargs):
        if not isinstance(data, xr.Dataset):
            return function(data, *args, dim=dim, **kwargs)
        if dim is None:
            raise ValueError(f"`dim` must name the dimension to transform for a Dataset, one "
                             f"of {list(data.dims)}")
        variables = {name: (function(variable, *args, dim=dim, **kwargs)
                            if dim in variable.dims else variable)
                     for name, variable in data.data_vars.items()}
        return xr.Dataset(variables, attrs=dict(data.attrs))
    return mapped


def _over_coefficients(function):
    """Let ``function(coeffs, ...)``, an inverse, take a Dataset of what the forward
    function returned for each variable: it maps over the variables with a ``level`` dim."""

    @functools.wraps(function)
    def mapped(coeffs, *args, **kwargs):
        if not isinstance(coeffs, xr.Dataset):
            return function(coeffs, *args, **kwargs)
        variables = {name: (function(variable, *args, **kwargs)
                            if LEVEL in variable.dims else variable)
                     for name, variable in coeffs.data_vars.items()}
        return xr.Dataset(variables, attrs=dict(coeffs.attrs))
    return mapped


@contextlib.contextmanager
def _in_dims(dims):
    """Errors of the NumPy functions said in the labeled data's terms: ``axis 1`` of the
    signal becomes its dim, ``dim `time```."""
    try:
        yield
    except (ValueError, TypeError) as error:  # numpy's AxisError is a ValueError
        def named(match):
            axis = int(match[1])
            return f"dim `{dims[axis]}`" if -len(dims) <= axis < len(dims) else match[0]
        message = re.sub(r"\baxis (-?\d+)\b", named, str(error))
        if message == str(error):
            raise
        raise type(error)(message) from error


def _spacing(array, dim):
    """The step of the ``dim`` coordinate (a number or a timedelta; its size, if the
    coordinate decreases), None if it has none or holds labels; a ``ValueError`` naming
    the dim if its steps are uneven. Dates at a calendar frequency (monthly, quarterly,
    yearly: steps of unequal length) have their mean step."""
    if dim not in array.coords:
        return None
    values = np.asarray(array.coords[dim].values)
    if values.size < 2 or values.dtype.kind not in "iufmM":  # labels: scales in samples
        return None
    steps = np.diff(values.astype(np.float64) if values.dtype.kind in "iu" else values)
    if values.dtype.kind in "mM":
        regular = np.all(steps == steps[0]) and steps[0] != np.timedelta64(0)
        if regular:
            return abs(steps[0])
        if values.dtype.kind == "M" and _calendar_regular(values):
            return (values[-1] - values[0]) // (values.size - 1)
        raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                         f"{steps.min()} to {steps.max()}"
                         f"{', and no calendar frequency' if values.dtype.kind == 'M' else ''})"
                         "; a wavelet transform assumes equal spacing: resample it first")
    if steps[0] == 0 or not np.allclose(steps, steps[0], rtol=1e-6, atol=0):
        raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                         f"{steps.min()} to {steps.max()}); a wavelet transform assumes "
                         "equal spacing: interpolate it first")
    return abs(steps[0])


def _calendar_regular(dates):
    """Whether ``dates`` step by a constant number of months (monthly, quarterly, yearly)
    at a fixed day and time of the month, or at the month's end."""
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


def _common_spacing(array, dims):
    """The step shared by every dim in ``dims`` (each checked), or None: scales in samples
    when the dims have different steps or units."""
    steps = [_spacing(array, dim) for dim in dims]
    first = steps[0]
    if first is None or any(step is None or type(step) is not type(first) or step != first
                            for step in steps[1:]):
        return None
    return first


def _level_coords(labels, step, smooth=True):
    """Non-index coordinates of the ``level`` dim: scale and period band per label (the
    last one a smooth's, if ``smooth``)."""
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
    if step is None:
        return {name: (LEVEL, np.array(values)) for name, values in coords.items()}
    if isinstance(step, np.timedelta64):
        def times(values):
            return np.array([np.timedelta64("NaT") if np.isinf(v) else step * int(v)
                             for v in values], dtype=step.dtype)
        return {name: (LEVEL, times(values)) for name, values in coords.items()}
    return {name: (LEVEL, np.array(values) * step) for name, values in coords.items()}


def _stacked(rows, labels, array, dims, step, smooth=True):
    """``rows`` (an array, level first, or a list of arrays shaped as ``array``) on a new
    ``level`` dim, labelled, with the coordinates and attributes of ``array`` and the
    transformed ``dims`` (a name or a list) recorded on the level coordinate for the
    inverses. An array is wrapped, not copied."""
    if isinstance(rows, (list, tuple)):
        rows = np.stack(rows)  # Dask arrays stay lazy (NumPy dispatches to them)
    result = xr.DataArray(rows, dims=(LEVEL, *array.dims), name=array.name,
                          coords={**array.coords, LEVEL: np.array(labels, dtype=object)},
                          attrs=dict(array.attrs))
    result = result.assign_coords(_level_coords(labels, step, smooth))
    result[LEVEL].attrs["dims"] = [dims] if isinstance(dims, str) else list(dims)
    return result


@_over_variables
def mra(data, wavelet, level=None, dim=None, mode="periodization"):
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
        As :func:`atrous.mra`.

    Returns
    -------
    components : xarray.DataArray or pandas.DataFrame
        The components ``D1 ... DJ, AJ`` on a new ``level`` dimension (columns, for a
        Series), with ``scale``, ``period_low`` and ``period_high`` for each level in the
        units of the ``dim`` coordinate; the coordinates and attributes of ``data``.

    Raises
    ------
    ValueError
        ``dim`` not a dimension, or a ``dim`` coordinate that is not equally spaced.

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
    return back(_stacked(pieces, labels, array, dim, step))


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
    return _inverse(components, None, lambda rows, axes: rows.sum(axis=0), single=False)


def _continued(array, dim, step):
    """A template (the dims, coordinates, name and attributes; its values are a zero-copy
    placeholder) twice as long along ``dim``, for a reflected series' transform: the
    ``dim`` coordinate continued at ``step`` (none if it has none); the other coordinates
    along ``dim`` are dropped."""
    n = array.sizes[dim]
    coords = {name: coordinate for name, coordinate in array.coords.items()
              if dim not in coordinate.dims}
    if step is not None:
        values = array[dim].values
        coords[dim] = np.concatenate([values, values[-1] + step * np.arange(1, n + 1)])
    shape = tuple(2 * size if name == dim else size for name, size in array.sizes.items())
    return xr.DataArray(np.broadcast_to(np.zeros((), array.dtype), shape), dims=array.dims,
                        coords=coords, name=array.name, attrs=dict(array.attrs))


@_over_variables
def modwt(data, wavelet="sym4", level=None, dim=None, boundary="periodic"):
    """MODWT along ``dim``: rows ``W1 ... WJ, VJ`` on a new ``level`` dimension.

    Parameters
    ----------
    data : xarray.DataArray or pandas.Series
        The series.
    wavelet, level, boundary : optional
        As :func:`atrous.modwt`.
    dim : str, optional
        The time dimension (default: the only one).

    Returns
    -------
    w : xarray.DataArray or pandas.DataFrame
        The coefficients with a ``level`` dimension labelled ``W1 ... WJ, VJ`` and each
        level's ``scale`` (``tau_j``) and period band in the units of the ``dim``
        coordinate. With ``boundary='reflection'`` the coefficients of the reflected series
        have twice the length: the ``dim`` coordinate is continued at its step (the
        inverses cut it back to the series' own).

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
    """
    array, dim, back = _as_dataarray(data, dim)
    step = _spacing(array, dim)
    axis = array.get_axis_num(dim)
    with _in_dims(array.dims):
        w = atrous.modwt(array.data, wavelet, level=level, axis=axis, boundary=boundary)
    if w.shape[axis + 1] != array.sizes[dim]:  # reflection: the series and its mirror
        array = _continued(array, dim, step)
    levels = w.shape[0] - 1
    labels = [f"W{j}" for j in range(1, levels + 1)] + [f"V{levels}"]
    return back(_stacked(w, labels, array, dim, step))


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
    """
    return _inverse(w, dim, lambda rows, axes: atrous.imodwt(
        rows, wavelet, axis=axes[0], boundary=boundary, level=level))


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
    ordered, template, (dim,), (axis,), back, _ = _levels_first(w, dim)
    with _in_dims(template.dims):
        parts = atrous.modwtmra(ordered.data, wavelet, axis=axis, boundary=boundary)
    if parts.shape[1:] != template.shape:  # a reflection's second half, dropped
        template = template.isel({dim: slice(0, parts.shape[axis + 1])})
    levels = parts.shape[0] - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"S{levels}"]
    return back(_stacked(parts, labels, template, dim, _spacing(template, dim)))


def wavelet_variance(w, wavelet="sym4", dim=None, **kwargs):
    """Wavelet variance by level, with its interval, as a Dataset on the ``level`` dim.

    Parameters
    ----------
    w : xarray.DataArray or pandas.DataFrame
        What :func:`modwt` returns.
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
        row per level (per level and series), with those as columns.

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
    ordered, template, (dim,), (axis,), _, from_pandas = _levels_first(w, dim)
    with _in_dims(template.dims):
        result = atrous.wavelet_variance(ordered.data, wavelet, axis=axis, **kwargs)
    return _statistics(ordered, template, dim, ("variance", "lower", "upper"), result,
                       from_pandas)


def _with_levels(coeffs, name="w"):
    """``(DataArray with a level dim, back)`` from what a forward function returned: a
    DataArray, or a DataFrame of a column per level (per series and level for a DataFrame's
    transform); ``back`` turns a result into the kind of the forward function's input."""
    if isinstance(coeffs, pd.DataFrame):
        frame = coeffs
        dim = frame.index.name or "index"
        coords = {dim: frame.index.to_numpy()}
        if isinstance(frame.columns, pd.MultiIndex):  # (series, level) columns
            series = frame.columns.get_level_values(0).unique()
            labels = frame.columns.get_level_values(-1).unique()
            if not frame.columns.equals(pd.MultiIndex.from_product([series, labels])):
                raise ValueError(f"`{name}` has (series, level) columns that are not every "
                                 "series with every level, series first, as the forward "
                                 "functions return them")
            columns = frame.columns.names[0] or COLUMNS
            values = frame.to_numpy().T.reshape(len(series), len(labels), len(frame))
            array = xr.DataArray(values, dims=[columns, LEVEL, dim],
                                 coords={**coords, columns: series.to_numpy(),
                                         LEVEL: labels.to_numpy()})
        else:
            columns = None
            array = xr.DataArray(frame.to_numpy().T, dims=[LEVEL, dim],
                                 coords={**coords, LEVEL: frame.columns.to_numpy()})
        array[LEVEL].attrs["dims"] = [dim]
        return array, functools.partial(_to_pandas, index=frame.index, dim=dim,
                                        columns=columns)
    if not isinstance(coeffs, xr.DataArray) or LEVEL not in coeffs.dims:
        dims = list(getattr(coeffs, "dims", []))
        raise TypeError(f"`{name}` must be what a function of atrous.xarray returns: a "
                        f"DataArray with a `{LEVEL}` dimension (got {type(coeffs).__name__}"
                        f"{f' with dims {dims}' if dims else ''}) or a DataFrame of a column "
                        "per level")
    return coeffs, lambda result: result


def _signal_dims(coeffs, template, dims, single):
    """The transformed dims: ``dims`` (a name or names) checked against one level's
    ``template``, or by default those the forward function recorded on the ``level``
    coordinate (the only dim of a series)."""
    if dims is None:
        dims = coeffs[LEVEL].attrs.get("dims")
    if dims is None:
        if single and template.ndim != 1:
            raise ValueError(f"`dim` must name the transformed dimension, one of "
                             f"{list(template.dims)}")
        dims = list(template.dims)
    dims = [dims] if isinstance(dims, str) else list(dims)
    for dim in dims:
        if dim not in template.dims:
            raise ValueError(f"`dim`={dim!r} is not a dimension of the coefficients: "
                             f"{list(template.dims)}")
    if single and len(dims) != 1:
        raise ValueError(f"`dim` must name one dimension, got {dims}")
    return dims


def _levels_first(coeffs, dims, single=True, name="w"):
    """``(coefficients level first, one level's template, dims, axes of the data, back)``;
    and whether ``coeffs`` came as pandas."""
    from_pandas = isinstance(coeffs, pd.DataFrame)
    coeffs, back = _with_levels(coeffs, name)
    ordered = coeffs.transpose(LEVEL, ...)
    template = ordered.isel({LEVEL: 0}, drop=True)
    template.attrs = dict(coeffs.attrs)
    dims = _signal_dims(coeffs, template, dims, single)
    return ordered, template, dims, [template.get_axis_num(d) for d in dims], back, from_pandas


def _inverse(coeffs, dims, numpy_inverse, single=True):
    """The signal from labeled coefficients: ``numpy_inverse(rows, axes)`` inverts the
    rows stacked in ``level`` order along the data's ``axes``; the coordinates and
    attributes come back, the level's own coordinates go."""
    ordered, template, dims, axes, back, _ = _levels_first(coeffs, dims, single)
    with _in_dims(template.dims):
        x = numpy_inverse(ordered.data, axes)
    if x.shape != template.shape:  # a reflection's second half, dropped
        template = template.isel({dims[0]: slice(0, x.shape[axes[0]])})
    return back(template.copy(data=x).drop_vars(
        [name for name in LEVEL_COORDS if name in template.coords]))


def _statistics(ordered, template, dim, fields, values, from_pandas):
    """A Dataset of the ``fields`` (arrays over the level and the other dims) with the
    levels' coordinates: those of the coefficients, or recomputed from ``dim``'s spacing;
    for pandas coefficients, a DataFrame of a row per level (and series) with the levels'
    scale and bands as columns."""
    others = [d for d in template.dims if d != dim]
    labels = ordered[LEVEL].values
    if all(name in ordered.coords for name in LEVEL_COORDS):
        level_coords = {name: ordered.coords[name] for name in LEVEL_COORDS}
    else:
        level_coords = _level_coords(list(labels), _spacing(template, dim))
    coords = {LEVEL: labels, **level_coords,
              **{d: template.coords[d] for d in others if d in template.coords}}
    result = xr.Dataset({field: ((LEVEL, *others), value)
                         for field, value in zip(fields, values)},
                        coords=coords, attrs=dict(template.attrs))
    return result.to_dataframe() if from_pandas else result


# What the two-series statistics' docstrings share (see atrous._docstrings).
_PAIRED_DOCS = {
    "paired_transforms": """
        wx, wy : xarray.DataArray or pandas.DataFrame
            What :func:`modwt` returns for the two series (same levels and dims).
        wavelet : str, optional
            The wavelet used. Default ``'sym4'``.
        dim : str, optional
            The time dimension (default: the one :func:`modwt` transformed).
    """,
}


def _paired(wx, wy, dim):
    """Both transforms level first, checked to have the same labels, ``wy`` in the dims
    order of ``wx``."""
    ordered, template, (dim,), (axis,), _, from_pandas = _levels_first(wx, dim, name="wx")
    other, _, _, _, _, _ = _levels_first(wy, dim, name="wy")
    if set(other.dims) != set(ordered.dims):
        raise ValueError(f"`wx` and `wy` must have the same dimensions, got "
                         f"{list(ordered.dims)} and {list(other.dims)}")
    other = other.transpose(*ordered.dims)
    if list(other[LEVEL].values) != list(ordered[LEVEL].values):
        raise ValueError(f"`wx` and `wy` must have the same levels, got "
                         f"{list(ordered[LEVEL].values)} and {list(other[LEVEL].values)}")
    return ordered, other, template, dim, axis, from_pandas


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
    wx, wy, template, dim, axis, from_pandas = _paired(wx, wy, dim)
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
    wx, wy, template, dim, axis, from_pandas = _paired(wx, wy, dim)
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


def swtn(data, wavelet, level, dims=None, mode="periodization", norm=False):
    """n-d stationary wavelet transform over ``dims``, as a Dataset of subbands.

    Parameters
    ----------
    data : xarray.DataArray
        The image or volume; dims not in ``dims`` are batched over.
    wavelet, level, mode, norm : optional
        As :func:`atrous.swtn` (one wavelet and mode, or one per dim of ``dims``).
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
    step = _common_spacing(data, dims)
    variables = {key: _stacked([level_details[key] for level_details in details], labels,
                               data, dims, step, smooth=False)
                 for key in details[0]} if details else {}
    variables["a" * len(dims)] = data.copy(data=approx)
    return xr.Dataset(variables, attrs=dict(data.attrs))


def iswtn(coeffs, wavelet, dims=None, mode="periodization", norm=False):
    """Inverse of :func:`swtn`: the image with its coordinates and attributes.

    Parameters
    ----------
    coeffs : xarray.Dataset
        What :func:`swtn` returns.
    wavelet, mode, norm : optional
        As :func:`atrous.iswtn`.
    dims : str or sequence of str, optional
        The transformed dims (default: those :func:`swtn` recorded).

    Returns
    -------
    data : xarray.DataArray

    Raises
    ------
    ValueError
        ``coeffs`` without the subbands of ``dims``.

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
    if dims is None and keys:
        dims = coeffs[keys[0]][LEVEL].attrs.get("dims")
    dims = _dims_of(approx, dims)
    if len(dims) != len(approx_keys[0]):
        raise ValueError(f"`dims` {dims} must name the {len(approx_keys[0])} transformed dims")
    details = [{key: coeffs[key].sel({LEVEL: label}, drop=True).transpose(*approx.dims).data
                for key in keys}
               for label in (coeffs[keys[0]][LEVEL].values[::-1] if keys else [])]
    with _in_dims(approx.dims):
        x = atrous.iswtn([approx.data] + details, wavelet,
                         axes=[approx.get_axis_num(d) for d in dims], norm=norm, mode=mode)
    result = approx.copy(data=x)
    result.attrs = dict(coeffs.attrs)
    return result


@_over_variables
def starlet(data, level, dims=None, generation=1, mode="symmetric", kernel=None, dim=None):
    """Starlet transform over ``dims``: scales ``W1 ... WJ`` and smooth ``CJ`` on ``level``.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        An image, volume or series (for pandas, along the index).
    level, generation, mode, kernel : optional
        As :func:`atrous.starlet`.
    dims : str or sequence of str, optional
        The dims to transform. Default: all of a DataArray's (a Dataset's: pass them).
    dim : str, optional
        For a Dataset: the variables that have this dim are transformed (with ``dims``).

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
    if isinstance(data, (pd.Series, pd.DataFrame)):
        array, index_dim, back = _as_dataarray(data, None)
        dims = [index_dim]
    else:
        array, back = data, (lambda result: result)
        if not isinstance(array, xr.DataArray):
            _as_dataarray(array, None)  # the TypeError naming what works
        dims = _dims_of(array, dims if dims is not None else dim)
    with _in_dims(array.dims):
        rows = atrous.starlet(array.data, level, generation,
                              axes=[array.get_axis_num(d) for d in dims], mode=mode,
                              kernel=kernel)
    labels = [f"W{j}" for j in range(1, level + 1)] + [f"C{level}"]
    return back(_stacked(rows, labels, array, dims, _common_spacing(array, dims)))


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
    return _inverse(coeffs, dims, lambda rows, axes: atrous.istarlet(
        rows, generation, axes=axes, mode=mode, kernel=kernel), single=False)


@_over_variables
def swt(data, wavelet, level=None, dim=None, mode="periodization", norm=False):
    """Stationary wavelet transform along ``dim``: details ``D1 ... DJ`` and ``AJ`` on a
    ``level`` dimension (PyWavelets' ``trim_approx=True`` coefficients, labelled).

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The signal(s), as for :func:`mra`.
    wavelet, level, mode, norm : optional
        As :func:`atrous.swt`.
    dim : str, optional
        The dimension to transform (default: the only one).

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
    return back(_stacked(pieces, labels, array, dim, step))


@_over_coefficients
def iswt(coeffs, wavelet, dim=None, mode="periodization", norm=False):
    """Inverse of :func:`swt`: the signal with its coordinates and attributes.

    Parameters
    ----------
    coeffs : xarray.DataArray, xarray.Dataset or pandas.DataFrame
        What :func:`swt` returns.
    wavelet, mode, norm, dim : optional
        As :func:`atrous.iswt`; ``dim``, the transformed dimension, is by default the one
        :func:`swt` transformed.

    Returns
    -------
    data : xarray.DataArray or pandas.Series

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
    def numpy_inverse(rows, axes):  # rows D1 ... DJ, AJ; atrous.iswt wants AJ, DJ ... D1
        return atrous.iswt([rows[-1]] + list(rows[:-1])[::-1], wavelet, axis=axes[0],
                           mode=mode, norm=norm)
    return _inverse(coeffs, dim, numpy_inverse)


@_over_variables
def denoise(data, wavelet="db4", level=None, dim=None, **kwargs):
    """Translation-invariant denoising along ``dim`` (:func:`atrous.denoise`), labels kept.

    Parameters
    ----------
    data : xarray.DataArray, xarray.Dataset, pandas.Series or pandas.DataFrame
        The noisy signal(s).
    wavelet, level : optional
        As :func:`atrous.denoise`.
    dim : str, optional
        The dimension to denoise along (default: the only one).
    **kwargs
        ``method``, ``threshold_mode``, ``sigma``, ``mode``: as :func:`atrous.denoise`.

    Returns
    -------
    denoised : the kind of ``data``
        With the coordinates, names and attributes of ``data``.

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
    array, dim, back = _as_dataarray(data, dim)
    axes = [array.get_axis_num(dim)]
    with _in_dims(array.dims):
        result = array.copy(data=atrous.denoise(array.data, wavelet, level=level, axes=axes,
                                                **kwargs))
    return back(result)


@_over_variables
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
    array, dim, back = _as_dataarray(data, dim)
    with _in_dims(array.dims):
        filtered = atrous.correlate1d(array.data, weights, dilation=dilation,
                                      axis=array.get_axis_num(dim), **kwargs)
    return back(array.copy(data=filtered))



def _long_memory(numpy_estimator, data, dim, kwargs):
    """An estimate per series along ``dim``: a Dataset (``estimate``, ``stderr``, ``low``,
    ``high`` over the other dims), a Series for a Series, a DataFrame (a row per column)
    for a DataFrame."""
    if isinstance(data, xr.Dataset):
        raise TypeError("`data` is a Dataset: estimate one variable at a time "
                        "(data[name]), each gives a Dataset of the estimate and its interval")
    array, dim, _ = _as_dataarray(data, dim)
    _spacing(array, dim)  # a transform assumes equal spacing
    with _in_dims(array.dims):
        result = numpy_estimator(array.data, axis=array.get_axis_num(dim), **kwargs)
    others = [d for d in array.dims if d != dim]
    fields = ("estimate", "stderr", "low", "high")
    table = xr.Dataset({field: (others, np.asarray(getattr(result, field)))
                        for field in fields},
                       coords={d: array.coords[d] for d in others if d in array.coords},
                       attrs=dict(array.attrs))
    if isinstance(data, pd.Series):
        return pd.Series({field: float(table[field]) for field in fields}, name=data.name)
    if isinstance(data, pd.DataFrame):
        frame = table.to_dataframe()[list(fields)]
        frame.index = data.columns
        return frame
    return table


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
        ``estimate``, ``stderr``, ``low`` and ``high`` over the other dims (with their
        coordinates and the attributes of ``data``); for a Series, a Series of the four;
        for a DataFrame, a row per column.

    Raises
    ------
    TypeError
        A Dataset (estimate one variable at a time).

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
        ``estimate``, ``stderr``, ``low`` and ``high``, as :func:`hurst_exponent` gives
        them.

    Raises
    ------
    TypeError
        ``data`` that is a Dataset: pass ``data[name]``.
    ValueError
        An unevenly spaced ``dim`` coordinate, or what :func:`atrous.fractional_d_mle`
        refuses.

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


fill_docstrings({"long_memory_series": """
    data : xarray.DataArray, pandas.Series or pandas.DataFrame
        The series (equally spaced along ``dim``); a DataFrame is a series per column.
    dim : str, optional
        The time dimension (default: the only one).
"""}, hurst_exponent, fractional_d_mle)
