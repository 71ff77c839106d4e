"""Pydantic models only, no I/O: the bounded types, commands, versioned past-tense events, read
DTOs, the event envelope and consistency tokens. Each bounded context has a sub-package
(`contracts/<context>/`: `commands.py`, `events.py`, `reads.py`). The AsyncAPI and JSON Schema
documents are generated from here."""
