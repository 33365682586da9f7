"""The numbers behind what the notebooks say, computed without atrous: PyWavelets (the peer)
for the ECG's bands, NumPy's FFT and plain means for the Niño 3 series. A notebook whose text
no longer holds for its data fails here, not in a reader's hands."""

import numpy as np
import pywt


def _nino():
    _, values = pywt.data.nino()
    return np.asarray(values, dtype=float)


def _anomalies(values):
    """Each quarter minus the mean of its quarter of the year (the quarterly climatology)."""
    quarter = np.arange(values.size) % 4
    climatology = np.array([values[quarter == q].mean() for q in range(4)])
    return values - climatology[quarter]


def _power_by_period(values, samples_per_year=4):
    """``(periods in years, periodogram)`` of the centred series, the zero frequency left out."""
    centred = values - values.mean()
    power = np.abs(np.fft.rfft(centred)) ** 2
    frequencies = np.fft.rfftfreq(centred.size, d=1 / samples_per_year)
    return 1 / frequencies[1:], power[1:]


def test_nino_the_seasonal_cycle_holds_half_the_raw_series_variance():
    """modwt_nino.ipynb: 'not an anomaly series: it still holds the seasonal cycle, about half
    of its variance', and the annual period dominates the raw series."""
    raw = _nino()
    share = 1 - _anomalies(raw).var() / raw.var()
    assert 0.4 < share < 0.6
    periods, power = _power_by_period(raw)
    annual = np.abs(periods - 1) < 0.05
    assert power[annual].sum() / power.sum() > 0.4


def test_nino_anomalies_hold_their_variance_at_periods_of_2_to_8_years():
    """modwt_nino.ipynb: the anomalies' variance peaks at levels 3 and 4 (periods 2 to 8 years,
    ENSO's band), with little at periods under two years (levels 1 and 2)."""
    periods, power = _power_by_period(_anomalies(_nino()))
    enso = power[(periods >= 2) & (periods <= 8)].sum() / power.sum()
    fast = power[periods < 2].sum() / power.sum()
    assert enso > 0.5 and enso > 2 * fast


def test_ecg_swt_bands_lag_the_r_wave_more_at_coarser_levels_and_the_mra_does_not():
    """swt_ecg.ipynb: the R wave at sample 190 peaks in |D1|, |D2| a sample early, |D5| about
    twenty samples early; the MRA's components peak where the signal does."""
    ecg = pywt.data.ecg().astype(float)
    r_peak = int(np.argmax(ecg[:400]))
    assert r_peak == 190
    window = slice(r_peak - 60, r_peak + 60)

    def peak(band):
        return r_peak - 60 + int(np.argmax(np.abs(band[window])))

    details = pywt.swt(ecg, "db4", level=5, norm=True, trim_approx=True)[1:][::-1]  # D1..D5
    offsets = [peak(d) - r_peak for d in details]
    assert offsets[0] == offsets[1] == -1
    assert offsets[0] >= offsets[2] >= offsets[3] >= offsets[4]
    assert -25 <= offsets[4] <= -15
    components = pywt.mra(ecg, "db4", level=5, transform="swt")[1:]
    assert all(abs(peak(c) - r_peak) <= 1 for c in components)
