"""The write side: the command bus and its unit of work, the event store with its outbox, and the
command API app. Each bounded context is a sub-package (`commands/<context>/`) with its
aggregates, one handler per command (`HANDLERS`), its stores (`STORES`) and its routes
(`router`)."""
