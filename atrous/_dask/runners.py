"""One runner per public function: the NumPy function on overlapping blocks of Dask arrays.

A runner is called by :mod:`atrous._dispatch` as ``runner(function, arguments)`` with the
undecorated NumPy ``function`` and every parameter by name. It resolves what depends on
the whole array (default levels, axes), asks the transform's own module how far an output
reaches (each module's ``reach``), and hands the function to
:func:`~atrous._dask.blocks.blockwise`.
"""

import functools
import math

import numpy as np

from .. import (
    _denoise,
    _modwpt,
    _modwt,
    _mra,
    _ndimage,
    _poisson,
    _starlet,
    _stationary,
    _swt,
    _swtn,
)
from .. import _validation as validate
from .._kernels.boundary import WRAP
from .blocks import blockwise, build, extend, flatten, named, rows, stack_rows
from .statistics import finite_median, median


def _on_blocks(function, arguments, data, name, **resolved):
    """``function`` of one block: every argument but ``data`` (a parameter name), with the
    ``resolved`` ones replacing the caller's."""
    kwargs = {key: value for key, value in arguments.items() if key != data}
    kwargs.update(resolved)
    return named(functools.partial(function, **kwargs), name)


def _periodic(axes, codes):
    return {axis: code == WRAP for axis, code in zip(axes, codes)}


# -- the stationary transforms ----------------------------------------------------------------

def _settings_of(arguments, *data):
    """The arguments but the data (the parameters named ``data``), to pass to an
    ``X_settings``."""
    return {key: value for key, value in arguments.items() if key not in data}


def swt(function, arguments):
    data = validate.numbers(arguments["data"])
    settings = _swt.swt_settings(data, **_settings_of(arguments, "data"))
    axis, code = settings["axis"], settings["modes"][0]
    reach = _stationary.reach(settings["wavelet"], settings["levels"], code)
    func = named(functools.partial(_swt.swt_with, **settings), "swt")
    return blockwise(func, [data], {axis: reach}, {axis: code == WRAP})


def iswt(function, arguments):
    approx, details = validate.swt_coefficients(arguments["coeffs"])
    settings = _swt.iswt_settings(approx, details, **_settings_of(arguments, "coeffs"))
    axis, code = settings["axis"], settings["modes"][0]
    reach = _stationary.reach(settings["wavelet"], range(1, len(details) + 1), code,
                              inverse=True)
    func = named(functools.partial(_swt.iswt_with, **settings), "iswt")
    return blockwise(func, [approx, *details], {axis: reach}, {axis: code == WRAP})


def _forward_nd(arguments, with_settings, name):
    data = validate.numbers(arguments["data"])
    settings = _swtn.swtn_settings(data, **_settings_of(arguments, "data"))
    axes, codes = settings["axes"], settings["modes"]
    reach = {a: _stationary.reach(w, settings["levels"], c)
             for a, w, c in zip(axes, settings["wavelets"], codes)}
    func = named(functools.partial(with_settings, **settings), name)
    return blockwise(func, [data], reach, _periodic(axes, codes))


def swtn(function, arguments):
    return _forward_nd(arguments, _swtn.swtn_with, "swtn")


def swt2(function, arguments):
    axes = _swtn.check_swt2(arguments["data"], arguments["axes"])
    return _forward_nd(dict(arguments, axes=axes), _swtn.swt2_with, "swt2")


def _inverse_blocks(*blocks, spec, settings):
    approx, details = build(spec, blocks)
    return _swtn.iswtn_with(approx, details, **settings)


def _inverse_nd(arguments, coeffs, name):
    approx, details = _swtn.iswtn_coefficients(coeffs)
    settings = _swtn.iswtn_settings(approx, details, arguments["wavelet"], arguments["axes"],
                                    arguments["norm"], arguments["mode"])
    leaves = []
    spec = flatten((approx, details), leaves)
    func = named(functools.partial(_inverse_blocks, spec=spec, settings=settings), name)
    if not details:
        return blockwise(func, leaves, {}, {})
    axes, codes, levels = settings["axes"], settings["modes"], range(1, len(details) + 1)
    reach = {a: _stationary.reach(w, levels, c, inverse=True)
             for a, w, c in zip(axes, settings["wavelets"], codes)}
    return blockwise(func, leaves, reach, _periodic(axes, codes))


