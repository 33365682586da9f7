"""atrous.level_bands and atrous.plot: the bands against the filters' actual responses, and
what each figure draws (its panels, the plotted data, the labels), not its pixels."""

import subprocess
import sys

import numpy as np
import pytest

import atrous
from atrous.plot import (  # matplotlib is in the test extras (an optional extra otherwise)
    plot_coefficients,
    plot_logscale_diagram,
    plot_mra,
    plot_starlet,
    plot_wavelet_variance,
)

# -- level_bands ------------------------------------------------------------------------------


def test_level_bands_are_octaves_and_scales_as_percival_and_walden():
    bands = atrous.level_bands(5, fs=8.0)
    for j in range(1, 6):
        assert bands.low[j - 1] == 8.0 / 2 ** (j + 1) and bands.high[j - 1] == 8.0 / 2**j
        assert bands.shortest_period[j - 1] == 2**j / 8.0
        assert bands.longest_period[j - 1] == 2 ** (j + 1) / 8.0
        assert bands.scale[j - 1] == 2 ** (j - 1) / 8.0
    assert bands.smooth == (0.0, 8.0 / 2**6)
    assert list(bands.level) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("wavelet", ["sym8", "db10", "coif4"])
def test_each_level_holds_most_of_its_energy_in_its_nominal_band(wavelet):
    """The MRA of a unit impulse (periodic) gives each component's impulse response; its
    power spectrum (numpy's FFT) puts the component's centroid and most of its energy in the
    band level_bands gives."""
    n, level = 4096, 6
    impulse = np.zeros(n)
    impulse[n // 2] = 1.0
    components = atrous.mra(impulse, wavelet, level=level)
    frequencies = np.fft.rfftfreq(n)
    bands = atrous.level_bands(level)
    responses = [components[0]] + components[1:][::-1]  # smooth, D1 ... DJ
    for j in range(1, level + 1):
        power = np.abs(np.fft.rfft(responses[j])) ** 2
        inside = (frequencies >= bands.low[j - 1]) & (frequencies <= bands.high[j - 1])
        assert power[inside].sum() / power.sum() > 0.7, j
        centroid = np.sum(frequencies * power) / power.sum()
        assert bands.low[j - 1] <= centroid <= bands.high[j - 1], j
    smooth_power = np.abs(np.fft.rfft(responses[0])) ** 2
    inside = frequencies <= bands.smooth[1]
    assert smooth_power[inside].sum() / smooth_power.sum() > 0.7


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"level": 0}, ValueError), ({"level": 65}, ValueError), ({"level": 2.5}, TypeError),
    ({"level": 3, "fs": 0}, ValueError), ({"level": 3, "fs": -1.0}, ValueError),
    ({"level": 3, "fs": np.inf}, ValueError), ({"level": 3, "fs": "100"}, ValueError),
])
def test_level_bands_refuses_what_is_not_a_level_or_a_rate(kwargs, error):
    with pytest.raises(error):
        atrous.level_bands(**kwargs)


# -- imports ----------------------------------------------------------------------------------

