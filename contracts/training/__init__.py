"""Training context contracts: runs (later plans, shoes and race goals)."""