def iswtn(function, arguments):
    return _inverse_nd(arguments, arguments["coeffs"], "iswtn")


def iswt2(function, arguments):
    axes = _swtn.two_axes(arguments["axes"], "iswtn")
    return _inverse_nd(dict(arguments, axes=axes), _swtn.swt2_as_nd(arguments["coeffs"]),
                       "iswt2")


# -- multiresolution analyses -----------------------------------------------------------------

def _stationary_mra(data, settings, with_settings, name):
    axes, codes = settings["axes"], settings["modes"]
    reach = {a: _mra.reach(w, settings["level"]) for a, w in zip(axes, settings["wavelets"])}
    func = named(functools.partial(with_settings, **settings), name)
    return blockwise(func, [data], reach, _periodic(axes, codes))


def _decimated(function, arguments, axes, name):
    """PyWavelets' decimated MRA on blocks holding all of ``axes`` (its output depends on
    their whole length; PyWavelets checks the arguments)."""
    data = arguments["data"]
    func = _on_blocks(function, arguments, "data", name)
    return blockwise(func, [data], {a: data.shape[a] for a in axes}, dict.fromkeys(axes, False),
                     whole=axes)


def mra(function, arguments):
    data = arguments["data"]
    if _mra.decimated(arguments["transform"], "swt"):
        axis = validate.as_axis(arguments["axis"], data.ndim)
        return _decimated(function, dict(arguments, axis=axis), [axis], "mra")
    data = validate.numbers(data)
    settings = _mra.mra_settings(data, arguments["wavelet"], arguments["level"],
                                 arguments["axis"], arguments["mode"])
    return _stationary_mra(data, settings, _mra.mra_with, "mra")


def _mra_nd(name, stationary, with_settings, check_axes=None):
    """The runner of mra2 or mran: PyWavelets' decimated analysis on whole axes, or the
    stationary one (``check_axes`` first checks and returns the axes, as mra2 does)."""
    def runner(function, arguments):
        data = arguments["data"]
        if _mra.decimated(arguments["transform"], stationary):
            return _decimated(function, arguments,
                              validate.as_axes(arguments["axes"], data.ndim), name)
        axes = arguments["axes"] if check_axes is None else check_axes(data, arguments["axes"])
        data = validate.numbers(data)
        settings = _mra.mran_settings(data, arguments["wavelet"], arguments["level"], axes,
                                      arguments["mode"])
        return _stationary_mra(data, settings, with_settings, name)
    return runner


def _summed(name, parts):
    """The runner of ``name`` (imra and friends): the structure checked by ``parts``, then
    the components summed block by block."""
    def runner(function, arguments):
        import dask.array as da

        leaves = parts(arguments["mra_coeffs"])
        if not leaves:
            return _mra.sum_components()  # raises: nothing to sum
        # As the NumPy sum, every component is added into one of the first one's shape.
        shape = leaves[0].shape
        leaves = [leaf if leaf.shape == shape else da.broadcast_to(leaf, shape)
                  for leaf in leaves]
        return blockwise(named(_mra.sum_components, name), leaves, {}, {})
    return runner


# -- MODWT ------------------------------------------------------------------------------------

def modwt(function, arguments):
    import dask.array as da

    x = validate.numbers(arguments["x"], "x")
    settings = _modwt.modwt_settings(x, **_settings_of(arguments, "x"))
    axis, level = settings["axis"], settings["level"]
    if settings["reflection"]:
        x = da.concatenate([x, da.flip(x, axis)], axis=axis)
    func = named(functools.partial(_modwt.modwt_with, **dict(settings, reflection=False)),
                 "modwt")
    return blockwise(func, [x], {axis: _modwt.reach(settings["filters"], level)},
                     {axis: True})