def _output_of(code):
    """What a fresh interpreter running ``code`` prints (it must succeed)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_import_atrous_and_atrous_plot_import_no_matplotlib():
    printed = _output_of("import sys, atrous, atrous.plot; print('matplotlib' in sys.modules,"
                         " 'matplotlib.pyplot' in sys.modules)")
    assert printed.split() == ["False", "False"]


def test_without_matplotlib_atrous_works_and_a_plot_says_what_to_install():
    printed = _output_of("import sys; sys.modules['matplotlib'] = None\n"
                         "import numpy as np, atrous\n"
                         "from atrous.plot import plot_mra\n"
                         "c = atrous.mra(np.arange(64.0), 'haar', level=2)\n"
                         "try:\n    plot_mra(c)\nexcept ImportError as e:\n    print(e)\n")
    assert 'pip install ".[plot]"' in printed  # the install page's command (no index has atrous)


def test_without_ax_a_figure_is_pyplots_and_shows_pickles_and_closes_as_pyplots_do():
    """As pandas, xarray and seaborn: a new figure comes from pyplot (so Jupyter's inline
    backend, plt.show() and fig.show() know it), pickles, and plt.close closes it; given
    `ax`, the user's figure is drawn on and no other is made."""
    import pickle

    import matplotlib.pyplot as plt

    components = atrous.mra(np.sin(np.arange(256) / 9.0), "db2", level=3)
    fig = plot_mra(components)
    assert plt.fignum_exists(fig.number) and plt.gcf() is fig
    again = pickle.loads(pickle.dumps(fig))
    assert [a.get_ylabel() for a in again.axes] == [a.get_ylabel() for a in fig.axes]
    plt.close(fig)
    plt.close(again)  # (an unpickled pyplot figure joins pyplot again, as matplotlib does)
    assert not plt.get_fignums()
    mine, ax = plt.subplots()
    w = atrous.modwt(np.sin(np.arange(256) / 9.0), "db2", 3)
    assert plot_wavelet_variance(atrous.wavelet_variance(w, "db2"), ax=ax) is mine
    assert plt.get_fignums() == [mine.number]


# -- plot_mra ---------------------------------------------------------------------------------

def _lines(ax):
    return [line.get_ydata() for line in ax.get_lines()]


def test_plot_mra_draws_the_signal_then_d1_to_dj_then_the_smooth_with_their_bands(rng):
    fs = 360.0
    x = rng.standard_normal(1024).cumsum()
    components = atrous.mra(x, "sym8", level=4, mode="symmetric")   # [A4, D4, D3, D2, D1]
    fig = plot_mra(components, signal=x, fs=fs)
    axes = fig.axes
    assert len(axes) == 6
    np.testing.assert_array_equal(_lines(axes[0])[0], x)
    for j in range(1, 5):
        np.testing.assert_array_equal(_lines(axes[j])[0], components[5 - j])
        assert axes[j].get_ylabel() == f"D{j}"
    np.testing.assert_array_equal(_lines(axes[5])[0], components[0])
    assert axes[5].get_ylabel() == "S4"
    texts = [" ".join(t.get_text() for t in ax.texts) for ax in axes[1:]]
    # D3 at 360 Hz: 360/16 to 360/8 Hz, periods of 8/360 to 16/360 s; the smooth below
    # 360/32 Hz, periods above 32/360 s (0.0889 s).
    assert texts[2].startswith("22.5–45.0 Hz (22.2–44.4 ms), ")
    assert texts[4].startswith("0–11.2 Hz (> 88.9 ms), ")
    shares = [float(t.split(", ")[1].split(" %")[0]) for t in texts]
    energies = np.array([np.sum(c**2) for c in components[1:][::-1] + [components[0]]])
    np.testing.assert_allclose(shares, 100 * energies / energies.sum(), atol=0.051)
    # The shared x axis is in seconds.
    np.testing.assert_allclose(axes[5].get_lines()[0].get_xdata(), np.arange(1024) / fs)
    assert axes[-1].get_xlabel() == "time (s)"


def test_plot_mra_takes_modwtmra_rows_and_labels_periods_in_samples(rng):
    x = rng.standard_normal(256)
    rows = atrous.modwtmra(atrous.modwt(x, "haar", level=3), "haar")   # D1, D2, D3, S3
    fig = plot_mra(rows)
    assert len(fig.axes) == 4
    for k, ax in enumerate(fig.axes):
        np.testing.assert_array_equal(_lines(ax)[0], rows[k])
    assert fig.axes[0].texts[0].get_text().startswith("2–4 samples, ")
    assert fig.axes[3].texts[0].get_text().startswith("> 16 samples, ")


