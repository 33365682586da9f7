"""Denoising: the cycle-spinning identity against PyWavelets' DWT, thresholds from their
definitions, and the noise estimate on known noise."""

import numpy as np
import pytest
import pywt

import atrous
from atrous import _denoise


def cycle_spin_1d(x, wavelet, level, threshold, mode):
    """Average over all 2**level circular shifts of DWT denoising (Coifman & Donoho)."""
    total = np.zeros_like(x)
    for shift in range(2**level):
        c = pywt.wavedec(np.roll(x, -shift), wavelet, level=level, mode="periodization")
        c = [c[0]] + [pywt.threshold(d, threshold, mode) for d in c[1:]]
        total += np.roll(pywt.waverec(c, wavelet, mode="periodization"), shift)
    return total / 2**level


@pytest.mark.parametrize("wavelet", ["haar", "db4", "sym5"])
@pytest.mark.parametrize("threshold_mode", ["soft", "hard", "garrote"])
def test_equals_the_average_of_dwt_denoising_over_all_shifts(wavelet, threshold_mode, rng):
    x = np.sin(np.linspace(0, 20, 256)) + rng.normal(0, 0.3, 256)
    sigma = 0.3
    want = cycle_spin_1d(x, wavelet, 3, sigma * np.sqrt(2 * np.log(256)), threshold_mode)
    got = atrous.denoise(x, wavelet, level=3, method="universal", sigma=sigma,
                         threshold_mode=threshold_mode, mode="periodization")
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_2d_equals_the_average_over_all_shifts(rng):
    image = rng.normal(0, 1, (32, 32)) + np.add.outer(np.arange(32), np.arange(32)) / 8
    sigma, level = 1.0, 2
    threshold = sigma * np.sqrt(2 * np.log(image.size))
    total = np.zeros_like(image)
    for a in range(2**level):
        for b in range(2**level):
            shifted = np.roll(image, (-a, -b), axis=(0, 1))
            c = pywt.wavedec2(shifted, "db2", level=level, mode="periodization")
            c = [c[0]] + [tuple(pywt.threshold(d, threshold, "soft") for d in details)
                          for details in c[1:]]
            total += np.roll(pywt.waverec2(c, "db2", mode="periodization"), (a, b),
                             axis=(0, 1))
    got = atrous.denoise(image, "db2", level=level, method="universal", sigma=sigma,
                         mode="periodization")
    np.testing.assert_allclose(got, total / 4**level, atol=1e-12)


def test_bayes_and_sure_thresholds_from_their_definitions(rng):
    details = rng.normal(0, 1.5, 4000) + (rng.random(4000) < 0.05) * 8
    sigma = 1.0
    bayes = _denoise._threshold("bayes", details, sigma, details.size)
    np.testing.assert_allclose(bayes, sigma**2 / np.sqrt(np.mean(details**2) - sigma**2))
    # SURE by brute force over the candidate thresholds |d_i|.
    x = np.abs(details) / sigma

    def sure(t):
        return details.size - 2 * np.sum(x <= t) + np.sum(np.minimum(x, t) ** 2)

    candidates = np.sort(x)
    best = candidates[np.argmin([sure(t) for t in candidates])]
    want = sigma * min(best, np.sqrt(2 * np.log(details.size)))
    np.testing.assert_allclose(_denoise._threshold("sure", details, sigma, 0), want)


@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
def test_denoising_reduces_the_error_in_1d_and_2d(method, rng):
    t = np.linspace(0, 1, 2048)
    clean = np.sin(2 * np.pi * 5 * t) + (t > 0.4) - 0.5 * (t > 0.7)
    noisy = clean + rng.normal(0, 0.25, t.size)
    denoised = atrous.denoise(noisy, "db4", method=method)
    assert np.std(denoised - clean) < 0.5 * np.std(noisy - clean)
    image = np.outer(np.hanning(128), np.hanning(128)) * 2
    noisy_image = image + rng.normal(0, 0.2, image.shape)
    restored = atrous.denoise(noisy_image, "db2", level=3, method=method)
    assert np.std(restored - image) < 0.6 * np.std(noisy_image - image)


