"""Labeled data in, labeled results out: atrous on xarray and pandas objects.

Needs xarray (``pip install atrous[xarray]``); ``import atrous`` imports neither xarray nor
pandas. The functions mirror the NumPy ones and take ``dim=`` instead of ``axis=``. A
transform along ``dim`` keeps every coordinate and the attributes, and adds a dimension
``level`` labelled ``'D1' ... 'DJ'`` and ``'AJ'`` (``'W1' ... 'WJ'`` and ``'VJ'`` for the
MODWT), with, for each level, its ``scale`` and the shortest and longest periods it holds
(``period_low``, ``period_high``) in the units of the ``dim`` coordinate: numbers, or
timedeltas for a datetime coordinate. A transform assumes equally spaced samples, so a
coordinate with uneven steps raises a ``ValueError`` naming the dim.

A pandas ``Series`` is the data of a ``DataArray`` along its index; the result comes back as
pandas: a ``DataFrame`` with one column per level. A Dask-backed ``DataArray`` stays lazy:
the data go through atrous's Dask layer.
"""

import numpy as np
import pandas as pd
import xarray as xr

import atrous

__all__ = ["swt", "iswt", "mra", "imra", "modwt", "imodwt", "modwtmra", "wavelet_variance",
           "denoise", "correlate1d"]

LEVEL = "level"
# The non-index coordinates of the level dimension.
LEVEL_COORDS = ("scale", "period_low", "period_high")


def _as_dataarray(data, dim):
    """``(DataArray, dim, back)``: ``back`` turns a labeled result into the input's kind."""
    if isinstance(data, pd.Series):
        dim = dim or data.index.name or "index"
        array = xr.DataArray(data.to_numpy(), coords={dim: data.index.to_numpy()},
                             dims=[dim], name=data.name)

        def back(result):
            if LEVEL not in result.dims:
                return pd.Series(result.values, index=data.index, name=data.name)
            frame = result.transpose(dim, LEVEL).to_pandas()
            frame.index = data.index
            frame.columns.name = LEVEL
            return frame
        return array, dim, back
    if isinstance(data, pd.DataFrame):
        dim = dim or data.index.name or "index"
        array = xr.DataArray(data.to_numpy(), dims=[dim, "columns"],
                             coords={dim: data.index.to_numpy(),
                                     "columns": data.columns.to_numpy()})

        def back(result):
            if LEVEL not in result.dims:
                return pd.DataFrame(result.transpose(dim, "columns").values,
                                    index=data.index, columns=data.columns)
            values = result.transpose(dim, "columns", LEVEL).values
            columns = pd.MultiIndex.from_product([data.columns, result[LEVEL].values],
                                                 names=[data.columns.name, LEVEL])
            return pd.DataFrame(values.reshape(values.shape[0], -1), index=data.index,
                                columns=columns)
        return array, dim, back
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
    import functools

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


def _spacing(array, dim):
    """The step of the ``dim`` coordinate (a number or a timedelta), None if it has none;
    a ``ValueError`` naming the dim if its steps are uneven."""
    if dim not in array.coords:
        return None
    values = np.asarray(array.coords[dim].values)
    if values.size < 2:
        return None
    steps = np.diff(values)
    if values.dtype.kind == "M":
        if not np.all(steps == steps[0]):
            raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                             f"{steps.min()} to {steps.max()}); a wavelet transform assumes "
                             "equal spacing: resample it first")
        return steps[0]
    if values.dtype.kind not in "iuf":
        return None
    if not np.allclose(steps, steps[0], rtol=1e-6, atol=0):
        raise ValueError(f"the `{dim}` coordinate is not equally spaced (steps from "
                         f"{steps.min()} to {steps.max()}); a wavelet transform assumes "
                         "equal spacing: interpolate it first")
    return steps[0]


def _level_coords(labels, step):
    """Non-index coordinates of the ``level`` dim: scale and period band per label."""
    scale, low, high = [], [], []
    levels = len(labels) - 1
    for j in range(1, levels + 1):
        scale.append(2.0 ** (j - 1))
        low.append(2.0**j)
        high.append(2.0 ** (j + 1))
    scale.append(2.0 ** (levels - 1))  # the smooth: the scale of the coarsest level
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


