"""Processes that react to events, and the engines they run: the outbox relay (`relay.py`); the
reactor runtime (`reactors.py`: FastStream subscribers that turn events into commands and jobs)
and the job runtime (`jobs.py`: Dramatiq actors on Redis whose outcomes come back as commands);
per bounded context a sub-package exporting its `REACTORS` and `JOBS`; and the pose (`pose/`)
and nutrition (`nutrition/`) engines. Workers never write read models; they send commands."""