def _modwt_inverse(arguments, settings, with_settings, name):
    """The inverse ``with_settings`` of the rows of ``w`` (never chunked along the rows),
    periodic on blocks; a reflection's second half is cut at the end."""
    w, axis = arguments["w"], settings["axis"]
    func = named(functools.partial(stack_rows, public=with_settings,
                                   **dict(settings, boundary="periodic")), name)
    result = blockwise(func, rows(w), {axis: _modwt.reach(settings["filters"], w.shape[0] - 1)},
                       {axis: True})
    if settings["boundary"] == "reflection":
        n = w.shape[axis + 1] // 2
        result = result[(slice(None),) * (result.ndim - w.ndim + 1 + axis) + (slice(0, n),)]
    return result


def imodwt(function, arguments):
    w = validate.numbers(arguments["w"], "w")
    settings = _modwt.imodwt_settings(w, **_settings_of(arguments, "w"))
    return _modwt_inverse(dict(arguments, w=w), settings, _modwt.imodwt_with, "imodwt")


def modwtmra(function, arguments):
    w = validate.numbers(arguments["w"], "w")
    settings = _modwt.modwtmra_settings(w, **_settings_of(arguments, "w"))
    return _modwt_inverse(dict(arguments, w=w), settings, _modwt.modwtmra_with, "modwtmra")


# -- MODWPT: the nodes are a new leading axis, as the MODWT's rows ----------------------------

def _packets(name, with_settings):
    """The runner of modwpt or modwptdetails: every block holds all the nodes of its
    samples; the memory check counts the largest block's samples, not the whole array's."""
    def runner(function, arguments):
        x = validate.numbers(arguments["x"], "x")
        block = math.prod(max(chunks, default=0) for chunks in x.chunks)
        settings = _modwpt.modwpt_settings(x, **_settings_of(arguments, "x"), samples=block)
        axis = settings["axis"]
        func = named(functools.partial(with_settings, **settings), name)
        return blockwise(func, [x], {axis: _modwpt.reach(settings["filters"], settings["level"])},
                         {axis: True})
    return runner


def imodwpt(function, arguments):
    w = validate.numbers(arguments["w"], "w")
    block = math.prod(max(chunks, default=0) for chunks in w.chunks[1:])  # a block's samples
    settings = _modwpt.imodwpt_settings(w, **_settings_of(arguments, "w"), samples=block)
    axis = settings["axis"]
    func = named(functools.partial(stack_rows, public=_modwpt.imodwpt_with, **settings),
                 "imodwpt")
    level = w.shape[0].bit_length() - 1
    return blockwise(func, rows(w), {axis: _modwpt.reach(settings["filters"], level)},
                     {axis: True})


# -- starlets ---------------------------------------------------------------------------------

def starlet(function, arguments):
    data = validate.numbers(arguments["data"])
    settings = _starlet.starlet_settings(data, **_settings_of(arguments, "data"))
    axes, modes = settings["axes"], settings["modes"]
    reach = _starlet.reach(settings["kernel"], settings["level"], settings["generation"])
    func = named(functools.partial(_starlet.starlet_with, **settings), "starlet")
    return blockwise(func, [data], dict.fromkeys(axes, reach), _periodic(axes, modes))


def istarlet(function, arguments):
    coeffs = validate.numbers(arguments["coeffs"], "coeffs")
    settings = _starlet.istarlet_settings(coeffs, **_settings_of(arguments, "coeffs"))
    axes, modes, level = settings["axes"], settings["modes"], coeffs.shape[0] - 1
    func = named(functools.partial(stack_rows, public=_starlet.istarlet_with, **settings),
                 "istarlet")
    reach = _starlet.reach(settings["kernel"], level, 1) if settings["generation"] == 2 else 0
    return blockwise(func, rows(coeffs), dict.fromkeys(axes, reach), _periodic(axes, modes))


# -- filters ----------------------------------------------------------------------------------

def _filter_input(arguments):
    """The input of a scipy-style filter, once ``output`` is known to be None or a dtype (a
    Dask result is a new lazy array)."""
    output = arguments["output"]
    if output is not None and not isinstance(output, (str, type, np.dtype)):
        raise TypeError("`output` must be None or a dtype for a Dask `input` (the result is a "
                        "new lazy array); got an array")
    return _ndimage.numeric_input(arguments["input"])


