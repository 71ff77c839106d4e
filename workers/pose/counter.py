"""The rep state machine: a rep is a trip from the resting zone past a depth threshold and back.

Two thresholds give hysteresis: leaving `rest` starts a movement, but only a movement that also
passes `depth` before returning to `rest` is a rep; one that turns back early is a partial
attempt. Samples are timestamped, so frame rate and dropped frames do not matter; a gap longer
than `max_gap_s` abandons the movement in progress."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum, auto

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class RepRule:
    rest: float
    """The signal is at rest beyond this value (above it for a valley, below for a peak)."""
    depth: float
    """A movement must pass this value to count."""
    valley: bool = True
    """True when a rep takes the signal down and back up (elbow angle in a push-up)."""
    partial_margin: float = 10.0
    """How far past `rest` a movement must go to be reported as a partial attempt."""
    min_rep_s: float = 0.3
    max_rep_s: float = 60.0
    max_gap_s: float = 0.6
    finish_share: float = 0.5
    """A movement still under way when the recording ends counts once it has come back this
    share of the way from its deepest point to rest."""


@dataclass(frozen=True)
class Movement:
    start_s: float
    turn_s: float
    end_s: float
    extreme: float
    """The deepest value reached: the rep's range of motion."""
    start_index: int
    turn_index: int
    end_index: int


class _State(Enum):
    UNKNOWN = auto()
    RESTING = auto()
    MOVING = auto()


@dataclass(frozen=True)
class Carried:
    """A movement under way when the previous shot ended at a camera cut, not counted there."""

    deep: bool
    """It had already passed the depth before the cut."""


def count(
    times: NDArray[np.float64],
    signal: NDArray[np.float64],
    rule: RepRule,
    carried: Carried | None = None,
) -> tuple[list[Movement], list[Movement]]:
    """Return (reps, partial attempts) found in `signal`. With `carried`, a recording that
    starts away from rest continues the movement the previous shot ended in, so a rep filmed
    across a cut counts once."""
    # Work on a signal where a rep is always a valley.
    sign = 1.0 if rule.valley else -1.0
    values, rest, depth = sign * signal, sign * rule.rest, sign * rule.depth
    reps: list[Movement] = []
    partials: list[Movement] = []
    state = _State.UNKNOWN
    start = turn = 0
    continuing: Carried | None = None
    seen = np.flatnonzero(~np.isnan(values))
    if carried is not None and seen.size and values[seen[0]] < rest:
        state, start, turn, continuing = _State.MOVING, int(seen[0]), int(seen[0]), carried
    last_seen = -math.inf if state is _State.UNKNOWN else float(times[start])
    for index, (time, value) in enumerate(zip(times, values, strict=True)):
        if math.isnan(value):
            if state is _State.MOVING and time - last_seen > rule.max_gap_s:
                state = _State.UNKNOWN
            continue
        if state is _State.MOVING and time - last_seen > rule.max_gap_s:
            state = _State.UNKNOWN
        last_seen = time
        if state is _State.UNKNOWN:
            if value >= rest:
                state = _State.RESTING
                start = index
        elif state is _State.RESTING:
            if value < rest:
                state = _State.MOVING
                turn = index
            else:
                start = index
        elif value < values[turn]:
            turn = index
        elif value >= rest:
            movement = Movement(
                start_s=float(times[start]),
                turn_s=float(times[turn]),
                end_s=float(time),
                extreme=float(sign * values[turn]),
                start_index=start,
                turn_index=turn,
                end_index=index,
            )
            duration = movement.end_s - movement.start_s
            if values[turn] <= depth or (continuing is not None and continuing.deep):
                # Deep enough: a rep unless too quick to be one (a glitch) or absurdly long
                # (a rep carried over a cut began before this recording: its length is unknown).
                quick = duration < rule.min_rep_s and continuing is None
                if not quick and duration <= rule.max_rep_s:
                    reps.append(movement)
            elif values[turn] <= rest - rule.partial_margin:
                partials.append(movement)
            state = _State.RESTING
            start = index
            continuing = None
    if state is _State.MOVING and values[turn] <= depth:
        # The recording ended on the way back up: a rep that reached depth and came back at
        # least `finish_share` of the way to rest counts (clips are often cut as one stands).
        last = max(i for i in range(len(values)) if not math.isnan(values[i]))
        back = (values[last] - values[turn]) / max(rest - values[turn], 1e-9)
        duration = float(times[last] - times[start])
        if last > turn and back >= rule.finish_share and duration >= rule.min_rep_s:
            reps.append(
                Movement(
                    start_s=float(times[start]), turn_s=float(times[turn]),
                    end_s=float(times[last]), extreme=float(sign * values[turn]),
                    start_index=start, turn_index=turn, end_index=last,
                )
            )  # fmt: skip
    return reps, partials


def left_moving(signal: NDArray[np.float64], rule: RepRule, reps: list[Movement]) -> Carried | None:
    """The movement a recording ends in, away from rest and not counted; None when it ends at
    rest or on a rep the finish rule counted."""
    seen = np.flatnonzero(~np.isnan(signal))
    if not seen.size:
        return None
    sign = 1.0 if rule.valley else -1.0
    values = sign * signal
    last = int(seen[-1])
    if values[last] >= sign * rule.rest or (reps and reps[-1].end_index == last):
        return None
    since_rest = seen[values[seen] >= sign * rule.rest]
    begin = int(since_rest[-1]) if since_rest.size else 0
    return Carried(deep=bool(np.nanmin(values[begin : last + 1]) <= sign * rule.depth))
