"""The read side: the query-only API app and its views (SQL over read tables into DTOs).
Nothing here imports from `commands`."""
