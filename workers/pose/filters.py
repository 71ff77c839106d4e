"""The One Euro filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cut-off
rises with speed, so slow jitter is smoothed away while fast movement keeps little lag. It works
on timestamps, so frame-rate differences and dropped frames need no special handling."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

MAX_GAP_S = 0.5

Array = NDArray[np.float64]


def _alpha(cutoff: Array, dt: Array) -> Array:
    tau = 1.0 / (2.0 * math.pi * cutoff)
    return np.asarray(1.0 / (1.0 + tau / dt), dtype=np.float64)


def one_euro(
    times: Array,
    values: Array,
    *,
    min_cutoff: float = 5.0,
    beta: float = 1.0,
    d_cutoff: float = 1.0,
) -> Array:
    """Filter each element of `values` (N, ...) over `times` (N,) on its own.

    A NaN sample stays NaN and does not disturb the element's state; after a gap longer than
    `MAX_GAP_S` the element starts afresh from its next sample.
    """
    shape = values.shape[1:]
    smoothed = np.full(shape, np.nan)
    speed = np.zeros(shape)
    last = np.full(shape, -np.inf)
    out = np.full_like(values, np.nan)
    for index, time in enumerate(times):
        value = values[index]
        seen = ~np.isnan(value)
        dt = np.maximum(time - last, 1e-6)
        fresh = seen & (dt > MAX_GAP_S)
        going = seen & ~fresh
        raw_speed = np.where(going, (value - smoothed) / dt, 0.0)
        speed = np.where(
            going, speed + _alpha(np.full(shape, d_cutoff), dt) * (raw_speed - speed), speed
        )
        cutoff = min_cutoff + beta * np.abs(speed)
        step = np.where(going, _alpha(cutoff, dt) * (value - smoothed), 0.0)
        smoothed = np.where(fresh, value, np.where(going, smoothed + step, smoothed))
        speed = np.where(fresh, 0.0, speed)
        last = np.where(seen, time, last)
        out[index] = np.where(seen, smoothed, np.nan)
    return out
