"""Identity context contracts: accounts and login sessions."""