def test_no_noise_reconstructs_and_other_modes_work(rng):
    x = rng.standard_normal(100)
    np.testing.assert_allclose(atrous.denoise(x, "db2", level=2, sigma=0.0), x, atol=1e-12)
    np.testing.assert_allclose(atrous.denoise(x, "db2", level=2, sigma=0.0,
                                              mode="periodization"), x, atol=1e-12)
    smooth = atrous.denoise(np.linspace(0, 10, 100) + x * 0.1, "db2", level=3,
                            mode="symmetric", sigma=0.1)
    assert smooth.shape == (100,)


def test_estimate_noise_on_known_noise(rng):
    noise = rng.normal(0, 0.7, (3, 20000))
    np.testing.assert_allclose(atrous.estimate_noise(noise[0]), 0.7, rtol=0.03)
    per_channel = atrous.estimate_noise(noise * np.array([[1], [2], [3]]), channel_axis=0)
    np.testing.assert_allclose(per_channel, 0.7 * np.array([1, 2, 3]), rtol=0.03)
    image = rng.normal(0, 0.1, (256, 256)) + np.add.outer(np.arange(256), np.arange(256)) / 64
    np.testing.assert_allclose(atrous.estimate_noise(image), 0.1, rtol=0.05)


def test_estimate_noise_refuses_to_transform_the_channel_axis(rng):
    data = rng.normal(size=(3, 64))
    with pytest.raises(ValueError, match="`axes`=\\(0,\\) includes the `channel_axis`=0"):
        atrous.estimate_noise(data, axes=(0,), channel_axis=0)
    np.testing.assert_array_equal(atrous.estimate_noise(data, axes=(1,), channel_axis=0),
                                  [atrous.estimate_noise(row) for row in data])


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"method": "visu"}, "`method`='visu'"), ({"threshold_mode": "firm"}, "`threshold_mode`"),
    ({"sigma": -1.0}, "`sigma`=-1.0 must not be negative"), ({"level": 0}, "Level value"),
])
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        atrous.denoise(np.ones(64), **kwargs)


def star_field(rng, shape=(96, 96), stars=12):
    y, x = np.mgrid[:shape[0], :shape[1]]
    field = np.zeros(shape)
    for _ in range(stars):
        cy, cx = rng.uniform(5, shape[0] - 5), rng.uniform(5, shape[1] - 5)
        field += rng.uniform(2, 10) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4)
    return field


def test_starlet_denoise_keeps_everything_at_zero_significance(rng):
    x = rng.standard_normal((40, 30))
    np.testing.assert_allclose(atrous.starlet_denoise(x, 3, k=0.0, sigma=1.0), x, atol=1e-12)
    np.testing.assert_allclose(atrous.starlet_denoise(x, 3, k=0.0, sigma=1.0, generation=1),
                               x, atol=1e-12)


def test_starlet_denoise_on_a_star_field(rng):
    clean = star_field(rng)
    noisy = clean + rng.normal(0, 0.5, clean.shape)
    once = atrous.starlet_denoise(noisy, 4, k=3.0)
    assert np.std(once - clean) < 0.5 * np.std(noisy - clean)
    positive = atrous.starlet_denoise(noisy, 4, k=3.0, positivity=True)
    assert positive.min() >= 0
    assert np.std(positive - clean) < 0.5 * np.std(noisy - clean)
    soft = atrous.starlet_denoise(noisy, 4, k=[4, 3, 3, 3], threshold_mode="soft")
    assert np.std(soft - clean) < 0.6 * np.std(noisy - clean)


def test_iterations_converge_to_the_significant_coefficients(rng):
    """The residual's coefficients on the multiresolution support shrink as it iterates."""
    clean = star_field(rng)
    noisy = clean + rng.normal(0, 0.5, clean.shape)
    levels = atrous.starlet_noise_levels(4, ndim=2, generation=2)
    w_data = atrous.starlet(noisy, 4, generation=2)
    support = np.abs(w_data[:4]) > 3 * 0.5 * levels[:, None, None]
    gaps = []
    for iterations in (1, 5, 30):
        result = atrous.starlet_denoise(noisy, 4, k=3.0, sigma=0.5, iterations=iterations)
        w_result = atrous.starlet(result, 4, generation=2)
        gaps.append(np.abs(w_result[:4][support] - w_data[:4][support]).max())
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.25 * gaps[0]