def test_plot_mra_with_a_time_axis_gives_periods_in_its_unit(rng):
    t = np.arange(128) * 0.5                       # a sample every half unit of time
    components = atrous.mra(rng.standard_normal(128), "db2", level=2)
    fig = plot_mra(components, t=t)
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xdata(), t)
    assert fig.axes[0].texts[0].get_text().startswith("1.00–2.00 (time units), ")


def test_plot_mra_and_the_variance_name_the_time_unit(rng):
    """Quarterly data in years: bands in cycles per year (and as periods, in the unit they
    read in: half a year to a year are 183 to 365 days), axes in years."""
    x = rng.standard_normal(256)
    fig = plot_mra(atrous.mra(x, "db2", level=2), fs=4.0, time_unit="year")
    assert fig.axes[-1].get_xlabel() == "time (year)"
    # D1: 4/4 .. 4/2 cycles a year.
    assert fig.axes[0].texts[0].get_text().startswith("1.00–2.00 cycles/year (183–365 days), ")
    w = atrous.modwt(x, "haar", level=3)
    fig = plot_wavelet_variance(atrous.wavelet_variance(w, "haar"), fs=4.0, time_unit="year")
    assert fig.axes[0].get_xlabel() == "scale (year)"


def test_plot_mra_refuses_what_it_cannot_draw(rng):
    image = rng.standard_normal((16, 16))
    with pytest.raises(ValueError, match="1-d components"):
        plot_mra(atrous.mra2(image, "haar", level=1))
    components = atrous.mra(rng.standard_normal(64), "haar", level=2)
    with pytest.raises(ValueError, match="`signal` must have the components' length 64"):
        plot_mra(components, signal=np.zeros(63))
    with pytest.raises(ValueError, match="`t` must hold one time per sample"):
        plot_mra(components, t=np.arange(10))
    with pytest.raises(ValueError, match="`components` must be"):
        plot_mra([])


def test_plot_mra_draws_into_a_given_figure(rng):
    from matplotlib.figure import Figure

    fig = Figure()
    assert plot_mra(atrous.mra(rng.standard_normal(64), "haar", level=1), fig=fig) is fig
    assert len(fig.axes) == 2


# -- plot_coefficients ------------------------------------------------------------------------

def test_plot_coefficients_images_the_details_level_1_on_top_and_shades_the_boundary(rng):
    x = rng.standard_normal(300)
    w = atrous.modwt(x, "sym4", level=4)
    fig = plot_coefficients(w, wavelet="sym4")
    images = fig.axes[0].images
    np.testing.assert_array_equal(images[0].get_array(), w[:4])
    shaded = ~np.ma.getmaskarray(images[1].get_array()) & np.isfinite(
        np.ma.getdata(images[1].get_array()))
    np.testing.assert_array_equal(shaded, np.isnan(atrous.brick_wall(w, "sym4"))[:4])
    assert list(fig.axes[0].get_yticks()) == [1, 2, 3, 4]


def test_plot_coefficients_takes_swt_pairs_and_trimmed_lists_and_shades_the_halo(rng):
    x = rng.standard_normal(128)
    pairs = atrous.swt(x, "db2", level=3)
    trimmed = atrous.swt(x, "db2", level=3, trim_approx=True)
    want = np.stack([pairs[2][1], pairs[1][1], pairs[0][1]])
    for coeffs in (pairs, trimmed):
        image = plot_coefficients(coeffs).axes[0].images[0].get_array()
        np.testing.assert_array_equal(image, want)
    shading = plot_coefficients(pairs, wavelet="db2").axes[0].images[1].get_array()
    from atrous._swt import swt_halo

    for j in range(1, 4):
        before, after = swt_halo("db2", j)
        row = np.isfinite(np.ma.filled(shading[j - 1], np.nan))
        assert row[:before].all() and row[128 - after:].all()
        assert not row[before:128 - after].any()


# -- plot_wavelet_variance --------------------------------------------------------------------

