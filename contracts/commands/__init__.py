"""Commands: imperative requests the command API accepts, validated with strict bounds."""