def _filter1d(name, convolve):
    def runner(function, arguments):
        data = _filter_input(arguments)
        settings = _ndimage.filter1d_settings(
            data, convolve=convolve, **_settings_of(arguments, "input", "output"))
        axis = settings["axis"]
        func = named(functools.partial(_ndimage.filter1d_with, output=arguments["output"],
                                       **settings), name)
        return blockwise(func, [data], {axis: _ndimage.reach(settings["offsets"])},
                         {axis: settings["code"] == WRAP})
    return runner


def _filter_nd(name, convolve):
    def runner(function, arguments):
        data = _filter_input(arguments)
        settings = _ndimage.filter_nd_settings(
            data, convolve=convolve, **_settings_of(arguments, "input", "output"))
        periodic = {axis: code == WRAP for axis, code in enumerate(settings["codes"])}
        func = named(functools.partial(_ndimage.filter_nd_with, output=arguments["output"],
                                       **settings), name)
        return blockwise(func, [data], _ndimage.nd_reach(settings), periodic)
    return runner


# -- denoising: statistics over the whole array, then a lazy result ---------------------------

def _finest_noise(data, axes, channel_axis):
    """estimate_noise of a real Dask array: the MAD of its finest diagonal details, exact."""
    if channel_axis is not None:
        channel_axis = validate.as_axis(channel_axis, data.ndim, "channel_axis")
        inner = _denoise.channel_axes(axes, data.ndim, channel_axis)
        return np.array([_finest_noise(data[(slice(None),) * channel_axis + (c,)], inner, None)
                         for c in range(data.shape[channel_axis])])
    axes = validate.as_axes(axes, data.ndim)
    finest = _swtn_of(data, "db2", 1, axes)[1]["d" * len(axes)]
    return float(finite_median(abs(finest)) / _denoise._MAD_TO_SIGMA)


def _swtn_of(data, wavelets, level, axes):
    """The trimmed periodic swtn of a Dask array (the denoisers' analysis)."""
    return _swtn.swtn(data, wavelets, level, 0, axes, True, False, "periodization")


def estimate_noise(function, arguments):
    import dask.array as da

    return _denoise.estimate_with(arguments["data"], arguments["axes"],
                                  arguments["channel_axis"], da.stack, _finest_noise)


def denoise(function, arguments):
    import dask.array as da

    data = validate.numbers(arguments["data"])
    if arguments.get("channel_axis") is not None:
        def one(channel, axes, sigma):
            return denoise(function, {**arguments, "data": channel, "axes": axes,
                                      "sigma": sigma, "channel_axis": None})
        return _denoise.by_channel(one, data, arguments.get("axes"), arguments.get("sigma"),
                                   arguments["channel_axis"], da.stack)
    method, threshold_mode = arguments["method"], arguments["threshold_mode"]
    axes, wavelets, level, modes, pads, sigma = _denoise.denoise_settings(
        data, arguments["wavelet"], arguments["level"], method, threshold_mode,
        arguments["sigma"], arguments["axes"], arguments["mode"])

    def run(part):
        return _denoise_real(part, wavelets, level, method, threshold_mode, sigma, axes, modes,
                             pads)
    return _denoise.by_parts(run, data)


