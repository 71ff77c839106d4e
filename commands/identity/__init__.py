"""Identity context, write side: accounts, credentials and login sessions."""
