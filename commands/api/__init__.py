"""The command API: accepts commands over HTTP, answers with the new version and a consistency
token. It never reads read models."""
