"""Structured workouts in the files watches and training apps load: Zwift's `.zwo` (XML) and
Garmin's `.fit` workout (through fit-tool)."""
