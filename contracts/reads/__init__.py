"""Read DTOs: what the APIs return."""
