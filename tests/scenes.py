"""Simulated count images the Poisson tests share, and the baseline a user without the
MSVST writes (Anscombe's transform, a Gaussian starlet denoiser, the algebraic inverse)."""

import numpy as np

import atrous


def sky(side, point, extended, background=0.1):
    """A 4 x 4 grid of Gaussian sources over ``background``, point-like and extended in
    turn: ``point = (width, first peak, peak step)`` (the peak grows down the rows),
    ``extended = (first width, width step, first peak, peak step)`` (the width grows along
    the columns). Returns the intensity and each source's aperture, a disc of radius twice
    its width plus 2 pixels."""
    y, x = np.mgrid[:side, :side].astype(float)
    intensity = np.full((side, side), background)
    apertures = []
    grid = np.linspace(side / 8, side - side / 8, 4)
    for row, cy in enumerate(grid):
        for column, cx in enumerate(grid):
            if (row + column) % 2 == 1:
                width = extended[0] + extended[1] * column
                peak = extended[2] + extended[3] * row
            else:
                width, peak = point[0], point[1] + point[2] * row
            intensity += peak * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2))
            apertures.append((x - cx) ** 2 + (y - cy) ** 2 <= (2 * width + 2) ** 2)
    return intensity, apertures


def anscombe_baseline(counts, level, k=3.0):
    """Anscombe's transform, :func:`atrous.starlet_denoise` with unit noise at ``k`` sigma,
    the algebraic inverse ``(y / 2)**2 - 3/8`` (at least 0)."""
    denoised = atrous.starlet_denoise(2 * np.sqrt(counts + 3 / 8), level, k=k, sigma=1.0)
    return np.maximum((denoised / 2) ** 2 - 3 / 8, 0)
