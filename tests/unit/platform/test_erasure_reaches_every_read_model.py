"""Every read model that holds an account's rows forgets them when the account is erased: a
new projection cannot leave erasure out unnoticed."""

from __future__ import annotations

from contracts.identity.events import AccountErased
from contracts.nutrition.reads import COACH_GUIDES
from pacer import bootstrap

NOBODYS = {COACH_GUIDES: "the coach's guides are Pacer's catalog, no account's"}


def test_every_projection_with_accounts_rows_handles_an_erasure() -> None:
    projections = bootstrap.contexts().projections()
    assert set(NOBODYS) <= set(projections)
    for name, projection in projections.items():
        if name in NOBODYS:
            assert not projection.handles(AccountErased.event_type())
            continue
        assert projection.handles(AccountErased.event_type()), f"{name} never forgets an account"
