"""The local runtime: starts, checks and stops real Kafka, PostgreSQL, Redis and S3 (s3proxy)
processes for development and tests, with their data, logs and pid files under one folder, and
supervises them (a crashed process is started again, with back-off)."""
