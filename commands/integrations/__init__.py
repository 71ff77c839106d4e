"""Integrations context, write side: the Strava connection, webhook intake, imports and
pushes."""

from __future__ import annotations

from collections.abc import Mapping

from commands.integrations.connection_handlers import (
    connect_strava,
    disconnect_strava,
    fail_strava_backfill,
    import_strava_page,
    refute_strava_revocation,
    set_strava_preferences,
)
from commands.integrations.event_handlers import (
    fail_strava_import,
    import_strava_activity,
    receive_strava_event,
    remove_strava_activity,
)
from commands.integrations.links import (
    PostgresStravaImports,
    PostgresStravaLinks,
    StravaImports,
    StravaLinks,
)
from commands.integrations.push_handlers import (
    complete_strava_push,
    fail_strava_push,
    push_to_strava,
)
from commands.integrations.routes import router
from infra.settings import Settings
from infra.strava.cipher import TokenCipher
from infra.strava.client import strava_client

HANDLERS = (
    connect_strava, disconnect_strava, set_strava_preferences, import_strava_page,
    fail_strava_backfill, receive_strava_event, import_strava_activity, remove_strava_activity,
    fail_strava_import, push_to_strava, complete_strava_push, fail_strava_push,
    refute_strava_revocation,
)  # fmt: skip
STORES = {StravaLinks: PostgresStravaLinks, StravaImports: PostgresStravaImports}


def dependencies(settings: Settings) -> Mapping[str, object]:
    """Strava's OAuth client (held open by the bus) and the tokens' cipher."""
    return {"strava": strava_client(settings), "cipher": TokenCipher(settings.strava_token_keys)}


__all__ = ["HANDLERS", "STORES", "dependencies", "router"]
