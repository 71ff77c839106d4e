"""Strava's API as Pacer uses it: OAuth, the activities it reads and writes, its rate limits
shared through Redis, and the athletes' tokens, encrypted at rest and refreshed once."""
