"""Plain-loop references for torch-style convolution layers (no atrous, no torch)."""

import numpy as np

NUMPY_PAD = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def conv(x, w, bias, stride, pads, dilation, groups, padding_mode):
    """torch's conv{1,2}d after F.pad, from the definition; x is batched (N, C, *spatial)."""
    padded = np.pad(x, [(0, 0), (0, 0)] + list(pads), mode=NUMPY_PAD[padding_mode])
    batch, channels = x.shape[:2]
    out_channels = w.shape[0]
    in_group, out_group = channels // groups, out_channels // groups
    kernel = w.shape[2:]
    sizes = [(p - (k - 1) * d - 1) // s + 1
             for p, k, d, s in zip(padded.shape[2:], kernel, dilation, stride)]
    out = np.zeros((batch, out_channels) + tuple(sizes))
    for b in range(batch):
        for o in range(out_channels):
            g = o // out_group
            for position in np.ndindex(*sizes):
                total = 0.0 if bias is None else float(bias[o])
                for c in range(in_group):
                    for tap in np.ndindex(*kernel):
                        index = tuple(p * s + t * d for p, s, t, d
                                      in zip(position, stride, tap, dilation))
                        total += w[(o, c) + tap] * padded[(b, g * in_group + c) + index]
                out[(b, o) + position] = total
    return out