def test_plot_wavelet_variance_draws_the_estimate_against_scale_with_its_band(rng):
    x = rng.standard_normal(2048).cumsum()
    result = atrous.wavelet_variance(atrous.modwt(x, "sym4", level=6), "sym4")
    fig = plot_wavelet_variance(result, fs=4.0, label="walk")
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_ydata(), result.variance[:6])
    np.testing.assert_allclose(line.get_xdata(), 2.0 ** np.arange(6) / 4.0)
    assert len(ax.collections) == 1                          # the confidence band
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.get_xlabel() == "scale (s)" and ax.get_legend() is not None


def test_plot_wavelet_correlation_uses_a_linear_axis_for_signed_values(rng):
    x = rng.standard_normal(1024)
    wx = atrous.modwt(x, "haar", level=4)
    wy = atrous.modwt(-x + 0.1 * rng.standard_normal(1024), "haar", level=4)
    fig = plot_wavelet_variance(atrous.wavelet_correlation(wx, wy, "haar"))
    assert fig.axes[0].get_yscale() == "linear"


def test_plot_wavelet_variance_refuses_several_series(rng):
    w = atrous.modwt(rng.standard_normal((3, 256)), "haar", level=3)
    with pytest.raises(ValueError, match="several series"):
        plot_wavelet_variance(atrous.wavelet_variance(w, "haar"))


# -- plot_starlet -----------------------------------------------------------------------------

def test_plot_starlet_shows_every_scale_titled(rng):
    image = rng.standard_normal((32, 40))
    scales = atrous.starlet(image, 5)
    fig = plot_starlet(scales)
    drawn = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in drawn] == ["w1", "w2", "w3", "w4", "w5", "c5"]
    for ax, scale in zip(drawn, scales):
        np.testing.assert_array_equal(ax.images[0].get_array(), scale)
    assert len(fig.axes) == 8                                  # two rows of four
    with pytest.raises(ValueError, match="starlet returns for an image"):
        plot_starlet(atrous.starlet(rng.standard_normal(64), 2))


