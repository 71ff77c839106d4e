"""The pure parts of the Strava integration: activities as Pacer keeps them, webhook events
named by their content, the signed connect state and the tokens' cipher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from cryptography.fernet import Fernet

from commands.integrations.webhook import StravaWebhookEvent, as_command
from contracts.integrations.strava import SkippedActivity, StravaRun, push_mark
from infra.strava.cipher import TokenCipher, TokenUnreadableError
from infra.strava.state import InvalidStateError, read_state, sign_state
from workers.integrations.activities import classify

KEY = "state-signing-key-" + "k" * 32


def strava_activity(**changes: Any) -> dict[str, Any]:
    return {"id": 12_000_000_001, "name": "Lunch Run", "sport_type": "TrailRun", "type": "Run",
            "distance": 12_500.4, "moving_time": 4000, "elapsed_time": 4300,
            "start_date": "2026-11-30T11:00:00Z", "utc_offset": 3600.0,
            "total_elevation_gain": 310.0, "average_heartrate": 148.6, "private": False,
            **changes}  # fmt: skip


def test_a_strava_run_keeps_its_time_zone_title_and_bounds() -> None:
    run = classify(strava_activity())
    assert isinstance(run, StravaRun)
    assert run.started_at.utcoffset() == timedelta(hours=1)
    assert run.started_at == datetime(2026, 11, 30, 11, tzinfo=UTC)
    assert (run.distance_km, run.duration_s, run.avg_heart_rate) == (12.5, 4000, 149)
    assert run.sport_type == "TrailRun"


@pytest.mark.parametrize(("changes", "reason"), [
    ({"sport_type": "Ride"}, "not a run"),
    ({"sport_type": "SomethingNew2027"}, "not a run"),
    ({"sport_type": None, "type": "Swim"}, "not a run"),
    ({"distance": 0}, "no distance or time Pacer can keep"),
    ({"moving_time": 0, "elapsed_time": 0}, "no distance or time Pacer can keep"),
    ({"distance": 5_000_000}, "no distance or time Pacer can keep"),
    ({"description": f"Easy.\n\n{push_mark(uuid4())}"}, "pushed from Pacer"),
])  # fmt: skip
def test_activities_pacer_does_not_keep_are_skipped_with_the_reason(
    changes: dict[str, Any], reason: str
) -> None:
    skipped = classify(strava_activity(**changes))
    assert isinstance(skipped, SkippedActivity)
    assert skipped.reason == reason


def test_odd_values_from_strava_never_fail_the_import() -> None:
    run = classify(strava_activity(name="\x00 Tempo\n\trun " + "x" * 400, average_heartrate=900,
                                   total_elevation_gain=-3, utc_offset="nonsense"))  # fmt: skip
    assert isinstance(run, StravaRun)
    assert run.title is not None
    assert run.title.startswith("Tempo run")
    assert len(run.title) == 255
    assert (run.avg_heart_rate, run.elevation_gain_m) == (None, None)
    assert run.started_at.utcoffset() == timedelta(0)


def test_a_webhook_event_is_named_by_its_content_in_any_spelling() -> None:
    raw = {"aspect_type": "update", "event_time": 1516126040, "object_id": 1360128428,
           "object_type": "activity", "owner_id": 134815, "subscription_id": 120475,
           "updates": {"title": "Messy", "private": True}}  # fmt: skip
    first = as_command(StravaWebhookEvent.model_validate(raw))
    older = as_command(
        StravaWebhookEvent.model_validate(
            {**raw, "subscription_id": "120475", "updates": {"private": "true", "title": "Messy"}}
        )
    )
    other = as_command(StravaWebhookEvent.model_validate({**raw, "event_time": 1516126041}))
    assert first.delivery_id == older.delivery_id != other.delivery_id
    assert first.updates == {"title": "Messy", "private": "true"}


def test_the_connect_state_is_signed_and_expires() -> None:
    account = uuid4()
    state = sign_state(account, KEY)
    assert read_state(state, KEY)[0] == account
    with pytest.raises(InvalidStateError):
        read_state(state, "another-key-" + "z" * 40)
    with pytest.raises(InvalidStateError):
        read_state(sign_state(account, KEY, now=datetime.now(UTC) - timedelta(hours=1)), KEY)
    with pytest.raises(InvalidStateError):
        read_state(state[:-2] + "xx", KEY)


def test_tokens_are_sealed_and_keys_rotate() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = TokenCipher([old]).seal("strava-access-token")
    assert "strava-access-token" not in sealed
    assert TokenCipher([new, old]).open(sealed) == "strava-access-token"
    with pytest.raises(TokenUnreadableError):
        TokenCipher([new]).open(sealed)


def test_any_updates_a_sender_puts_in_an_event_make_a_valid_command() -> None:
    odd = {"aspect_type": "update", "event_time": 1067.0, "object_id": 2**53 - 1,
           "object_type": "athlete", "owner_id": 1, "subscription_id": "7",
           "updates": {"": "x", "\x00": "y", "title\x7f": "a\x00b\nc", "n": [1, {"k": None}],
                       "authorized": False, "e": "\ud800"}}  # fmt: skip
    command = as_command(StravaWebhookEvent.model_validate(odd))
    assert command.updates == {"title": "a b c", "n": "[1, {'k': None}]", "authorized": "false",
                               "e": "-"}  # fmt: skip
