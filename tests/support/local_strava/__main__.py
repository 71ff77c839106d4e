"""`python -m tests.support.local_strava --port 9011`: the local Strava in the foreground until
SIGTERM or SIGINT, seeded (unless --no-seed) with the athlete "Demo Runner" and a few weeks of
activities."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from tests.support.local_strava import LocalStrava, RateLimits
from tests.support.local_strava.server import DEFAULT_CLIENT_SECRET


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.support.local_strava")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9011)
    parser.add_argument("--client-id", type=int, default=1234)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--window-s", type=int, default=RateLimits().window_s)
    parser.add_argument("--seed", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()

    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    strava = LocalStrava(
        client_id=args.client_id,
        client_secret=args.client_secret,
        host=args.host,
        port=args.port,
        limits=RateLimits(window_s=args.window_s),
    )
    with strava:
        if args.seed:
            athlete = strava.add_athlete("Demo", "Runner")
            strava.add_activities(athlete, 12, sport_types=("Run", "Run", "Ride", "Swim"))
            print(f"athlete {athlete} (Demo Runner) with 12 activities", flush=True)
        print(f"local Strava at {strava.url} (API {strava.api_url})", flush=True)
        stopping.wait()


if __name__ == "__main__":
    main()
