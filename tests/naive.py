"""Slow, obviously-correct references written from the definitions, with plain loops.

Nothing here imports atrous: these are what the library is checked against.
"""

import numpy as np
import pywt

# np.pad names of the engine's index-map boundary modes.
PAD_MODES = {"wrap": "wrap", "symmetric": "symmetric", "reflect": "reflect",
             "edge": "edge", "zero": "constant"}
# The extrapolating modes, as PyWavelets' own numpy implementation (pywt.pad) defines them.
PYWT_MODES = {"antisymmetric", "antireflect", "smooth"}


def extend(line, left, right, mode):
    """``line`` extended by ``left`` and ``right`` samples, repeating the extension as needed.

    np.pad with 'reflect'/'symmetric'/'wrap' handles pads longer than the signal by
    repeating the extension, which is the definition the engine follows; so does pywt.pad
    for PyWavelets' antisymmetric, antireflect and smooth modes.
    """
    if mode in PYWT_MODES:
        if len(line) == 1 and mode != "antisymmetric":
            return np.pad(line, (left, right), mode="edge")  # a line through one sample
        # pywt.pad mishandles zero-width pads: pad one more and cut.
        padded = pywt.pad(line, (left + 1, right + 1), mode)
        return padded[1:len(padded) - 1]
    return np.pad(line, (left, right), mode=PAD_MODES[mode])


def filter_bank(inputs, weights, offsets, mode, axis):
    """outputs[f][..., r, ...] = sum_c sum_k weights[f, c, k] * ext(inputs[c])[r + offsets[k]]."""
    inputs = [np.moveaxis(np.asarray(x), axis, -1) for x in inputs]
    n = inputs[0].shape[-1]
    left = max(0, -min(offsets))
    right = max(0, max(offsets))
    outputs = []
    for f in range(weights.shape[0]):
        out = np.zeros(inputs[0].shape, dtype=np.result_type(inputs[0], 1.0))
        for index in np.ndindex(inputs[0].shape[:-1]):
            for c, x in enumerate(inputs):
                line = extend(x[index], left, right, mode)
                for r in range(n):
                    for k, offset in enumerate(offsets):
                        out[index + (r,)] += weights[f, c, k] * line[left + r + offset]
        outputs.append(np.moveaxis(out, -1, axis))
    return outputs


def swt_level(approx, dec_lo, dec_hi, dilation):
    """One circular SWT level along the last axis, straight from the formula."""
    n = approx.shape[-1]
    taps = len(dec_lo)
    lo = np.zeros(approx.shape, dtype=np.result_type(approx, 1.0))
    hi = np.zeros_like(lo)
    for i in range(n):
        for k in range(taps):
            j = (i + dilation * (taps // 2 - k)) % n
            lo[..., i] += dec_lo[k] * approx[..., j]
            hi[..., i] += dec_hi[k] * approx[..., j]
    return lo, hi


def swt(x, wavelet, level, start_level=0):
    """[(cA_n, cD_n), ..., (cA_1, cD_1)] along the last axis, for any length."""
    approx = np.asarray(x, dtype=np.result_type(x, 1.0))
    coeffs = []
    for j in range(start_level + 1, start_level + level + 1):
        approx, detail = swt_level(approx, wavelet.dec_lo, wavelet.dec_hi, 2 ** (j - 1))
        coeffs.append((approx, detail))
    return coeffs[::-1]


def iswt(coeffs, wavelet):
    """Inverse of :func:`swt` (start_level 0) from the closed-form synthesis formula."""
    approx = np.asarray(coeffs[0][0])
    taps = len(wavelet.rec_lo)
    levels = len(coeffs)
    for step, (_, detail) in enumerate(coeffs):
        dilation = 2 ** (levels - 1 - step)
        n = approx.shape[-1]
        out = np.zeros_like(approx)
        for i in range(n):
            for m in range(taps):
                j = (i + dilation * (taps // 2 - 1) - dilation * m) % n
                out[..., i] += 0.5 * (wavelet.rec_lo[m] * approx[..., j]
                                      + wavelet.rec_hi[m] * detail[..., j])
        approx = out
    return approx
