"""Pacer for AI assistants: an MCP server (streamable HTTP) whose tools read the signed-in
user's own data and send a few safe commands, as a client of Pacer's two APIs with the user's
own bearer token — so every rule, bound, limit and privacy check of the APIs holds unchanged."""
