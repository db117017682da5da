"""Flows never steal each other's answers: a new command closes what was half-finished."""

from __future__ import annotations

from handlers import texts
from tests.chat import text_of

ANDRES = 1002


async def test_a_new_command_closes_the_flow_that_was_waiting_for_text(sim) -> None:
    andres = sim.person(ANDRES)
    await andres.send("/listas")  # the access lists flow now waits for a property
    asked = text_of(await andres.send("/celular"))
    assert "Celular para avisos SMS" in asked
    # The answer belongs to the newest question, not to the flow registered first.
    answer = text_of(await andres.send("101"))
    assert "Depto 101" in answer
    assert "Celular para avisos SMS" in answer
    assert "Listas de acceso" not in answer


async def test_cancel_and_help_do_not_close_a_flow(sim) -> None:
    andres = sim.person(ANDRES)
    await andres.send("/celular")
    help_text = text_of(await andres.send("/help"))
    assert "/celular" in help_text
    answer = text_of(await andres.send("101"))
    assert "Celular para avisos SMS" in answer, "the flow survived /help"
    await andres.send("/celular")
    await andres.send("/help")
    assert text_of(await andres.send("/cancel")) == texts.CANCELLED
    assert text_of(await andres.send("/cancel")) == texts.NOTHING_TO_CANCEL
