"""A command that needs a working community asks for it and carries on (issue 12, item 18)."""

from __future__ import annotations

from handlers import texts
from handlers.texts import correspondence as t
from models.core import StaffUser
from tests.chat import buttons_of, text_of

SOFIA = 1001  # Súper Administrador of both demo communities, none chosen yet
LOS_AROMOS = "Edificio Los Aromos"
VISTA = "Condominio Vista Cordillera"


async def test_a_command_without_a_community_offers_them_and_then_runs(sim) -> None:
    sofia = sim.person(SOFIA)
    (ask,) = await sofia.send("/pendientes")
    assert ask["text"] == texts.COMMUNITY_FIRST
    assert sorted(buttons_of(ask)) == [VISTA, LOS_AROMOS]
    answers = await sofia.click(ask, VISTA)
    every = text_of(answers)
    assert f"Ahora trabajas en {VISTA}" in every
    # …and the pending list of the chosen community follows, without typing the command again.
    assert t.PENDING_NONE.format(comunidad=VISTA) in every
    assert (await StaffUser.get(telegram_id=SOFIA)).working_community_id is not None
    # From now on the command runs at once.
    again = await sofia.send("/pendientes")
    assert texts.COMMUNITY_FIRST not in text_of(again)


async def test_a_forged_continuation_runs_nothing(sim, emulator_and_app) -> None:
    emulator, _ = emulator_and_app
    sofia = sim.person(SOFIA)
    (ask,) = await sofia.send("/pendientes")
    emulator.forge_click(SOFIA, ask["message_id"], "com:go:1:explotar")
    await sim.settle()
    assert emulator.callback_answers[SOFIA][-1]["text"] == texts.STALE_BUTTON
    assert (await StaffUser.get(telegram_id=SOFIA)).working_community_id is None
