"""Conversation state and user data survive a restart (stored in the database)."""

from __future__ import annotations

from bot.persistence import DatabasePersistence


async def test_conversations_round_trip_and_end(db) -> None:
    first = DatabasePersistence()
    await first.update_conversation("acl_add", (10, 10), 3)
    await first.update_conversation("acl_add", (11, 11), 1)
    await first.update_conversation("other", (10, 10), 9)
    restarted = DatabasePersistence()
    assert await restarted.get_conversations("acl_add") == {(10, 10): 3, (11, 11): 1}
    await restarted.update_conversation("acl_add", (10, 10), None)
    assert await DatabasePersistence().get_conversations("acl_add") == {(11, 11): 1}
    assert await DatabasePersistence().get_conversations("other") == {(10, 10): 9}


async def test_user_data_round_trip_and_drop(db) -> None:
    store = DatabasePersistence()
    await store.update_user_data(5, {"draft": {"doc": "12345678-5"}, "menu": "a|b"})
    await store.update_user_data(5, {"draft": {"doc": "1-9"}})
    assert await DatabasePersistence().get_user_data() == {5: {"draft": {"doc": "1-9"}}}
    await store.drop_user_data(5)
    assert await DatabasePersistence().get_user_data() == {}


async def test_values_that_are_not_json_are_dropped_not_fatal(db, caplog) -> None:
    store = DatabasePersistence()
    await store.update_user_data(6, {"ok": 1, "bad": object()})
    assert await store.get_user_data() == {6: {"ok": 1}}
    assert any("not JSON" in r.getMessage() for r in caplog.records)
