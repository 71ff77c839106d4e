"""Pydantic models only, no I/O: commands, versioned past-tense events, read DTOs, topic names and
the event envelope. The AsyncAPI and JSON Schema documents are generated from here."""