def _stacked(pieces, labels, array, dim, step):
    """The pieces (arrays shaped as ``array``) stacked on a new ``level`` dim, labelled."""
    result = xr.concat([array.copy(data=piece) for piece in pieces],
                       dim=pd.Index(labels, name=LEVEL))
    result = result.assign_coords(_level_coords(labels, step))
    result.attrs = dict(array.attrs)
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
    components = atrous.mra(array.data, wavelet, level=level, axis=axis, mode=mode)
    pieces = components[1:][::-1] + components[:1]
    levels = len(pieces) - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"A{levels}"]
    return back(_stacked(pieces, labels, array, dim, step))


def imra(components):
    """The sum of what :func:`mra` (or :func:`modwtmra`) returns, over ``level``.

    Parameters
    ----------
    components : xarray.DataArray or pandas.DataFrame
        What :func:`mra` returns.

    Returns
    -------
    data : xarray.DataArray or pandas.Series
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
    if isinstance(components, pd.DataFrame):
        return components.sum(axis=1)
    total = components.sum(LEVEL)
    total.attrs = dict(components.attrs)
    return total.drop_vars([name for name in LEVEL_COORDS
                            if name in total.coords])


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
        have twice the length; they are returned on a plain integer ``dim``.

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
    w = atrous.modwt(array.data, wavelet, level=level, axis=axis, boundary=boundary)
    if w.shape[axis + 1] != array.sizes[dim]:  # reflection: twice the length
        array = xr.DataArray(np.empty(w.shape[1:]), dims=array.dims, attrs=array.attrs)
    levels = w.shape[0] - 1
    labels = [f"W{j}" for j in range(1, levels + 1)] + [f"V{levels}"]
    return back(_stacked(list(w), labels, array, dim, step))


def _rows(w):
    if isinstance(w, pd.DataFrame):
        return np.stack([w[c].to_numpy() for c in w.columns]), w.index, "frame"
    if LEVEL not in w.dims:
        raise ValueError(f"`w` must be what atrous.xarray.modwt returns, with a `{LEVEL}` "
                         f"dimension; got dims {list(w.dims)}")
    return w.transpose(LEVEL, ...).data, None, "xarray"


def _inverse(coeffs, dim, numpy_inverse):
    """The signal from labeled coefficients (a ``level`` dim, or a DataFrame of one column
    per level): ``numpy_inverse(rows, axis)`` inverts the rows stacked in ``level`` order;
    the coordinates and attributes come back, the level's own coordinates go."""
    rows, index, kind = _rows(coeffs)
    if kind == "frame":
        return pd.Series(numpy_inverse(rows, -1), index=index)
    template = coeffs.transpose(LEVEL, ...).isel({LEVEL: 0}, drop=True)
    dim = dim or next(d for d in template.dims)
    axis = template.get_axis_num(dim)
    x = numpy_inverse(rows, axis)
    if x.shape != template.shape:  # a reflection's second half, dropped
        template = template.isel({dim: slice(0, x.shape[axis])})
    return template.copy(data=x).drop_vars(
        [name for name in LEVEL_COORDS if name in template.coords])


