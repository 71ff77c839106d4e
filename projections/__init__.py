"""The read models: one projection per read model, each declaring its batch handlers
(`projection.py`); the runner that applies Kafka batches with tracking, retries and parking
(`runner.py`, `consumer.py`); and the rebuild into shadow tables (`rebuild.py`). Each bounded
context is a sub-package (`projections/<context>/`) exporting its `PROJECTIONS`."""
