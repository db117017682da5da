"""Per-chat ordering, cross-chat concurrency and once-only updates."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Chat, Message, Update, User

from bot import processor as processor_module
from bot.processor import PerChatUpdateProcessor, UpdateDeduplicator
from models import runtime
from models.runtime import ProcessedUpdate, claim_updates


def _update(update_id: int, chat_id: int, text: str = "x") -> Update:
    user = User(chat_id, "U", is_bot=False)
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, 0, chat, from_user=user, text=text))


async def _feed(processor: PerChatUpdateProcessor, work: list[tuple[Update, object]]) -> None:
    async with processor:
        await asyncio.gather(*(processor.process_update(u, c) for u, c in work))  # type: ignore[arg-type]
        await processor.shutdown()


async def test_one_chat_in_order_even_when_early_ones_are_slow() -> None:
    done: list[int] = []

    async def handle(n: int, delay: float) -> None:
        await asyncio.sleep(delay)
        done.append(n)

    processor = PerChatUpdateProcessor(8, deduplicator=None)
    work = [(_update(n, 1), handle(n, 0.03 if n % 2 else 0.0)) for n in range(1, 7)]
    await _feed(processor, work)
    assert done == [1, 2, 3, 4, 5, 6]


async def test_different_chats_run_concurrently() -> None:
    running = 0
    peak = 0

    async def handle() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.05)
        running -= 1

    processor = PerChatUpdateProcessor(16, deduplicator=None)
    await _feed(processor, [(_update(i, 100 + i), handle()) for i in range(10)])
    assert peak == 10, "ten 50 ms chats must overlap, not queue"


async def test_a_busy_chat_does_not_hold_the_slots_of_others() -> None:
    order: list[str] = []
    gate = asyncio.Event()

    async def slow(tag: str) -> None:
        await gate.wait()
        order.append(tag)

    async def quick(tag: str) -> None:
        order.append(tag)
        gate.set()

    # Two slots: chat 1 sends five messages, chat 2 one. Chat 2 must not wait behind chat 1.
    processor = PerChatUpdateProcessor(2, deduplicator=None)
    work: list[tuple[Update, object]] = [(_update(i, 1), slow(f"a{i}")) for i in range(5)]
    work.append((_update(99, 2), quick("b")))
    await asyncio.wait_for(_feed(processor, work), timeout=2)
    assert order[0] == "b"
    assert order[1:] == [f"a{i}" for i in range(5)]


async def test_same_update_twice_has_its_effect_once(db) -> None:
    effects: list[int] = []

    async def handle(n: int) -> None:
        effects.append(n)

    processor = PerChatUpdateProcessor(4, UpdateDeduplicator())
    await _feed(processor, [(_update(7, 1), handle(7)), (_update(7, 1), handle(7))])
    assert effects == [7]
    # After a restart the memory is empty, but the database remembers.
    fresh = PerChatUpdateProcessor(4, UpdateDeduplicator())
    await _feed(fresh, [(_update(7, 1), handle(7)), (_update(8, 1), handle(8))])
    assert effects == [7, 8]
    assert await ProcessedUpdate.filter(update_id__in=[7, 8]).count() == 2


async def test_an_id_given_again_to_another_update_is_handled(db) -> None:
    """Only a redelivery of the very same update is dropped, never a new one with an old id.

    A Bot API starts its ids again (the sandbox's emulator on an old database, Telegram after
    a quiet week): the new updates have ids the bot has handled, but not their content.
    """
    effects: list[str] = []

    async def handle(tag: str) -> None:
        effects.append(tag)

    before = PerChatUpdateProcessor(4, UpdateDeduplicator())
    await _feed(before, [(_update(1, 5, "/start"), handle("first run"))])
    after = PerChatUpdateProcessor(4, UpdateDeduplicator())
    await _feed(
        after,
        [
            (_update(1, 5, "/help"), handle("second run")),
            (_update(1, 5, "/help"), handle("redelivered")),
            (_update(2, 5, "/ayuda"), handle("next")),
        ],
    )
    assert effects == ["first run", "second run", "next"]
    # The same in memory, within one run.
    dedup = UpdateDeduplicator(persistent=False)
    assert [await dedup.first_time(9, c) for c in ("a", "a", "b", "b", "")] == [
        True,
        False,
        True,
        False,
        False,
    ]


async def test_a_failing_update_does_not_stop_its_chat() -> None:
    done: list[int] = []

    async def boom() -> None:
        raise RuntimeError("x")

    async def ok() -> None:
        done.append(2)

    processor = PerChatUpdateProcessor(4, deduplicator=None)
    await _feed(processor, [(_update(1, 5), boom()), (_update(2, 5), ok())])
    assert done == [2]


async def test_updates_arriving_together_are_claimed_in_one_statement(
    db, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[list[int]] = []

    async def counted(update_ids: list[int]) -> set[int]:
        batches.append(sorted(update_ids))
        return await runtime.claim_updates(update_ids)

    monkeypatch.setattr(processor_module, "claim_updates", counted)
    effects: list[int] = []

    async def handle(n: int) -> None:
        effects.append(n)

    await ProcessedUpdate.create(update_id=5)  # handled before a restart
    work = [(_update(n, 100 + n), handle(n)) for n in range(1, 21)]
    await _feed(PerChatUpdateProcessor(32, UpdateDeduplicator()), work)
    assert sorted(effects) == [n for n in range(1, 21) if n != 5]
    assert batches == [list(range(1, 21))]  # twenty updates, one INSERT
    assert await ProcessedUpdate.all().count() == 20


async def test_without_the_database_updates_still_reach_the_error_handler(
    db, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fail open: the handlers run (and tell the person about the outage), never silence."""

    async def down(update_ids: list[int]) -> set[int]:
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(processor_module, "claim_updates", down)
    effects: list[int] = []

    async def handle(n: int) -> None:
        effects.append(n)

    dedup = UpdateDeduplicator()
    with pytest.raises(ConnectionError):
        await dedup.first_time(1)
    work = [(_update(n, 100 + n), handle(n)) for n in (2, 3)]
    await _feed(PerChatUpdateProcessor(4, dedup), work)
    assert sorted(effects) == [2, 3]


async def test_claims_are_exclusive(db) -> None:
    assert await claim_updates([1, 2, 2, 3]) == {1, 2, 3}
    assert await claim_updates([3, 4]) == {4}
    assert await claim_updates([]) == set()


async def test_a_claim_tells_a_redelivery_from_a_reused_id(db) -> None:
    assert await claim_updates({1: "a", 2: "b"}) == {1, 2}
    assert await claim_updates({1: "a", 2: "c"}) == {2}  # 1 came again; 2 is another update
    assert await claim_updates({2: "c"}) == set()
    assert await claim_updates([1, 2]) == set()  # content unknown: the id decides
    await ProcessedUpdate.create(update_id=3)  # recorded before fingerprints existed
    assert await claim_updates({3: "d"}) == set()
    assert (await ProcessedUpdate.get(update_id=2)).fingerprint == "c"
    assert await runtime.last_update_id() == 3


async def test_two_processes_never_claim_one_update(db, require_postgres: None) -> None:
    """Two bot instances (webhook behind a balancer) racing on overlapping updates."""
    results = await asyncio.gather(
        *(claim_updates(list(range(start, start + 300))) for start in (0, 100, 200, 0))
    )
    claimed = [update_id for result in results for update_id in result]
    assert sorted(claimed) == list(range(500))
