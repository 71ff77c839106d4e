"""The read side: the query-only API (`http.py`), the consistency wait, and per bounded context a
sub-package (`queries/<context>/`) with its views (SQL over read tables into DTOs) and its
`router`. Nothing here imports from `commands` (a test checks)."""
