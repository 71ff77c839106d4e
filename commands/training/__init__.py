"""Training context, write side: runs (later plans, shoes and race goals)."""
