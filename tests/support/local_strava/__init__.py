"""A local Strava: a real HTTP server speaking the parts of Strava API v3 that Pacer uses (OAuth,
the athlete and their activities, webhook subscriptions and events, rate limits), with in-memory
state a test can shape and observe. The facts it follows are in shared/reference/strava.md.

    with LocalStrava() as strava:
        athlete = strava.add_athlete()
        strava.add_activities(athlete, 40)
        code = strava.issue_code(athlete, "read,activity:read_all")
        ...  # Pacer, configured with strava.url and strava.api_url, exchanges the code

Run on its own: `python -m tests.support.local_strava --port 9011`.
"""

from tests.support.local_strava.limits import RateLimits, RequestLog
from tests.support.local_strava.server import LocalStrava
from tests.support.local_strava.webhooks import Delivery

__all__ = ["Delivery", "LocalStrava", "RateLimits", "RequestLog"]
