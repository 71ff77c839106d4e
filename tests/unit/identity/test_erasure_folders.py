"""The erasure job's folders: every key an account's objects are stored under lies in one of
them, and no folder of one account holds another's."""

from __future__ import annotations

from uuid import uuid4

from workers.identity.erasure import KEYS, folders


def test_every_kind_of_stored_object_lies_in_one_of_the_accounts_folders() -> None:
    ada, bob = uuid4(), uuid4()
    mine, theirs = folders(ada), folders(bob)
    assert len(mine) == len({key(ada).split("/")[0] for key in KEYS})
    for key in KEYS:
        assert any(key(ada).startswith(folder) for folder in mine)
        assert not any(key(bob).startswith(folder) for folder in mine)
    assert not set(mine) & set(theirs)
    assert all(folder.endswith(f"/{ada}/") for folder in mine)
