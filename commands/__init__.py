"""The write side: aggregates per bounded context, one handler per command, the unit of work,
the event store and the command API app."""
