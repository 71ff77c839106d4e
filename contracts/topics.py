"""Kafka topics: one per bounded context, every record keyed by its aggregate id."""

from typing import Final

IDENTITY: Final = "pacer.identity"
TRAINING: Final = "pacer.training"
# Events a projector could not apply after its retries, with the error in the headers.
DEAD_LETTER: Final = "pacer.deadletter"

BY_CONTEXT: Final = {"identity": IDENTITY, "training": TRAINING}
