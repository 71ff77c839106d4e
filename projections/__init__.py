"""One projector per read model, the projector runtime (Kafka consumer, tracking, batching) and
the rebuild of a read model from history."""
