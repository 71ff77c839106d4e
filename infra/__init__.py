"""The floor every layer stands on: settings, database engines, Kafka (producer, topics, record
shape, dead letters), blob storage (S3), tokens, problem responses, telemetry, consumer error
handling, and the local runtime that starts real services for development and tests
(`runtime/`). Nothing here imports `commands`, `queries`, `projections`, `workers` or `pacer` (a
test checks)."""
