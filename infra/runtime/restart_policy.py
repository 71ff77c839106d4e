"""When the supervisor starts a crashed process again: exponential back-off between attempts,
forgiven once a process has stayed up for a while."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RestartPolicy:
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    stable_after_s: float = 60.0
    """A process that stayed up this long before it crashed starts over at `first_delay_s`."""

    def crashes_in_a_row(self, before: int, uptime_s: float) -> int:
        """The count after a crash that ended `uptime_s` seconds of running."""
        return 1 if uptime_s >= self.stable_after_s else before + 1

    def delay_s(self, crashes_in_a_row: int) -> float:
        """How long to wait before starting the process again: 1, 2, 4 … s, then the cap."""
        delay = self.first_delay_s
        # Doubling step by step (not 2 ** n) stays finite however long a process keeps crashing.
        for _ in range(1, crashes_in_a_row):
            if delay >= self.max_delay_s:
                break
            delay *= 2
        return min(delay, self.max_delay_s)
