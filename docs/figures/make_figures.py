"""Regenerate the figures committed under docs/figures (the README shows the first).

    python docs/figures/make_figures.py

Uses PyWavelets' bundled ECG record (as ``make demo``) and the Agg backend.
"""

import pathlib

import numpy as np
import pywt

import atrous
from atrous.plot import plot_mra

HERE = pathlib.Path(__file__).parent


def ecg_mra(path=HERE / "ecg_mra.png"):
    """The README figure: the ECG record's MRA, each level labelled with its band."""
    ecg = pywt.data.ecg().astype(float)
    fs = 360.0  # the MIT-BIH records are sampled at 360 Hz
    components = atrous.mra(ecg, "sym8", level=6, mode="symmetric")
    fig = plot_mra(components, signal=ecg, fs=fs)
    fig.suptitle("atrous.mra(ecg, 'sym8', level=6, mode='symmetric'), "
                 "drawn by atrous.plot.plot_mra")
    fig.savefig(path, dpi=90)
    return path


if __name__ == "__main__":
    np.seterr(all="raise")
    print(ecg_mra())