def _denoise_real(data, wavelets, level, method, threshold_mode, sigma, axes, modes, pads):
    import dask
    import dask.array as da

    if sigma is None:
        sigma = _finest_noise(data, axes, None)
    padded = data
    for axis, code in zip(axes, modes):
        if axis in pads:
            padded = extend(padded, axis, pads[axis], pads[axis], code)
    coeffs = _swtn_of(padded, wavelets, level, axes)
    size = int(np.prod([padded.shape[a] for a in axes]))
    thresholds = [{key: None for key in level_coeffs} for level_coeffs in coeffs[1:]]
    if sigma != 0 and not np.isnan(sigma):
        if method == "universal":
            value = _denoise.universal_threshold(sigma, size)
            thresholds = [dict.fromkeys(t, value) for t in thresholds]
        elif method == "bayes":
            keys = [(i, key) for i, t in enumerate(thresholds) for key in t]
            # Over the finite coefficients, as the NumPy path.
            sums = dask.compute(*[
                (da.where(da.isfinite(c), c * c, 0).sum(
                    dtype=np.result_type(c.dtype, np.float64)), da.isfinite(c).sum())
                for c in (coeffs[i + 1][key] for i, key in keys)])
            for (i, key), (total, count) in zip(keys, sums):
                mean = total / count if count else np.nan
                thresholds[i][key] = _denoise.bayes_threshold(mean, sigma)
        else:  # SURE needs each subband sorted: one subband at a time in memory
            for i, t in enumerate(thresholds):
                for key in t:
                    t[key] = _denoise._sure_threshold(coeffs[i + 1][key].compute(), sigma)
    reach = {a: _denoise.reach(w, level) for a, w in zip(axes, wavelets)}
    transform = _denoise.transform_settings(padded, wavelets, level, axes)
    func = named(functools.partial(_denoise.denoise_with, transform=transform,
                                   thresholds=thresholds, threshold_mode=threshold_mode),
                 "denoise")
    result = blockwise(func, [padded], reach, dict.fromkeys(axes, True))
    cut = tuple(slice(pads.get(a, 0), pads.get(a, 0) + data.shape[a]) for a in range(data.ndim))
    return result[cut] if pads else result


def starlet_denoise(function, arguments):
    import dask.array as da

    data = validate.numbers(arguments["data"])

    def noise_of_parts(parts):
        return float(median(abs(da.stack(parts))) / _denoise._MAD_TO_SIGMA)

    level, ks, sigma, positivity, iterations, transform = _denoise.starlet_denoise_settings(
        data, arguments["level"], arguments["k"], arguments["sigma"], arguments["generation"],
        arguments["threshold_mode"], arguments["positivity"], arguments["iterations"],
        arguments["axes"], arguments["mode"], noise_of_parts)
    axes, generation, modes = transform["axes"], transform["generation"], transform["modes"]

    def run(part):
        noise = sigma
        if noise is None:
            first = _starlet.starlet(part, level, generation, axes, arguments["mode"])[0]
            levels = _starlet.starlet_noise_levels(level, ndim=len(axes), generation=generation)
            noise = float(finite_median(abs(first)) / _denoise._MAD_TO_SIGMA / levels[0])
        func = named(functools.partial(
            _denoise.starlet_denoise_with, level=level, ks=ks, sigma=noise,
            threshold_mode=arguments["threshold_mode"], positivity=positivity,
            iterations=iterations, transform=transform), "starlet_denoise")
        reach = _denoise.starlet_reach(level, generation, iterations)
        return blockwise(func, [part], dict.fromkeys(axes, reach), _periodic(axes, modes))
    return _denoise.by_parts(run, data)


# -- counts -----------------------------------------------------------------------------------

def _counts(counts, scaled):
    """A Dask array of counts as float64, its values checked in one pass over it."""
    import dask

    _poisson.check_count_dtype(counts)
    scaled = validate.flag(scaled, "scaled")
    if counts.size:
        flaws = dask.compute(*_poisson.count_flaws(counts, scaled))
        _poisson.check_flaws(*flaws, scaled=scaled)
    return counts.astype(np.float64), scaled


def msvst(function, arguments):
    data, _ = _counts(arguments["counts"], arguments["scaled"])
    corrected = validate.flag(arguments["corrected"], "corrected")
    normalized = validate.flag(arguments["normalized"], "normalized")
    transform = _poisson.msvst_settings(data, arguments["level"], arguments["axes"],
                                        arguments["mode"])
    axes, level = transform["axes"], transform["level"]

    def details_and_smooth(block):
        result = _poisson.msvst_with(np.ascontiguousarray(block), transform, corrected,
                                     normalized)
        return result.details, result.smooth

    reach = _starlet.reach(None, level, 1)
    details, smooth = blockwise(named(details_and_smooth, "msvst"), [data],
                                dict.fromkeys(axes, reach), _periodic(axes, transform["modes"]))
    constants = _poisson.scale_constants(level, len(axes))
    return _poisson.MSVST(details, smooth, constants.sigma.copy(),
                          constants.min_intensity.copy())


