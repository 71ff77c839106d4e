"""Infrastructure: settings, connections to Kafka, PostgreSQL and Redis, the composition roots,
and the local runtime that starts real services for development and tests."""