def imodwt(w, wavelet="sym4", dim=None, boundary="periodic", level=0):
    """Inverse of :func:`modwt` (or the smooth of ``level`` levels and coarser).

    Parameters
    ----------
    w : xarray.DataArray or pandas.DataFrame
        What :func:`modwt` returns.
    wavelet, boundary, level : optional
        As :func:`atrous.imodwt`.
    dim : str, optional
        The time dimension (default: the one that is not ``level``).

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
    return _inverse(w, dim, lambda rows, axis: atrous.imodwt(
        rows, wavelet, axis=axis, boundary=boundary, level=level))


def modwtmra(w, wavelet="sym4", dim=None, boundary="periodic"):
    """The MRA ``D1 ... DJ, SJ`` from :func:`modwt` coefficients, on the ``level`` dim.

    Parameters
    ----------
    w : xarray.DataArray
        What :func:`modwt` returns.
    wavelet, boundary : optional
        As :func:`atrous.modwtmra`.
    dim : str, optional
        The time dimension (default: the one that is not ``level``).

    Returns
    -------
    components : xarray.DataArray
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
    if not isinstance(w, xr.DataArray):
        raise TypeError("`w` must be what atrous.xarray.modwt returns for a DataArray")
    rows, _, _ = _rows(w)
    template = w.isel({LEVEL: 0}, drop=True)
    dim = dim or next(d for d in template.dims)
    axis = template.get_axis_num(dim)
    parts = atrous.modwtmra(rows, wavelet, axis=axis, boundary=boundary)
    if parts.shape[1:] != template.shape:
        template = template.isel({dim: slice(0, parts.shape[axis + 1])})
    levels = parts.shape[0] - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"S{levels}"]
    return _stacked(list(parts), labels, template, dim, _spacing(template, dim))


def wavelet_variance(w, wavelet="sym4", dim=None, **kwargs):
    """Wavelet variance by level, with its interval, as a Dataset on the ``level`` dim.

    Parameters
    ----------
    w : xarray.DataArray
        What :func:`modwt` returns.
    wavelet : str, optional
        The wavelet used.
    dim : str, optional
        The time dimension (default: the one that is not ``level``).
    **kwargs
        ``unbiased``, ``ci``, ``p``: as :func:`atrous.wavelet_variance`.

    Returns
    -------
    result : xarray.Dataset
        ``variance``, ``lower`` and ``upper`` on the ``level`` dimension (and any other
        dimensions of the series), with the levels' ``scale`` and period bands: the
        analogue of MATLAB's ``modwtvar`` table.

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
    if not isinstance(w, xr.DataArray) or LEVEL not in w.dims:
        raise TypeError("`w` must be what atrous.xarray.modwt returns for a DataArray")
    ordered = w.transpose(LEVEL, ...)
    template = ordered.isel({LEVEL: 0}, drop=True)
    dim = dim or next(d for d in template.dims)
    axis = template.get_axis_num(dim)
    result = atrous.wavelet_variance(ordered.data, wavelet, axis=axis, **kwargs)
    others = [d for d in template.dims if d != dim]
    level_coords = {name: ordered.coords[name] for name in LEVEL_COORDS
                    if name in ordered.coords}
    coords = {LEVEL: ordered[LEVEL].values, **level_coords,
              **{d: template.coords[d] for d in others if d in template.coords}}
    return xr.Dataset({name: ((LEVEL, *others), getattr(result, name))
                       for name in ("variance", "lower", "upper")}, coords=coords,
                      attrs=dict(w.attrs))


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
    coeffs = atrous.swt(array.data, wavelet, level=level, axis=axis, mode=mode, norm=norm,
                        trim_approx=True)
    pieces = coeffs[1:][::-1] + coeffs[:1]
    levels = len(pieces) - 1
    labels = [f"D{j}" for j in range(1, levels + 1)] + [f"A{levels}"]
    return back(_stacked(pieces, labels, array, dim, step))


def iswt(coeffs, wavelet, dim=None, mode="periodization", norm=False):
    """Inverse of :func:`swt`: the signal with its coordinates and attributes.

    Parameters
    ----------
    coeffs : xarray.DataArray or pandas.DataFrame
        What :func:`swt` returns (for a DataArray or a Series).
    wavelet, mode, norm, dim : optional
        As :func:`atrous.iswt`; ``dim``, the transformed dimension, is by default the one
        that is not ``level``.

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
    def numpy_inverse(rows, axis):  # rows D1 ... DJ, AJ; atrous.iswt wants AJ, DJ ... D1
        return atrous.iswt([rows[-1]] + list(rows[:-1])[::-1], wavelet, axis=axis, mode=mode,
                           norm=norm)
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
    filtered = atrous.correlate1d(array.data, weights, dilation=dilation,
                                  axis=array.get_axis_num(dim), **kwargs)
    return back(array.copy(data=filtered))
