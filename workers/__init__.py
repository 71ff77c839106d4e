"""Processes that react to events: the outbox relay, and the reactors (meal generation, pose
video analysis, PDF rendering, Strava import), with Dramatiq actors for heavy jobs. Workers never
write read models; they send commands."""