def poisson_denoise(function, arguments):
    """Three passes: the tests' statistics (each block with the reach of the MSVST), the
    cut-offs and the largest significant detail over the whole array, then the
    reconstruction of each block with the reach of all its transforms."""
    import dask
    import dask.array as da

    data, _ = _counts(arguments["counts"], arguments["scaled"])
    transform, alpha, k, positivity, iterations, first_scale = \
        _poisson.poisson_denoise_settings(
            data, arguments["level"], arguments["alpha"], arguments["detection"],
            arguments["k"], arguments["positivity"], arguments["iterations"],
            arguments["axes"], arguments["mode"], arguments["first_scale"])
    axes, level = transform["axes"], transform["level"]
    periodic = _periodic(axes, transform["modes"])
    reach = _starlet.reach(None, level, 1)

    def significance(block):
        return _poisson.significance_with(np.ascontiguousarray(block), transform, first_scale)

    z, tested = blockwise(named(significance, "msvst"), [data], dict.fromkeys(axes, reach),
                          periodic)
    magnitude = abs(z)
    z_alpha = _poisson.z_of_p(alpha)
    wanted = [magnitude[j][tested[j] & (magnitude[j] >= z_alpha)]
              for j in range(level)] if arguments["detection"] == "fdr" else []
    # One pass over the statistics for the tests' counts and the candidates together.
    totals, *found = dask.compute(tested.sum(axis=tuple(range(1, data.ndim + 1))), *wanted)
    cutoffs = _poisson.cutoffs(arguments["detection"], alpha, k, totals,
                               lambda j, z_min: np.asarray(found[j]))
    limits = da.from_array(np.asarray(cutoffs).reshape((level,) + (1,) * data.ndim))
    support = (magnitude >= limits) & tested
    planes = blockwise(named(functools.partial(_starlet.starlet_with, **transform), "starlet"),
                       [data], dict.fromkeys(axes, reach), periodic)
    # The first soft threshold: one per position along the axes not transformed.
    largest = da.max(da.where(support, abs(planes[:level]), 0.0),
                     axis=(0,) + tuple(axis + 1 for axis in axes), keepdims=True)[0]
    largest = da.broadcast_to(largest.compute(), data.shape).rechunk(data.chunks)
    func = named(functools.partial(_poisson.reconstruct_with, transform=transform,
                                   positivity=positivity, iterations=iterations),
                 "poisson_denoise")
    transforms = 2 * iterations - 1 + _poisson.PROJECTIONS
    return blockwise(func, [data, largest] + rows(support),
                     dict.fromkeys(axes, transforms * reach), periodic)


RUNNERS = {
    "swt": swt, "iswt": iswt, "swtn": swtn, "swt2": swt2, "iswtn": iswtn, "iswt2": iswt2,
    "mra": mra, "mra2": _mra_nd("mra2", "swt2", _mra.mra2_with, _mra.check_mra2),
    "mran": _mra_nd("mran", "swtn", _mra.mran_with),
    "imra": _summed("imra", _mra.imra_parts), "imra2": _summed("imra2", _mra.imra2_parts),
    "imran": _summed("imran", _mra.imran_parts),
    "modwt": modwt, "imodwt": imodwt, "modwtmra": modwtmra,
    "modwpt": _packets("modwpt", _modwpt.modwpt_with), "imodwpt": imodwpt,
    "modwptdetails": _packets("modwptdetails", _modwpt.modwptdetails_with),
    "starlet": starlet, "istarlet": istarlet,
    "correlate1d": _filter1d("correlate1d", False), "convolve1d": _filter1d("convolve1d", True),
    "correlate": _filter_nd("correlate", False), "convolve": _filter_nd("convolve", True),
    "estimate_noise": estimate_noise, "denoise": denoise, "starlet_denoise": starlet_denoise,
    "msvst": msvst, "poisson_denoise": poisson_denoise,
}
