"""Social context contracts: follows and blocks, posts with likes and comments, groups, the feed."""