def test_starlet_denoise_estimates_sigma_and_checks_arguments(rng):
    noise = rng.normal(0, 0.3, (128, 128))
    # Pure noise: with the estimated sigma nearly everything is below 3 sigma.
    assert np.std(atrous.starlet_denoise(noise, 3)) < 0.1
    for kwargs, match in [({"k": [3, 3]}, "`k` must be"), ({"threshold_mode": "garrote"},
                                                          "`threshold_mode`='garrote'"),
                          ({"iterations": 0}, "`iterations`=0"), ({"sigma": -1}, "`sigma`")]:
        with pytest.raises(ValueError, match=match):
            atrous.starlet_denoise(noise, 3, **kwargs)


@pytest.mark.parametrize("mode", ["symmetric", "reflect"])
def test_mirror_modes_remove_the_wrap_around_error_of_a_trend(mode, rng):
    t = np.linspace(0, 1, 2048)
    clean = np.sin(2 * np.pi * 3.3 * t) + 2 * t  # ends 2 apart: periodization sees a jump
    noisy = clean + rng.normal(0, 0.1, t.size)
    edges = np.r_[0:30, t.size - 30:t.size]
    periodic = atrous.denoise(noisy, "db4", level=3, sigma=0.1, mode="periodization")
    mirrored = atrous.denoise(noisy, "db4", level=3, sigma=0.1, mode=mode)
    assert mirrored.shape == noisy.shape
    assert np.mean((mirrored - clean)[edges] ** 2) < 0.3 * np.mean((periodic - clean)[edges] ** 2)
    inside = slice(200, -200)
    np.testing.assert_allclose(np.mean((mirrored - clean)[inside] ** 2),
                               np.mean((periodic - clean)[inside] ** 2), rtol=0.2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_garrote_is_pywts_without_overflowing_on_tiny_coefficients(dtype, rng):
    from atrous._denoise import _shrink

    details = (rng.standard_normal(1000) * rng.choice([1.0, 1e-30], 1000)).astype(dtype)
    details[:4] = [0.0, 1e-40, -2.0, 0.5]
    for value in (np.float64(0.5), 0.5):
        with np.errstate(all="ignore"):  # PyWavelets overflows dividing by the tiny ones
            expected = pywt.threshold(details.copy(), value, mode="garrote")
        got = _shrink(details.copy(), value, "garrote")  # warnings are errors here
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)


# -- the default mode (issue 12, item 16) -----------------------------------------------------

def _psnr(clean, estimate):
    return 10 * np.log10(1.0 / np.mean((clean - estimate) ** 2))


def _dwt_bayes_shrink(image, wavelet, level):
    """scikit-image's ``denoise_wavelet`` (BayesShrink, soft, float data): PyWavelets' DWT
    at its default mode, sigma from the finest diagonal detail's nonzero coefficients."""
    coeffs = pywt.wavedecn(image, wavelet, level=level)
    finest = coeffs[-1]["d" * image.ndim]
    sigma = np.median(np.abs(finest[np.nonzero(finest)])) / 0.6744897501960817
    eps = np.finfo(image.dtype).eps
    shrunk = [coeffs[0]] + [
        {key: pywt.threshold(d, sigma**2 / np.sqrt(max(np.mean(d * d) - sigma**2, eps)), "soft")
         for key, d in details.items()} for details in coeffs[1:]]
    return pywt.waverecn(shrunk, wavelet)[tuple(slice(n) for n in image.shape)]


def test_the_default_mode_beats_cycle_spun_dwt_denoising_on_the_camera_image():
    """The benchmark's case (scikit-image's ``cycle_spin(denoise_wavelet, max_shifts=7)``,
    rebuilt on PyWavelets): the default, 'symmetric', is above it and periodization below."""
    clean = pywt.data.camera().astype(np.float64) / 255
    noisy = clean + np.random.default_rng(0).normal(0, 0.1, clean.shape)
    spun = np.zeros_like(noisy)
    for a in range(8):
        for b in range(8):
            shifted = np.roll(noisy, (a, b), axis=(0, 1))
            spun += np.roll(_dwt_bayes_shrink(shifted, "db4", 3), (-a, -b), axis=(0, 1))
    reference = _psnr(clean, spun / 64)
    default = atrous.denoise(noisy, "db4", level=3)
    np.testing.assert_array_equal(default, atrous.denoise(noisy, "db4", level=3,
                                                          mode="symmetric"))
    periodic = atrous.denoise(noisy, "db4", level=3, mode="periodization")
    assert _psnr(clean, default) > reference + 0.02  # measured +0.05 dB
    assert _psnr(clean, periodic) < reference - 0.1  # measured -0.16 dB


