"""Integrations context contracts: the Strava connection, webhook intake, activity import and
pushing Pacer's own activities to Strava."""
