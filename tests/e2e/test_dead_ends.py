"""Every final message offers the next step or a way back (issue 12, item 17)."""

from __future__ import annotations

from handlers import texts
from handlers.texts import correspondence as tc
from handlers.texts import logos as tl
from models.core import Community, Property, StaffUser
from models.correspondence import ItemKind, log_item
from tests.chat import buttons_of, text_of
from tests.e2e.test_logos import save_community_logo
from tests.models.test_images import jpeg

ANDRES, CARLA = 1002, 1003


async def test_after_sending_reminders_the_pending_list_is_one_tap_away(sim) -> None:
    carla = await StaffUser.get(telegram_id=CARLA)
    aromos = await Community.get(name="Edificio Los Aromos")
    depto = await Property.get(community=aromos, name="Depto 101")
    await log_item(carla, aromos.id, depto.id, ItemKind.PARCEL)
    async with sim.session.post(
        f"{sim.root}/sandbox/api/clock", json={"advance_seconds": 2 * 86400}
    ) as response:
        assert response.status == 200
    person = sim.person(CARLA)
    (pending,) = await person.send("/pendientes")
    (confirm,) = await person.click(pending, tc.BUTTON_REMIND)
    (done,) = await person.click(confirm, tc.BUTTON_REMIND_SEND)
    assert buttons_of(done) == [tc.BUTTON_SHOW_PENDING]
    (listed,) = await person.click(done, tc.BUTTON_SHOW_PENDING)
    assert "Depto 101" in listed["text"]


async def test_the_property_pickers_of_listas_and_celular_can_be_cancelled(sim) -> None:
    andres = sim.person(ANDRES)
    for command in ("/listas", "/celular"):
        picker = (await andres.send(command))[-1]
        assert texts.BUTTON_CANCEL in buttons_of(picker), command
        assert texts.CANCELLED in text_of(await andres.click(picker, texts.BUTTON_CANCEL))


async def test_a_saved_logo_offers_the_way_back(sim) -> None:
    saved = await save_community_logo(sim, ANDRES, jpeg(600, 600))
    assert tl.BUTTON_BACK in buttons_of(saved)