# -- NaN and infinite samples (item 15) -------------------------------------------------------

def _finite_mad_sigma(coefficients):
    magnitude = np.abs(coefficients)
    return np.median(magnitude[np.isfinite(magnitude)]) / 0.6744897501960817


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_estimate_noise_uses_the_finite_coefficients(bad, rng):
    x = rng.normal(0, 0.7, 4096)
    x[[10, 2000]] = bad
    detail = pywt.swt(x, "db2", level=1, trim_approx=True)[1]
    assert not np.all(np.isfinite(detail))
    np.testing.assert_allclose(atrous.estimate_noise(x), _finite_mad_sigma(detail),
                               rtol=1e-12)
    image = rng.normal(0, 0.3, (64, 96))
    image[5, 7] = bad
    diagonal = pywt.swtn(image, "db2", level=1, trim_approx=True)[1]["dd"]
    np.testing.assert_allclose(atrous.estimate_noise(image), _finite_mad_sigma(diagonal),
                               rtol=1e-12)
    assert np.isnan(atrous.estimate_noise(np.full(16, np.nan)))


def test_subband_statistics_use_the_finite_coefficients(rng):
    details = rng.normal(0, 1.5, 4000) + (rng.random(4000) < 0.05) * 8
    spoilt = details.copy()
    spoilt[[3, 50, 51]] = [np.nan, np.inf, -np.inf]
    finite = np.delete(details, [3, 50, 51])
    bayes = _denoise._threshold("bayes", spoilt, 1.0, spoilt.size)
    np.testing.assert_allclose(bayes, 1.0 / np.sqrt(np.mean(finite**2) - 1.0), rtol=1e-12)
    x = np.abs(finite)

    def sure(t):
        return x.size - 2 * np.sum(x <= t) + np.sum(np.minimum(x, t) ** 2)

    best = np.sort(x)[np.argmin([sure(t) for t in np.sort(x)])]
    np.testing.assert_allclose(_denoise._threshold("sure", spoilt, 1.0, 0),
                               min(best, np.sqrt(2 * np.log(x.size))), rtol=1e-12)


@pytest.mark.parametrize("mode", ["symmetric", "periodization"])
@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
def test_a_nan_spoils_only_the_output_within_reach(method, mode, rng):
    t = np.linspace(0, 1, 1024)
    x = np.sin(2 * np.pi * 4 * t) + rng.normal(0, 0.2, t.size)
    spoilt = x.copy()
    spoilt[500] = np.nan
    got = atrous.denoise(spoilt, "db4", level=4, method=method, mode=mode)
    reach = (8 - 1) * (2**4 - 1)  # forward and inverse: (L - 1)(2**J - 1) in all
    nan = np.isnan(got)
    assert nan[500] and not nan[:500 - reach].any() and not nan[500 + reach + 1:].any()
    # With sigma given, the universal threshold does not see the data: elsewhere the
    # result is that of the data with any finite value in place of the NaN.
    if method == "universal":
        filled = x.copy()
        filled[500] = 0.0
        got = atrous.denoise(spoilt, "db4", level=4, method=method, mode=mode, sigma=0.2)
        want = atrous.denoise(filled, "db4", level=4, method=method, mode=mode, sigma=0.2)
        np.testing.assert_allclose(got[~np.isnan(got)], want[~np.isnan(got)], atol=1e-12)
    else:  # the statistics leave out a few coefficients: nearly the NaN-free result
        clean = atrous.denoise(x, "db4", level=4, method=method, mode=mode)
        np.testing.assert_allclose(got[~nan], clean[~nan], atol=0.02)