def test_a_figure_shows_once_at_the_end_of_a_jupyter_cell_even_when_assigned():
    """In a real kernel with the inline backend: an assigned figure (which showed nothing
    before) shows at the end of its cell, once; a call ended with ';' too; plt.show() too."""
    import nbformat
    from nbclient import NotebookClient

    setup = ("%matplotlib inline\nimport numpy as np, atrous, matplotlib.pyplot as plt\n"
             "from atrous.plot import plot_mra\n"
             "c = atrous.mra(np.sin(np.arange(128) / 7.0), 'haar', level=2)")
    cells = [setup, "fig = plot_mra(c)", "plot_mra(c);", "plot_mra(c)\nplt.show()"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    images = [sum("image/png" in output.get("data", {}) for output in cell.outputs)
              for cell in notebook.cells]
    assert images == [0, 1, 1, 1]


# -- labeled input (atrous.xarray) ------------------------------------------------------------


def test_the_plots_read_labels_times_and_scales_from_labeled_results(rng):
    import pandas as pd  # the xarray extra, in the test extras
    import xarray as xr

    from atrous import xarray as ax

    months = pd.date_range("1950-01-01", periods=256, freq="MS")
    series = xr.DataArray(rng.standard_normal(256).cumsum(), dims="time",
                          coords={"time": months})
    parts = ax.mra(series, "sym4", level=3)
    fig = plot_mra(parts, signal=series)
    assert [a.get_ylabel() for a in fig.axes] == ["signal", "D1", "D2", "D3", "A3"]
    line = fig.axes[1].lines[0]
    np.testing.assert_array_equal(line.get_ydata(), parts.sel(level="D1"))
    assert np.asarray(line.get_xdata()).dtype.kind == "M"  # drawn against the dates
    # Monthly steps (their mean: 30.43 days): level 1 holds periods of 2 to 4 months, in days.
    assert fig.axes[1].texts[0].get_text().startswith("60.9–122 days, ")
    w = ax.modwt(series, "sym4", level=3)
    image = plot_coefficients(w, wavelet="sym4").axes[0].images
    np.testing.assert_array_equal(image[0].get_array(), w.values[:3])
    assert np.isfinite(image[1].get_array()[0, :7]).all()  # the shaded brick wall of W1
    table = ax.wavelet_variance(w, "sym4")
    fig = plot_wavelet_variance(table)
    x_values, y_values = fig.axes[0].lines[0].get_data()
    # Scales of 1, 2 and 4 months: the axis in the unit of its middle, 2 months, days.
    np.testing.assert_allclose(x_values, table.scale.values[:3] / np.timedelta64(1, "D"))
    np.testing.assert_allclose(y_values, table.variance[:3])
    assert fig.axes[0].get_xlabel() == "scale (days)"
    frame_parts = ax.mra(series.to_series(), "sym4", level=2)
    assert [a.get_ylabel() for a in plot_mra(frame_parts).axes] == ["D1", "D2", "A2"]
    with pytest.raises(ValueError, match="one series"):
        plot_mra(ax.mra(xr.concat([series, series], "station"), "haar", 2, dim="time"))


def test_plot_starlet_titles_the_labeled_scales(rng):
    import xarray as xr

    from atrous import xarray as ax

    image = xr.DataArray(rng.random((32, 32)), dims=("y", "x"))
    scales = ax.starlet(image.transpose("x", "y"), level=2, dims=("x", "y"))
    fig = plot_starlet(scales)
    assert [a.get_title() for a in fig.axes if a.images] == ["W1", "W2", "C2"]


# -- the log-scale diagram ---------------------------------------------------------------------


def test_the_logscale_diagram_draws_the_points_intervals_and_the_weighted_fit():
    x = atrous.simulate_fgn(2**12, 0.7, seed=3)
    result = atrous.hurst_exponent(x, "la8")
    fig = plot_logscale_diagram(result, ci=0.9, label="fGn")
    ax = fig.axes[0]
    diagram = result.diagram
    points, fit = ax.lines[0], ax.lines[-1]
    np.testing.assert_array_equal(points.get_xdata(), diagram.level)
    np.testing.assert_array_equal(points.get_ydata(), diagram.log2_variance)
    # The interval bars: +- z sqrt(Var y_j), z the normal's 95th percentile for 90 %.
    segments = ax.collections[0].get_segments()
    heights = np.array([segment[1, 1] - segment[0, 1] for segment in segments])
    np.testing.assert_allclose(heights, 2 * 1.6448536269514722
                               * np.sqrt(diagram.variance_of_log2))
    # The fitted line has the estimate's slope, H = slope / 2 + 1 for fGn.
    fit_x, fit_y = fit.get_data()
    np.testing.assert_allclose(np.diff(fit_y) / np.diff(fit_x), float(result.slope))
    assert float(result.slope) / 2 + 1 == pytest.approx(float(result.estimate))
    # The line passes through the weighted centre of the points (least squares).
    weights = 1 / diagram.variance_of_log2
    centre = np.sum(weights * diagram.level) / np.sum(weights)
    assert np.interp(centre, fit_x, fit_y) == pytest.approx(
        np.sum(weights * diagram.log2_variance) / np.sum(weights))
    assert f"H = {float(result.estimate):.3f}" in ax.get_legend().get_texts()[0].get_text()
    # A diagram alone, or the MLE's, draws the points only.
    for alone in (atrous.logscale_diagram(x), atrous.fractional_d_mle(x)):
        lines = plot_logscale_diagram(alone).axes[0].lines
        assert not any(line.get_label().startswith("fit") for line in lines)
    with pytest.raises(ValueError, match="several series"):
        plot_logscale_diagram(atrous.hurst_exponent(np.stack([x, x])))
    with pytest.raises(ValueError, match="`ci`=1.5 must be in"):
        plot_logscale_diagram(result, ci=1.5)