def test_starlet_denoise_estimates_sigma_from_the_finite_coefficients(rng):
    clean = star_field(rng, (160, 160), 30)
    noisy = clean + rng.normal(0, 0.5, clean.shape)
    spoilt = noisy.copy()
    spoilt[80, 80] = np.nan
    levels = atrous.starlet_noise_levels(3, ndim=2, generation=2)
    sigma = _finite_mad_sigma(atrous.starlet(spoilt, 3, generation=2)[0]) / levels[0]
    got = atrous.starlet_denoise(spoilt, 3)
    np.testing.assert_array_equal(got, atrous.starlet_denoise(spoilt, 3, sigma=sigma))
    # Generation 2 smooths twice a level: 4 (2**3 - 1) samples, forward and inverse.
    reach = 2 * 4 * (2**3 - 1)
    far = np.ones(clean.shape, bool)
    far[80 - reach:80 + reach + 1, 80 - reach:80 + reach + 1] = False
    assert np.isnan(got[80, 80]) and np.all(np.isfinite(got[far]))
    np.testing.assert_allclose(got[far], atrous.starlet_denoise(noisy, 3)[far], atol=0.1)


# -- complex data, dtypes ---------------------------------------------------------------------

def test_complex_data_are_denoised_as_real_and_imaginary_parts(rng):
    t = np.linspace(0, 1, 512)
    clean = np.exp(2j * np.pi * 3 * t) + (t > 0.5)
    noise = rng.normal(0, 0.2, (2, t.size))
    noisy = clean + noise[0] + 1j * noise[1]
    # One noise level, either part's, from the finest details of both.
    details = [pywt.swt(part, "db2", level=1, trim_approx=True)[1]
               for part in (noisy.real, noisy.imag)]
    sigma = atrous.estimate_noise(noisy)
    np.testing.assert_allclose(sigma, _finite_mad_sigma(np.concatenate(details)), rtol=1e-12)
    np.testing.assert_allclose(sigma, 0.2, rtol=0.1)
    for kwargs in ({}, {"sigma": 0.3, "method": "sure", "mode": "periodization"}):
        got = atrous.denoise(noisy, "db4", level=3, **kwargs)
        s = kwargs.pop("sigma", sigma)
        want = (atrous.denoise(noisy.real, "db4", level=3, sigma=s, **kwargs)
                + 1j * atrous.denoise(noisy.imag, "db4", level=3, sigma=s, **kwargs))
        np.testing.assert_allclose(got, want, atol=1e-12)
    assert np.std(got - clean) < 0.5 * np.std(noisy - clean)
    assert atrous.denoise(noisy.astype(np.complex64), "db4", level=3).dtype == np.complex64
    # Per channel, too.
    stacked = np.stack([noisy, 2 * noisy])
    np.testing.assert_allclose(atrous.estimate_noise(stacked, channel_axis=0),
                               [sigma, 2 * sigma], rtol=1e-12)


def test_complex_starlet_denoise_is_that_of_the_parts(rng):
    clean = star_field(rng)
    noisy = clean + rng.normal(0, 0.5, clean.shape) + 1j * (clean + rng.normal(0, 0.5,
                                                                              clean.shape))
    first = atrous.starlet(noisy, 1, generation=2)[0]
    sigma = (_finite_mad_sigma(np.concatenate([first.real, first.imag]))
             / atrous.starlet_noise_levels(1, ndim=2, generation=2)[0])
    want = (atrous.starlet_denoise(noisy.real, 3, sigma=sigma)
            + 1j * atrous.starlet_denoise(noisy.imag, 3, sigma=sigma))
    np.testing.assert_allclose(atrous.starlet_denoise(noisy, 3), want, atol=1e-12)
    with pytest.raises(ValueError, match="`positivity`=True needs real data"):
        atrous.starlet_denoise(noisy, 3, positivity=True)


@pytest.mark.parametrize("threshold_mode", ["soft", "hard", "garrote"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16])
def test_the_result_has_the_transform_dtype(threshold_mode, dtype, rng):
    x = (rng.normal(0, 50, (40, 32))).astype(dtype)
    want = np.float32 if dtype == np.float32 else np.float64
    for mode in ("symmetric", "periodization"):
        got = atrous.denoise(x, "db2", level=2, threshold_mode=threshold_mode, mode=mode)
        assert got.dtype == want
        reference = atrous.denoise(x.astype(np.float64), "db2", level=2,
                                   threshold_mode=threshold_mode, mode=mode)
        np.testing.assert_allclose(got, reference, rtol=1e-4, atol=1e-4 * 50)


# -- channel_axis: channels (colours, series of a batch) denoised one by one ---------------------

def _rgb(rng, scales=(5.0, 20.0, 40.0)):
    image = pywt.data.camera()[::8, ::8].astype(float)
    clean = np.stack([image, 0.5 * image, 255 - image], axis=-1)
    return clean + rng.normal(0, 1, clean.shape) * np.asarray(scales)


@pytest.mark.parametrize("method", ["bayes", "universal", "sure"])
def test_channel_axis_denoises_each_channel_as_scikit_image_does(method, rng):
    """Each channel is denoised on its own (own noise estimate, own thresholds, the channel
    axis never transformed): the result is the stack of the single-channel results, and a
    channel's result does not depend on the other channels."""
    noisy = _rgb(rng)
    got = atrous.denoise(noisy, "db2", level=2, method=method, channel_axis=-1)
    want = np.stack([atrous.denoise(noisy[..., c], "db2", level=2, method=method)
                     for c in range(3)], axis=-1)
    np.testing.assert_array_equal(got, want)
    changed = noisy.copy()
    changed[..., 2] *= 100
    np.testing.assert_array_equal(
        atrous.denoise(changed, "db2", level=2, method=method, channel_axis=-1)[..., :2],
        got[..., :2])


def test_without_channel_axis_an_rgb_image_is_denoised_as_a_3d_array(rng):
    """The default (as scikit-image's channel_axis=None): the channel axis is transformed and
    the noise level is one for the whole array, so channels of different noise mix."""
    noisy = _rgb(rng)
    per_channel = atrous.denoise(noisy, "db2", level=2, channel_axis=-1)
    assert np.abs(atrous.denoise(noisy, "db2", level=2) - per_channel).max() > 1


def _pandas_series(values):
    """A pandas Series of ``values`` where pandas is installed (it is with the test extras),
    else the list."""
    try:
        import pandas as pd
    except ImportError:
        return list(values)
    return pd.Series(values)


def test_channel_axis_takes_a_sigma_per_channel_and_axes_without_it(rng):
    noisy = _rgb(rng)
    sigmas = [5.0, 20.0, 40.0]
    want = np.stack([atrous.denoise(noisy[..., c], "db2", level=2, sigma=s)
                     for c, s in enumerate(sigmas)], axis=-1)
    for given in (sigmas, tuple(sigmas), np.array(sigmas), _pandas_series(sigmas)):
        np.testing.assert_array_equal(
            atrous.denoise(noisy, "db2", level=2, sigma=given, channel_axis=2), want)
    moved = np.moveaxis(noisy, -1, 0)
    np.testing.assert_array_equal(
        atrous.denoise(moved, "db2", level=2, axes=(1,), channel_axis=0),
        np.stack([atrous.denoise(moved[c], "db2", level=2, axes=(0,)) for c in range(3)]))


def test_channel_axis_errors_name_the_argument(rng):
    noisy = _rgb(rng)
    with pytest.raises(np.exceptions.AxisError, match="`channel_axis`=3"):
        atrous.denoise(noisy, "db2", level=2, channel_axis=3)
    with pytest.raises(ValueError, match="includes the `channel_axis`=0"):
        atrous.denoise(noisy, "db2", level=2, axes=(0, 1), channel_axis=0)
    with pytest.raises(ValueError, match=r"`sigma` has shape \(2,\) for 3 channels"):
        atrous.denoise(noisy, "db2", level=2, sigma=[1.0, 2.0], channel_axis=-1)
    with pytest.raises(TypeError, match="`sigma` must be a real number or a sequence of one "
                                        "per channel"):
        atrous.denoise(noisy, "db2", level=2, sigma={"r": 1.0}, channel_axis=-1)
    with pytest.raises(TypeError, match="`channel_axis` must be an integer, got 2.0"):
        atrous.denoise(noisy, "db2", level=2, channel_axis=2.0)
    with pytest.raises(ValueError, match="`channel_axis`=0 needs data with a channel axis"):
        atrous.denoise(noisy[:, 0, 0], "db2", level=2, channel_axis=0)
